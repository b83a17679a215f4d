"""Django's admin, reachable only through Entra ID sign-in.

`admin_site` is the one admin site the portal mounts (urls.py); register models on it
(`@admin.register(Model, site=admin_site)`). Who may use it comes from Entra ID: portal admins (the app role) are
made staff and superuser at each sign-in (views._user_from_claims). There is no password anywhere: the admin's
login page sends people to the portal's sign-in, its password views are not mounted, and the only authentication
backend (backends.EntraOnlyBackend) accepts no password.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, reverse
from django.utils.translation import gettext_lazy as _

from . import views
from .models import User
from .navigation import local_path, sign_in_url

# Django's admin views that change a password: not mounted, so they answer 404.
PASSWORD_VIEWS = {"password_change", "password_change_done"}


class PortalAdminSite(admin.AdminSite):
    site_header = _("Interests Portal administration")
    site_title = _("Interests Portal admin")
    site_url = "/"

    def get_urls(self) -> list[URLResolver | URLPattern]:
        return [url for url in super().get_urls() if getattr(url, "name", None) not in PASSWORD_VIEWS]

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """No login form: off to Entra ID sign-in and back to the admin page asked for. Someone signed in who is
        not a portal admin is told so (403); sending them to sign in again would only bring them back here."""
        next_path = local_path(request.GET.get("next"), default=reverse("admin:index", current_app=self.name))
        if self.has_permission(request):
            return HttpResponseRedirect(next_path)
        if request.user.is_authenticated:
            return render(request, "review/forbidden.html", status=403)
        return HttpResponseRedirect(sign_in_url(next_path))

    # The stubs say TemplateResponse; Django's own logout may redirect too.
    def logout(  # type: ignore[override]
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The portal's sign-out (it also forgets the Microsoft tokens and ends the Entra ID session)."""
        return views.sign_out(request)


admin_site = PortalAdminSite(name="admin")


@admin.register(User, site=admin_site)
class PortalUserAdmin(admin.ModelAdmin):
    """People as Entra ID signed them in. A plain ModelAdmin, not Django's UserAdmin: that one brings the password
    field, the "set password" form and its URL. Everything here comes from Entra ID at each sign-in (name, email,
    the admin role), so it is read-only; an account can only be deactivated."""

    list_display = ("display_name", "email", "is_superuser", "is_active", "last_login")
    list_filter = ("is_superuser", "is_active")
    search_fields = ("display_name", "email", "entra_object_id")
    ordering = ("display_name", "id")
    fieldsets = (
        (None, {"fields": ("display_name", "email", "is_active")}),
        ("Entra ID", {"fields": ("entra_object_id", "entra_tenant_id", "username")}),
        (_("Portal admin (the Entra ID app role, at the last sign-in)"), {"fields": ("is_superuser", "is_staff")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = (
        "display_name",
        "email",
        "entra_object_id",
        "entra_tenant_id",
        "username",
        "is_superuser",
        "is_staff",
        "last_login",
        "date_joined",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # accounts are made by signing in with Entra ID

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False  # a deleted account comes back at its next sign-in: deactivate it instead
