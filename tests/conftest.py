import os
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings as django_settings
from django.utils import translation
from pytest_django.live_server_helper import LiveServer

from interests_portal.accounts import entra
from interests_portal.benchmarks.stack import Stack, free_port, production_stack
from interests_portal.graph import client as graph_client
from interests_portal.local_tenant.control import control
from interests_portal.local_tenant.demo_directory import seed_demo_directory
from interests_portal.portal.devserver import NoDelayThreadedWSGIServer
from tests.support import Portal, Tenant


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Every test starts in the portal's default language: a request the test client sends with Accept-Language
    leaves that language active in the thread, which would make later tests' results depend on their order."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def demo_directory(db):
    return seed_demo_directory()


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server (same address options), on a server with TCP_NODELAY: without it every answer
    on a kept-alive connection, the portal's pooled Graph calls to the local tenant included, stalls ~40 ms."""
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(addr, start=False)
    server.thread.server_class = NoDelayThreadedWSGIServer
    server.start()
    yield server
    server.stop()


@pytest.fixture
def tenant(live_server, transactional_db) -> Tenant:
    """The local tenant served on loopback by a live server, with the demo directory seeded."""
    seed_demo_directory()
    control.reset()
    tenant = Tenant(live_server.url)
    yield tenant
    tenant.close()
    control.reset()


@pytest.fixture
def portal(tenant, settings) -> Portal:
    """The portal in the live server, signing in with and calling the local tenant served by the same server."""
    netloc = urlsplit(tenant.url).netloc
    settings.ENTRA_AUTHORITY = f"https://{netloc}/_tenant/login"
    settings.GRAPH_BASE_URL = f"{tenant.url}/_tenant/graph/beta"
    settings.GRAPH_MAX_RETRY_WAIT = 2
    yield Portal(tenant)
    # The portal's pooled connections to the live server hold one server thread each: release them.
    entra._transport.close()
    graph_client._session.close()


# --- The production configuration, started for real -----------------------------------------------------------
# gunicorn instances on PostgreSQL and Redis (scripts/services) with the local tenant as a separate process over
# TLS (interests_portal/benchmarks/stack.py). Tests that need it are skipped unless DATABASE_URL names a PostgreSQL
# server and REDIS_URL is set, as in the PostgreSQL half of `make test`. They run on databases of their own.

STACK_DATABASE = f"portal_stack_test_{os.getpid()}"  # two runs at once never share one


def _admin_url(database_url: str, name: str) -> str:
    return urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")) or not redis_url:
        pytest.skip("needs PostgreSQL and Redis: the PostgreSQL half of `make test` (scripts/services up)")
    _drop_databases(database_url)
    with psycopg.connect(_admin_url(database_url, "postgres"), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {STACK_DATABASE}")
    environ = {"DATABASE_URL": _admin_url(database_url, STACK_DATABASE), "REDIS_URL": redis_url}
    # The production virtualenv when CI built one (scripts/build-production): the locked production set alone.
    python = os.environ.get("PRODUCTION_PYTHON", sys.executable)
    saved = {name: os.environ.get(name) for name in environ}
    os.environ.update(environ)
    try:
        with production_stack(
            portal_ports=[free_port(), free_port()], tenant_port=free_port(), python=python, workers=2, threads=4
        ) as running:
            yield running
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        _drop_databases(database_url)


def _drop_databases(database_url: str) -> None:
    """The local tenant's database and the portal's beside it (stack.py)."""
    with psycopg.connect(_admin_url(database_url, "postgres"), autocommit=True) as admin:
        for name in (STACK_DATABASE, f"{STACK_DATABASE}_portal"):
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
