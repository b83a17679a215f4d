"""`manage.py runserver` (staticfiles' own, every option kept) on a server with TCP_NODELAY (devserver.py): without
it, each response on a kept-alive connection stalls ~40 ms, the local tenant's answers to the portal included.

This app is listed above django.contrib.staticfiles in INSTALLED_APPS: the first app providing a command wins.
"""

from django.contrib.staticfiles.management.commands import runserver

from interests_portal.portal.devserver import NoDelayWSGIServer


class Command(runserver.Command):
    server_cls = NoDelayWSGIServer
