from django.urls import path

from . import views
from .graph.views import graph_endpoint
from .login import views as login

app_name = "local_tenant"

urlpatterns = [
    path("", views.index, name="index"),
    path("control", views.control_endpoint, name="control"),
    path("login/v2.0/.well-known/openid-configuration", login.discovery, name="discovery"),
    path("login/oauth2/v2.0/authorize", login.authorize, name="authorize"),
    path("login/oauth2/v2.0/token", login.token, name="token"),
    path("login/oauth2/v2.0/logout", login.end_session, name="end-session"),
    path("login/discovery/v2.0/keys", login.keys, name="keys"),
    path("graph/beta", graph_endpoint, name="graph-root"),
    path("graph/beta/<path:path>", graph_endpoint, name="graph"),
]
