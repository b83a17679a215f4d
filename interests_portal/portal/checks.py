"""Start-up checks of a Microsoft-mode deployment: settings that work on a laptop and fail across instances.

They run with every management command and at server start (not only `check --deploy`), because each one is a
way to lose sign-ins or data once a second instance or worker exists.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Session engines that read the cache first; with a process-local cache, each instance (and each gunicorn worker)
# sees its own sessions: sign-ins "fail" on whichever one did not handle the callback.
CACHE_SESSION_ENGINES = {"django.contrib.sessions.backends.cache", "django.contrib.sessions.backends.cached_db"}
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@register(Tags.database)
def production_database(app_configs, **kwargs) -> list[Error]:
    if settings.LOCAL_TENANT_ENABLED:
        return []
    if not settings.DATABASE_URL_SET:
        return [
            Error(
                "DATABASE_URL is not set: the portal would keep its audit log and sessions in a SQLite file "
                "inside this instance.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/dbname (docs/deploy.md).",
                id="portal.E001",
            )
        ]
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return [
            Error(
                "DATABASE_URL points at SQLite: each instance would have its own audit log and sessions.",
                hint="Use PostgreSQL in Microsoft mode (docs/deploy.md).",
                id="portal.E002",
            )
        ]
    return []


@register(Tags.security)
def microsoft_identity(app_configs, **kwargs) -> list[Error]:
    """LOCAL_TENANT=0 without an app registration would sign no one in; `organizations` or `common` would let
    accounts of any organisation sign in to this organisation's portal."""
    if settings.LOCAL_TENANT_ENABLED:
        return []
    errors = []
    if not settings.ENTRA_CLIENT_ID:
        errors.append(
            Error(
                "ENTRA_CLIENT_ID is not set: the portal is in Microsoft mode (LOCAL_TENANT=0) without its app "
                "registration.",
                hint="Set ENTRA_CLIENT_ID, ENTRA_TENANT_ID and a certificate or secret (docs/deploy.md).",
                id="portal.E004",
            )
        )
    if settings.ENTRA_TENANT_ID.lower() in {"organizations", "common", "consumers", ""}:
        errors.append(
            Error(
                f"ENTRA_TENANT_ID is {settings.ENTRA_TENANT_ID!r}: people of any organisation could sign in.",
                hint="Set it to your directory (tenant) id, a GUID from the Entra admin centre.",
                id="portal.E005",
            )
        )
    return errors


@register(Tags.caches)
def server_side_sessions(app_configs, **kwargs) -> list[Error]:
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.signed_cookies":
        return [
            Error(
                "Sessions in signed cookies would put each person's Microsoft refresh token in their browser, "
                "readable (signed, not encrypted) and too large for a cookie.",
                hint="Keep DJANGO_SESSION_ENGINE at database sessions (the default) or a cache one with REDIS_URL.",
                id="portal.E006",
            )
        ]
    if settings.LOCAL_TENANT_ENABLED or settings.SESSION_ENGINE not in CACHE_SESSION_ENGINES:
        return []
    backend = str(settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"])
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Error(
            f"Sessions are kept in a cache that lives in one process ({backend.rsplit('.', 1)[-1]}): a sign-in "
            "handled by one worker or instance is unknown to the others.",
            hint="Set REDIS_URL to a Redis every instance shares, or keep DJANGO_SESSION_ENGINE at database "
            "sessions (the default).",
            id="portal.E003",
        )
    ]
