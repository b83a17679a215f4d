"""Django's makemessages, knowing this repository: `make messages`, a plain `manage.py makemessages -l de` and the
catalogue test (tests/test_translations.py) read the same files and write the same catalogue."""

from typing import Any

from django.core.management.commands import makemessages

# Directories that hold none of the portal's words: npm's packages, var/ (the production virtualenv, Django's own
# templates included), collected static files, the tests, and the local tenant, which stands in for Microsoft's
# sign-in pages and stays English (docs/local-tenant.md). Hidden ones (.venv) Django leaves out itself.
IGNORED = ["node_modules", "var", "staticfiles", "tests", "local_tenant"]


class Command(makemessages.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        options["ignore_patterns"] = [*options["ignore_patterns"], *IGNORED]
        # Files without line numbers: those move with every edit and would fill each catalogue diff with noise.
        options["add_location"] = options["add_location"] or "file"
        super().handle(*args, **options)
