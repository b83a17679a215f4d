"""Profile and personInterest endpoints: /me/profile[/interests[/{id}]] and the same under /users/{id|upn}."""

import uuid

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import AUDIENCES_VISIBLE_TO_COLLEAGUES, Interest, Profile
from . import prefetch
from .auth import require_read, require_write
from .http import (
    GraphError,
    GraphRequest,
    GraphResponse,
    bad_request,
    format_timestamp,
    item_not_found,
    not_found,
    read_json_body,
)
from .odata import (
    FilterField,
    page_link,
    parse_filter,
    parse_int_option,
    parse_orderby,
    parse_select,
    select_properties,
)
from .users import Target, resolve_target
from .validation import parse_interest

INTEREST_PROPERTIES = (
    "id",
    "allowedAudiences",
    "inference",
    "createdDateTime",
    "createdBy",
    "lastModifiedDateTime",
    "lastModifiedBy",
    "source",
    "categories",
    "collaborationTags",
    "description",
    "displayName",
    "webUrl",
)
FILTERABLE = {
    "id": FilterField("id", is_id=True),
    "displayName": FilterField("display_name"),
    "description": FilterField("description"),
    "webUrl": FilterField("web_url"),
    "allowedAudiences": FilterField("allowed_audiences"),
}
ORDERABLE = {
    "createdDateTime": "created_date_time",
    "lastModifiedDateTime": "last_modified_date_time",
    "displayName": "display_name",
    "allowedAudiences": "allowed_audiences",
    "id": "id",
}
PROFILE_TYPE_NAMES = {"microsoft.graph.profile", "microsoft.fast.pi.viewgenerator.v2.profile.models.profile"}


def interest_json(interest: Interest) -> dict:
    entity = {
        "id": str(interest.id),
        "allowedAudiences": interest.allowed_audiences,
        "inference": interest.inference,
        "createdDateTime": format_timestamp(interest.created_date_time),
        "createdBy": interest.created_by,
        "lastModifiedDateTime": format_timestamp(interest.last_modified_date_time),
        "lastModifiedBy": interest.last_modified_by,
        "source": interest.source,
        "categories": interest.categories,
        "collaborationTags": interest.collaboration_tags,
        "description": interest.description,
        "displayName": interest.display_name,
        "webUrl": interest.web_url,
    }
    if interest.synced_from:
        # Items synced from UPA omit what they never had, as the real service does (graph-contract.md §7.2).
        for name in ("lastModifiedBy", "collaborationTags", "source"):
            if entity[name] is None:
                del entity[name]
    return entity


def _identity(request: GraphRequest) -> dict:
    assert request.caller is not None
    user = request.caller.user
    if user is None:  # written by the application itself (client credentials)
        application = {"displayName": "Interests Portal", "id": request.caller.client_id}
        return {"application": application, "device": None, "user": None}
    return {
        "application": None,
        "device": None,
        "user": {"displayName": user.display_name, "id": str(user.pk)},
    }


def _profile_of(target: Target) -> Profile:
    try:
        return target.user.profile  # fetched with the user (select_related)
    except Profile.DoesNotExist:
        raise not_found("profile") from None


def _read_by_colleague(request: GraphRequest, profile: Profile) -> bool:
    """Whether someone other than its owner reads the profile: they see only what colleagues may see. An
    application (client credentials) is not a colleague: its permission is to the whole profile."""
    assert request.caller is not None
    user = request.caller.user
    return user is not None and profile.owner_id != user.pk


def _visible_interests(request: GraphRequest, profile: Profile) -> QuerySet[Interest]:
    interests = Interest.objects.filter(profile=profile)
    if _read_by_colleague(request, profile):
        interests = interests.filter(allowed_audiences__in=AUDIENCES_VISIBLE_TO_COLLEAGUES)
    return interests


def _listed(request: GraphRequest, profile: Profile, condition: Q, order: list[str], window: slice) -> list[Interest]:
    """The rows of a page of the list; taken from what a read-only $batch loaded up front when the list is
    unfiltered and in its default order (the prefetch's own order), else queried."""
    loaded = None if {"filter", "orderby"} & request.query.keys() else prefetch.interests(profile.pk)
    if loaded is None:
        return list(_visible_interests(request, profile).filter(condition).order_by(*order)[window])
    if _read_by_colleague(request, profile):
        loaded = [row for row in loaded if row.allowed_audiences in AUDIENCES_VISIBLE_TO_COLLEAGUES]
    return loaded[window]


def _find_interest(request: GraphRequest, profile: Profile, interest_id: str) -> Interest:
    try:
        key = uuid.UUID(interest_id)
    except ValueError:
        raise item_not_found() from None
    # Someone else's hidden interest answers exactly as a missing one: its existence is not disclosed.
    interest = _visible_interests(request, profile).filter(pk=key).first()
    if interest is None:
        raise item_not_found()
    return interest


def list_interests(request: GraphRequest, *, user: str | None) -> GraphResponse:
    assert request.caller is not None
    target = resolve_target(request, user)
    require_read(request.caller, target.user)
    profile = _profile_of(target)
    condition = Q()
    if "filter" in request.query:
        condition = parse_filter(request.query["filter"], FILTERABLE, "personInterest")
    for unsupported in ("search", "count"):  # directory collections only (directory.py)
        if unsupported in request.query:
            raise bad_request(f"Query option '${unsupported}' is not supported on this collection.")
    order = [*parse_orderby(request, ORDERABLE, default=["created_date_time"]), "id"]
    selected = parse_select(request, INTEREST_PROPERTIES, "personInterest")
    top = min(
        parse_int_option(request, "top", default=settings.LOCAL_TENANT_PAGE_SIZE, minimum=1),
        settings.LOCAL_TENANT_MAX_PAGE_SIZE,
    )
    skip = parse_int_option(request, "skip", default=0, minimum=0)
    rows = _listed(request, profile, condition, order, slice(skip, skip + top + 1))
    body: dict = {
        "@odata.context": target.context(request, "/profile/interests"),
        "value": [select_properties(interest_json(row), selected) for row in rows[:top]],
    }
    if len(rows) > top:
        body["@odata.nextLink"] = page_link(request, top=top, skip=skip + top)
    return GraphResponse(200, body)


def create_interest(request: GraphRequest, *, user: str | None) -> GraphResponse:
    assert request.caller is not None
    target = resolve_target(request, user)
    require_write(request.caller, target.user)
    profile = _profile_of(target)
    fields = parse_interest(request, creating=True)
    fields.setdefault("allowed_audiences", "organization")
    now = timezone.now()
    identity = _identity(request)
    interest = Interest.objects.create(
        profile=profile,
        created_date_time=now,
        last_modified_date_time=now,
        created_by=identity,
        last_modified_by=identity,
        **fields,
    )
    body = {
        "@odata.context": target.context(request, "/profile/interests/$entity"),
        **interest_json(interest),
    }
    return GraphResponse(201, body, {"Location": f"{request.base_url}/{request.path.rstrip('/')}/{interest.id}"})


def get_interest(request: GraphRequest, *, user: str | None, interest: str) -> GraphResponse:
    assert request.caller is not None
    target = resolve_target(request, user)
    require_read(request.caller, target.user)
    found = _find_interest(request, _profile_of(target), interest)
    selected = parse_select(request, INTEREST_PROPERTIES, "personInterest")
    body = {"@odata.context": target.context(request, "/profile/interests/$entity")}
    return GraphResponse(200, body | select_properties(interest_json(found), selected))


def update_interest(request: GraphRequest, *, user: str | None, interest: str) -> GraphResponse:
    assert request.caller is not None
    target = resolve_target(request, user)
    require_write(request.caller, target.user)
    found = _find_interest(request, _profile_of(target), interest)
    for field, value in parse_interest(request, creating=False).items():
        setattr(found, field, value)
    found.last_modified_date_time = timezone.now()
    found.last_modified_by = _identity(request)
    found.save()
    body = {"@odata.context": target.context(request, "/profile/interests/$entity"), **interest_json(found)}
    return GraphResponse(200, body)


def delete_interest(request: GraphRequest, *, user: str | None, interest: str) -> GraphResponse:
    assert request.caller is not None
    target = resolve_target(request, user)
    require_write(request.caller, target.user)
    _find_interest(request, _profile_of(target), interest).delete()
    return GraphResponse(204)


def get_profile(request: GraphRequest, *, user: str | None) -> GraphResponse:
    assert request.caller is not None
    target = resolve_target(request, user)
    require_read(request.caller, target.user)
    profile = _profile_of(target)
    return GraphResponse(200, {"@odata.context": target.context(request, "/profile/$entity"), "id": str(profile.id)})


def create_profile(request: GraphRequest, *, user: str | None) -> GraphResponse:
    assert request.caller is not None
    target = resolve_target(request, user)
    require_write(request.caller, target.user)
    body = read_json_body(request) if request.body else {}
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    declared_type = str(body.get("@odata.type", "microsoft.graph.profile")).lstrip("#").lower()
    if declared_type not in PROFILE_TYPE_NAMES:
        raise bad_request(f"A type named '{body['@odata.type']}' could not be resolved by the model.")
    for name in body:
        if not name.startswith("@odata."):
            raise bad_request(f"The property '{name}' cannot be set when creating a profile.")
    if Profile.objects.filter(owner=target.user).exists():
        raise GraphError(409, "nameAlreadyExists", "A profile already exists for this user.")
    profile = Profile.objects.create(owner=target.user)
    return GraphResponse(201, {"@odata.context": target.context(request, "/profile/$entity"), "id": str(profile.id)})
