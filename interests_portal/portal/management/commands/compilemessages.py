"""Django's compilemessages, leaving out what makemessages leaves out: it would otherwise find, and compile in
place, the catalogues of every package in the virtualenvs (.venv, and var/'s production one)."""

from typing import Any

from django.core.management.commands import compilemessages

from .makemessages import IGNORED


class Command(compilemessages.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        options["ignore_patterns"] = [*options["ignore_patterns"], ".*", *IGNORED]
        super().handle(*args, **options)
