"""The production configuration, started for real: gunicorn instances on PostgreSQL and Redis (scripts/services)
with the local tenant as a separate process over TLS (interests_portal/benchmarks/stack.py).

Tests that need it are skipped unless DATABASE_URL names a PostgreSQL server and REDIS_URL is set, as in the
PostgreSQL half of `make test`. They run on a database of their own, made and dropped here.
"""

import os
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from interests_portal.benchmarks.stack import Stack, free_port, production_stack

STACK_DATABASE = "portal_stack_test"


def _admin_url(database_url: str, name: str) -> str:
    return urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")) or not redis_url:
        pytest.skip("needs PostgreSQL and Redis: the PostgreSQL half of `make test` (scripts/services up)")
    with psycopg.connect(_admin_url(database_url, "postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {STACK_DATABASE} WITH (FORCE)")
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
        with psycopg.connect(_admin_url(database_url, "postgres"), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {STACK_DATABASE} WITH (FORCE)")
