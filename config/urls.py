from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from sitecache.pages import public_page

from . import health
from .api import api
from .favicon import favicon
from .sitemaps import sitemaps

handler400 = "config.api.bad_request"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots-txt",
    ),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (a JSON
    # response, a raw error page): send them to the site's icon.
    path("favicon.ico", favicon, name="favicon"),
    path("", include("catalog.urls")),
    path("", include("comparisons.urls")),
]
