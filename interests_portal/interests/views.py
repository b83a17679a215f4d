"""My interests: list, create, change audience and tags inline, edit, delete (htmx-enhanced, work without JS).

Each view parses input with a form, calls one domain function (one Graph round trip) and picks a template or
partial and a status: 200 + partial on success, 422 + the form with errors, an alert for a Graph failure.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from ..accounts.decorators import sign_in_required
from ..accounts.entra import graph_for
from ..audit.models import AuditEntry
from ..audit.services import audited_write
from ..graph.errors import GraphError, GraphInvalid
from ..graph.interests import (
    InterestWrite,
    interest_create,
    interest_delete,
    interest_get,
    interest_list,
    interest_update,
)
from ..graph.models import Interest
from .forms import AudienceForm, FilterForm, InterestForm, TagToggleForm

PAGE = "interests/page.html"


def _my_write(request: HttpRequest, action: str, perform: Callable[[], InterestWrite], **details: Any) -> InterestWrite:
    """A write to the signed-in user's own profile, recorded in the audit log whatever its outcome."""
    user = request.user
    return audited_write(actor=user, subject_oid=user.entra_object_id, subject_name=user.display_name or user.email,
                         action=action, perform=perform, **details)  # fmt: skip


def _edit_form(interest_id: str, **kwargs: Any) -> InterestForm:
    # Its own ids: an edit form shares the page with the create form.
    return InterestForm(auto_id=f"edit-{interest_id}-%s", **kwargs)


def _list_url() -> str:
    return reverse("interests:list")


def _page(request: HttpRequest, *, status: int = 200, **context: Any) -> HttpResponse:
    filters = context.pop("filters", None) or FilterForm(request.GET or None)
    interests = context.pop("interests", None)
    error = context.pop("error", "")
    if interests is None:
        try:
            interests = interest_list(graph_for(request))
        except GraphError as failure:
            interests, error = [], error or failure.user_message
    context = {
        "interests": filters.apply(interests),
        "total": len(interests),
        "filters": filters,
        "form": InterestForm(),
        "error": error,
        **context,
    }
    return render(request, PAGE, context, status=status)


def _alert(request: HttpRequest, error: GraphError) -> HttpResponse:
    """For htmx: the alert only (htmx-config routes 4xx/5xx bodies to #alerts, leaving the form as typed)."""
    return render(request, f"{PAGE}#alert", {"error": error.user_message}, status=error.http_status)


def _failed(request: HttpRequest, error: GraphError) -> HttpResponse:
    """A Graph failure: for htmx the alert (the page keeps what was typed), else a message on the list page."""
    if request.htmx:
        return _alert(request, error)
    messages.error(request, error.user_message)
    return HttpResponseRedirect(_list_url())


def _announce(response: HttpResponse, message: str, focus: str = "") -> HttpResponse:
    """Tell screen readers (and the status line) what happened; portal.js writes it into the live region."""
    return trigger_client_event(response, "status", {"message": message, "focus": focus})


def _row(request: HttpRequest, interest: Interest, message: str, **context: Any) -> HttpResponse:
    return _announce(render(request, f"{PAGE}#row", {"interest": interest, **context}), message)


@require_GET
@sign_in_required
def interest_list_page(request: HttpRequest) -> HttpResponse:
    if request.htmx and not request.htmx.history_restore_request:
        filters = FilterForm(request.GET or None)
        try:
            interests = interest_list(graph_for(request))
        except GraphError as error:
            response = _alert(request, error)
        else:
            context = {"interests": filters.apply(interests), "total": len(interests), "filters": filters}
            response = render(request, f"{PAGE}#list", context)
    else:
        response = _page(request)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@sign_in_required
def interest_create_view(request: HttpRequest) -> HttpResponse:
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            fields, owner_id = form.to_graph(), request.user.entra_object_id
            interest = _my_write(
                request, AuditEntry.Action.CREATE, changes=fields, interest_name=fields["displayName"],
                perform=lambda: interest_create(graph_for(request), fields=fields, owner_id=owner_id),
            ).interest  # fmt: skip
        except GraphInvalid as error:
            form.add_error(None, error.user_message)
        except GraphError as error:
            if request.htmx:
                return _alert(request, error)
            return _page(request, form=form, error=error.user_message, status=error.http_status)
        else:
            if not request.htmx:
                messages.success(request, f"Added “{interest.display_name}”.")
                return HttpResponseRedirect(_list_url())
            response = render(request, f"{PAGE}#created", {"interest": interest, "form": InterestForm()})
            return _announce(response, f"Added “{interest.display_name}”.")
    if request.htmx:
        response = render(request, f"{PAGE}#create-form", {"form": form}, status=422)
        return reswap(retarget(response, "#create-form"), "outerHTML")
    return _page(request, form=form, status=422)


def _update(request: HttpRequest, interest_id: str, changes: dict) -> Interest:
    return _my_write(
        request, AuditEntry.Action.UPDATE, interest_id=interest_id, changes=changes,
        perform=lambda: interest_update(graph_for(request), interest_id=interest_id, changes=changes),
    ).interest  # fmt: skip


def _inline_change(request: HttpRequest, interest_id: str, form, changes: dict, message: str) -> HttpResponse:
    if not form.is_valid():
        return render(request, f"{PAGE}#alert", {"error": "That choice isn't one the portal offers."}, status=400)
    try:
        interest = _update(request, interest_id, changes)
    except GraphError as error:
        return _failed(request, error)
    if not request.htmx:
        messages.success(request, message.format(interest=interest))
        return HttpResponseRedirect(_list_url())
    return _row(request, interest, message.format(interest=interest))


@require_POST
@sign_in_required
def interest_audience(request: HttpRequest, interest_id: str) -> HttpResponse:
    form = AudienceForm(request.POST)
    changes = {"allowedAudiences": form.cleaned_data["allowed_audiences"]} if form.is_valid() else {}
    return _inline_change(
        request, interest_id, form, changes, "“{interest.display_name}” is visible to: {interest.audience_label}."
    )


@require_POST
@sign_in_required
def interest_tags(request: HttpRequest, interest_id: str) -> HttpResponse:
    form = TagToggleForm(request.POST)
    changes = {"collaborationTags": form.tags()} if form.is_valid() else {}
    return _inline_change(request, interest_id, form, changes, "Collaboration tags of “{interest.display_name}” saved.")


@require_GET
@sign_in_required
def interest_row(request: HttpRequest, interest_id: str) -> HttpResponse:
    if not request.htmx:
        return HttpResponseRedirect(_list_url())
    try:
        interest = interest_get(graph_for(request), interest_id=interest_id)
    except GraphError as error:
        return _alert(request, error)
    return render(request, f"{PAGE}#row", {"interest": interest, "focus_edit": True})


@require_http_methods(["GET", "POST"])
@sign_in_required
def interest_edit(request: HttpRequest, interest_id: str) -> HttpResponse:
    template = f"{PAGE}#edit-form" if request.htmx else "interests/edit.html"
    if request.method == "GET":
        try:
            interest = interest_get(graph_for(request), interest_id=interest_id)
        except GraphError as error:
            return _failed(request, error)
        form = _edit_form(interest_id, initial=InterestForm.initial_from(interest))
        form.fields["display_name"].widget.attrs["autofocus"] = True
        return render(request, template, {"form": form, "interest_id": interest_id})

    form = _edit_form(interest_id, data=request.POST)
    context = {"form": form, "interest_id": interest_id}
    if form.is_valid():
        try:
            interest = _update(request, interest_id, form.to_graph())
        except GraphInvalid as error:
            form.add_error(None, error.user_message)
        except GraphError as error:
            if request.htmx:
                return _alert(request, error)
            return render(request, template, {**context, "error": error.user_message}, status=error.http_status)
        else:
            if not request.htmx:
                messages.success(request, f"Saved “{interest.display_name}”.")
                return HttpResponseRedirect(_list_url())
            return _row(request, interest, f"Saved “{interest.display_name}”.", focus_edit=True)
    return render(request, template, context, status=422)


@require_http_methods(["GET", "POST"])
@sign_in_required
def interest_delete_view(request: HttpRequest, interest_id: str) -> HttpResponse:
    if request.method == "GET":  # the confirmation page, for browsers without JavaScript
        try:
            interest = interest_get(graph_for(request), interest_id=interest_id)
        except GraphError as error:
            messages.error(request, error.user_message)
            return HttpResponseRedirect(_list_url())
        return render(request, "interests/delete.html", {"interest": interest})

    name = request.POST.get("display_name", "the interest")[:255]
    try:
        _my_write(
            request, AuditEntry.Action.DELETE, interest_id=interest_id, interest_name=name,
            perform=lambda: interest_delete(graph_for(request), interest_id=interest_id),
        )  # fmt: skip
    except GraphError as error:
        return _failed(request, error)
    if not request.htmx:
        messages.success(request, f"Deleted “{name}”.")
        return HttpResponseRedirect(_list_url())
    # 200 with an empty body: htmx removes the row (it would not swap a 204).
    return _announce(HttpResponse(""), f"Deleted “{name}”.", focus="#interests-heading")
