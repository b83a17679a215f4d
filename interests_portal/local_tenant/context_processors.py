from django.conf import settings
from django.http import HttpRequest


def local_tenant(request: HttpRequest) -> dict[str, bool]:
    return {"local_tenant_enabled": settings.LOCAL_TENANT_ENABLED}
