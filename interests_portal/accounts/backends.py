from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User


class EntraOnlyBackend(ModelBackend):
    """The portal's only authentication backend: people sign in with Microsoft Entra ID (views.callback logs them
    in), never with a password.

    `authenticate()` and `aauthenticate()` accept nothing, so no form, view or `createsuperuser` password can sign
    anyone in, even an account that has a usable password. What ModelBackend does after sign-in stays: `get_user`
    for the session, and the permission checks (`has_perm`, used by the admin) for active users, superusers holding
    every permission.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        return None

    async def aauthenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        return None
