"""Served only when settings.BENCHMARK is on (the benchmark's own portal process: stack.bench_stack)."""

from django.urls import path

from . import views

app_name = "benchmarks"

urlpatterns = [
    path("baseline", views.baseline, name="baseline"),
]
