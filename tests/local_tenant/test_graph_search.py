"""`GET /users?$search=…` over real HTTP: an advanced directory query, answered as Graph answers it
(search-query-parameter.md and aad-advanced-queries.md; docs/local-tenant.md, "`$search`")."""

from urllib.parse import quote

import pytest

from interests_portal.local_tenant.graph.search import tokens
from interests_portal.local_tenant.models import DirectoryObject
from tests.local_tenant.test_graph_interests import assert_graph_error

EVENTUAL = {"ConsistencyLevel": "eventual"}


@pytest.fixture
def graph(tenant):
    return tenant.graph("grace.obi")


def names(graph, search: str, *, options: str = "", headers: dict | None = None) -> list[str]:
    answer = graph.get(f"users?$search={quote(search)}{options}", headers=EVENTUAL if headers is None else headers)
    assert answer.status_code == 200, answer.text
    return [user["displayName"] for user in answer.json()["value"]]


def add_user(key: str, display_name: str, mail: str = "") -> DirectoryObject:
    return DirectoryObject.objects.create(
        user_principal_name=f"{key}@kestrel.example", display_name=display_name, mail=mail or f"{key}@kestrel.example"
    )


def test_a_surname_finds_its_person_wherever_the_word_is_in_the_name(graph):
    assert names(graph, '"displayName:Okafor"') == ["Ada Okafor"]
    assert names(graph, '"displayName:Raman"') == ["Priya Raman"]
    # Each word is matched from its start: a prefix of the surname finds, a piece from its middle does not.
    assert names(graph, '"displayName:oka"') == ["Ada Okafor"]
    assert names(graph, '"displayName:kafor"') == []


def test_a_middle_name_and_words_in_any_order_match(tenant, graph):
    add_user("ines.quenby", "Inès Xiomara Quenby Llorente")
    assert names(graph, '"displayName:Xiomara"') == ["Inès Xiomara Quenby Llorente"]
    assert names(graph, '"displayName:quenby ines"') == ["Inès Xiomara Quenby Llorente"]
    # Every word of the text must match a word of the name: "ines okafor" is nobody.
    assert names(graph, '"displayName:ines okafor"') == []


def test_case_and_accents_are_ignored_both_ways(graph):
    assert names(graph, '"displayName:lukasz"') == ["Łukasz Wróbel"]
    assert names(graph, '"displayName:WROBEL"') == ["Łukasz Wróbel"]
    assert names(graph, '"displayName:angstrom"') == ["Zoë Ångström"]
    assert names(graph, '"displayName:émile"') == ["Émile Laurent"]
    assert names(graph, '"displayName:Ibárra"') == ["Tomás Ibarra"]


def test_names_are_split_at_symbols_digits_and_case_changes_as_graph_tokenises(tenant, graph):
    add_user("irene.mcgowan", "Irene McGowan")
    add_user("jo.smith", "Jo Smith-Jones")
    assert names(graph, '"displayName:gowan"') == ["Irene McGowan"]
    assert names(graph, '"displayName:mcgowan"') == ["Irene McGowan"]
    assert names(graph, '"displayName:jones"') == ["Jo Smith-Jones"]
    assert names(graph, '"displayName:smithjones"') == ["Jo Smith-Jones"]
    assert tokens("hello123world") >= {"hello", "123", "world"}
    assert tokens("HELLOworld") == {"helloworld"}  # only a lower-to-upper change splits (Graph's footnote 1)


def test_properties_other_than_display_name_match_from_their_start(graph):
    assert names(graph, '"mail:ada.ok"') == ["Ada Okafor"]
    assert names(graph, '"mail:okafor"') == []
    assert names(graph, '"userPrincipalName:PRIYA"') == ["Priya Raman"]
    assert names(graph, '"jobTitle:Engineering Man"') == ["Priya Raman"]


def test_or_and_and_parentheses_between_clauses(graph):
    assert names(graph, '"displayName:Raman" OR "mail:ada.okafor"') == ["Ada Okafor", "Priya Raman"]
    assert names(graph, '"displayName:ada" AND "displayName:okafor"') == ["Ada Okafor"]
    assert names(graph, '"displayName:ada" AND "displayName:raman"') == []
    either = '("displayName:Okafor" OR "displayName:Raman") AND "mail:priya"'
    assert names(graph, either) == ["Priya Raman"]
    # AND binds tighter than OR.
    assert names(graph, '"displayName:Raman" OR "displayName:ada" AND "displayName:zz"') == ["Priya Raman"]


def test_quotes_and_backslashes_are_escaped_inside_a_clause(tenant, graph):
    add_user("dwayne.johnson", 'Dwayne "The Rock" Johnson')
    add_user("back.slash", "Back\\slash Person")
    assert names(graph, r'"displayName:\"The Rock\""') == ['Dwayne "The Rock" Johnson']
    assert names(graph, r'"displayName:back\\slash"') == ["Back\\slash Person"]


def test_search_combines_with_filter_and_never_lists_contacts(graph):
    assert names(graph, '"displayName:okafor"', options="&$filter=department eq 'Engineering'") == ["Ada Okafor"]
    assert names(graph, '"displayName:okafor"', options="&$filter=department eq 'Leadership'") == []
    assert names(graph, '"displayName:rafael"') == []  # Rafael Costa is an organisational contact, not a user


def test_search_needs_consistency_level_eventual(graph):
    error = assert_graph_error(graph.get('users?$search="displayName:Okafor"'), 400, "Request_UnsupportedQuery")
    assert "ConsistencyLevel: eventual" in error["message"]
    refused = graph.get('users?$search="displayName:Okafor"', headers={"ConsistencyLevel": "session"})
    assert_graph_error(refused, 400, "Request_UnsupportedQuery")
    assert names(graph, '"displayName:Okafor"', headers={"consistencylevel": "Eventual"}) == ["Ada Okafor"]


def test_count_is_the_whole_match_on_the_first_page_and_paging_keeps_the_search(graph):
    first = graph.get('users?$search="displayName:a"&$count=true&$top=2', headers=EVENTUAL).json()
    total = DirectoryObject.objects.filter(kind="user", display_name__icontains="a").count()
    collected = [user["displayName"] for user in first["value"]]
    assert len(collected) == 2
    page = first
    while "@odata.nextLink" in page:
        assert "%24search=" in page["@odata.nextLink"] or "$search=" in page["@odata.nextLink"]
        # Custom headers are not carried into a nextLink: the client sends ConsistencyLevel again.
        assert_graph_error(graph.get(page["@odata.nextLink"]), 400, "Request_UnsupportedQuery")
        page = graph.get(page["@odata.nextLink"], headers=EVENTUAL).json()
        assert "@odata.count" not in page
        collected += [user["displayName"] for user in page["value"]]
    assert first["@odata.count"] == len(collected)
    # Every user with a word starting with "a" (and no one else) came back, each once, in displayName order.
    assert len(set(collected)) == len(collected) <= total
    assert "Ada Okafor" in collected
    assert "Aroha Ngata" in collected
    assert "Priya Raman" not in collected
    in_order = DirectoryObject.objects.filter(kind="user", display_name__in=collected).order_by("display_name", "id")
    assert collected == list(in_order.values_list("display_name", flat=True))


def test_count_without_consistency_level_is_ignored_and_must_be_a_boolean(graph):
    plain = graph.get("users?$count=true&$top=1").json()
    assert "@odata.count" not in plain
    counted = graph.get("users?$count=true&$top=1", headers=EVENTUAL).json()
    assert counted["@odata.count"] == DirectoryObject.objects.filter(kind="user").count()
    assert "@odata.count" not in graph.get("users?$count=false", headers=EVENTUAL).json()
    assert_graph_error(graph.get("users?$count=maybe", headers=EVENTUAL), 400, "BadRequest")
    # The profile's collections have no $count, with or without the header.
    assert_graph_error(graph.get("me/profile/interests?$count=true", headers=EVENTUAL), 400, "BadRequest")


@pytest.mark.parametrize(
    ("search", "code"),
    [
        ('"displayName:ada" or "mail:ada"', "BadRequest"),  # operators are upper case
        ("displayName:ada", "BadRequest"),  # a clause is quoted
        ('"displayName:ada', "BadRequest"),  # and its quote is closed
        ('"displayName:ada" "mail:ada"', "BadRequest"),  # clauses are joined by AND or OR
        ('("displayName:ada"', "BadRequest"),
        (r'"displayName:a\b"', "BadRequest"),  # only \" and \\ are escapes
        ('"displayName:"', "BadRequest"),
        ("", "BadRequest"),
        ('"shoeSize:42"', "Request_UnsupportedQuery"),
        ('"Okafor"', "Request_UnsupportedQuery"),  # directory objects need the property named
        ('"displayName:a"' + ' OR "displayName:a"' * 200, "BadRequest"),  # longer than 2000 characters
        ("(" * 900 + '"displayName:a"' + ")" * 900, "BadRequest"),  # nested too deeply
    ],
)
def test_invalid_search_syntax_is_a_400_as_in_graph(graph, search, code):
    assert_graph_error(graph.get(f"users?$search={quote(search)}", headers=EVENTUAL), 400, code)
