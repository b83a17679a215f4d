"""What many browser tests do: sign in through the local tenant's account picker, and measure whether a page scrolls
sideways."""

import re
from urllib.parse import urlencode

from playwright.sync_api import Page


def pick_account(page: Page, name: str, lands_on: str | re.Pattern[str]) -> None:
    """Choose `name`'s account on the local tenant's account picker, which the page shows now, and wait until the
    portal, having signed them in, shows `lands_on` (a whole URL, or a pattern of one)."""
    # An account's button reads its display name first, then its sign-in name, job title and roles.
    page.get_by_role("button", name=re.compile("^" + re.escape(name))).click()
    page.wait_for_url(lands_on)


def sign_in(
    page: Page, portal_url: str, name: str = "Ada Okafor", next_path: str = "/interests/", **params: str
) -> None:
    """Sign `name` in to the portal at `portal_url` and wait for it to open `next_path`. `params` go to the portal's
    sign-in as they are: moderation="1" asks Microsoft for the moderation permission as well."""
    page.goto(f"{portal_url}/auth/sign-in?{urlencode({'next': next_path, **params})}")
    pick_account(page, name, f"{portal_url}{next_path}")


def sideways_scroll(page: Page) -> int:
    """How far, in CSS pixels, the page itself scrolls sideways: 0 when nothing in it is wider than the window (a
    region inside it may still scroll on its own)."""
    # clientWidth, not innerWidth: innerWidth counts a vertical scrollbar, under which an overflow would hide.
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
