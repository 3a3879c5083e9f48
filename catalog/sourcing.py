"""Which catalog figures name no source: a source record, or a source URL."""

from django.db.models import Q

from .models import BenchmarkResult, ModelCapability, Route


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
