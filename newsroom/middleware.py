"""A database outage shows readers a "try again shortly" page (503), not a server error."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_OUTAGES = (OperationalError, InterfaceError)  # a lost or refused connection


class DatabaseUnavailableMiddleware:
    """Turn a lost or refused database connection into 503 with ``Retry-After``.

    The connection recovers by itself (``CONN_HEALTH_CHECKS``): the next request after the
    database is back opens a new one, so the page tells readers to come back soon.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_OUTAGES):
            return None
        logger.error("database unavailable for %s: %s", request.path, exception)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
