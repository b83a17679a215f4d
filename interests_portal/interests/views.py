"""My interests: list, create, change audience and tags inline, edit, delete (htmx-enhanced, work without JS).

Each view parses input with a form, calls one write function (services.py) and renders what Graph stored:
200 + the partial; 422 + the form with its errors and what was typed; 409 + the form and what changed elsewhere; or
the failure helper's alert, with the row as Graph holds it (or the message beside the form) sent out of band.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url, replace_url

from ..accounts.decorators import sign_in_required
from ..accounts.entra import graph_for
from ..accounts.resume import Submission, take_submission
from ..failures import failure_response
from ..graph.errors import GraphError, GraphInvalid, GraphNotFound
from ..graph.interests import interest_get, interest_json, interest_list
from ..graph.models import FIELD_LABELS, TAGS, Interest, audience_label, parse_audiences, tag_label
from ..http import HtmxHttpRequest, announce, swap_into
from ..portal.dates import utc_text
from .forms import AudienceForm, CreateForm, EditForm, FilterForm, InterestForm, TagForm, VisibilityForm
from .listing import DEFAULT_SORT, SEARCH_FROM, arrange
from .paging import page_links, page_url, paged
from .services import (
    Changed,
    CreateInProgress,
    EditConflict,
    SameName,
    Seen,
    WriteFailed,
    interest_audience_set,
    interest_create,
    interest_delete,
    interest_tag_set,
    interest_update,
)
from .visibility import visibility

PAGE = "interests/page.html"
KEPT = gettext_lazy(
    "You were signed out before this was saved, so nothing was sent. It's below as you left it: check it and save."
)
# What the page takes back after a sign-in that interrupted a submission (accounts/resume.py).
KEPT_SUBMISSIONS = ("interests:create", "interests:edit", "interests:audience", "interests:tags", "interests:delete")
# A confirmation a browser without JavaScript carries to the list it is sent back to, for the row it is about.
ROW_MESSAGE_TAG = "row:"
# The pager's links' ids start so (page.html#pager): a request from one is for another page of the same list.
PAGER_PREFIX = "pager-"


@dataclass(frozen=True)
class Editing:
    """A row the page shows as its edit form (after a sign-in that interrupted the save)."""

    interest_id: str
    form: EditForm


def _list_url() -> str:
    return reverse("interests:list")


def _row_url(interest_id: str) -> str:
    """The list, scrolled to one row: where a browser without JavaScript comes back to after changing it."""
    return f"{_list_url()}#interest-{interest_id}"


def _current_filters(request: HtmxHttpRequest) -> FilterForm:
    """The search, filters and order of the page an htmx request comes from (they live in its URL)."""
    query = urlsplit(request.htmx.current_url or "").query if request.htmx else request.GET.urlencode()
    return FilterForm(QueryDict(query) or None)


def _list_context(
    interests: list[Interest],
    filters: FilterForm,
    *,
    keep: Iterable[str] = (),
    removed: Interest | None = None,
    done_id: str = "",
    done_message: str = "",
    holding: str = "",
) -> dict[str, Any]:
    """What the list region shows: the page the page's URL asks for of the interests its query asks for
    (listing.arrange, paging.paged), with `keep` shown even when they don't match, `removed` in its place as deleted,
    and `done_message` beside the row `done_id`. `holding`: an interest whose page is shown, whatever page was asked
    for (the one just added: the person sees what they did)."""
    query = filters.query()
    params = filters.params()
    page_asked = filters.page_number()
    # "Show all": every interest, in the order the person chose.
    clear_url = _list_url() + (f"?{urlencode({'sort': query.sort})}" if query.sort != DEFAULT_SORT else "")
    arranged = arrange(interests, query, keep=keep, removed=removed)
    shown = paged(arranged, page_asked, holding=holding)
    page = shown.page
    # The address of what is shown: the same search, and the page shown (the one holding the interest just added,
    # or the nearest there is). Try again reads it; an htmx answer showing another page than asked puts it in the
    # address bar, so that reloading, going back and the next change all start from the page the person sees.
    list_url = page_url(_list_url(), params, page.number)
    return {
        "moved_to": list_url if page.number != page_asked else "",
        "arranged": arranged,
        "paged": shown,
        "page_links": page_links(shown, params, _list_url()) if shown.paged else [],
        "previous_url": page_url(_list_url(), params, page.number - 1) if page.has_previous() else "",
        "next_url": page_url(_list_url(), params, page.number + 1) if page.has_next() else "",
        # Where a browser without JavaScript comes back to after deleting an interest: this page of this search.
        "back": page_url("", params, page.number).removeprefix("?"),
        "interests": shown.rows,
        "total": arranged.total,
        "filters": filters,
        "query": query,
        # Search and order once there are more than a handful, or when the page's address already asks for them.
        "searchable": arranged.total >= SEARCH_FROM or bool(query.text) or query.sort != DEFAULT_SORT,
        "list_url": list_url,
        "clear_url": clear_url,
        "done_id": done_id,
        "done_message": done_message,
        "removed_message": _deleted_message(removed) if removed is not None else "",
    }


def _page(
    request: HtmxHttpRequest,
    *,
    status: int = 200,
    form: CreateForm | None = None,
    error: str = "",
    listed: Sequence[Interest] | None = None,
) -> HttpResponse:
    """The whole page. `listed`: the person's interests as Graph just listed them, if this request read them
    already (else they are read now)."""
    kept = None if form is not None else take_submission(request, *KEPT_SUBMISSIONS)
    filters = FilterForm(request.GET or None)
    try:
        interests, list_error = _interests(request, listed), ""
    except GraphError as failure:  # said in the list's place: never "no interests yet"
        interests, list_error = [], failure.user_message
    editing, notice = None, ""
    if kept is not None and kept.name == "interests:create":
        form, notice = CreateForm(kept.data), str(KEPT)
    elif kept is not None and kept.name == "interests:edit":
        interest_id = kept.kwargs["interest_id"]
        editing, notice = Editing(interest_id, _edit_form(interest_id, kept.data)), str(KEPT)
        editing.form.fields["display_name"].widget.attrs["autofocus"] = True  # the page opens where it is
    elif kept is not None:
        notice = _not_sent(kept, interests)
    done_id, done_message = _row_message(request)
    # The page shown holds the row a change without JavaScript came back to, or the one being edited again.
    holding = editing.interest_id if editing is not None else done_id
    context = {
        **_list_context(
            interests, filters, keep=[done_id], done_id=done_id, done_message=done_message, holding=holding
        ),
        "form": form or CreateForm(),
        "error": error,
        "list_error": list_error,
        "editing": editing,
        "notice": notice,
    }
    return render(request, PAGE, context, status=status)


def _interests(request: HtmxHttpRequest, listed: Sequence[Interest] | None) -> list[Interest]:
    """The person's interests: as this request's write already learnt them from Graph, or read now."""
    return list(listed) if listed is not None else interest_list(graph_for(request))


def _row_message(request: HttpRequest) -> tuple[str, str]:
    """The confirmation a change made without JavaScript carried here for its row: (interest id, message). It stays
    in the status line too (base.html lists every message)."""
    for message in messages.get_messages(request):
        if message.extra_tags.startswith(ROW_MESSAGE_TAG):
            return message.extra_tags.removeprefix(ROW_MESSAGE_TAG), str(message.message)
    return "", ""


def _not_sent(kept: Submission, interests: list[Interest]) -> str:
    """What an inline change interrupted by a sign-in did: nothing, said of the interest it was for."""
    name = next((i.display_name for i in interests if i.id == kept.kwargs.get("interest_id")), "")
    if kept.name == "interests:delete":
        if name:
            return gettext(
                "You were signed out before “%(name)s” was deleted, so it wasn't. Delete it again if you still want to."
            ) % {"name": name}
        return gettext(
            "You were signed out before the interest was deleted, so it wasn't. Delete it again if you still want to."
        )
    if name:
        return gettext(
            "You were signed out before your change to “%(name)s” was sent, so nothing changed. Please make it again."
        ) % {"name": name}
    return gettext(
        "You were signed out before your change to the interest was sent, so nothing changed. Please make it again."
    )


# --- The list ----------------------------------------------------------------------------------------------


@require_GET
@sign_in_required
def interest_list_page(request: HtmxHttpRequest) -> HttpResponse:
    if request.htmx and not request.htmx.history_restore_request:
        filters = FilterForm(request.GET or None)
        try:
            interests = interest_list(graph_for(request))
        except GraphError as error:
            response = failure_response(request, error, back_to=_list_url(), beside=_search_failed(error.user_message))
        else:
            context = _list_context(interests, filters)
            paging = (request.htmx.trigger or "").startswith(PAGER_PREFIX)
            # Asked for from outside the search form ("Show all", Try again): the form follows the list. Never while
            # the person types in it (an answer would overwrite letters typed since it was asked); nor for another
            # page, which leaves the search as it is.
            context["filters_oob"] = not paging and request.htmx.trigger not in {"filters", filters["q"].id_for_label}
            response = render(request, f"{PAGE}#list-found", context)
            if context["moved_to"]:  # a page past the end: the address says the page shown, as the pager pushes it
                response = push_url(response, context["moved_to"])
            if paging:
                # The link pressed may be gone (no Previous on the first page): focus goes to the top of the new
                # page, which says which interests it shows, not to the top of the document.
                response = announce(response, "", focus="#list-summary")
    else:
        response = _page(request)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _search_failed(why: str) -> SafeString:
    """Beside the search form, where the person is looking: the list below is the last answer, not this one's
    (the words typed stay in the field for another try)."""
    message = gettext("Couldn't update the list: %(why)s It still shows the previous results.") % {"why": why}
    return _slot("filters-error", message)


def _list_changed(
    request: HtmxHttpRequest,
    message: str,
    *,
    focus: str = "",
    fresh_form: bool = False,
    created: Interest | None = None,
    removed: Interest | None = None,
    listed: Sequence[Interest] | None = None,
) -> HttpResponse:
    """After an add or a delete: the list as Graph now holds it (`listed`, when the write learnt it, else read now),
    morphed into the page (so rows with changes still queued keep them), the message beside what changed: the row
    added (shown even where the search would leave it out), or the place of the one deleted. When Graph cannot be
    read, the list's place says so, with Try again, and shows only the interest just added (`created`, as Graph's
    answer to the add holds it): what Graph confirmed, nothing more."""
    filters = _current_filters(request)
    created_id = created.id if created else ""
    try:
        interests, list_error = _interests(request, listed), ""
    except GraphError as failure:
        interests, list_error = [created] if created else [], failure.user_message
    done = message if created else ""
    # The page where the interest just added is (the person sees what they did), or the page the person is on,
    # the nearest there still is (after a delete).
    context = _list_context(
        interests, filters, keep=[created_id], removed=removed, done_id=created_id, done_message=done,
        holding=created_id,
    )  # fmt: skip
    context["list_error"] = list_error
    context["form"] = CreateForm() if fresh_form else None
    context["form_done"] = message if created else ""
    context["created_id"] = created_id
    response = render(request, f"{PAGE}#list-changed", context)
    if context["moved_to"]:
        response = replace_url(response, context["moved_to"])
    return announce(swap_into(response, "#interest-list", "morph"), message, focus)


def _deleted_message(interest: Interest) -> str:
    name = interest.display_name
    return gettext("Deleted “%(name)s”.") % {"name": name} if name else gettext("Deleted the interest.")


# --- Who can see it, explained while it is chosen --------------------------------------------------------------


@require_GET
def interest_visibility(request: HttpRequest) -> HttpResponse:
    """What the audience and tags being chosen in an add or edit form mean, and the warning when they hide the
    interest from the manager and colleagues. The same for everyone and from no one's data: no sign-in, no Graph
    (an expired sign-in must not take the person away from a form they are filling in)."""
    form = VisibilityForm(request.GET)
    if not form.is_valid():
        return render(request, "base.html#alert", {"error": gettext("That choice isn't one the portal offers.")},
                      status=400)  # fmt: skip
    data = form.cleaned_data
    context = {"for_id": data["field"], "visibility": visibility(data["allowed_audiences"], data["collaboration_tags"])}
    return render(request, f"{PAGE}#visibility", context)


# --- Add ----------------------------------------------------------------------------------------------------


@require_POST
@sign_in_required
def interest_create_view(request: HtmxHttpRequest) -> HttpResponse:
    form = CreateForm(request.POST)
    if not form.is_valid():
        return _create_form(request, form, status=422)
    try:
        created = interest_create(user=request.user, graph=graph_for(request), fields=form.to_graph(),
                                  key=form.request_key(), refuse_same_name=not form.same_name_confirmed())  # fmt: skip
    except SameName as same:
        form.same_name = same.existing
        return _create_form(request, form, status=409, listed=same.listed)
    except WriteFailed as failure:
        if isinstance(failure.error, GraphInvalid):
            form.add_error(None, failure.user_message)
            return _create_form(request, form, status=422)
        return _create_failed(request, form, failure)
    except CreateInProgress as failure:
        return _create_failed(request, form, failure)
    interest = created.interest
    name = interest.display_name
    if created.repeated:
        message = gettext("“%(name)s” was already added.") % {"name": name}
    else:
        message = gettext("Added “%(name)s”.") % {"name": name}
    if not request.htmx:
        messages.success(request, message, extra_tags=f"{ROW_MESSAGE_TAG}{interest.id}")
        return HttpResponseRedirect(_row_url(interest.id))
    # Focus to the fresh form's first field: the button pressed was swapped away, and the next add starts there.
    return _list_changed(request, message, focus="#id_display_name", fresh_form=True, created=interest,
                         listed=created.listed)  # fmt: skip


def _create_form(
    request: HtmxHttpRequest, form: CreateForm, *, status: int, listed: Sequence[Interest] | None = None
) -> HttpResponse:
    """The add form again with its errors (or its same-name warning) and what was typed; focus goes to the first
    field to fix. Without JavaScript, the whole page (with `listed`, if the write read the list)."""
    if request.htmx:
        response = render(request, f"{PAGE}#create-form", {"form": form}, status=status)
        return _check_fields(swap_into(response, "#create-form", "morph"), form, pgettext("outcome", "Not added"))
    return _page(request, form=form, status=status, listed=listed)


def _check_fields(response: HttpResponse, form: InterestForm, outcome: str) -> HttpResponse:
    """Say what to fix (the field errors are not in a live region) and take focus to the first field to fix."""
    problems = [f"{form[name].label}: {' '.join(str(e) for e in errors)}"
                for name, errors in form.errors.items() if name != "__all__"]  # fmt: skip
    problems += [str(error) for error in form.non_field_errors()]
    if form.same_name is not None:
        problems.append(_same_name_message(form.same_name))
    invalid = next((form[name] for name in form.errors if name != "__all__"), form["display_name"])
    return announce(response, f"{outcome}. {' '.join(problems)}", focus=f"#{invalid.id_for_label}", tone="problem")


def _same_name_message(existing: Interest) -> str:
    return gettext("You already have an interest called “%(name)s”. Change the name, or tick the box to keep both.") % {
        "name": existing.display_name
    }


def _create_failed(request: HtmxHttpRequest, form: CreateForm, failure: WriteFailed | CreateInProgress) -> HttpResponse:
    """Graph failed: the form, as typed and without the errors of an earlier try, with the message beside it."""
    if request.htmx:
        context = {"form": form, "form_error": failure.user_message, "oob": True}
        beside = render_to_string(f"{PAGE}#create-form", context, request=request)
        return failure_response(request, failure, back_to=_list_url(), beside=beside)
    return _page(request, form=form, error=str(failure.user_message), status=failure.http_status)


def _slot(slot_id: str, message: str) -> SafeString:
    return render_to_string(f"{PAGE}#message-slot", {"slot_id": slot_id, "message": message, "oob": True})


# --- One interest: its row, audience, tags ------------------------------------------------------------------


def _row(request: HtmxHttpRequest, interest: Interest, message: str, *, focus: str = "") -> HttpResponse:
    """A change Graph stored: the row as Graph returned it, the message beside it (htmx), or back to the list, at
    the row, with the message there."""
    if not request.htmx:
        messages.success(request, message, extra_tags=f"{ROW_MESSAGE_TAG}{interest.id}")
        return HttpResponseRedirect(_row_url(interest.id))
    # The row stays where it is, even when the change takes it out of the page's search: it says so.
    outside = not _current_filters(request).query().matches(interest)
    context = {"interest": interest, "done_id": interest.id, "done_message": message, "outside": outside}
    return announce(render(request, f"{PAGE}#row", context), message, focus)


def _row_failed(
    request: HtmxHttpRequest, interest_id: str, failure: WriteFailed, *, change: str = "", verb: str = "saved"
) -> HttpResponse:
    """A change Graph did not store: the alert, and the row put back to what Graph holds, the message beside it.
    `change` names the change that failed: several may be queued on one row, and a later one's confirmation may
    stand beside this message."""
    not_done = gettext("Not deleted") if verb == "deleted" else gettext("Not saved")
    if change:
        not_done = gettext("%(not_done)s: %(change)s —") % {"not_done": not_done, "change": change}
    else:
        not_done += ":"
    message = failure.user_message
    if failure.stored is not None:
        message = gettext("%(not_done)s the row shows what Microsoft 365 holds. %(why)s") % {
            "not_done": not_done,
            "why": message,
        }
        context = {"interest": failure.stored, "row_error": message, "oob": True}
        beside = render_to_string(f"{PAGE}#row", context, request=request)
    elif failure.known:  # Graph has no such interest (any more)
        beside = render_to_string(f"{PAGE}#row-gone", {"interest_id": interest_id})
    else:  # what Graph holds is unknown: the row keeps what Graph last said (portal.js resets the control)
        beside = _slot(f"row-error-{interest_id}", f"{not_done} {message}" if change else message)
    return failure_response(request, failure, back_to=_list_url(), beside=beside)


@require_GET
@sign_in_required
def interest_row(request: HtmxHttpRequest, interest_id: str) -> HttpResponse:
    if not request.htmx:
        return HttpResponseRedirect(_list_url())
    try:
        interest = interest_get(graph_for(request), interest_id=interest_id)
    except GraphNotFound as error:  # deleted elsewhere: the edit form goes with it
        beside = render_to_string(f"{PAGE}#row-gone", {"interest_id": interest_id})
        return failure_response(request, error, back_to=_list_url(), beside=beside)
    except GraphError as error:
        return failure_response(request, error, back_to=_list_url())
    return announce(render(request, f"{PAGE}#row", {"interest": interest}), "", focus=f"#edit-{interest.id}")


@require_POST
@sign_in_required
def interest_audience(request: HtmxHttpRequest, interest_id: str) -> HttpResponse:
    form = AudienceForm(request.POST)
    if not form.is_valid():
        error = gettext("That choice isn't one the portal offers.")
        return render(request, "base.html#alert", {"error": error}, status=400)
    try:
        changed = interest_audience_set(user=request.user, graph=graph_for(request), interest_id=interest_id,
                                        audience=form.cleaned_data["allowed_audiences"])  # fmt: skip
    except WriteFailed as failure:
        audience = audience_label(form.cleaned_data["allowed_audiences"])
        change = gettext("Who can see it “%(audience)s”") % {"audience": audience}
        return _row_failed(request, interest_id, failure, change=change)
    interest = changed.interest
    message = gettext("“%(name)s” is visible to: %(audience)s.") % {
        "name": interest.display_name,
        "audience": interest.audience_label,
    }
    return _row(request, interest, message)


@require_POST
@sign_in_required
def interest_tags(request: HtmxHttpRequest, interest_id: str) -> HttpResponse:
    form = TagForm(request.POST)
    if not form.is_valid():
        error = gettext("That isn't a tag the portal offers.")
        return render(request, "base.html#alert", {"error": error}, status=400)
    tag, on = form.cleaned_data["set"]
    try:
        changed = interest_tag_set(user=request.user, graph=graph_for(request), interest_id=interest_id, tag=tag,
                                   on=on)  # fmt: skip
    except WriteFailed as failure:
        if on:
            change = gettext("Tag “%(tag)s” added") % {"tag": tag_label(tag)}
        else:
            change = gettext("Tag “%(tag)s” removed") % {"tag": tag_label(tag)}
        return _row_failed(request, interest_id, failure, change=change)
    return _row(request, changed.interest, _tags_message(changed.interest))


def _tags_message(interest: Interest) -> str:
    labels = interest.tag_labels
    if not labels:
        return gettext("“%(name)s” has no collaboration tags.") % {"name": interest.display_name}
    return gettext("“%(name)s” is tagged: %(tags)s.") % {"name": interest.display_name, "tags": ", ".join(labels)}


# --- Edit ---------------------------------------------------------------------------------------------------


def _edit_form(interest_id: str, data: QueryDict | None = None, *, current: dict | None = None) -> EditForm:
    """The edit form: bound to what was posted, or made from Graph's `current` JSON with its version."""
    if current is not None:
        interest = Interest.from_graph(current)
        initial = {**EditForm.initial_from(interest), "seen": Seen.of(current).dumps()}
        return EditForm(initial=initial, interest_id=interest_id, kept_audience=interest.audience)
    seen = Seen.loads(data.get("seen", "") if data is not None else "", interest_id=interest_id)
    kept = next(iter(seen.values.get("allowedAudiences") or []), "") if seen else ""
    return EditForm(data, interest_id=interest_id, kept_audience=kept)


def _other_tags(form: EditForm, interest_id: str) -> list[str]:
    """Tags the form has no box for, which saving keeps: shown so the person knows they are there."""
    seen = Seen.loads(form["seen"].value() or "", interest_id=interest_id)
    return [tag_label(tag) for tag in (seen.values.get("collaborationTags", []) if seen else []) if tag not in TAGS]


@require_http_methods(["GET", "POST"])
@sign_in_required
def interest_edit(request: HtmxHttpRequest, interest_id: str) -> HttpResponse:
    template = f"{PAGE}#edit-form" if request.htmx else "interests/edit.html"
    if request.method == "GET":
        try:
            current = interest_json(graph_for(request), interest_id=interest_id)
        except GraphNotFound as error:  # deleted elsewhere: the row goes, as after a tag or audience change
            gone = render_to_string(f"{PAGE}#row-gone", {"interest_id": interest_id})
            return failure_response(request, error, back_to=_list_url(), beside=gone)
        except GraphError as error:
            return failure_response(request, error, back_to=_list_url())
        form = _edit_form(interest_id, current=current)
        if not request.htmx:  # its own page: the browser focuses Name as the page loads
            form.fields["display_name"].widget.attrs["autofocus"] = True
        response = render(request, template, {"form": form, "interest_id": interest_id,
                                              "other_tags": _other_tags(form, interest_id)})  # fmt: skip
        if not request.htmx:
            return response
        # Focus moves once, after the swap has settled. An `autofocus` swapped in would be focused again by the
        # browser at its next frame, wherever the person had gone by then (text typed would land in Name).
        return announce(response, "", focus=f"#{form['display_name'].id_for_label}")

    form = _edit_form(interest_id, request.POST)
    context: dict[str, Any] = {"form": form, "interest_id": interest_id, "other_tags": _other_tags(form, interest_id)}
    not_saved = pgettext("outcome", "Not saved")
    if not form.is_valid():
        return _check_fields(render(request, template, context, status=422), form, not_saved)
    seen = Seen.loads(form.cleaned_data["seen"], interest_id=interest_id)
    try:
        changed = interest_update(user=request.user, graph=graph_for(request), interest_id=interest_id,
                                  edits=form.to_graph(), seen=seen,
                                  refuse_same_name=not form.same_name_confirmed())  # fmt: skip
    except SameName as same:
        form.same_name = same.existing
        return _check_fields(render(request, template, context, status=409), form, not_saved)
    except EditConflict as conflict:
        return _edit_conflict(request, template, interest_id, conflict)
    except WriteFailed as failure:
        if isinstance(failure.error, GraphInvalid):
            form.add_error(None, failure.user_message)
            return _check_fields(render(request, template, context, status=422), form, not_saved)
        if request.htmx:  # the form as typed, without the errors of an earlier try, the message beside it
            beside = render_to_string(f"{PAGE}#edit-form", {**context, "form_error": failure.user_message, "oob": True},
                                      request=request)  # fmt: skip
            return failure_response(request, failure, back_to=_list_url(), beside=beside)
        return render(request, template, {**context, "error": failure.user_message}, status=failure.http_status)
    return _row(request, changed.interest, _saved_message(changed), focus=f"#edit-{changed.interest.id}")


def _saved_message(changed: Changed) -> str:
    name = changed.interest.display_name
    if not changed.changed:
        message = gettext("Nothing to save: “%(name)s” already reads as you left it.") % {"name": name}
    else:
        message = gettext("Saved “%(name)s”.") % {"name": name}
    if changed.elsewhere:
        kept = ", ".join(str(FIELD_LABELS[key]) for key in changed.elsewhere)
        message += " " + gettext("Changes made elsewhere meanwhile were kept: %(fields)s.") % {"fields": kept}
    return message


def _edit_conflict(request: HtmxHttpRequest, template: str, interest_id: str, conflict: EditConflict) -> HttpResponse:
    """The form again, with what the person typed, what Graph holds now where both changed, and the version that
    lets them save theirs over it knowingly."""
    data = request.POST.copy()
    data["seen"] = conflict.seen.dumps()
    form = _edit_form(interest_id, data)
    differences = [
        {"label": FIELD_LABELS[d.field], "now": _shown(d.field, d.current)} for d in conflict.conflicts
    ]  # fmt: skip
    interest = conflict.interest
    context = {
        "form": form,
        "interest_id": interest_id,
        "other_tags": _other_tags(form, interest_id),
        "conflict": differences,
        "changed_by": interest.last_modified_by,
        "changed_at": utc_text(interest.last_modified, "time") if interest.last_modified else "",
    }
    # The notice is an alert (read out as it appears); focus goes to it, above the person's version.
    return announce(render(request, template, context, status=409), "", focus=f"#conflict-{interest_id}")


def _shown(field: str, value: Any) -> str:
    """A Graph value as the conflict notice shows it."""
    if field == "allowedAudiences":
        return ", ".join(audience_label(a) for a in parse_audiences(value)) or audience_label("")
    if field == "collaborationTags":
        return ", ".join(tag_label(t) for t in value or []) or pgettext("no tags", "None")
    if field == "categories":
        return ", ".join(value or []) or pgettext("no categories", "None")
    return value or gettext("(empty)")


# --- Delete -------------------------------------------------------------------------------------------------


def _back_to_list(back: str) -> str:
    """The page of the list a browser without JavaScript deleted from (`back`: its search, filters, order and page,
    carried by the confirmation page): only what the list's filters read is kept in the URL built from it."""
    filters = FilterForm(QueryDict(back))
    return page_url(_list_url(), filters.params(), filters.page_number())


@require_http_methods(["GET", "POST"])
@sign_in_required
def interest_delete_view(request: HtmxHttpRequest, interest_id: str) -> HttpResponse:
    if request.method == "GET":  # the confirmation page, for browsers without JavaScript
        try:
            interest = interest_get(graph_for(request), interest_id=interest_id)
        except GraphError as error:
            return failure_response(request, error, back_to=_list_url())
        context = {"interest": interest, "back": _back_to_list(request.GET.get("back", "")).partition("?")[2]}
        return render(request, "interests/delete.html", context)
    try:
        deleted = interest_delete(user=request.user, graph=graph_for(request), interest_id=interest_id)
    except WriteFailed as failure:
        return _row_failed(request, interest_id, failure, verb="deleted")
    message = _deleted_message(deleted.interest)
    if not request.htmx:
        messages.success(request, message)
        return HttpResponseRedirect(_back_to_list(request.POST.get("back", "")))
    # The row's place says it was deleted, and focus goes there: the person stays where they were in the list.
    removed = deleted.interest if deleted.interest.id else Interest(id=interest_id, display_name="")
    return _list_changed(request, message, focus=f"#removed-{removed.id}", removed=removed)
