"""
The JSON API: one NinjaAPI, mounted at /api/v1/ by config/urls.py, with
each app's router.

``ApiMiddleware`` keeps the HTTP contract of every response under /api/:

* Read-only. GET and HEAD reach the API; OPTIONS answers 204 with
  ``Allow`` (a CORS preflight is answered earlier by django-cors-headers);
  any other method is 405 with a JSON body and ``Allow``. An unknown path
  is a JSON 404.
* HTTP caching. A 200 gets ``Cache-Control: public, max-age=API_CACHE_MAX_AGE``,
  an ``ETag`` (a hash of the body, as ConditionalGetMiddleware makes it,
  unless the operation set one) and, for data operations, ``Last-Modified``:
  the newest django-simple-history record of the catalog and the curated
  comparisons, which every admin edit and catalog load writes. A request
  whose If-None-Match (or, lacking it, If-Modified-Since) matches gets 304.
  The ETag is exact; Last-Modified can only be late, never early (a change
  that writes no history record, such as a decision tag, is caught by the
  ETag alone). The body is still built for a 304: it saves bandwidth, not
  work.

Anonymous clients are throttled (``NINJA_DEFAULT_THROTTLE_RATES["anon"]``)
by the address Django sees, REMOTE_ADDR, unless ``NINJA_NUM_PROXIES`` says
how many proxies' X-Forwarded-For entries to trust: a made-up
X-Forwarded-For does not reset the count.
"""

from django.conf import settings
from django.db.models import Max, Value
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date
from ninja import NinjaAPI, Swagger
from ninja.conf import settings as ninja_settings
from ninja.throttling import AnonRateThrottle

from catalog.models import (
    Benchmark,
    BenchmarkResult,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    Route,
    Source,
)
from comparisons.models import Comparison

API_PATH = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# Views whose content follows the code, not the catalog.
SCHEMA_VIEWS = frozenset({"openapi-json", "openapi-view"})
HISTORY_TRACKED = (
    Source,
    Organization,
    LanguageModel,
    ModelCapability,
    Provider,
    Route,
    Benchmark,
    BenchmarkResult,
    Comparison,
)

DESCRIPTION = """
Read-only access to the catalog of large language models (specs,
capabilities, provider routes and prices, benchmark scores, each figure
with its source) and to the computed "Model A vs Model B" comparisons.

* **Money** is a decimal string in USD ("10", "0.035"), prices per 1M tokens;
  null is "not sourced", which is not 0 ("free"). Dates are ISO 8601.
* **Errors**: 404 and 429 answer `{"detail": "..."}`; 422 answers
  `{"detail": [{"loc": ["query", "<parameter>"], "msg": "...", "type": "..."}]}`
  with one entry per bad parameter.
* **Caching**: responses carry `ETag`, `Last-Modified` and `Cache-Control`;
  send `If-None-Match` or `If-Modified-Since` for a 304.
* **Rate limit**: anonymous clients are throttled per address; a 429 carries
  `Retry-After` in seconds.
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
        return super().allow_request(request)


api = NinjaAPI(
    title="LLM Compare API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    # Rendered from ninja's templates with its bundled static files (ninja is
    # in INSTALLED_APPS), so the docs load nothing from a CDN.
    docs=Swagger(),
    throttle=[SettingsAnonRateThrottle()],
)
api.add_router("", "catalog.api.router")
api.add_router("", "comparisons.api.router")


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or "Not found."}, status=404
    )


def catalog_last_modified():
    """
    Return when the catalog or a curated comparison last changed: the newest
    history record of any of them, or None before the first one.
    """
    newest = [
        model.history.model.objects.order_by()
        .values(one=Value(1))
        .annotate(newest=Max("history_date"))
        .values_list("newest", flat=True)
        for model in HISTORY_TRACKED
    ]
    dates = newest[0].union(*newest[1:], all=True).order_by()
    return max((date for date in dates if date is not None), default=None)


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
        if is_head and not response.streaming and response.content:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    def conditional(self, request, response):
        """Return the response with caching headers, or a 304 if the client has it."""
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = None
        match = request.resolver_match
        if match is not None and match.url_name not in SCHEMA_VIEWS:
            changed = catalog_last_modified()
            if changed is not None:
                last_modified = int(changed.timestamp())
                response["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=last_modified,
            response=response,
        )
