"""
``/healthz`` for load balancers: 200 ``{"status": "ok", ...}`` when the
database answers ``SELECT 1`` and the cache stores and returns a value, 503
naming what failed otherwise. Never cached, by anyone.
"""

import logging
import secrets
import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

CACHE_KEY = "healthz"


def check_database() -> None:
    """Raise unless the database answers a query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache() -> None:
    """Raise unless the cache returns what was just stored in it."""
    # A key of its own, so concurrent checks never read each other's value.
    key, value = f"{CACHE_KEY}:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just set")
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@require_safe
@never_cache
def healthz(request):
    """Return 200 when every check passes, else 503 with the failures."""
    results = {}
    failed = False
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # any failure is the answer, not a 500
            logger.exception("Health check %s failed", name)
            failed = True
            results[name] = {"status": "failed", "error": type(error).__name__}
        else:
            results[name] = {"status": "ok"}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 2)
    return JsonResponse(
        {"status": "failed" if failed else "ok", "checks": results},
        status=503 if failed else 200,
    )
