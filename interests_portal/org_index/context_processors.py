from django.conf import settings
from django.http import HttpRequest


def org_index(request: HttpRequest) -> dict[str, bool]:
    """Whether the menu offers Find people and Mentors for me."""
    return {"org_index_enabled": settings.ORG_INDEX_ENABLED}
