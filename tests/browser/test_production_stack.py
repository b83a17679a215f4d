"""The production configuration in a real browser: the portal under gunicorn in Microsoft mode, the local tenant as
a separate process on another origin (tests/production/conftest.py). Browsers enforce what `requests` does not:
CSP form-action on the sign-in's redirect back, framing of the front-channel logout."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from interests_portal.benchmarks.stack import Stack
from tests.browser import support
from tests.browser.conftest import PageOpener


@pytest.fixture
def open_stack_page(open_page: PageOpener) -> Callable[[], Page]:
    """Opens a page in a browser context of its own that trusts the stack's self-signed certificate and gives its
    processes more time; the test fails if a page breaks its CSP."""

    def open_stack_page() -> Page:
        page = open_page(ignore_https_errors=True)
        page.set_default_timeout(15_000)
        return page

    return open_stack_page


def sign_in(page: Page, stack: Stack, name: str) -> None:
    support.sign_in(page, stack.portal_url, name)
    expect(page.get_by_role("heading", name="My interests")).to_be_visible()


def signed_in(context: BrowserContext, stack: Stack) -> bool:
    answer = context.request.get(f"{stack.portal_url}/interests/", max_redirects=0)
    return answer.status == 200


def test_signing_in_and_out_in_a_browser_ends_every_portal_session_of_that_sign_in(
    stack: Stack, open_stack_page: Callable[[], Page]
) -> None:
    omar, omar_again, sofia = open_stack_page(), open_stack_page(), open_stack_page()
    first, second, other = omar.context, omar_again.context, sofia.context
    sign_in(omar, stack, "Omar Haddad")
    # The same Microsoft sign-in session reaching the portal twice (another tab's window, another device's SSO):
    # the local tenant's sign-in cookie, as Entra's, makes the second sign-in part of the first's session.
    second.add_cookies([cookie for cookie in first.cookies() if cookie["name"] == "local_tenant_sign_in"])
    sign_in(omar_again, stack, "Omar Haddad")
    sign_in(sofia, stack, "Sofia Greco")  # someone else, signed in on their own
    assert signed_in(first, stack)
    assert signed_in(second, stack)

    omar.get_by_role("button", name="Sign out").click()
    omar.wait_for_url(f"{stack.portal_url}/")  # the tenant's page loaded the front-channel logout, then came back

    assert not signed_in(first, stack)
    assert not signed_in(second, stack), "the front-channel logout did not end the other session of the sign-in"
    assert signed_in(other, stack)
