"""PLACEHOLDER (being written by the sync engineer): the index's sync status for portal admins."""

from django.http import Http404, HttpRequest, HttpResponse


def sync_status(request: HttpRequest) -> HttpResponse:
    raise Http404


def sync_now(request: HttpRequest) -> HttpResponse:
    raise Http404
