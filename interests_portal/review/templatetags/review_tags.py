from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, key)


@register.filter
def cell_for(group, person):
    """The person's interest in this group (matrix cell), or None."""
    return group.cell(person)
