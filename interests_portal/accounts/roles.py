"""Whether the signed-in person manages anyone: the navigation offers "My team" to people with direct reports.

Graph is asked once, at sign-in (one small request: the first direct report's id, if any, sent once with a short
timeout), and the answer is kept in the session. The navigation only reads it, so no page waits on Graph for its
menu. The team page keeps it current from the list it reads anyway: someone who stops managing loses the link when
they next open the team page, someone who starts managing gets it at their next sign-in (or by opening /team/). When
Graph can't say, the link is shown: hiding it from a manager because of an outage is worse than showing it to someone
who then finds a page explaining why it is empty.
"""

import logging

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from ..graph.errors import GraphProblem
from ..graph.people import has_direct_reports
from .entra import graph_for

logger = logging.getLogger(__name__)

SESSION_KEY = "has_direct_reports"


def reports_remember(session: SessionBase, has_reports: bool | None) -> None:
    """Keep what is now known (None: Graph couldn't say); the session is written only when the answer changes."""
    if SESSION_KEY not in session or session[SESSION_KEY] is not has_reports:
        session[SESSION_KEY] = has_reports


def reports_kept(session: SessionBase) -> bool | None:
    """What the session holds: True, False, or None when Graph couldn't say (or nothing valid is kept)."""
    value = session.get(SESSION_KEY)
    return value if isinstance(value, bool) else None


def reports_check(request: HttpRequest) -> bool | None:
    """Ask Graph, and keep the answer. Never raises: at sign-in a failure here must not stand in the way of anything
    else (an expired sign-in is dealt with by the page's own Graph calls)."""
    try:
        has_reports: bool | None = has_direct_reports(graph_for(request))
    except GraphProblem as error:
        logger.info("navigation: couldn't tell whether the user has direct reports (%s)", type(error).__name__)
        has_reports = None
    reports_remember(request.session, has_reports)
    return has_reports


def team_link_shown(request: HttpRequest) -> bool:
    """Whether the navigation offers "My team": to people with reports, and whenever that is not known."""
    return request.user.is_authenticated and reports_kept(request.session) is not False
