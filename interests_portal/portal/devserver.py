"""Django's development WSGI server with Nagle's algorithm off on every connection it accepts.

Django's server (wsgiref underneath) writes a response in pieces: the status line and headers in one send, the
body in another. On a kept-alive connection Nagle's algorithm holds that second, small segment back until the
first is acknowledged, and the client delays its ACK (about 40 ms on Linux) hoping to piggyback it on data it
never sends. Each answer then stalls ~40 ms: the browser's requests in `make run`, and above all the portal's own
pooled Graph calls to the local tenant served by this same server. TCP_NODELAY sends each piece at once.

gunicorn sets TCP_NODELAY itself; this is for `manage.py runserver` (the portal's runserver command) and the
threaded servers that tests and benchmarks start in-process.
"""

import socket
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer


class NoDelayMixin:
    """For a socketserver.TCPServer subclass: TCP_NODELAY on each accepted connection.

    Set per connection rather than on the listening socket: whether accepted sockets inherit the option is up to
    the operating system.
    """

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()  # type: ignore[misc]
        if connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


class NoDelayWSGIServer(NoDelayMixin, WSGIServer):
    """runserver's `server_cls`: its `run()` adds threading (ThreadingMixIn) on top unless --nothreading."""


class NoDelayThreadedWSGIServer(NoDelayMixin, ThreadedWSGIServer):
    """For servers started in-process (live test servers, the benchmark harness): one thread per connection, and
    each thread's database connections closed when it ends, as Django's ThreadedWSGIServer does."""
