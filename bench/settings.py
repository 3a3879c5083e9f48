"""
The production settings with the cache the benchmarks ask for:
``BENCH_CACHE=locmem`` (in process, no transport: what the code costs),
``db`` (the default without ``REDIS_URL``) or ``redis`` (``REDIS_URL``).
"""

import os

from config.settings.base import *  # noqa: F403

match os.environ.get("BENCH_CACHE", "locmem"):
    case "locmem":
        CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                # As roomy as the shared caches (Django's default is 300).
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            }
        }
    case "db" | "redis":
        pass  # config.settings.base's choice, by REDIS_URL
    case other:
        raise ValueError(f"BENCH_CACHE={other}: use locmem, db or redis")
