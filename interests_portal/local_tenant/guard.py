from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse


def local_tenant_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every local-tenant view answers 404 unless the local tenant is on (it is never mounted otherwise)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.LOCAL_TENANT_ENABLED:
            raise Http404("The local tenant is off.")
        return view(request, *args, **kwargs)

    return wrapper
