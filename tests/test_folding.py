"""The portal's one folding of names (portal/text.py), and the three places that compare names with it agreeing:
the audit log's search, My interests' search and same-name warning, and the team page's grouping."""

import unicodedata

import pytest

from interests_portal.audit import text as audit_text
from interests_portal.graph.models import Interest
from interests_portal.graph.people import Person, PersonInterests
from interests_portal.interests.listing import ListQuery, arrange, same_name
from interests_portal.portal.text import folded
from interests_portal.review.team import interest_groups

FOLDED = [
    # Accents and case: NFKD takes the marks off, casefold() the capitals.
    ("Łukasz Wróbel", "lukasz wrobel"),
    ("ŁUKASZ", "lukasz"),
    ("Zoë Brontë", "zoe bronte"),
    ("Nguyễn Văn Ánh", "nguyen van anh"),
    ("Phở và ẩm thực", "pho va am thuc"),
    ("CAFE\u0301", "cafe"),  # an accent typed as a combining mark
    ("Ångström", "angstrom"),
    # Letters NFKD leaves whole, each from the table.
    ("Guðrún", "gudrun"),
    ("Đorđe Đoković", "dorde dokovic"),
    ("Øystein Ødegård", "oystein odegard"),
    ("Søren Østergaard", "soren ostergaard"),
    ("Æsa Ærø", "aesa aero"),
    ("Œuvre", "oeuvre"),
    ("Þórunn Guðmundsdóttir", "thorunn gudmundsdottir"),
    ("Straße", "strasse"),
    ("STRAẞE", "strasse"),  # the capital sharp s
    ("\u0130lkay I\u015f\u0131k", "ilkay isik"),  # Turkish: a capital dotted I, and a dotless i
    ("Əli Məmmədov", "eli memmedov"),  # Azerbaijani schwa, capital and small
    ("Ǝwe", "ewe"),  # the turned e
    ("Ŧest", "test"),
    ("Ħal Għargħur", "hal gharghur"),
    ("Ŀlibre", "llibre"),  # Catalan's ŀ: the letter, not "l·"
    ("Kĸ", "kk"),
    ("ƒ", "f"),
    # NFKD's compatibility part: full-width letters, ligatures.
    ("\uff2c\uff55\uff4b\uff41\uff53\uff5a", "lukasz"),
    ("ﬁona", "fiona"),
    # Spacing: runs made one space (a no-break space is a space), the ends trimmed.
    ("  Ada \t Okafor  ", "ada okafor"),
    ("Café\u00a0Culture", "cafe culture"),
    ("  Łódź  ", "lodz"),
    # What stays: punctuation (people type it too), letters of scripts without case, a middle dot typed as such.
    ("O'Brien-Smith", "o'brien-smith"),
    ("C++", "c++"),
    ("日本語", "日本語"),
    ("col·lecció", "col·leccio"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), FOLDED)
def test_text_folds_to_plain_lower_case_letters(text, expected):
    assert folded(text) == expected


@pytest.mark.parametrize(("text", "expected"), FOLDED)
def test_folding_twice_changes_nothing(text, expected):
    # Stored text is folded once and typed text once more: both must land on the same string.
    assert folded(expected) == expected


def test_no_folded_text_keeps_a_combining_mark_or_a_capital():
    every_letter = "".join(chr(point) for point in range(0x250) if chr(point).isalpha())
    result = folded(every_letter)
    assert not any(unicodedata.combining(char) for char in result)
    assert result == result.casefold()


# --- The three callers agree ----------------------------------------------------------------------------------

# (as stored, as typed): the same name, however spelt.
SAME = [
    ("Guðrún Jónsdóttir", "gudrun jonsdottir"),
    ("Əli Məmmədov", "ELI MEMMEDOV"),
    ("Ŧest driven", "TEST  DRIVEN"),
    ("Łódź walks", "lodz walks"),
    ("Straße", "strasse"),
    ("Ærø sailing", "aero sailing"),
]


def test_the_audit_log_folds_with_the_portals_function():
    assert audit_text.folded is folded
    assert audit_text.search_key("Guðrún", "Əli") == "gudrun\neli"


@pytest.mark.parametrize(("stored", "typed"), SAME)
def test_the_audit_search_my_interests_and_the_team_page_agree_on_a_name(stored, typed):
    # The audit log: what is typed, folded, is part of the stored search text (selectors.py's LIKE).
    assert audit_text.folded(typed) in audit_text.search_key(stored, "Someone Else")
    # My interests: the search finds it, and the same-name warning names it.
    mine = [Interest(id="i-1", display_name=stored)]
    assert [interest.id for interest in arrange(mine, ListQuery(text=typed)).shown] == ["i-1"]
    assert same_name(mine, typed) == mine[0]
    # The team page: one person's spelling and another's are one interest.
    team = [
        PersonInterests(Person("a", "Ada"), [Interest(id="a-1", display_name=stored)]),
        PersonInterests(Person("b", "Ben"), [Interest(id="b-1", display_name=typed)]),
    ]
    (group,) = interest_groups(team)
    assert [person.id for person, _interest in group.holders] == ["a", "b"]


def test_a_different_name_is_different_everywhere():
    stored, typed = "Guðrún", "Gudrum"
    assert audit_text.folded(typed) not in audit_text.search_key(stored)
    assert same_name([Interest(id="i-1", display_name=stored)], typed) is None
    team = [
        PersonInterests(Person("a", "Ada"), [Interest(id="a-1", display_name=stored)]),
        PersonInterests(Person("b", "Ben"), [Interest(id="b-1", display_name=typed)]),
    ]
    assert len(interest_groups(team)) == 2
