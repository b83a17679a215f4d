"""Compression: HTML (and CSV) gzipped by GZipMiddleware when asked; static files pre-compressed by WhiteNoise, Brotli
as well as gzip (docs/deploy.md "Compression")."""

import gzip
import re
from pathlib import Path

import brotli  # type: ignore[import-untyped]  # no stubs
import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client

GZIP = {"Accept-Encoding": "gzip, deflate"}
IDENTITY = {"Accept-Encoding": "identity"}
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def vary(response: requests.Response) -> set[str]:
    return {part.strip().lower() for part in response.headers.get("Vary", "").split(",") if part.strip()}


def fetch(browser: requests.Session, url: str, headers: dict[str, str]) -> tuple[requests.Response, bytes]:
    """The response and its body exactly as it came over the wire (requests would otherwise decode it)."""
    response = browser.get(url, headers=headers, stream=True, allow_redirects=False, timeout=10)
    return response, response.raw.read(decode_content=False)


@pytest.fixture
def ada(portal) -> requests.Session:
    return portal.sign_in("ada.okafor")


def test_a_page_and_its_htmx_partial_are_gzipped_when_asked(portal, ada):
    url = f"{portal.url}/interests/"
    page_headers: dict[str, str] = {}
    for extra in (page_headers, portal.htmx(ada)):
        compressed, wire = fetch(ada, url, GZIP | extra)
        plain, plain_wire = fetch(ada, url, IDENTITY | extra)
        assert compressed.status_code == plain.status_code == 200
        assert compressed.headers["Content-Encoding"] == "gzip"
        assert int(compressed.headers["Content-Length"]) == len(wire)
        assert {"accept-encoding", "hx-request"} <= vary(compressed)
        assert "Content-Encoding" not in plain.headers
        assert "accept-encoding" in vary(plain)  # a cache must not hand this one to a client that asked for gzip
        body = gzip.decompress(wire)
        assert len(wire) < len(body) / 3
        assert body.lstrip().startswith(b"<!doctype html>") == (extra is page_headers)  # the page, or the partial
        assert plain_wire.lstrip().startswith(b"<!doctype html>") == (extra is page_headers)
        assert b"Python" in body
        assert b"Python" in plain_wire


def test_every_response_masks_the_csrf_token_afresh(portal, ada):
    """BREACH recovers a secret that repeats byte for byte in every response; the CSRF token never does."""
    tokens = []
    for _ in range(2):
        response, wire = fetch(ada, f"{portal.url}/interests/", GZIP)
        assert response.headers["Content-Encoding"] == "gzip"
        found = set(CSRF_FIELD.findall(gzip.decompress(wire)))
        assert len(found) == 1  # one masked token per response, in every form of the page
        tokens.append(found.pop())
    assert tokens[0] != tokens[1]
    assert len(tokens[0]) == len(tokens[1]) == 64


def test_the_gzip_stream_carries_random_padding(portal, ada):
    """Django's "Heal the Breach" mitigation: a filename of random length (0 to 99 bytes of "a") in the gzip header,
    so the same page never compresses to one length an attacker could compare."""
    names = set()
    for _ in range(4):
        wire = fetch(ada, f"{portal.url}/interests/", GZIP)[1]
        assert wire[3] & 0x08  # FLG.FNAME: a file name follows the 10-byte header
        name = wire[10 : wire.index(b"\x00", 10)]
        assert name == b"a" * len(name)
        names.add(name)
    assert len(names) > 1  # four draws of 0..99 all alike: one in a million


def test_the_csv_download_compresses_to_the_same_table(portal):
    priya = portal.sign_in("priya.raman", "/team/")
    url = f"{portal.url}/team/export.csv"
    compressed, wire = fetch(priya, url, GZIP)
    plain, plain_wire = fetch(priya, url, IDENTITY)
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert compressed.headers["Content-Type"] == plain.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert compressed.headers["Content-Disposition"] == 'attachment; filename="team-interests.csv"'
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(wire) == plain_wire
    assert b"Person," in plain_wire.splitlines()[0]


@pytest.mark.django_db
def test_tiny_responses_are_left_alone():
    """Under 200 bytes compression cannot pay: a redirect to sign in goes out as it is, without Vary."""
    answer = Client().get("/interests/", headers=GZIP)
    assert answer.status_code == 302
    assert "Content-Encoding" not in answer
    assert "accept-encoding" not in answer.get("Vary", "").lower()


def test_gzip_sits_below_whitenoise_and_above_everything_that_writes_the_body():
    middleware = django_settings.MIDDLEWARE
    gzip_at = middleware.index("django.middleware.gzip.GZipMiddleware")
    assert middleware.index("django.middleware.security.SecurityMiddleware") < gzip_at
    assert middleware.index("interests_portal.headers.CacheHeadersMiddleware") > gzip_at
    assert middleware.index("csp.middleware.CSPMiddleware") > gzip_at


# --- Static files: pre-compressed at collectstatic, served by WhiteNoise in production ---------------------------


@pytest.fixture
def collected(settings, tmp_path: Path) -> Path:
    """collectstatic as the production build runs it (manifest + compression), of the project's own static/ (the
    admin's and the apps' files would only make it slower), into a directory of this test's own."""
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def test_collectstatic_writes_brotli_and_gzip_beside_the_css_and_js(collected):
    for name in ("css/portal.css", "js/portal.js"):
        hashed = collected / staticfiles_storage.url(name).removeprefix(django_settings.STATIC_URL)
        original = hashed.read_bytes()
        assert brotli.decompress((hashed.parent / f"{hashed.name}.br").read_bytes()) == original
        assert gzip.decompress((hashed.parent / f"{hashed.name}.gz").read_bytes()) == original


@pytest.fixture
def production_client(collected, settings) -> Client:
    """A client through the production middleware: WhiteNoise right below SecurityMiddleware, as settings.py puts
    it when DEBUG is off (the test run's MIDDLEWARE was built with DEBUG on)."""
    middleware = list(settings.MIDDLEWARE)
    if "whitenoise.middleware.WhiteNoiseMiddleware" not in middleware:
        at = middleware.index("django.middleware.security.SecurityMiddleware") + 1
        middleware.insert(at, "whitenoise.middleware.WhiteNoiseMiddleware")
    settings.MIDDLEWARE = middleware
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = False
    return Client()


def served(response) -> bytes:
    return b"".join(response.streaming_content)


def test_whitenoise_serves_brotli_to_those_who_take_it_and_gzip_or_identity_otherwise(production_client):
    url = staticfiles_storage.url("css/portal.css")
    original = served(production_client.get(url))
    assert b"{" in original

    as_brotli = production_client.get(url, headers={"Accept-Encoding": "br, gzip"})
    assert as_brotli["Content-Encoding"] == "br"
    assert brotli.decompress(served(as_brotli)) == original
    assert "accept-encoding" in as_brotli["Vary"].lower()

    as_gzip = production_client.get(url, headers=GZIP)
    assert as_gzip["Content-Encoding"] == "gzip"
    assert gzip.decompress(served(as_gzip)) == original

    plain = production_client.get(url, headers=IDENTITY)
    assert "Content-Encoding" not in plain
    assert served(plain) == original


def test_a_not_modified_static_file_stays_empty_and_unencoded(production_client):
    url = staticfiles_storage.url("js/portal.js")
    first = production_client.get(url, headers=GZIP)
    again = production_client.get(url, headers=GZIP | {"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert "Content-Encoding" not in again
    assert served(again) == b""
