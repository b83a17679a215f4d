"""The portal's own stores failing, and what error reports may show of the settings."""

import re

import redis.exceptions
from django.db import InterfaceError, OperationalError
from django.views.debug import SafeExceptionReporterFilter

# Redis unreachable (the cache, or the sessions when they live in it).
CACHE_OUTAGES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# Redis or the database unreachable: the request can succeed again in a moment (503, not 500).
STORE_OUTAGES = (*CACHE_OUTAGES, OperationalError, InterfaceError)


class SettingsFilter(SafeExceptionReporterFilter):
    """Django's filter (API, TOKEN, KEY, SECRET, PASS, SIGNATURE, cookies) plus LOCATION: a cache's is a Redis URL,
    password included."""

    hidden_settings = re.compile("API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|LOCATION", flags=re.IGNORECASE)
