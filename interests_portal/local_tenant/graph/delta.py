"""`GET /users/delta`: the directory's changes since a token, as Graph's delta query answers them.

- No token: every user, page by page (`@odata.nextLink`), then an `@odata.deltaLink` for "now".
- `$deltatoken=latest`: no users, only a deltaLink for "now" (start tracking without reading everyone).
- A token from a deltaLink: the users changed since (a disabled one comes with `accountEnabled: false` when it is
  selected), and the users deleted since as `{"id": …, "@removed": {"reason": "changed"}}`.

Every save of a user bumps its change number (models.next_change_number); a deleted user leaves a RemovedUser with
one. A round remembers the highest number when it began (`high`): its pages show what changed up to `high` and its
deltaLink asks for what changed after. Tokens are signed: one edited or from another tenant is refused.
"""

from itertools import chain
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db.models import Max

from ..models import DirectoryObject, RemovedUser
from .auth import require_directory_read
from .directory import MAX_DIRECTORY_PAGE, USER_PROPERTIES, user_json
from .http import GraphError, GraphRequest, GraphResponse
from .odata import parse_select

TOKEN_SALT = "local-tenant-users-delta"  # noqa: S105  (a signing namespace, not a secret)
DEFAULT_PAGE = 100


def _bad_token() -> GraphError:
    return GraphError(400, "Request_BadRequest", "The delta token or skip token is not valid for this request.")


def _high_water() -> int:
    users = DirectoryObject.objects.aggregate(high=Max("change_number"))["high"] or 0
    removed = RemovedUser.objects.aggregate(high=Max("change_number"))["high"] or 0
    return max(users, removed)


def _read_token(value: str, kind: str) -> dict:
    try:
        token = signing.loads(value, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise _bad_token() from None
    expected = (kind, settings.LOCAL_TENANT_TENANT_ID)
    if not isinstance(token, dict) or (token.get("kind"), token.get("tenant")) != expected:
        raise _bad_token()
    return token


def _page_size(request: GraphRequest) -> int:
    """Prefer: odata.maxpagesize=N, as Graph honours it for delta (within its own maximum)."""
    for preference in (request.headers.get("prefer") or "").split(","):
        name, _, value = preference.strip().partition("=")
        if name.lower() == "odata.maxpagesize" and value.strip().isdigit() and int(value) > 0:
            return min(int(value), MAX_DIRECTORY_PAGE)
    return DEFAULT_PAGE


def users_delta(request: GraphRequest) -> GraphResponse:
    assert request.caller is not None
    require_directory_read(request.caller)
    selected = parse_select(request, USER_PROPERTIES, "user")
    size = _page_size(request)
    context = {"@odata.context": f"{request.base_url}/$metadata#users"}
    headers = {"Preference-Applied": f"odata.maxpagesize={size}"} if "prefer" in request.headers else {}

    if "skiptoken" in request.query:  # the next page of a round
        round_ = _read_token(request.query["skiptoken"], "page")
        since, high, offset = round_["since"], round_["high"], round_["offset"]
    elif "deltatoken" in request.query:
        if request.query["deltatoken"].lower() == "latest":
            link = _link(request, "deltatoken", {"kind": "delta", "since": _high_water()})
            return GraphResponse(200, {**context, "value": [], "@odata.deltaLink": link}, headers=headers)
        since, high, offset = _read_token(request.query["deltatoken"], "delta")["since"], _high_water(), 0
    else:
        since, high, offset = None, _high_water(), 0

    users = DirectoryObject.objects.filter(kind=DirectoryObject.Kind.USER, change_number__lte=high)
    removed = RemovedUser.objects.filter(change_number__lte=high)
    if since is None:  # the first round: everyone there is, nobody removed
        rows = list(users.order_by("id")[offset : offset + size + 1])
        gone: list[RemovedUser] = []
    else:
        changed = users.filter(change_number__gt=since).order_by("change_number", "id")
        left = removed.filter(change_number__gt=since).order_by("change_number", "id")
        # The changed users first, then the removed ones: one sequence the offset walks through.
        changed_count = changed.count()
        rows = list(changed[offset : offset + size + 1])
        gone = list(left[max(0, offset - changed_count) : max(0, offset - changed_count) + size + 1 - len(rows)])
    window = list(chain(rows, gone))
    body: dict = {
        **context,
        "value": [_user_entry(row, selected) for row in rows[:size]]
        + [{"id": str(row.pk), "@removed": {"reason": "changed"}} for row in gone[: max(0, size - len(rows))]],
    }
    if len(window) > size:
        page = {"kind": "page", "since": since, "high": high, "offset": offset + size}
        body["@odata.nextLink"] = _link(request, "skiptoken", page)
    else:
        body["@odata.deltaLink"] = _link(request, "deltatoken", {"kind": "delta", "since": high})
    return GraphResponse(200, body, headers=headers)


def _link(request: GraphRequest, option: str, token: dict) -> str:
    """A nextLink or deltaLink: the same $select, and the signed token (nothing else of the query carries over)."""
    query = {"$select": request.query["select"]} if "select" in request.query else {}
    signed = signing.dumps(token | {"tenant": settings.LOCAL_TENANT_TENANT_ID}, salt=TOKEN_SALT, compress=True)
    return f"{request.base_url}/users/delta?{urlencode(query | {f'${option}': signed}, safe='$,')}"


def _user_entry(user: DirectoryObject, selected: list[str] | None) -> dict:
    entry = user_json(user, selected)
    entry["id"] = str(user.pk)  # delta always names the object
    return entry
