"""Every review, moderation and audit URL for every role: the status, no hidden data, nothing changed in Graph."""

import pytest

from interests_portal.audit.models import AuditEntry
from interests_portal.local_tenant.models import Interest

HIDDEN = "Salary negotiation notes"  # Ada's, visible only to Ada
ROLES = ["anonymous", "employee", "manager of Ada", "other manager", "portal admin"]
SIGN_IN = {"employee": "lars.nygaard", "manager of Ada": "priya.raman", "other manager": "tomas.ibarra",
           "portal admin": "grace.obi"}  # fmt: skip

# (name, method, url template, expected status by role; "sign-in" = sent to sign in)
URLS = [
    ("team page", "GET", "/team/", {"anonymous": "sign-in", "*": 200}),
    ("team partial", "HX", "/team/?view=matrix", {"anonymous": "sign-in", "*": 200}),
    ("team export", "GET", "/team/export.csv", {"anonymous": "sign-in", "*": 200}),
    ("drill-down", "GET", "/team/people/{ada}/", {"anonymous": "sign-in", "manager of Ada": 200, "*": 404}),
    ("drill-down partial", "HX", "/team/people/{ada}/", {"anonymous": "sign-in", "manager of Ada": 200, "*": 404}),
    ("admin search", "GET", "/review/people/?q=ada", {"anonymous": "sign-in", "portal admin": 200, "*": 403}),
    ("admin person", "GET", "/review/people/{ada}/", {"anonymous": "sign-in", "portal admin": 200, "*": 403}),
    (
        "moderate",
        "POST",
        "/review/people/{ada}/interests/{chess}/moderate",
        {"anonymous": "sign-in", "portal admin": 200, "*": 403},
    ),
    (
        "moderate hidden",
        "POST",
        "/review/people/{ada}/interests/{hidden}/moderate",
        {"anonymous": "sign-in", "portal admin": 404, "*": 403},
    ),
    ("audit log", "GET", "/audit/", {"anonymous": "sign-in", "portal admin": 200, "*": 403}),
    ("audit export", "GET", "/audit/export.csv", {"anonymous": "sign-in", "portal admin": 200, "*": 403}),
]


def expected(outcomes: dict, role: str):
    return outcomes.get(role, outcomes["*"])


def snapshot() -> list[tuple]:
    rows = Interest.objects.values_list("id", "display_name", "allowed_audiences", "collaboration_tags")
    return sorted((pk, name, audience, tuple(tags or ())) for pk, name, audience, tags in rows)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_expected_and_leaks_nothing(portal, role):
    browser = (
        portal.browser()
        if role == "anonymous"
        else portal.sign_in(SIGN_IN[role], "/team/", moderation=role == "portal admin")
    )
    browser.get(f"{portal.url}/", timeout=10)  # a CSRF cookie, as a browser has
    ada = portal.tenant.user("ada.okafor")
    ids = {"ada": ada.pk, "chess": Interest.objects.get(profile__owner=ada, display_name="Chess").pk,
           "hidden": Interest.objects.get(profile__owner=ada, display_name=HIDDEN).pk}  # fmt: skip
    before = snapshot()
    failures = []
    for name, method, template, outcomes in URLS:
        url = portal.url + template.format(**ids)
        if method == "POST":
            data = {"action": "restrict", "reason": "Checking who may do this."}
            answer = browser.post(url, data=data, headers=portal.htmx(browser), allow_redirects=False, timeout=10)
        elif method == "HX":
            answer = browser.get(url, headers=portal.htmx(browser, "/team/"), allow_redirects=False, timeout=10)
        else:
            answer = browser.get(url, allow_redirects=False, timeout=10)
        want = expected(outcomes, role)
        if want == "sign-in":
            redirected = answer.headers.get("HX-Redirect") or answer.headers.get("Location", "")
            got = "sign-in" if redirected.startswith("/auth/sign-in") else answer.status_code
        else:
            got = answer.status_code
        if got != want:
            failures.append(f"{name}: expected {want}, got {got}")
        if HIDDEN in answer.content.decode("utf-8", "replace"):
            failures.append(f"{name}: shows a hidden interest")
    assert failures == []

    after = snapshot()
    if role == "portal admin":  # the one permitted write: Chess restricted to Ada
        changed = {row[1]: row[2] for row in set(after) - set(before)}
        assert changed == {"Chess": "me"}
        # Both attempts are recorded: the permitted one, and the one on the hidden interest Graph would not find
        # (which Graph named nowhere, so the entry names nothing).
        assert sorted(AuditEntry.objects.values_list("interest_name", "outcome", "error_code")) == [
            ("", "failed", "itemNotFound"),
            ("Chess", "succeeded", ""),
        ]
    else:
        assert after == before
        assert not AuditEntry.objects.exists()
