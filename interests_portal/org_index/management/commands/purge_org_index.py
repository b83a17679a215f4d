"""Empty the organisation index, or drop one person from it (docs/org-index.md, "Personal data")."""

import uuid

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ...models import IndexedPerson, SyncState


class Command(BaseCommand):
    help = (
        "Delete what the organisation index holds: everyone (and the sync's place, so the next run starts over), or "
        "one person by Entra object id. Counts of past sync runs are kept: they hold no personal data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--person", help="Only this person (their Entra object id).")

    def handle(self, *args, person: str | None = None, **options) -> None:
        if person:
            try:
                person_id = uuid.UUID(person)
            except ValueError:
                raise CommandError(f"{person!r} is not an Entra object id (a GUID)") from None
            deleted, _ = IndexedPerson.objects.filter(pk=person_id).delete()
            self.stdout.write(
                f"Removed {person_id} and their interests from the index."
                if deleted
                else f"{person_id} is not in the index."
            )
            return
        with transaction.atomic():
            people = IndexedPerson.objects.count()
            IndexedPerson.objects.all().delete()  # their interests go with them (on_delete CASCADE)
            SyncState.objects.all().delete()  # no delta link: the next sync is a full one
        self.stdout.write(f"Emptied the organisation index ({people} people). The next sync rebuilds it from Graph.")
