from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("<int:object_id>/", views.audit_entry, name="entry"),  # the entry's id, named as Django's admin names it
    path("export.csv", views.audit_export, name="export"),
]
