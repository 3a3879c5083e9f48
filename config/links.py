"""
The paths of the site's pages and static files, remembered.

A comparison page links dozens of rows (routes to providers, chart points to
models, benchmarks, related comparisons), and ``reverse()`` costs more than
rendering a row. A page's path does not change while the URLconf and the
script prefix stay the same, nor a static file's while the process runs
(the manifest of hashed names is read once), so each is worked out once per
process and then read from a bounded LRU cache.
"""

import functools

from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=16384)
def _reverse(viewname, kwargs, urlconf, script_prefix):
    # The script prefix is part of the key only: reverse() reads it itself.
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def url(viewname: str, **kwargs) -> str:
    """Return the path of the page ``viewname`` with ``kwargs``, as ``reverse()``."""
    return _reverse(
        viewname, tuple(sorted(kwargs.items())), get_urlconf(), get_script_prefix()
    )


@functools.lru_cache(maxsize=256)
def static(path: str) -> str:
    """Return the URL of the static file ``path``, as ``{% static %}``."""
    # Django reads STATIC_URL (with the script prefix) once per process too.
    return django_static(path)
