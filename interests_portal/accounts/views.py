import logging
from collections.abc import Callable
from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from ..graph.errors import GraphUnavailable
from . import entra
from .models import SignInSession, User
from .navigation import local_path, sign_in_url
from .resume import mark_signed_in
from .roles import reports_check

logger = logging.getLogger(__name__)

# Authorities that admit any organisation's accounts; with one of them there is no tenant to compare with (the
# deploy checks refuse them in Microsoft mode: portal.E005).
MULTI_TENANT_AUTHORITIES = {"organizations", "common", "consumers"}


def _redirect_uri(request: HttpRequest) -> str:
    return settings.ENTRA_REDIRECT_URI or request.build_absolute_uri(reverse("accounts:callback"))


def _problem(request: HttpRequest, message: str, next_path: str, *, status: int = 400) -> HttpResponse:
    context = {"message": message, "retry_url": sign_in_url(next_path)}
    return render(request, "accounts/sign_in_problem.html", context, status=status)


@require_GET
def sign_in(request: HttpRequest) -> HttpResponse:
    next_path = local_path(request.GET.get("next"))
    try:
        app = entra.msal_app()
    except GraphUnavailable:
        return _problem(request, _("Microsoft sign-in can't be reached right now."), next_path, status=503)
    # Moderation's wider scopes are asked for only when a portal admin first needs them (incremental consent).
    moderation = request.GET.get("moderation") == "1"
    scopes = [*settings.ENTRA_SCOPES, *settings.ENTRA_MODERATION_SCOPES] if moderation else settings.ENTRA_SCOPES
    flow = app.initiate_auth_code_flow(scopes, redirect_uri=_redirect_uri(request), prompt="select_account")
    request.session[entra.SESSION_FLOW] = flow
    request.session[entra.SESSION_NEXT] = next_path
    return HttpResponseRedirect(flow["auth_uri"])


@transaction.atomic
def _user_from_claims(claims: dict) -> User:
    user, _ = User.objects.get_or_create(
        entra_object_id=claims["oid"],
        entra_tenant_id=claims["tid"],
        defaults={"username": f"{claims['oid']}.{claims['tid']}"},
    )
    user.display_name = claims.get("name", "")
    user.email = claims.get("preferred_username", "")
    # Portal admins come from the app role in the id token, re-read at every sign-in.
    user.is_staff = user.is_superuser = settings.PORTAL_ADMIN_ROLE in claims.get("roles", [])
    user.save()
    return user


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    flow = request.session.pop(entra.SESSION_FLOW, None)
    next_path = local_path(request.session.pop(entra.SESSION_NEXT, None))
    if flow is None:
        return _problem(
            request, _("Your sign-in took too long, or began in another browser window. Please try again."), next_path
        )
    cache = entra.new_token_cache()  # a fresh sign-in starts a fresh cache
    try:
        app = entra.msal_app(cache)
        result = app.acquire_token_by_auth_code_flow(flow, request.GET.dict())
    except ValueError:
        logger.info("sign-in: the answer did not match the sign-in this browser started")
        return _problem(request, _("That sign-in answer didn't match the sign-in this browser started."), next_path)
    except GraphUnavailable:
        return _problem(request, _("Microsoft sign-in can't be reached right now."), next_path, status=503)
    if "error" in result:
        logger.info("sign-in: %s: %s", result.get("error"), result.get("error_description"))
        if result.get("error") == "access_denied":
            return _problem(request, _("You cancelled signing in."), next_path)
        # Microsoft's own words, in the language Microsoft chose for them.
        answer = result.get("error_description", result["error"])
        return _problem(request, _("Microsoft sign-in answered: %(answer)s") % {"answer": answer}, next_path)

    claims = result["id_token_claims"]
    if (
        settings.ENTRA_TENANT_ID.lower() not in MULTI_TENANT_AUTHORITIES
        and claims.get("tid") != settings.ENTRA_TENANT_ID
    ):
        logger.warning("sign-in: refused an id token of another directory (tid %s)", claims.get("tid"))
        return _problem(request, _("That account belongs to another organisation."), next_path, status=403)
    user = _user_from_claims(claims)
    if not user.is_active:
        logger.info("sign-in: refused a deactivated account")
        return _problem(
            request, _("Your account has been turned off in this portal. Ask a portal admin."), next_path, status=403
        )
    login(request, user)  # a new session key, so a session fixed before sign-in is worthless
    account = next(a for a in app.get_accounts() if a.get("local_account_id") == claims["oid"])
    request.session[entra.SESSION_ACCOUNT] = account["home_account_id"]
    entra.save_token_cache(request.session, cache)
    _remember_sign_in_session(request, claims.get("sid"))
    mark_signed_in(request)
    reports_check(request)  # whether the navigation offers "My team" (roles.py)
    return HttpResponseRedirect(next_path)


def _remember_sign_in_session(request: HttpRequest, sid: object) -> None:
    """Which Entra sign-in session this portal session belongs to, for a front-channel logout to find it."""
    if isinstance(sid, str) and sid:
        request.session[entra.SESSION_SID] = sid
        SignInSession.remember(sid, request.session)
    else:
        # An id token without `sid`: only a same-site front-channel logout (with the cookie) can end this session.
        request.session.pop(entra.SESSION_SID, None)
        SignInSession.forget(request.session)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    cache = entra.load_token_cache(request.session)
    try:
        app = entra.msal_app(cache)
        for account in app.get_accounts():
            app.remove_account(account)
    except GraphUnavailable:
        pass  # the session goes anyway
    SignInSession.forget(request.session)
    logout(request)  # flushes the session, token cache included
    return HttpResponseRedirect(entra.end_session_url(request.build_absolute_uri(reverse("portal:home"))))


def _frameable_by_the_identity_provider(
    view: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """This response only: framing allowed to the identity provider's origin (CSP frame-ancestors) and no
    X-Frame-Options (which cannot name an origin). Every other response keeps frame-ancestors 'none' and DENY."""

    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponseBase:
        framed = csp_replace({"frame-ancestors": [entra.authority_origin()]})(view)  # the authority is a setting
        return framed(request)

    return xframe_options_exempt(wrapper)


@require_GET
@_frameable_by_the_identity_provider
@never_cache
def front_channel_logout(request: HttpRequest) -> HttpResponse:
    """Entra's front-channel logout: when the person signs out of Microsoft (here or in another app), Entra loads
    this URL in a hidden iframe with `?sid=` (the id token's `sid`), and every portal session of that sign-in
    session ends.

    In that cross-site iframe the browser sends no portal cookie (SameSite=Lax), so the sessions are found by `sid`
    (SignInSession). When the cookie does come (a same-site caller, e.g. the local tenant), the browser's own
    session ends too if it belongs to that sign-in session.

    No CSRF token: Entra sends a plain GET. Without the right `sid`, which only the identity provider and the
    session's own id token know, nothing ends: a link on another site cannot sign anyone out."""
    sid = request.GET.get("sid", "")
    ended = SignInSession.end(sid) if sid else 0
    own = bool(sid) and request.user.is_authenticated and request.session.get(entra.SESSION_SID) == sid
    if own:
        SignInSession.forget(request.session)
        logout(request)
    logger.info(
        "sign-out: front-channel logout ended %d session(s) by sid%s", ended, " and this browser's" if own else ""
    )
    response = HttpResponse(b"", content_type="text/plain; charset=utf-8")
    response["Pragma"] = "no-cache"
    return response
