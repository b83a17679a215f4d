from typing import Any

from django import template

from ...accounts.roles import team_link_shown as _team_link_shown
from ...graph.models import Interest
from ...graph.models import tag_label as _tag_label
from ...graph.people import Person
from ..team import InterestGroup

register = template.Library()


@register.filter
def cell_for(group: InterestGroup, person: Person) -> Interest | None:
    """The person's interest in this group (matrix cell), or None."""
    return group.cell(person)


@register.filter
def tag_label(tag: str) -> str:
    """A collaboration tag in words; one the portal does not know as "Other: <value>"."""
    return _tag_label(tag)


@register.simple_tag(takes_context=True)
def team_link_shown(context: dict[str, Any]) -> bool:
    """Whether the navigation offers "My team" (accounts/roles.py). Evaluated where the link is drawn, so a page
    that never shows the navigation (an htmx partial) never asks; shown when there is no request to ask about."""
    request = context.get("request")
    return True if request is None else _team_link_shown(request)
