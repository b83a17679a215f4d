from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class OrgIndexConfig(AppConfig):
    name = "interests_portal.org_index"
    label = "org_index"
    verbose_name = _("Organisation index")

    def ready(self) -> None:
        connection_created.connect(_typo_tolerance)


# pg_trgm's `%>` (what search.py's typo tolerance filters with, so that the trigram index serves it) matches at a word
# similarity of 0.6 by default: "kubernets" finds Kubernetes, but a swapped pair of letters ("pyhton", 0.43) does not.
# 0.4 finds those; ranking puts the closest first.
WORD_SIMILARITY_THRESHOLD = 0.4


def _typo_tolerance(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")
