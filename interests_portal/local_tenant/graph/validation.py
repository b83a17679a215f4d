"""Validation of personInterest bodies for POST and PATCH: everything is checked before anything is written.

Limits are this stand-in's own (Graph does not publish them): see docs/local-tenant.md, "Validation".
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from ..models import AUDIENCES, COLLABORATION_TAGS, LATER_COLLABORATION_TAGS
from .http import GraphRequest, bad_request, invalid_request, read_json_body

MAX_DISPLAY_NAME = 255
MAX_DESCRIPTION = 4000
MAX_CATEGORIES = 20
MAX_CATEGORY = 100
MAX_WEB_URL = 2048

WRITABLE = {
    "displayName": "display_name",
    "description": "description",
    "categories": "categories",
    "collaborationTags": "collaboration_tags",
    "webUrl": "web_url",
    "allowedAudiences": "allowed_audiences",
    "inference": "inference",
    "source": "source",  # on create only
}
# Server-set or server-managed: refused rather than silently ignored, so a client learns of its mistake.
READ_ONLY = {
    "id",
    "createdBy",
    "createdDateTime",
    "lastModifiedBy",
    "lastModifiedDateTime",
    "isSearchable",
    "sources",
    "thumbnailUrl",
}
ENTITY_TYPE = "microsoft.graph.personInterest"

_url_validator = URLValidator(schemes=["http", "https"])


def _type_error(value: Any, edm_type: str) -> Exception:
    return bad_request(f"Cannot convert the literal '{value}' to the expected type '{edm_type}'.")


def _string(name: str, value: Any, *, max_length: int, nullable: bool = True) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise _type_error(value, "Edm.String")
    if len(value) > max_length:
        raise invalid_request(f"{name} must be at most {max_length} characters long.")
    return value


def _display_name(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise invalid_request("displayName is required and cannot be empty.")
    return _string("displayName", value, max_length=MAX_DISPLAY_NAME, nullable=False) or ""


def _categories(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _type_error(value, "Collection(Edm.String)")
    if len(value) > MAX_CATEGORIES:
        raise invalid_request(f"categories may hold at most {MAX_CATEGORIES} entries.")
    for item in value:
        if not isinstance(item, str):
            raise _type_error(item, "Edm.String")
        if not item.strip():
            raise invalid_request("categories cannot contain an empty string.")
        if len(item) > MAX_CATEGORY:
            raise invalid_request(f"Each category must be at most {MAX_CATEGORY} characters long.")
    return value


def _collaboration_tags(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise _type_error(value, "Collection(Edm.String)")
    for item in value:
        if item not in COLLABORATION_TAGS and item not in LATER_COLLABORATION_TAGS:
            raise invalid_request(
                f"Invalid value '{item}' in collaborationTags. Allowed values are: {', '.join(COLLABORATION_TAGS)}."
            )
    if len(set(value)) != len(value):
        raise invalid_request("collaborationTags cannot contain the same value twice.")
    return value


def _web_url(value: Any) -> str | None:
    url = _string("webUrl", value, max_length=MAX_WEB_URL)
    if not url:
        return None
    try:
        _url_validator(url)
    except ValidationError:
        raise invalid_request(f"webUrl must be an absolute http or https URL, not '{url}'.") from None
    return url


def _allowed_audiences(value: Any) -> str:
    if value not in AUDIENCES:
        raise invalid_request(
            f"Invalid value '{value}' for property 'allowedAudiences'. Possible values are: {', '.join(AUDIENCES)}."
        )
    return value


def _object(value: Any, type_name: str, properties: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_request(f"A value of type 'microsoft.graph.{type_name}' was expected.")
    for key in value:
        if key not in properties and not key.startswith("@odata."):
            raise bad_request(f"The property '{key}' does not exist on type 'microsoft.graph.{type_name}'.")
    return value


def _inference(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    value = _object(value, "inferenceData", {"confidenceScore", "userHasVerifiedAccuracy"})
    score = value.get("confidenceScore")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
        raise _type_error(score, "Edm.Double")
    verified = value.get("userHasVerifiedAccuracy")
    if verified is not None and not isinstance(verified, bool):
        raise _type_error(verified, "Edm.Boolean")
    return {"confidenceScore": score, "userHasVerifiedAccuracy": verified}


def _source(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    value = _object(value, "personDataSources", {"type"})
    kinds = value.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or not all(isinstance(kind, str) and kind for kind in kinds):
        raise _type_error(value.get("type"), "Collection(Edm.String)")
    return {"type": kinds}


PARSERS = {
    "displayName": _display_name,
    "description": lambda value: _string("description", value, max_length=MAX_DESCRIPTION),
    "categories": _categories,
    "collaborationTags": _collaboration_tags,
    "webUrl": _web_url,
    "allowedAudiences": _allowed_audiences,
    "inference": _inference,
    "source": _source,
}


def parse_interest(request: GraphRequest, *, creating: bool) -> dict[str, Any]:
    """Return the model fields to write, or raise a GraphError naming the first problem."""
    body = read_json_body(request)
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    declared_type = body.get("@odata.type")
    if declared_type is not None and str(declared_type).lstrip("#").lower() != ENTITY_TYPE.lower():
        raise bad_request(f"A type named '{declared_type}' could not be resolved by the model.")

    changes: dict[str, Any] = {}
    for name, value in body.items():
        if name.startswith("@odata.") or "@odata." in name:
            continue  # instance annotations
        if name in READ_ONLY or (name == "source" and not creating):
            raise invalid_request(
                f"Property '{name}' is read-only and cannot be set.", inner_code="propertyNotUpdateable"
            )
        if name not in WRITABLE:
            raise bad_request(
                f"The property '{name}' does not exist on type '{ENTITY_TYPE}'. Make sure to only use property "
                "names that are defined by the type or mark the type as open type."
            )
        changes[WRITABLE[name]] = PARSERS[name](value)
    if creating and "display_name" not in changes:
        raise invalid_request("displayName is required and cannot be empty.")
    return changes
