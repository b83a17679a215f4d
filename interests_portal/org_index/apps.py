from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgIndexConfig(AppConfig):
    name = "interests_portal.org_index"
    label = "org_index"
    verbose_name = _("Organisation index")
