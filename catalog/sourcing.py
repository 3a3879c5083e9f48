"""Which catalog figures name no source: a source record, or a source URL."""

from urllib.parse import urlsplit

from django.db.models import Q
from django.utils.text import slugify

from .models import BenchmarkResult, ModelCapability, Route, Source


def _without_source(model) -> Q:
    missing = Q(source__isnull=True)
    if any(f.name == "source_url" for f in model._meta.concrete_fields):
        missing &= Q(source_url="")
    return missing


def has_source_filter(model, has_source: bool) -> Q:
    """
    Return the condition for rows of ``model`` with (or without) a source:
    a source record, or for routes and results a source URL.
    """
    missing = _without_source(model)
    return ~missing if has_source else missing


def missing_source_counts() -> dict[str, int]:
    """Return how many routes, results and capabilities name no source."""
    return {
        "route": Route.objects.filter(_without_source(Route)).count(),
        "result": BenchmarkResult.objects.filter(
            _without_source(BenchmarkResult)
        ).count(),
        "capability": ModelCapability.objects.filter(
            _without_source(ModelCapability)
        ).count(),
    }


def site_of(url: str) -> str:
    """Return the site of ``url``: its host, lowercased, without "www."."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def source_for_url(url: str) -> Source | None:
    """
    Return the Source for the site of ``url`` (one whose own URL is on the
    same site), creating one titled with the site's domain if none is.
    """
    site = site_of(url)
    if not site:
        return None
    for source in Source.objects.filter(url__icontains=site).order_by("pk"):
        if site_of(source.url) == site:
            return source
    source, _ = Source.objects.get_or_create(
        key=slugify(site)[:100],
        defaults={"title": site, "url": f"https://{site}/", "publisher": site},
    )
    return source
