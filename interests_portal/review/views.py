"""Team review for managers, and review and moderation for portal admins. Permission checks live here."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from ..accounts.decorators import sign_in_required
from ..accounts.entra import graph_for
from ..audit.models import AuditEntry
from ..audit.services import audited_write
from ..csv_export import csv_response
from ..graph.client import GraphClient
from ..graph.errors import GraphError, GraphForbidden, GraphNotFound
from ..graph.interests import interest_delete, interest_update
from ..graph.models import TAGS
from ..graph.people import Person, direct_reports, interests_of_people, people_search, person_get, person_interests
from .forms import ModerationForm, PeopleSearchForm, TeamFilterForm
from .team import TeamFilter, interest_groups, mentoring_matches, visible_only

TEAM = "review/team.html"
ADMIN_PERSON = "review/admin_person.html"
REFUSED = (
    "Microsoft 365 refused the change: your organisation doesn't let the portal change other people's profiles. "
    "Nothing was changed; the attempt is recorded in the audit log."
)


def portal_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_portal_admin:
            return render(request, "review/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return sign_in_required(wrapper)


# --- Team review -------------------------------------------------------------------------------------------


def _team(request: HttpRequest, team_filter: TeamFilter) -> tuple[list, str]:
    graph = graph_for(request)
    try:
        reports = direct_reports(graph)
    except GraphError as error:
        return [], error.user_message
    return team_filter.apply(visible_only(interests_of_people(graph, reports))), ""


def _team_context(request: HttpRequest) -> dict[str, Any]:
    form = TeamFilterForm(request.GET or None)
    team_filter = form.team_filter()
    loaded, error = _team(request, team_filter)
    view = form.selected_view()
    context: dict[str, Any] = {
        "form": form,
        "view": view,
        "people": loaded,
        "error": error,
        "tags": TAGS,
        "filtered": team_filter.active,
        "query": request.GET.urlencode(),
    }
    if view in ("matrix", "interests"):
        context["groups"] = interest_groups(loaded)
    elif view == "matches":
        context["matches"] = mentoring_matches(loaded)
    return context


@require_GET
@sign_in_required
def team_page(request: HttpRequest) -> HttpResponse:
    context = _team_context(request)
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, f"{TEAM}#results", context)
    else:
        response = render(request, TEAM, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@sign_in_required
def team_export(request: HttpRequest) -> HttpResponse:
    context = _team_context(request)
    if context["view"] == "matches":
        rows = ([m.mentor.display_name, m.learner.display_name, m.interest, TAGS[m.learner_tag], m.explanation]
                for m in context["matches"])  # fmt: skip
        return csv_response("mentoring-matches.csv", ["Mentor", "Learner", "Interest", "Learner wants to",
                                                      "Why"], rows)  # fmt: skip
    rows = (
        [entry.person.display_name, entry.person.job_title, interest.display_name, interest.description,
         "; ".join(interest.categories), "; ".join(interest.tag_labels), interest.audience_label]
        for entry in context["people"] for interest in entry.interests
    )  # fmt: skip
    header = ["Person", "Job title", "Interest", "Description", "Categories", "Collaboration", "Visible to"]
    return csv_response("team-interests.csv", header, rows)


def _report(graph: GraphClient, user_id: str) -> Person:
    """The signed-in user's direct report with this id; anyone else is not found (nothing is disclosed)."""
    report = next((person for person in direct_reports(graph) if person.id == user_id), None)
    if report is None:
        raise Http404("Not one of your direct reports.")
    return report


@require_GET
@sign_in_required
def team_person(request: HttpRequest, user_id: str) -> HttpResponse:
    graph = graph_for(request)
    try:
        report = _report(graph, user_id)
    except GraphError as error:
        return render(request, TEAM, {"error": error.user_message, "people": [], "form": TeamFilterForm()},
                      status=503)  # fmt: skip
    entry = visible_only([person_interests(graph, person=report)])[0]
    if request.htmx:
        return render(request, f"{TEAM}#person", {"entry": entry, "tags": TAGS})
    return render(request, "review/team_person.html", {"entry": entry, "tags": TAGS})


# --- Portal admins: find people, review and moderate ------------------------------------------------------


@require_GET
@portal_admin_required
def admin_search(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None)
    people, error = [], ""
    if form.is_valid():
        try:
            people = people_search(graph_for(request), text=form.cleaned_data["q"])
        except GraphError as failure:
            error = failure.user_message
    elif form.is_bound:
        error = "Type at least two letters of a name or sign-in name."
    context = {"form": form, "people": people, "error": error, "searched": form.is_bound}
    template = "review/admin_search.html#results" if request.htmx else "review/admin_search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _admin_person_context(request: HttpRequest, user_id: str) -> dict[str, Any]:
    graph = graph_for(request)
    person = person_get(graph, user_id=user_id)
    entry = visible_only([person_interests(graph, person=person)])[0]
    return {"entry": entry, "person": person, "form": ModerationForm()}


@require_GET
@portal_admin_required
def admin_person(request: HttpRequest, user_id: str) -> HttpResponse:
    try:
        context = _admin_person_context(request, user_id)
    except GraphNotFound:
        raise Http404("No such person.") from None
    except GraphError as error:
        return render(request, ADMIN_PERSON, {"error": error.user_message}, status=error.http_status)
    return render(request, ADMIN_PERSON, context)


@require_POST
@portal_admin_required
def admin_moderate(request: HttpRequest, user_id: str, interest_id: str) -> HttpResponse:
    form = ModerationForm(request.POST)
    name = request.POST.get("display_name", "")[:255]
    if not form.is_valid():
        context = {"form": form, "person_id": user_id, "interest_id": interest_id, "name": name}
        return render(request, f"{ADMIN_PERSON}#moderation-form", context, status=422)
    graph = graph_for(request, moderation=True)
    restrict = form.cleaned_data["action"] == "restrict"
    subject_name = request.POST.get("person_name", "")[:256]
    try:
        audited_write(
            actor=request.user, subject_oid=user_id, subject_name=subject_name, interest_id=interest_id,
            interest_name=name, reason=form.cleaned_data["reason"],
            action=AuditEntry.Action.RESTRICT if restrict else AuditEntry.Action.REMOVE,
            changes={"allowedAudiences": "me"} if restrict else None,
            perform=(lambda: interest_update(graph, owner_id=user_id, interest_id=interest_id,
                                             changes={"allowedAudiences": "me"}))
            if restrict else (lambda: interest_delete(graph, owner_id=user_id, interest_id=interest_id)),
        )  # fmt: skip
    except GraphError as error:
        message = REFUSED if isinstance(error, GraphForbidden) else error.user_message
        if request.htmx:
            return render(request, "interests/page.html#alert", {"error": message}, status=error.http_status)
        return render(request, ADMIN_PERSON, {"error": message}, status=error.http_status)
    done = f"“{name}” was {'restricted to its owner' if restrict else 'deleted'}; the reason is in the audit log."
    if not request.htmx:
        return HttpResponseRedirect(reverse("review:admin-person", args=[user_id]))
    # The interest is no longer visible to colleagues (or gone): its row goes, with the announcement.
    return trigger_client_event(HttpResponse(""), "status", {"message": done, "focus": "#person-heading"})
