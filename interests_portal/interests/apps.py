from django.apps import AppConfig


class InterestsConfig(AppConfig):
    name = "interests_portal.interests"
    label = "interests"
    verbose_name = "My interests"
