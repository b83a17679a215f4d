import pytest

from interests_portal.local_tenant.control import control
from interests_portal.local_tenant.demo_directory import seed_demo_directory
from tests.support import Tenant


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
