"""
The verdict: each weighted dimension judged (a Judgement: winner, margin as a
figure with its unit, reason code), then the overall pick. The rules of who
wins a dimension live here; wording.py says them.

A margin within the noise (trust.md, section 4: vocabulary's *_NOISE_*
constants) is a tie, never a win; a pick within one weight point is too
close to call; and a pair with no comparable shared benchmark is judged
without quality, which the sentence says.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from catalog.formatting import plain_decimal

from . import wording
from .benchmarks import leads
from .inputs import CuratedLayer, ModelFacts, Tri
from .results import CostDelta, Judgement, SharedBenchmark, Verdict, VerdictDimension
from .sides import (
    _Side,
    coverage,
    only_in,
    sides_by,
    slug_of,
    winner_by,
    within_context_noise,
)
from .vocabulary import (
    CLOSE_CALL_WEIGHT,
    COST_NOISE_SHARE,
    COVERAGE_NOISE,
    DIMENSIONS,
    DIMENSIONS_BY_KEY,
    PRIORITY_KEYS,
    PRIORITY_MULTIPLIER,
    UNWEIGHED_CAPABILITIES,
    WORKFLOW_CAPABILITIES,
    DimensionSpec,
)


def _judge_quality(a: _Side, b: _Side, shared: Sequence[SharedBenchmark]) -> Judgement:
    comparable = [benchmark for benchmark in shared if benchmark.comparable]
    if not comparable:
        code = "no_shared_benchmark" if not shared else "no_comparable_benchmark"
        return Judgement(None, code, has_data=False)
    led = (len(leads(comparable, "a")), len(leads(comparable, "b")))
    winner = winner_by(*led)
    if len(comparable) == 1:
        only = comparable[0]
        if winner:
            code = "higher_score"
        elif only.no_lead_reason == "within_noise":
            code = "lead_within_noise"
        else:
            code = "same_score"
        return Judgement(winner, code, only.margin, "points", benchmark=only)
    return Judgement(
        winner,
        "more_benchmarks_led" if winner else "same_benchmarks_led",
        Decimal(abs(led[0] - led[1])),
        "benchmarks",
        counts=led,
        total=len(comparable),
    )


def _judge_context(a: _Side, b: _Side) -> Judgement:
    windows = (a.facts.context_window, b.facts.context_window)
    missing = tuple(side.name for side in (a, b) if side.facts.context_window is None)
    if missing:
        return Judgement(None, "window_not_sourced", has_data=False, missing=missing)
    winner = winner_by(*windows)
    if winner is None:
        return Judgement(None, "same_window", Decimal(1), "x")
    big, small = sorted(windows, reverse=True)
    ratio = Decimal(big or 0) / Decimal(small) if small else None
    if small and within_context_noise(big or 0, small):
        return Judgement(None, "window_within_noise", ratio, "x")
    return Judgement(winner, "larger_window", ratio, "x" if ratio else "")


def _judge_cost(a: _Side, b: _Side, delta: CostDelta) -> Judgement:
    """Judge cost on the delta's price basis: list prices unless the reader chose."""
    basis = delta.basis
    impossible = tuple(side.name for side in (a, b) if not side.cost.is_possible)
    if impossible:
        return Judgement(
            None, "not_possible", has_data=False, missing=impossible, basis=basis
        )
    missing = tuple(side.name for side in (a, b) if side.cost.cost_on(basis) is None)
    if len(missing) == 2:
        return Judgement(
            None, "no_price_for_either", has_data=False, missing=missing, basis=basis
        )
    if missing:
        return Judgement(None, "no_price", has_data=False, missing=missing, basis=basis)
    code = "cheaper" if delta.cheaper else "same_cost"
    cheap = min(cost for cost in (a.cost.cost_on(basis), b.cost.cost_on(basis)))
    if delta.cheaper and (delta.difference or 0) <= COST_NOISE_SHARE * (cheap or 0):
        return Judgement(
            None, "cost_within_noise", delta.difference, "usd_per_month", basis=basis
        )
    return Judgement(
        delta.cheaper, code, delta.difference, "usd_per_month", basis=basis
    )


def _judge_capabilities(a: _Side, b: _Side) -> Judgement:
    unknown = tuple(
        side.name
        for side in (a, b)
        if all(side.capabilities[key] is Tri.UNKNOWN for key in WORKFLOW_CAPABILITIES)
    )
    if unknown:
        return Judgement(None, "no_capability_data", has_data=False, missing=unknown)
    only = (
        tuple(only_in(a, b, WORKFLOW_CAPABILITIES)),
        tuple(only_in(b, a, WORKFLOW_CAPABILITIES)),
    )
    counts = (len(only[0]), len(only[1]))
    winner = winner_by(*counts)
    if winner:
        code = "more_capabilities"
    else:
        code = "same_capability_count" if any(only) else "no_capability_gap"
    gaps = tuple(
        tuple(
            k
            for k in WORKFLOW_CAPABILITIES
            if k in side.tracked and side.capabilities[k] is Tri.UNKNOWN
        )
        for side in (a, b)
    )
    return Judgement(
        winner,
        code,
        Decimal(abs(counts[0] - counts[1])),
        "capabilities",
        counts=counts,
        only=(only[0], only[1]),
        unknown=(gaps[0], gaps[1]),
    )


def _judge_availability(a: _Side, b: _Side) -> Judgement:
    if not a.verdict_routes and not b.verdict_routes:
        return Judgement(None, "no_routes_for_either", has_data=False)
    (providers_a, routes_a), (providers_b, routes_b) = coverage(a), coverage(b)
    winner = winner_by(coverage(a), coverage(b))
    counts = (providers_a, providers_b)
    if winner and providers_a == providers_b:
        margin = Decimal(abs(routes_a - routes_b))
        unit = "routes"
    else:
        margin = Decimal(abs(providers_a - providers_b))
        unit = "providers"
    if winner and margin <= COVERAGE_NOISE:
        return Judgement(None, "coverage_within_noise", margin, unit, counts=counts)
    if unit == "routes":
        return Judgement(winner, "more_routes", margin, "routes", counts=counts)
    code = "more_providers" if winner else "same_coverage"
    return Judgement(winner, code, margin, "providers", counts=counts)


def _openness_points(model: ModelFacts) -> int | None:
    if model.open_weights is Tri.UNKNOWN and not model.license_name:
        return None
    return int(model.open_weights is Tri.YES) + int(model.license_is_osi_approved)


def _judge_openness(a: _Side, b: _Side) -> Judgement:
    points = (_openness_points(a.facts), _openness_points(b.facts))
    missing = tuple(
        side.name for side, found in zip((a, b), points, strict=True) if found is None
    )
    if missing:
        return Judgement(None, "no_openness_data", has_data=False, missing=missing)
    winner = winner_by(*points)
    return Judgement(winner, "more_open" if winner else "same_openness")


def judge(
    a: _Side, b: _Side, shared: Sequence[SharedBenchmark], delta: CostDelta
) -> dict[str, Judgement]:
    """Return each verdict dimension's judgement, by dimension key."""
    return {
        "quality": _judge_quality(a, b, shared),
        "context": _judge_context(a, b),
        "cost": _judge_cost(a, b, delta),
        "capabilities": _judge_capabilities(a, b),
        "availability": _judge_availability(a, b),
        "openness": _judge_openness(a, b),
    }


def _public_margin(judgement: Judgement) -> Decimal | None:
    """
    Return the margin as the results give it: exact, without the trailing
    zeros of a stored scale (9.700 points is 9.7), and a ratio to two decimals.
    """
    value = judgement.margin_value
    if value is None:
        return None
    if judgement.margin_unit == "x":
        value = value.quantize(Decimal("0.01"))
    return Decimal(plain_decimal(value))


def strongest(dimensions: Sequence[VerdictDimension], key: str) -> DimensionSpec | None:
    """Return the heaviest dimension the side wins; the first listed on equal weight."""
    won = [d for d in dimensions if d.winner == key]
    if not won:
        return None
    best = max(won, key=lambda d: (d.weight, -PRIORITY_KEYS.index(d.key)))
    return DIMENSIONS_BY_KEY[best.key]


def compute_verdict(
    a: _Side,
    b: _Side,
    shared: Sequence[SharedBenchmark],
    delta: CostDelta,
    priorities: tuple[str, ...],
    curated: CuratedLayer | None,
) -> Verdict:
    judgements = judge(a, b, shared, delta)
    dimensions = []
    for spec in DIMENSIONS:
        judgement, is_priority = judgements[spec.key], spec.key in priorities
        dimensions.append(
            VerdictDimension(
                key=spec.key,
                label=spec.label,
                weight=spec.weight * (PRIORITY_MULTIPLIER if is_priority else 1),
                is_priority=is_priority,
                winner=judgement.winner,
                winner_slug=slug_of((a, b), judgement.winner),
                margin=wording.dimension_margin(judgement),
                reason=wording.dimension_reason(judgement, a, b),
                has_data=judgement.has_data,
                margin_value=_public_margin(judgement),
                margin_unit=judgement.margin_unit,
                reason_code=judgement.reason_code,
            )
        )
    score_a = sum(d.weight for d in dimensions if d.winner == "a")
    score_b = sum(d.weight for d in dimensions if d.winner == "b")
    pick = winner_by(score_a, score_b)
    is_close = pick is not None and abs(score_a - score_b) <= CLOSE_CALL_WEIGHT
    quality = judgements["quality"]
    without_quality = (
        "" if quality.has_data else wording.no_quality(quality.reason_code)
    )
    if pick is not None and not is_close:
        winner, other = sides_by((a, b), pick)
        computed = wording.pick_sentence(
            winner,
            other,
            strongest(dimensions, other.key),
            without_quality=without_quality,
            won=[d.label.lower() for d in dimensions if d.winner == pick],
            # What no dimension weighs (vision, reasoning...), if only the
            # other has it; the coding workflow's capabilities have their own.
            other_only=only_in(other, winner, UNWEIGHED_CAPABILITIES),
        )
    else:
        computed = wording.tie_sentence(
            a,
            b,
            strongest(dimensions, "a"),
            strongest(dimensions, "b"),
            without_quality=without_quality,
            is_close=is_close,
        )
        pick = None
    override = curated.verdict_override.strip() if curated else ""
    return Verdict(
        sentence=override or computed,
        computed_sentence=computed,
        is_override=bool(override),
        pick=pick,
        pick_slug=slug_of((a, b), pick),
        is_tie=pick is None,
        score_a=score_a,
        score_b=score_b,
        dimensions=tuple(dimensions),
        priorities=priorities,
        weights_text=wording.weights_text(dimensions),
        is_close_call=is_close,
        thresholds_text=wording.THRESHOLDS_TEXT,
    )
