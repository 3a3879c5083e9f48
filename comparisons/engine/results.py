"""
The engine's outputs: a comparison page (Comparison) or a several-model
table (ManyComparison) section by section, and the structured findings the
wording is made from (Judgement, ParameterProblem), all as frozen
dataclasses of plain values.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .inputs import Side, SourceRef, TrafficProfile, Tri


@dataclass(frozen=True)
class ModelRef:
    slug: str
    name: str
    organization_name: str


@dataclass(frozen=True)
class Cell:
    """One model's value in a table row; is_unknown flags missing data."""

    text: str
    is_unknown: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    a: Cell
    b: Cell


@dataclass(frozen=True)
class Bullet:
    text: str
    model_slug: str = ""  # the model the statement favours or is about; "" = both


@dataclass(frozen=True)
class Intro:
    title: str
    paragraphs: tuple[str, ...]
    description: str  # for <meta name="description">


@dataclass(frozen=True)
class VerdictDimension:
    """
    One weighted dimension of the verdict: who wins it, by how much and why,
    as figures (margin_value, margin_unit, reason_code) and in words (margin,
    reason). margin_value is None where there is no figure: no data, or a
    dimension (openness) that is won without a measurable margin; on a tie
    with data it is 0 (or 1 for a ratio).
    """

    key: str
    label: str
    weight: int
    is_priority: bool
    winner: Side | None
    winner_slug: str
    margin: str
    reason: str
    has_data: bool
    # Appended, so the dataclass's field order (and to_dict()) keeps its
    # existing fields in place.
    margin_value: Decimal | None = None
    margin_unit: str = ""  # one of MARGIN_UNITS, or "" with no margin_value
    reason_code: str = ""  # one of REASON_CODES[key]


@dataclass(frozen=True)
class Verdict:
    """The overall pick and the weighted dimensions that explain it."""

    sentence: str  # what the page shows: the override when editors set one
    computed_sentence: str
    is_override: bool
    pick: Side | None
    pick_slug: str
    is_tie: bool
    score_a: int
    score_b: int
    dimensions: tuple[VerdictDimension, ...]
    priorities: tuple[str, ...]
    weights_text: str
    # The weighted scores are within one weight point: too close to call.
    is_close_call: bool = False
    # When a dimension is a tie and a pick too close to call, in words.
    thresholds_text: str = ""


@dataclass(frozen=True)
class RouteCost:
    """One route's monthly cost at the profile, or why there is none."""

    provider_slug: str
    provider_name: str
    identifier: str
    monthly_cost: Decimal | None
    monthly_cost_display: str
    unavailable_reason: str
    is_free_tier: bool
    is_eligible: bool  # may be taken as the cheapest route
    is_cheapest: bool
    long_context_tier_applied: bool
    notes: tuple[str, ...]
    provider_kind: str = ""
    # Why the route is left out of "cheapest", the median and the verdict
    # (vocabulary.ROUTE_DOUBTS: retired, deprecated, plan, free_tier,
    # far_below_list), and in words; "" for a trusted route.
    doubt: str = ""
    doubt_text: str = ""
    is_list_price: bool = False  # the route whose price is the model's list price


@dataclass(frozen=True)
class ModelCost:
    """
    A model's monthly cost at the profile: at its list price and on its
    cheapest trusted route (trust.md, sections 1 and 2), and every route's.
    """

    model_slug: str
    model_name: str
    monthly_cost: Decimal | None  # on the cheapest trusted route
    monthly_cost_display: str  # "$7,750" or "Unavailable"
    cheapest_provider_name: str
    cheapest_identifier: str
    reason: str  # why it is unavailable
    notes: tuple[str, ...]
    routes: tuple[RouteCost, ...]
    cheapest_provider_kind: str = ""
    # At the list price: the model's own organization's pay-as-you-go API
    # ("first_party"), else the median of its trusted paid routes ("median").
    list_cost: Decimal | None = None
    list_cost_display: str = "Unavailable"
    list_basis: str = ""  # "first_party", "median" or "" (none)
    list_provider_name: str = ""  # the first-party route's provider
    list_identifier: str = ""
    list_route_count: int = 0  # how many routes the median is of
    list_text: str = ""  # "OpenAI API (gpt-4-turbo)", "median of 4 routes"
    # The request the profile describes exceeds the model's context window or
    # max output: no cost is possible; the reason says which limit.
    is_possible: bool = True

    def cost_on(self, basis: str) -> Decimal | None:
        """Return the monthly cost on a price basis: "list" or "cheapest"."""
        return self.list_cost if basis == "list" else self.monthly_cost


@dataclass(frozen=True)
class CostDelta:
    """How the two monthly costs compare, or why they cannot be."""

    sentence: str
    cheaper: Side | None = None
    cheaper_slug: str = ""
    difference: Decimal | None = None
    difference_display: str = ""
    ratio: Decimal | None = None  # how many times the dearer one costs
    ratio_display: str = ""
    basis: str = "list"  # the price basis compared: "list" or "cheapest"


@dataclass(frozen=True)
class CostSection:
    profile: TrafficProfile
    profile_text: str
    method: str
    a: ModelCost
    b: ModelCost
    delta: CostDelta


@dataclass(frozen=True)
class PriceRoute:
    provider_slug: str
    provider_name: str
    provider_kind: str
    is_first_party: bool
    identifier: str
    region: str
    region_display: str
    input_price: Decimal | None
    input_price_display: str
    output_price: Decimal | None
    output_price_display: str
    cached_input_price: Decimal | None
    cached_input_price_display: str
    lifecycle: str
    source: SourceRef | None
    source_url: str
    last_verified: dt.date | None
    is_cheapest: bool
    is_free_tier: bool
    is_list_price: bool = False
    doubt: str = ""  # why it is left out of "cheapest" (RouteCost.doubt)
    doubt_text: str = ""
    last_reviewed: dt.date | None = None
    # The latest check: "checked" (the source's own date) or "reviewed" (an
    # editor's), its date (None: never), and who checked ("" for a review).
    check_kind: str = "checked"
    checked_on: dt.date | None = None
    checked_by: str = ""


@dataclass(frozen=True)
class ModelPricing:
    model_slug: str
    model_name: str
    cheapest_route_text: str
    routes: tuple[PriceRoute, ...]
    message: str  # "No route tracked for ..." when routes is empty


@dataclass(frozen=True)
class PricingSection:
    rows: tuple[Row, ...]
    a: ModelPricing
    b: ModelPricing


@dataclass(frozen=True)
class CapabilityCell:
    value: Tri
    text: str
    source: SourceRef | None


@dataclass(frozen=True)
class CapabilityRow:
    key: str
    label: str
    a: CapabilityCell
    b: CapabilityCell


@dataclass(frozen=True)
class BenchmarkScore:
    value: Decimal
    display: str
    provenance: str
    method: str
    recorded_on: dt.date | None
    source: SourceRef | None
    source_url: str
    # The model's variant the score was measured on; empty for its own.
    variant_slug: str = ""
    variant_name: str = ""


@dataclass(frozen=True)
class SharedBenchmark:
    """A benchmark both models have a score on, side by side."""

    slug: str
    name: str
    category: str
    unit: str
    higher_is_better: bool
    a: BenchmarkScore
    b: BenchmarkScore
    provenance_text: str
    comparable: bool
    leader: Side | None
    leader_slug: str
    margin: Decimal | None
    margin_display: str
    lead_text: str
    # Why no lead is claimed: "" (there is one, or a tie), "different_sources"
    # (trust.md, section 5), "different_scales" (units or directions), or
    # "within_noise" (a margin under the noise, section 4).
    no_lead_reason: str = ""


@dataclass(frozen=True)
class BenchmarkResult:
    slug: str
    name: str
    category: str
    unit: str
    score: BenchmarkScore


@dataclass(frozen=True)
class BenchmarkSection:
    summary: str
    shared: tuple[SharedBenchmark, ...]
    a_only: tuple[BenchmarkResult, ...]
    b_only: tuple[BenchmarkResult, ...]
    caution: str


@dataclass(frozen=True)
class ChartPoint:
    """One model on the price-against-score chart."""

    slug: str
    name: str
    price: Decimal | None  # blended $ per 1M tokens; None is "no sourced price"
    price_display: str
    score: Decimal
    score_display: str
    highlighted: bool  # one of the two models the page compares


@dataclass(frozen=True)
class PriceScoreChart:
    """
    Price against score on one shared benchmark, the pair among its peers; or,
    when there is nothing worth plotting, the sentence that says why.
    """

    is_shown: bool
    message: str  # why there is no chart; "" when is_shown
    benchmark_slug: str
    benchmark_name: str
    unit: str
    higher_is_better: bool
    selection: str  # why this benchmark
    title: str
    description: str  # the chart's long description, for <desc>
    caption: str
    x_label: str
    y_label: str
    points: tuple[ChartPoint, ...]  # plotted, cheapest first
    not_plotted: tuple[ChartPoint, ...]  # scored, but no sourced price
    not_plotted_text: str


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str


@dataclass(frozen=True)
class RelatedLink:
    slug_a: str
    slug_b: str
    name_a: str
    name_b: str
    path_slug: str
    reason: str
    is_curated: bool


@dataclass(frozen=True)
class RelatedSection:
    rule: str
    links: tuple[RelatedLink, ...]


@dataclass(frozen=True)
class ReviewSection:
    last_reviewed: dt.date | None
    text: str
    reviewed_by: str
    editor_notes: str
    sources: tuple[SourceRef, ...]
    sources_text: str
    attributions: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """A whole comparison page, section by section, in plain values."""

    path_slug: str  # "<a-slug>-vs-<b-slug>", canonical order
    a: ModelRef
    b: ModelRef
    intro: Intro
    verdict: Verdict
    scorecard: tuple[Row, ...]
    tradeoffs: tuple[Bullet, ...]
    costs: CostSection
    switch_friction: tuple[Bullet, ...]
    specs: tuple[Row, ...]
    pricing: PricingSection
    capabilities: tuple[CapabilityRow, ...]
    # The capabilities left out of the matrix: unknown for every model.
    capabilities_note: str
    benchmarks: BenchmarkSection
    chart: PriceScoreChart
    deep_dive: tuple[str, ...]
    faq: tuple[FaqItem, ...]
    related: RelatedSection
    review: ReviewSection
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as nested dicts, lists and plain values."""
        return dataclasses.asdict(self)


# Several models side by side ------------------------------------------------


@dataclass(frozen=True)
class ManyRow:
    """One row of a several-model table: a cell per model, in model order."""

    key: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ManyCapabilityRow:
    key: str
    label: str
    cells: tuple[CapabilityCell, ...]


@dataclass(frozen=True)
class ManyScore:
    score: BenchmarkScore
    is_leader: bool


@dataclass(frozen=True)
class ManyBenchmark:
    """A benchmark every chosen model has a primary score on."""

    slug: str
    name: str
    category: str
    unit: str
    higher_is_better: bool
    comparable: bool
    scores: tuple[ManyScore, ...]  # in model order
    leader_slugs: tuple[str, ...]  # several on a tie for the lead
    margin: Decimal | None  # the lead over the runner-up
    margin_display: str
    lead_text: str


@dataclass(frozen=True)
class PairLink:
    slug_a: str
    slug_b: str
    name_a: str
    name_b: str
    path_slug: str


@dataclass(frozen=True)
class ManyCosts:
    profile: TrafficProfile
    profile_text: str
    method: str
    models: tuple[ModelCost, ...]  # in model order
    rows: tuple[ManyRow, ...]
    summary: str
    cheapest_slugs: tuple[str, ...]  # several on a tie


@dataclass(frozen=True)
class ManyRecommendation:
    """The pick for one reader goal among several models, in one sentence."""

    goal: str  # cheapest | strongest | context
    label: str  # the goal, in words
    slugs: tuple[str, ...]  # the models picked; several on a tie, none if none
    sentence: str


@dataclass(frozen=True)
class ManyComparison:
    """Two to four models side by side, section by section, in plain values."""

    models: tuple[ModelRef, ...]
    title: str
    description: str
    pairs: tuple[PairLink, ...]
    specs: tuple[ManyRow, ...]
    prices: tuple[ManyRow, ...]
    costs: ManyCosts
    capabilities: tuple[ManyCapabilityRow, ...]
    capabilities_note: str
    benchmark_summary: str
    benchmarks: tuple[ManyBenchmark, ...]
    benchmark_caution: str
    warnings: tuple[str, ...]
    # One line per reader goal: cheapest, strongest, largest context window.
    recommendations: tuple[ManyRecommendation, ...] = ()
    # Price against score on a benchmark every model shares, all highlighted.
    chart: PriceScoreChart | None = None


# Findings, before words ------------------------------------------------------

# What a VerdictDimension's margin_value counts.
MARGIN_UNITS = {
    "points": "benchmark points, the leader's score less the other's",
    "x": "a ratio: how many times larger",
    "usd_per_month": "US dollars a month",
    "benchmarks": "comparable shared benchmarks led, the winner's less the other's",
    "capabilities": "coding-workflow capabilities only one model supports, net",
    "providers": "distinct providers, the winner's less the other's",
    "routes": "live routes, where the providers' count is equal",
}

# Each verdict dimension's reason codes: why it is won, tied or unjudged.
REASON_CODES = {
    "quality": (
        "no_shared_benchmark",  # no data
        "no_comparable_benchmark",  # no data: other sources, units or directions
        "same_score",  # one comparable benchmark, tied
        "lead_within_noise",  # one comparable benchmark, a lead under the noise
        "higher_score",  # one comparable benchmark, led
        "same_benchmarks_led",  # several: as many led by each
        "more_benchmarks_led",  # several: more led by the winner
    ),
    "context": (
        "window_not_sourced",
        "same_window",
        "window_within_noise",  # within 1.2x
        "larger_window",
    ),
    "cost": (
        "no_price_for_either",
        "no_price",
        "not_possible",
        "same_cost",
        "cost_within_noise",  # within 10%
        "cheaper",
    ),
    "capabilities": (
        "no_capability_data",  # no data for a model
        "no_capability_gap",  # neither has one the other lacks
        "same_capability_count",  # each has as many the other lacks
        "more_capabilities",
    ),
    "availability": (
        "no_routes_for_either",
        "same_coverage",
        "coverage_within_noise",  # providers (or routes) within 2
        "more_providers",
        "more_routes",  # as many providers, more live routes
    ),
    "openness": ("no_openness_data", "same_openness", "more_open"),
}


@dataclass(frozen=True)
class Judgement:
    """
    One verdict dimension judged, before any words: the engine's finding and
    the values wording.dimension_reason() and dimension_margin() need.
    """

    winner: Side | None
    reason_code: str
    margin_value: Decimal | None = None
    margin_unit: str = ""
    has_data: bool = True
    # For each of (a, b): benchmarks led, or workflow capabilities only it
    # supports, or distinct providers.
    counts: tuple[int, int] = (0, 0)
    total: int = 0  # comparable shared benchmarks
    benchmark: SharedBenchmark | None = None  # the one comparable benchmark
    missing: tuple[str, ...] = ()  # names of the models without the data
    # For each of (a, b): workflow capability keys only it supports, and
    # those its data does not settle.
    only: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    unknown: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    basis: str = "list"  # the price basis a cost judgement compared


@dataclass(frozen=True)
class ParameterProblem:
    """
    A reader's parameter the engine could not use, as data: the page words it
    with the fallback it takes (wording.page_message()), the API without
    (wording.api_message()).
    """

    parameter: str  # the GET parameter: "requests", "preset", "priority", ...
    kind: str  # one of PROBLEM_KINDS
    label: str = ""  # "Requests per month"
    rule: str = ""  # what a valid value is: "a whole number from 1 to ..."
    fallback: str = ""  # what the page uses instead: "1,000,000"; "" if dropped
    choices: tuple[str, ...] = ()  # the valid words (presets, priorities)
    count: int = 0  # how many values were refused, or given (model lists)
    shown: tuple[str, ...] = ()  # the refused values that are safe to echo


PROBLEM_KINDS = (
    "unknown_preset",  # preset: not a preset's slug
    "empty",  # a profile field given empty
    "invalid",  # a profile field malformed or out of range
    "unknown_priorities",  # priority: words that are not priority keys
    "too_long",  # models: the list is longer than any valid one
    "too_few",  # models: fewer than MIN_MANY
    "too_many",  # models: more than MAX_MANY
    "not_slugs",  # models: a value that cannot be a slug
    "repeated",  # models: a slug given twice (shown holds it)
)
