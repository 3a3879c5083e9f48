"""
The JSON API: one NinjaAPI, mounted at /api/v1/ by config/urls.py, with
each app's router.

``ApiMiddleware`` keeps the HTTP contract of every response under /api/:

* Read-only. GET and HEAD reach the API; OPTIONS answers 204 with
  ``Allow`` (a CORS preflight is answered earlier by django-cors-headers);
  any other method is 405 with a JSON body and ``Allow``. An unknown path
  is a JSON 404.
* The schema views (OpenAPI JSON, docs) get an ``ETag`` that hashes their
  body, as ConditionalGetMiddleware makes it, and answer 304 to it.

Every data operation is cached whole and validated by the site's state
(``sitecache.pages.api_answer`` and ``cached_api_answer``, added to every
operation below): ``ETag`` and ``Last-Modified`` are known before the
operation runs, so a matching If-None-Match (or, lacking it,
If-Modified-Since) gets its 304 without building the body.

Anonymous clients are throttled (``NINJA_DEFAULT_THROTTLE_RATES["anon"]``)
by the address Django sees, REMOTE_ADDR, unless ``NINJA_NUM_PROXIES`` says
how many proxies' X-Forwarded-For entries to trust: a made-up
X-Forwarded-For does not reset the count.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.views import defaults
from ninja import Swagger
from ninja.conf import settings as ninja_settings
from ninja.throttling import AnonRateThrottle

from catalog.errors import NotFound
from config.openapi import RATE_LIMIT_HEADERS, SiteAPI
from sitecache.pages import api_answer, cached_api_answer

API_PATH = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
DESCRIPTION = """
Read-only access to the catalog of large language models (specs,
capabilities, provider routes and prices, benchmark scores, each figure
with its source) and to the computed "Model A vs Model B" comparisons.

* **Money** is a decimal string in USD ("10", "0.035"), prices per 1M tokens;
  null is "not sourced", which is not 0 ("free"). Dates are ISO 8601.
* **Errors**: 404 answers `{"detail": "...", "code": "model_not_found",
  "slug": "..."}`; 422 answers
  `{"detail": [{"loc": ["query", "<parameter>"], "msg": "...", "type": "..."}]}`
  with one entry per bad parameter; 429 answers `{"detail": "..."}`.
* **Caching**: responses carry `ETag`, `Last-Modified` and `Cache-Control`;
  send `If-None-Match` or `If-Modified-Since` for a 304.
* **Rate limit**: anonymous clients are throttled per address; responses
  carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, and a
  429 `Retry-After`, in seconds.
* **CORS**: any origin may GET.
* **Licence**: the data comes from sources under MIT and CC BY 4.0; show the
  credit lines listed in `/export` (`attribution`) wherever you show the
  figures. The CSV downloads carry the licence in `X-Data-License` and a
  `Link` header.
"""


class SettingsAnonRateThrottle(AnonRateThrottle):
    """
    Throttle anonymous clients at the rate the settings give when the request
    comes, so a deployment (or a test) can change it; a rate of None turns
    throttling off.
    """

    def __init__(self):
        self.rate = None

    def allow_request(self, request):
        self.rate = ninja_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        allowed = super().allow_request(request)
        # For ApiMiddleware's RateLimit-* headers (never stored with an answer).
        history = getattr(self, "history", [])
        oldest = history[-1] if history else self.now
        request.rate_limit = (
            self.num_requests,
            max(self.num_requests - len(history), 0),
            max(int(self.duration - (self.now - oldest)), 0),
        )
        return allowed


api = SiteAPI(
    title="LLM Compare API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    # Rendered from ninja's templates with its bundled static files (ninja is
    # in INSTALLED_APPS), so the docs load nothing from a CDN.
    docs=Swagger(),
    throttle=[SettingsAnonRateThrottle()],
)
# Cached whole and validated by the site's state; the stored answer is served
# after ninja's throttle and parameter checks (sitecache.pages).
api.add_decorator(api_answer, mode="view")
api.add_decorator(cached_api_answer, mode="operation")
api.add_router("", "catalog.api.router")
api.add_router("", "comparisons.api.router")


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or "Not found.", "code": "not_found"}, status=404
    )


@api.exception_handler(NotFound)
def named_not_found(request, exc):
    """A 404 that says what was missing: ``{"detail", "code", "slug"}``."""
    body = {"detail": str(exc), "code": exc.code, **exc.params}
    return api.create_response(request, body, status=404)


class ApiMiddleware:
    """Keep the API's HTTP contract: read-only methods, JSON errors, caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PATH):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            return response
        if request.method not in {"GET", "HEAD"}:
            response = JsonResponse(
                {
                    "detail": f"Method {request.method} is not allowed: the API is "
                    f"read-only ({ALLOWED_METHODS})."
                },
                status=405,
            )
            response["Allow"] = ALLOWED_METHODS
            return response
        is_head = request.method == "HEAD"
        if is_head:
            # Answer HEAD as GET without the body, as Django's generic views do.
            request.method = "GET"
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.status_code == 404 and not content_type.startswith(
            "application/json"
        ):
            response = JsonResponse(
                {"detail": "Not found: no such API endpoint."}, status=404
            )
        elif response.status_code == 200 and not response.streaming:
            response = self.conditional(request, response)
        if limits := getattr(request, "rate_limit", None):
            for name, value in zip(RATE_LIMIT_HEADERS, limits, strict=True):
                response[name] = str(value)
        if is_head and not response.streaming and response.content:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    @staticmethod
    def conditional(request, response):
        """
        Return a schema view's response with an ETag of its body, or a 304
        when the client has it (data operations carry their own validators).
        """
        if response.has_header("ETag"):
            return response
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        set_response_etag(response)
        return get_conditional_response(
            request, etag=response["ETag"], response=response
        )


def bad_request(request, exception):
    """
    Answer a request Django refused before any view (an unknown Host, too
    many query parameters, a malformed body): JSON under the API, as every
    other API error is; the site's 400 page elsewhere.
    """
    if not request.path_info.startswith(API_PATH):
        return defaults.bad_request(request, exception)
    if isinstance(exception, DisallowedHost):
        detail = "Bad request: this host name is not served here."
    elif isinstance(exception, TooManyFieldsSent):
        detail = (
            "Bad request: too many query parameters (at most "
            f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})."
        )
    else:
        detail = "Bad request: the request could not be read."
    return JsonResponse({"detail": detail}, status=400)
