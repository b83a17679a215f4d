from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "interests_portal.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
