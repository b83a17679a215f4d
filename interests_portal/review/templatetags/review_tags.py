from django import template

from ...graph.models import tag_label as _tag_label

register = template.Library()


@register.filter
def cell_for(group, person):
    """The person's interest in this group (matrix cell), or None."""
    return group.cell(person)


@register.filter
def tag_label(tag: str) -> str:
    """A collaboration tag in words; one the portal does not know as "Other: <value>"."""
    return _tag_label(tag)
