"""
Benchmarks: which result of a model to show, who leads on a benchmark and
by how much, for a pair and for several models (their primary results).
score_lead() is the one rule of a lead, for both.

What may be compared follows trust.md (sections 4 and 5): two scores make a
lead only when they come from one source (the same leaderboard, run series
or publication: comparability_keys()) or an editor marked them comparable; a
result published by the model's own organization is self-reported whatever
an aggregator's flag says; and a margin under the noise (1 point on a
100-point scale, 1% of the larger score otherwise) is a tie.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import urlsplit

from catalog.formatting import format_points, format_score

from . import wording
from .inputs import BenchmarkResultFacts, ModelFacts, Side
from .results import BenchmarkResult, BenchmarkScore, BenchmarkSection, SharedBenchmark
from .sides import _Side, slug_of
from .vocabulary import (
    BENCHMARK_NOISE_POINTS,
    BENCHMARK_NOISE_SHARE,
    PROVENANCE_ORDER,
)

# Sites where a path's first segment names who published it.
_OWNER_HOSTS = {"huggingface.co", "github.com", "www.github.com"}


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _site_and_owner(url: str) -> tuple[str, str]:
    """Return a URL's site (its last two host labels) and, on a code host, its owner."""
    parts = urlsplit(url)
    host = (parts.hostname or "").casefold()
    site = ".".join(host.split(".")[-2:])
    owner = parts.path.strip("/").split("/")[0] if host in _OWNER_HOSTS else ""
    return site, owner


def is_own_publication(result: BenchmarkResultFacts, model: ModelFacts) -> bool:
    """
    Whether the result was published by the model's own organization: its
    source's publisher is the organization, or its page is on the
    organization's site, Hugging Face or GitHub account.
    """
    names = {
        _letters(name)
        for name in (
            model.organization_name,
            model.organization_slug,
            model.organization_slug.removesuffix("-ai"),
        )
        if len(_letters(name)) >= 3
    }
    publisher = _letters(result.source.publisher) if result.source else ""
    if publisher and publisher in names:
        return True
    site, owner = _site_and_owner(result.source_url)
    where = _letters(owner or site.split(".")[0])
    return bool(where) and any(name in where or where in name for name in names)


def effective_provenance(result: BenchmarkResultFacts, model: ModelFacts) -> str:
    """Return the result's provenance: self-reported when its organization published it."""
    if is_own_publication(result, model):
        return "self_reported"
    return result.provenance


def comparability_keys(result: BenchmarkResultFacts, provenance: str) -> frozenset:
    """
    Return what a result may share with another to be compared (two results
    are comparable when their keys meet): an editor's group, and only that;
    else the page it was published on with its method (one publication's
    table, whoever's scores it lists); and, for a self-reported score, that
    page whatever the method (a lab's settings are its own), for another the
    source, its method and its site (one leaderboard or run series).
    """
    if result.comparable_group:
        return frozenset({("group", result.comparable_group)})
    parts = urlsplit(result.source_url)
    page = ((parts.hostname or "").casefold(), parts.path.rstrip("/"))
    on_page = {("page", *page, result.method)} if page[1] else set()
    if provenance == "self_reported":
        return frozenset({("page", *page), *on_page})
    source = result.source.key if result.source else ""
    site = _site_and_owner(result.source_url)[0]
    return frozenset({("source", source, result.method, site), *on_page})


def within_noise(margin: Decimal, unit: str, scores: Sequence[Decimal]) -> bool:
    """Whether a lead is under the noise: 1 point of 100, else 1% of the larger score."""
    if unit == "percent":
        return margin < BENCHMARK_NOISE_POINTS
    return margin < BENCHMARK_NOISE_SHARE * max(abs(score) for score in scores)


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
        variant_slug=result.variant_slug,
        variant_name=result.variant_name,
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


def _comparable_pair(
    a: _Side,
    b: _Side,
    results_a: Sequence[BenchmarkResultFacts],
    results_b: Sequence[BenchmarkResultFacts],
) -> tuple[BenchmarkResultFacts, BenchmarkResultFacts, str] | None:
    """
    Return the pair of results that may be compared, and their provenance:
    of one source, independent before self-reported, then as pick_result()
    prefers; None when no pair is of one source.
    """
    keyed_a = [(r, effective_provenance(r, a.facts)) for r in results_a]
    keyed_b = [(r, effective_provenance(r, b.facts)) for r in results_b]
    pairs = [
        (ra, rb, pa if pa == pb else "unknown")
        for ra, pa in keyed_a
        for rb, pb in keyed_b
        if comparability_keys(ra, pa) & comparability_keys(rb, pb)
    ]
    if not pairs:
        return None

    def preference(pair):
        ra, rb, provenance = pair
        return (
            PROVENANCE_ORDER.index(provenance),
            not (ra.is_primary and rb.is_primary),
            -max(
                (ra.date.toordinal() if ra.date else 0),
                (rb.date.toordinal() if rb.date else 0),
            ),
            results_a.index(ra),
            results_b.index(rb),
        )

    return min(pairs, key=preference)


def _compare_benchmark(
    a: _Side,
    b: _Side,
    results_a: Sequence[BenchmarkResultFacts],
    results_b: Sequence[BenchmarkResultFacts],
) -> SharedBenchmark:
    """
    Return one shared benchmark side by side: the pair of results of one
    source when there is one, else each model's own result, shown side by
    side with no lead claimed.
    """
    found = _comparable_pair(a, b, results_a, results_b)
    if found is not None:
        result_a, result_b, _ = found
        no_lead_reason = ""
    else:
        result_a, result_b = pick_result(results_a), pick_result(results_b)
        assert result_a is not None and result_b is not None
        no_lead_reason = "different_sources"
    # Each score's own provenance: in a lab's table, its own score is
    # self-reported and a rival's is not, though the two are comparable.
    provenance_a = effective_provenance(result_a, a.facts)
    provenance_b = effective_provenance(result_b, b.facts)
    provenance = provenance_a if provenance_a == provenance_b else None
    lead = score_lead((result_a, result_b))
    if not lead.comparable:
        no_lead_reason = "different_scales"
    leader: Side | None = None
    margin: Decimal | None = None
    if lead.comparable and not no_lead_reason:
        if lead.margin is None:  # a tie: no lead, a margin of zero
            margin = abs(result_a.score - result_b.score)
        else:
            margin = lead.margin
            if within_noise(margin, result_a.unit, (result_a.score, result_b.score)):
                no_lead_reason = "within_noise"
            else:
                leader = "a" if lead.leaders == (0,) else "b"
    shared = SharedBenchmark(
        slug=result_a.benchmark_slug,
        name=result_a.benchmark_name,
        category=result_a.category or result_b.category,
        unit=result_a.unit,
        higher_is_better=result_a.higher_is_better,
        a=replace(score_of(result_a), provenance=provenance_a),
        b=replace(score_of(result_b), provenance=provenance_b),
        provenance_text=wording.provenance_text(
            a, b, provenance, provenance_a, provenance_b
        ),
        comparable=lead.comparable and no_lead_reason != "different_sources",
        leader=leader,
        leader_slug=slug_of((a, b), leader),
        margin=margin,
        margin_display=format_points(margin) if margin is not None else "",
        lead_text="",
        no_lead_reason=no_lead_reason,
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
