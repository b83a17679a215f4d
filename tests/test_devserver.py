"""TCP_NODELAY on the development and in-process servers (interests_portal/portal/devserver.py)."""

import logging
import socket
from collections.abc import Iterator
from unittest import mock

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.contrib.staticfiles.management.commands import runserver as staticfiles_runserver
from django.core.management import call_command, get_commands, load_command_class
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler, WSGIServer

from interests_portal.benchmarks.harness import LocalServer
from interests_portal.portal.devserver import NoDelayThreadedWSGIServer, NoDelayWSGIServer


def accepted_nodelay(server: WSGIServer) -> int:
    """TCP_NODELAY as the server side sees it on a connection it has just accepted."""
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=5):
        connection, _ = server.get_request()
        try:
            return connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        finally:
            connection.close()


@pytest.fixture(params=[NoDelayWSGIServer, NoDelayThreadedWSGIServer])
def server(request: pytest.FixtureRequest) -> Iterator[WSGIServer]:
    httpd = request.param(("127.0.0.1", 0), WSGIRequestHandler)
    yield httpd
    httpd.server_close()


def test_accepted_connections_have_nodelay(server: WSGIServer) -> None:
    assert accepted_nodelay(server) == 1


def test_djangos_own_server_leaves_nagle_on() -> None:
    """What the mixin is for: without it the accepted socket keeps Nagle's algorithm (the listening socket does
    not pass TCP_NODELAY on here), so the check above is not true of any server."""
    httpd = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    try:
        assert accepted_nodelay(httpd) == 0
    finally:
        httpd.server_close()


def test_runserver_is_the_portals_with_every_staticfiles_option() -> None:
    assert get_commands()["runserver"] == "interests_portal.portal"
    command = load_command_class("interests_portal.portal", "runserver")
    assert isinstance(command, staticfiles_runserver.Command)
    assert command.server_cls is NoDelayWSGIServer
    options = {action.dest for action in command.create_parser("manage.py", "runserver")._actions}
    assert {"use_ipv6", "use_threading", "use_reloader", "use_static_handler", "insecure_serving"} <= options


@pytest.mark.django_db
def test_runserver_serves_with_the_nodelay_server(settings) -> None:
    """The command's inner run, with Django's run() replaced so no port is bound: our server class, threaded, and
    static files still served by staticfiles' handler."""
    settings.DEBUG = True
    with mock.patch("django.core.management.commands.runserver.run") as run:
        call_command("runserver", "127.0.0.1:8123", use_reloader=False, skip_checks=True)
    (address, port, handler), options = run.call_args
    assert (address, port) == ("127.0.0.1", 8123)
    assert options["server_cls"] is NoDelayWSGIServer
    assert options["threading"] is True
    assert isinstance(handler, StaticFilesHandler)


def test_live_server_uses_the_nodelay_server(live_server) -> None:
    assert isinstance(live_server.thread.httpd, NoDelayThreadedWSGIServer)


def test_benchmark_harness_uses_the_nodelay_server(settings) -> None:
    # LocalServer points settings at itself (the settings fixture puts them back) and quietens two loggers.
    loggers = [logging.getLogger(name) for name in ("django.server", "interests_portal")]
    levels = [logger.level for logger in loggers]
    try:
        with LocalServer() as server:
            assert isinstance(server.httpd, NoDelayThreadedWSGIServer)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
