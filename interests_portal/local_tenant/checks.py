from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def local_tenant_off_in_production(app_configs, **kwargs) -> list[Error]:
    if not settings.LOCAL_TENANT_ENABLED:
        return []
    return [
        Error(
            "The local tenant is on: it signs anyone in as anyone.",
            hint="Configure ENTRA_CLIENT_ID, ENTRA_CLIENT_SECRET and ENTRA_TENANT_ID (or set LOCAL_TENANT=0) "
            "for a real deployment. See docs/configuration.md.",
            id="local_tenant.E001",
        )
    ]
