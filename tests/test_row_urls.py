"""Row URLs built from a pattern reversed once are the URLs `{% url %}` builds, under any script prefix."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from interests_portal.portal.templatetags.row_urls import url_for

ID = "AAMkAGI2TGuLAAA=_x-1"


@pytest.mark.parametrize("name", ["interests:edit", "interests:row", "interests:audience", "interests:tags",
                                  "interests:delete", "review:team-person", "review:admin-person"])  # fmt: skip
def test_a_row_url_is_the_reversed_url(name):
    assert url_for(ID, name) == reverse(name, args=[ID])


def test_under_a_script_prefix_the_prefix_leads():
    set_script_prefix("/portal/")
    try:
        assert url_for(ID, "interests:edit") == f"/portal/interests/{ID}/edit" == reverse("interests:edit", args=[ID])
    finally:
        set_script_prefix("/")
    assert url_for(ID, "interests:edit") == f"/interests/{ID}/edit"


@pytest.mark.parametrize("bad", ["", "../admin", "a/b", "-leading", "x y", "id?q=1"])
def test_an_id_the_converter_refuses_raises_as_url_does(bad):
    with pytest.raises(NoReverseMatch):
        reverse("interests:edit", args=[bad])
    with pytest.raises(NoReverseMatch):
        url_for(bad, "interests:edit")


def test_a_view_without_exactly_one_id_cannot_be_named():
    with pytest.raises(NoReverseMatch):
        url_for(ID, "review:admin-moderate")  # two ids
    with pytest.raises(NoReverseMatch):
        url_for(ID, "interests:list")  # none


def test_in_a_template():
    rendered = Template('{% load row_urls %}<a href="{{ id|url_for:"interests:delete" }}">').render(Context({"id": ID}))
    assert rendered == f'<a href="/interests/{ID}/delete">'
