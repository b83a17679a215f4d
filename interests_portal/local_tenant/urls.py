from django.urls import path

from . import views
from .graph.views import graph_endpoint
from .login import views as login
from .request_log import logged

app_name = "local_tenant"

# Every view but the control endpoints is `logged` (request_log.py): the benchmark counts round trips from the log.
urlpatterns = [
    path("", logged(views.index), name="index"),
    path("control", views.control_endpoint, name="control"),
    path("control/requests", views.requests_endpoint, name="control-requests"),
    path("login/v2.0/.well-known/openid-configuration", logged(login.discovery), name="discovery"),
    path("login/oauth2/v2.0/authorize", logged(login.authorize), name="authorize"),
    path("login/oauth2/v2.0/token", logged(login.token), name="token"),
    path("login/oauth2/v2.0/logout", logged(login.end_session), name="end-session"),
    path("login/discovery/v2.0/keys", logged(login.keys), name="keys"),
    path("graph/beta", logged(graph_endpoint), name="graph-root"),
    path("graph/beta/<path:path>", logged(graph_endpoint), name="graph"),
]
