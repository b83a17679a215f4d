"""Helpers for tests that talk to the local tenant over real HTTP on loopback."""

import base64
import hashlib
import importlib.util
import os
import re
import secrets
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from django.conf import settings

from interests_portal.local_tenant.models import DirectoryObject

DOMAIN = "kestrel.example"
DEFAULT_SCOPES = "openid profile offline_access User.ReadWrite User.ReadBasic.All"


def upn(key: str) -> str:
    return f"{key}@{DOMAIN}"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        fields[name] = unescape(value)
    return fields


class GraphSession(requests.Session):
    """A requests session whose relative URLs are resolved against the local tenant's Graph root."""

    def __init__(self, root: str, token: str | None) -> None:
        super().__init__()
        self.root = root
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if not url.startswith("http"):
            url = f"{self.root}/{url.lstrip('/')}"
        kwargs.setdefault("timeout", 10)
        return super().request(method, url, *args, **kwargs)


@dataclass
class Tenant:
    url: str
    # Sessions handed out, closed at teardown: the live server keeps connections alive, one thread each.
    sessions: list[requests.Session] = field(default_factory=list)

    def track(self, session: requests.Session) -> requests.Session:
        self.sessions.append(session)
        return session

    def close(self) -> None:
        for session in self.sessions:
            session.close()

    def graph_session(self, token: str | None) -> "GraphSession":
        session = GraphSession(self.graph_root, token)
        self.track(session)
        return session

    @property
    def graph_root(self) -> str:
        return f"{self.url}/_tenant/graph/beta"

    @property
    def login_root(self) -> str:
        return f"{self.url}/_tenant/login"

    @property
    def redirect_uri(self) -> str:
        return f"{self.url}/auth/callback"

    def user(self, key: str) -> DirectoryObject:
        return DirectoryObject.objects.get(upn_key=upn(key))

    def authorize_params(self, scopes: str = DEFAULT_SCOPES, **overrides: str) -> tuple[dict[str, str], str]:
        verifier, challenge = pkce_pair()
        params = {
            "client_id": settings.LOCAL_TENANT_CLIENT_ID,
            "redirect_uri": self.redirect_uri,
            "response_type": "code",
            "scope": scopes,
            "state": secrets.token_urlsafe(8),
            "nonce": secrets.token_urlsafe(8),
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        } | overrides
        return params, verifier

    def pick_account(self, authorize_url: str, key: str | None) -> requests.Response:
        """What a person does at the account picker: open it, choose an account (by UPN's local part)."""
        with requests.Session() as browser:
            return self._choose(browser, authorize_url, key)

    def _choose(self, browser: requests.Session, authorize_url: str, key: str | None) -> requests.Response:
        page = browser.get(authorize_url, timeout=10)
        assert page.status_code == 200, page.text
        form = hidden_fields(page.text.split('<form method="post"', 1)[1])
        choice = {"account": str(self.user(key).pk)} if key else {"cancel": "1"}
        return browser.post(
            authorize_url.split("?")[0],
            data=form | choice,
            headers={"Referer": authorize_url},
            allow_redirects=False,
            timeout=10,
        )

    def authorization_code(self, key: str, scopes: str = DEFAULT_SCOPES) -> tuple[str, dict[str, str], str]:
        params, verifier = self.authorize_params(scopes)
        answer = self.pick_account(f"{self.login_root}/oauth2/v2.0/authorize?{urlencode(params)}", key)
        assert answer.status_code == 302, answer.text
        returned = dict(parse_qsl(urlsplit(answer.headers["Location"]).query))
        assert returned["state"] == params["state"]
        return returned["code"], params, verifier

    def token_request(self, **form: str) -> requests.Response:
        body = {
            "client_id": settings.LOCAL_TENANT_CLIENT_ID,
            "client_secret": settings.LOCAL_TENANT_CLIENT_SECRET,
        }
        return requests.post(f"{self.login_root}/oauth2/v2.0/token", data=body | form, timeout=10)

    def redeem_code(self, code: str, params: dict[str, str], verifier: str, /, **overrides: str) -> requests.Response:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": params["redirect_uri"],
            "code_verifier": verifier,
            "scope": params["scope"],
        }
        return self.token_request(**(form | overrides))

    def sign_in(self, key: str, scopes: str = DEFAULT_SCOPES) -> dict[str, Any]:
        answer = self.redeem_code(*self.authorization_code(key, scopes))
        assert answer.status_code == 200, answer.text
        return answer.json()

    def graph(self, key: str | None, scopes: str = DEFAULT_SCOPES) -> GraphSession:
        return self.graph_session(self.sign_in(key, scopes)["access_token"] if key else None)

    def control(self, **changes: Any) -> dict[str, Any]:
        answer = requests.post(f"{self.url}/_tenant/control", json=changes, timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def counters(self) -> dict[str, Any]:
        return requests.get(f"{self.url}/_tenant/control", timeout=10).json()


@dataclass
class Portal:
    """The portal as a browser without JavaScript sees it, through real HTTP."""

    tenant: Tenant

    @property
    def url(self) -> str:
        return self.tenant.url

    def browser(self) -> requests.Session:
        return self.tenant.track(requests.Session())

    def sign_in(self, key: str, next_path: str = "/interests/", *, moderation: bool = False) -> requests.Session:
        """Sign-in as a person does it: start, pick the account, come back through the callback."""
        browser = self.browser()
        params = {"next": next_path} | ({"moderation": "1"} if moderation else {})
        start = browser.get(f"{self.url}/auth/sign-in", params=params, allow_redirects=False, timeout=10)
        assert start.status_code == 302, start.text
        picked = self.tenant._choose(browser, start.headers["Location"], key)
        assert picked.status_code == 302, picked.text
        back = browser.get(picked.headers["Location"], allow_redirects=False, timeout=10)
        assert back.status_code == 302, back.text
        assert back.headers["Location"] == next_path
        return browser

    def csrf(self, browser: requests.Session) -> dict[str, str]:
        return {"X-CSRFToken": browser.cookies["csrftoken"]} if "csrftoken" in browser.cookies else {}

    def htmx(self, browser: requests.Session, current: str = "/interests/") -> dict[str, str]:
        return {"HX-Request": "true", "HX-Current-URL": f"{self.url}{current}", **self.csrf(browser)}


# Every environment variable settings.py reads starts with one of these.
SETTINGS_PREFIXES = ("ENTRA_", "LOCAL_TENANT", "DJANGO_", "DATABASE_", "REDIS_", "CACHE_", "GRAPH_", "PORTAL_")


def settings_module(monkeypatch, **env: str) -> ModuleType:
    """settings.py evaluated afresh with only `env` set (and a secret key), as a module of its own: Django's own
    settings are untouched."""
    for name in [name for name in os.environ if name.startswith(SETTINGS_PREFIXES)]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "settings_probe", Path(settings.BASE_DIR) / "interests_portal" / "settings.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
