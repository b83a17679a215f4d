"""Log output as the portal's real handler configuration (settings.LOGGING) writes it."""

import copy
import io
import json
import logging
import logging.config
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

HANDLER = "console"


def handler_from_settings(stream: io.StringIO, formatter: str = "json") -> logging.Handler:
    """A stream handler with the formatter named `formatter` and the filters of settings.LOGGING's handler, built by
    the same dictConfig machinery (factories and all) Django uses."""
    configurator = logging.config.DictConfigurator(copy.deepcopy(settings.LOGGING))
    config = configurator.config
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configurator.configure_formatter(config["formatters"][formatter]))
    for name in config["handlers"][HANDLER].get("filters", []):
        handler.addFilter(configurator.configure_filter(config["filters"][name]))
    return handler


def json_lines(output: str) -> list[dict[str, Any]]:
    """Every line of `output`, each parsed as JSON (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in output.splitlines()]


@contextmanager
def captured(logger_name: str = "", *, level: int = logging.DEBUG, formatter: str = "json") -> Iterator[io.StringIO]:
    """What `logger_name` (and everything below it) logs at `level` and above, formatted by the real configuration."""
    stream = io.StringIO()
    handler = handler_from_settings(stream, formatter)
    logger = logging.getLogger(logger_name)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
