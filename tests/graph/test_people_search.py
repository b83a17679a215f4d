"""People search through Graph's `$search` (an advanced directory query): the request it sends, what it makes of
the answer, its typed errors (crafted responses), and what it finds in the local tenant."""

from urllib.parse import parse_qs, urlsplit

import pytest

from interests_portal.graph.client import GraphClient
from interests_portal.graph.errors import GraphForbidden, GraphInvalid, GraphThrottled, GraphUnavailable
from interests_portal.graph.people import PeopleFound, Person, people_search, search_clause
from interests_portal.local_tenant.models import DirectoryObject
from tests.graph.scripted import error, scripted_client


@pytest.fixture(autouse=True)
def retry_policy(settings):
    settings.GRAPH_MAX_RETRIES = 2
    settings.GRAPH_MAX_RETRY_WAIT = 8


def user(name: str, mail: str = "") -> dict:
    return {"id": name.lower().replace(" ", "-"), "displayName": name, "mail": mail or None,
            "userPrincipalName": mail or f"{name.split()[0].lower()}@contoso.test"}  # fmt: skip


def sent_query(request) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(request.url).query).items()}


def test_the_search_asks_for_every_searched_property_a_count_and_a_page_with_consistency_level():
    graph, adapter, _ = scripted_client((200, {}, {"@odata.count": 1, "value": [user("Ada Okafor", "ada@x.test")]}))
    found = people_search(graph, text="Okafor")
    sent = adapter.sent[0]
    assert urlsplit(sent.url).path == "/beta/users"
    assert sent.headers["ConsistencyLevel"] == "eventual"
    query = sent_query(sent)
    assert query["$search"] == '"displayName:Okafor" OR "mail:Okafor" OR "userPrincipalName:Okafor"'
    assert (query["$count"], query["$top"], query["$orderby"]) == ("true", "25", "displayName")
    assert "mail" in query["$select"].split(",")
    assert found == PeopleFound([Person("ada-okafor", "Ada Okafor", user_principal_name="ada@x.test",
                                        mail="ada@x.test")], total=1, more=False)  # fmt: skip
    assert not found.cut


def test_quotes_and_backslashes_in_the_text_are_escaped_inside_each_clause():
    assert search_clause("displayName", 'O"Brien') == r'"displayName:O\"Brien"'
    assert search_clause("displayName", "a\\b") == r'"displayName:a\\b"'
    assert search_clause("displayName", '\\"') == r'"displayName:\\\""'
    graph, adapter, _ = scripted_client((200, {}, {"@odata.count": 0, "value": []}))
    people_search(graph, text='say "hi" & 100%')
    # The clause survives the URL: & and % are percent-encoded, not taken as separators or escapes.
    assert sent_query(adapter.sent[0])["$search"].startswith(r'"displayName:say \"hi\" & 100%" OR ')


def test_a_count_beyond_the_page_means_the_results_are_cut():
    people = [user(f"Person {n:02d}") for n in range(3)]
    graph, _, _ = scripted_client((200, {}, {"@odata.count": 40, "value": people, "@odata.nextLink": "https://x"}))
    found = people_search(graph, text="person", limit=3)
    assert (len(found.people), found.total, found.cut) == (3, 40, True)


def test_without_a_count_the_next_link_still_says_there_are_more():
    graph, _, _ = scripted_client((200, {}, {"value": [user("Ada Okafor")], "@odata.nextLink": "https://x"}))
    found = people_search(graph, text="ada", limit=1)
    assert (found.total, found.more, found.cut) == (None, True, True)
    # A count that contradicts the page is not believed.
    graph, _, _ = scripted_client((200, {}, {"@odata.count": 0, "value": [user("Ada Okafor")]}))
    assert people_search(graph, text="ada").total is None
    # More people than asked for: only `limit` are kept, and the search says it was cut.
    graph, _, _ = scripted_client((200, {}, {"value": [user("Ada Okafor"), user("Ada Lovelace")]}))
    found = people_search(graph, text="ada", limit=1)
    assert ([p.display_name for p in found.people], found.cut) == (["Ada Okafor"], True)


def test_a_throttled_search_is_asked_again_with_its_consistency_level():
    graph, adapter, sleeps = scripted_client(
        (429, {"Retry-After": "1"}, error("TooManyRequests", "Please retry again later.")),
        (200, {}, {"@odata.count": 0, "value": []}),
    )
    assert people_search(graph, text="ada").total == 0
    assert sleeps == [1.0]
    assert [request.headers["ConsistencyLevel"] for request in adapter.sent] == ["eventual", "eventual"]


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "Request_UnsupportedQuery", GraphInvalid),
        (403, "Authorization_RequestDenied", GraphForbidden),
        (429, "TooManyRequests", GraphThrottled),
        (503, "serviceNotAvailable", GraphUnavailable),
    ],
)
def test_graph_failures_are_typed_errors(status, code, expected):
    answers = [(status, {"Retry-After": "0"}, error(code, "No."))] * 3
    graph, _, _ = scripted_client(*answers)
    with pytest.raises(expected) as raised:
        people_search(graph, text="ada")
    assert raised.value.request_id.startswith("req-")


# --- Against the local tenant ----------------------------------------------------------------------------------


@pytest.fixture
def graph(tenant) -> GraphClient:
    token = tenant.sign_in("grace.obi")["access_token"]
    return GraphClient(lambda: token, base_url=tenant.graph_root)


def found_names(found: PeopleFound) -> list[str]:
    return [person.display_name for person in found.people]


def test_a_surname_or_part_of_it_finds_the_person_with_their_mail(graph):
    okafor = people_search(graph, text="Okafor")
    assert found_names(okafor) == ["Ada Okafor"]
    assert okafor.people[0].mail == "ada.okafor@kestrel.example"
    assert (okafor.total, okafor.cut) == (1, False)
    assert found_names(people_search(graph, text="Raman")) == ["Priya Raman"]
    assert found_names(people_search(graph, text="oka")) == ["Ada Okafor"]
    assert found_names(people_search(graph, text="wrobel")) == ["Łukasz Wróbel"]
    assert found_names(people_search(graph, text="priya.r")) == ["Priya Raman"]  # the start of an email address


def test_a_search_cut_at_its_limit_says_how_many_there_were(graph):
    found = people_search(graph, text="a", limit=2)
    assert len(found.people) == 2
    assert found.total is not None
    assert found.total > 2
    assert found.cut


def test_text_with_quotes_and_backslashes_reaches_graph_intact(graph, tenant):
    DirectoryObject.objects.create(user_principal_name="dwayne.j@kestrel.example", display_name='Dwayne "Rock" Jo')
    assert found_names(people_search(graph, text='"Rock"')) == ['Dwayne "Rock" Jo']
    assert found_names(people_search(graph, text="Rock\\")) == ['Dwayne "Rock" Jo']
    assert found_names(people_search(graph, text='zz\\" OR "displayName:a')) == []  # no way out of the clause
