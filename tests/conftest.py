from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache

from interests_portal.accounts import entra
from interests_portal.graph import client as graph_client
from interests_portal.local_tenant.control import control
from interests_portal.local_tenant.demo_directory import seed_demo_directory
from tests.support import Portal, Tenant


@pytest.fixture(autouse=True, scope="session")
def _fresh_shared_cache():
    """On Redis (the PostgreSQL half of `make test`), keys of an earlier run must not answer this one's requests."""
    if settings.CACHE_IS_SHARED:
        cache.clear()


@pytest.fixture
def demo_directory(db):
    return seed_demo_directory()


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
