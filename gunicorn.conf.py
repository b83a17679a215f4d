"""gunicorn's configuration for the portal (read from the working directory; docs/deploy.md explains each choice).

Worker model: the portal spends a request waiting on Microsoft Graph (hundreds of milliseconds, seconds when Graph
throttles), not on the CPU. Threaded workers (gthread) let one process wait on many Graph calls at once; a few
processes per machine use its cores. Sync workers would hold a whole process per waiting request.
"""

import io
import os
from typing import Any


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


wsgi_app = "interests_portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", 2)  # processes: about one per core
threads = _int("GUNICORN_THREADS", 8)  # requests in flight per process, most of them waiting on Graph

# Timeouts, aligned with the Graph client's (GRAPH_READ_TIMEOUT 20 s per call, GRAPH_MAX_RETRY_WAIT 8 s per call)
# and with a load balancer's:
# - `timeout`: a worker that stops reporting for this long is restarted. gthread workers report from their main
#   loop, so a long request does not trip it; it catches a process that is truly stuck.
# - `graceful_timeout`: on a deploy or restart, requests in flight get this long to finish. The longest request
#   (a team page that retries throttled batches) is bounded by the Graph client to well under a minute.
# - `keepalive`: longer than the load balancer's idle timeout (60 s on most), so the balancer, not gunicorn, closes
#   idle connections: otherwise a request can arrive on a connection gunicorn is closing, and fail with a 502.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 60)
keepalive = _int("GUNICORN_KEEPALIVE", 75)

# Each request is logged once, as JSON with its request id, by the portal's own middleware: no access log here.
# gunicorn's own lines (start, workers, errors) go out in the portal's format too, so a log pipeline parses one.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if os.environ.get("DJANGO_LOG_FORMAT", "json" if os.environ.get("ENTRA_CLIENT_ID") else "plain").lower() == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "interests_portal.logs.JsonFormatter"}},
        "filters": {"redact": {"()": "interests_portal.logs.RedactionFilter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact"]},
        },
        "loggers": {"gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False}},
    }

# No periodic worker restarts (max_requests): a restart closes every kept-alive connection of that worker, and a
# request racing the close fails at the load balancer. Set GUNICORN_MAX_REQUESTS only to contain a proven leak.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 0)

# No control socket (gunicorn 25+): it defaults to one path in $HOME, shared by every gunicorn on the machine, and
# signals (HUP, TERM, TTIN/TTOU) already do what an operator needs.
control_socket_disable = True

# Trust X-Forwarded-* only from these addresses (gunicorn's own setting; FORWARDED_ALLOW_IPS in the environment).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The app is imported once in the master and forked: workers start fast and share memory. Database connections
# are opened lazily, per thread, after the fork.
preload_app = True


def on_starting(server: Any) -> None:
    """Refuse to serve a configuration the system checks reject (portal.E001…: no DATABASE_URL in Microsoft mode,
    sessions in a process-local cache): gunicorn, unlike manage.py, does not run Django's checks itself.

    And never serve the local tenant (anyone signs in as anyone) or DEBUG by accident: a missing ENTRA_CLIENT_ID
    would otherwise turn both on. Only the production configuration's own tenant process (benchmarks/stack.py)
    opts in, with GUNICORN_SERVE_LOCAL_TENANT=1."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interests_portal.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    django.setup()
    if (settings.LOCAL_TENANT_ENABLED or settings.DEBUG) and os.environ.get("GUNICORN_SERVE_LOCAL_TENANT") != "1":
        refuse(
            server,
            "gunicorn serves production: the local tenant (no ENTRA_CLIENT_ID, or LOCAL_TENANT=1) and DEBUG are "
            "refused. Configure Microsoft Entra ID (docs/deploy.md); `make run` serves the local tenant.",
        )
    try:  # quiet when clean: stdout would break the JSON log stream
        call_command("check", fail_level="ERROR", stdout=io.StringIO())
    except SystemCheckError as error:
        refuse(server, str(error))


def refuse(server: Any, message: str) -> None:
    """Stop before binding, with the reason as the last words of the log, not inside a traceback."""
    server.log.error("not starting: %s", message)
    raise SystemExit(1)
