from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..accounts.admin import admin_site
from .models import PRIVATE, AuditEntry
from .text import folded

# What an entry holds of the interest itself: hidden from anyone but its owner unless the owner shared it.
CONTENT_FIELDS = ("interest_name", "changes", "before", "after", "error_message")


@admin.register(AuditEntry, site=admin_site)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is appended to by the portal and never edited. The same privacy rule as the audit
    page (AuditEntry.content_visible_to)."""

    list_filter = ("action", "outcome", "at")
    search_fields = ("actor_name", "subject_name", "reason", "graph_request_id")
    date_hierarchy = "at"

    def get_list_display(self, request: HttpRequest) -> Any:
        @admin.display(description=_("Interest"))
        def interest(entry: AuditEntry) -> str:
            return entry.interest_name if entry.content_visible_to(request.user) else str(PRIVATE)

        return ("at", "actor_name", "action", "subject_name", interest, "outcome", "graph_request_id")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AuditEntry], search_term: str
    ) -> tuple[QuerySet[AuditEntry], bool]:
        """Names are found as on the audit page: "lukasz" finds "Łukasz" (the folded `search` column)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if folded(search_term):
            found = found | queryset.filter(search__contains=folded(search_term))
        return found, may_have_duplicates

    def get_exclude(self, request: HttpRequest, obj: AuditEntry | None = None) -> Any:
        if obj is not None and not obj.content_visible_to(request.user):
            return CONTENT_FIELDS
        return super().get_exclude(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
