"""What a person had submitted when their sign-in turned out to have expired (or moderation first needed consent).

The middleware keeps the submission in the server-side session across the trip to sign in and back; the page the
person returns to takes it and shows it again in its form. Nothing is sent to Graph until they submit again, except
a portal admin's moderation that only waited for consent (`consent`), which the page sends on by itself.
"""

import json
import time
from dataclasses import dataclass

from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve

SESSION_KEY = "kept_submission"
SIGNED_IN_AT = "signed_in_at"  # when this session last completed a sign-in (the callback)
MAX_BYTES = 64 * 1024  # larger submissions are not kept: the session is not a file store
MAX_AGE_SECONDS = 30 * 60


@dataclass(frozen=True)
class Submission:
    name: str  # the URL's "namespace:name", e.g. "interests:create"
    kwargs: dict[str, str]
    data: QueryDict
    consent: bool


def keep_submission(request: HttpRequest, *, consent: bool = False) -> None:
    if request.method != "POST":
        return
    entry = {
        "path": request.path,
        "data": {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"},
        "at": time.time(),
        "user": request.user.pk if request.user.is_authenticated else None,
        "consent": consent,
    }
    if len(json.dumps(entry)) <= MAX_BYTES:
        request.session[SESSION_KEY] = entry


def mark_signed_in(request: HttpRequest) -> None:
    """At the callback: a sign-in completed now (so a moderation kept for consent may go on by itself)."""
    request.session[SIGNED_IN_AT] = time.time()


def take_submission(request: HttpRequest, *names: str) -> Submission | None:
    """The kept submission, if it went to one of the URLs `names` (it is then forgotten), else None."""
    entry = request.session.get(SESSION_KEY)
    if not isinstance(entry, dict):
        return None
    stale = time.time() - float(entry.get("at", 0)) > MAX_AGE_SECONDS
    if stale or entry.get("user") not in (None, request.user.pk):
        del request.session[SESSION_KEY]
        return None
    try:
        match = resolve(str(entry.get("path", "")))
    except Resolver404:
        del request.session[SESSION_KEY]
        return None
    if match.view_name not in names:
        return None
    del request.session[SESSION_KEY]
    data = QueryDict(mutable=True)
    for key, values in (entry.get("data") or {}).items():
        data.setlist(key, [str(value) for value in values])
    # Sent on by itself only if the trip to sign in was completed after it was kept: someone who gave up on the
    # consent (Back, or opening the page again) gets the form back as they left it, unsent.
    consent = bool(entry.get("consent")) and float(request.session.get(SIGNED_IN_AT, 0)) > float(entry.get("at", 0))
    return Submission(match.view_name, {k: str(v) for k, v in match.kwargs.items()}, data, consent)
