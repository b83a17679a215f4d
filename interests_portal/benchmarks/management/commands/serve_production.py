import contextlib
import signal
import threading

from django.core.management.base import BaseCommand, CommandParser

from ...stack import production_stack


class Command(BaseCommand):
    help = (
        "Serve the production configuration on this machine (make serve-production): gunicorn in Microsoft mode on "
        "PostgreSQL and Redis, signing in with the local tenant run as a separate process over TLS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8443, help="The portal's https port.")
        parser.add_argument("--tenant-port", type=int, default=9443, help="The local tenant's https port.")
        parser.add_argument("--instances", type=int, default=1, help="Portal instances, on consecutive ports.")
        parser.add_argument("--latency-ms", type=int, default=0, help="Added by the local tenant to every request.")

    def handle(self, *args, port: int, tenant_port: int, instances: int, latency_ms: int, **options) -> None:
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        ports = [port + offset for offset in range(instances)]
        with production_stack(portal_ports=ports, tenant_port=tenant_port, latency_ms=latency_ms) as stack:
            for url in stack.portal_urls:
                self.stdout.write(f"Portal:       {url}/")
            self.stdout.write(f"Local tenant: {stack.tenant_url}/_tenant/  (its own process)")
            self.stdout.write(f"Certificate:  {stack.certificate}  (self-signed; trust it or accept the warning)")
            self.stdout.write("Logs:         var/stack/*.log   Ctrl-C stops everything.")
            with contextlib.suppress(KeyboardInterrupt):
                stopped.wait()
