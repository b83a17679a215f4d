"""Production logging (interests_portal/logs.py): redaction, JSON lines, the request id and the logging context."""

import json
import logging
import re
import threading

import pytest
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, RequestFactory
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from interests_portal import logs
from interests_portal.accounts.models import User
from interests_portal.graph.client import GraphClient
from interests_portal.graph.people import Person, interests_of_people
from tests.logs.capture import captured, json_lines
from tests.support import settings_module

SECRET = "S3cr3t-VALUE_0123456789abcdef"
JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJvaWQiOiIxMjMiLCJzY3AiOiJVc2VyLlJlYWQifQ.c2lnbmF0dXJlLXZhbHVl-_x"


# --- Redaction: each pattern ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # The sign-in callback's URL, as urllib3 and the dev server log it.
        (f'"GET /auth/callback?code={SECRET}&state=abc HTTP/1.1" 302 0', ["/auth/callback?code=", "&state=abc"]),
        (f'http://127.0.0.1:8000 "GET /auth/callback?code={SECRET} HTTP/1.1" 302 0', ["HTTP/1.1"]),
        # Token request form bodies.
        (f"grant_type=authorization_code&code={SECRET}&redirect_uri=x", ["grant_type=authorization_code", "&redirect"]),
        (f"code_verifier={SECRET}&code_challenge=keep-me", ["code_challenge=keep-me"]),
        (f"client_id=abc&client_secret={SECRET}", ["client_id=abc"]),
        (f"client_assertion_type=jwt-bearer&client_assertion={SECRET}", ["client_assertion_type=jwt-bearer"]),
        (f"grant_type=refresh_token&refresh_token={SECRET}&scope=openid", ["grant_type=refresh_token", "&scope"]),
        (f"access_token={SECRET}", []),
        (f"id_token={SECRET}&state=s", ["&state=s"]),
        # Percent-encoded inside another parameter.
        (f"/auth/sign-in?next=%2Fauth%2Fcallback%3Fcode%3D{SECRET}", ["next=%2Fauth%2Fcallback"]),
        # JSON (MSAL's token cache events) and Python reprs.
        (f'{{"code": "{SECRET}", "scope": ["openid"]}}', ['"scope": ["openid"]']),
        (f'{{\n    "code_verifier": "{SECRET}",\n    "grant_type": "authorization_code"\n}}', ["grant_type"]),
        (f"{{'refresh_token': '{SECRET}', 'token_type': 'Bearer'}}", ["'token_type'"]),
        (f"{{'client_secret': b'{SECRET}'}}", ["client_secret"]),
        (f'{{"access_token": "{SECRET}", "expires_in": 3600}}', ['"expires_in": 3600']),
        (f'{{"id_token": "{SECRET}"}}', []),
        (f'{{"secret": "{SECRET}", "credential_type": "RefreshToken"}}', ['"credential_type": "RefreshToken"']),
        # Authorization headers, whatever the scheme and quoting.
        (f"Authorization: Bearer {SECRET}", ["Authorization: Bearer "]),
        (f"{{'Authorization': 'Bearer {SECRET}', 'Accept': 'json'}}", ["'Accept': 'json'"]),
        (f"Authorization: Basic {SECRET}", ["Authorization: Basic "]),
        (f"sent with bearer {SECRET}", ["sent with bearer "]),
        # Anything shaped like a JWT, wherever it is.
        (f"token {JWT} at the end", ["token ", " at the end"]),
        (f"postgres://portal:{SECRET}@db.internal/portal", ["postgres://portal:", "@db.internal/portal"]),
    ],
)
def test_redaction_removes_each_kind_of_secret_and_keeps_the_rest(text, kept):
    secret = JWT if JWT in text else SECRET
    redacted = logs.redact(text)
    assert secret not in redacted
    assert logs.REDACTED in redacted
    for part in kept:
        assert part in redacted
    assert logs.redact(redacted) == redacted  # idempotent: several handlers may redact the same record


@pytest.mark.parametrize(
    "text",
    ["error_code=500 code_challenge=abc", "/interests/?tag=ableToMentor&audience=me", "GET /me/profile/interests"],
)
def test_redaction_leaves_ordinary_text_alone(text):
    assert logs.redact(text) == text


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR])
def test_the_handler_redacts_message_arguments_extras_and_exceptions_at_any_level(level):
    logger = logging.getLogger("tests.logs.redaction")
    with captured("tests.logs.redaction", level=level) as output:
        try:
            raise ValueError(f"token request failed for code={SECRET}")
        except ValueError:
            logger.log(
                level,
                "callback %s with %s",
                f"/auth/callback?code={SECRET}",
                {"code_verifier": SECRET, "access_token": JWT},
                exc_info=True,
                extra={"raw_body": f"client_secret={SECRET}"},
            )
    text = output.getvalue()
    (line,) = json_lines(text)
    assert SECRET not in text
    assert JWT not in text
    assert line["message"].startswith("callback /auth/callback?code=[REDACTED] with {'code_verifier': '[REDACTED]'")
    assert "ValueError: token request failed for code=[REDACTED]" in line["exception"]
    assert line["raw_body"] == "client_secret=[REDACTED]"
    assert line["level"] == logging.getLevelName(level)


def test_arguments_that_do_not_fit_the_message_are_still_redacted():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s and %s", (f"code={SECRET}",), None)
    logs.RedactionFilter().filter(record)
    assert SECRET not in record.getMessage()


# --- JSON lines -----------------------------------------------------------------------------------------------


def test_a_json_line_has_time_level_logger_message_context_and_structured_extras():
    logger = logging.getLogger("tests.logs.json")
    request = RequestFactory().get(f"/auth/callback?code={SECRET}")  # an object: left out (its repr has the query)
    rid, oid = logs.request_id.set("req-1"), logs.user_oid.set("oid-1")
    try:
        with captured("tests.logs.json") as output:
            logger.info(
                "graph %s done", "GET", extra={"graph_request_id": "g-1", "duration_ms": 12.5, "request": request}
            )
    finally:
        logs.user_oid.reset(oid)
        logs.request_id.reset(rid)
    assert SECRET not in output.getvalue()
    (line,) = json_lines(output.getvalue())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert line | {"time": None} == {
        "time": None,
        "level": "INFO",
        "logger": "tests.logs.json",
        "message": "graph GET done",
        "request_id": "req-1",
        "user_oid": "oid-1",
        "graph_request_id": "g-1",
        "duration_ms": 12.5,
    }


def test_outside_a_request_the_ids_are_null_in_json():
    with captured("tests.logs.json") as output:
        logging.getLogger("tests.logs.json").warning("no request here")
    (line,) = json_lines(output.getvalue())
    assert (line["request_id"], line["user_oid"]) == (None, None)


def test_the_plain_format_carries_the_request_id_and_user_too():
    token = logs.request_id.set("plain-req-7")
    try:
        with captured("tests.logs.plain", formatter="plain") as output:
            logging.getLogger("tests.logs.plain").info("hello")
    finally:
        logs.request_id.reset(token)
    assert re.fullmatch(r".* INFO tests\.logs\.plain \[plain-req-7 -\] hello\n", output.getvalue())


# --- The request id and the request line ------------------------------------------------------------------------


def request_lines(output) -> list[dict]:
    return [line for line in json_lines(output.getvalue()) if line["logger"] == "interests_portal.request"]


@pytest.mark.django_db
def test_a_well_formed_request_id_is_kept_echoed_and_logged_once_without_the_query_string():
    with captured() as output:
        response = Client().get(f"/?code={SECRET}&x=1", headers={"X-Request-ID": "lb-7f3a.9_Z-1"})
    assert response["X-Request-ID"] == "lb-7f3a.9_Z-1"
    (line,) = request_lines(output)
    assert line["request_id"] == "lb-7f3a.9_Z-1"
    assert (line["method"], line["path"], line["status"], line["level"]) == ("GET", "/", 200, "INFO")
    assert isinstance(line["duration_ms"], float)
    assert line["message"].startswith("GET / -> 200 in ")
    assert SECRET not in output.getvalue()
    assert all(entry["request_id"] == "lb-7f3a.9_Z-1" for entry in json_lines(output.getvalue()))
    # The context ends with the request.
    assert (logs.request_id.get(), logs.user_oid.get()) == ("-", "-")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", [None, "", "has space", "semi;colon", "new\nline", "ünïcode", "x" * 65, "a/b", "<script>"]
)
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(header):
    headers = {} if header is None else {"X-Request-ID": header}
    with captured("interests_portal.request") as output:
        response = Client().get("/", headers=headers)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    (line,) = request_lines(output)
    assert line["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_djangos_line_about_a_refused_request_carries_the_request_id_and_is_written_once():
    with captured() as output:
        answer = Client().get(f"/auth/callback?code={SECRET}&state=x", headers={"X-Request-ID": "refused-1"})
    assert answer.status_code == 400  # no sign-in was started in this browser
    lines = json_lines(output.getvalue())
    (refused,) = [line for line in lines if line["logger"] == "django.request"]
    assert (refused["level"], refused["message"]) == ("WARNING", "Bad Request: /auth/callback")
    assert (refused["request_id"], refused["status_code"]) == ("refused-1", 400)
    assert "request" not in refused  # the request object (its repr has the query string) is left out
    assert SECRET not in output.getvalue()


@pytest.mark.django_db
def test_two_requests_get_different_ids():
    client = Client()
    assert client.get("/")["X-Request-ID"] != client.get("/")["X-Request-ID"]


@pytest.mark.django_db
def test_the_request_line_names_the_signed_in_users_object_id():
    user = User.objects.create(username="u", entra_object_id="0b6f5c1e-oid", display_name="Ada")
    client = Client()
    client.force_login(user)
    with captured("interests_portal.request") as output:
        client.get("/", headers={"X-Request-ID": "with-user"})
    (line,) = request_lines(output)
    assert (line["request_id"], line["user_oid"]) == ("with-user", "0b6f5c1e-oid")


def test_lines_inside_the_view_carry_the_user_once_authentication_has_run():
    user = User(username="u", entra_object_id="oid-in-view")
    seen = []

    def view(request):
        logging.getLogger("tests.logs.view").info("inside the view")
        seen.append((logs.request_id.get(), logs.user_oid.get()))
        return HttpResponse("ok")

    def rest_of_the_stack(request):
        request.user = user  # what AuthenticationMiddleware does, after this middleware's __call__ began
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = logs.RequestLogMiddleware(rest_of_the_stack)
    with captured("tests.logs.view") as output:
        response = middleware(RequestFactory().get("/x", headers={"X-Request-ID": "in-view"}))
    assert seen == [("in-view", "oid-in-view")]
    (line,) = json_lines(output.getvalue())
    assert (line["request_id"], line["user_oid"]) == ("in-view", "oid-in-view")
    assert response["X-Request-ID"] == "in-view"
    assert (logs.request_id.get(), logs.user_oid.get()) == ("-", "-")


@pytest.mark.django_db
def test_an_anonymous_request_has_no_user():
    with captured("interests_portal.request") as output:
        Client().get("/")
    (line,) = request_lines(output)
    assert line["user_oid"] is None


def test_the_middleware_runs_for_every_request_but_probes():
    assert "interests_portal.logs.RequestLogMiddleware" in settings.MIDDLEWARE
    position = settings.MIDDLEWARE.index("interests_portal.logs.RequestLogMiddleware")
    assert position < settings.MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")


# --- Threads working for a request ------------------------------------------------------------------------------


class BatchGraph(BaseAdapter):
    """Answers every $batch item with no interests."""

    def send(self, request, **kwargs):
        items = json.loads(request.body)["requests"]
        response = requests.Response()
        response.status_code = 200
        response.headers = CaseInsensitiveDict({"request-id": f"batch-{threading.get_ident()}"})
        body = {"responses": [{"id": i["id"], "status": 200, "headers": {}, "body": {"value": []}} for i in items]}
        response._content = json.dumps(body).encode()
        response.request = request
        return response

    def close(self) -> None:
        pass


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.addFilter(logs.ContextFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_batch_worker_threads_log_lines_carry_the_request_id_and_user():
    session = requests.Session()
    session.mount("https://", BatchGraph())
    graph = GraphClient(lambda: "t", base_url="https://graph.test/beta", session=session)
    people = [Person(f"p{n}", f"Person {n}") for n in range(60)]  # 3 batches, sent from worker threads
    handler = Records()
    logger = logging.getLogger("interests_portal.graph.client")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    rid, oid = logs.request_id.set("team-page-1"), logs.user_oid.set("oid-manager")
    try:
        assert len(interests_of_people(graph, people)) == 60
    finally:
        logs.user_oid.reset(oid)
        logs.request_id.reset(rid)
        logger.removeHandler(handler)
        logger.setLevel(previous)
    from_workers = [r for r in handler.records if r.thread != threading.get_ident()]
    assert len(from_workers) == 3
    assert {(r.request_id, r.user_oid) for r in from_workers} == {("team-page-1", "oid-manager")}
    assert all(r.graph_request_id.startswith("batch-") and r.status == 200 for r in from_workers)


# --- The configuration ------------------------------------------------------------------------------------------


def _ours(handler: logging.Handler) -> bool:
    """Handlers of the configuration, not pytest's own capture handlers."""
    return not type(handler).__module__.startswith("_pytest") and not isinstance(handler, logging.NullHandler)


def test_every_handler_redacts_and_every_logger_reaches_one_that_does():
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    handlers = [handler for logger in loggers for handler in logger.handlers if _ours(handler)]
    assert handlers  # the root's console handler at least
    for handler in handlers:
        kinds = {type(f) for f in handler.filters}
        assert {logs.RedactionFilter, logs.ContextFilter} <= kinds, handler
    for name in ("msal", "urllib3", "django", "django.server", "django.request", "interests_portal"):
        logger = logging.getLogger(name)
        assert not [h for h in logger.handlers if _ours(h)], name
        assert logger.propagate, name
    assert [h for h in logging.getLogger().handlers if _ours(h)]


def test_logs_are_json_in_production_and_plain_on_the_local_tenant(monkeypatch):
    production = settings_module(monkeypatch, ENTRA_CLIENT_ID="app", ENTRA_CLIENT_SECRET="s")
    assert production.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert production.LOGGING["root"]["level"] == "INFO"
    local = settings_module(monkeypatch)
    assert local.LOGGING["handlers"]["console"]["formatter"] == "plain"
    chosen = settings_module(monkeypatch, ENTRA_CLIENT_ID="app", DJANGO_LOG_FORMAT="plain", DJANGO_LOG_LEVEL="debug")
    assert chosen.LOGGING["handlers"]["console"]["formatter"] == "plain"
    assert chosen.LOGGING["root"]["level"] == "DEBUG"
    assert chosen.LOGGING["handlers"]["console"]["filters"] == ["context", "redact"]


@pytest.mark.parametrize(("name", "value"), [("DJANGO_LOG_FORMAT", "xml"), ("DJANGO_LOG_LEVEL", "loud")])
def test_a_log_setting_that_means_nothing_is_refused(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        settings_module(monkeypatch, **{name: value})
