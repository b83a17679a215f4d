"""Layouts that hold: every page of the product, at 1280 px and at 390 px, with the longest names the directory and
Graph allow (tests/browser/long_names.py).

Each page at each width is a test of its own, and checks that:
- the page never scrolls sideways (nothing is wider than the window: long words wrap);
- axe-core finds nothing serious or critical;
- every region that scrolls can be reached with the keyboard (it takes focus itself and then scrolls with the arrow
  keys, or holds something that takes focus), and one that takes focus has a name for screen readers;
- the keyboard can see where it is: the first Tab reaches the skip link, in view, and every stop after it shows a
  focus outline.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urljoin

import pytest
from django.template import loader
from django.urls import reverse
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from interests_portal.audit.models import AuditEntry
from interests_portal.portal.views import ERROR_MESSAGE
from tests.browser.conftest import axe_violations
from tests.browser.long_names import UNBROKEN_INTEREST, UNBROKEN_NAME, UNBROKEN_TEXT, UNBROKEN_URL, LongNames
from tests.browser.support import sign_in

WIDTHS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
SCREENSHOTS = os.environ.get("LAYOUT_SCREENSHOTS")
TAB_STOPS = 40  # enough to pass the header, the navigation and the first controls of any page


@dataclass(frozen=True)
class Visit:
    """A page: who is signed in (a demo key, "unbroken" for the 255-character person, or nobody), where, and text
    that shows it is the page meant, holding the long names it is there to try."""

    who: str | None
    path: Callable[[LongNames], str]
    shows: str
    then: Callable[[Page, LongNames], None] | None = None  # what brings the page about, once at `path`


def _audit_entry(names: LongNames) -> str:
    """An entry shared with colleagues before and after, so its detail shows the interest as it was and became."""
    entry = AuditEntry.objects.filter(subject_oid=str(names.unbroken.pk), action="update").get()
    return reverse("audit:entry", args=[entry.pk])


def _confirm_a_moderated_delete(page: Page, names: LongNames) -> None:
    """The confirmation a portal admin sees without JavaScript: the form sent as the browser sends it, untouched
    by htmx."""
    interest = names.interest.pk
    page.locator(f"#reason-{interest}").fill("Names a colleague: " + UNBROKEN_TEXT[:300])
    page.evaluate(
        """(id) => {
            const form = document.getElementById(`moderation-${id}`);
            const action = {type: "hidden", name: "action", value: "delete"};
            form.append(Object.assign(document.createElement("input"), action));
            HTMLFormElement.prototype.submit.call(form);
        }""",
        str(interest),
    )
    expect(page.get_by_role("heading", name="Delete this interest?")).to_be_visible()


def _server_error(page: Page, names: LongNames) -> None:
    """The 500 page as handler500 renders it: a live server cannot be made to fail on demand, so the browser is
    answered with the page itself (its stylesheet still comes from the server)."""
    body = loader.render_to_string("500.html", {"outage": False, "message": ERROR_MESSAGE})
    page.route("**/broken", lambda route: route.fulfill(status=500, body=body, content_type="text/html"))
    page.goto(urljoin(page.url, "/broken"))


NAME, INTEREST = UNBROKEN_NAME[:60], UNBROKEN_INTEREST[:60]  # enough to know them by, wherever they wrap
PAGES: dict[str, Visit] = {
    "start": Visit(None, lambda n: "/", "Keep your interests current"),
    "start-signed-in": Visit("unbroken", lambda n: "/", NAME),
    "my-interests": Visit("unbroken", lambda n: "/interests/", INTEREST),
    "edit": Visit("unbroken", lambda n: f"/interests/{n.interest.pk}/edit", INTEREST),
    "delete-confirm": Visit("unbroken", lambda n: f"/interests/{n.interest.pk}/delete", INTEREST),
    "team-people": Visit("soren.ostergaard", lambda n: "/team/", NAME),
    "team-interests": Visit("soren.ostergaard", lambda n: "/team/?view=interests", INTEREST),
    "team-matrix": Visit("soren.ostergaard", lambda n: "/team/?view=matrix", INTEREST),
    "team-matches": Visit("soren.ostergaard", lambda n: "/team/?view=matches", INTEREST),
    "team-person": Visit("soren.ostergaard", lambda n: f"/team/people/{n.unbroken.pk}/", INTEREST),
    "team-no-reports": Visit("unbroken", lambda n: "/team/", "No one reports to you"),
    "admin-search": Visit("grace.obi", lambda n: "/review/people/?q=wolfe", NAME),
    "admin-person": Visit("grace.obi", lambda n: f"/review/people/{n.unbroken.pk}/", INTEREST),
    "moderation": Visit(
        "grace.obi", lambda n: f"/review/people/{n.unbroken.pk}/", "Delete this interest?", _confirm_a_moderated_delete
    ),
    "audit-log": Visit("grace.obi", lambda n: "/audit/", NAME),
    "audit-entry": Visit("grace.obi", _audit_entry, INTEREST),
    "admins-only-403": Visit("unbroken", lambda n: "/review/people/", "This page is for portal admins"),
    "not-allowed-403": Visit("grace.obi", lambda n: "/admin/accounts/user/add/", "That isn't something you can do"),
    "not-found-404": Visit("unbroken", lambda n: "/" + UNBROKEN_TEXT[:200] + "/", "There's nothing at this address"),
    "server-error-500": Visit(None, lambda n: "/", "Something went wrong", _server_error),
    "sign-in-problem": Visit(None, lambda n: "/auth/callback", "You're not signed in yet"),
    "tenant-overview": Visit(None, lambda n: "/_tenant/", NAME),
    "tenant-picker": Visit(None, lambda n: "/auth/sign-in?next=/interests/", NAME),
    "tenant-error": Visit(
        None,
        lambda n: "/_tenant/login/oauth2/v2.0/authorize?" + urlencode({"client_id": UNBROKEN_TEXT[:120]}),
        "Sign-in can't continue",
    ),
    "tenant-signed-out": Visit(
        None,
        lambda n: "/_tenant/login/oauth2/v2.0/logout?" + urlencode({"post_logout_redirect_uri": UNBROKEN_URL}),
        UNBROKEN_URL[:60],
    ),
    "django-admin": Visit("grace.obi", lambda n: "/admin/", "Site administration"),
    "django-admin-audit": Visit("grace.obi", lambda n: "/admin/audit/auditentry/", NAME),
}

# Cases that fail in templates other engineers are reworking (issue 9): "<area>: <what fails>". strict, so that a
# fix shows up as an XPASS failure and the mark is taken off.
KNOWN: dict[tuple[str, str], str] = {}


def _cases() -> list:
    cases = []
    for name in PAGES:
        for width in WIDTHS:
            reason = KNOWN.get((name, width))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            cases.append(pytest.param(name, width, id=f"{name}-{width}", marks=marks))
    return cases


# What the page is like now: its overflow, its scroll regions, and the elements that stick out of the window.
MEASURE = """() => {
  const focusable = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), '
    + 'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const regions = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.matches('textarea, select, input')) continue;  // form controls scroll with the keyboard by nature
    if (!el.checkVisibility()) continue;  // e.g. inside a closed <details>: there is nothing to reach yet
    const style = getComputedStyle(el);
    const x = ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth;
    const y = ['auto', 'scroll'].includes(style.overflowY) && el.scrollHeight > el.clientHeight;
    if (!x && !y) continue;
    regions.push({
      element: describe(el),
      horizontal: x,
      focusable: el.matches(focusable),
      holdsFocusable: el.querySelector(focusable) !== null,
      named: Boolean(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')),
    });
  }
  // The innermost elements whose content reaches past the window's right edge: what to fix.
  const width = window.innerWidth;
  const reaches = (el) => el.getBoundingClientRect().left + el.scrollWidth > width + 1;
  const wide = [...document.querySelectorAll('body *')]
    .filter((el) => reaches(el) && ![...el.children].some(reaches))
    .filter((el) => el.closest('.visually-hidden, .skip-link') === null)
    .map(describe);
  return {overflow: document.documentElement.scrollWidth - width, regions, wide: wide.slice(0, 5)};
}"""

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    element: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + (el.textContent || '').trim().slice(0, 40),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    inView: box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
  };
}"""


@pytest.mark.parametrize(("name", "width"), _cases())
def test_the_page_holds_its_layout(portal, long_names, page, name, width):
    visit = PAGES[name]
    page.set_viewport_size(WIDTHS[width])
    people = {"unbroken": long_names.unbroken}
    path = visit.path(long_names)
    if visit.who:
        person = people.get(visit.who) or portal.tenant.user(visit.who)
        sign_in(page, portal.url, person.display_name, path)
    else:
        page.goto(f"{portal.url}{path}")
    if visit.then:
        visit.then(page, long_names)
    page.wait_for_load_state("networkidle")
    shown = page.evaluate(
        "() => document.body.innerText + ' ' + [...document.querySelectorAll('input, textarea')].map((e) => e.value)"
        ".join(' ')"
    )
    assert visit.shows in shown, f"not the page meant: {page.url}"
    # What a disclosure hides must hold too, once opened.
    page.evaluate("() => document.querySelectorAll('details').forEach((details) => { details.open = true; })")
    if SCREENSHOTS:  # for a person to look at: LAYOUT_SCREENSHOTS=<directory>
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}-{width}.png", full_page=True)

    measured = page.evaluate(MEASURE)
    assert measured["overflow"] <= 0, f"{measured['overflow']} px wider than the window: {measured['wide']}"
    assert axe_violations(page) == []
    unreachable = [r["element"] for r in measured["regions"] if not (r["focusable"] or r["holdsFocusable"])]
    assert unreachable == [], "scroll regions the keyboard cannot reach"
    unnamed = [r["element"] for r in measured["regions"] if r["focusable"] and not r["named"]]
    assert unnamed == [], "scroll regions that take focus without a name"
    _focus_is_visible(page)
    _scrolls_with_the_arrow_keys(page, [r for r in measured["regions"] if r["focusable"] and r["horizontal"]])


def _scrolls_with_the_arrow_keys(page: Page, regions: list[dict]) -> None:
    scrollers = page.evaluate_handle(
        """() => [...document.querySelectorAll('[tabindex]:not([tabindex="-1"])')].filter((el) => {
             const style = getComputedStyle(el);
             return ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth
               && el.checkVisibility();
           })"""
    )
    assert page.evaluate("(list) => list.length", scrollers) == len(regions)
    for index, region in enumerate(regions):
        scroller = page.evaluate_handle("([list, n]) => list[n]", [scrollers, index]).as_element()
        assert scroller is not None
        scroller.focus()
        page.keyboard.press("ArrowRight")
        try:  # keyboard scrolling is animated: wait for it
            page.wait_for_function("(el) => el.scrollLeft > 0", arg=scroller, timeout=3000)
        except PlaywrightTimeoutError:
            pytest.fail(f"{region['element']} takes focus but does not scroll with the arrow keys")


def _focus_is_visible(page: Page) -> None:
    """From the page as it loaded: unless it put focus somewhere itself, the first Tab reaches the skip link."""
    if page.evaluate(FOCUS) is None:
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS)
        assert first is not None
        assert first["element"].endswith("Skip to main content"), f"the first Tab stop is {first['element']}"
        assert first["inView"]
    unseen, previous = [], None
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if focused is None:
            break
        # A date field takes several Tabs (day, month, year, Chrome's own calendar button): judged at the first.
        if focused["element"] != previous and not (focused["outline"] or focused["shadow"]):
            unseen.append(focused["element"])
        previous = focused["element"]
    assert unseen == [], "focused without a visible outline"
