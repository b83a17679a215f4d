from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from ..graph.errors import SignInRequired


def sign_in_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Like login_required, but htmx-aware through SignInRequiredMiddleware."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            raise SignInRequired("No one is signed in.")
        return view(request, *args, **kwargs)

    return wrapper
