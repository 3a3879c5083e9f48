"""
The catalog's cache generation, and the public pages cached by it.

Every public page and API answer is a function of the code and of the
catalog (models, routes, results, capabilities, tags, sources, providers,
organizations, benchmarks, curated comparisons). Rather than track which
rows each cached entry read, one counter in the cache, the *generation*,
names the catalog's state: cache keys and ETags include it, and any write
to the catalog moves it on, so that every entry computed before the write
is unreachable at once (the cache's LRU or timeout reclaims it).

A finer scheme (one generation per model) would save nothing on the pages
that matter most: a comparison page reads every published model, as its
peers on the chart and in "Continue comparing", so any model's edit
changes it. Edits are rare (editors, imports) next to reads.

``bump_generation()`` runs twice per write: at once, so that the writer's
own next request sees its change, and again after the transaction commits,
so that an entry another request computed from the old rows in between
(under the first new generation) is dropped too. ``post_save``,
``post_delete`` and ``m2m_changed`` receivers, connected by the catalog's
``AppConfig.ready()``, call it for each catalog and comparisons row; the
catalog loader and the importer, which write with bulk operations that send
no signals, call it themselves.

The generation starts from the clock, not from 0, so a cache that lost the
key (a restart, an eviction) never reuses a generation that keys old entries.

With the local-memory cache each process has its own generation: a write
in one worker is not seen by the others' caches. Several workers need a
shared cache (``REDIS_URL``); see README, "Deploying".
"""

import datetime as dt
import functools
import hashlib
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

GENERATION_KEY = "catalog:generation"
CHANGED_KEY = "catalog:changed"
# Long enough that an idle site keeps its entries; the generation, not the
# timeout, is what makes an entry stale.
PAGE_TIMEOUT = 24 * 60 * 60


def generation() -> tuple[int, int]:
    """
    Return ``(generation, changed)``: the catalog's cache generation and the
    Unix second from which its last change can be seen (see ``bump_generation``).
    """
    found = cache.get_many([GENERATION_KEY, CHANGED_KEY])
    if GENERATION_KEY in found and CHANGED_KEY in found:
        return found[GENERATION_KEY], found[CHANGED_KEY]
    # First request after a cache flush: nothing cached can be trusted.
    return _start()


def _start() -> tuple[int, int]:
    start = (time.time_ns(), int(time.time()) + 1)
    cache.set_many({GENERATION_KEY: start[0], CHANGED_KEY: start[1]}, timeout=None)
    return start


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key was evicted: start a new series
        _start()
        return
    # Rounded up: a page served earlier in this second has an older
    # Last-Modified, so If-Modified-Since cannot hide this change from it.
    cache.set(CHANGED_KEY, int(time.time()) + 1, timeout=None)


def bump_generation() -> None:
    """Move the catalog's generation on now and again once the transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _on_change(sender, **kwargs):
    bump_generation()


def _on_m2m_change(sender, action, **kwargs):
    if action.startswith("post_"):
        bump_generation()


def connect_receivers(*models) -> None:
    """Bump the generation on every save and delete of ``models`` and their m2m fields."""
    for model in models:
        uid = f"catalog.cache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m_change,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}.{field.name}",
            )


# Public pages ------------------------------------------------------------------


@functools.cache
def build_id() -> str:
    """
    Return a digest of the code and templates, so that a deploy which
    changes how pages look changes their cache keys and ETags too.

    ``BUILD_ID`` in the environment (a commit hash) saves reading the files.
    """
    if configured := getattr(settings, "BUILD_ID", ""):
        return configured
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in ("catalog", "comparisons", "config", "jinja2", "templates", "static"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".css", ".js", ".svg", ".txt"}:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def is_public(request) -> bool:
    """Return whether the request sees the public site (staff also see drafts)."""
    return not request.user.is_staff


def catalog_state(number: int | None = None) -> str:
    """
    Return the name of what every cached answer depends on: the code's build
    and the catalog's generation (``number``, or the current one).
    """
    if number is None:
        number, _ = generation()
    return f"{build_id()}-{number}"


def _validators(request) -> tuple[str, int]:
    """
    Return (and remember on the request) the catalog state the page is built
    from and the Unix second from which it can be seen (its Last-Modified).
    """
    if not hasattr(request, "_catalog_validators"):
        number, changed = generation()
        request._catalog_validators = (catalog_state(number), changed)
    return request._catalog_validators


def request_catalog_state(request) -> str:
    """Return the catalog state a request's page is built from: the one its ETag names."""
    return _validators(request)[0]


def page_etag(request, *args, **kwargs) -> str:
    """Return the ETag of a public page: the code's build and the catalog's generation."""
    return f'"{request_catalog_state(request)}"'


def page_last_modified(request, *args, **kwargs) -> dt.datetime:
    """Return when the catalog last changed, as a public page's Last-Modified."""
    return dt.datetime.fromtimestamp(_validators(request)[1], tz=dt.UTC)


def page_cache_key(request) -> str:
    """Return the key of a public page: the catalog state (its ETag), scheme, host, path and sorted query."""
    query = sorted(
        (key, value) for key, values in request.GET.lists() for value in values
    )
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query!r}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page:{request_catalog_state(request)}:{digest}"


# Stands for the request's CSP nonce in a cached page: each request that
# reads the page gets its own nonce, in the page and in the CSP header.
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"


def _is_cacheable(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that showed a message is this request's alone.
        and not (messages is not None and len(messages))
    )


def _cached_page(request, key) -> HttpResponse | None:
    """Return the cached page for ``key``, with this request's nonce, or None."""
    hit = cache.get(key)
    if hit is None:
        return None
    content, headers = hit
    if NONCE_PLACEHOLDER in content:
        if (nonce := get_nonce(request)) is None:
            return None
        content = content.replace(NONCE_PLACEHOLDER, str(nonce).encode())
    return HttpResponse(content, headers=headers)


def _cache_page(request, key, response) -> None:
    content = response.content
    if nonce := get_nonce(request):  # true only when the page used it
        content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
    # The view's own headers (Content-Type, a sitemap's X-Robots-Tag); the
    # middleware adds the rest to every response, cached or not.
    headers = dict(response.headers)
    headers.pop("Content-Length", None)
    cache.set(key, (content, headers), PAGE_TIMEOUT)


def _patch_public(response) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )


def public_page(view):
    """
    Return ``view`` answering the public from the cache, with ETag and
    Last-Modified computed before any rendering (a match is a 304 that runs
    neither the view nor a query), and Cache-Control a CDN can follow. Staff
    responses (drafts, banners) are never cached: ``private, no-store``.
    """

    @condition(etag_func=page_etag, last_modified_func=page_last_modified)
    def conditional(request, *args, **kwargs):
        key = page_cache_key(request)
        if (cached := _cached_page(request, key)) is not None:
            return cached
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response.render()
        if _is_cacheable(request, response):
            _cache_page(request, key, response)
        return response

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD") and is_public(request):
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304):
                _patch_public(response)
        else:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
        # Staff see drafts at the same URLs.
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
