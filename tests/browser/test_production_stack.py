"""The production configuration in a real browser: the portal under gunicorn in Microsoft mode, the local tenant as
a separate process on another origin (tests/production/conftest.py). Browsers enforce what `requests` does not:
CSP form-action on the sign-in's redirect back, framing of the front-channel logout."""

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from interests_portal.benchmarks.stack import Stack


@pytest.fixture
def contexts(browser: Browser):
    """New browser contexts that trust the stack's self-signed certificate; each fails the test on a CSP violation."""
    opened: list[BrowserContext] = []
    violations: list[str] = []

    def new() -> BrowserContext:
        context = browser.new_context(ignore_https_errors=True)
        context.set_default_timeout(15_000)
        context.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        opened.append(context)
        return context

    yield new
    for context in opened:
        context.close()
    assert violations == []


def sign_in(page: Page, stack: Stack, name: str) -> None:
    page.goto(f"{stack.portal_url}/auth/sign-in?next=/interests/")
    page.get_by_role("button", name=re.compile(f"^{name}")).click()
    page.wait_for_url(f"{stack.portal_url}/interests/")
    expect(page.get_by_role("heading", name="My interests")).to_be_visible()


def signed_in(context: BrowserContext, stack: Stack) -> bool:
    answer = context.request.get(f"{stack.portal_url}/interests/", max_redirects=0)
    return answer.status == 200


def test_signing_in_and_out_in_a_browser_ends_every_portal_session_of_that_sign_in(stack: Stack, contexts) -> None:
    first, second, other = contexts(), contexts(), contexts()
    omar = first.new_page()
    sign_in(omar, stack, "Omar Haddad")
    # The same Microsoft sign-in session reaching the portal twice (another tab's window, another device's SSO):
    # the local tenant's sign-in cookie, as Entra's, makes the second sign-in part of the first's session.
    second.add_cookies([cookie for cookie in first.cookies() if cookie["name"] == "local_tenant_sign_in"])
    sign_in(second.new_page(), stack, "Omar Haddad")
    sign_in(other.new_page(), stack, "Sofia Greco")  # someone else, signed in on their own
    assert signed_in(first, stack)
    assert signed_in(second, stack)

    omar.get_by_role("button", name="Sign out").click()
    omar.wait_for_url(f"{stack.portal_url}/")  # the tenant's page loaded the front-channel logout, then came back

    assert not signed_in(first, stack)
    assert not signed_in(second, stack), "the front-channel logout did not end the other session of the sign-in"
    assert signed_in(other, stack)
