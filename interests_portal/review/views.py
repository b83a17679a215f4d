"""Team review for managers, and review and moderation for portal admins. Permission checks live here."""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from ..accounts.decorators import sign_in_required
from ..accounts.entra import graph_for
from ..accounts.resume import Submission, take_submission
from ..accounts.roles import reports_remember
from ..csv_export import csv_response
from ..failures import Failure, failure_response
from ..graph.client import GraphClient
from ..graph.errors import GraphError, GraphForbidden, GraphNotFound, SignInRequired
from ..graph.models import TAGS
from ..graph.people import (
    Person,
    PersonInterests,
    direct_reports,
    direct_reports_and_contacts,
    interests_of_people,
    people_search,
    person_get,
    person_interests,
)
from ..http import HtmxHttpRequest, announce, swap_into
from ..interests.services import WriteFailed, interest_remove, interest_restrict
from ..portal.errors import CACHE_OUTAGES
from .forms import ModerationForm, PeopleSearchForm, TeamFilterForm
from .team import interest_groups, mentoring_matches, tag_chart, visible_only

logger = logging.getLogger(__name__)

TEAM = "review/team.html"
ADMIN_PERSON = "review/admin_person.html"
ADMIN_SEARCH = "review/admin_search.html"
REFUSED = gettext_lazy(
    "Microsoft 365 refused the change: your organisation doesn't let the portal change other people's profiles. "
    "Nothing was changed; the attempt is recorded in the audit log."
)
NO_CONSENT = gettext_lazy(
    "Moderation needs the permission to change other people's profiles (User.ReadWrite.All), and the sign-in "
    "didn't grant it. Nothing was changed. Ask your Microsoft 365 administrator to consent for the portal."
)
# Above this many names across the mentoring matches, the matches leave contact links to each person's page.
MATCH_CONTACTS_UP_TO = 400
# The matrix shows the interests most people hold, this many: a column per person and a row per interest would
# otherwise grow with the square of the team where most names differ. The By interest view lists every one.
MATRIX_ROWS = 40
# A team's loaded interests are kept this long, so "try again" asks Graph only for the people who failed.
TEAM_CACHE_SECONDS = 120


def portal_admin_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_portal_admin:
            return render(request, "review/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return sign_in_required(wrapper)


# --- Team review -------------------------------------------------------------------------------------------


def _team_cache_key(request: HtmxHttpRequest) -> str:
    return f"team-interests:{request.user.pk}"


def _load_team(request: HtmxHttpRequest, graph: GraphClient, reports: list[Person], *, retry: bool) -> list:
    """Everyone's interests that colleagues may see. On a retry, people loaded moments ago are taken from the
    cache, so Graph is asked again only for those who failed (and a retry converges even while Graph is flaky)."""
    kept: dict[str, list] = (_cached(_team_cache_key(request)) or {}) if retry else {}
    fresh = {entry.person.id: entry for entry in interests_of_people(graph, [p for p in reports if p.id not in kept])}
    loaded = visible_only([fresh.get(p.id) or PersonInterests(p, list(kept[p.id])) for p in reports])
    _keep(_team_cache_key(request), {e.person.id: e.interests for e in loaded if not e.error}, TEAM_CACHE_SECONDS)
    return loaded


# The cache only saves Graph calls: with Redis down, a retry asks Graph for everyone, and the page still works.
def _cached(key: str) -> Any:
    try:
        return cache.get(key)
    except CACHE_OUTAGES:
        logger.warning("team page: the cache is unreachable; asking Graph for everyone")
        return None


def _keep(key: str, value: Any, seconds: int) -> None:
    try:
        cache.set(key, value, seconds)
    except CACHE_OUTAGES:
        logger.warning("team page: the cache is unreachable; a retry will ask Graph for everyone")


def _team_context(request: HtmxHttpRequest) -> dict[str, Any]:
    form = TeamFilterForm(request.GET or None)
    team_filter = form.team_filter()
    graph = graph_for(request)
    failure: GraphError | None = None
    loaded = []
    reports = None
    try:
        reports = direct_reports_and_contacts(graph)
    except GraphError as error:
        failure = error  # who the reports are is unknown: nothing can be shown, and nothing may look complete
    else:
        # Fresh from the full list, for the navigation's "My team" link.
        reports_remember(request.session, bool(reports.users or reports.contacts))
        loaded = _load_team(request, graph, reports.users, retry=request.GET.get("retry") == "1")
    view = form.selected_view()
    query = request.GET.copy()
    query.pop("retry", None)
    context: dict[str, Any] = {
        "form": form,
        "view": view,
        "people": team_filter.apply(loaded),
        "failed": [entry for entry in loaded if entry.error],
        "failure": failure,
        "error": failure.user_message if failure else "",
        "tags": TAGS,
        "filtered": team_filter.active,
        "query": query.urlencode(),
        "query_items": [(key, value) for key in query for value in query.getlist(key)],
        # Only contacts, or no one, report to this person: the page explains that instead of offering filters.
        "no_team": reports is not None and not reports.users,
        "contacts": reports.contacts if reports else [],
    }
    if view != "people":  # the people view and its CSV need no grouping
        context["groups"] = interest_groups(context["people"])
    if view == "matches":
        matches = mentoring_matches(context["groups"])
        context["matches"] = matches
        # Contact links for everyone listed while the page stays small; past that, each name links to the
        # person's page, which has them (a team of 1,000 would otherwise carry 2,000 sets of links).
        context["match_contacts"] = sum(match.people for match in matches) <= MATCH_CONTACTS_UP_TO
    if view == "matrix":  # the groups come most held first
        context["matrix_groups"] = context["groups"][:MATRIX_ROWS]
    return context


def _with_picture(context: dict[str, Any]) -> dict[str, Any]:
    """What only the page shows (not the CSV): the interests grouped, and the chart drawn from them."""
    groups = context.get("groups")
    if groups is None:
        groups = interest_groups(context["people"])
    return context | {"groups": groups, "chart": tag_chart(groups)}


@require_GET
@sign_in_required
def team_page(request: HtmxHttpRequest) -> HttpResponse:
    context = _with_picture(_team_context(request))
    failure = context["failure"]
    if request.htmx and not request.htmx.history_restore_request:
        if failure is not None:  # the alert; the view on the page stays as it was (and the URL too)
            response = failure_response(request, failure, back_to=reverse("review:team"))
        else:
            response = render(request, f"{TEAM}#results", context)
            if request.GET.get("retry") == "1":
                response = _retried(response, context["failed"])
    else:
        response = render(request, TEAM, context, status=failure.http_status if failure else 200)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _retried(response: HttpResponse, failed: list[PersonInterests]) -> HttpResponse:
    """Say how "Try again" went, and take focus to what is left to do (or to the now complete results)."""
    if not failed:
        return announce(response, gettext("Everyone's interests are loaded now."), focus="#team-results")
    names = ", ".join(entry.person.display_name for entry in failed)
    message = ngettext("Still couldn't load %(count)d: %(names)s.", "Still couldn't load %(count)d: %(names)s.",
                       len(failed)) % {"count": len(failed), "names": names}  # fmt: skip
    return announce(response, message, focus="#team-incomplete")


@require_GET
@sign_in_required
def team_export(request: HtmxHttpRequest) -> HttpResponseBase:
    """The view as CSV. People whose interests couldn't be loaded are rows of their own, marked in `Status`: a
    spreadsheet must not look complete when it is not."""
    context = _team_context(request)
    if context["failure"] is not None:  # a download that fails, rather than one that looks complete and is empty
        return HttpResponse(context["error"], status=context["failure"].http_status, content_type="text/plain")
    failed = context["failed"]
    ok = gettext("ok")
    if context["view"] == "matches":
        rows: list[list[Any]] = [
            [match.interest, "; ".join(holder.label(learner=False) for holder in match.mentors),
             "; ".join(holder.label(learner=True) for holder in match.learners), len(match.mentors),
             len(match.learners), ok]
            for match in context["matches"]
        ]  # fmt: skip
        missing = gettext("incomplete: %(name)s's interests couldn't be loaded (%(reason)s); matches with them are "
                          "missing.")  # fmt: skip
        rows += [["", "", "", "", "", missing % {"name": e.person.display_name,
                  "reason": e.error.user_message}] for e in failed]  # fmt: skip
        header = [gettext("Interest"), gettext("Mentors"), gettext("Learners"), gettext("How many mentors"),
                  gettext("How many learners"), gettext("Status")]  # fmt: skip
        return csv_response("mentoring-matches.csv", header, rows)
    rows = []
    for entry in context["people"]:
        person = entry.person
        if entry.error:
            rows.append([person.display_name, person.job_title, "", "", "", "", "",
                         gettext("couldn't load: %(reason)s") % {"reason": entry.error.user_message}])  # fmt: skip
        rows += [[person.display_name, person.job_title, interest.display_name, interest.description,
                  "; ".join(interest.categories), "; ".join(interest.tag_labels), interest.audience_label, ok]
                 for interest in entry.interests]  # fmt: skip
    header = [gettext("Person"), gettext("Job title"), gettext("Interest"), gettext("Description"),
              gettext("Categories"), gettext("Collaboration"), gettext("Visible to"), gettext("Status")]  # fmt: skip
    return csv_response("team-interests.csv", header, rows)


def _report(graph: GraphClient, user_id: str) -> Person:
    """The signed-in user's direct report with this id; anyone else is not found (nothing is disclosed)."""
    report = next((person for person in direct_reports(graph) if person.id == user_id), None)
    if report is None:
        raise Http404("Not one of your direct reports.")
    return report


@require_GET
@sign_in_required
def team_person(request: HtmxHttpRequest, user_id: str) -> HttpResponse:
    graph = graph_for(request)
    try:
        report = _report(graph, user_id)
    except GraphError as error:
        if request.htmx:
            return failure_response(request, error, back_to=reverse("review:team"))
        return render(request, TEAM, {"error": error.user_message, "people": [], "form": TeamFilterForm()},
                      status=error.http_status)  # fmt: skip
    entry = visible_only([person_interests(graph, person=report)])[0]
    return render(request, "review/team_person.html", {"entry": entry, "tags": TAGS})


# --- Portal admins: find people, review and moderate ------------------------------------------------------


@require_GET
@portal_admin_required
def admin_search(request: HtmxHttpRequest) -> HttpResponse:
    """Find people by any part of their name. As the person types, htmx asks for the results alone (the count is
    announced, the field is never swapped, so what they type stays); without JavaScript, the form is a plain GET."""
    form = PeopleSearchForm(request.GET or None)
    found, failure = None, None
    if form.is_valid():
        try:
            found = people_search(graph_for(request), text=form.cleaned_data["q"])
        except GraphError as error:
            failure = error
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {"form": form, "found": found, "error": failure.user_message if failure else "", "oob": partial}
    if failure is not None and partial:
        # The alert, and results that no longer claim to answer what is in the field now.
        beside = render_to_string(f"{ADMIN_SEARCH}#results", context, request=request)
        response = failure_response(request, failure, back_to=reverse("review:admin-search"), beside=beside)
    else:
        status = failure.http_status if failure else (422 if form.is_bound and not form.is_valid() else 200)
        response = render(request, f"{ADMIN_SEARCH}#results" if partial else ADMIN_SEARCH, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@portal_admin_required
def admin_person(request: HtmxHttpRequest, user_id: str) -> HttpResponse:
    graph = graph_for(request)
    try:
        person = person_get(graph, user_id=user_id)
    except GraphNotFound:
        raise Http404("No such person.") from None
    except GraphError as error:
        return render(request, ADMIN_PERSON, {"error": error.user_message}, status=error.http_status)
    entry = visible_only([person_interests(graph, person=person)])[0]
    kept = take_submission(request, "review:admin-moderate")
    if kept and kept.kwargs.get("user_id") != user_id:
        kept = None  # it was for someone else's page: the admin went elsewhere meanwhile
    return render(request, ADMIN_PERSON, {"entry": entry, "person": person, "kept": _kept_moderation(kept)})


def _kept_moderation(kept: Submission | None) -> dict[str, Any] | None:
    """A moderation submitted before a sign-in (or consent) interrupted it: its form, and whether to send it on."""
    if kept is None:
        return None
    return {"interest_id": kept.kwargs.get("interest_id"), "form": ModerationForm(kept.data),
            "action": kept.data.get("action", "restrict"), "send": kept.consent}  # fmt: skip


@require_POST
@portal_admin_required
def admin_moderate(request: HtmxHttpRequest, user_id: str, interest_id: str) -> HttpResponse:
    form = ModerationForm(request.POST)
    context = {"form": form, "person_id": user_id, "interest_id": interest_id}
    if not form.is_valid():
        return _moderation_form(request, context, status=422)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    if action == "delete" and not form.cleaned_data["confirmed"]:
        return render(request, "review/moderate.html", {**context, "confirming": True})  # without JavaScript
    moderate = interest_restrict if action == "restrict" else interest_remove
    try:
        moderated = moderate(user=request.user, graph=graph_for(request, moderation=True), owner_id=user_id,
                             interest_id=interest_id, reason=reason)  # fmt: skip
    except SignInRequired as error:
        if error.moderation and form.cleaned_data["resumed"]:
            # Consent was asked for and not given: say so, instead of asking again and again.
            message = _not_moderated(action, str(NO_CONSENT))
            return _moderation_failed(request, user_id, interest_id, GraphForbidden(message), message)
        raise
    except WriteFailed as failure:
        gone = failure.known and failure.stored is None
        reason = str(REFUSED) if isinstance(failure.error, GraphForbidden) else failure.user_message
        # Only when Graph's answer shows the interest untouched may the page say nothing was changed: an unconfirmed
        # write may have gone through, and a vanished interest says so in its own words.
        unsure = failure.user_message == str(WriteFailed.UNCONFIRMED)
        message = reason if gone or unsure else _not_moderated(action, reason)
        return _moderation_failed(request, user_id, interest_id, failure, message, gone=gone)
    name = moderated.interest.display_name
    if action == "restrict":
        message = (
            gettext("“%(name)s” was restricted to its owner; the reason is in the audit log.") % {"name": name}
            if name
            else gettext("The interest was restricted to its owner; the reason is in the audit log.")
        )
    else:
        message = (gettext("“%(name)s” was deleted; the reason is in the audit log.") % {"name": name}
                   if name else gettext("The interest was deleted; the reason is in the audit log."))  # fmt: skip
    if not request.htmx:
        messages.success(request, message)
        return HttpResponseRedirect(reverse("review:admin-person", args=[user_id]))
    # No longer visible to colleagues (or gone): its card goes, with the announcement.
    response = swap_into(HttpResponse(""), f"#moderate-{interest_id}", "delete")
    return announce(response, message, focus="#person-heading")


def _not_moderated(action: str, reason: str) -> str:
    """A failed moderation, said plainly first (the person may have waited seconds through retries), then why."""
    if action == "restrict":
        return gettext("Not restricted: nothing was changed. %(reason)s") % {"reason": reason}
    return gettext("Not deleted: nothing was changed. %(reason)s") % {"reason": reason}


def _moderation_form(request: HtmxHttpRequest, context: dict[str, Any], *, status: int) -> HttpResponse:
    """The reason again, inside its card, with its error and what was typed (the card's buttons stay as they are)."""
    if request.htmx:  # focus moves once, after the swap (a swapped-in autofocus is focused again a frame later)
        response = render(request, f"{ADMIN_PERSON}#reason-field", context, status=status)
        return announce(response, "", focus=f"#reason-{context['interest_id']}")
    return render(request, "review/moderate.html", context, status=status)


def _moderation_failed(
    request: HtmxHttpRequest, user_id: str, interest_id: str, failure: Failure, message: str, *, gone: bool = False
) -> HttpResponse:
    if gone:
        beside = render_to_string(f"{ADMIN_PERSON}#card-gone", {"interest_id": interest_id})
    else:
        slot = {"slot_id": f"moderate-error-{interest_id}", "message": message, "oob": True}
        beside = render_to_string("interests/page.html#message-slot", slot)
    return failure_response(request, failure, back_to=reverse("review:admin-person", args=[user_id]), beside=beside,
                            message=message)  # fmt: skip
