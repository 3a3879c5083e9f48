"""
Public pages and API answers, cached whole, with validators known before
rendering.

An answer is cached under its state (``sitecache.state``: build, content
generation, day) and its request (scheme, host, path, sorted query), and
carries an ETag and Last-Modified from that state (Django's ``condition``),
so a client that has the current answer gets a 304 that runs neither the
view nor a query.

* ``public_page`` wraps a page view. Staff see drafts at the same URLs, so
  their answers are never cached (``private, no-store``). The CSP nonce of
  the request that rendered a page is replaced by a placeholder in the
  cached copy, and each request that reads it gets its own.
* The API (``config/api.py``) wraps every data operation twice, as
  django-ninja's two decorator modes allow: ``api_answer`` around ninja's
  whole view answers 304s and stores each 200 ninja rendered through its
  schemas; ``cached_api_answer`` around the operation, which ninja calls
  after its throttle and parameter checks, serves the stored answer. The
  API's answers are the same for everyone (published data only).
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from .state import request_state

# Long enough that an idle site keeps its entries; the state in the key, not
# the timeout, is what makes an entry stale.
PAGE_TIMEOUT = 24 * 60 * 60
# Stands for the request's CSP nonce in a cached page.
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"


def etag(request, *args, **kwargs) -> str:
    """Return the ETag of a public answer: its state's key."""
    return f'"{request_state(request).key}"'


def last_modified(request, *args, **kwargs):
    """Return the Last-Modified of a public answer (``State.last_modified``)."""
    return request_state(request).last_modified


def answer_key(kind: str, request, *inputs) -> str:
    """
    Return the cache key of a ``kind`` of answer to ``request`` in its state,
    for ``inputs`` whose ``repr()`` says all that they are.
    """
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()
    return f"{kind}:{request_state(request).key}:{digest}"


def page_key(request) -> str:
    """Return the key of a public page: its state, scheme, host, path and sorted query."""
    query = sorted(
        (key, value) for key, values in request.GET.lists() for value in values
    )
    return answer_key(
        "page", request, request.scheme, request.get_host(), request.path, query
    )


def is_public(request) -> bool:
    """Return whether the request sees the public site (staff also see drafts)."""
    return not request.user.is_staff


def _is_cacheable(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(response, "from_cache", False)
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
    response = HttpResponse(content, headers=headers)
    response.from_cache = True
    return response


def _cache_page(request, key, response) -> None:
    content = response.content
    if nonce := get_nonce(request):  # true only when the page used it
        content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
    # The view's own headers (Content-Type, a sitemap's X-Robots-Tag); the
    # middleware adds the rest to every response, cached or not.
    headers = dict(response.headers)
    headers.pop("Content-Length", None)
    cache.set(key, (content, headers), PAGE_TIMEOUT)


def _cached(view, *, serve: bool):
    """
    Return ``view`` with the state's validators (a 304 before it runs) and
    each 200 it renders stored under ``page_key()``; with ``serve``, a
    stored answer is returned instead of running it.
    """

    @condition(etag_func=etag, last_modified_func=last_modified)
    def conditional(request, *args, **kwargs):
        key = page_key(request)
        if serve and (cached := _cached_page(request, key)) is not None:
            return cached
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response.render()
        if _is_cacheable(request, response):
            _cache_page(request, key, response)
        return response

    return conditional


def public_page(view):
    """
    Return ``view`` answering the public from the cache, with ETag and
    Last-Modified computed before any rendering, and Cache-Control a CDN
    can follow; staff answers are ``private, no-store``.
    """
    conditional = _cached(view, serve=True)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD") and is_public(request):
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304):
                patch_cache_control(
                    response,
                    public=True,
                    max_age=settings.PAGE_CACHE_MAX_AGE,
                    stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
                )
        else:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
        # Staff see drafts at the same URLs.
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def api_answer(view):
    """
    Return ninja's view of an API operation with the state's validators and
    each 200 it renders stored for ``cached_api_answer``, and Cache-Control
    a CDN can follow.
    """
    conditional = _cached(view, serve=False)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(
                response, public=True, max_age=settings.API_CACHE_MAX_AGE
            )
        return response

    return wrapper


def cached_api_answer(operation):
    """
    Return the API ``operation`` answering from the answer ``api_answer``
    stored, once ninja's throttle and parameter checks let the request in.
    """

    @functools.wraps(operation)
    def wrapper(request, *args, **kwargs):
        if (cached := _cached_page(request, page_key(request))) is not None:
            return cached
        return operation(request, *args, **kwargs)

    return wrapper
