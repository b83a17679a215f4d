from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is appended to by the portal and never edited."""

    list_display = ("at", "actor_name", "action", "subject_name", "interest_name", "outcome", "graph_request_id")
    list_filter = ("action", "outcome", "at")
    search_fields = ("actor_name", "subject_name", "interest_name", "reason", "graph_request_id")
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
