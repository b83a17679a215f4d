from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("display_name", "email", "is_superuser", "last_login")
    search_fields = ("display_name", "email", "entra_object_id")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Entra ID", {"fields": ("display_name", "entra_object_id", "entra_tenant_id")}),
    )
