"""Settings, all from the environment (see docs/configuration.md).

With no Entra settings the local tenant is on: sign-in and Graph point at this same server, the database is
SQLite under var/, and DEBUG is on. Give ENTRA_CLIENT_ID (with its secret and tenant) and the portal talks to
Microsoft instead, DEBUG defaults to off, and a real DJANGO_SECRET_KEY is required.
"""

import hashlib
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name).lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- Modes -------------------------------------------------------------------------------------------------

ENTRA_CLIENT_ID = env_str("ENTRA_CLIENT_ID")
# "auto": on exactly when no Entra app registration is configured.
LOCAL_TENANT_ENABLED = env_bool("LOCAL_TENANT", default=not ENTRA_CLIENT_ID)

DEBUG = env_bool("DJANGO_DEBUG", default=LOCAL_TENANT_ENABLED)


def _local_secret_key() -> str:
    """A per-checkout key for the offline run, kept out of the repository in var/."""
    path = VAR_DIR / "secret-key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not LOCAL_TENANT_ENABLED:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when the portal talks to Microsoft Entra ID")
    SECRET_KEY = _local_secret_key()

# Where this server is reached in the offline run; the portal's sign-in and Graph settings derive from it.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# --- Applications ------------------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",  # the organisation index's trigram and full-text lookups (on PostgreSQL only)
    # Above staticfiles: its runserver (TCP_NODELAY, portal/devserver.py) is the one manage.py runs.
    "interests_portal.portal",
    "django.contrib.staticfiles",
    "csp",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "interests_portal.accounts",
    "interests_portal.interests",
    "interests_portal.audit",
    "interests_portal.review",
    "interests_portal.org_index",
    "interests_portal.local_tenant",
    "interests_portal.benchmarks",
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
# Entra ID sign-in only: this backend authenticates no username/password, anywhere (the admin included).
AUTHENTICATION_BACKENDS = ["interests_portal.accounts.backends.EntraOnlyBackend"]

MIDDLEWARE = [
    # Server-Timing (timing.py), while SERVER_TIMING is on: first, so even a probe or a bare view is timed whole.
    "interests_portal.timing.ServerTimingMiddleware",
    # Then: answers load balancers' probes before the host check and the https redirect (health.py).
    "interests_portal.health.HealthCheckMiddleware",
    # A request id, the logging context and one log line for every request but probes (logs.py).
    "interests_portal.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # HTML (and CSV, JSON) gzipped when asked; BREACH: docs/deploy.md "Compression". Above everything that writes
    # the body, so it compresses the final one; below WhiteNoise (inserted above it), whose static files come
    # pre-compressed; below the request log, so the logged duration includes compressing.
    "django.middleware.gzip.GZipMiddleware",
    "interests_portal.headers.CacheHeadersMiddleware",  # above sessions: sees the cookie they set
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # after sessions, before common: Django's documented place
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "interests_portal.accounts.middleware.SignInRequiredMiddleware",
]

if not DEBUG:
    # Serves collected static files in production (right after SecurityMiddleware, as WhiteNoise asks); the dev
    # server serves them itself.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "interests_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interests_portal.local_tenant.context_processors.local_tenant",
                "interests_portal.org_index.context_processors.org_index",
            ],
        },
    },
]

WSGI_APPLICATION = "interests_portal.wsgi.application"

# Required in Microsoft mode (checks.py refuses to start without it): SQLite is the offline default only. Only
# whether it is set is kept as a setting: a URL carries a password, which error reports would show.
DATABASE_URL_SET = bool(env_str("DATABASE_URL"))
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL", default=True):
    # One pool of connections per process (psycopg_pool), shared by its threads: the server's connection count is
    # instances * workers * DATABASE_POOL_MAX_SIZE, not one per thread that ever ran. A request holds its
    # connection until it ends, so the default is one per gunicorn thread. Pooling replaces persistent
    # connections (CONN_MAX_AGE must be 0).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1),
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", env_int("GUNICORN_THREADS", 8)),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),  # seconds a request waits for a free connection
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if LOCAL_TENANT_ENABLED or DATABASE_URL_SET:  # in Microsoft mode with no DATABASE_URL, portal.E001 says so
        VAR_DIR.mkdir(exist_ok=True)
    # The threaded dev server and the local tenant write from several threads at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Tests use a file, not memory: an in-memory database would be one connection shared by every live-server
    # thread, and the team page's concurrent Graph batches would interleave their transactions on it.
    # One file per test run, so two runs at once (a developer's and an editor's, say) never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache every instance shares: Redis in production (REDIS_URL, or CACHE_URL), process memory otherwise.
# Sessions may live in it (DJANGO_SESSION_ENGINE) only when it is shared: checks.py refuses process-local ones.
_cache_url = env_str("REDIS_URL") or env_str("CACHE_URL")  # lower case: not a setting (it may carry a password)
CACHE_IS_SHARED = bool(_cache_url)
if _cache_url and urlsplit(_cache_url).scheme not in {"redis", "rediss", "unix"}:
    raise ImproperlyConfigured(
        f"REDIS_URL / CACHE_URL must be a redis://, rediss:// or unix:// URL, not {urlsplit(_cache_url).scheme}://…"
    )
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _cache_url,  # hidden from error reports (portal.errors.SettingsFilter)
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "interests-portal"),
        # A cache that stops answering must not hang a request for the default socket timeouts.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Error reports (DEBUG pages, mail) hide settings named like secrets; this also hides a cache's LOCATION URL.
DEFAULT_EXCEPTION_REPORTER_FILTER = "interests_portal.portal.errors.SettingsFilter"

# Server-side sessions: the MSAL token cache lives in the session and would overflow a cookie.
SESSION_ENGINE = env_str("DJANGO_SESSION_ENGINE", "django.contrib.sessions.backends.db")
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 3600)

# The language comes from the browser's Accept-Language (LocaleMiddleware); British English when it asks for none
# the portal speaks. Times are kept and shown in UTC, labelled as such.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security (production values unless DEBUG) ------------------------------------------------------------

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS: list[str] = []
if not SECURE_HSTS_PRELOAD:
    # Preloading commits the whole domain to HTTPS in browsers for good: the operator's call, not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
# The benchmark's own portal process (benchmarks/stack.py bench_stack, docs/benchmarks.md): it serves the bare
# baseline page (/_bench/baseline) and, being one instance, may keep its sessions in a SQLite file (portal.E002
# guards against several instances each with their own). Never set in a deployment.
BENCHMARK = env_bool("BENCHMARK", default=False)
if BENCHMARK:
    SILENCED_SYSTEM_CHECKS.append("portal.E002")
# A Server-Timing header on every response (timing.py): total, Graph wait and the portal's own time, for the
# benchmark and browsers' developer tools. It tells anyone how long the server and Graph took, so off in a
# deployment unless the operator turns it on (docs/configuration.md).
SERVER_TIMING = env_bool("SERVER_TIMING", default=LOCAL_TENANT_ENABLED or DEBUG)
# Behind a TLS-terminating proxy or load balancer that sets X-Forwarded-Proto (and strips it from clients).
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only when the proxy rewrites Host and passes the original in X-Forwarded-Host; ALLOWED_HOSTS still applies.
USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", default=False)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# --- The organisation index (docs/org-index.md) ------------------------------------------------------------

# An index of the interests people share with their organisation, for Find people and Mentors for me. It holds
# personal data: on with the local tenant, and in a deployment only once the operator has recorded a lawful basis
# (docs/org-index.md, "Personal data") and admin-consented the application permission User.Read.All.
ORG_INDEX_ENABLED = env_bool("ORG_INDEX_ENABLED", default=LOCAL_TENANT_ENABLED)
# Every person's interests are re-read within this many hours (rotation), whatever the delta reports.
ORG_INDEX_REFRESH_HOURS = env_int("ORG_INDEX_REFRESH_HOURS", 24)
# How often the scheduled sync runs (minutes): a delta of the directory plus the next share of the rotation.
ORG_INDEX_SYNC_MINUTES = env_int("ORG_INDEX_SYNC_MINUTES", 15)
# The most Graph requests one sync run may make (a full sync of 20,000 people takes about 1,200).
ORG_INDEX_REQUEST_BUDGET = env_int("ORG_INDEX_REQUEST_BUDGET", 5000)

# Background work through Django's task framework API (the django-tasks backport of Django 6's django.tasks), kept
# in the portal's own database: `manage.py db_worker` runs it, on as many machines as needed (docs/deploy.md).
TASKS = {
    "default": {
        "BACKEND": env_str("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "org_index"],
    }
}

# --- Microsoft Entra ID and Graph, as the portal sees them ------------------------------------------------

ENTRA_TENANT_ID = env_str("ENTRA_TENANT_ID", "organizations")
# Least privilege: User.ReadWrite (one's own profile) and User.ReadBasic.All (colleagues, for team review and
# admin search). See docs/configuration.md.
ENTRA_SCOPES = env_str("ENTRA_SCOPES", "User.ReadWrite User.ReadBasic.All").split()
# Asked for only when a portal admin first moderates (incremental consent): writing another person's profile.
ENTRA_MODERATION_SCOPES = env_str("ENTRA_MODERATION_SCOPES", "User.ReadWrite.All").split()
# The redirect URI registered for the app; by default built from the request (…/auth/callback).
ENTRA_REDIRECT_URI = env_str("ENTRA_REDIRECT_URI")
ENTRA_CLIENT_SECRET = env_str("ENTRA_CLIENT_SECRET")
# Or a certificate credential instead (exactly one of the two in Microsoft mode: accounts/checks.py): a PEM file
# holding the private key (RSA) and its certificate, the one uploaded to the app registration; the password only
# when the key is encrypted.
ENTRA_CLIENT_CERTIFICATE_PATH = env_str("ENTRA_CLIENT_CERTIFICATE_PATH")
ENTRA_CLIENT_CERTIFICATE_PASSWORD = env_str("ENTRA_CLIENT_CERTIFICATE_PASSWORD")
ENTRA_AUTHORITY = env_str("ENTRA_AUTHORITY", f"https://login.microsoftonline.com/{ENTRA_TENANT_ID}")
# MSAL asks Microsoft whether an authority is genuine; off only for an authority Microsoft doesn't know (the local
# tenant served as a separate process, for load tests and `make serve-production`).
ENTRA_INSTANCE_DISCOVERY = env_bool("ENTRA_INSTANCE_DISCOVERY", default=True)
GRAPH_BASE_URL = env_str("GRAPH_BASE_URL", "https://graph.microsoft.com/beta").rstrip("/")
# Every Graph call: timeouts (seconds) and retries of 429/503 within a bounded total wait.
GRAPH_CONNECT_TIMEOUT = float(env_str("GRAPH_CONNECT_TIMEOUT", "3.05"))
GRAPH_READ_TIMEOUT = float(env_str("GRAPH_READ_TIMEOUT", "20"))
GRAPH_MAX_RETRIES = env_int("GRAPH_MAX_RETRIES", 3)
GRAPH_MAX_RETRY_WAIT = float(env_str("GRAPH_MAX_RETRY_WAIT", "8"))
# How many $batch requests (of 20 items each) one page keeps in flight: a team of 1,000 in one wave, so in three
# sequential round trips, at 1,000 items against Graph's 2,000 requests/s per app (docs/configuration.md).
GRAPH_BATCH_CONCURRENCY = env_int("GRAPH_BATCH_CONCURRENCY", 50)
if GRAPH_BATCH_CONCURRENCY < 1:
    raise ImproperlyConfigured(f"GRAPH_BATCH_CONCURRENCY must be at least 1, not {GRAPH_BATCH_CONCURRENCY}")
# The Entra app role (in the id token's `roles` claim) that makes a user a portal admin.
PORTAL_ADMIN_ROLE = env_str("PORTAL_ADMIN_ROLE", "InterestsPortal.Admin")

# --- The local tenant (offline stand-in for Entra sign-in and Graph; never in production) -------------------

LOCAL_TENANT_TENANT_ID = "5b1e0c7a-3f2d-4c8e-9a61-0d4f2b7c9e10"
LOCAL_TENANT_CLIENT_ID = "7d4c2a91-5e3b-4f60-8c1d-2a9b6e0f3c58"
# Token lifetimes in seconds. Below 300 s MSAL refreshes on every silent call (it renews 5 minutes early).
LOCAL_TENANT_ACCESS_TOKEN_LIFETIME = env_int("LOCAL_TENANT_ACCESS_TOKEN_LIFETIME", 3600)
LOCAL_TENANT_REFRESH_TOKEN_LIFETIME = env_int("LOCAL_TENANT_REFRESH_TOKEN_LIFETIME", 90 * 24 * 3600)
LOCAL_TENANT_PAGE_SIZE = env_int("LOCAL_TENANT_PAGE_SIZE", 10)
LOCAL_TENANT_MAX_PAGE_SIZE = env_int("LOCAL_TENANT_MAX_PAGE_SIZE", 100)
LOCAL_TENANT_DIRECTORY_PAGE_SIZE = env_int("LOCAL_TENANT_DIRECTORY_PAGE_SIZE", 100)
# Who may write another user's profile: "admins" (holders of PORTAL_ADMIN_ROLE with User.ReadWrite.All) or
# "denied" (answer 403 to everyone, as many real tenants do).
LOCAL_TENANT_WRITE_OTHERS = env_str("LOCAL_TENANT_WRITE_OTHERS", "admins")
# Redirect URIs accepted besides any http(s) URI on a loopback host.
LOCAL_TENANT_REDIRECT_URIS = env_list("LOCAL_TENANT_REDIRECT_URIS", "")
# The application permissions the local tenant's admin has consented for the portal's app (the organisation index's
# sync reads everyone's profile with them: docs/org-index.md).
LOCAL_TENANT_APP_PERMISSIONS = env_list("LOCAL_TENANT_APP_PERMISSIONS", "User.Read.All")
# Fault and latency injection at start-up; the control endpoint changes them at run time.
LOCAL_TENANT_LATENCY_MS = env_int("LOCAL_TENANT_LATENCY_MS", 0)
# A certificate (PEM) registered for the client: the token endpoint then also accepts client assertions signed with
# its key, besides the derived secret. By default the portal's own ENTRA_CLIENT_CERTIFICATE_PATH, so certificate
# sign-in can be tried offline with one setting.
LOCAL_TENANT_CLIENT_CERTIFICATE_PATH = env_str("LOCAL_TENANT_CLIENT_CERTIFICATE_PATH", ENTRA_CLIENT_CERTIFICATE_PATH)
# What the end-session page loads in a hidden iframe, with ?sid=, as Entra loads an app's front-channel logout URL.
# A path is on the local tenant's own origin, which is the portal's.
LOCAL_TENANT_FRONT_CHANNEL_LOGOUT_URL = env_str("LOCAL_TENANT_FRONT_CHANNEL_LOGOUT_URL", "/auth/front-channel-logout")

LOCAL_TENANT_CLIENT_SECRET = ""
if LOCAL_TENANT_ENABLED:
    _portal = urlsplit(PORTAL_BASE_URL)
    # Derived from the per-checkout SECRET_KEY, so the portal and the local tenant agree without a stored secret.
    LOCAL_TENANT_CLIENT_SECRET = hashlib.sha256(f"local-tenant-client-secret:{SECRET_KEY}".encode()).hexdigest()
    ENTRA_CLIENT_ID = ENTRA_CLIENT_ID or LOCAL_TENANT_CLIENT_ID
    # The portal signs in with its certificate when it has one (the local tenant registers it by default).
    ENTRA_CLIENT_SECRET = "" if ENTRA_CLIENT_CERTIFICATE_PATH else LOCAL_TENANT_CLIENT_SECRET
    ENTRA_TENANT_ID = LOCAL_TENANT_TENANT_ID
    # MSAL accepts only https authorities; the portal's transport maps this loopback URL back to http.
    ENTRA_AUTHORITY = f"https://{_portal.netloc}/_tenant/login"
    GRAPH_BASE_URL = f"{PORTAL_BASE_URL}/_tenant/graph/beta"

# Where the local tenant's sign-in may send the browser back to (its form-action): loopback origins on any port, and
# the origins of the extra redirect URIs. (CSP's source grammar has no IPv6 literals: serve a portal that runs apart
# from the tenant on 127.0.0.1 or localhost.)
LOCAL_TENANT_FORM_TARGETS = [
    *(f"{scheme}://{host}:*" for scheme in ("http", "https") for host in ("127.0.0.1", "localhost")),
    *("{0.scheme}://{0.netloc}".format(urlsplit(uri)) for uri in LOCAL_TENANT_REDIRECT_URIS),
]

# --- Content-Security-Policy (django-csp): no inline scripts or styles anywhere -------------------------------

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        # Browsers check form-action on redirects too. Sign-out POSTs here and is redirected to the identity
        # provider. The local tenant's account picker POSTs to itself and is redirected to the application's
        # redirect URI, which may be any loopback origin (a portal served apart from the tenant: make
        # serve-production) or a registered LOCAL_TENANT_REDIRECT_URIS one.
        "form-action": ["'self'", *LOCAL_TENANT_FORM_TARGETS]
        if LOCAL_TENANT_ENABLED
        else ["'self'", "{0.scheme}://{0.netloc}".format(urlsplit(ENTRA_AUTHORITY))],
    }
}

# --- Logging -----------------------------------------------------------------------------------------------

# One handler, on the root logger, and every logger propagates to it: JSON lines in production, readable lines on
# the local tenant; both carry the request id and the user's object id (logs.py). The redaction filter is on the
# handler, so no code, verifier, secret or token is written whatever the level.
LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}")
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "plain" if LOCAL_TENANT_ENABLED else "json").lower()
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}")
# Django's own DEBUG output (template variable misses, autoreload) is noise: INFO at most.
_DJANGO_LOG_LEVEL = "INFO" if LOG_LEVEL == "DEBUG" else LOG_LEVEL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "interests_portal.logs.ContextFilter"},
        "redact": {"()": "interests_portal.logs.RedactionFilter"},
    },
    "formatters": {
        "json": {"()": "interests_portal.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user_oid)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context", "redact"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's defaults give "django" handlers of its own (console, mail_admins) and "django.server" (the dev
        # server's request lines, query strings included) one that does not propagate: neither redacts. Here they
        # write through the root handler only.
        "django": {"handlers": [], "propagate": True, "level": _DJANGO_LOG_LEVEL},
        "django.server": {"handlers": [], "propagate": True, "level": _DJANGO_LOG_LEVEL},
        # SQL with its parameters, only ever logged under DEBUG: never.
        "django.db.backends": {"level": "INFO"},
        # MSAL logs the authorization code and the PKCE verifier at DEBUG, urllib3 every URL: through the root
        # handler and its redaction, never a handler of their own.
        "msal": {"handlers": [], "propagate": True},
        "urllib3": {"handlers": [], "propagate": True},
    },
}
