from django.urls import path

from .. import health
from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    # Answered by health.HealthCheckMiddleware before host checks and https redirects; routed here for reverse().
    path("healthz", health.healthz, name="healthz"),
    path("healthz/graph", health.graph_health, name="graph-health"),
    path("readyz", health.readyz, name="readyz"),
]
