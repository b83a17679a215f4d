from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "interests_portal.review"
    label = "review"
    verbose_name = "Team review and moderation"
