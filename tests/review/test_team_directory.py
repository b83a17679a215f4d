"""Who reports to a manager, read from Graph (graph/people.py), with crafted responses: users and organisational
contacts told apart, never silently dropped."""

from urllib.parse import parse_qs, urlsplit

from interests_portal.graph.people import direct_reports, direct_reports_and_contacts, has_direct_reports
from tests.graph.scripted import scripted_client

PAGE_TWO = "https://graph.test/beta/me/directReports?$skiptoken=x"


def test_users_and_contacts_are_told_apart_across_pages():
    graph, adapter, _ = scripted_client(
        (200, {}, {"value": [
            {"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Ada", "userPrincipalName": "ada@x"},
            {"@odata.type": "#microsoft.graph.orgContact", "id": "c1", "displayName": "Rafael (contractor)",
             "mail": "rafael@partner.example", "jobTitle": "Contract Developer"},
            {"id": "u2", "displayName": "No type: a user, as Graph's default"},
        ], "@odata.nextLink": PAGE_TWO}),
        (200, {}, {"value": [
            {"@odata.type": "#microsoft.graph.orgContact", "id": "c2", "displayName": "Lin"},
            {"@odata.type": "#microsoft.graph.device", "id": "d1", "displayName": "Not a person"},
        ]}),
    )  # fmt: skip
    reports = direct_reports_and_contacts(graph)
    assert [p.display_name for p in reports.users] == ["Ada", "No type: a user, as Graph's default"]
    assert [(p.display_name, p.mail, p.job_title) for p in reports.contacts] == [
        ("Rafael (contractor)", "rafael@partner.example", "Contract Developer"),
        ("Lin", "", ""),
    ]
    assert reports.contacts[0].teams_chat_url == ""  # no sign-in name: no Teams chat to offer
    assert adapter.sent[1].url == PAGE_TWO


def test_direct_reports_is_still_the_users_alone():
    graph, _, _ = scripted_client(
        (200, {}, {"value": [{"@odata.type": "#microsoft.graph.orgContact", "id": "c1", "displayName": "Rafael"},
                             {"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Ada"}]}),
    )  # fmt: skip
    assert [p.id for p in direct_reports(graph)] == ["u1"]


def test_whether_anyone_reports_asks_for_one_id_and_counts_contacts():
    graph, adapter, _ = scripted_client(
        (200, {}, {"value": [{"@odata.type": "#microsoft.graph.orgContact", "id": "c1"}]}),
        (200, {}, {"value": []}),
    )
    assert has_direct_reports(graph) is True
    assert has_direct_reports(graph) is False
    query = parse_qs(urlsplit(adapter.sent[0].url).query)
    assert query == {"$top": ["1"], "$select": ["id"]}
