"""
Two models compared: compute_comparison(), the whole "Model A vs Model B"
page, from each model's view at the traffic profile (_build_side()).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import localcontext

from . import prose, wording
from .benchmarks import build_benchmarks, largest_lead
from .chart import build_price_score_chart
from .costs import compare_costs, estimate_model_cost, sorted_routes
from .inputs import (
    CuratedLayer,
    ModelFacts,
    PeerFacts,
    Side,
    SourceRef,
    TrafficProfile,
    Tri,
)
from .peers import PeerIndex, build_related
from .results import (
    BenchmarkSection,
    Comparison,
    CostSection,
    ModelRef,
    ReviewSection,
)
from .sides import _Side, tracked_capabilities
from .tables import (
    build_capability_matrix,
    build_pricing,
    build_scorecard,
    build_specs,
)
from .verdict import compute_verdict
from .vocabulary import CAPABILITY_KEYS, PRECISION, PRIORITY_KEYS, pair_slug


def _build_side(
    key: Side, model: ModelFacts, profile: TrafficProfile, today: dt.date
) -> _Side:
    """Return one model as the comparison reads it on ``today``, at the profile."""
    model = model.as_of(today)
    values: dict[str, Tri] = {}
    sources: dict[str, SourceRef | None] = {}
    for capability in model.capabilities:
        # The first record for a key wins, so duplicates cannot flip a value.
        values.setdefault(capability.key, Tri(capability.value))
        sources.setdefault(capability.key, capability.source)
    routes = sorted_routes(model)
    live = tuple(route for route in routes if route.lifecycle != "retired")
    providers = {route.provider_slug: route.provider_name for route in live}
    cost = estimate_model_cost(model, profile)
    counted = [
        (route, route_cost.doubt)
        for route, route_cost in zip(routes, cost.routes, strict=True)
        if route_cost.doubt in ("", "free_tier")
        or (route_cost.doubt != "retired" and profile.include_untrusted)
    ]
    # The verdict's availability: those, free tiers only where included.
    verdict_routes = tuple(
        route
        for route, doubt in counted
        if doubt != "free_tier" or profile.include_free_tiers
    )
    return _Side(
        key=key,
        facts=model,
        capabilities={key: values.get(key, Tri.UNKNOWN) for key in CAPABILITY_KEYS},
        capability_sources={key: sources.get(key) for key in CAPABILITY_KEYS},
        cost=cost,
        routes=routes,
        live_routes=live,
        counted_routes=tuple(route for route, _ in counted),
        verdict_routes=verdict_routes,
        includes_left_out=profile.include_untrusted,
        provider_names=tuple(sorted(providers.values(), key=str.casefold)),
    )


def _page_sources(
    a: _Side, b: _Side, benchmarks: BenchmarkSection
) -> tuple[SourceRef, ...]:
    """
    Return the sources behind the page's figures, each once, in page order.
    Figures cited only by URL are credited to the URL's host.
    """
    cited: list[tuple[SourceRef | None, str]] = []
    for side in (a, b):
        cited.extend((source, "") for source in side.facts.sources)
        cited.extend((route.source, route.source_url) for route in side.routes)
        cited.extend((source, "") for source in side.capability_sources.values())
    scores = [s.a for s in benchmarks.shared] + [s.b for s in benchmarks.shared]
    scores += [r.score for r in benchmarks.a_only + benchmarks.b_only]
    cited.extend((score.source, score.source_url) for score in scores)
    by_key: dict[str, SourceRef] = {}
    for source, url in cited:
        if source is None and url:
            host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0] or url
            source = SourceRef(key=host, title=host, url=url)
        if source is not None:
            by_key.setdefault(source.key, source)
    return tuple(by_key.values())


def _build_review(
    a: _Side,
    b: _Side,
    benchmarks: BenchmarkSection,
    curated: CuratedLayer | None,
    today: dt.date,
) -> ReviewSection:
    # A curated pair keeps its own date. Otherwise the page is as reviewed as
    # the less reviewed of its models: the older date, or none while either
    # model has never been reviewed.
    unreviewed = tuple(
        side.facts.name for side in (a, b) if side.facts.last_reviewed is None
    )
    last_reviewed = curated.last_reviewed if curated else None
    if last_reviewed is None and not unreviewed:
        last_reviewed = min(a.facts.last_reviewed, b.facts.last_reviewed)
    sources = _page_sources(a, b, benchmarks)
    return ReviewSection(
        last_reviewed=last_reviewed,
        text=prose.review_text(
            last_reviewed, today, unreviewed=() if last_reviewed else unreviewed
        ),
        reviewed_by=curated.reviewed_by if curated else "",
        editor_notes=curated.editor_notes if curated else "",
        sources=sources,
        sources_text=prose.sources_text(
            list(dict.fromkeys(s.publisher or s.title for s in sources))
        ),
        attributions=tuple(
            dict.fromkeys(prose.credit(s) for s in sources if s.requires_attribution)
        ),
    )


def compute_comparison(
    a: ModelFacts,
    b: ModelFacts,
    *,
    profile: TrafficProfile,
    priorities: tuple[str, ...] = (),
    today: dt.date,
    peers: PeerIndex | Iterable[PeerFacts] = (),
    curated: CuratedLayer | None = None,
    curated_pairs: tuple[tuple[str, str], ...] = (),
) -> Comparison:
    """
    Return the whole comparison page for models a and b, in the order given
    (callers pass canonical order; the reversed order gives the mirrored page).

    `peers` are the other published models, for the chart and "Continue
    comparing": a PeerIndex, which callers build once per catalog state, or
    the PeerFacts to build one from. The pair's own models in it are skipped.

    Deterministic: `today` stands in for the clock, and every list is sorted.
    Raise ValueError for a model compared with itself or an unknown priority,
    which are programming errors (parse_priorities() cleans reader input).
    """
    if a.slug == b.slug:
        raise ValueError(f"Cannot compare {a.slug!r} with itself.")
    unknown = [key for key in priorities if key not in PRIORITY_KEYS]
    if unknown:
        raise ValueError(f"Unknown priorities: {', '.join(unknown)}.")
    priorities = tuple(dict.fromkeys(priorities))
    if not isinstance(peers, PeerIndex):
        peers = PeerIndex(peers)
    with localcontext(prec=PRECISION):
        side_a = _build_side("a", a, profile, today)
        side_b = _build_side("b", b, profile, today)
        tracked = tracked_capabilities(
            peers.known_capabilities if len(peers) else None, (side_a, side_b)
        )
        side_a = replace(side_a, tracked=tracked)
        side_b = replace(side_b, tracked=tracked)
        benchmarks = build_benchmarks(side_a, side_b)
        shared = benchmarks.shared
        lead = largest_lead(shared)
        delta = compare_costs(side_a.cost, side_b.cost, profile.price_basis)
        verdict = compute_verdict(side_a, side_b, shared, delta, priorities, curated)
        costs = CostSection(
            profile=profile,
            profile_text=wording.describe_profile(profile),
            method=wording.COST_METHOD,
            a=side_a.cost,
            b=side_b.cost,
            delta=delta,
        )
        return Comparison(
            path_slug=pair_slug(a.slug, b.slug),
            a=ModelRef(a.slug, a.name, a.organization_name),
            b=ModelRef(b.slug, b.name, b.organization_name),
            intro=prose.intro(side_a, side_b, shared, lead, verdict.computed_sentence),
            verdict=verdict,
            scorecard=build_scorecard(side_a, side_b, shared, profile),
            tradeoffs=prose.tradeoffs(side_a, side_b, shared, delta, verdict),
            costs=costs,
            switch_friction=prose.switch_friction(side_a, side_b),
            specs=build_specs(side_a, side_b),
            pricing=build_pricing(side_a, side_b),
            capabilities=build_capability_matrix(side_a, side_b),
            capabilities_note=wording.untracked_note(tracked),
            benchmarks=benchmarks,
            chart=build_price_score_chart(side_a, side_b, shared, peers),
            deep_dive=prose.deep_dive(side_a, side_b, benchmarks, lead, verdict),
            faq=prose.faq(side_a, side_b, benchmarks, costs),
            related=build_related(
                side_a, side_b, peers, curated_pairs, profile.include_free_tiers
            ),
            review=_build_review(side_a, side_b, benchmarks, curated, today),
            warnings=prose.warnings((side_a, side_b), today),
        )
