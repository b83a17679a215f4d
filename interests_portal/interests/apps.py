from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterestsConfig(AppConfig):
    name = "interests_portal.interests"
    label = "interests"
    verbose_name = _("My interests")
