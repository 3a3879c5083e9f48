"""
The only glue between the ORM and the engine: turn catalog rows into the
engine's frozen input dataclasses with a fixed number of queries, whatever
the catalog's size.

``load_model_facts()`` (the multi-model view, the cost API) reads models in
four queries, and ``compute_pair()`` a pair in the same four plus, once per
process and content generation, a fifth:

1. The models (``_model_rows``): with their organization joined and their
   decision tags folded into a column (StringAgg); for a curated pair (and
   for staff, who may see a draft's), also the editors' Comparison row as a
   JSON object (a subquery, on the first model's row only).
2. Their routes, provider and source joined (``_routes``).
3. Their benchmark results, benchmark and source joined, and their
   published variants' (``_results``): a model shows its newest variant's
   results on the benchmarks it has none of its own on, each marked with
   the variant it was measured on.
4. Their capabilities and their own cited sources, in one UNION of two
   ``values()`` querysets of the same shape (``_capabilities_and_sources``).
5. The peers (``load_peers``): every published model with its cheapest
   prices, its primary scores and the models its published curated
   comparisons pair it with, each folded into one column (StringAgg). A
   page shows the pair among them (the chart, "Continue comparing"); they
   are kept in the process (``peers``: the engine's ``PeerIndex`` and the
   curated pairs) until the content's generation moves, so a page reads
   only the peers it shows, and knows before reading a pair whether it is
   curated. A pair is shown among peers of its kind only.

Rows are read with ``values()`` and become the engine's dataclasses
directly, without model instances.

Published models' facts and price changes, and a curated pair's history,
are cached (Django's cache, shared by every worker) under the content's
generation (``sitecache.state.State.content_key``), so a page at new
traffic, or a new pair of models already shown, reads nothing but a
curated pair's editors' row. Drafts, which only staff see, are always read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import chain

from django.core.cache import cache
from django.db.models import (
    Case,
    CharField,
    F,
    JSONField,
    Min,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, JSONObject

from catalog.models import (
    BenchmarkResult,
    DecisionTag,
    LanguageModel,
    ModelCapability,
    PublicationStatus,
    Route,
    TriState,
)
from catalog.selectors import (
    cheapest_blended_price,
    held_fields,
    newest_first,
    pick_variant_results,
    price_changes_by_model,
    variant_newness,
)
from comparisons import engine
from comparisons.models import Comparison
from comparisons.selectors import PairHistory, pair_history
from sitecache.state import State, current_state

# Cannot occur in a tag name typed into a one-line field.
TAG_SEPARATOR = "\x1f"
# BenchmarkResult.score's places, so a score read as text equals the column's.
SCORE_PLACES = Decimal("0.001")
# The generation in the keys, not the timeout, is what makes an entry stale.
FACTS_TIMEOUT = 60 * 60
SOURCE_FIELDS = (
    "key",
    "title",
    "url",
    "publisher",
    "license",
    "attribution",
    "retrieved_on",
)


def _source_ref(row: dict) -> engine.SourceRef | None:
    """Return the citation in a row's ``citation_*`` columns, or None."""
    if row["citation_key"] is None:
        return None
    return engine.SourceRef(
        key=row["citation_key"],
        title=row["citation_title"],
        url=row["citation_url"],
        publisher=row["citation_publisher"],
        license=row["citation_license"],
        requires_attribution=bool(row["citation_attribution"]),
        retrieved_on=row["citation_retrieved_on"],
        attribution=row["citation_attribution"],
    )


def _citation_columns() -> dict[str, F]:
    """
    Return the ``values()`` columns of a row's source that ``_source_ref()``
    reads (named apart from a row's own ``source_url``).
    """
    return {f"citation_{name}": F(f"source__{name}") for name in SOURCE_FIELDS}


# The columns of a route that its facts copy as they are.
ROUTE_FIELDS = (
    "identifier",
    "region",
    "input_price",
    "output_price",
    "cache_read_price",
    "cache_write_price",
    "batch_input_price",
    "batch_output_price",
    "long_context_threshold",
    "long_context_input_price",
    "long_context_output_price",
    "output_tokens_per_second",
    "time_to_first_token_ms",
    "source_url",
    "last_verified",
    "last_reviewed",
    "retirement_date",
)


def _route_facts(row: dict, organization_id: int) -> engine.RouteFacts:
    return engine.RouteFacts(
        **{name: row[name] for name in ROUTE_FIELDS},
        provider_slug=row["provider_slug"],
        provider_name=row["provider_name"],
        provider_kind=row["provider_kind"],
        is_first_party=row["provider_organization_id"] == organization_id,
        lifecycle=row["lifecycle_status"],
        source=_source_ref(row),
    )


def _result_facts(row: dict, *, owner_id: int) -> engine.BenchmarkResultFacts:
    """Return a result of the model ``owner_id``, or of its variant, marked so."""
    variant = row["model_id"] != owner_id
    return engine.BenchmarkResultFacts(
        variant_slug=row["measured_slug"] if variant else "",
        variant_name=row["measured_name"] if variant else "",
        benchmark_slug=row["benchmark_slug"],
        benchmark_name=row["benchmark_name"],
        score=row["score"],
        category=row["benchmark_category"],
        unit=row["benchmark_unit"],
        higher_is_better=row["benchmark_higher_is_better"],
        provenance=row["provenance"],
        method=row["method"],
        comparable_group=row["comparable_group"],
        date=row["measured_on"],
        source=_source_ref(row),
        source_url=row["source_url"],
        is_primary=row["is_primary"],
    )


# The columns of a model's own row that its facts copy as they are.
MODEL_FIELDS = (
    "slug",
    "name",
    "family",
    "kind",
    "description",
    "release_date",
    "release_date_precision",
    "lifecycle_status",
    "lifecycle_date",
    "context_window",
    "max_output_tokens",
    "parameter_count",
    "parameter_count_is_estimate",
    "parameter_count_note",
    "active_parameter_count",
    "architecture",
    "license_name",
    "license_is_osi_approved",
    "license_url",
    "commercial_use",
    "knowledge_cutoff",
    "last_reviewed",
    "status",
)


def _model_facts(
    row: dict,
    *,
    capabilities: Iterable[engine.CapabilityFacts],
    decision_tags: Iterable[str],
    unverified: tuple[str, ...] = (),
    routes: Iterable[dict],
    results: Iterable[dict],
    sources: Iterable[engine.SourceRef | None],
) -> engine.ModelFacts:
    organization_id = row["organization_id"]
    return engine.ModelFacts(
        **{name: row[name] for name in MODEL_FIELDS},
        organization_slug=row["organization_slug"],
        organization_name=row["organization_name"],
        open_weights=engine.Tri(row["open_weights"]),
        input_modalities=tuple(row["input_modalities"] or ()),
        output_modalities=tuple(row["output_modalities"] or ()),
        capabilities=tuple(capabilities),
        decision_tags=tuple(decision_tags),
        unverified=unverified,
        routes=tuple(_route_facts(route, organization_id) for route in routes),
        results=tuple(_result_facts(result, owner_id=row["id"]) for result in results),
        sources=tuple(sources),
    )


# A pair in five queries -----------------------------------------------------------


def _curated_with() -> Subquery:
    """
    Return a subquery of the slugs of the other models the outer model's
    published curated comparisons pair it with, in one text.
    """
    slugs = (
        Comparison.objects.published()
        .filter(Q(model_a=OuterRef("pk")) | Q(model_b=OuterRef("pk")))
        .order_by()
        # One group: the aggregate runs over every comparison of the model.
        .values(group=Value(1))
        .annotate(
            slugs=StringAgg(
                Case(
                    When(model_a=OuterRef("pk"), then="model_b__slug"),
                    default="model_a__slug",
                ),
                Value(TAG_SEPARATOR),
            )
        )
        .values("slugs")
    )
    return Subquery(slugs)


def _model_rows(
    *, slugs: list[str], curated_pair: list[str] | None, include_drafts: bool
) -> list[dict]:
    """
    Return the models (query 1), each with ``tag_names``. Given a
    ``curated_pair`` of slugs, each model of it also carries ``curated``:
    the editors' row for the pair (``CURATED_FIELDS``) as a dict, or None.
    """
    tags = (
        DecisionTag.objects.filter(models=OuterRef("pk"))
        .order_by()
        .values("models")
        .annotate(names=StringAgg("name", Value(TAG_SEPARATOR)))
        .values("names")
    )
    annotations = {"tag_names": Subquery(tags), "held_fields": held_fields()}
    if curated_pair:
        # A model is never compared with itself: its comparison with either
        # slug of the pair is the pair's.
        curated = Comparison.objects.filter(
            Q(model_a=OuterRef("pk"), model_b__slug__in=curated_pair)
            | Q(model_b=OuterRef("pk"), model_a__slug__in=curated_pair)
        )
        if not include_drafts:
            curated = curated.filter(status=PublicationStatus.PUBLISHED)
        curated = curated.values(
            row=JSONObject(**{name: name for name in CURATED_FIELDS})
        )
        annotations["curated"] = Subquery(curated[:1], output_field=JSONField())
    queryset = LanguageModel.objects.filter(slug__in=slugs)
    if not include_drafts:
        queryset = queryset.published()
    return list(
        queryset.values(
            "id",
            "organization_id",
            *MODEL_FIELDS,
            "open_weights",
            "input_modalities",
            "output_modalities",
            organization_slug=F("organization__slug"),
            organization_name=F("organization__name"),
            **annotations,
        )
    )


# The fields of a curated comparison a comparison needs.
CURATED_FIELDS = (
    "id",
    "model_a_id",
    "model_b_id",
    "status",
    "featured",
    "verdict_override",
    "editor_notes",
    "last_reviewed",
)


def _curated_row(data: dict | None) -> Comparison | None:
    """Return the editors' row read as JSON by ``_model_rows``, or None."""
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


def _curated_comparison(model_a_id: int, model_b_id: int) -> Comparison | None:
    """Return the published editors' row of a pair of model ids in canonical order."""
    return (
        Comparison.objects.published()
        .filter(model_a_id=model_a_id, model_b_id=model_b_id)
        .only(*CURATED_FIELDS)
        .first()
    )


def _by_model(rows: list[dict]) -> dict[int, list[dict]]:
    """Return the rows grouped by their ``model_id``, in their order."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["model_id"]].append(row)
    return grouped


def _results_shown(rows: list[dict], model_ids: list[int]) -> dict[int, list[dict]]:
    """
    Return the result rows each of the models shows, in their order: its
    own, and its newest variant's on each benchmark it has none on
    (``catalog.selectors.pick_variant_results``, as on the model's page).
    """
    candidates = defaultdict(list)
    for row in rows:
        # A row may be a model's own and, the model being a variant of
        # another of them, that other's variant result too.
        for owner in {row["model_id"], row["variant_of_id"]} & set(model_ids):
            candidates[owner].append(row)
    return {
        owner: pick_variant_results(
            owned,
            owner=owner,
            measured_on=lambda row: row["model_id"],
            benchmark=lambda row: row["benchmark_slug"],
            newness=lambda row: variant_newness(
                row["measured_release_date"], row["measured_name"]
            ),
        )
        for owner, owned in candidates.items()
    }


def _routes(model_ids: list[int]) -> list[dict]:
    """Return the models' routes (query 2), ordered as pages list them."""
    return list(
        Route.objects.filter(model_id__in=model_ids)
        .order_by("provider__name", "identifier", "region")
        .values(
            "model_id",
            *ROUTE_FIELDS,
            "lifecycle_status",
            provider_slug=F("provider__slug"),
            provider_name=F("provider__name"),
            provider_kind=F("provider__kind"),
            provider_organization_id=F("provider__organization_id"),
            **_citation_columns(),
        )
    )


def _results(model_ids: list[int], *, include_drafts: bool) -> list[dict]:
    """
    Return the benchmark results of the models and of their variants
    (published ones, unless ``include_drafts``), each with the model it was
    measured on (query 3).
    """
    variants = LanguageModel.objects.filter(variant_of_id__in=model_ids)
    if not include_drafts:
        variants = variants.published()
    # Two IN lists (the second a subquery), so each can use the model_id index.
    return list(
        BenchmarkResult.objects.filter(
            Q(model_id__in=model_ids) | Q(model_id__in=variants.values("pk"))
        )
        .order_by("benchmark__name", "-is_primary", "-score", "pk")
        .values(
            "model_id",
            "score",
            "provenance",
            "method",
            "comparable_group",
            "measured_on",
            "source_url",
            "is_primary",
            variant_of_id=F("model__variant_of_id"),
            measured_slug=F("model__slug"),
            measured_name=F("model__name"),
            measured_release_date=F("model__release_date"),
            benchmark_slug=F("benchmark__slug"),
            benchmark_name=F("benchmark__name"),
            benchmark_category=F("benchmark__category"),
            benchmark_unit=F("benchmark__unit"),
            benchmark_higher_is_better=F("benchmark__higher_is_better"),
            **_citation_columns(),
        )
    )


def _capability_and_source_rows(model_ids: list[int]) -> list[dict]:
    """
    Return the models' capabilities and their own cited sources (query 4):
    a capability row with its source, and a source row with an empty
    capability, in one UNION.
    """
    capabilities = (
        ModelCapability.objects.filter(model_id__in=model_ids)
        .order_by()
        .values(
            owner=F("model_id"),
            capability_key=F("capability"),
            capability_value=F("value"),
            **_citation_columns(),
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
            **_citation_columns(),
        )
    )
    return list(capabilities.union(sources, all=True).order_by())


def _capabilities_and_sources(
    model_ids: list[int],
) -> tuple[dict[int, list[engine.CapabilityFacts]], dict[int, list[engine.SourceRef]]]:
    """Return the models' capabilities and their own cited sources by model id."""
    capability_facts = defaultdict(list)
    cited = defaultdict(list)
    for row in _capability_and_source_rows(model_ids):
        if row["capability_key"]:
            capability_facts[row["owner"]].append(
                (
                    row["capability_key"],
                    engine.CapabilityFacts(
                        key=row["capability_key"],
                        value=engine.Tri(row["capability_value"]),
                        source=_source_ref(row),
                    ),
                )
            )
        else:
            cited[row["owner"]].append(_source_ref(row))
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


def _split(text: str | None) -> list[str]:
    return sorted(text.split(TAG_SEPARATOR)) if text else []


@dataclass(frozen=True)
class _Loaded:
    """A model's facts and its database id."""

    model_id: int
    facts: engine.ModelFacts


def _load_models(
    slugs: Sequence[str],
    *,
    include_drafts: bool,
    curated_pair: tuple[str, str] | None = None,
) -> tuple[dict[str, _Loaded], Comparison | None]:
    """
    Return the models' facts by slug in four queries (1-4) and, given a
    ``curated_pair`` of slugs, the editors' row for that pair, or None.
    """
    models = _model_rows(
        slugs=list(slugs),
        curated_pair=list(curated_pair) if curated_pair else None,
        include_drafts=include_drafts,
    )
    if not models:
        return {}, None
    ids = [model["id"] for model in models]
    routes = _by_model(_routes(ids))
    results = _results_shown(_results(ids, include_drafts=include_drafts), ids)
    capabilities, sources = _capabilities_and_sources(ids)
    loaded = {
        model["slug"]: _Loaded(
            model["id"],
            _model_facts(
                model,
                capabilities=capabilities.get(model["id"], ()),
                decision_tags=_split(model["tag_names"]),
                unverified=tuple(
                    sorted(set(filter(None, (model["held_fields"] or "").split(","))))
                ),
                routes=routes.get(model["id"], ()),
                results=results.get(model["id"], ()),
                sources=sources.get(model["id"], ()),
            ),
        )
        for model in models
    }
    curated = None
    if curated_pair:
        curated = _curated_row(models[0]["curated"])
    return loaded, curated


def load_model_facts(
    slugs: Sequence[str], *, include_drafts: bool = False
) -> dict[str, engine.ModelFacts]:
    """Return ModelFacts by slug for the models that exist (and are visible)."""
    loaded, _ = _load_models(slugs, include_drafts=include_drafts)
    return {slug: found.facts for slug, found in loaded.items()}


def _load_pair(
    slug_a: str, slug_b: str, *, state: State, include_drafts: bool
) -> tuple[dict[str, _Loaded], Comparison | None]:
    """
    Return the pair's facts by slug and the editors' row for the pair, or
    None. Public facts are cached per model under the ``state``'s content,
    so that a pair of models already shown reads nothing but a curated
    pair's row, and a pair with one model already shown reads only the
    other; drafts, which only staff see, are always read, with the editors'
    row of the pair whatever its status.
    """
    pair = (slug_a, slug_b)
    # Whether the published pair is curated: known from the peers, so that
    # only a curated pair's queries read its editors' row.
    is_curated = slug_b in peers(state).curated_with.get(slug_a, ())
    keys = {slug: f"facts:{state.content_key}:{slug}" for slug in pair}
    found = {} if include_drafts else cache.get_many(keys.values())
    loaded = {slug: found[key] for slug, key in keys.items() if key in found}
    if missing := [slug for slug in pair if slug not in loaded]:
        read, curated = _load_models(
            missing,
            include_drafts=include_drafts,
            curated_pair=pair if include_drafts or is_curated else None,
        )
        if not include_drafts:
            cache.set_many(
                {keys[slug]: facts for slug, facts in read.items()}, FACTS_TIMEOUT
            )
        return loaded | read, curated
    curated = None
    if is_curated:
        curated = _curated_comparison(loaded[slug_a].model_id, loaded[slug_b].model_id)
    return loaded, curated


def _peer_scores(text: str | None) -> tuple[tuple[str, Decimal], ...]:
    """Return ``((benchmark slug, score), ...)`` from "slug:score,..." text."""
    if not text:
        return ()
    pairs = (item.split(":") for item in text.split(","))
    # SQLite's text of a decimal drops trailing zeros; the column has three.
    return tuple(
        sorted(
            (benchmark, Decimal(score).quantize(SCORE_PLACES))
            for benchmark, score in pairs
        )
    )


def _cheapest_paid(price: str) -> Subquery:
    """
    Return a subquery of the outer model's lowest price of one kind above
    zero. (A subquery per column, not a join and GROUP BY over every route:
    three times faster over the whole catalog.)
    """
    prices = (
        Route.objects.filter(model=OuterRef("id"), **{f"{price}__gt": 0})
        .order_by()
        .values("model")
        .annotate(lowest=Min(price))
        .values("lowest")
    )
    return Subquery(prices, output_field=Route._meta.get_field(price))


@dataclass(frozen=True)
class Peers:
    """Every published model as a peer, by kind, and the published curated pairs."""

    by_kind: dict[str, engine.PeerIndex]
    # Each model's slug to the other models its published curated
    # comparisons pair it with.
    curated_with: dict[str, tuple[str, ...]]

    def of_kind(self, kind: str) -> engine.PeerIndex:
        """Return the peers of one kind: the ones a pair of that kind is shown among."""
        return self.by_kind.get(kind) or engine.PeerIndex(())


def load_peers() -> Peers:
    """
    Return light facts of every published model, in one query: its cheapest
    prices, its primary score on every benchmark and the models its curated
    comparisons pair it with (each folded into one column).
    """
    # Slugs hold neither ":" nor ",".
    scores = (
        BenchmarkResult.objects.filter(model=OuterRef("id"), is_primary=True)
        .order_by()
        .values("model")
        .annotate(
            text=StringAgg(
                Concat("benchmark__slug", Value(":"), Cast("score", CharField())),
                Value(","),
            )
        )
        .values("text")
    )
    known = (
        ModelCapability.objects.filter(model=OuterRef("id"))
        .exclude(value=TriState.UNKNOWN)
        .order_by()
        .values("model")
        .annotate(text=StringAgg("capability", Value(TAG_SEPARATOR)))
        .values("text")
    )
    rows = (
        LanguageModel.objects.published()
        .values(
            "slug",
            "name",
            "kind",
            "organization__slug",
            "organization__name",
            "parameter_count",
            "context_window",
            "release_date",
        )
        .annotate(
            cheapest_input=_cheapest_paid("input_price"),
            cheapest_output=_cheapest_paid("output_price"),
            # The benchmark pages' rule, so a model sits at one price on every chart.
            cheapest_blended=cheapest_blended_price(model_ref="id"),
            scores=Subquery(scores),
            known_capabilities=Subquery(known),
            curated_with=_curated_with(),
        )
        .order_by("slug")
    )
    peers = [
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
            benchmark_scores=_peer_scores(row["scores"]),
            kind=row["kind"],
            known_capabilities=tuple(_split(row["known_capabilities"])),
            release_date=row["release_date"],
        )
        for row in rows
    ]
    by_kind = defaultdict(list)
    for peer in peers:
        by_kind[peer.kind].append(peer)
    curated_with = {
        row["slug"]: tuple(_split(row["curated_with"]))
        for row in rows
        if row["curated_with"]
    }
    return Peers(
        {kind: engine.PeerIndex(group) for kind, group in by_kind.items()},
        curated_with,
    )


# This process's peers, and the content they were read from.
_peers: tuple[str, Peers] | None = None


def peers(state: State) -> Peers:
    """
    Return every published model as a peer, kept in this process for the
    ``state``'s content: every comparison page shows a pair among the same
    peers, so none reads them all again until the content changes.
    """
    global _peers
    if _peers is None or _peers[0] != state.content_key:
        _peers = (state.content_key, load_peers())
    return _peers[1]


def curated_layer(comparison: Comparison) -> engine.CuratedLayer:
    return engine.CuratedLayer(
        verdict_override=comparison.verdict_override,
        editor_notes=comparison.editor_notes,
        last_reviewed=comparison.last_reviewed,
        featured=comparison.featured,
    )


class KindsDiffer(Exception):
    """Models of different kinds, which the site does not compare; says why."""

    def __init__(self, *models: engine.ModelFacts) -> None:
        self.models = models
        super().__init__(engine.kinds_differ_message(models))


def kind_peers(
    model: engine.ModelFacts, *, state: State, limit: int = 3
) -> list[engine.PeerFacts]:
    """
    Return up to ``limit`` published models of ``model``'s kind to compare
    it with: its organization's first, closest in size, then the others by
    name. No query: the peers are kept in the process.
    """
    index = peers(state).of_kind(model.kind)
    by_name = sorted(index.by_slug.values(), key=lambda p: (p.name.casefold(), p.slug))
    chosen: dict[str, engine.PeerFacts] = {}
    for peer in chain(
        index.same_organization(model.organization_slug, model.parameter_count),
        by_name,
    ):
        if len(chosen) >= limit:
            break
        if peer.slug != model.slug:
            chosen.setdefault(peer.slug, peer)
    return list(chosen.values())


def without_results_measured_on_each_other(
    models: Sequence[engine.ModelFacts],
) -> list[engine.ModelFacts]:
    """
    Return the models, each without the results it shows of a variant that
    is another of them: compared with its own variant, a model would meet
    that variant's score with the same score.
    """
    slugs = {model.slug for model in models}
    return [
        replace(
            model,
            results=tuple(r for r in model.results if r.variant_slug not in slugs),
        )
        if any(r.variant_slug in slugs for r in model.results)
        else model
        for model in models
    ]


@dataclass(frozen=True)
class ComputedPair:
    """The engine's result plus the rows a page needs around it."""

    comparison: engine.Comparison
    model_ids: tuple[int, int]
    curated: Comparison | None  # the editors' row for this pair, if any
    state: State  # the state it was computed in


def compute_pair(
    slug_a: str,
    slug_b: str,
    *,
    profile: engine.TrafficProfile,
    priorities: tuple[str, ...] = (),
    today: dt.date,
    include_drafts: bool = False,
    state: State | None = None,
) -> ComputedPair | None:
    """
    Return the comparison of two models in canonical order, or None when
    either model does not exist (or is a draft and drafts are hidden).
    Raise KindsDiffer when the two are of different kinds (a speech model
    and a language model): the site does not compare them.

    The page and the JSON API both call this, so they render one result
    (each caches what it renders). ``state`` is the one the caller's
    answer is computed in (``sitecache.state.request_state()``), if read.
    """
    slug_a, slug_b = engine.canonical_pair(slug_a, slug_b)
    if slug_a == slug_b:
        return None
    state = state or current_state()
    loaded, curated = _load_pair(
        slug_a, slug_b, state=state, include_drafts=include_drafts
    )
    if len(loaded) < 2:
        return None
    a, b = loaded[slug_a], loaded[slug_b]
    if engine.kinds_differ((a.facts, b.facts)):
        raise KindsDiffer(a.facts, b.facts)
    facts_a, facts_b = without_results_measured_on_each_other((a.facts, b.facts))
    every = peers(state)
    curated_pairs = {
        engine.canonical_pair(found.facts.slug, other)
        for found in (a, b)
        # As on the public pages: a draft's curated comparisons are not linked.
        if found.facts.status == PublicationStatus.PUBLISHED
        for other in every.curated_with.get(found.facts.slug, ())
    }
    comparison = engine.compute_comparison(
        facts_a,
        facts_b,
        profile=profile,
        priorities=priorities,
        today=today,
        # A pair is shown among models of its kind: on the chart, in
        # "Continue comparing" (curated pairs of two kinds left out too).
        peers=every.of_kind(a.facts.kind),
        curated=curated_layer(curated) if curated else None,
        curated_pairs=tuple(sorted(curated_pairs)),
    )
    return ComputedPair(comparison, (a.model_id, b.model_id), curated, state)


def _read_through(keys: dict, load: Callable[[list], dict]) -> dict:
    """
    Return the value of each of ``keys`` (an id to its cache key) that the
    cache holds, or else that ``load(missing ids)`` returns, which is then
    cached.
    """
    found = cache.get_many(keys.values())
    values = {id_: found[key] for id_, key in keys.items() if key in found}
    if missing := [id_ for id_ in keys if id_ not in values]:
        loaded = load(missing)
        cache.set_many(
            {keys[id_]: value for id_, value in loaded.items()}, FACTS_TIMEOUT
        )
        values |= loaded
    return values


def load_pair_history(computed: ComputedPair) -> PairHistory:
    """
    Return what the page of ``computed`` shows of the past: its models'
    price changes and, for a curated pair, the changelog, cached under the
    state's content.

    A curated pair's history is read in one query and cached whole. The
    price changes of another pair are cached per model, so a pair of models
    already shown reads none, and a pair with one model already shown reads
    only the other's.
    """
    content, curated = computed.state.content_key, computed.curated
    if curated is not None:
        return _read_through(
            {curated.pk: f"pair-history:{content}:{curated.pk}"},
            lambda _: {
                curated.pk: pair_history(
                    model_ids=computed.model_ids, comparison_id=curated.pk
                )
            },
        )[curated.pk]
    by_model = _read_through(
        {
            model_id: f"price-changes:{content}:{model_id}"
            for model_id in computed.model_ids
        },
        price_changes_by_model,
    )
    changes = newest_first(chain.from_iterable(by_model.values()))
    return PairHistory(price_changes=changes, changelog=[])


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
