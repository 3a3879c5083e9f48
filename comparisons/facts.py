"""
The only glue between the ORM and the engine: turn catalog rows into the
engine's frozen input dataclasses with a fixed number of queries, whatever
the catalog's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Min, Q

from catalog.models import (
    BenchmarkResult,
    LanguageModel,
    PublicationStatus,
    Route,
    Source,
)
from catalog.selectors import cheapest_blended_price, model_list_detailed
from comparisons import engine
from comparisons.models import Comparison


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


def model_facts(model: LanguageModel) -> engine.ModelFacts:
    """Return ModelFacts for a model fetched with ``model_list_detailed()``."""
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
        capabilities=tuple(
            engine.CapabilityFacts(
                key=c.capability, value=engine.Tri(c.value), source=source_ref(c.source)
            )
            for c in model.capabilities.all()
        ),
        decision_tags=tuple(tag.name for tag in model.decision_tags.all()),
        routes=tuple(
            _route_facts(r, model.organization_id) for r in model.routes.all()
        ),
        results=tuple(_result_facts(r) for r in model.benchmark_results.all()),
        sources=tuple(source_ref(s) for s in model.sources.all()),
        last_reviewed=model.last_reviewed,
        status=model.status,
    )


def _load_models(
    slugs: Sequence[str], *, include_drafts: bool
) -> dict[str, tuple[int, engine.ModelFacts]]:
    queryset = model_list_detailed(include_drafts=include_drafts).filter(slug__in=slugs)
    return {model.slug: (model.pk, model_facts(model)) for model in queryset}


def load_model_facts(
    slugs: Sequence[str], *, include_drafts: bool = False
) -> dict[str, engine.ModelFacts]:
    """Return ModelFacts by slug for the models that exist (and are visible)."""
    return {
        slug: facts
        for slug, (_, facts) in _load_models(
            slugs, include_drafts=include_drafts
        ).items()
    }


def load_peer_facts(
    *, exclude: Iterable[str], benchmark_slugs: Iterable[str]
) -> tuple[engine.PeerFacts, ...]:
    """
    Return light facts of every other published model, for related comparisons.

    Two queries: the models with their cheapest sourced prices, then their
    primary scores on the given benchmarks only (the ones the pair has).
    """
    excluded = set(exclude)
    wanted = set(benchmark_slugs)
    rows = (
        LanguageModel.objects.published()
        .exclude(slug__in=excluded)
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
        )
        .order_by("slug")
    )
    rows = list(rows)
    scores: dict[int, list[tuple[str, object]]] = defaultdict(list)
    if wanted:
        for model_id, benchmark_slug, score in BenchmarkResult.objects.filter(
            is_primary=True,
            benchmark__slug__in=wanted,
            model__status=PublicationStatus.PUBLISHED,
        ).values_list("model_id", "benchmark__slug", "score"):
            scores[model_id].append((benchmark_slug, score))
    return tuple(
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
            benchmark_scores=tuple(sorted(scores.get(row["id"], ()))),
        )
        for row in rows
    )


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
    loaded = _load_models([slug_a, slug_b], include_drafts=include_drafts)
    if slug_a not in loaded or slug_b not in loaded or slug_a == slug_b:
        return None
    (id_a, a), (id_b, b) = loaded[slug_a], loaded[slug_b]
    curated_rows = Comparison.objects.select_related("model_a", "model_b").filter(
        Q(model_a__slug__in=(slug_a, slug_b)) | Q(model_b__slug__in=(slug_a, slug_b))
    )
    if not include_drafts:
        curated_rows = curated_rows.published()
    curated_row = None
    curated_pairs = []
    for row in curated_rows:
        pair = (row.model_a.slug, row.model_b.slug)
        if pair == (slug_a, slug_b):
            curated_row = row
        elif all(
            status == PublicationStatus.PUBLISHED
            for status in (row.status, row.model_a.status, row.model_b.status)
        ):
            curated_pairs.append(pair)
    peers = load_peer_facts(
        exclude=(slug_a, slug_b),
        benchmark_slugs={
            r.benchmark_slug for r in (*a.results, *b.results) if r.is_primary
        },
    )
    comparison = engine.compute_comparison(
        a,
        b,
        profile=profile,
        priorities=priorities,
        today=today,
        peers=peers,
        curated=curated_layer(curated_row) if curated_row else None,
        curated_pairs=tuple(sorted(curated_pairs)),
    )
    return ComputedPair(comparison, (id_a, id_b), curated_row)


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
