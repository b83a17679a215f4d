"""Typed Graph errors.

`SignInRequired` stands apart: no view handles it, SignInRequiredMiddleware sends the user to sign in. Every other
failure is a `GraphError` that a view shows with `user_message`, keeping what the user typed.
"""


class GraphProblem(Exception):
    def __init__(self, message: str = "", *, status: int | None = None, code: str = "", request_id: str = "") -> None:
        super().__init__(message or self.__class__.__name__)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id


class SignInRequired(GraphProblem):
    """No usable token: the sign-in expired, was revoked, or never happened."""


class GraphError(GraphProblem):
    user_message = "Microsoft 365 couldn't complete that just now. Please try again."


class GraphForbidden(GraphError):
    user_message = "Microsoft 365 doesn't allow this for your account. Nothing was changed."


class GraphNotFound(GraphError):
    user_message = "That interest no longer exists. It may have been deleted elsewhere."


class GraphThrottled(GraphError):
    user_message = "Microsoft 365 is busy right now. Nothing was changed; please try again in a moment."

    def __init__(self, message: str = "", *, retry_after: float | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class GraphUnavailable(GraphError):
    user_message = "Microsoft 365 isn't answering right now. Nothing was changed; please try again."


class GraphInvalid(GraphError):
    """Graph refused the request as invalid; `message` is Graph's own words."""

    @property
    def user_message(self) -> str:  # type: ignore[override]
        return f"Microsoft 365 refused this: {self.message}"
