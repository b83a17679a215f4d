"""Typed Graph errors.

`SignInRequired` stands apart: no view handles it, SignInRequiredMiddleware sends the user to sign in (keeping what
they submitted). Every other failure is a `GraphError` that a view shows with `user_message`: in the language of the
request that shows it, so the words are looked up when read, never when a class is defined.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class GraphProblem(Exception):
    default_user_message = _("Microsoft 365 couldn't complete that just now. Please try again.")
    http_status = 503  # what the portal answers its own user with

    def __init__(self, message: str = "", *, status: int | None = None, code: str = "", request_id: str = "") -> None:
        super().__init__(message or self.__class__.__name__)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id

    @property
    def user_message(self) -> str:
        return str(self.default_user_message)


class SignInRequired(GraphProblem):
    """No usable token: the sign-in expired, was revoked, or never happened; or (`moderation`) the user has not yet
    consented to the scopes moderation needs. Inside a `$batch` it can also be one item's answer (401)."""

    default_user_message = _(
        "Microsoft 365 didn't accept the portal's sign-in for this. Signing out and in again may help."
    )
    http_status = 401

    def __init__(self, message: str = "", *, moderation: bool = False, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.moderation = moderation


class GraphError(GraphProblem):
    pass


class GraphForbidden(GraphError):
    default_user_message = _("Microsoft 365 doesn't allow this for your account. Nothing was changed.")
    http_status = 403


class GraphNotFound(GraphError):
    default_user_message = _(
        "That interest no longer exists, or isn't visible to you. It may have been deleted elsewhere."
    )
    http_status = 404

    @property
    def profile_missing(self) -> bool:
        """The person has no profile yet (nobody ever added a profile item): Graph's only way of saying so."""
        return self.code == "Request_ResourceNotFound" and "'profile'" in self.message


class GraphThrottled(GraphError):
    default_user_message = _("Microsoft 365 is busy right now. Nothing was changed; please try again in a moment.")
    http_status = 429

    def __init__(self, message: str = "", *, retry_after: float | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class GraphUnavailable(GraphError):
    default_user_message = _("Microsoft 365 isn't answering right now. Please try again in a moment.")


class GraphInvalid(GraphError):
    """Graph refused the request as invalid; `message` is Graph's own words."""

    http_status = 422

    @property
    def user_message(self) -> str:
        return gettext("Microsoft 365 refused this: %(reason)s") % {"reason": self.message}
