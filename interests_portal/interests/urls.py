from django.urls import path

from . import views

app_name = "interests"

urlpatterns = [
    path("", views.interest_list_page, name="list"),
    path("new", views.interest_create_view, name="create"),
    path("visibility", views.interest_visibility, name="visibility"),
    path("<graph_id:interest_id>/", views.interest_row, name="row"),
    path("<graph_id:interest_id>/edit", views.interest_edit, name="edit"),
    path("<graph_id:interest_id>/audience", views.interest_audience, name="audience"),
    path("<graph_id:interest_id>/tags", views.interest_tags, name="tags"),
    path("<graph_id:interest_id>/delete", views.interest_delete_view, name="delete"),
]
