"""
Middleware that keeps odd requests away from the views.

* ``RefuseNulMiddleware`` answers 400 to a URL with a NUL character
  (``%00``) in its path or query string: no page takes one, and PostgreSQL
  refuses NUL in text, so such a value could only reach the database to
  fail there (the admin's list filters and autocomplete do not check).
* ``ReadOnlyPagesMiddleware``: the public pages answer GET and HEAD, and
  OPTIONS with the list of those. Any other method gets a 405 with
  ``Allow`` and a body that says why, before CSRF checks (which would
  answer a bare 403) or any view runs.

The API is left to ``config.api.ApiMiddleware`` and its operations, which
answer 405 and 422 in JSON; ``ReadOnlyPagesMiddleware`` leaves the admin
(forms that POST) alone too.
"""

from urllib.parse import unquote

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse

from config.api import API_PATH

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL character in its URL, outside the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PATH) or not (
            "\x00" in request.path_info
            or "\x00" in unquote(request.META.get("QUERY_STRING", ""))
        ):
            return self.get_response(request)
        return HttpResponseBadRequest(
            "Bad request: the address contains a NUL character (%00), which no "
            "page of this site accepts.\n",
            content_type="text/plain; charset=utf-8",
        )


class ReadOnlyPagesMiddleware:
    """Refuse methods other than GET, HEAD and OPTIONS on the public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") or self.is_exempt(request.path_info):
            return self.get_response(request)
        if request.method == "OPTIONS":
            return HttpResponse(headers={"Allow": ", ".join(ALLOWED_METHODS)})
        return HttpResponseNotAllowed(
            ALLOWED_METHODS,
            content=(
                f"Method {request.method[:20]} is not allowed: this site's pages "
                f"are read-only ({', '.join(ALLOWED_METHODS)}).\n"
            ),
            content_type="text/plain; charset=utf-8",
        )

    @staticmethod
    def is_exempt(path):
        """Return whether ``path`` belongs to the admin or the API."""
        return path.startswith((reverse("admin:index"), API_PATH))


class DataGZipMiddleware(GZipMiddleware):
    """
    Django's GZipMiddleware for the API's answers and the CSV downloads only:
    data, where gzip saves most (the export: 4.6 MB to about 0.2 MB), and no
    page that holds a secret an attacker could probe by its compressed
    length (BREACH: the admin's CSRF token, a session's messages).
    """

    def process_response(self, request, response):
        if request.path.startswith("/api/"):
            return super().process_response(request, response)
        return response
