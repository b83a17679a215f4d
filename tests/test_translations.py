"""The portal speaks the browser's language (English or German), and every catalogue is complete.

The catalogue tests run makemessages, as `make messages` does, over a copy of the code and templates: a string
marked for translation anywhere without a translation, or with only a fuzzy one, fails them by name.
"""

import ast
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy

from interests_portal.csv_export import csv_response
from interests_portal.graph.errors import GraphInvalid, GraphUnavailable
from interests_portal.portal.views import server_error

ROOT = Path(settings.BASE_DIR)
# Every language the portal offers but English, the language its strings are written in.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_of(language: str, root: Path = ROOT) -> Path:
    return root / "locale" / translation.to_locale(language) / "LC_MESSAGES" / "django.po"


# --- The catalogue ----------------------------------------------------------------------------------------------


@dataclass
class Message:
    msgid: str
    context: str = ""
    translations: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return f"{self.context} | {self.msgid}" if self.context else self.msgid


def gettext_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """One of GNU gettext's programs, which make install installs."""
    program = shutil.which(name)
    assert program, f"{name} not found: make install installs GNU gettext"
    return subprocess.run([program, *args], capture_output=True, text=True, timeout=60)  # noqa: S603


def read_catalogue(path: Path) -> list[Message]:
    """The messages of a catalogue, its header and obsolete entries left out. msgattrib --no-wrap writes each field
    on one line (a string is split only after a "\\n"), so a few lines of parsing do."""
    read = gettext_tool("msgattrib", "--no-wrap", "--no-obsolete", str(path))
    assert read.returncode == 0, read.stderr
    messages = []
    for block in read.stdout.split("\n\n"):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        key = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)  # a continuation of the field above
            elif line and not line.startswith("#"):
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            translations = [value for name, value in fields.items() if name.startswith("msgstr")]
            messages.append(Message(fields["msgid"], fields.get("msgctxt", ""), translations, flags))
    return messages


@pytest.fixture(scope="module", params=TRANSLATED)
def fresh_catalogue(request, tmp_path_factory) -> Path:
    """A language's catalogue as `make messages` would write it now: makemessages over a copy of the code, the
    templates and the catalogue, so the checkout is never written to (makemessages also leaves files beside each
    template while it works)."""
    copy = tmp_path_factory.mktemp("catalogue")
    for name in ("interests_portal", "templates"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy)
    catalogue = catalogue_of(request.param, copy)
    catalogue.parent.mkdir(parents=True)
    shutil.copy(catalogue_of(request.param), catalogue)
    # The copy's own settings, whose LOCALE_PATHS are the copy's locale/.
    made = subprocess.run(  # noqa: S603  (this interpreter, and a locale name from settings)
        [sys.executable, "manage.py", "makemessages", f"--locale={translation.to_locale(request.param)}", "-v0"],
        cwd=copy,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "interests_portal.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    return catalogue


def test_every_string_marked_for_translation_is_translated(fresh_catalogue):
    messages = read_catalogue(fresh_catalogue)
    assert len(messages) > 100  # the portal's strings were found: not an empty, trivially complete catalogue
    untranslated = [str(m) for m in messages if not all(m.translations)]
    fuzzy = [str(m) for m in messages if "fuzzy" in m.flags]
    where = fresh_catalogue.relative_to(fresh_catalogue.parents[3])
    assert untranslated == [], f"Translate these in {where} (make messages)"
    assert fuzzy == [], f"Check these fuzzy (guessed) translations in {where}, then remove their '#, fuzzy' line"


def test_the_catalogue_compiles_with_its_placeholders_and_plural_forms_intact(fresh_catalogue):
    # --check: every %(name)s of a python-format message is in its translation, and the header is complete.
    checked = gettext_tool("msgfmt", "--check", "--output-file=/dev/null", str(fresh_catalogue))
    assert checked.returncode == 0, checked.stderr
    header = fresh_catalogue.read_text().split("\n\n", 1)[0]
    assert f'"Language: {fresh_catalogue.parents[1].name}\\n"' in header
    assert '"Plural-Forms: ' in header
    assert "#, fuzzy" not in header  # msgfmt ignores a fuzzy header, and with it the plural forms


def test_german_plurals_follow_german_rules():
    header = catalogue_of("de").read_text().split("\n\n", 1)[0]
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header


def test_translations_keep_the_markup_of_their_english(fresh_catalogue):
    """A translation that lost a link or a screen-reader-only span would break the page, not only its words."""

    def tags(text: str) -> list[str]:
        return sorted(part.split(">")[0].split()[0] for part in text.split("<")[1:])

    messages = read_catalogue(fresh_catalogue)
    broken = [str(m) for m in messages if any(t and tags(t) != tags(m.msgid) for t in m.translations)]
    assert broken == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_up_to_date(language):
    catalogue = catalogue_of(language)
    compiled = catalogue.with_suffix(".mo")
    assert compiled.exists(), "make install compiles the translations (GNU gettext's msgfmt)"
    assert compiled.stat().st_mtime >= catalogue.stat().st_mtime, f"{catalogue} changed since: run make install"


# --- The language of a request ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "language", "heading"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "de", "Halten Sie Ihre Interessen aktuell"),
        ("de-AT", "de", "Halten Sie Ihre Interessen aktuell"),
        ("fr-FR,fr;q=0.9,de;q=0.5", "de", "Halten Sie Ihre Interessen aktuell"),  # the first one spoken here
        ("en-US,en;q=0.9", "en-gb", "Keep your interests current"),
        ("en-GB", "en-gb", "Keep your interests current"),
        ("fr-FR,ja;q=0.5", "en-gb", "Keep your interests current"),  # none spoken here: British English
        ("", "en-gb", "Keep your interests current"),
    ],
)
def test_the_page_is_in_the_language_the_browser_asks_for(accept_language, language, heading):
    page = Client(headers={"Accept-Language": accept_language} if accept_language else {}).get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert page["Content-Language"] == language


@pytest.mark.django_db
def test_pages_vary_by_accept_language_as_well_as_by_htmx():
    """A cache (the browser's, or one in between) must not give one person's language to another."""
    for path in ("/", "/no/such/page/", "/auth/callback"):
        answer = Client(headers={"Accept-Language": "de"}).get(path)
        vary = {name.strip().lower() for name in answer["Vary"].split(",")}
        assert {"accept-language", "hx-request"} <= vary, path


@pytest.mark.django_db
def test_the_portals_own_error_pages_speak_german():
    german = Client(headers={"Accept-Language": "de"})
    missing = german.get("/no/such/page/")
    assert missing.status_code == 404
    assert "Unter dieser Adresse gibt es nichts" in missing.content.decode()
    problem = german.get("/auth/callback")  # no sign-in was started in this browser
    assert problem.status_code == 400
    assert "Ihre Anmeldung hat zu lange gedauert" in problem.content.decode()
    assert "Erneut anmelden" in problem.content.decode()


def test_the_500_page_speaks_the_language_of_the_request():
    request = RequestFactory().get("/")
    with translation.override("de"):
        try:
            raise RuntimeError("a bug")
        except RuntimeError:
            answer = server_error(request)
    html = answer.content.decode()
    assert '<html lang="de">' in html
    assert "Etwas ist schiefgelaufen" in html
    assert "Es wurde protokolliert" in html


def test_graph_failures_are_told_in_the_language_of_the_request_that_shows_them():
    failure = GraphUnavailable("503 from Graph")
    with translation.override("de"):
        assert failure.user_message.startswith("Microsoft 365 antwortet gerade nicht")
    with translation.override("en-gb"):
        assert failure.user_message.startswith("Microsoft 365 isn't answering right now")
    with translation.override("de"):  # Graph's own words stay as Graph gave them
        assert GraphInvalid("displayName is too long").user_message.endswith(": displayName is too long")


def test_a_csv_is_written_in_the_language_of_the_request_that_asked_for_it():
    """Its lines are written after the view has returned, when another language may be active."""
    with translation.override("de"):
        response = csv_response("x.csv", [gettext_lazy("Interests Portal")], [[gettext_lazy("Sign out")]])
    with translation.override("en-gb"):
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines() == ["Interessenportal", "Abmelden"]


def test_the_admin_speaks_german_too(client, django_user_model):
    admin = django_user_model.objects.create(username="admin", display_name="Ada", is_staff=True, is_superuser=True)
    client.force_login(admin)
    index = client.get("/admin/", headers={"Accept-Language": "de"}).content.decode()
    assert "Verwaltung des Interessenportals" in index
    assert ">Anmeldung<" in index  # the accounts app's name
    assert "Abmelden" in index
    change = client.get(f"/admin/accounts/user/{admin.pk}/change/", headers={"Accept-Language": "de"}).content.decode()
    assert "Anzeigename" in change
    assert "Portaladministrator (die App-Rolle in Entra ID, bei der letzten Anmeldung)" in change
