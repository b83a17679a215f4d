"""OAuth 2.0 / OpenID Connect rules of the local tenant: clients, redirect URIs, scopes, errors."""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone

from ...loopback import is_loopback

GRAPH_SCOPES = {
    s.lower(): s for s in ("User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All")
}
GRAPH_SCOPE_PREFIX = "https://graph.microsoft.com/"
OIDC_SCOPES = {"openid", "profile", "offline_access", "email"}
# With no Graph scope asked for, Entra's v2.0 endpoint issues a Graph token for User.Read.
DEFAULT_GRAPH_SCOPES = ["User.Read"]


class OAuthError(Exception):
    def __init__(self, error: str, description: str, *, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status

    def as_json(self) -> JsonResponse:
        now = timezone.now()
        return JsonResponse(
            {
                "error": self.error,
                "error_description": self.description,
                "timestamp": now.strftime("%Y-%m-%d %H:%M:%SZ"),
                "trace_id": "00000000-0000-0000-0000-000000000000",
                "correlation_id": "00000000-0000-0000-0000-000000000000",
            },
            status=self.status,
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )


def redirect_uri_allowed(uri: str) -> bool:
    """Registered URIs (LOCAL_TENANT_REDIRECT_URIS), or any http(s) URI on a loopback host."""
    parts = urlsplit(uri)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.fragment:
        return False
    return uri in settings.LOCAL_TENANT_REDIRECT_URIS or is_loopback(parts.hostname)


def redirect_with(uri: str, params: dict[str, str]) -> HttpResponseRedirect:
    query = urlencode({name: value for name, value in params.items() if value})
    if not query:
        return HttpResponseRedirect(uri)
    return HttpResponseRedirect(f"{uri}{'&' if urlsplit(uri).query else '?'}{query}")


def graph_scopes(requested: list[str]) -> list[str]:
    """The Graph permissions in a scope list, canonically spelt; raises invalid_scope for unknown ones."""
    granted = []
    for scope in requested:
        name = scope.lower()
        if name in OIDC_SCOPES:
            continue
        name = name.removeprefix(GRAPH_SCOPE_PREFIX)
        if name not in GRAPH_SCOPES:
            raise OAuthError(
                "invalid_scope",
                f"AADSTS70011: The provided value for the input parameter 'scope' is not valid. "
                f"The scope '{scope}' does not exist in the local tenant.",
            )
        granted.append(GRAPH_SCOPES[name])
    return granted or list(DEFAULT_GRAPH_SCOPES)


@dataclass(frozen=True)
class Endpoints:
    """The provider's URLs. MSAL insists on https for the issuer and the token endpoint, so those are always
    written https (the portal's transport maps them back to http on loopback); the URLs a browser opens keep
    the scheme the request came in on."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    end_session_endpoint: str
    jwks_uri: str

    @classmethod
    def for_request(cls, request: HttpRequest) -> "Endpoints":
        host = request.get_host()
        browser = "https" if request.is_secure() else "http"
        root = reverse("local_tenant:discovery").removesuffix("/v2.0/.well-known/openid-configuration")
        return cls(
            issuer=f"https://{host}{root}/v2.0",
            authorization_endpoint=f"{browser}://{host}{reverse('local_tenant:authorize')}",
            token_endpoint=f"https://{host}{reverse('local_tenant:token')}",
            end_session_endpoint=f"{browser}://{host}{reverse('local_tenant:end-session')}",
            jwks_uri=f"{browser}://{host}{reverse('local_tenant:keys')}",
        )
