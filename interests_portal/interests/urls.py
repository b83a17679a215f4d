from django.urls import path, register_converter

from . import views


class GraphIdConverter:
    """Graph item ids: letters, digits, '-', '_', '='; nothing that could name another path."""

    regex = r"[A-Za-z0-9][A-Za-z0-9_=-]*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(GraphIdConverter, "graph_id")

app_name = "interests"

urlpatterns = [
    path("", views.interest_list_page, name="list"),
    path("new", views.interest_create_view, name="create"),
    path("<graph_id:interest_id>/", views.interest_row, name="row"),
    path("<graph_id:interest_id>/edit", views.interest_edit, name="edit"),
    path("<graph_id:interest_id>/audience", views.interest_audience, name="audience"),
    path("<graph_id:interest_id>/tags", views.interest_tags, name="tags"),
    path("<graph_id:interest_id>/delete", views.interest_delete_view, name="delete"),
]
