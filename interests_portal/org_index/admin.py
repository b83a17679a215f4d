"""The organisation index's background tasks in the portal's own admin site (Entra sign-in only): django-tasks-db
registers its task results on Django's default site, which the portal does not mount."""

from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from ..accounts.admin import admin_site

admin_site.register(DBTaskResult, DBTaskResultAdmin)
