"""The local tenant's account picker in a real browser: keyboard only, and accessible."""

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from interests_portal.local_tenant.models import AuthorizationCode
from tests.browser.conftest import axe_violations
from tests.browser.support import sideways_scroll


def picker_url(tenant, **overrides) -> tuple[str, dict]:
    params, _ = tenant.authorize_params(redirect_uri=f"{tenant.url}/", **overrides)
    return f"{tenant.login_root}/oauth2/v2.0/authorize?{urlencode(params)}", params


def test_a_person_finds_and_picks_an_account_with_the_keyboard(tenant, page):
    url, params = picker_url(tenant)
    page.goto(url)
    assert page.get_by_role("heading", name="Pick an account").is_visible()
    assert page.get_by_text("signs anyone in as anyone").is_visible()

    page.get_by_label("Find an account").fill("ada")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=ada**")
    assert page.get_by_text("1 account matching").is_visible()

    page.get_by_label("Find an account").focus()
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the first account
    focused = page.evaluate("document.activeElement.textContent")
    assert "Ada Okafor" in focused
    page.keyboard.press("Enter")

    page.wait_for_url(f"{tenant.url}/?**")
    returned = dict(parse_qsl(urlsplit(page.url).query))
    assert returned["state"] == params["state"]
    code = AuthorizationCode.objects.get(used=False)
    assert code.user == tenant.user("ada.okafor")
    assert code.code_challenge == params["code_challenge"]
    assert page.get_by_role("heading", name="Keep your interests current").is_visible()


@pytest.mark.parametrize("where", ["picker", "start page", "tenant index", "signed out"])
def test_pages_have_no_serious_accessibility_violations(tenant, page, where):
    urls = {
        "picker": picker_url(tenant)[0],
        "start page": f"{tenant.url}/",
        "tenant index": f"{tenant.url}/_tenant/",
        "signed out": f"{tenant.login_root}/oauth2/v2.0/logout",
    }
    page.goto(urls[where])
    assert axe_violations(page) == []


def test_the_picker_fits_a_phone_screen(tenant, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(picker_url(tenant)[0])
    assert sideways_scroll(page) == 0
