from django.urls import path

from . import status, views

app_name = "org_index"

urlpatterns = [
    path("find/", views.find_people, name="find"),
    path("mentors/", views.mentors_for_me, name="mentors"),
    path("suggestions/", views.name_suggestions, name="suggestions"),
    path("index/", status.sync_status, name="status"),
    path("index/sync", status.sync_now, name="sync-now"),
]
