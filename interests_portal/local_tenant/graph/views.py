from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from ..control import control
from ..guard import local_tenant_only
from .http import JSON_CONTENT_TYPE, CaseInsensitiveHeaders, GraphError, GraphRequest, GraphResponse
from .router import dispatch


def _to_http(response: GraphResponse) -> HttpResponse:
    http = HttpResponse(response.encoded_body(), status=response.status)
    if response.body is not None:
        http["Content-Type"] = JSON_CONTENT_TYPE
    else:
        del http["Content-Type"]
    http["Cache-Control"] = "no-cache"
    for name, value in response.headers.items():
        http[name] = value
    return http


@csrf_exempt
@local_tenant_only
def graph_endpoint(request: HttpRequest, path: str = "") -> HttpResponse:
    control.delay()
    graph_request = GraphRequest(
        method=request.method or "GET",
        path=path.strip("/"),
        query={},
        raw_query=request.META.get("QUERY_STRING", ""),
        headers=CaseInsensitiveHeaders(dict(request.headers)),
        body=b"",
        base_url=request.build_absolute_uri(reverse("local_tenant:graph-root")).rstrip("/"),
    )
    try:
        graph_request.body = request.body
    except RequestDataTooBig:
        error = GraphError(413, "RequestEntityTooLarge", "The request body is too large.")
        return _to_http(error.to_response(graph_request))
    return _to_http(dispatch(graph_request))
