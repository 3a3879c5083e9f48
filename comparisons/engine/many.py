"""
Two to four models side by side: compare_models(), with the pair's rules
and computations (the cheapest route at the profile, rank_costs() and
cost_gap(), score_lead(), the pair's table cells), one column per model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from decimal import localcontext

from catalog.formatting import format_points

from . import prose, wording
from .benchmarks import (
    comparability_keys,
    effective_provenance,
    primary_results,
    score_lead,
    score_of,
    within_noise,
)
from .chart import build_many_chart
from .costs import cost_gap, rank_costs
from .inputs import BenchmarkResultFacts, ModelFacts, PeerFacts, TrafficProfile
from .pair import _build_side
from .peers import PeerIndex
from .results import (
    Cell,
    ManyBenchmark,
    ManyCapabilityRow,
    ManyComparison,
    ManyCosts,
    ManyRecommendation,
    ManyRow,
    ManyScore,
    ModelRef,
    PairLink,
)
from .sides import _Side, tracked_capabilities
from .tables import (
    SPEC_LABELS,
    capability_cell,
    cheapest_price_cell,
    providers_cell,
    routes_cell,
    spec_cells,
)
from .vocabulary import (
    CAPABILITIES,
    MAX_MANY,
    MIN_MANY,
    PRECISION,
    canonical_pair,
    pair_slug,
)


def _many_rows(
    sides: Sequence[_Side], rows: Iterable[tuple[str, str, Callable[[_Side], Cell]]]
) -> tuple[ManyRow, ...]:
    return tuple(
        ManyRow(key, label, tuple(make(side) for side in sides))
        for key, label, make in rows
    )


def _many_specs(sides: Sequence[_Side]) -> tuple[ManyRow, ...]:
    cells = [spec_cells(side.facts) for side in sides]
    organization = ManyRow(
        "organization",
        "Organization",
        tuple(Cell(side.facts.organization_name) for side in sides),
    )
    return (organization,) + tuple(
        ManyRow(key, label, tuple(by_key[key] for by_key in cells))
        for key, label in SPEC_LABELS
    )


def _many_prices(sides: Sequence[_Side]) -> tuple[ManyRow, ...]:
    return _many_rows(
        sides,
        (
            (
                "input_price",
                "Input price",
                lambda side: cheapest_price_cell(side, "input_price"),
            ),
            (
                "output_price",
                "Output price",
                lambda side: cheapest_price_cell(side, "output_price"),
            ),
            ("providers", "Providers", providers_cell),
            ("provider_routes", "Provider routes", routes_cell),
        ),
    )


def _many_costs(sides: Sequence[_Side], profile: TrafficProfile) -> ManyCosts:
    """
    Each model's monthly cost at list price and on its cheapest trusted
    route, as on the pair page; "against the cheapest" and the summary on
    the profile's price basis, as the pair's verdict compares them.
    """
    basis = profile.price_basis
    ranking = rank_costs([side.cost for side in sides], basis)
    cheapest = [sides[i] for i in ranking.cheapest]
    cheapest_slugs = tuple(side.slug for side in cheapest)

    def at_list(side: _Side) -> Cell:
        cost = side.cost
        if cost.list_cost is None:
            return Cell("No list price" if cost.is_possible else cost.reason, True)
        return Cell(f"{cost.list_cost_display} a month ({cost.list_text})")

    def monthly(side: _Side) -> Cell:
        cost = side.cost
        if cost.monthly_cost is None:
            return Cell("Unavailable", True)
        return Cell(f"{cost.monthly_cost_display} a month")

    def route(side: _Side) -> Cell:
        cost = side.cost
        if cost.monthly_cost is None:
            return Cell(cost.reason, True)
        return Cell(f"{cost.cheapest_provider_name} ({cost.cheapest_identifier})")

    def against(side: _Side) -> Cell:
        cost, lowest = side.cost.cost_on(basis), ranking.lowest
        if cost is None or lowest is None:
            return Cell("Unavailable", True)
        if side.slug in cheapest_slugs:
            return Cell("Cheapest" if len(cheapest) == 1 else "Cheapest (tied)")
        difference, ratio = cost_gap(cost, lowest)
        return Cell(wording.more_a_month(difference, ratio, cost, lowest))

    def notes(side: _Side) -> Cell:
        return Cell(" ".join(side.cost.notes) or "None")

    on = wording.PRICE_BASIS_LABELS[basis]
    rows = [
        ("list_cost", "At list price", at_list),
        ("monthly_cost", "Cheapest trusted route", monthly),
        ("cheapest_route", "Its provider", route),
        ("against_cheapest", f"Against the cheapest, at {on}", against),
    ]
    if any(side.cost.notes for side in sides):
        rows.append(("notes", "Notes", notes))
    return ManyCosts(
        profile=profile,
        profile_text=wording.describe_profile(profile),
        method=wording.COST_METHOD,
        models=tuple(side.cost for side in sides),
        rows=_many_rows(sides, rows),
        summary=wording.many_cost_summary(
            cheapest, [sides[i] for i in ranking.unavailable], basis
        ),
        cheapest_slugs=cheapest_slugs,
    )


def _many_capabilities(
    sides: Sequence[_Side], tracked: Sequence[str]
) -> tuple[ManyCapabilityRow, ...]:
    return tuple(
        ManyCapabilityRow(
            key, label, tuple(capability_cell(side, key) for side in sides)
        )
        for key, label, _ in CAPABILITIES
        if key in tracked
    )


def _many_benchmark(
    sides: Sequence[_Side], results: Sequence[BenchmarkResultFacts]
) -> ManyBenchmark:
    first = results[0]
    lead = score_lead(results)
    shared_keys = frozenset.intersection(
        *(
            comparability_keys(result, effective_provenance(result, side.facts))
            for side, result in zip(sides, results, strict=True)
        )
    )
    if not shared_keys:
        no_lead = "different_sources"
    elif lead.margin is not None and within_noise(
        lead.margin, first.unit, [r.score for r in results]
    ):
        no_lead = "within_noise"
    else:
        no_lead = ""
    # Leaders only where there is a lead: an all-way tie has none.
    leading = set(lead.leaders) if lead.margin is not None and not no_lead else set()
    return ManyBenchmark(
        slug=first.benchmark_slug,
        name=first.benchmark_name,
        category=next((r.category for r in results if r.category), ""),
        unit=first.unit,
        higher_is_better=first.higher_is_better,
        comparable=lead.comparable and no_lead != "different_sources",
        scores=tuple(
            ManyScore(
                replace(
                    score_of(result),
                    provenance=effective_provenance(result, side.facts),
                ),
                index in leading,
            )
            for index, (side, result) in enumerate(zip(sides, results, strict=True))
        ),
        leader_slugs=tuple(
            side.slug for index, side in enumerate(sides) if index in leading
        ),
        margin=lead.margin,
        margin_display=format_points(lead.margin) if lead.margin is not None else "",
        lead_text=wording.many_lead_text([s.name for s in sides], first, lead, no_lead),
    )


def _many_benchmarks(sides: Sequence[_Side]) -> tuple[ManyBenchmark, ...]:
    chosen = [primary_results(side.facts) for side in sides]
    shared_slugs = set.intersection(*(set(results) for results in chosen))
    return tuple(
        _many_benchmark(sides, [results[slug] for results in chosen])
        for slug in sorted(
            shared_slugs,
            key=lambda slug: (chosen[0][slug].benchmark_name.casefold(), slug),
        )
    )


def _recommendations(
    sides: Sequence[_Side], benchmarks: Sequence[ManyBenchmark], basis: str
) -> tuple[ManyRecommendation, ...]:
    """
    One pick per reader goal: cheapest (on the price ``basis``), strongest,
    largest context window.
    """
    ranking = rank_costs([side.cost for side in sides], basis)
    cheapest = [sides[i] for i in ranking.cheapest]
    others = sorted(
        (
            side
            for side in sides
            if side not in cheapest and side.cost.cost_on(basis) is not None
        ),
        key=lambda side: side.cost.cost_on(basis),
    )
    runner_up = others[0] if others and len(cheapest) == 1 else None
    gap = ""
    if runner_up is not None and ranking.lowest is not None:
        cost = runner_up.cost.cost_on(basis)
        difference, ratio = cost_gap(cost, ranking.lowest)
        gap = wording.more_a_month(difference, ratio, cost, ranking.lowest)
    comparable = [b for b in benchmarks if b.comparable]
    led = [
        sum(1 for b in comparable if b.leader_slugs == (side.slug,)) for side in sides
    ]
    most = max(led)
    known = [side.facts.context_window or 0 for side in sides]
    largest = max(known)
    return (
        ManyRecommendation(
            "cheapest",
            wording.MANY_GOALS["cheapest"],
            tuple(side.slug for side in cheapest),
            wording.many_cheapest_line(cheapest, runner_up, gap, basis),
        ),
        ManyRecommendation(
            "strongest",
            wording.MANY_GOALS["strongest"],
            tuple(
                side.slug
                for side, count in zip(sides, led, strict=True)
                if most and count == most
            ),
            wording.many_strongest_line(sides, led, len(comparable)),
        ),
        ManyRecommendation(
            "context",
            wording.MANY_GOALS["context"],
            tuple(
                side.slug
                for side, window in zip(sides, known, strict=True)
                if largest and window == largest
            ),
            wording.many_context_line(sides),
        ),
    )


def _pair_links(sides: Sequence[_Side]) -> tuple[PairLink, ...]:
    names = {side.slug: side.name for side in sides}
    links = []
    for index, first in enumerate(sides):
        for second in sides[index + 1 :]:
            slug_a, slug_b = canonical_pair(first.slug, second.slug)
            links.append(
                PairLink(
                    slug_a=slug_a,
                    slug_b=slug_b,
                    name_a=names[slug_a],
                    name_b=names[slug_b],
                    path_slug=pair_slug(slug_a, slug_b),
                )
            )
    return tuple(links)


def compare_models(
    models: tuple[ModelFacts, ...],
    *,
    profile: TrafficProfile,
    today: dt.date,
    known_capabilities: frozenset[str] | None = None,
    peers: PeerIndex | Iterable[PeerFacts] = (),
) -> ManyComparison:
    """
    Return two to four models side by side, in the order given, with the same
    rules as the two-model page: the cheapest route at the traffic profile,
    unknown kept apart from "no", scores compared only in one unit.

    Raise ValueError for fewer than MIN_MANY or more than MAX_MANY models, or a
    model given twice: programming errors (parse_model_list() cleans reader
    input). ``known_capabilities`` are those the catalog has a yes or a no
    for on some model (PeerIndex.known_capabilities); the others are left
    out of the capability table, all listed when neither it nor ``peers``
    gives them. ``peers`` are the other published models the chart plots
    the models among; their known capabilities stand in for
    ``known_capabilities`` when it is not given, as on the pair page.
    """
    if not MIN_MANY <= len(models) <= MAX_MANY:
        raise ValueError(f"Compare {MIN_MANY} to {MAX_MANY} models, not {len(models)}.")
    slugs = [model.slug for model in models]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"A model is given more than once: {', '.join(slugs)}.")
    with localcontext(prec=PRECISION):
        # The side key only tells the two sides of a pair apart, which the
        # several-model tables never do.
        sides = tuple(_build_side("a", model, profile, today) for model in models)
        if not isinstance(peers, PeerIndex):
            peers = PeerIndex(peers)
        if known_capabilities is None and len(peers):
            known_capabilities = peers.known_capabilities
        tracked = tracked_capabilities(known_capabilities, sides)
        benchmarks = _many_benchmarks(sides)
        names = [side.name for side in sides]
        return ManyComparison(
            models=tuple(
                ModelRef(model.slug, model.name, model.organization_name)
                for model in models
            ),
            title=" vs ".join(names),
            description=wording.many_description(names, len(benchmarks)),
            pairs=_pair_links(sides),
            specs=_many_specs(sides),
            prices=_many_prices(sides),
            costs=_many_costs(sides, profile),
            capabilities=_many_capabilities(sides, tracked),
            capabilities_note=wording.untracked_note(tracked),
            benchmark_summary=wording.many_benchmark_summary(sides, benchmarks),
            benchmarks=benchmarks,
            benchmark_caution=wording.BENCHMARK_CAUTION,
            warnings=prose.warnings(sides, today),
            recommendations=_recommendations(sides, benchmarks, profile.price_basis),
            chart=build_many_chart(sides, benchmarks, peers),
        )
