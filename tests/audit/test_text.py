"""How the audit search folds names: the same on SQLite and PostgreSQL, because it is done in Python."""

import pytest

from interests_portal.audit.text import folded, search_key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Łukasz Wróbel", "lukasz wrobel"),
        ("ŁUKASZ", "lukasz"),
        ("Øystein Ødegård", "oystein odegard"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Đorđe Đoković", "dorde dokovic"),
        ("Æsa Ærø", "aesa aero"),
        ("Œuvre", "oeuvre"),
        ("Zoë Brontë", "zoe bronte"),
        ("\u0130lkay I\u015f\u0131k", "ilkay isik"),  # Turkish: a capital dotted I, and a dotless i
        ("Þórunn Guðmundsdóttir", "thorunn gudmundsdottir"),
        ("\uff2c\uff55\uff4b\uff41\uff53\uff5a", "lukasz"),  # full-width letters: NFKD's compatibility part
        ("ﬁona", "fiona"),  # a ligature
        ("Nguyễn Văn Ánh", "nguyen van anh"),
        ("  Ada \t Okafor  ", "ada okafor"),
        ("O'Brien-Smith", "o'brien-smith"),  # punctuation stays: it is typed too
        ("", ""),
    ],
)
def test_names_fold_to_plain_lower_case_letters(name, expected):
    assert folded(name) == expected


def test_a_search_text_folded_the_same_way_finds_the_name():
    assert folded("LUKASZ wróbel") in folded("Łukasz Wróbel")


def test_the_stored_key_keeps_the_two_names_apart():
    key = search_key("Grace Obi", "Łukasz Wróbel")
    assert key == "grace obi\nlukasz wrobel"
    assert folded("obi lukasz") not in key  # a search never matches across the two names
