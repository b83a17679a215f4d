from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

from ..graph.errors import SignInRequired


def sign_in_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like login_required, but htmx-aware through SignInRequiredMiddleware."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            raise SignInRequired("No one is signed in.")
        return view(request, *args, **kwargs)

    return wrapper
