from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("team/", views.team_page, name="team"),
    path("team/export.csv", views.team_export, name="team-export"),
    path("team/people/<graph_id:user_id>/", views.team_person, name="team-person"),
    path("review/people/", views.admin_search, name="admin-search"),
    path("review/people/<graph_id:user_id>/", views.admin_person, name="admin-person"),
    path(
        "review/people/<graph_id:user_id>/interests/<graph_id:interest_id>/moderate",
        views.admin_moderate,
        name="admin-moderate",
    ),
]
