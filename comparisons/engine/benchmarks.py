"""
Benchmarks: which result of a model to show, who leads on a benchmark and
by how much, for a pair (like provenance with like) and for several models
(their primary results). score_lead() is the one rule of a lead, for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from catalog.formatting import format_points, format_score

from . import wording
from .inputs import BenchmarkResultFacts, ModelFacts, Side
from .results import BenchmarkResult, BenchmarkScore, BenchmarkSection, SharedBenchmark
from .sides import _Side, slug_of
from .vocabulary import PROVENANCE_ORDER


def pick_result(
    results: Sequence[BenchmarkResultFacts], provenance: str | None = None
) -> BenchmarkResultFacts | None:
    """Return the result to show: the catalog's primary one, else the newest."""
    candidates = [
        result
        for result in results
        if provenance is None or result.provenance == provenance
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda r: (
            not r.is_primary,
            -(r.date.toordinal() if r.date else 0),
            r.method,
            r.source_url,
            r.score,
        ),
    )


def score_of(result: BenchmarkResultFacts) -> BenchmarkScore:
    return BenchmarkScore(
        value=result.score,
        display=format_score(result.score, result.unit),
        provenance=result.provenance,
        method=result.method,
        recorded_on=result.date,
        source=result.source,
        source_url=result.source_url or (result.source.url if result.source else ""),
    )


def results_by_benchmark(model: ModelFacts) -> dict[str, list[BenchmarkResultFacts]]:
    grouped: dict[str, list[BenchmarkResultFacts]] = {}
    for result in model.results:
        grouped.setdefault(result.benchmark_slug, []).append(result)
    return grouped


def primary_results(model: ModelFacts) -> dict[str, BenchmarkResultFacts]:
    """Return the model's primary result on each benchmark it has one on."""
    chosen = {}
    for slug, results in results_by_benchmark(model).items():
        result = pick_result([r for r in results if r.is_primary])
        if result is not None:
            chosen[slug] = result
    return chosen


def _sort_key(results: Sequence[BenchmarkResultFacts]) -> tuple[str, str]:
    return (results[0].benchmark_name.casefold(), results[0].benchmark_slug)


@dataclass(frozen=True)
class ScoreLead:
    """Who leads on one benchmark among several results, by their index."""

    comparable: bool  # every result in one unit and direction
    leaders: tuple[int, ...]  # at the best score; () when not comparable
    runners_up: tuple[int, ...]  # at the next best score; () on an all-way tie
    margin: Decimal | None  # the best score less the next; None on an all-way tie


def score_lead(results: Sequence[BenchmarkResultFacts]) -> ScoreLead:
    """Return who leads and by how much: scores compare only in one unit and direction."""
    first = results[0]
    if len({(r.unit, r.higher_is_better) for r in results}) != 1:
        return ScoreLead(False, (), (), None)
    sign = 1 if first.higher_is_better else -1
    signed = [sign * r.score for r in results]
    best = max(signed)
    leaders = tuple(i for i, score in enumerate(signed) if score == best)
    if len(leaders) == len(results):
        return ScoreLead(True, leaders, (), None)
    runner_up = max(score for score in signed if score != best)
    runners_up = tuple(i for i, score in enumerate(signed) if score == runner_up)
    return ScoreLead(True, leaders, runners_up, best - runner_up)


def _compare_benchmark(
    a: _Side,
    b: _Side,
    results_a: Sequence[BenchmarkResultFacts],
    results_b: Sequence[BenchmarkResultFacts],
) -> SharedBenchmark:
    """
    Return one shared benchmark side by side, comparing like with like: the same
    provenance on both sides when there is one, independent before self-reported.
    """
    common = [
        provenance
        for provenance in PROVENANCE_ORDER
        if any(r.provenance == provenance for r in results_a)
        and any(r.provenance == provenance for r in results_b)
    ]
    provenance = common[0] if common else None
    result_a = pick_result(results_a, provenance)
    result_b = pick_result(results_b, provenance)
    assert result_a is not None and result_b is not None
    lead = score_lead((result_a, result_b))
    leader: Side | None = None
    margin: Decimal | None = None
    if lead.comparable:
        if lead.margin is None:  # a tie: no lead, a margin of zero
            margin = abs(result_a.score - result_b.score)
        else:
            leader = "a" if lead.leaders == (0,) else "b"
            margin = lead.margin
    shared = SharedBenchmark(
        slug=result_a.benchmark_slug,
        name=result_a.benchmark_name,
        category=result_a.category or result_b.category,
        unit=result_a.unit,
        higher_is_better=result_a.higher_is_better,
        a=score_of(result_a),
        b=score_of(result_b),
        provenance_text=wording.provenance_text(
            a, b, provenance, result_a.provenance, result_b.provenance
        ),
        comparable=lead.comparable,
        leader=leader,
        leader_slug=slug_of((a, b), leader),
        margin=margin,
        margin_display=format_points(margin) if margin is not None else "",
        lead_text="",
    )
    return replace(shared, lead_text=wording.lead_text(a, b, shared, result_b.unit))


def build_benchmarks(a: _Side, b: _Side) -> BenchmarkSection:
    grouped_a = results_by_benchmark(a.facts)
    grouped_b = results_by_benchmark(b.facts)
    shared_slugs = sorted(
        grouped_a.keys() & grouped_b.keys(),
        key=lambda slug: _sort_key(grouped_a[slug]),
    )
    shared = tuple(
        _compare_benchmark(a, b, grouped_a[slug], grouped_b[slug])
        for slug in shared_slugs
    )

    def others(
        grouped: dict[str, list[BenchmarkResultFacts]],
    ) -> tuple[BenchmarkResult, ...]:
        rows = []
        for slug, results in sorted(
            grouped.items(), key=lambda item: _sort_key(item[1])
        ):
            if slug in shared_slugs:
                continue
            result = pick_result(results)
            assert result is not None
            rows.append(
                BenchmarkResult(
                    slug=slug,
                    name=result.benchmark_name,
                    category=result.category,
                    unit=result.unit,
                    score=score_of(result),
                )
            )
        return tuple(rows)

    return BenchmarkSection(
        summary=wording.benchmark_summary(a, b, shared),
        shared=shared,
        a_only=others(grouped_a),
        b_only=others(grouped_b),
        caution=wording.BENCHMARK_CAUTION,
    )


def leads(shared: Sequence[SharedBenchmark], key: Side) -> list[SharedBenchmark]:
    """Return the shared benchmarks the side leads on."""
    return [benchmark for benchmark in shared if benchmark.leader == key]


def largest_lead(shared: Sequence[SharedBenchmark]) -> SharedBenchmark | None:
    """Return the widest lead, preferring percentages so scales are not mixed."""
    led = [benchmark for benchmark in shared if benchmark.leader]
    if not led:
        return None
    return min(
        led,
        key=lambda s: (s.unit != "percent", -(s.margin or 0), s.name.casefold()),
    )
