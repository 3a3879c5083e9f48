"""
The paths of the site's pages and static files, remembered.

A comparison page links dozens of rows (routes to providers, chart points to
models, benchmarks, related comparisons), and ``reverse()`` costs more than
rendering a row. A page's path does not change while the URLconf and the
script prefix stay the same, nor a static file's while the process runs
(the manifest of hashed names is read once), so each is worked out once per
process and then read from a bounded LRU cache.

Reading the request's URLconf and script prefix (``get_urlconf()``,
``get_script_prefix()``) costs more than the lookup itself, so a template
render reads them once (``linking_from_this_request()``, which the Jinja2
environment's templates enter) and every link of the page uses them.
"""

import contextlib
import functools
from contextvars import ContextVar

from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, get_urlconf, reverse

# The URLconf and script prefix the links being rendered are for, or None.
_link_base: ContextVar[tuple[str | None, str] | None] = ContextVar(
    "link_base", default=None
)


@functools.lru_cache(maxsize=16384)
def _reverse(viewname, kwargs, urlconf, script_prefix):
    # The script prefix is part of the key only: reverse() reads it itself.
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def url(viewname: str, **kwargs) -> str:
    """Return the path of the page ``viewname`` with ``kwargs``, as ``reverse()``."""
    urlconf, script_prefix = _link_base.get() or (get_urlconf(), get_script_prefix())
    items = tuple(kwargs.items())
    if len(items) > 1:
        items = tuple(sorted(items))
    return _reverse(viewname, items, urlconf, script_prefix)


@contextlib.contextmanager
def linking_from_this_request():
    """Read the URLconf and script prefix once for the ``url()`` calls within."""
    token = _link_base.set((get_urlconf(), get_script_prefix()))
    try:
        yield
    finally:
        _link_base.reset(token)


@functools.lru_cache(maxsize=256)
def static(path: str) -> str:
    """Return the URL of the static file ``path``, as ``{% static %}``."""
    # Django reads STATIC_URL (with the script prefix) once per process too.
    return django_static(path)
