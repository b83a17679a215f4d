"""The portal and its local tenant served on a free loopback port, and a browser-like client signed in to it."""

import logging
import re
import threading
from html import unescape
from types import TracebackType

import requests
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler, get_internal_wsgi_application

from interests_portal.portal.devserver import NoDelayThreadedWSGIServer


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


class LocalServer:
    """Serves this project in a thread and points the portal's sign-in and Graph settings at it."""

    def __enter__(self) -> "LocalServer":
        logging.getLogger("django.server").setLevel(logging.WARNING)
        logging.getLogger("interests_portal").setLevel(logging.WARNING)
        self.httpd = NoDelayThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)  # no Nagle stall: devserver.py
        self.httpd.set_app(get_internal_wsgi_application())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        settings.ENTRA_AUTHORITY = f"https://127.0.0.1:{self.httpd.server_address[1]}/_tenant/login"
        settings.GRAPH_BASE_URL = f"{self.url}/_tenant/graph/beta"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def control(self, **changes) -> dict:
        return requests.post(f"{self.url}/_tenant/control", json=changes, timeout=10).json()

    def counters(self) -> dict:
        return requests.get(f"{self.url}/_tenant/control", timeout=10).json()

    def graph_requests(self) -> int:
        return self.counters()["requests"]["total"]


def signed_in(server: LocalServer, user_id: str) -> requests.Session:
    """Sign in as a browser does: the portal's sign-in, the tenant's account picker, the callback."""
    browser = requests.Session()
    picker = browser.get(f"{server.url}/auth/sign-in", timeout=10)
    form_html = picker.text.split('<form method="post"', 1)[1]
    fields = {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form_html)
    }
    browser.post(picker.url.split("?")[0], data=fields | {"account": user_id}, timeout=10)
    browser.headers["X-CSRFToken"] = browser.cookies["csrftoken"]
    return browser
