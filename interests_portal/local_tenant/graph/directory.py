"""Directory endpoints: /me, /users, /users/{id|upn}, /me/directReports, /users/{id|upn}/directReports."""

import base64
import binascii
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from ..models import DirectoryObject
from .auth import require_directory_read, require_read, signed_in_user
from .http import GraphError, GraphRequest, GraphResponse, bad_request, not_found
from .odata import (
    MAX_INT_OPTION,
    FilterField,
    page_link,
    parse_filter,
    parse_int_option,
    parse_orderby,
    parse_select,
    select_properties,
)
from .search import Search, SearchableProperty, parse_search
from .users import find_user, resolve_target

MAX_DIRECTORY_PAGE = 999
USER_PROPERTIES = (
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
    "department",
    "accountEnabled",
    "userType",
)
# Graph's default user properties: department, accountEnabled and userType come only when $select-ed.
DEFAULT_USER_PROPERTIES = tuple(p for p in USER_PROPERTIES if p not in {"department", "accountEnabled", "userType"})
USER_FILTERS = {
    "id": FilterField("id", is_id=True),
    "displayName": FilterField("display_name", case_insensitive=True),
    "givenName": FilterField("given_name", case_insensitive=True),
    "surname": FilterField("surname", case_insensitive=True),
    "mail": FilterField("mail", case_insensitive=True),
    "userPrincipalName": FilterField("upn_key", case_insensitive=True),
    "jobTitle": FilterField("job_title", case_insensitive=True),
    "department": FilterField("department", case_insensitive=True),
    "accountEnabled": FilterField("account_enabled", is_bool=True),
    "userType": FilterField("user_type", case_insensitive=True),
}
USER_ORDER = {"displayName": "display_name", "userPrincipalName": "upn_key"}
# $search: any property $filter knows; displayName is tokenised, the others match from their start (search.py).
USER_SEARCH = {
    name: SearchableProperty(name, tokenised=name == "displayName")
    for name in USER_FILTERS
    if name not in {"id", "accountEnabled"}
}


def user_json(user: DirectoryObject, selected: list[str] | None = None) -> dict:
    entity: dict[str, Any] = {
        "businessPhones": [],
        "displayName": user.display_name,
        "givenName": user.given_name or None,
        "jobTitle": user.job_title or None,
        "mail": user.mail or None,
        "mobilePhone": None,
        "officeLocation": user.office_location or None,
        "preferredLanguage": user.preferred_language or None,
        "surname": user.surname or None,
        "userPrincipalName": user.user_principal_name,
        "id": str(user.pk),
        "department": user.department or None,
        "accountEnabled": user.account_enabled,
        "userType": user.user_type,
    }
    if selected is None:
        return {name: entity[name] for name in DEFAULT_USER_PROPERTIES}
    return select_properties(entity, selected)


def directory_object_json(member: DirectoryObject, selected: list[str] | None) -> dict:
    if member.is_user:
        return {"@odata.type": "#microsoft.graph.user", **user_json(member, selected)}
    return {
        "@odata.type": "#microsoft.graph.orgContact",
        "id": str(member.pk),
        "displayName": member.display_name,
        "givenName": member.given_name or None,
        "surname": member.surname or None,
        "mail": member.mail or None,
        "jobTitle": member.job_title or None,
        "department": member.department or None,
        "companyName": None,
    }


class _Matches:
    """The users a `$search` matched, in the query's order: ids found by one pass over the directory, objects
    loaded a page at a time (a QuerySet's `count` and slicing, as `_page` uses them)."""

    def __init__(self, ids: list[uuid.UUID]) -> None:
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list[DirectoryObject]:
        wanted = self.ids[window]
        loaded = DirectoryObject.objects.in_bulk(wanted)
        return [loaded[pk] for pk in wanted]


def _searched(users: QuerySet[DirectoryObject], search: Search) -> _Matches:
    fields = sorted(search.properties)
    rows = users.values_list("pk", *(USER_FILTERS[name].path for name in fields))
    return _Matches([pk for pk, *values in rows if search.matches(dict(zip(fields, values, strict=True)))])


def _counted(request: GraphRequest) -> bool:
    """`$count=true` adds `@odata.count`, in an advanced query only: without `ConsistencyLevel: eventual`, Graph
    ignores it (aad-advanced-queries.md, "Error handling")."""
    value = request.query.get("count")
    if value is None:
        return False
    if value.lower() not in {"true", "false"}:
        raise bad_request(f"Invalid value '{value}' for query option '$count': true or false is expected.")
    return value.lower() == "true" and _eventual(request)


def _eventual(request: GraphRequest) -> bool:
    return (request.headers.get("consistencylevel") or "").strip().lower() == "eventual"


def _page(
    request: GraphRequest, objects: QuerySet[DirectoryObject] | _Matches, context: str, render: Callable
) -> GraphResponse:
    if "skip" in request.query:
        raise bad_request("'$skip' is not supported by the service.", code="Request_UnsupportedQuery")
    top = min(
        parse_int_option(request, "top", default=settings.LOCAL_TENANT_DIRECTORY_PAGE_SIZE, minimum=1),
        MAX_DIRECTORY_PAGE,
    )
    offset = _decode_skiptoken(request.query.get("skiptoken"))
    body: dict = {"@odata.context": context}
    if _counted(request) and offset == 0:  # the count comes with the first page only (paging.md)
        body["@odata.count"] = objects.count()
    rows = list(objects[offset : offset + top + 1])
    body["value"] = [render(row) for row in rows[:top]]
    if len(rows) > top:
        body["@odata.nextLink"] = page_link(request, top=top, skiptoken=_encode_skiptoken(offset + top))
    return GraphResponse(200, body)


def _encode_skiptoken(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _decode_skiptoken(token: str | None) -> int:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        label, _, value = text.partition(":")
        if label != "offset" or not value.isdigit() or int(value) > MAX_INT_OPTION:
            raise ValueError(text)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise bad_request("The $skiptoken is not valid.", code="Request_BadRequest") from None


def get_me(request: GraphRequest) -> GraphResponse:
    assert request.caller is not None
    me = signed_in_user(request.caller)
    require_read(request.caller, me)
    selected = parse_select(request, USER_PROPERTIES, "user")
    body = {"@odata.context": f"{request.base_url}/$metadata#users/$entity"}
    return GraphResponse(200, body | user_json(me, selected))


def get_user(request: GraphRequest, *, user: str) -> GraphResponse:
    assert request.caller is not None
    found = find_user(user)
    if found is None:
        raise not_found(user)
    if request.caller.is_app:
        require_directory_read(request.caller)
    else:
        require_read(request.caller, found)
    selected = parse_select(request, USER_PROPERTIES, "user")
    body = {"@odata.context": f"{request.base_url}/$metadata#users/$entity"}
    return GraphResponse(200, body | user_json(found, selected))


def list_users(request: GraphRequest) -> GraphResponse:
    assert request.caller is not None
    require_directory_read(request.caller)
    users = DirectoryObject.objects.filter(kind=DirectoryObject.Kind.USER)
    if "filter" in request.query:
        users = users.filter(parse_filter(request.query["filter"], USER_FILTERS, "user"))
    users = users.order_by(*parse_orderby(request, USER_ORDER, default=["display_name"]), "id")
    found: QuerySet[DirectoryObject] | _Matches = users
    if "search" in request.query:
        if not _eventual(request):
            raise GraphError(
                400,
                "Request_UnsupportedQuery",
                "Request with $search query parameter only works through MSGraph with a special request header: "
                "'ConsistencyLevel: eventual'",
            )
        found = _searched(users, parse_search(request.query["search"], USER_SEARCH, "user"))
    selected = parse_select(request, USER_PROPERTIES, "user")
    return _page(request, found, f"{request.base_url}/$metadata#users", lambda row: user_json(row, selected))


def list_direct_reports(request: GraphRequest, *, user: str | None) -> GraphResponse:
    assert request.caller is not None
    target = resolve_target(request, user)
    # Reading one's own reports needs only User.Read (graph-contract.md §4.2); anyone else's, a *.All scope.
    require_read(request.caller, target.user)
    reports = target.user.direct_reports.order_by("display_name", "id")
    selected = parse_select(request, USER_PROPERTIES, "directoryObject")
    context = f"{request.base_url}/$metadata#directoryObjects"
    return _page(request, reports, context, lambda row: directory_object_json(row, selected))
