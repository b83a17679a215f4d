"""PLACEHOLDER (being written by the pages engineer): Find people, Mentors for me, name suggestions."""

from django.http import Http404, HttpRequest, HttpResponse


def find_people(request: HttpRequest) -> HttpResponse:
    raise Http404


def mentors_for_me(request: HttpRequest) -> HttpResponse:
    raise Http404


def name_suggestions(request: HttpRequest) -> HttpResponse:
    raise Http404
