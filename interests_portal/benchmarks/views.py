"""The benchmark's bare baseline: what every page costs before it does anything of its own."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..accounts.decorators import sign_in_required


@require_GET
@sign_in_required
def baseline(request: HttpRequest) -> HttpResponse:
    """The base template, signed in, with no data and no Graph call: the sessions, middleware and navigation every
    page pays. The benchmark divides each page's portal time by this one's, timed the same way."""
    return render(request, "benchmarks/baseline.html")
