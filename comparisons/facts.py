"""
The only glue between the ORM and the engine: turn catalog rows into the
engine's frozen input dataclasses with a fixed number of queries, whatever
the catalog's size.

``compute_pair()`` reads a pair in five queries:

1. The pair (``_pair_rows``): both models with their organization and
   lifecycle source joined, their decision tags folded into one column
   (StringAgg), and the editors' Comparison row for the pair as a JSON
   object (a subquery, on the first model's row only).
2. Their routes, provider and source joined (``_routes``).
3. Their benchmark results, benchmark and source joined (``_results``).
4. Their capabilities and their own cited sources, in one UNION of two
   ``values()`` querysets of the same shape (``_capabilities_and_sources``).
5. The peers (``load_peer_facts``): every other published model with its
   cheapest prices, its primary scores on the pair's benchmarks folded
   into one column (StringAgg), and whether a published curated comparison
   pairs it with either model (two Exists).

``load_model_facts()`` (the multi-model view, the cost API) reads through
``catalog.selectors.model_list_detailed``: one query and five prefetches.

Model querysets here forbid lazy loads (``FETCH_RAISE``): a relation read
that would cost a query per row raises instead of slowing a page down.

A computed pair is cached (Django's cache) under the catalog's generation
(``catalog.cache``), the pair and the reader's traffic and priorities, so
the page, its HEAD and the API share one computation until the catalog
changes. Drafts, which only staff see, are never cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    FETCH_RAISE,
    CharField,
    Exists,
    F,
    JSONField,
    Min,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat, JSONObject

from catalog.cache import build_id, generation
from catalog.models import (
    BenchmarkResult,
    DecisionTag,
    LanguageModel,
    ModelCapability,
    PublicationStatus,
    Route,
    Source,
)
from catalog.selectors import cheapest_blended_price, model_list_detailed
from comparisons import engine
from comparisons.models import Comparison

# Cannot occur in a tag name typed into a one-line field.
TAG_SEPARATOR = "\x1f"
# BenchmarkResult.score's places, so a score read as text equals the column's.
SCORE_PLACES = Decimal("0.001")
PAIR_CACHE_TIMEOUT = 60 * 60
SOURCE_FIELDS = (
    "key",
    "title",
    "url",
    "publisher",
    "license",
    "attribution",
    "retrieved_on",
)


def source_ref(source: Source | None) -> engine.SourceRef | None:
    """Return the engine's citation for a Source row (None stays None)."""
    if source is None:
        return None
    return engine.SourceRef(
        key=source.key,
        title=source.title,
        url=source.url,
        publisher=source.publisher,
        license=source.license,
        requires_attribution=bool(source.attribution),
        retrieved_on=source.retrieved_on,
        attribution=source.attribution,
    )


def _source_ref_from_values(row: dict) -> engine.SourceRef | None:
    """Return the citation in a ``values()`` row's ``source_*`` columns, or None."""
    if row["source_key"] is None:
        return None
    return source_ref(Source(**{name: row[f"source_{name}"] for name in SOURCE_FIELDS}))


def _route_facts(route: Route, organization_id: int) -> engine.RouteFacts:
    provider = route.provider
    return engine.RouteFacts(
        provider_slug=provider.slug,
        provider_name=provider.name,
        identifier=route.identifier,
        provider_kind=provider.kind,
        is_first_party=provider.organization_id == organization_id,
        region=route.region,
        input_price=route.input_price,
        output_price=route.output_price,
        cache_read_price=route.cache_read_price,
        cache_write_price=route.cache_write_price,
        batch_input_price=route.batch_input_price,
        batch_output_price=route.batch_output_price,
        long_context_threshold=route.long_context_threshold,
        long_context_input_price=route.long_context_input_price,
        long_context_output_price=route.long_context_output_price,
        output_tokens_per_second=route.output_tokens_per_second,
        time_to_first_token_ms=route.time_to_first_token_ms,
        lifecycle=route.lifecycle_status,
        source=source_ref(route.source),
        source_url=route.source_url,
        last_verified=route.last_verified,
    )


def _result_facts(result: BenchmarkResult) -> engine.BenchmarkResultFacts:
    benchmark = result.benchmark
    return engine.BenchmarkResultFacts(
        benchmark_slug=benchmark.slug,
        benchmark_name=benchmark.name,
        score=result.score,
        category=benchmark.category,
        unit=benchmark.unit,
        higher_is_better=benchmark.higher_is_better,
        provenance=result.provenance,
        method=result.method,
        date=result.measured_on,
        source=source_ref(result.source),
        source_url=result.source_url,
        is_primary=result.is_primary,
    )


def _model_facts(
    model: LanguageModel,
    *,
    capabilities: Iterable[engine.CapabilityFacts],
    decision_tags: Iterable[str],
    routes: Iterable[Route],
    results: Iterable[BenchmarkResult],
    sources: Iterable[engine.SourceRef | None],
) -> engine.ModelFacts:
    organization = model.organization
    return engine.ModelFacts(
        slug=model.slug,
        name=model.name,
        organization_slug=organization.slug,
        organization_name=organization.name,
        family=model.family,
        description=model.description,
        release_date=model.release_date,
        release_date_precision=model.release_date_precision,
        lifecycle_status=model.lifecycle_status,
        lifecycle_date=model.lifecycle_date,
        context_window=model.context_window,
        max_output_tokens=model.max_output_tokens,
        parameter_count=model.parameter_count,
        parameter_count_is_estimate=model.parameter_count_is_estimate,
        parameter_count_note=model.parameter_count_note,
        active_parameter_count=model.active_parameter_count,
        architecture=model.architecture,
        license_name=model.license_name,
        license_is_osi_approved=model.license_is_osi_approved,
        license_url=model.license_url,
        open_weights=engine.Tri(model.open_weights),
        commercial_use=model.commercial_use,
        knowledge_cutoff=model.knowledge_cutoff,
        input_modalities=tuple(model.input_modalities or ()),
        output_modalities=tuple(model.output_modalities or ()),
        capabilities=tuple(capabilities),
        decision_tags=tuple(decision_tags),
        routes=tuple(_route_facts(r, model.organization_id) for r in routes),
        results=tuple(_result_facts(r) for r in results),
        sources=tuple(sources),
        last_reviewed=model.last_reviewed,
        status=model.status,
    )


def model_facts(model: LanguageModel) -> engine.ModelFacts:
    """Return ModelFacts for a model fetched with ``model_list_detailed()``."""
    return _model_facts(
        model,
        capabilities=(
            engine.CapabilityFacts(
                key=c.capability, value=engine.Tri(c.value), source=source_ref(c.source)
            )
            for c in model.capabilities.all()
        ),
        decision_tags=(tag.name for tag in model.decision_tags.all()),
        routes=model.routes.all(),
        results=model.benchmark_results.all(),
        sources=(source_ref(s) for s in model.sources.all()),
    )


def load_model_facts(
    slugs: Sequence[str], *, include_drafts: bool = False
) -> dict[str, engine.ModelFacts]:
    """Return ModelFacts by slug for the models that exist (and are visible)."""
    queryset = (
        model_list_detailed(include_drafts=include_drafts)
        .filter(slug__in=slugs)
        .fetch_mode(FETCH_RAISE)
    )
    return {model.slug: model_facts(model) for model in queryset}


# A pair in five queries -----------------------------------------------------------


def _pair_rows(
    slug_a: str, slug_b: str, *, include_drafts: bool
) -> dict[str, LanguageModel]:
    """
    Return the two models by slug (query 1), each with ``tag_names`` and the
    first with ``curated``: the editors' row for the pair as a dict, or None.
    """
    tags = (
        DecisionTag.objects.filter(models=OuterRef("pk"))
        .order_by()
        .values("models")
        .annotate(names=StringAgg("name", Value(TAG_SEPARATOR)))
        .values("names")
    )
    curated = Comparison.objects.filter(model_a=OuterRef("pk"), model_b__slug=slug_b)
    if not include_drafts:
        curated = curated.filter(status=PublicationStatus.PUBLISHED)
    curated = curated.values(
        row=JSONObject(
            id="id",
            model_a_id="model_a_id",
            model_b_id="model_b_id",
            status="status",
            featured="featured",
            verdict_override="verdict_override",
            editor_notes="editor_notes",
            last_reviewed="last_reviewed",
        )
    )
    queryset = LanguageModel.objects.filter(slug__in=(slug_a, slug_b))
    if not include_drafts:
        queryset = queryset.published()
    queryset = (
        queryset.select_related("organization", "lifecycle_source")
        .annotate(
            tag_names=Subquery(tags),
            curated=Subquery(curated[:1], output_field=JSONField()),
        )
        .fetch_mode(FETCH_RAISE)
    )
    return {model.slug: model for model in queryset}


def _curated_row(data: dict | None) -> Comparison | None:
    """Return the editors' row read as JSON by ``_pair_rows``, or None."""
    if data is None:
        return None
    last_reviewed = data["last_reviewed"]
    return Comparison(
        **{
            **data,
            # JSON has neither dates nor, on SQLite, booleans.
            "featured": bool(data["featured"]),
            "last_reviewed": last_reviewed and dt.date.fromisoformat(last_reviewed),
        }
    )


def _by_model(queryset) -> dict[int, list]:
    """Return the queryset's rows grouped by model id, in the queryset's order."""
    grouped = defaultdict(list)
    for row in queryset.fetch_mode(FETCH_RAISE):
        grouped[row.model_id].append(row)
    return grouped


def _routes(model_ids: Sequence[int]) -> dict[int, list[Route]]:
    """Return the models' routes by model id (query 2), ordered as pages list them."""
    return _by_model(
        Route.objects.filter(model_id__in=model_ids)
        .select_related("provider", "source")
        .order_by("provider__name", "identifier", "region")
    )


def _results(model_ids: Sequence[int]) -> dict[int, list[BenchmarkResult]]:
    """Return the models' benchmark results by model id (query 3)."""
    return _by_model(
        BenchmarkResult.objects.filter(model_id__in=model_ids)
        .select_related("benchmark", "source")
        .order_by("benchmark__name", "-is_primary", "-score")
    )


def _capabilities_and_sources(
    model_ids: Sequence[int],
) -> tuple[dict[int, list[engine.CapabilityFacts]], dict[int, list[engine.SourceRef]]]:
    """
    Return the models' capabilities and their own cited sources by model id
    (query 4): a capability row with its source, and a source row with an
    empty capability, in one UNION.
    """
    source_columns = {f"source_{name}": F(f"source__{name}") for name in SOURCE_FIELDS}
    capabilities = (
        ModelCapability.objects.filter(model_id__in=model_ids)
        .order_by()
        .values(
            owner=F("model_id"),
            capability_key=F("capability"),
            capability_value=F("value"),
            **source_columns,
        )
    )
    through = LanguageModel.sources.through
    sources = (
        through.objects.filter(languagemodel_id__in=model_ids)
        .order_by()
        .values(
            owner=F("languagemodel_id"),
            capability_key=Value("", output_field=CharField()),
            capability_value=Value("", output_field=CharField()),
            **source_columns,
        )
    )
    capability_facts = defaultdict(list)
    cited = defaultdict(list)
    for row in capabilities.union(sources, all=True).order_by():
        if row["capability_key"]:
            capability_facts[row["owner"]].append(
                (
                    row["capability_key"],
                    engine.CapabilityFacts(
                        key=row["capability_key"],
                        value=engine.Tri(row["capability_value"]),
                        source=_source_ref_from_values(row),
                    ),
                )
            )
        else:
            cited[row["owner"]].append(_source_ref_from_values(row))
    # The orders the prefetching path gives: capability key, source title.
    return (
        {
            owner: [facts for _, facts in sorted(rows, key=lambda r: r[0])]
            for owner, rows in capability_facts.items()
        },
        {
            owner: sorted(refs, key=lambda ref: (ref.title, ref.key))
            for owner, refs in cited.items()
        },
    )


@dataclass(frozen=True)
class _LoadedPair:
    facts: dict[str, tuple[int, engine.ModelFacts]]  # by slug: (id, facts)
    curated: Comparison | None
    benchmarks: dict[int, str]  # slug by id, of the pair's primary results


def _load_pair(slug_a: str, slug_b: str, *, include_drafts: bool) -> _LoadedPair | None:
    """Return the pair's facts, curated row and benchmarks (queries 1-4), or None."""
    models = _pair_rows(slug_a, slug_b, include_drafts=include_drafts)
    if len(models) < 2:
        return None
    ids = [model.pk for model in models.values()]
    routes, results = _routes(ids), _results(ids)
    capabilities, sources = _capabilities_and_sources(ids)
    loaded = {
        slug: (
            model.pk,
            _model_facts(
                model,
                capabilities=capabilities.get(model.pk, ()),
                decision_tags=sorted(
                    model.tag_names.split(TAG_SEPARATOR) if model.tag_names else ()
                ),
                routes=routes.get(model.pk, ()),
                results=results.get(model.pk, ()),
                sources=sources.get(model.pk, ()),
            ),
        )
        for slug, model in models.items()
    }
    return _LoadedPair(
        facts=loaded,
        curated=_curated_row(models[slug_a].curated),
        benchmarks={
            result.benchmark_id: result.benchmark.slug
            for rows in results.values()
            for result in rows
            if result.is_primary
        },
    )


def _curated_with(model_id: int) -> Exists:
    """Return whether a published curated comparison pairs the outer model with ``model_id``."""
    return Exists(
        Comparison.objects.published().filter(
            Q(model_a=OuterRef("id"), model_b_id=model_id)
            | Q(model_a_id=model_id, model_b=OuterRef("id"))
        )
    )


def _peer_scores(text: str | None, slugs: dict[int, str]) -> tuple:
    """Return ``((benchmark slug, score), ...)`` from "benchmark id:score,..." text."""
    if not text:
        return ()
    scores = []
    for item in text.split(","):
        benchmark_id, score = item.split(":")
        # SQLite's text of a decimal drops trailing zeros; the column has three.
        scores.append((slugs[int(benchmark_id)], Decimal(score).quantize(SCORE_PLACES)))
    return tuple(sorted(scores))


def load_peer_facts(
    *,
    exclude: Iterable[str],
    benchmarks: dict[int, str] | None = None,
    curated_with: dict[str, int] | None = None,
) -> tuple[tuple[engine.PeerFacts, ...], list[tuple[str, str]]]:
    """
    Return light facts of every other published model, for related
    comparisons and the chart, in one query; and the curated pairs.

    ``benchmarks`` maps the ids of the benchmarks whose primary scores the
    peers carry to their slugs; ``curated_with`` maps slugs of the pair to
    ids, and the second value lists, in canonical order, the published
    curated comparisons of a peer with one of them.
    """
    benchmarks = benchmarks or {}
    curated_with = curated_with or {}
    scores = (
        BenchmarkResult.objects.filter(
            model=OuterRef("id"), is_primary=True, benchmark_id__in=list(benchmarks)
        )
        .order_by()
        .values("model")
        .annotate(
            text=StringAgg(
                Concat(
                    Cast("benchmark_id", CharField()),
                    Value(":"),
                    Cast("score", CharField()),
                ),
                Value(","),
            )
        )
        .values("text")
    )
    rows = (
        LanguageModel.objects.published()
        .exclude(slug__in=set(exclude))
        .values(
            "id",
            "slug",
            "name",
            "organization__slug",
            "organization__name",
            "parameter_count",
            "context_window",
        )
        .annotate(
            cheapest_input=Min(
                "routes__input_price", filter=Q(routes__input_price__gt=0)
            ),
            cheapest_output=Min(
                "routes__output_price", filter=Q(routes__output_price__gt=0)
            ),
            # The benchmark pages' rule, so a model sits at one price on every chart.
            cheapest_blended=cheapest_blended_price(model_ref="id"),
            scores=Subquery(scores) if benchmarks else Value(None, CharField()),
            **{
                f"curated_{index}": _curated_with(model_id)
                for index, model_id in enumerate(curated_with.values())
            },
        )
        .order_by("slug")
    )
    peers = []
    curated_pairs = []
    for row in rows:
        peers.append(
            engine.PeerFacts(
                slug=row["slug"],
                name=row["name"],
                organization_slug=row["organization__slug"],
                organization_name=row["organization__name"],
                parameter_count=row["parameter_count"],
                context_window=row["context_window"],
                cheapest_input_price=row["cheapest_input"],
                cheapest_output_price=row["cheapest_output"],
                cheapest_blended_price=row["cheapest_blended"],
                benchmark_scores=_peer_scores(row["scores"], benchmarks),
            )
        )
        for index, slug in enumerate(curated_with):
            if row[f"curated_{index}"]:
                curated_pairs.append(engine.canonical_pair(slug, row["slug"]))
    return tuple(peers), sorted(curated_pairs)


def curated_layer(comparison: Comparison) -> engine.CuratedLayer:
    return engine.CuratedLayer(
        verdict_override=comparison.verdict_override,
        editor_notes=comparison.editor_notes,
        last_reviewed=comparison.last_reviewed,
        featured=comparison.featured,
    )


@dataclass(frozen=True)
class ComputedPair:
    """The engine's result plus the rows a page needs around it."""

    comparison: engine.Comparison
    model_ids: tuple[int, int]
    curated: Comparison | None  # the editors' row for this pair, if any


def _pair_cache_key(slug_a, slug_b, profile, priorities, today) -> str:
    number, _ = generation()
    reader = repr((slug_a, slug_b, profile, priorities, today))
    digest = hashlib.sha256(reader.encode()).hexdigest()
    return f"pair:{build_id()}-{number}:{digest}"


def compute_pair(
    slug_a: str,
    slug_b: str,
    *,
    profile: engine.TrafficProfile,
    priorities: tuple[str, ...] = (),
    today: dt.date,
    include_drafts: bool = False,
) -> ComputedPair | None:
    """
    Return the comparison of two models in canonical order, or None when
    either model does not exist (or is a draft and drafts are hidden).

    The page and the JSON API both call this, so they render one result.
    """
    slug_a, slug_b = engine.canonical_pair(slug_a, slug_b)
    if slug_a == slug_b:
        return None
    key = None
    if not include_drafts:
        key = _pair_cache_key(slug_a, slug_b, profile, priorities, today)
        if (cached := cache.get(key)) is not None:
            return cached
    pair = _load_pair(slug_a, slug_b, include_drafts=include_drafts)
    if pair is None:
        return None
    (id_a, a), (id_b, b) = pair.facts[slug_a], pair.facts[slug_b]
    peers, curated_pairs = load_peer_facts(
        exclude=(slug_a, slug_b),
        benchmarks=pair.benchmarks,
        curated_with={
            facts.slug: model_id
            for model_id, facts in (pair.facts[slug_a], pair.facts[slug_b])
            if facts.status == PublicationStatus.PUBLISHED
        },
    )
    comparison = engine.compute_comparison(
        a,
        b,
        profile=profile,
        priorities=priorities,
        today=today,
        peers=peers,
        curated=curated_layer(pair.curated) if pair.curated else None,
        curated_pairs=tuple(curated_pairs),
    )
    computed = ComputedPair(comparison, (id_a, id_b), pair.curated)
    if key is not None:
        cache.set(key, computed, PAIR_CACHE_TIMEOUT)
    return computed


def build_comparison(
    slug_a: str,
    slug_b: str,
    *,
    profile: engine.TrafficProfile,
    priorities: tuple[str, ...] = (),
    today: dt.date,
    include_drafts: bool = False,
) -> engine.Comparison | None:
    """Return just the engine's comparison of ``compute_pair()``, or None."""
    pair = compute_pair(
        slug_a,
        slug_b,
        profile=profile,
        priorities=priorities,
        today=today,
        include_drafts=include_drafts,
    )
    return pair.comparison if pair else None
