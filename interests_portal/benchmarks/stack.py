"""The production configuration on one machine: gunicorn instances of the portal in Microsoft mode, on PostgreSQL
and Redis (scripts/services), signing in with and calling a local tenant served by a separate process over TLS.

The portal is configured exactly as for Microsoft (LOCAL_TENANT=0, ENTRA_*, GRAPH_BASE_URL, DATABASE_URL,
REDIS_URL); only the URLs point at the local tenant, which runs the same code with LOCAL_TENANT=1 in a process of
its own, so its work never shares the portal's workers (nor deadlocks them). Both speak https with a self-signed
certificate for 127.0.0.1 and localhost made here; the portal trusts it through REQUESTS_CA_BUNDLE, as it would a
corporate CA.

Used by `manage.py serve_production` (make serve-production), the load test and the two-instance tests.
"""

import datetime
import ipaddress
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

STACK_DIR = settings.VAR_DIR / "stack"
START_TIMEOUT = 60.0


@dataclass
class Stack:
    tenant_url: str
    portal_urls: list[str]
    certificate: Path  # the CA bundle that verifies both
    tenant_workers: int = 1
    # The portal's environment (Microsoft mode, pointed at this tenant): what `manage` runs its commands with.
    portal_env: dict[str, str] = field(default_factory=dict)

    def manage(self, *args: str, env: dict[str, str] | None = None) -> str:
        """Run a management command as the portal (a sync, a timing), with `env` on top of the portal's
        environment, and return what it printed."""
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            env=self.portal_env | (env or {}), cwd=settings.BASE_DIR, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip

    @property
    def portal_url(self) -> str:
        return self.portal_urls[0]

    url = portal_url  # as LocalServer names it, for code that drives either

    def control(self, **changes) -> dict:
        """The local tenant's fault and latency plan (POST /_tenant/control); one tenant process only."""
        if self.tenant_workers != 1:
            raise RuntimeError("the fault plan lives in one process: start the stack with tenant_workers=1")
        response = requests.post(
            f"{self.tenant_url}/_tenant/control", json=changes, verify=str(self.certificate), timeout=10
        )
        response.raise_for_status()
        return response.json()

    def counters(self) -> dict:
        return requests.get(f"{self.tenant_url}/_tenant/control", verify=str(self.certificate), timeout=10).json()

    def requests_log(self, after: int) -> dict:
        """The local tenant's log of the requests it answered after sequence number `after` (one process only)."""
        response = requests.get(
            f"{self.tenant_url}/_tenant/control/requests",
            params={"after": after},
            verify=str(self.certificate),
            timeout=10,
        )
        response.raise_for_status()
        return response.json()

    def browser(self) -> requests.Session:
        session = requests.Session()
        session.verify = str(self.certificate)
        session.trust_env = False  # a REQUESTS_CA_BUNDLE in the environment would override `verify`
        return session

    def sign_in(self, session: requests.Session, account_id: str, *, start: str, finish: str | None = None) -> None:
        """Sign in as a browser does, beginning at the portal instance `start`; the identity provider's answer (the
        callback) arrives at instance `finish` (default: the same), as a load balancer may send it elsewhere."""
        to_tenant = session.get(f"{start}/auth/sign-in", allow_redirects=False, timeout=20)
        picker = session.get(to_tenant.headers["Location"], timeout=20)
        form = picker.text.split('<form method="post"', 1)[1]
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        answer = session.post(
            picker.url.split("?")[0],
            data={name: unescape(value) for name, value in fields.items()} | {"account": account_id},
            headers={"Referer": picker.url},  # as a browser sends it: Django's CSRF check wants it over https
            allow_redirects=False,
            timeout=20,
        )
        callback = urlsplit(answer.headers["Location"])
        landed = session.get(
            urlunsplit(callback._replace(netloc=urlsplit(finish or start).netloc)), allow_redirects=False, timeout=20
        )
        if landed.status_code != 302 or "sessionid" not in landed.cookies:
            raise RuntimeError(f"sign-in as {account_id} failed: {landed.status_code} {landed.text[:300]}")

    def csrf_headers(self, session: requests.Session, page: str) -> dict[str, str]:
        """What a page's htmx sends with a POST: its CSRF token and the page as Referer."""
        return {"X-CSRFToken": session.cookies.get("csrftoken", domain="127.0.0.1") or "", "Referer": page}


def tls_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (made once, renewed when it nears expiry)."""
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    now = datetime.datetime.now(datetime.UTC)
    if cert_path.exists() and key_path.exists():
        existing = x509.load_pem_x509_certificate(cert_path.read_bytes())
        if existing.not_valid_after_utc - now > datetime.timedelta(days=1):
            return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Interests Portal local stack")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def ensure_database(database_url: str, name: str) -> str:
    """The URL of database `name` on the server of `database_url`, created (owned by its role) if missing."""
    import psycopg  # the production set has it; the local default (SQLite) does not need it

    server = urlsplit(database_url)
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
    return urlunsplit(server._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _secret(path: Path) -> str:
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _manage(python: str, env: dict[str, str], *args: str) -> None:
    subprocess.run([python, "manage.py", *args], env=env, cwd=settings.BASE_DIR, check=True)  # noqa: S603


def _wait_ready(url: str, certificate: Path, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}; see {log}")
        try:
            if requests.get(f"{url}/readyz", verify=str(certificate), timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} was not ready within {START_TIMEOUT:.0f} s; see {log}")


def _gunicorn(python: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603
            [python, "-m", "gunicorn"], env=env, cwd=settings.BASE_DIR, stdout=out, stderr=subprocess.STDOUT
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def production_stack(
    *,
    portal_ports: list[int],
    tenant_port: int,
    workers: int = 2,
    threads: int = 8,
    tenant_threads: int = 32,
    tenant_workers: int = 1,
    latency_ms: int = 0,
    python: str = sys.executable,
    seed: bool = True,
) -> Iterator[Stack]:
    """Start the local tenant and one gunicorn per port in `portal_ports`; stop them all on leaving."""
    tenant_database, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not tenant_database.startswith(("postgres://", "postgresql://")) or not redis_url:
        raise RuntimeError("The production stack needs DATABASE_URL (PostgreSQL) and REDIS_URL: scripts/services up")
    # The local tenant's data (Graph's) is in DATABASE_URL, where this process's ORM reads it (the fault soak and
    # the tests compare with it); the portal has a database of its own beside it, as it would in production.
    portal_database = ensure_database(tenant_database, f"{urlsplit(tenant_database).path.lstrip('/')}_portal")
    with _serve(
        directory=STACK_DIR,
        tenant_database=tenant_database,
        portal_database=portal_database,
        portal_ports=portal_ports,
        tenant_port=tenant_port,
        workers=workers,
        threads=threads,
        tenant_threads=tenant_threads,
        tenant_workers=tenant_workers,
        latency_ms=latency_ms,
        python=python,
        seed=seed,
        portal_extra={
            "REDIS_URL": redis_url,
            # Keys of their own: a test process sharing this Redis has users with the same ids in another database.
            "CACHE_KEY_PREFIX": f"interests-portal-stack-{portal_ports[0]}",
            # Sessions in the shared cache: the configuration that broke sign-ins with a process-local one.
            "DJANGO_SESSION_ENGINE": "django.contrib.sessions.backends.cache",
        },
    ) as stack:
        yield stack


@contextmanager
def bench_stack(
    *,
    tenant_database: str,
    directory: Path,
    threads: int = 4,
    python: str = sys.executable,
    portal_database: str | None = None,
) -> Iterator[Stack]:
    """The benchmark's configuration: one portal process (gunicorn, gthread, Microsoft mode over TLS, timing its
    requests with Server-Timing) and one local tenant process (its fault plan and request log live in one), on
    SQLite files and without Redis, so `make bench` needs no services.

    The tenant's database is `tenant_database` (the benchmark process seeds it with its ORM); the portal's is a file
    in `directory` (or `portal_database`: the organisation index's search is timed on PostgreSQL), where the logs,
    certificate and keys go too. Neither process is the benchmark's client: its CPU and its GIL are not in the
    figures."""
    directory.mkdir(parents=True, exist_ok=True)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        # Both processes run with DEBUG off, which serves the collected, fingerprinted files (make bench collects
        # them first; a fresh clone's test run has none yet).
        env = os.environ | {"LOCAL_TENANT": "0", "DJANGO_SECRET_KEY": "collectstatic-only-not-a-secret"}
        _manage(python, env, "collectstatic", "--noinput", "-v0")
    with _serve(
        directory=directory,
        tenant_database=tenant_database,
        portal_database=portal_database or f"sqlite:///{directory / 'portal.sqlite3'}",
        portal_ports=[free_port()],
        tenant_port=free_port(),
        workers=1,
        threads=threads,
        # Graph answers every batch of a wave at once; a tenant with fewer threads than the portal sends batches
        # would queue some behind others and count round trips the portal did not cause.
        tenant_threads=settings.GRAPH_BATCH_CONCURRENCY + 16,
        tenant_workers=1,
        latency_ms=0,
        python=python,
        seed=False,
        portal_extra={
            # Server-Timing on every answer; the bare baseline page served; one instance on a SQLite file allowed
            # (settings.BENCHMARK). Sessions stay in that database (no Redis).
            "SERVER_TIMING": "1",
            "BENCHMARK": "1",
            # One line per request is the production cost; keep it, but not in the benchmark's own output.
            "DJANGO_LOG_LEVEL": "WARNING",
        },
        tenant_extra={"DJANGO_LOG_LEVEL": "WARNING"},
    ) as stack:
        yield stack


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database this process is connected to (the test database under pytest)."""
    engine, name = settings_dict["ENGINE"], str(settings_dict["NAME"])
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{name}"
    if engine == "django.db.backends.postgresql":
        user, password = (
            quote(settings_dict.get("USER") or "", safe=""),
            quote(settings_dict.get("PASSWORD") or "", safe=""),
        )
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host, port = settings_dict.get("HOST") or "localhost", settings_dict.get("PORT") or 5432
        return f"postgres://{credentials}{host}:{port}/{quote(name, safe='')}"
    raise RuntimeError(f"no DATABASE_URL for {engine}")


@contextmanager
def _serve(
    *,
    directory: Path,
    tenant_database: str,
    portal_database: str,
    portal_ports: list[int],
    tenant_port: int,
    workers: int,
    threads: int,
    tenant_threads: int,
    tenant_workers: int,
    latency_ms: int,
    python: str,
    seed: bool,
    portal_extra: dict[str, str],
    tenant_extra: dict[str, str] | None = None,
) -> Iterator[Stack]:
    directory.mkdir(parents=True, exist_ok=True)
    certificate, key = tls_certificate(directory / "tls")
    # A host name of its own, as login.microsoftonline.com is: cookies are shared by every port of one host, and
    # the tenant's session cookie would overwrite the portal's.
    tenant_url = f"https://localhost:{tenant_port}"
    base = {
        key_: value
        for key_, value in os.environ.items()
        if not key_.startswith(
            ("ENTRA_", "LOCAL_TENANT", "DJANGO_", "GRAPH_", "GUNICORN_", "PORTAL_", "DATABASE_", "REDIS_", "CACHE_")
        )
        and key_ not in {"SERVER_TIMING", "BENCHMARK"}
    }
    base |= {"DJANGO_SETTINGS_MODULE": "interests_portal.settings"}
    tls = f"--certfile {certificate} --keyfile {key}"

    tenant_key = _secret(directory / "tenant-secret-key")
    tenant_env = (
        base
        | {
            "DATABASE_URL": tenant_database,
            "LOCAL_TENANT": "1",
            "GUNICORN_SERVE_LOCAL_TENANT": "1",  # the one gunicorn that may (gunicorn.conf.py refuses it otherwise)
            "DJANGO_DEBUG": "0",
            # Entra's front-channel logout, to the portal (the first instance: behind a balancer they share one origin).
            "LOCAL_TENANT_FRONT_CHANNEL_LOGOUT_URL": f"https://127.0.0.1:{portal_ports[0]}/auth/front-channel-logout",
            "DJANGO_SECRET_KEY": tenant_key,
            "PORTAL_BASE_URL": tenant_url,
            "LOCAL_TENANT_LATENCY_MS": str(latency_ms),
            "GUNICORN_BIND": f"localhost:{tenant_port}",
            # One process by default: the fault plan and counters live in it (control() and counters() need that).
            # A load test without faults may use more, so that the stand-in for Graph is not what it measures.
            "WEB_CONCURRENCY": str(tenant_workers),
            "GUNICORN_THREADS": str(tenant_threads),
            "GUNICORN_CMD_ARGS": tls,
        }
        | (tenant_extra or {})
    )
    # The local tenant's client secret, as its own settings derive it from its key.
    client_secret = subprocess.run(  # noqa: S603
        [python, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.LOCAL_TENANT_CLIENT_SECRET)"],
        env=tenant_env, cwd=settings.BASE_DIR, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    portal_env = (
        base
        | {
            "DATABASE_URL": portal_database,
            "LOCAL_TENANT": "0",
            "DJANGO_SECRET_KEY": _secret(directory / "portal-secret-key"),
            "ENTRA_CLIENT_ID": settings.LOCAL_TENANT_CLIENT_ID,
            "ENTRA_CLIENT_SECRET": client_secret,
            "ENTRA_TENANT_ID": settings.LOCAL_TENANT_TENANT_ID,
            "ENTRA_AUTHORITY": f"{tenant_url}/_tenant/login",
            "ENTRA_INSTANCE_DISCOVERY": "0",
            "GRAPH_BASE_URL": f"{tenant_url}/_tenant/graph/beta",
            "REQUESTS_CA_BUNDLE": str(certificate),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_CMD_ARGS": tls,
        }
        | portal_extra
    )
    _manage(python, portal_env, "migrate", "--noinput", "-v0")
    _manage(python, tenant_env, "migrate", "--noinput", "-v0")
    if seed:
        _manage(python, tenant_env, "seed_demo_tenant")

    stack = Stack(
        tenant_url, [f"https://127.0.0.1:{port}" for port in portal_ports], certificate, tenant_workers, portal_env
    )
    with ExitStack() as cleanup:
        log = directory / "tenant.log"
        tenant = _gunicorn(python, tenant_env, log)
        cleanup.callback(_stop, tenant)
        _wait_ready(tenant_url, certificate, tenant, log)
        for port, url in zip(portal_ports, stack.portal_urls, strict=True):
            log = directory / f"portal-{port}.log"
            portal = _gunicorn(python, portal_env | {"GUNICORN_BIND": f"127.0.0.1:{port}"}, log)
            cleanup.callback(_stop, portal)
            _wait_ready(url, certificate, portal, log)
        yield stack
