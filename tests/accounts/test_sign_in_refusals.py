"""Sign-ins the portal refuses at the callback, with a page that says why (not a loop back to sign-in)."""

import pytest

from interests_portal.accounts.models import User


def _callback(portal, key: str):
    browser = portal.browser()
    start = browser.get(f"{portal.url}/auth/sign-in", params={"next": "/interests/"}, allow_redirects=False, timeout=10)
    picked = portal.tenant._choose(browser, start.headers["Location"], key)
    return browser, browser.get(picked.headers["Location"], allow_redirects=False, timeout=10)


def test_an_account_of_another_directory_is_refused(portal, settings):
    settings.ENTRA_TENANT_ID = "00000000-0000-0000-0000-0000000000cc"  # not the local tenant's directory
    browser, answer = _callback(portal, "ada.okafor")
    assert answer.status_code == 403
    assert "belongs to another organisation" in answer.text
    assert browser.get(f"{portal.url}/interests/", allow_redirects=False, timeout=10).status_code == 302
    assert not User.objects.filter(display_name="Ada Okafor").exists()


@pytest.mark.parametrize("authority", ["organizations", "common"])
def test_a_multi_tenant_authority_has_no_directory_to_compare(portal, settings, authority):
    settings.ENTRA_TENANT_ID = authority  # refused in Microsoft mode by portal.E005; the callback does not guess
    _, answer = _callback(portal, "ada.okafor")
    assert answer.status_code == 302


def test_an_account_turned_off_in_the_admin_is_told_so(portal):
    portal.sign_in("ada.okafor")
    User.objects.filter(display_name="Ada Okafor").update(is_active=False)
    browser, answer = _callback(portal, "ada.okafor")
    assert answer.status_code == 403
    assert "turned off in this portal" in answer.text
    assert browser.get(f"{portal.url}/interests/", allow_redirects=False, timeout=10).status_code == 302
