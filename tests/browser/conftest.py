"""Playwright driving Debian's Chromium (Playwright's own browser download is not available here)."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.browser.long_names import LongNames, create_long_names
from tests.browser.support import pick_account

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageOpener(Protocol):
    """The `open_page` fixture: `open_page()`, `open_page("de-DE")`, `open_page(java_script_enabled=False)`."""

    def __call__(self, locale: str = "en-GB", **options: Any) -> Page: ...


@pytest.fixture
def open_page(browser: Browser) -> Iterator[PageOpener]:
    """Opens a page in a fresh browser context whose browser asks for `locale` first, whatever the machine's locale,
    so that pages are in the language the test expects (British English unless told); `options` are Playwright's
    other context options. The test fails if a page of any of these contexts breaks its Content-Security-Policy."""
    contexts: list[BrowserContext] = []
    violations: list[str] = []

    def open_page(locale: str = "en-GB", **options: Any) -> Page:
        context = browser.new_context(locale=locale, **options)
        context.set_default_timeout(10_000)
        # On the context, not the page: the tabs a test opens beside the first are held to the policy too.
        context.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert violations == []


@pytest.fixture
def page(open_page: PageOpener) -> Page:
    """A page in a fresh browser context that asks for British English; the test fails if it breaks its CSP."""
    return open_page()


@pytest.fixture
def signed_in(portal, page: Page) -> Page:
    """The page, with Ada Okafor signed in as a person does it: the start page's link, then her account on the local
    tenant's picker."""
    page.goto(f"{portal.url}/")
    page.get_by_role("link", name="Sign in with Microsoft").click()
    pick_account(page, "Ada Okafor", f"{portal.url}/interests/")
    expect(page.get_by_role("heading", name="My interests", level=1)).to_be_visible()
    return page


@pytest.fixture
def long_names(tenant) -> LongNames:
    """A 255-character unbroken name, accented names and 255-character interests in Søren Østergaard's team."""
    return create_long_names()


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    # Through DevTools, not a <script> tag: the portal's CSP rightly refuses injected scripts.
    page.evaluate(AXE.read_text() + "\n;true")
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in violations if v["impact"] in {"serious", "critical"}]
