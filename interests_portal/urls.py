from django.conf import settings
from django.urls import include, path

from . import converters  # noqa: F401  (registers the graph_id path converter)
from .accounts.admin import admin_site

# A page that never touches the session (which may be what failed); 503 when the portal's own stores are down.
handler500 = "interests_portal.portal.views.server_error"

urlpatterns = [
    path("", include("interests_portal.portal.urls")),
    path("auth/", include("interests_portal.accounts.urls")),
    path("interests/", include("interests_portal.interests.urls")),
    path("", include("interests_portal.review.urls")),
    path("audit/", include("interests_portal.audit.urls")),
    path("people/", include("interests_portal.org_index.urls")),
    path("admin/", admin_site.urls),  # Entra sign-in only (accounts/admin.py)
]

if settings.LOCAL_TENANT_ENABLED:
    urlpatterns.append(path("_tenant/", include("interests_portal.local_tenant.urls")))
if settings.BENCHMARK:  # the benchmark's bare baseline page (docs/benchmarks.md)
    urlpatterns.append(path("_bench/", include("interests_portal.benchmarks.urls")))
