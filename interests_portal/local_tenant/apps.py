from django.apps import AppConfig


class LocalTenantConfig(AppConfig):
    name = "interests_portal.local_tenant"
    label = "local_tenant"
    verbose_name = "Local tenant (offline Entra ID and Graph)"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy check)
