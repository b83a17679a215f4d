"""Whether the signed-in person manages anyone: the navigation offers "My team" to people with direct reports.

Graph is asked at sign-in (one small request: the first direct report's id, if any) and the answer is kept in the
session for an hour, so pages don't each ask; once it is older, the next full page asks again. The team page keeps
it fresh from the list it reads anyway. When Graph can't say, the link is shown: hiding it from a manager because
of an outage is worse than showing it to someone who then finds a page explaining why it is empty. That unknown is
kept for a few minutes only, so a Graph outage doesn't cost every page a failing request.
"""

import logging
import time

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from ..graph.errors import GraphProblem
from ..graph.people import has_direct_reports
from .entra import graph_for

logger = logging.getLogger(__name__)

SESSION_KEY = "has_direct_reports"
KNOWN_SECONDS = 60 * 60
UNKNOWN_SECONDS = 5 * 60


def reports_remember(session: SessionBase, has_reports: bool | None) -> None:
    """Keep what is now known (None: Graph couldn't say). An answer that is the same as the kept one and still
    young is not written again, so reading the team page does not write the session each time."""
    now = time.time()
    seconds = UNKNOWN_SECONDS if has_reports is None else KNOWN_SECONDS
    kept = session.get(SESSION_KEY)
    if isinstance(kept, dict) and kept.get("value") is has_reports and float(kept.get("until", 0)) - now > seconds / 2:
        return
    session[SESSION_KEY] = {"value": has_reports, "until": now + seconds}


def reports_kept(session: SessionBase) -> tuple[bool, bool | None]:
    """(whether the session holds a current answer, that answer: True, False, or None when Graph couldn't say)."""
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict) or float(kept.get("until", 0)) <= time.time():
        return False, None
    value = kept.get("value")
    return True, value if isinstance(value, bool) else None


def reports_check(request: HttpRequest) -> bool | None:
    """Ask Graph, and keep the answer. Never raises: at sign-in or in the navigation, a failure here must not
    stand in the way of anything else (an expired sign-in is dealt with by the page's own Graph calls)."""
    try:
        has_reports: bool | None = has_direct_reports(graph_for(request))
    except GraphProblem as error:
        logger.info("navigation: couldn't tell whether the user has direct reports (%s)", type(error).__name__)
        has_reports = None
    reports_remember(request.session, has_reports)
    return has_reports


def team_link_shown(request: HttpRequest) -> bool:
    """Whether the navigation offers "My team": to people with reports, and whenever that is not known."""
    if not request.user.is_authenticated:
        return False
    current, has_reports = reports_kept(request.session)
    if not current:
        has_reports = reports_check(request)
    return has_reports is not False
