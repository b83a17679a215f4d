"""Real writes through the portal against the local tenant, then the log read by a portal admin: the words come
from what the write path recorded (interests/services.py), not from test fixtures."""

import csv
import io

from interests_portal.local_tenant.models import Interest
from tests.support import hidden_fields

MINUS = "\u2212"


def test_each_self_service_write_reads_in_words_in_the_log_and_its_csv(portal):
    lars = portal.sign_in("lars.nygaard")
    headers = portal.htmx(lars)

    def post(path: str, data: dict | None = None) -> None:
        assert lars.post(f"{portal.url}{path}", data=data or {}, headers=headers, timeout=10).ok

    post("/interests/new", {"display_name": "Go", "allowed_audiences": "everyone",
                            "collaboration_tags": ["askMeAbout"]})  # fmt: skip
    go = Interest.objects.get(display_name="Go", profile__owner=portal.tenant.user("lars.nygaard"))
    post(f"/interests/{go.pk}/audience", {"allowed_audiences": "organization"})
    post(f"/interests/{go.pk}/tags", {"set": "ableToMentor:on"})
    form = lars.get(f"{portal.url}/interests/{go.pk}/edit", headers=headers, timeout=10).text
    post(f"/interests/{go.pk}/edit", {"display_name": "Golang", "allowed_audiences": "organization",
                                      "collaboration_tags": ["ableToMentor"], "categories": "Languages",
                                      "seen": hidden_fields(form)["seen"]})  # fmt: skip
    post(f"/interests/{go.pk}/delete")

    grace = portal.sign_in("grace.obi", "/audit/")
    exported = grace.get(f"{portal.url}/audit/export.csv", params={"person": "nygaard"}, timeout=10)
    header, *rows = csv.reader(io.StringIO(exported.content.decode("utf-8-sig")))
    changes = [dict(zip(header, row, strict=True))["Changes"].splitlines() for row in reversed(rows)]
    assert changes == [
        ["Created “Go” (Everyone; Ask me about)"],
        ["Who can see it: Everyone → My organization"],
        ["Tags: + Can mentor"],
        ["Name: Go → Golang", "Categories: + Languages", f"Tags: {MINUS} Ask me about"],
        ["Deleted “Golang” (My organization; Can mentor)"],
    ]
    page = grace.get(f"{portal.url}/audit/", params={"person": "nygaard"}, timeout=10).text
    assert "Who can see it: Everyone → My organization" in page
