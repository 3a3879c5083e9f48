"""
What the catalog format is made of: its name and schema versions, the data
licence a document carries, the errors a document that cannot be read
raises, and the kinds of record (one per top-level list, plus a model's
nested capabilities and the figures other sources report for a model or a
route) with the catalog model each one holds.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import models

from catalog.errors import FormatError
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    DecisionTag,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    ReportedFigure,
    Route,
    Source,
)

FORMAT_NAME = "llm-compare-catalog"
SCHEMA_VERSION = 1
SUPPORTED_SCHEMA_VERSIONS = frozenset({1})

# Kept in step with scripts/build_demo_catalog.py, which cannot import Django.
DATA_LICENSE = (
    "The catalog data is compiled from the datasets listed under 'sources', "
    "each under the licence named in its 'license' field (MIT or CC BY 4.0, "
    "https://creativecommons.org/licenses/by/4.0/). Wherever figures from a "
    "source with an 'attribution' line are shown, show that credit line too: "
    "CC BY 4.0 requires it. NOTICE.md gives the full credits."
)


class CatalogFormatError(FormatError):
    """A catalog document that cannot be loaded."""

    where = " in the catalog file"


@dataclass(frozen=True)
class Kind:
    """One top-level list of the format and the catalog model it holds."""

    name: str
    model: type[models.Model]
    natural_key: tuple[str, ...]
    # Fields the file never carries: ids, timestamps, the parent of a nested record.
    skip: frozenset[str] = frozenset()

    @cached_property
    def fields(self):
        """Return the model fields the format carries, in declaration order."""
        return [
            f
            for f in self.model._meta.get_fields()
            if (f.concrete or f.many_to_many)
            and not f.auto_created
            and f.name not in self.skip
            and f.name not in EDITORIAL_FIELDS
        ]


# Bookkeeping of the editorial workflow in one database, never in a file.
EDITORIAL_FIELDS = frozenset({"version", "last_reviewed_by"})

SOURCES = Kind("sources", Source, ("key",))
ORGANIZATIONS = Kind("organizations", Organization, ("slug",))
DECISION_TAGS = Kind("decision_tags", DecisionTag, ("slug",))
PROVIDERS = Kind("providers", Provider, ("slug",))
MODELS = Kind("models", LanguageModel, ("slug",), frozenset({"created", "updated"}))
CAPABILITIES = Kind(
    "capabilities", ModelCapability, ("model", "capability"), frozenset({"model"})
)
ROUTES = Kind("routes", Route, ("provider", "identifier", "region"))
# Each other source's figure for a model or a route, nested in its record
# like a model's capabilities, and written after the routes.
REPORTED_FIGURES = Kind(
    "reported_figures",
    ReportedFigure,
    ("field", "source"),
    frozenset({"model", "route"}),
)
# The API's export lists each route's price changes under this name, as
# the model detail's price_history; the history tables hold them, so
# loading ignores it, like updated_at.
PRICE_HISTORY = "price_history"
# The kinds whose records may nest "reported_figures".
REPORTING_KINDS = frozenset({"models", "routes"})
BENCHMARKS = Kind("benchmarks", Benchmark, ("slug",))
RESULTS = Kind("results", BenchmarkResult, ("key",))

# Write order: a kind comes after every kind it refers to.
KINDS = [
    SOURCES,
    ORGANIZATIONS,
    DECISION_TAGS,
    PROVIDERS,
    MODELS,
    ROUTES,
    BENCHMARKS,
    RESULTS,
]
KIND_BY_MODEL = {kind.model: kind for kind in KINDS}
KEY_ATTRIBUTE = {SOURCES.name: "key"}  # every other referenced kind uses "slug"


def _key_attribute(kind):
    return KEY_ATTRIBUTE.get(kind.name, "slug")
