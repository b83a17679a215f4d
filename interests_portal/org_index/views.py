"""Find people, Mentors for me and name suggestions: thin views over search.py, confirmed with Graph by
read_check.py before anything is shown (docs/org-index.md)."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from ..accounts.decorators import sign_in_required
from ..accounts.entra import graph_for
from ..failures import failure_response
from ..graph.errors import GraphError
from ..graph.interests import interest_list
from ..graph.people import direct_reports
from ..http import HtmxHttpRequest
from . import read_check, search
from .forms import FindPeopleForm, MentorsForm, SuggestionsForm
from .models import SyncState

FIND = "org_index/find_people.html"
MENTORS = "org_index/mentors.html"
PER_PAGE = 20


def index_enabled(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The pages exist only while the organisation index is on (ORG_INDEX_ENABLED)."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.ORG_INDEX_ENABLED:
            raise Http404("The organisation index is off.")
        return view(request, *args, **kwargs)

    return wrapper


def _left_out(request: HtmxHttpRequest, graph, *, exclude_team: bool) -> list[str]:
    """Never oneself; with the option, one's direct reports too (read from Graph: who they are now)."""
    left_out = [request.user.entra_object_id]
    if exclude_team:
        left_out += [person.id for person in direct_reports(graph)]
    return left_out


def _page_url(form: FindPeopleForm, page: int) -> str:
    params = {name: value for name, value in form.cleaned_data.items() if value and name != "page"}
    params = {name: ("on" if value is True else value) for name, value in params.items()}
    return "?" + urlencode(params | ({"page": page} if page > 1 else {}))


@require_GET
@sign_in_required
@index_enabled
def find_people(request: HtmxHttpRequest) -> HttpResponse:
    form = FindPeopleForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "building": SyncState.current().building, "labels": search.LABELS}
    status, failure = 200, None
    if form.is_bound and not form.is_valid():
        status = 422
    elif form.is_bound and form.asked():
        data, page = form.cleaned_data, form.cleaned_data["page"] or 1
        graph = graph_for(request)
        try:
            found = search.find_people(
                data["q"], tag=data["tag"], department=data["department"], category=data["category"],
                exclude_person_ids=_left_out(request, graph, exclude_team=data["exclude_team"]),
                limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
            )  # fmt: skip
            hits = read_check.confirmed(graph, found.hits)
        except GraphError as error:
            failure, status = error, error.http_status
            context["error"] = error.user_message
        else:
            pages = max(1, -(-found.total_people // PER_PAGE))
            context |= {
                "found": found,
                "hits": hits,
                "page": page,
                "previous_url": _page_url(form, page - 1) if page > 1 else "",
                "next_url": _page_url(form, page + 1) if page < pages else "",
            }
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context["oob"] = partial
    if failure is not None and partial:
        # The alert, and results that no longer claim to answer what is in the field now (nothing unconfirmed).
        beside = render_to_string(f"{FIND}#results", context | {"oob_results": True}, request=request)
        response = failure_response(request, failure, back_to=reverse("org_index:find"), beside=beside)
    else:
        response = render(request, f"{FIND}#results" if partial else FIND, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@sign_in_required
@index_enabled
def mentors_for_me(request: HtmxHttpRequest) -> HttpResponse:
    form = MentorsForm(request.GET or None)
    exclude_team = form.is_valid() and form.cleaned_data["exclude_team"]
    context: dict[str, Any] = {"form": form, "building": SyncState.current().building}
    status = 200
    graph = graph_for(request)
    try:
        mine = interest_list(graph)
        left_out = _left_out(request, graph, exclude_team=exclude_team)
        matches = search.matches_for(request.user.entra_object_id, mine, exclude_person_ids=left_out)
        context |= {
            "mine": mine,
            "wants": [i for i in mine if {"wantsToLearn", "wantsToImprove"} & set(i.collaboration_tags)],
            "offers": [i for i in mine if "ableToMentor" in i.collaboration_tags],
            "mentors": read_check.confirmed_matches(graph, matches.mentors),
            "learners": read_check.confirmed_matches(graph, matches.learners),
        }
    except GraphError as failure:
        context["error"], status = failure.user_message, failure.http_status
    return render(request, MENTORS, context, status=status)


@require_GET
@sign_in_required
def name_suggestions(request: HtmxHttpRequest) -> HttpResponse:
    """The options of the add form's datalist: interest names the organisation uses, most used first. Nothing when
    the index is off or being built; never an error (typing must not be interrupted by one)."""
    form = SuggestionsForm(request.GET)
    names: list[search.NameSuggestion] = []
    if settings.ORG_INDEX_ENABLED and form.is_valid():
        names = search.suggest_names(form.cleaned_data["display_name"])
    return render(request, "org_index/suggestions.html", {"names": names})
