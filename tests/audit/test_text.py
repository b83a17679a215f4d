"""The audit log's stored search text (audit/text.py): both names folded the portal's one way, apart.
How names fold is tested once, for every caller, in tests/test_folding.py."""

from interests_portal.audit.text import folded, search_key


def test_a_search_text_folded_the_same_way_finds_the_name():
    assert folded("LUKASZ wróbel") in search_key("Łukasz Wróbel")


def test_the_stored_key_keeps_the_two_names_apart():
    key = search_key("Grace Obi", "Łukasz Wróbel")
    assert key == "grace obi\nlukasz wrobel"
    assert folded("obi lukasz") not in key  # a search never matches across the two names
