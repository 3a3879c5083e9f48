"""
Reads for the public pages. Each selector returns a queryset with its joins
and prefetches already applied, so a page runs a fixed number of queries
whatever the size of the catalog.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from comparisons.formatting import format_price, format_score
from comparisons.models import Comparison

from .models import (
    Benchmark,
    BenchmarkResult,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    PublicationStatus,
    Route,
    Source,
    TriState,
)

MODEL_SORTS = {
    "name": ("name", "pk"),
    "newest": (F("release_date").desc(nulls_last=True), "name", "pk"),
    "context": (F("context_window").desc(nulls_last=True), "name", "pk"),
    "price": (F("cheapest_input").asc(nulls_last=True), "name", "pk"),
}

# Blended price per 1M tokens: three input tokens for each output token, the
# usual mix of chat traffic and the weighting Artificial Analysis uses. Kept as
# exact Decimal weights: SQLite divides whole numbers as integers.
BLEND_INPUT_SHARE = Decimal("0.75")
BLEND_OUTPUT_SHARE = Decimal("0.25")

# A route priced 0 for input and output is a free tier (rate-limited, local or
# bundled with a plan), not the price of production traffic: the cheapest
# figures leave it out, as the comparison pages' cost model does.
FREE_ROUTE = Q(routes__input_price=0, routes__output_price=0)
PAID_ROUTE = (
    Q(routes__input_price__gt=0)
    | Q(routes__output_price__gt=0)
    | Q(routes__input_price__isnull=True)
    | Q(routes__output_price__isnull=True)
)


def _with_listing_figures(queryset: QuerySet[LanguageModel]) -> QuerySet:
    return queryset.select_related("organization").annotate(
        cheapest_input=Min("routes__input_price", filter=PAID_ROUTE),
        cheapest_output=Min("routes__output_price", filter=PAID_ROUTE),
        route_count=Count("routes", distinct=True),
        free_route_count=Count("routes", filter=FREE_ROUTE, distinct=True),
    )


def cheapest_blended_price(*, model_ref: str = "pk") -> Subquery:
    """
    Return a subquery of the lowest blended price per 1M tokens among a
    model's routes with both prices sourced, free tiers left out.

    ``model_ref`` names the outer query's field holding the model id.
    """
    blended = ExpressionWrapper(
        F("input_price") * Value(BLEND_INPUT_SHARE)
        + F("output_price") * Value(BLEND_OUTPUT_SHARE),
        output_field=DecimalField(max_digits=20, decimal_places=6),
    )
    routes = (
        Route.objects.filter(
            model=OuterRef(model_ref),
            input_price__isnull=False,
            output_price__isnull=False,
        )
        .exclude(input_price=0, output_price=0)
        .annotate(blended=blended)
        .order_by("blended")
        .values("blended")[:1]
    )
    return Subquery(routes, output_field=DecimalField(max_digits=20, decimal_places=6))


def model_list(
    *,
    organization: str | None = None,
    open_weights: str | None = None,
    capability: str | None = None,
    min_context: int | None = None,
    max_input_price: Decimal | None = None,
    q: str | None = None,
    sort: str = "name",
) -> QuerySet[LanguageModel]:
    """
    Return published models for the listing, filtered and sorted, each with
    ``cheapest_input`` and ``cheapest_output`` (per 1M tokens, the lowest
    among its routes, free tiers left out), ``route_count`` and
    ``free_route_count``.
    """
    queryset = LanguageModel.objects.published()
    if organization:
        queryset = queryset.filter(organization__slug=organization)
    if open_weights:
        queryset = queryset.filter(open_weights=open_weights)
    if capability:
        # Exists, not a join, so the route aggregates are not multiplied.
        queryset = queryset.filter(
            Exists(
                ModelCapability.objects.filter(
                    model=OuterRef("pk"), capability=capability, value=TriState.YES
                )
            )
        )
    if min_context is not None:
        queryset = queryset.filter(context_window__gte=min_context)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(slug__icontains=q))
    queryset = _with_listing_figures(queryset)
    if max_input_price is not None:
        queryset = queryset.filter(cheapest_input__lte=max_input_price)
    return queryset.order_by(*MODEL_SORTS.get(sort, MODEL_SORTS["name"]))


def model_list_detailed(*, include_drafts: bool = False) -> QuerySet[LanguageModel]:
    """
    Return models with everything their page shows: specs' sources,
    capabilities, routes with providers, results with benchmarks and tags.
    """
    queryset = LanguageModel.objects.all()
    if not include_drafts:
        queryset = queryset.published()
    return queryset.select_related("organization", "lifecycle_source").prefetch_related(
        "sources",
        "decision_tags",
        Prefetch(
            "capabilities",
            queryset=ModelCapability.objects.select_related("source"),
        ),
        Prefetch(
            "routes",
            queryset=Route.objects.select_related("provider", "source").order_by(
                "provider__name", "identifier", "region"
            ),
        ),
        Prefetch(
            "benchmark_results",
            queryset=BenchmarkResult.objects.select_related(
                "benchmark", "source"
            ).order_by("benchmark__name", "-is_primary", "-score"),
        ),
    )


def model_list_choices() -> QuerySet:
    """
    Return ``(slug, name, organization name)`` rows of published models, by
    organization then name, for the "pick two models" form.
    """
    return (
        LanguageModel.objects.published()
        .order_by("organization__name", "name")
        .values_list("slug", "name", "organization__name")
    )


def model_list_recently_reviewed(*, limit: int = 8) -> QuerySet[LanguageModel]:
    """Return the published models reviewed most recently."""
    return (
        LanguageModel.objects.published()
        .filter(last_reviewed__isnull=False)
        .select_related("organization")
        .order_by("-last_reviewed", "name")[:limit]
    )


def model_list_peers(*, model: LanguageModel, limit: int = 5) -> QuerySet:
    """
    Return up to ``limit`` published models from the same organization,
    the same family first, then the newest.
    """
    ordering = [F("release_date").desc(nulls_last=True), "name"]
    if model.family:
        ordering.insert(0, Case(When(family=model.family, then=0), default=1))
    return (
        LanguageModel.objects.published()
        .filter(organization_id=model.organization_id)
        .exclude(pk=model.pk)
        .select_related("organization")
        .order_by(*ordering)[:limit]
    )


def _name_or_slug_contains(queryset: QuerySet, query: str, limit: int) -> QuerySet:
    return queryset.filter(
        Q(name__icontains=query) | Q(slug__icontains=query)
    ).order_by("name")[:limit]


def model_search(*, query: str, limit: int) -> QuerySet[LanguageModel]:
    """Return published models whose name or slug contains ``query``."""
    return _name_or_slug_contains(
        LanguageModel.objects.published().select_related("organization"), query, limit
    )


def comparison_list_published() -> QuerySet[Comparison]:
    """Return curated, published comparisons with both models joined."""
    return Comparison.objects.published().select_related("model_a", "model_b")


def comparison_list_featured(*, limit: int = 12) -> QuerySet[Comparison]:
    """Return the curated comparisons editors feature on the home page."""
    return comparison_list_published().filter(featured=True)[:limit]


def comparison_list_recently_reviewed(*, limit: int = 6) -> QuerySet[Comparison]:
    """Return the curated comparisons reviewed most recently."""
    return (
        comparison_list_published()
        .filter(last_reviewed__isnull=False)
        .order_by("-last_reviewed", "pk")[:limit]
    )


def comparison_list_involving(*, model: LanguageModel) -> QuerySet[Comparison]:
    """Return the curated, published comparisons that include ``model``."""
    return comparison_list_published().involving(model)


def organization_list() -> QuerySet[Organization]:
    """Return organizations with ``model_count``, their published models."""
    return Organization.objects.annotate(
        model_count=Count(
            "models", filter=Q(models__status=PublicationStatus.PUBLISHED)
        )
    ).order_by("name")


def organization_list_detailed() -> QuerySet[Organization]:
    """Return organizations with their published models (listing figures) and APIs."""
    return Organization.objects.prefetch_related(
        Prefetch(
            "models",
            queryset=_with_listing_figures(LanguageModel.objects.published()).order_by(
                F("release_date").desc(nulls_last=True), "name"
            ),
            to_attr="published_models",
        ),
        Prefetch("providers", queryset=Provider.objects.order_by("name")),
    )


def organization_search(*, query: str, limit: int) -> QuerySet[Organization]:
    """Return organizations whose name or slug contains ``query``."""
    return _name_or_slug_contains(Organization.objects.all(), query, limit)


PUBLISHED_ROUTE = Q(routes__model__status=PublicationStatus.PUBLISHED)


def provider_list() -> QuerySet[Provider]:
    """
    Return providers with ``route_count`` and ``model_count``, counting
    routes to published models only.
    """
    return (
        Provider.objects.select_related("organization")
        .annotate(
            route_count=Count("routes", filter=PUBLISHED_ROUTE),
            model_count=Count("routes__model", filter=PUBLISHED_ROUTE, distinct=True),
        )
        .order_by("name")
    )


def provider_list_detailed() -> QuerySet[Provider]:
    """Return providers with their routes to published models."""
    return Provider.objects.select_related("organization").prefetch_related(
        Prefetch(
            "routes",
            queryset=Route.objects.filter(model__status=PublicationStatus.PUBLISHED)
            .select_related("model__organization", "source")
            .order_by("model__name", "identifier", "region"),
            to_attr="published_routes",
        )
    )


def provider_search(*, query: str, limit: int) -> QuerySet[Provider]:
    """Return providers whose name or slug contains ``query``."""
    return _name_or_slug_contains(Provider.objects.all(), query, limit)


PUBLISHED_PRIMARY_RESULT = Q(
    results__is_primary=True, results__model__status=PublicationStatus.PUBLISHED
)


def benchmark_list() -> QuerySet[Benchmark]:
    """Return benchmarks with ``result_count``, primary results of published models."""
    return Benchmark.objects.annotate(
        result_count=Count("results", filter=PUBLISHED_PRIMARY_RESULT)
    ).order_by("name")


def benchmark_search(*, query: str, limit: int) -> QuerySet[Benchmark]:
    """Return benchmarks whose name or slug contains ``query``."""
    return _name_or_slug_contains(Benchmark.objects.all(), query, limit)


def benchmark_result_list_leaderboard(
    *, benchmark: Benchmark, best_first: bool = True
) -> QuerySet[BenchmarkResult]:
    """
    Return the primary results of published models on ``benchmark``, best
    first (or worst first) by the benchmark's direction, each with its
    model's ``blended_price`` (see ``cheapest_blended_price``).
    """
    descending = benchmark.higher_is_better == best_first
    score = F("score").desc() if descending else F("score").asc()
    return (
        BenchmarkResult.objects.filter(
            benchmark=benchmark,
            is_primary=True,
            model__status=PublicationStatus.PUBLISHED,
        )
        .select_related("model__organization", "source")
        .annotate(blended_price=cheapest_blended_price(model_ref="model_id"))
        .order_by(score, "model__name")
    )


def source_list_attributed() -> QuerySet[Source]:
    """Return the sources whose licence asks for a credit line."""
    return Source.objects.exclude(attribution="").order_by("title")


# History ---------------------------------------------------------------------

# The prices a route carries, labelled as readers say them.
PRICE_LABELS = {
    "input_price": "input price",
    "output_price": "output price",
    "cache_read_price": "cached input price",
    "cache_write_price": "cache write price",
    "batch_input_price": "batch input price",
    "batch_output_price": "batch output price",
    "long_context_input_price": "long-context input price",
    "long_context_output_price": "long-context output price",
}


def price_text(price: Decimal | None) -> str:
    """Return a price per 1M tokens for a sentence: "$2.50", "free", "not sourced"."""
    if price is None:
        return "not sourced"
    if price == 0:
        return "free"
    return format_price(price)


@dataclass(frozen=True)
class PriceChange:
    """One price of one route changing, as its history recorded it."""

    route_id: int
    model_id: int
    model: str
    provider: str
    identifier: str
    region: str
    field: str  # "input_price"
    label: str  # "input price"
    old: Decimal | None
    new: Decimal | None
    changed_at: dt.datetime

    @property
    def changed_on(self) -> dt.date:
        return timezone.localdate(self.changed_at)

    @property
    def old_text(self) -> str:
        return price_text(self.old)

    @property
    def new_text(self) -> str:
        return price_text(self.new)


def route_price_changes(
    *, model_ids: Iterable[int], since: dt.datetime | None = None
) -> list[PriceChange]:
    """
    Return every price change on the routes of the models ``model_ids``
    (after ``since``, if given), newest first, in one query.

    Each change compares a route's history record with the one before it,
    so routes deleted since keep their past changes.
    """
    records = (
        Route.history.filter(model_id__in=list(model_ids))
        .order_by("id", "history_date", "history_id")
        .values(
            "id",
            "model_id",
            "model__name",
            "provider__name",
            "identifier",
            "region",
            "history_type",
            "history_date",
            *PRICE_LABELS,
        )
    )
    changes = []
    previous = None
    for record in records:
        if (
            previous is not None
            and previous["id"] == record["id"]
            and record["history_type"] == "~"
            and (since is None or record["history_date"] > since)
        ):
            changes += [
                PriceChange(
                    route_id=record["id"],
                    model_id=record["model_id"],
                    model=record["model__name"] or "",
                    provider=record["provider__name"] or "",
                    identifier=record["identifier"],
                    region=record["region"],
                    field=field,
                    label=label,
                    old=previous[field],
                    new=record[field],
                    changed_at=record["history_date"],
                )
                for field, label in PRICE_LABELS.items()
                if previous[field] != record[field]
            ]
        previous = record
    changes.sort(key=lambda change: (change.provider, change.identifier))
    changes.sort(key=lambda change: change.changed_at, reverse=True)
    return changes


@dataclass(frozen=True)
class ChangelogEntry:
    """One public change to a curated comparison: a price, the verdict or a score."""

    changed_at: dt.datetime
    kind: str  # "price", "verdict" or "benchmark"
    subject: str  # "GPT-4o on OpenAI (gpt-4o)", "Editors' verdict", "GPT-4o on MMLU"
    description: str  # "input price $10 → $5", "rewritten", "score 85.2 → 86.4"

    @property
    def changed_on(self) -> dt.date:
        return timezone.localdate(self.changed_at)


def _published_at(records: list[dict]) -> dt.datetime | None:
    """Return when the first of ``records`` (oldest first) with status published was written."""
    for record in records:
        if record["status"] == PublicationStatus.PUBLISHED:
            return record["history_date"]
    return None


def _verdict_entries(records: list[dict], since: dt.datetime) -> list[ChangelogEntry]:
    entries = []
    for previous, record in zip(records, records[1:], strict=False):
        old, new = previous["verdict_override"], record["verdict_override"]
        if old == new or record["history_date"] <= since:
            continue
        if not old:
            description = "written by the editors"
        elif not new:
            description = "withdrawn; the computed verdict is shown"
        else:
            description = "rewritten"
        entries.append(
            ChangelogEntry(
                record["history_date"], "verdict", "Editors' verdict", description
            )
        )
    return entries


def _result_entries(model_ids: list[int], since: dt.datetime) -> list[ChangelogEntry]:
    records = (
        BenchmarkResult.history.filter(model_id__in=model_ids)
        .order_by("id", "history_date", "history_id")
        .values(
            "id",
            "model__name",
            "benchmark__name",
            "benchmark__unit",
            "score",
            "history_type",
            "history_date",
        )
    )
    entries = []
    previous = None
    for record in records:
        same_row = previous is not None and previous["id"] == record["id"]
        unit = record["benchmark__unit"] or "percent"
        score = format_score(record["score"], unit)
        description = None
        if record["history_type"] == "+":
            description = f"new result: score {score}"
        elif record["history_type"] == "-":
            description = "result withdrawn"
        elif same_row and previous["score"] != record["score"]:
            description = f"score {format_score(previous['score'], unit)} → {score}"
        if description and record["history_date"] > since:
            entries.append(
                ChangelogEntry(
                    record["history_date"],
                    "benchmark",
                    f"{record['model__name']} on {record['benchmark__name']}",
                    description,
                )
            )
        previous = record
    return entries


def comparison_changelog(
    *, comparison: Comparison, price_changes: list[PriceChange] | None = None
) -> list[ChangelogEntry]:
    """
    Return what changed on a curated comparison since it was first
    published, newest first: prices on its models' routes, the editors'
    verdict override and benchmark results. Empty while it was never
    published. Three queries, or two when given the models' ``price_changes``
    (``route_price_changes()``), which the page has already read.
    """
    records = list(
        Comparison.history.filter(id=comparison.pk)
        .order_by("history_date", "history_id")
        .values("status", "verdict_override", "history_date")
    )
    published_at = _published_at(records)
    if published_at is None:
        return []
    model_ids = [comparison.model_a_id, comparison.model_b_id]
    entries = [
        ChangelogEntry(
            change.changed_at,
            "price",
            f"{change.model} on {change.provider} ({change.identifier})",
            f"{change.label} {change.old_text} → {change.new_text}",
        )
        for change in (
            route_price_changes(model_ids=model_ids, since=published_at)
            if price_changes is None
            else [c for c in price_changes if c.changed_at > published_at]
        )
    ]
    entries += _verdict_entries(records, published_at)
    entries += _result_entries(model_ids, published_at)
    entries.sort(key=lambda entry: entry.changed_at, reverse=True)
    return entries
