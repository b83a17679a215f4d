"""Every change the portal makes to an interest, and nothing else: create, update (fields, audience, tags), delete,
and a portal admin's moderation (restrict, remove).

Each function makes its Graph round trip(s), records the audit entry from what Graph answered (owner and interest
names from Graph, never from a form), and returns what Graph stored or raises:
- `WriteFailed`: Graph did not store the change; `stored` is the interest as Graph holds it when that is known;
- `EditConflict`: the interest changed elsewhere, in a field the person changed too;
- `CreateInProgress`: the same add form is being submitted by another request right now;
- `SameName`: asked to refuse a name the person already uses for another interest, and they do (nothing is sent).
`SignInRequired` passes through untouched (nothing reached Graph; the middleware keeps what was submitted).

Two rules make concurrent edits safe without a conditional write, which Graph does not offer for profile items:
an inline change (a tag, the audience) is applied to the value Graph holds when the write is made, never to the
browser's copy; and a full edit carries the version the person saw (`Seen`), so a change made elsewhere since is
merged when it touched other fields and shown as a conflict when it touched the same ones.
"""

import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ..accounts.models import User
from ..audit.models import AuditEntry
from ..audit.services import audit_record
from ..graph.client import GraphClient
from ..graph.errors import GraphError, GraphNotFound, GraphProblem, GraphThrottled, SignInRequired
from ..graph.interests import (
    PAGE_SIZE,
    WriteNotDone,
    WriteOutcomeUnknown,
    collection_path,
    interest_json,
    interest_list,
    patch_interest,
    post_interest,
    read_then_write,
)
from ..graph.models import FIELD_LABELS, TAGS, Interest, parse_audiences
from ..org_index import write_through
from .listing import same_name
from .models import CreateRequest

# The fields a person edits, as Graph names them (the order of the edit form).
EDITABLE = tuple(FIELD_LABELS)
SEEN_SALT = "interests.seen"
# How long a second submission of an add form waits for the first to finish before saying it is still under way.
CREATE_WAIT_SECONDS = 10.0
CREATE_REQUESTS_KEPT = timedelta(days=1)


# --- Results and errors ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Changed:
    """An interest as Graph stored it after a write (or as it was, for a delete), and what the write changed."""

    interest: Interest
    changed: tuple[str, ...] = ()  # the Graph fields written; empty when there was nothing to change
    elsewhere: tuple[str, ...] = ()  # fields changed elsewhere since the person's version, kept as they were
    repeated: bool = False  # a create already done by an earlier submission of the same form
    # After an add: the person's interests as Graph holds them, when the add's own reads tell (the list read for the
    # same-name warning, with Graph's answer to the add), so the page need not read them again; None when not known.
    listed: tuple[Interest, ...] | None = None


@dataclass(frozen=True)
class Moderated:
    interest: Interest  # as it was before the moderation
    owner_name: str


class WriteFailed(Exception):
    """Graph did not store the change, as far as anyone can tell. `stored` is the interest as Graph holds it; when
    it is None, `known` says whether that means "not there" or "could not be asked". `unconfirmed`: a write was sent
    and neither its answer nor a second look says whether Graph applied it."""

    UNCONFIRMED = gettext_lazy(
        "Microsoft 365 didn't confirm the change and couldn't say what it holds now. Reload to check."
    )

    def __init__(
        self,
        error: GraphProblem,
        *,
        stored: Interest | None = None,
        known: bool = False,
        unconfirmed: bool = False,
        message: str = "",
    ) -> None:
        super().__init__(error.message or error.__class__.__name__)
        self.error = error
        self.stored = stored
        self.known = known or stored is not None
        self._message = message or (str(self.UNCONFIRMED) if unconfirmed else "")

    @property
    def user_message(self) -> str:
        return self._message or self.error.user_message

    @property
    def http_status(self) -> int:
        return self.error.http_status


@dataclass(frozen=True)
class Difference:
    field: str  # Graph's name
    current: Any  # what Graph holds now


class EditConflict(Exception):
    """Since the person opened the form, the interest changed elsewhere in fields they changed too."""

    def __init__(self, *, current: dict[str, Any], conflicts: list[Difference]) -> None:
        super().__init__("changed elsewhere: " + ", ".join(d.field for d in conflicts))
        self.current = current
        self.conflicts = conflicts

    @property
    def interest(self) -> Interest:
        return Interest.from_graph(self.current)

    @property
    def seen(self) -> "Seen":
        """The version to carry when the person saves again, having now seen Graph's values."""
        return Seen.of(self.current)


class CreateInProgress(Exception):
    http_status = 409

    @property
    def user_message(self) -> str:
        return gettext("That interest is still being added from an earlier submission. Wait a moment, then reload.")


class SameName(Exception):
    """The person already has an interest named like this (case, accents and spacing aside): nothing was sent, and
    they may send it again knowingly."""

    def __init__(self, existing: Interest, *, listed: list[Interest]) -> None:
        super().__init__(f"same name as {existing.id}")
        self.existing = existing
        self.listed = listed  # all their interests, as the look for the name read them (a page can show them)


# --- The version a person saw ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """An interest as a person's edit form showed it: carried through the form (signed) and compared, at the write,
    with what Graph holds then."""

    interest_id: str
    version: str  # Graph's lastModifiedDateTime as sent
    values: dict[str, Any] = field(default_factory=dict)  # EDITABLE fields, normalised

    @classmethod
    def of(cls, graph_json: dict[str, Any]) -> "Seen":
        return cls(
            interest_id=str(graph_json.get("id", "")),
            version=str(graph_json.get("lastModifiedDateTime") or ""),
            values={key: normalised(key, graph_json.get(key)) for key in EDITABLE},
        )

    def dumps(self) -> str:
        return signing.dumps([self.interest_id, self.version, self.values], salt=SEEN_SALT, compress=True)

    @classmethod
    def loads(cls, token: str, *, interest_id: str) -> "Seen | None":
        """The version from a form, or None if it is missing, tampered with, or for another interest."""
        try:
            seen_id, version, values = signing.loads(token, salt=SEEN_SALT)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        if seen_id != interest_id or not isinstance(values, dict):
            return None
        return cls(seen_id, str(version), values)


def normalised(key: str, value: Any) -> Any:
    """A field's value in the one form comparisons use (Graph tells null from "" and lists tags in any order)."""
    if key == "collaborationTags":
        return sorted({tag for tag in value or [] if isinstance(tag, str)})
    if key == "allowedAudiences":
        return sorted(parse_audiences(value))
    if key == "categories":
        return [item for item in value or [] if isinstance(item, str)]
    return value if isinstance(value, str) else ""


# --- Self-service -------------------------------------------------------------------------------------------------


def interest_create(
    *, user: User, graph: GraphClient, fields: dict[str, Any], key: uuid.UUID, refuse_same_name: bool = False
) -> Changed:
    """Add an interest to the signed-in user's profile, once per add form (`key`) however often it is submitted.
    With `refuse_same_name`, raise `SameName` rather than add a second interest named like one they have."""
    claim = _claim_create(user=user, graph=graph, key=key, fields=fields)
    if isinstance(claim, Changed):
        return claim  # looked for after the claim: an earlier submission's own interest is no namesake
    listed = None
    if refuse_same_name:
        try:
            listed = _own_interests(graph)
        except BaseException:  # the sign-in ended (or worse) before anything was sent: sending again is safe
            claim.settle(CreateRequest.State.FAILED)
            raise
        existing = same_name(listed or [], str(fields.get("displayName", "")))
        if existing is not None:
            claim.settle(CreateRequest.State.FAILED)
            raise SameName(existing, listed=listed or [])
    try:
        written = post_interest(graph, fields=fields, owner_id=user.entra_object_id)
    except GraphError as error:
        # 429 and refusals: Graph did not create it. Anything else might have: the next submission looks first.
        certain = isinstance(error, GraphThrottled) or (error.status is not None and 400 <= error.status < 500)
        claim.settle(CreateRequest.State.FAILED if certain else CreateRequest.State.UNCERTAIN)
        _record_own(user, AuditEntry.Action.CREATE, "", changes=fields, error=error)
        unsure = (
            ""
            if certain
            else gettext("Microsoft 365 didn't confirm the interest was added. Add it again: it won't be added twice.")
        )
        raise WriteFailed(error, known=certain, message=unsure) from error
    except SignInRequired:  # no token, or Graph refused it: nothing was created
        claim.settle(CreateRequest.State.FAILED)
        raise
    except BaseException:
        claim.settle(CreateRequest.State.UNCERTAIN)
        raise
    created = Interest.from_graph(written.after or {})
    claim.settle(CreateRequest.State.DONE, interest_id=created.id)
    write_through.interest_written(user.entra_object_id, created)
    _record_own(user, AuditEntry.Action.CREATE, created.id, after=written.after, changes=fields,
                request_id=written.request_id)  # fmt: skip
    # The list just read, and the new interest as Graph stored it: what Graph holds now, bar changes made elsewhere
    # in the moment between (as after any read), without reading it all again. Graph lists the newest last.
    now = None if listed is None else (*(item for item in listed if item.id != created.id), created)
    return Changed(created, changed=tuple(fields), listed=now)


def interest_update(
    *,
    user: User,
    graph: GraphClient,
    interest_id: str,
    edits: dict[str, Any],
    seen: Seen | None,
    refuse_same_name: bool = False,
) -> Changed:
    """Save a person's edit of an interest (every field the edit form shows), merged with what changed elsewhere
    since the version they saw (`seen`; None when the form carried none that can be trusted). With
    `refuse_same_name`, a rename to the name of another of their interests raises `SameName`, writing nothing."""
    was = seen.values if seen else None
    # What the person changed: against the version they saw (tags compare on the four the form offers).
    asked = {
        key: value for key, value in edits.items()
        if was is None or _edited(key, normalised(key, value)) != _edited(key, was.get(key))
    }  # fmt: skip
    # A rename looked for among the other names reads them all, this interest included: that read is the write's own
    # read too. Only when the list cannot be read, or does not hold the interest, is the interest read by itself.
    listed = _own_items(graph) if refuse_same_name and "displayName" in asked else None
    found = next((item for item in listed or [] if str(item.get("id", "")) == interest_id), None)
    current = found if found is not None else _read_own(user, graph, interest_id, changes=asked)
    now = {key: normalised(key, current.get(key)) for key in EDITABLE}
    mine = dict(edits)
    if "collaborationTags" in mine:
        seen_tags = _edited("collaborationTags", was.get("collaborationTags") if was else now["collaborationTags"])
        mine["collaborationTags"] = _merged_tags(current, chosen=list(edits["collaborationTags"]), was=seen_tags)
    if was is None:  # nothing to tell changes made elsewhere from the person's: whatever differs, they must see
        conflicts = [Difference(k, current.get(k)) for k in mine if normalised(k, mine[k]) != now[k]]
        elsewhere = []
    else:
        # The version Graph holds now against the one the person saw: unchanged, nothing happened elsewhere.
        unchanged = seen is not None and seen.version and seen.version == str(current.get("lastModifiedDateTime") or "")
        elsewhere = [] if unchanged else [
            key for key in EDITABLE if normalised(key, now[key]) != normalised(key, was.get(key))
        ]  # fmt: skip
        # Tags merge one by one (see _merged_tags); any other field both sides changed, differently, is a conflict.
        conflicts = [
            Difference(k, current.get(k)) for k in asked
            if k != "collaborationTags" and k in elsewhere and normalised(k, mine[k]) != now[k]
        ]  # fmt: skip
    if conflicts:
        raise EditConflict(current=current, conflicts=conflicts)
    changes = {key: mine[key] for key in asked if normalised(key, mine[key]) != now[key]}
    if listed is not None and "displayName" in changes:
        others = [Interest.from_graph(item) for item in listed]
        existing = same_name(others, str(changes["displayName"]), other_than=interest_id)
        if existing is not None:
            raise SameName(existing, listed=others)
    saved = _patch_own(user, graph, interest_id, current, changes)
    # Tags changed elsewhere were kept even where the person's own tag changes were written over them.
    kept = tuple(key for key in elsewhere if key not in changes or key == "collaborationTags")
    return Changed(saved, changed=tuple(changes), elsewhere=kept)


def _edited(key: str, value: Any) -> Any:
    """A normalised value as the edit form can change it: of the tags, only the four the portal offers."""
    return [tag for tag in value or [] if tag in TAGS] if key == "collaborationTags" else value


def _merged_tags(current: dict[str, Any], *, chosen: list[str], was: list[str]) -> list[str]:
    """The tags to store: those the person switched on or off (against the tags they saw, `was`), applied to the tags
    Graph holds now. A tag set elsewhere meanwhile, or one the portal does not know, stays; Graph's order is kept."""
    tags = list(current.get("collaborationTags") or [])
    switched_off = set(was) - set(chosen)
    switched_on = [tag for tag in chosen if tag not in was]
    return [tag for tag in tags if tag not in switched_off] + [tag for tag in switched_on if tag not in tags]


def interest_audience_set(*, user: User, graph: GraphClient, interest_id: str, audience: str) -> Changed:
    """Change who can see an interest. Nothing is written when Graph already holds that audience."""
    current = _read_own(user, graph, interest_id, changes={"allowedAudiences": audience})
    changes = (
        {}
        if normalised("allowedAudiences", current.get("allowedAudiences")) == [audience]
        else {"allowedAudiences": audience}
    )
    return Changed(_patch_own(user, graph, interest_id, current, changes), changed=tuple(changes))


def interest_tag_set(*, user: User, graph: GraphClient, interest_id: str, tag: str, on: bool) -> Changed:
    """Switch one collaboration tag on or off, on the tags Graph holds now (so a tag set elsewhere stays)."""
    current = _read_own(user, graph, interest_id, changes={"collaborationTags": {tag: on}})
    tags = list(current.get("collaborationTags") or [])
    wanted = (tags if tag in tags else [*tags, tag]) if on else [t for t in tags if t != tag]
    changes = {"collaborationTags": wanted} if wanted != tags else {}
    return Changed(_patch_own(user, graph, interest_id, current, changes), changed=tuple(changes))


def interest_delete(*, user: User, graph: GraphClient, interest_id: str) -> Changed:
    """Delete one of the signed-in user's interests; the result is the interest as it was."""
    try:
        written = read_then_write(graph, interest_id=interest_id, method="DELETE")
    except (WriteNotDone, WriteOutcomeUnknown) as failure:
        before = failure.before if isinstance(failure, WriteNotDone) else None
        stored, known = _after_failure(graph, failure.error, before=before, interest_id=interest_id)
        if known and stored is None:  # it is gone: the delete went through, only its answer was lost
            _record_own(user, AuditEntry.Action.DELETE, interest_id, before=before)
            write_through.interest_removed(interest_id)
            return Changed(Interest.from_graph(before or {"id": interest_id}))
        _record_own(user, AuditEntry.Action.DELETE, interest_id, before=before, error=failure.error)
        raise WriteFailed(failure.error, stored=_interest(stored), known=known, unconfirmed=not known) from failure
    except GraphError as error:  # its read failed, so the delete never ran
        _record_own(user, AuditEntry.Action.DELETE, interest_id, error=error)
        raise WriteFailed(error, known=isinstance(error, GraphNotFound)) from error
    _record_own(user, AuditEntry.Action.DELETE, interest_id, before=written.before, request_id=written.request_id)
    write_through.interest_removed(interest_id)
    return Changed(Interest.from_graph(written.before or {}))


# --- Moderation by portal admins ----------------------------------------------------------------------------------


def interest_restrict(*, user: User, graph: GraphClient, owner_id: str, interest_id: str, reason: str) -> Moderated:
    """Make someone's interest visible to them only (a portal admin's moderation, with a reason)."""
    return _moderate(user, graph, owner_id, interest_id, reason, restrict=True)


def interest_remove(*, user: User, graph: GraphClient, owner_id: str, interest_id: str, reason: str) -> Moderated:
    """Delete someone's interest (a portal admin's moderation, with a reason)."""
    return _moderate(user, graph, owner_id, interest_id, reason, restrict=False)


def _moderate(
    user: User, graph: GraphClient, owner_id: str, interest_id: str, reason: str, *, restrict: bool
) -> Moderated:
    action = AuditEntry.Action.RESTRICT if restrict else AuditEntry.Action.REMOVE
    changes = {"allowedAudiences": "me"} if restrict else None
    record = partial(audit_record, actor=user, action=action, subject_oid=owner_id, interest_id=interest_id,
                     changes=changes, reason=reason)  # fmt: skip
    try:
        written = read_then_write(
            graph, interest_id=interest_id, owner_id=owner_id, method="PATCH" if restrict else "DELETE", body=changes
        )
    except (WriteNotDone, WriteOutcomeUnknown) as failure:
        before, owner = (failure.before, failure.owner) if isinstance(failure, WriteNotDone) else (None, None)
        stored, known = _after_failure(graph, failure.error, before=before, interest_id=interest_id, owner_id=owner_id)
        if known and stored is None:  # no longer visible to colleagues (or gone): the moderation took effect
            record(subject_name=_name(owner), before=before)
            write_through.interest_removed(interest_id)
            return Moderated(Interest.from_graph(before or {"id": interest_id}), _name(owner))
        record(subject_name=_name(owner), before=before, error=failure.error)
        raise WriteFailed(failure.error, stored=_interest(stored), known=known, unconfirmed=not known) from failure
    except GraphError as error:  # its read failed, so the write never ran
        record(subject_name="", error=error)
        raise WriteFailed(error, known=isinstance(error, GraphNotFound)) from error
    owner_name = _name(written.owner)
    record(subject_name=owner_name, before=written.before, after=written.after,
                 request_id=written.request_id)  # fmt: skip
    write_through.interest_removed(interest_id)  # restricted to its owner, or deleted: no longer shared either way
    return Moderated(Interest.from_graph(written.before or {}), owner_name)


# --- Pieces -------------------------------------------------------------------------------------------------------


def _own_interests(graph: GraphClient) -> list[Interest] | None:
    """The signed-in user's interests, to look for a name among; None when Graph cannot list them. The same-name
    warning is a kindness, not a rule: without the list there is no warning, and the write itself meets whatever
    made Graph fail."""
    try:
        return interest_list(graph)
    except GraphError:
        return None


def _own_items(graph: GraphClient) -> list[dict[str, Any]] | None:
    """`_own_interests` as Graph's JSON, which an edit keeps as the state before it (for the audit log and its merge
    with changes made elsewhere). An edited interest exists, so its owner has a profile: any error is None."""
    try:
        return list(graph.get_all(collection_path(None), params={"$top": PAGE_SIZE}))
    except GraphError:
        return None


def _name(owner: dict[str, Any] | None) -> str:
    name = (owner or {}).get("displayName")
    return name if isinstance(name, str) else ""


def _record_own(user: User, action: str, interest_id: str, **details: Any) -> None:
    """An entry for a write to the signed-in user's own profile: the owner is the actor, named by their sign-in."""
    audit_record(actor=user, action=action, subject_oid=user.entra_object_id,
                 subject_name=user.display_name or user.email, interest_id=interest_id, **details)  # fmt: skip


def _read_own(user: User, graph: GraphClient, interest_id: str, *, changes: dict[str, Any]) -> dict[str, Any]:
    """The write's own read of the interest as Graph holds it now. A failed read changed nothing."""
    try:
        return interest_json(graph, interest_id=interest_id)
    except GraphError as error:
        _record_own(user, AuditEntry.Action.UPDATE, interest_id, changes=changes, error=error)
        raise WriteFailed(error, known=isinstance(error, GraphNotFound)) from error


def _patch_own(
    user: User, graph: GraphClient, interest_id: str, current: dict[str, Any], changes: dict[str, Any]
) -> Interest:
    """Write `changes` (nothing, if empty) over `current`; what Graph stored."""
    if not changes:
        return Interest.from_graph(current)
    try:
        written = patch_interest(graph, interest_id=interest_id, changes=changes, before=current)
    except GraphError as error:
        stored, known = _after_failure(graph, error, before=current, interest_id=interest_id)
        if stored is not None and all(
            normalised(key, stored.get(key)) == normalised(key, value) for key, value in changes.items()
        ):  # Graph stored it and only its answer was lost: that is a success
            _record_own(user, AuditEntry.Action.UPDATE, interest_id, before=current, after=stored, changes=changes)
            write_through.interest_written(user.entra_object_id, Interest.from_graph(stored))
            return Interest.from_graph(stored)
        _record_own(user, AuditEntry.Action.UPDATE, interest_id, before=current, changes=changes, error=error)
        raise WriteFailed(error, stored=_interest(stored), known=known, unconfirmed=not known) from error
    _record_own(user, AuditEntry.Action.UPDATE, interest_id, before=current, after=written.after, changes=changes,
                request_id=written.request_id)  # fmt: skip
    stored_now = Interest.from_graph(written.after or {})
    write_through.interest_written(user.entra_object_id, stored_now)
    return stored_now


def _interest(graph_json: dict[str, Any] | None) -> Interest | None:
    return Interest.from_graph(graph_json) if graph_json is not None else None


def _after_failure(
    graph: GraphClient,
    error: GraphProblem,
    *,
    before: dict[str, Any] | None,
    interest_id: str,
    owner_id: str | None = None,
) -> tuple[dict[str, Any] | None, bool]:
    """What Graph holds after a write answered with `error` (None: not there), and whether that is known. A
    throttled write was not processed (Graph says so), so Graph holds what the write's own read found; after any
    other failure, Graph is asked once more."""
    if isinstance(error, GraphThrottled) and before is not None:
        return before, True
    try:
        return interest_json(graph, interest_id=interest_id, owner_id=owner_id), True
    except GraphNotFound:
        return None, True
    except GraphError:
        return None, False


@dataclass
class _Claim:
    request: CreateRequest

    def settle(self, state: str, *, interest_id: str = "") -> None:
        CreateRequest.objects.filter(pk=self.request.pk).update(state=state, interest_id=interest_id)


def _claim_create(*, user: User, graph: GraphClient, key: uuid.UUID, fields: dict[str, Any]) -> "_Claim | Changed":
    """This submission's right to create, or the interest an earlier submission of the same form created."""
    owner = user.entra_object_id
    CreateRequest.objects.filter(started__lt=timezone.now() - CREATE_REQUESTS_KEPT).delete()
    deadline = time.monotonic() + CREATE_WAIT_SECONDS
    while True:
        try:
            with transaction.atomic():  # a savepoint: the clash must not spoil a surrounding transaction
                return _Claim(CreateRequest.objects.create(key=key, owner_oid=owner))
        except IntegrityError:
            pass
        earlier = CreateRequest.objects.filter(key=key, owner_oid=owner).first()
        if earlier is None:  # someone else's key, or gone: a fresh form is needed
            raise CreateInProgress
        State = CreateRequest.State
        if earlier.state == State.DONE:
            try:
                return Changed(Interest.from_graph(interest_json(graph, interest_id=earlier.interest_id)),
                               repeated=True)  # fmt: skip
            except GraphNotFound:  # added, then deleted since: this submission may add it again
                pass
            except GraphError as error:  # added, but it cannot be shown now: never add it again for that
                message = gettext(
                    "“%(name)s” was already added; Microsoft 365 couldn't show it just now. Reload in a moment."
                ) % {"name": fields.get("displayName", "")}
                raise WriteFailed(error, message=message) from error
        elif earlier.state == State.UNCERTAIN:
            found = _created_since(graph, earlier, fields)
            if found is not None:
                CreateRequest.objects.filter(pk=earlier.pk).update(state=State.DONE, interest_id=found.id)
                return Changed(found, repeated=True)
        elif earlier.state == State.PENDING:
            if time.monotonic() >= deadline:
                raise CreateInProgress
            time.sleep(0.1)
            continue
        # Failed, or its interest is gone: take the claim over, if no other submission just did. `started` stays as
        # it was, so a later look for a lost create covers every attempt made with this form.
        if CreateRequest.objects.filter(pk=earlier.pk, state=earlier.state).update(state=State.PENDING):
            earlier.refresh_from_db()
            return _Claim(earlier)


def _created_since(graph: GraphClient, earlier: CreateRequest, fields: dict[str, Any]) -> Interest | None:
    """An interest with this name that Graph created after an earlier submission whose answer was lost; None when
    there is none. When Graph cannot be asked, nothing may be sent: the earlier one may be there."""
    name = str(fields.get("displayName", "")).replace("'", "''")
    try:
        found = graph.get(collection_path(None), params={"$filter": f"displayName eq '{name}'"}).get("value", [])
    except GraphError as error:
        message = gettext(
            "Microsoft 365 couldn't say whether your earlier try added this. Try again: it won't be added twice."
        )
        raise WriteFailed(error, message=message) from error
    since = earlier.started - timedelta(minutes=1)  # clocks differ a little
    recent = [Interest.from_graph(item) for item in found]
    recent = [item for item in recent if item.created is not None and item.created >= since]
    return max(recent, key=lambda item: item.created or since) if recent else None
