from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "interests_portal.portal"
    label = "portal"
    verbose_name = _("Interests Portal")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
