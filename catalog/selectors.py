"""
Reads for the public pages. Each selector returns a queryset with its joins
and prefetches already applied, so a page runs a fixed number of queries
whatever the size of the catalog.
"""

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateTimeField,
    DecimalField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    Field,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from catalog.formatting import format_price
from changes.models import PendingChange

from .models import (
    Benchmark,
    BenchmarkResult,
    LanguageModel,
    Lifecycle,
    ModelCapability,
    Organization,
    Provider,
    PublicationStatus,
    Route,
    Source,
    TriState,
)
from .services import EDITORIAL_CHANGE_REASONS

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
# A free tier: both prices 0, and not a plan's (included in a subscription).
FREE_ROUTE = Q(routes__input_price=0, routes__output_price=0) & ~Q(
    routes__provider__kind=Provider.Kind.PLAN
)
PAID_ROUTE = (
    Q(routes__input_price__gt=0)
    | Q(routes__output_price__gt=0)
    | Q(routes__input_price__isnull=True)
    | Q(routes__output_price__isnull=True)
)


# A model's own pay-as-you-go API (trust.md, section 1), for the lists'
# reference price: its organization's first-party route, live, both prices
# sourced.
LIST_PRICE_ROUTE = (
    Route.objects.filter(
        model=OuterRef("pk"),
        provider__kind=Provider.Kind.FIRST_PARTY,
        provider__organization=OuterRef("organization"),
        input_price__isnull=False,
        output_price__isnull=False,
    )
    .exclude(lifecycle_status__in=[Lifecycle.DEPRECATED, Lifecycle.RETIRED])
    .order_by("input_price", "output_price", "pk")
)


def _not_far_below(field: str) -> Q:
    # Not under a third of the list price (price x 3 >= list, no division).
    return (
        Q(**{f"list_{field}__isnull": True})
        | Q(**{f"routes__{field}_price__isnull": True})
        | Q(**{f"list_{field}__lte": F(f"routes__{field}_price") * 3})
    )


# The routes a list's "cheapest" price comes from, as the comparison pages'
# cheapest trusted route (trust.md, section 2): paid, live, not a plan, and
# not priced under a third of the model's own API. (A model without its own
# API is not checked against the median of its routes here, as the
# comparison pages do.)
TRUSTED_ROUTE = (
    PAID_ROUTE
    & ~Q(routes__lifecycle_status__in=[Lifecycle.DEPRECATED, Lifecycle.RETIRED])
    & ~Q(routes__provider__kind=Provider.Kind.PLAN)
    & _not_far_below("input")
    & _not_far_below("output")
)


def with_listing_figures(queryset: QuerySet[LanguageModel]) -> QuerySet:
    """
    Annotate models with the lists' figures: ``cheapest_input`` and
    ``cheapest_output`` (of TRUSTED_ROUTE), ``route_count`` and
    ``free_route_count``.
    """
    return (
        queryset.select_related("organization")
        .annotate(
            list_input=Subquery(LIST_PRICE_ROUTE.values("input_price")[:1]),
            list_output=Subquery(LIST_PRICE_ROUTE.values("output_price")[:1]),
        )
        .annotate(
            cheapest_input=Min("routes__input_price", filter=TRUSTED_ROUTE),
            cheapest_output=Min("routes__output_price", filter=TRUSTED_ROUTE),
            route_count=Count("routes", distinct=True),
            free_route_count=Count("routes", filter=FREE_ROUTE, distinct=True),
        )
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
    kind: str | None = None,
    organization: str | None = None,
    open_weights: str | None = None,
    capability: str | None = None,
    min_context: int | None = None,
    max_input_price: Decimal | None = None,
    q: str | None = None,
    sort: str = "name",
    updated_since: dt.datetime | None = None,
) -> QuerySet[LanguageModel]:
    """
    Return published models for the listing, filtered and sorted, each with
    ``cheapest_input`` and ``cheapest_output`` (per 1M tokens, the lowest
    among its routes, free tiers left out), ``route_count`` and
    ``free_route_count``, and ``updated_at`` (``model_updated_at()``).
    ``kind`` None is every kind; ``updated_since`` keeps the models changed
    after it.
    """
    queryset = LanguageModel.objects.published()
    if kind:
        queryset = queryset.filter(kind=kind)
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
    queryset = queryset.annotate(updated_at=model_updated_at())
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gt=updated_since)
    queryset = with_listing_figures(queryset)
    if max_input_price is not None:
        queryset = queryset.filter(cheapest_input__lte=max_input_price)
    return queryset.order_by(*MODEL_SORTS.get(sort, MODEL_SORTS["name"]))


def held_fields() -> Subquery:
    """
    Return a subquery of the outer model's fields whose figure failed a
    consistency check and waits for a Publisher, comma-separated (or NULL).
    """
    rows = (
        PendingChange.objects.pending()
        .filter(
            kind=PendingChange.Kind.CHECK,
            content_type__app_label="catalog",
            content_type__model="languagemodel",
            object_id=OuterRef("pk"),
        )
        .order_by()
        .values("object_id")
        .annotate(names=StringAgg("fields", Value(",")))
        .values("names")
    )
    return Subquery(rows)


def model_list_detailed(*, include_drafts: bool = False) -> QuerySet[LanguageModel]:
    """
    Return models with everything their page shows but their benchmark
    results (``benchmark_result_list_shown()``, which adds their variants'):
    specs' sources, capabilities, routes with providers, and tags.
    """
    queryset = LanguageModel.objects.annotate(
        held_fields=held_fields(), updated_at=model_updated_at()
    )
    if not include_drafts:
        queryset = queryset.published()
    return queryset.select_related(
        "organization", "lifecycle_source", "variant_of"
    ).prefetch_related(
        "sources",
        "decision_tags",
        Prefetch(
            "capabilities",
            queryset=ModelCapability.objects.select_related("source"),
        ),
        Prefetch("routes", queryset=_routes_shown()),
    )


def _routes_shown() -> QuerySet[Route]:
    """Return routes as a model's page and the API show them, with ``updated_at``."""
    return (
        Route.objects.select_related("provider", "source")
        .annotate(updated_at=route_updated_at())
        .order_by("provider__name", "identifier", "region")
    )


# What ``?include=`` may embed in each item of the model list.
MODEL_INCLUDES = ("routes", "capabilities")


def model_list_including(
    queryset: QuerySet[LanguageModel], include: Iterable[str]
) -> QuerySet[LanguageModel]:
    """
    Return ``queryset`` with what ``include`` (of ``MODEL_INCLUDES``) names
    prefetched into ``included_routes`` and ``included_capabilities``: one
    query each, whatever the number of models.
    """
    prefetches = []
    if "routes" in include:
        prefetches.append(
            Prefetch("routes", queryset=_routes_shown(), to_attr="included_routes")
        )
    if "capabilities" in include:
        prefetches.append(
            Prefetch(
                "capabilities",
                queryset=ModelCapability.objects.select_related("source"),
                to_attr="included_capabilities",
            )
        )
    return queryset.prefetch_related(*prefetches)


def pick_variant_results[R](
    rows: Sequence[R],
    *,
    owner: Hashable,
    measured_on: Callable[[R], Hashable],
    benchmark: Callable[[R], Hashable],
    newness: Callable[[R], tuple],
) -> list[R]:
    """
    Return, in their order, the results a model's pages show among ``rows``
    (its own and its variants'): its own, and on each benchmark it has none
    on, those of its newest variant that has one (``newness``: the
    variant's release date, then its name).

    ``owner`` is the model, ``measured_on(row)`` the model a row was
    measured on, ``benchmark(row)`` the benchmark it scores.
    """
    own = {benchmark(row) for row in rows if measured_on(row) == owner}
    newest: dict[Hashable, tuple[tuple, Hashable]] = {}
    for row in rows:
        scored = benchmark(row)
        if measured_on(row) == owner or scored in own:
            continue
        if scored not in newest or newness(row) > newest[scored][0]:
            newest[scored] = (newness(row), measured_on(row))
    return [
        row
        for row in rows
        if measured_on(row) == owner
        or (benchmark(row) in newest and newest[benchmark(row)][1] == measured_on(row))
    ]


def variant_newness(release_date: dt.date | None, name: str) -> tuple:
    """Return the key that orders variants oldest to newest: release date, then name."""
    return (release_date or dt.date.min, name)


def benchmark_result_list_shown(
    *, model: LanguageModel, include_drafts: bool = False
) -> list[BenchmarkResult]:
    """
    Return the benchmark results ``model``'s page shows, in one query, by
    benchmark name: its own, and its (published) variants' on the
    benchmarks it has no result of its own on (``pick_variant_results``).
    Each carries ``variant``: the variant it was measured on, or None.
    """
    variants = LanguageModel.objects.filter(variant_of=model)
    if not include_drafts:
        variants = variants.published()
    rows = list(
        BenchmarkResult.objects.filter(
            Q(model=model) | Q(model_id__in=variants.values("pk"))
        )
        .select_related("benchmark", "source", "model")
        .annotate(updated_at=result_updated_at())
        .order_by("benchmark__name", "-is_primary", "-score", "pk")
    )
    shown = pick_variant_results(
        rows,
        owner=model.pk,
        measured_on=lambda row: row.model_id,
        benchmark=lambda row: row.benchmark_id,
        newness=lambda row: variant_newness(row.model.release_date, row.model.name),
    )
    for result in shown:
        result.variant = None if result.model_id == model.pk else result.model
    return shown


def model_list_choices(*, kind: str = LanguageModel.Kind.LANGUAGE) -> QuerySet:
    """
    Return ``(slug, name, organization name)`` rows of published models of
    one kind (language models by default), newest first, for the pickers'
    suggestions.
    """
    return (
        LanguageModel.objects.published()
        .filter(kind=kind)
        .order_by(F("release_date").desc(nulls_last=True), "name")
        .values_list("slug", "name", "organization__name")
    )


def model_list_for_home(*, kind: str = LanguageModel.Kind.LANGUAGE) -> QuerySet:
    """
    Return every published model of one kind (language models by default),
    newest first, with its organization joined, its dearest sourced output
    price as ``top_output_price`` (None: no priced route) and its number of
    routes as ``route_count``: what the home page's pickers, newest models
    and computed pairs are read from, in one query.
    """
    return (
        LanguageModel.objects.published()
        .filter(kind=kind)
        .select_related("organization")
        .annotate(
            top_output_price=Max("routes__output_price"),
            route_count=Count("routes"),
        )
        .order_by(F("release_date").desc(nulls_last=True), "name")
    )


def model_resolve(
    *, values: Sequence[str], kind: str = LanguageModel.Kind.LANGUAGE
) -> dict[str, str]:
    """
    Return, for each of ``values`` that names a published model of one kind
    by its slug or else by its name (any case; the newest when several
    models share it), that model's slug, in one query.
    """
    wanted = [value.strip() for value in values if value.strip()]
    if not wanted:
        return {}
    match = Q(slug__in=wanted)
    for value in wanted:
        match |= Q(name__iexact=value)
    rows = (
        LanguageModel.objects.published()
        .filter(kind=kind)
        .filter(match)
        .order_by(F("release_date").desc(nulls_last=True), "name")
        .values_list("slug", "name")
    )
    by_slug, by_name = {}, {}
    for slug, name in rows:
        by_slug[slug] = slug
        by_name.setdefault(name.casefold(), slug)
    return {
        value: by_slug.get(value.strip()) or by_name[value.strip().casefold()]
        for value in values
        if value.strip() in by_slug or value.strip().casefold() in by_name
    }


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
    Return up to ``limit`` published models from the same organization and
    of the same kind (a page links to its comparison with each), the same
    family first, then the newest.
    """
    ordering = [F("release_date").desc(nulls_last=True), "name"]
    if model.family:
        ordering.insert(0, Case(When(family=model.family, then=0), default=1))
    return (
        LanguageModel.objects.published()
        .filter(organization_id=model.organization_id, kind=model.kind)
        .exclude(pk=model.pk)
        .select_related("organization")
        .order_by(*ordering)[:limit]
    )


def _name_or_slug_contains(queryset: QuerySet, query: str, limit: int) -> QuerySet:
    return queryset.filter(
        Q(name__icontains=query) | Q(slug__icontains=query)
    ).order_by("name")[:limit]


def model_search(*, query: str, limit: int) -> QuerySet[LanguageModel]:
    """
    Return published models of every kind matching ``query``, most relevant
    first: the exact name, then names starting with it, then names or slugs
    containing it, then models of a matching organization or family; newest
    first among equals. Each has the listing figures (cheapest paid prices,
    route counts) of the model list.
    """
    relevance = Case(
        When(name__iexact=query, then=Value(0)),
        When(name__istartswith=query, then=Value(1)),
        When(Q(name__icontains=query) | Q(slug__icontains=query), then=Value(2)),
        default=Value(3),
    )
    return (
        with_listing_figures(LanguageModel.objects.published())
        .filter(
            Q(name__icontains=query)
            | Q(slug__icontains=query)
            | Q(organization__name__icontains=query)
            | Q(family__icontains=query)
        )
        .annotate(relevance=relevance)
        .order_by("relevance", F("release_date").desc(nulls_last=True), "name")[:limit]
    )


def _changed_since(queryset: QuerySet, since: dt.datetime | None) -> QuerySet:
    return queryset if since is None else queryset.filter(updated_at__gt=since)


def organization_list(*, updated_since: dt.datetime | None = None) -> QuerySet:
    """Return organizations with ``model_count``, their published models, and ``updated_at``."""
    queryset = Organization.objects.annotate(updated_at=organization_updated_at())
    return (
        _changed_since(queryset, updated_since)
        .annotate(
            model_count=Count(
                "models", filter=Q(models__status=PublicationStatus.PUBLISHED)
            )
        )
        .order_by("name")
    )


def organization_list_detailed() -> QuerySet[Organization]:
    """Return organizations with their published models (listing figures) and APIs."""
    return Organization.objects.prefetch_related(
        Prefetch(
            "models",
            queryset=with_listing_figures(LanguageModel.objects.published()).order_by(
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


def provider_list(*, updated_since: dt.datetime | None = None) -> QuerySet[Provider]:
    """
    Return providers with ``route_count`` and ``model_count``, counting
    routes to published models only, and ``updated_at``.
    """
    queryset = Provider.objects.annotate(updated_at=provider_updated_at())
    return (
        _changed_since(queryset, updated_since)
        .select_related("organization")
        .annotate(
            route_count=Count("routes", filter=PUBLISHED_ROUTE),
            model_count=Count("routes__model", filter=PUBLISHED_ROUTE, distinct=True),
        )
        .order_by("name")
    )


def provider_list_detailed() -> QuerySet[Provider]:
    """Return providers with their routes to published models."""
    return (
        Provider.objects.annotate(updated_at=provider_updated_at())
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "routes",
                queryset=Route.objects.filter(model__status=PublicationStatus.PUBLISHED)
                .select_related("model__organization", "source")
                .annotate(updated_at=route_updated_at())
                .order_by("model__name", "identifier", "region"),
                to_attr="published_routes",
            )
        )
    )


def provider_search(*, query: str, limit: int) -> QuerySet[Provider]:
    """Return providers whose name or slug contains ``query``."""
    return _name_or_slug_contains(Provider.objects.all(), query, limit)


PUBLISHED_PRIMARY_RESULT = Q(
    results__is_primary=True, results__model__status=PublicationStatus.PUBLISHED
)


def benchmark_list(*, updated_since: dt.datetime | None = None) -> QuerySet[Benchmark]:
    """
    Return benchmarks with ``result_count``, primary results of published
    models, and ``updated_at``.
    """
    queryset = Benchmark.objects.annotate(updated_at=benchmark_updated_at())
    return (
        _changed_since(queryset, updated_since)
        .annotate(result_count=Count("results", filter=PUBLISHED_PRIMARY_RESULT))
        .order_by("name")
    )


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
        .annotate(
            blended_price=cheapest_blended_price(model_ref="model_id"),
            updated_at=result_updated_at(),
        )
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


# The history records of routes and benchmark results, in one shape, so that
# a page can read them with other tables' in one UNION ALL
# (comparisons.selectors.pair_history). Every record carries its table's
# name, its row's id, its history type, date and id, and these columns: the
# ones its table has, and NULL cast to the column's type elsewhere, so
# PostgreSQL can type each column of the UNION whatever the order of its parts.
HISTORY_COLUMNS: dict[str, Field] = {
    "route_model_id": BigIntegerField(),
    "model_name": TextField(),
    "provider_name": TextField(),
    "route_identifier": TextField(),
    "route_region": TextField(),
    **{f"route_{field}": Route._meta.get_field(field) for field in PRICE_LABELS},
    "benchmark_name": TextField(),
    "benchmark_unit": TextField(),
    "result_score": BenchmarkResult._meta.get_field("score"),
}


def history_records(
    history: QuerySet,
    *,
    table: str,
    shape: dict[str, Field] | None = None,
    **columns: Expression,
) -> QuerySet:
    """
    Return ``history``'s records with ``columns``, and with NULL for each
    other column of ``shape`` (the UNION's columns; None for a query of one
    table, which compiles faster without them).
    """
    if shape is not None and (unknown := columns.keys() - shape.keys()):
        raise ValueError(f"Not history columns: {sorted(unknown)}")
    return history.order_by().values(
        table=Value(table, output_field=TextField()),
        row_id=F("id"),
        change_type=F("history_type"),
        changed_at=F("history_date"),
        change_id=F("history_id"),
        **{
            name: columns.get(name, Cast(Value(None), output_field=field))
            for name, field in (shape or columns).items()
        },
    )


def route_history_records(
    model_ids: Iterable[int], *, shape: dict[str, Field] | None = None
) -> QuerySet:
    """
    Return the history records of the routes of the models ``model_ids``,
    but those a Publisher marked as a typo (``PriceCorrection``): the price
    history then goes from the price before the typo to its fix.
    """
    return history_records(
        Route.history.filter(model_id__in=list(model_ids), correction__isnull=True),
        table="route",
        shape=shape,
        route_model_id=F("model_id"),
        model_name=F("model__name"),
        provider_name=F("provider__name"),
        route_identifier=F("identifier"),
        route_region=F("region"),
        **{f"route_{field}": F(field) for field in PRICE_LABELS},
    )


def result_history_records(
    model_ids: Iterable[int], *, shape: dict[str, Field]
) -> QuerySet:
    """Return the history records of the benchmark results of the models ``model_ids``."""
    return history_records(
        BenchmarkResult.history.filter(model_id__in=list(model_ids)),
        table="result",
        shape=shape,
        model_name=F("model__name"),
        benchmark_name=F("benchmark__name"),
        benchmark_unit=F("benchmark__unit"),
        result_score=F("score"),
    )


def records_by_table(records: QuerySet, shape: dict[str, Field]) -> dict[str, list]:
    """
    Return ``records``, each row's oldest first (so each can be diffed with
    the one before), grouped by table, with every decimal at its field's
    scale: SQLite gives a decimal at its scale only when the UNION's first
    part reads the column itself (Django quantizes a column it reads, not
    an expression).
    """
    exponents = {
        name: Decimal(1).scaleb(-field.decimal_places)
        for name, field in shape.items()
        if isinstance(field, DecimalField)
    }
    by_table: dict[str, list] = {}
    for record in records.order_by("table", "row_id", "changed_at", "change_id"):
        for name, exponent in exponents.items():
            if record.get(name) is not None:
                record[name] = record[name].quantize(exponent)
        by_table.setdefault(record["table"], []).append(record)
    return by_table


def price_changes_from(records: list[dict]) -> list[PriceChange]:
    """
    Return the price changes between consecutive history records of each
    route, newest first, so routes deleted since keep their past changes.
    """
    changes = []
    previous = None
    for record in records:
        if (
            previous is not None
            and previous["row_id"] == record["row_id"]
            and record["change_type"] == "~"
        ):
            changes += [
                PriceChange(
                    route_id=record["row_id"],
                    model_id=record["route_model_id"],
                    model=record["model_name"] or "",
                    provider=record["provider_name"] or "",
                    identifier=record["route_identifier"],
                    region=record["route_region"],
                    field=field,
                    label=label,
                    old=previous[f"route_{field}"],
                    new=record[f"route_{field}"],
                    changed_at=record["changed_at"],
                )
                for field, label in PRICE_LABELS.items()
                if previous[f"route_{field}"] != record[f"route_{field}"]
            ]
        previous = record
    return newest_first(changes)


def newest_first(changes: Iterable[PriceChange]) -> list[PriceChange]:
    """Return price changes newest first; changes at one moment by provider and identifier."""
    changes = sorted(changes, key=lambda change: (change.provider, change.identifier))
    changes.sort(key=lambda change: change.changed_at, reverse=True)
    return changes


def route_price_changes(
    *, model_ids: Iterable[int], since: dt.datetime | None = None
) -> list[PriceChange]:
    """
    Return every price change on the routes of the models ``model_ids``
    (after ``since``, if given), newest first, in one query.

    Each change compares a route's history record with the one before it,
    so routes deleted since keep their past changes.
    """
    records = records_by_table(route_history_records(model_ids), HISTORY_COLUMNS)
    changes = price_changes_from(records.get("route", []))
    if since is None:
        return changes
    return [change for change in changes if change.changed_at > since]


def price_changes_by_model(model_ids: Iterable[int]) -> dict[int, list[PriceChange]]:
    """
    Return ``route_price_changes()`` of each of the models ``model_ids`` (an
    empty list for a model without any), in one query.
    """
    by_model = {model_id: [] for model_id in model_ids}
    for change in route_price_changes(model_ids=by_model):
        by_model[change.model_id].append(change)
    return by_model


# Changes ------------------------------------------------------------------------
#
# When rows last changed, read from their django-simple-history tables with
# correlated subqueries; editorial acts (marking reviewed, publishing) are
# not changes.

# Stands for "no change on record", so Greatest() never meets a NULL (SQLite's
# MAX() of several values returns NULL as soon as one of them is NULL).
NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def latest_change(
    model, *, field: str = "id", ref: str = "pk", editorial: bool = False
) -> Coalesce:
    """
    Return the latest ``history_date`` of ``model``'s history rows whose
    ``field`` is the outer row's ``ref``, editorial acts left out unless
    ``editorial``; ``NEVER`` when there is none.
    """
    rows = model.history.model.objects.filter(**{field: OuterRef(ref)})
    if not editorial:
        rows = rows.exclude(history_change_reason__in=EDITORIAL_CHANGE_REASONS)
    rows = (
        rows.order_by()
        .values(field)
        .annotate(latest=Max("history_date"))
        .values("latest")
    )
    return Coalesce(
        Subquery(rows, output_field=DateTimeField()),
        Value(NEVER, output_field=DateTimeField()),
    )


def model_data_changed_at(ref: str = "pk") -> Greatest:
    """
    Return when the data of the model whose id is the outer row's ``ref``
    last changed: its own row, its routes, results or capabilities.
    """
    return Greatest(
        latest_change(LanguageModel, ref=ref),
        latest_change(Route, field="model_id", ref=ref),
        latest_change(BenchmarkResult, field="model_id", ref=ref),
        latest_change(ModelCapability, field="model_id", ref=ref),
    )


# When a record as the API serves it last changed (``updated_at``): any
# change to its row, editorial acts included (publishing, reviewing), or to
# the rows nested in it or that its listing counts. Read from the history
# tables with correlated subqueries, so a list runs the same queries at any
# size.


def _changed(model, field: str = "id", ref: str = "pk") -> Coalesce:
    return latest_change(model, field=field, ref=ref, editorial=True)


def model_updated_at() -> Greatest:
    """A model's own row, its routes, results and capabilities."""
    return Greatest(
        F("updated"),
        _changed(LanguageModel),
        _changed(Route, "model_id"),
        _changed(BenchmarkResult, "model_id"),
        _changed(ModelCapability, "model_id"),
    )


def route_updated_at() -> Greatest:
    """A route's own row, and its model's (publishing it brings the route)."""
    return Greatest(_changed(Route), _changed(LanguageModel, ref="model_id"))


def result_updated_at() -> Greatest:
    """A result's own row, and its model's (publishing it brings the result)."""
    return Greatest(_changed(BenchmarkResult), _changed(LanguageModel, ref="model_id"))


def provider_updated_at() -> Greatest:
    """A provider's own row and its routes."""
    return Greatest(_changed(Provider), _changed(Route, "provider_id"))


def organization_updated_at() -> Greatest:
    """An organization's own row and its models'."""
    return Greatest(_changed(Organization), _changed(LanguageModel, "organization_id"))


def benchmark_updated_at() -> Greatest:
    """A benchmark's own row and its results."""
    return Greatest(_changed(Benchmark), _changed(BenchmarkResult, "benchmark_id"))


def source_updated_at() -> Coalesce:
    """A source's own row."""
    return _changed(Source)


def is_public_record(obj) -> bool:
    """
    Whether a saved catalog or comparison record is on the public site: one
    with a status when published; a model's route, result or capability when
    its model is; every other kind (sources, organizations, providers,
    benchmarks, tags) always.
    """
    status = getattr(obj, "status", None)
    if status is not None:
        return status == PublicationStatus.PUBLISHED
    model = getattr(obj, "model", None)
    if isinstance(model, LanguageModel):
        return model.status == PublicationStatus.PUBLISHED
    return True
