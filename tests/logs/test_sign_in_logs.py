"""A full sign-in and an edit through the local tenant with every logger at DEBUG: the formatted output of the real
handler configuration holds none of the secrets used, and its lines say which request and user they are about."""

import io
import json
import logging
from importlib import import_module
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.conf import settings

from interests_portal.accounts import entra
from interests_portal.accounts.models import User
from tests.logs.capture import handler_from_settings, json_lines

CALLBACK_ID = "logs-test-callback"
CREATE_ID = "logs-test-create"


@pytest.fixture
def debug_logs():
    """The root logger and every logger at DEBUG, writing only through a handler built from settings.LOGGING (JSON)
    and, before it, a raw handler that shows what would be written without the redaction."""
    formatted, raw = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    loggers = [root] + [lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    saved = [(logger, logger.level, logger.handlers[:]) for logger in loggers]
    raw_handler = logging.StreamHandler(raw)
    raw_handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    root.handlers = [raw_handler, handler_from_settings(formatted, "json")]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield formatted, raw
    for logger, level, handlers in saved:
        logger.setLevel(level)
        logger.handlers = handlers


def session_of(browser: requests.Session):
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key=browser.cookies[settings.SESSION_COOKIE_NAME])


TOKEN_KINDS = ("AccessToken", "RefreshToken", "IdToken")


def tokens_in(browser: requests.Session) -> set[tuple[str, str]]:
    """Every access, refresh and id token (kind, value) in the MSAL token cache kept in this browser's session."""
    cache = json.loads(session_of(browser)[entra.SESSION_TOKEN_CACHE])
    return {(kind, entry["secret"]) for kind in TOKEN_KINDS for entry in cache.get(kind, {}).values()}


def test_a_sign_in_and_an_edit_at_debug_log_no_secret_and_say_who_and_which_request(portal, debug_logs):
    formatted, raw = debug_logs
    # Access tokens below 300 s: MSAL refreshes at every silent call, so the refresh grant is logged too.
    portal.tenant.control(access_token_lifetime=60)
    secrets: dict[str, str] = {"client secret": settings.ENTRA_CLIENT_SECRET}

    browser = portal.browser()
    start = browser.get(f"{portal.url}/auth/sign-in?next=/interests/", allow_redirects=False, timeout=10)
    assert start.status_code == 302
    secrets["PKCE verifier"] = session_of(browser)[entra.SESSION_FLOW]["code_verifier"]
    picked = portal.tenant._choose(browser, start.headers["Location"], "ada.okafor")
    assert picked.status_code == 302
    callback_url = picked.headers["Location"]
    secrets["authorization code"] = dict(parse_qsl(urlsplit(callback_url).query))["code"]
    back = browser.get(callback_url, headers={"X-Request-ID": CALLBACK_ID}, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    assert back.headers["Location"] == "/interests/"
    assert back.headers["X-Request-ID"] == CALLBACK_ID
    tokens = tokens_in(browser)

    page = browser.get(f"{portal.url}/interests/", timeout=10)
    assert page.status_code == 200
    tokens |= tokens_in(browser)
    body = {"display_name": "Log hygiene", "description": "Nothing secret.", "allowed_audiences": "organization"}
    headers = portal.htmx(browser) | {"X-Request-ID": CREATE_ID}
    created = browser.post(f"{portal.url}/interests/new", data=body, headers=headers, timeout=10)
    assert created.status_code == 200, created.text
    assert created.headers["X-Request-ID"] == CREATE_ID
    tokens |= tokens_in(browser)

    # Every kind of secret was there to leak, the tokens of each refresh included.
    kinds = [kind for kind, _ in tokens]
    assert kinds.count("RefreshToken") >= 2, kinds  # rotated at each refresh
    assert "AccessToken" in kinds, kinds  # (one issued in the same second as another is the same JWT)
    assert "IdToken" in kinds, kinds
    for number, (kind, token) in enumerate(sorted(tokens)):
        secrets[f"{kind} {number}"] = token
    assert all(len(value) >= 20 for value in secrets.values()), secrets

    output = formatted.getvalue()
    assert output.strip()
    lines = json_lines(output)  # every line is JSON
    leaked = {name for name, value in secrets.items() if value in output}
    assert not leaked, f"in the logs: {sorted(leaked)}"
    # The secrets did reach logging at DEBUG (the dev server's and urllib3's URLs, MSAL's token events): the
    # redaction is what kept them out.
    unredacted = raw.getvalue()
    assert secrets["authorization code"] in unredacted
    assert secrets["PKCE verifier"] in unredacted
    assert "[REDACTED]" in output

    oid = User.objects.get(display_name="Ada Okafor").entra_object_id
    assert oid
    for line in lines:
        assert {"time", "level", "logger", "message", "request_id", "user_oid"} <= set(line)

    # The callback: one request line, its path without the query string, the user known once signed in.
    (callback,) = [
        line for line in lines if line["request_id"] == CALLBACK_ID and line["logger"] == "interests_portal.request"
    ]
    assert (callback["method"], callback["path"], callback["status"]) == ("GET", "/auth/callback", 302)
    assert callback["user_oid"] == oid

    # The edit: every line of the request names the user; one request line; the Graph call with its ids and time.
    of_create = [line for line in lines if line["request_id"] == CREATE_ID]
    assert of_create
    # (On PostgreSQL the pool logs lending the connection that reads the session: before anyone is known.)
    after_sign_in = [line for line in of_create if not line["logger"].startswith("psycopg.pool")]
    assert {line["user_oid"] for line in after_sign_in} == {oid}
    (request_line,) = [line for line in of_create if line["logger"] == "interests_portal.request"]
    assert (request_line["method"], request_line["path"], request_line["status"]) == ("POST", "/interests/new", 200)
    assert isinstance(request_line["duration_ms"], float)
    graph_lines = [line for line in of_create if line["logger"] == "interests_portal.graph.client"]
    posted = [line for line in graph_lines if line["method"] == "POST" and line["status"] == 201]
    assert posted, graph_lines
    assert posted[0]["graph_request_id"]
    assert posted[0]["client_request_id"]
    assert isinstance(posted[0]["duration_ms"], float)
    assert posted[0]["retries"] == 0
    # MSAL's refresh during the edit was logged, in the same request.
    assert any(line["logger"].startswith("msal") for line in of_create)
