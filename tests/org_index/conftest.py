import pytest

from interests_portal.accounts import entra


@pytest.fixture
def index(portal, settings):
    """The portal and the local tenant with the organisation index on."""
    settings.ORG_INDEX_ENABLED = True
    entra._apps.clear()  # each test's tenant consents afresh: no application token from an earlier test
    yield portal
    entra._apps.clear()
