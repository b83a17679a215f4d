from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "interests_portal.portal"
    label = "portal"
    verbose_name = "Interests Portal"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
