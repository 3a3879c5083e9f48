"""
The comparison engine: facts about two language models in, a "Model A vs Model B"
page's content out.

Everything here is pure: frozen dataclasses go in (ModelFacts, TrafficProfile, ...)
and come out (Comparison and its sections), with no Django, no clock and no
randomness, so the page, the JSON API and the tests all read the same result.
Unknown data stays unknown: Tri.UNKNOWN is not "no", a price of None is "not
sourced" (not free), and missing data is said in words and never counted as a loss.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from enum import StrEnum
from typing import Any, Literal, NamedTuple

from catalog.formatting import (
    capitalize_first,
    format_count,
    format_money,
    format_parameters,
    format_points,
    format_price,
    format_ratio,
    format_release,
    format_score,
    format_tokens,
    join_list,
    pluralize,
    possessive,
)

# Costs are exact: 10**12 requests x 10**7 tokens x a six-decimal price fits with
# room to spare, so no intermediate result is ever rounded.
_PRECISION = 100
MILLION = Decimal(1_000_000)

Side = Literal["a", "b"]


# Inputs ---------------------------------------------------------------------


class Tri(StrEnum):
    """A sourced yes or no, or unknown, which is never read as no."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SourceRef:
    """Where a figure comes from."""

    key: str
    title: str
    url: str
    publisher: str = ""
    license: str = ""
    requires_attribution: bool = False
    retrieved_on: dt.date | None = None
    # The credit line a licence such as CC BY asks for, e.g. "LLM Stats
    # (llm-stats.com)"; publisher and title are used when it is empty.
    attribution: str = ""


@dataclass(frozen=True)
class RouteFacts:
    """One way to call a model: a provider's identifier and its prices."""

    provider_slug: str
    provider_name: str
    identifier: str
    provider_kind: str = "inference_host"  # first_party | cloud | router | ...
    is_first_party: bool = False  # the model's own organization (tie-break)
    region: str = ""
    # USD per 1M tokens. None is "not sourced", which is not 0 ("free").
    input_price: Decimal | None = None
    output_price: Decimal | None = None
    cache_read_price: Decimal | None = None
    cache_write_price: Decimal | None = None
    batch_input_price: Decimal | None = None
    batch_output_price: Decimal | None = None
    # Above this many input tokens the whole request pays the tier prices.
    long_context_threshold: int | None = None
    long_context_input_price: Decimal | None = None
    long_context_output_price: Decimal | None = None
    output_tokens_per_second: Decimal | None = None
    time_to_first_token_ms: int | None = None
    lifecycle: str = "active"  # active | preview | deprecated | retired
    source: SourceRef | None = None
    source_url: str = ""
    last_verified: dt.date | None = None


@dataclass(frozen=True)
class BenchmarkResultFacts:
    """One score of a model on a benchmark."""

    benchmark_slug: str
    benchmark_name: str
    score: Decimal
    category: str = ""
    unit: str = "percent"
    higher_is_better: bool = True
    provenance: str = "unknown"  # independent | self_reported | unknown
    method: str = ""
    date: dt.date | None = None
    source: SourceRef | None = None
    source_url: str = ""
    is_primary: bool = True  # the catalog's chosen result for (model, benchmark)


@dataclass(frozen=True)
class CapabilityFacts:
    """A capability's value; a key missing from ModelFacts is Tri.UNKNOWN."""

    key: str
    value: Tri
    source: SourceRef | None = None


@dataclass(frozen=True)
class ModelFacts:
    """Everything the page says about one model, as ORM-free plain values."""

    slug: str
    name: str
    organization_slug: str
    organization_name: str
    family: str = ""
    description: str = ""
    release_date: dt.date | None = None
    release_date_precision: str = "day"  # day | month | year
    lifecycle_status: str = "active"
    lifecycle_date: dt.date | None = None
    context_window: int | None = None
    max_output_tokens: int | None = None
    parameter_count: int | None = None
    parameter_count_is_estimate: bool = False
    parameter_count_note: str = ""
    active_parameter_count: int | None = None
    architecture: str = "unknown"  # dense | mixture_of_experts | unknown
    license_name: str = ""
    license_is_osi_approved: bool = False
    license_url: str = ""
    open_weights: Tri = Tri.UNKNOWN
    commercial_use: str = "unknown"  # allowed | conditional | not_allowed | unknown
    knowledge_cutoff: str = ""  # "YYYY-MM", or "" when unknown
    input_modalities: tuple[str, ...] = ()
    output_modalities: tuple[str, ...] = ()
    capabilities: tuple[CapabilityFacts, ...] = ()
    decision_tags: tuple[str, ...] = ()
    routes: tuple[RouteFacts, ...] = ()
    results: tuple[BenchmarkResultFacts, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    last_reviewed: dt.date | None = None
    status: str = "published"


@dataclass(frozen=True)
class PeerFacts:
    """Light facts about another published model, for "Continue comparing"."""

    slug: str
    name: str
    organization_slug: str
    organization_name: str
    parameter_count: int | None = None
    context_window: int | None = None
    cheapest_input_price: Decimal | None = None
    cheapest_output_price: Decimal | None = None
    benchmark_scores: tuple[tuple[str, Decimal], ...] = ()
    # The benchmark pages' figure: the lowest blend over single routes. When it
    # is not given, the chart blends the cheapest input and output prices.
    cheapest_blended_price: Decimal | None = None


@dataclass(frozen=True)
class CuratedLayer:
    """The editors' layer over a curated pair."""

    verdict_override: str = ""
    editor_notes: str = ""
    last_reviewed: dt.date | None = None
    featured: bool = False
    reviewed_by: str = ""


@dataclass(frozen=True)
class TrafficProfile:
    """The traffic a monthly cost is estimated for; shares run from 0 to 1."""

    requests_per_month: int = 1_000_000
    input_tokens: int = 500
    output_tokens: int = 350
    cached_share: Decimal = Decimal(0)
    batch_share: Decimal = Decimal(0)
    include_free_tiers: bool = False


@dataclass(frozen=True)
class TrafficPreset:
    """A named, typical traffic profile the reader can start from."""

    slug: str
    label: str
    description: str
    profile: TrafficProfile


# Vocabulary -----------------------------------------------------------------

# (key, label, phrase inside a sentence), in display order.
CAPABILITIES: tuple[tuple[str, str, str], ...] = (
    ("vision", "Vision", "vision"),
    ("multimodal_input", "Multimodal input", "multimodal input"),
    ("reasoning", "Reasoning", "reasoning"),
    ("function_calling", "Function calling", "function calling"),
    ("tool_use", "Tool use", "tool use"),
    ("structured_outputs", "Structured outputs", "structured outputs"),
    ("code_execution", "Code execution", "code execution"),
    ("ide_integration", "IDE integration", "IDE integration"),
    ("computer_use", "Computer use", "computer use"),
    ("parallel_agents", "Parallel agents", "parallel agents"),
)
CAPABILITY_KEYS = tuple(key for key, _, _ in CAPABILITIES)
_CAPABILITY_PHRASES = {key: phrase for key, _, phrase in CAPABILITIES}

# The coding and agent workflow the "capabilities" verdict dimension weighs.
WORKFLOW_CAPABILITIES = (
    "function_calling",
    "tool_use",
    "structured_outputs",
    "code_execution",
)


@dataclass(frozen=True)
class _DimensionSpec:
    key: str
    label: str
    weight: int
    strength: str  # what winning it offers: "choose X for {strength}"
    when: str  # "choose X when {when}"


DIMENSIONS: tuple[_DimensionSpec, ...] = (
    _DimensionSpec(
        "quality", "Quality", 3, "benchmark quality", "benchmark quality matters"
    ),
    _DimensionSpec(
        "context",
        "Context",
        1,
        "a longer context window",
        "a longer context window matters",
    ),
    _DimensionSpec(
        "cost", "Cost", 2, "lower cost at your traffic", "cost at your traffic matters"
    ),
    _DimensionSpec(
        "capabilities",
        "Coding workflow",
        2,
        "coding workflow support",
        "coding workflow support matters",
    ),
    _DimensionSpec(
        "availability", "Availability", 1, "provider choice", "provider choice matters"
    ),
    _DimensionSpec(
        "openness",
        "Openness",
        1,
        "open weights and licensing",
        "open weights and licensing matter",
    ),
)
_DIMENSIONS_BY_KEY = {spec.key: spec for spec in DIMENSIONS}
PRIORITY_KEYS: tuple[str, ...] = tuple(spec.key for spec in DIMENSIONS)
# A priority triples a dimension's weight: enough for the coding-workflow
# dimension alone to outweigh quality, context and openness together.
PRIORITY_MULTIPLIER = 3

TRAFFIC_PRESETS: tuple[TrafficPreset, ...] = (
    TrafficPreset(
        "chat-assistant",
        "Chat assistant",
        "Short conversational turns with a brief system prompt.",
        TrafficProfile(),
    ),
    TrafficPreset(
        "rag",
        "RAG",
        "Answers grounded in retrieved passages; the fixed instructions are cached.",
        TrafficProfile(300_000, 6_000, 400, cached_share=Decimal("0.25")),
    ),
    TrafficPreset(
        "agent",
        "Coding agent",
        "Tool-calling steps that resend a growing transcript, mostly from cache.",
        TrafficProfile(200_000, 20_000, 1_000, cached_share=Decimal("0.6")),
    ),
    TrafficPreset(
        "batch-summarisation",
        "Batch summarisation",
        "Overnight document summaries sent through a batch API.",
        TrafficProfile(100_000, 8_000, 500, batch_share=Decimal(1)),
    ),
)
_PRESETS_BY_SLUG = {preset.slug: preset for preset in TRAFFIC_PRESETS}

REQUESTS_RANGE = (1, 10**12)
TOKENS_RANGE = (1, 10**7)
_LONG_CONTEXT = 200_000  # tokens from which "long-document work" is a fair claim
_SIZE_CLASSES = (
    (10**12, "very large"),
    (10**11, "large"),
    (10**10, "mid-sized"),
    (0, "small"),
)
_PROVENANCE_ORDER = ("independent", "self_reported", "unknown")
_PROVENANCE_LABELS = {
    "independent": "independent",
    "self_reported": "self-reported",
    "unknown": "provenance unknown",
}
_ARCHITECTURES = {"dense": "Dense", "mixture_of_experts": "Mixture of experts"}
_COMMERCIAL_USE = {
    "allowed": "Allowed",
    "conditional": "Allowed with conditions",
    "not_allowed": "Not allowed",
}
MAX_RELATED = 8
RELATED_RULE = (
    "Curated comparisons that include either model come first. Then each model is "
    "paired, in turn, with its closest published peers: same organization, similar "
    "size (parameter count within 2x), similar price (cheapest output price within "
    "2x), most shared benchmarks, then similar context window (within 1.5x). The "
    "pair itself and repeated pairs are left out."
)
_STALE_AFTER_DAYS = 365


def canonical_pair(slug1: str, slug2: str) -> tuple[str, str]:
    """Return the two slugs in the page's canonical (alphabetical) order."""
    return (slug1, slug2) if slug1 <= slug2 else (slug2, slug1)


# Parsing reader input -------------------------------------------------------

_WHOLE_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
_SHARE = re.compile(r"[0-9]+(?:\.[0-9]{0,6})?|\.[0-9]{1,6}")
_SAFE_WORD = re.compile(r"[a-z][a-z_-]{0,23}")
_SWITCH_WORDS = dict.fromkeys(("1", "true", "on", "yes"), True) | dict.fromkeys(
    ("0", "false", "off", "no"), False
)


def _parse_whole(raw: str, bounds: tuple[int, int]) -> int | None:
    """Return raw as an int within bounds, or None."""
    text = raw.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        return None
    digits = text.replace(",", "").lstrip("0") or "0"
    # Length first: int() on 10,000 digits is slow and then refused by Python.
    if len(digits) > len(str(bounds[1])):
        return None
    number = int(digits)
    return number if bounds[0] <= number <= bounds[1] else None


def _parse_share(raw: str) -> Decimal | None:
    """Return raw as a Decimal within [0, 1], or None."""
    text = raw.strip()
    if not _SHARE.fullmatch(text):
        return None
    share = Decimal(text)
    return share if share <= 1 else None


def _share_text(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _show(value: object) -> str:
    """Return a profile value as the reader typed it."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, Decimal):
        return _share_text(value)
    return format_count(value) if isinstance(value, int) else str(value)


def _whole_numbers(bounds: tuple[int, int]) -> str:
    return f"a whole number from {format_count(bounds[0])} to {format_count(bounds[1])}"


_SHARE_RULE = "a number from 0 to 1 with at most 6 decimals (0.25 is 25%)"

# (GET parameter, TrafficProfile field, label, parser, what a valid value is)
_PROFILE_FIELDS: tuple[tuple[str, str, str, Callable[[str], Any], str], ...] = (
    (
        "requests",
        "requests_per_month",
        "Requests per month",
        lambda raw: _parse_whole(raw, REQUESTS_RANGE),
        _whole_numbers(REQUESTS_RANGE),
    ),
    (
        "input_tokens",
        "input_tokens",
        "Input tokens per request",
        lambda raw: _parse_whole(raw, TOKENS_RANGE),
        _whole_numbers(TOKENS_RANGE),
    ),
    (
        "output_tokens",
        "output_tokens",
        "Output tokens per request",
        lambda raw: _parse_whole(raw, TOKENS_RANGE),
        _whole_numbers(TOKENS_RANGE),
    ),
    ("cached_share", "cached_share", "Cached input share", _parse_share, _SHARE_RULE),
    ("batch_share", "batch_share", "Batch share", _parse_share, _SHARE_RULE),
    (
        "include_free",
        "include_free_tiers",
        "Include free tiers",
        lambda raw: _SWITCH_WORDS.get(raw.strip().lower()),
        "on or off",
    ),
)


def _last_value(params: Mapping[str, Any], key: str) -> str | None:
    """
    Return the last value given for key, as Django's QueryDict.get() does, for
    plain dicts of strings and dicts of lists alike.
    """
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)


def parse_traffic_profile(
    params: Mapping[str, Any],
) -> tuple[TrafficProfile, tuple[str, ...]]:
    """
    Return the traffic profile asked for by GET-style params, and messages for
    the values that could not be used.

    `preset` picks a starting profile; `requests`, `input_tokens`,
    `output_tokens`, `cached_share`, `batch_share` and `include_free` override
    it. A missing field keeps the starting value silently; an empty, malformed
    or out-of-range one keeps it too, with a message. Never raises.
    """
    errors: list[str] = []
    base = TrafficProfile()
    if preset_slug := _last_value(params, "preset"):
        preset = _PRESETS_BY_SLUG.get(preset_slug.strip())
        if preset is None:
            choices = join_list([p.slug for p in TRAFFIC_PRESETS], "or")
            errors.append(
                f"Unknown traffic preset; choose {choices}. Using the default profile."
            )
        else:
            base = preset.profile
    changes = {}
    for param, field, label, parse, rule in _PROFILE_FIELDS:
        raw = _last_value(params, param)
        if raw is None:
            continue
        default = _show(getattr(base, field))
        if not raw.strip():
            errors.append(f"{label} is empty; using {default}.")
        elif (value := parse(raw)) is None:
            errors.append(f"{label} must be {rule}; using {default}.")
        else:
            changes[field] = value
    return replace(base, **changes), tuple(errors)


def parse_priorities(
    values: Iterable[str] | str | None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """
    Return the known priority keys in the order first given (each once, however
    often repeated), and a message about any unknown ones. Accepts a list
    (QueryDict.getlist()) or a comma-separated string. Never raises.
    """
    if values is None:
        values = ()
    elif isinstance(values, str):
        values = (values,)
    chosen: list[str] = []
    unknown: list[str] = []
    for value in values:
        for part in str(value).split(","):
            key = part.strip().lower()
            if key in PRIORITY_KEYS:
                if key not in chosen:
                    chosen.append(key)
            elif key and key not in unknown:
                unknown.append(key)
    if not unknown:
        return tuple(chosen), ()
    # Echo only short plain words: the rest may be anything a URL can carry.
    shown = [f'"{key}"' for key in unknown if _SAFE_WORD.fullmatch(key)][:3]
    named = f" ({join_list(shown)})" if shown else ""
    ignored = pluralize(len(unknown), "unknown priority", "unknown priorities")
    message = f"Ignored {ignored}{named}; choose from {join_list(PRIORITY_KEYS, 'or')}."
    return tuple(chosen), (message,)


def describe_profile(profile: TrafficProfile) -> str:
    """Return the profile in words: "1,000,000 requests a month, 500 input ..."."""
    text = (
        f"{pluralize(profile.requests_per_month, 'request')} a month, "
        f"{format_count(profile.input_tokens)} input and "
        f"{pluralize(profile.output_tokens, 'output token')} each"
    )
    if profile.cached_share:
        text += f", {_share_text(profile.cached_share)} of input read from cache"
    if profile.batch_share:
        text += f", {_share_text(profile.batch_share)} of requests sent as batch"
    return text


# Outputs --------------------------------------------------------------------


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
    key: str
    label: str
    weight: int
    is_priority: bool
    winner: Side | None
    winner_slug: str
    margin: str
    reason: str
    has_data: bool


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


@dataclass(frozen=True)
class ModelCost:
    """A model's cheapest monthly cost at the profile, and every route's."""

    model_slug: str
    model_name: str
    monthly_cost: Decimal | None
    monthly_cost_display: str  # "$7,750" or "Unavailable"
    cheapest_provider_name: str
    cheapest_identifier: str
    reason: str  # why it is unavailable
    notes: tuple[str, ...]
    routes: tuple[RouteCost, ...]


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


# Cost model -----------------------------------------------------------------


def _is_free_tier(route: RouteFacts) -> bool:
    return route.input_price == 0 and route.output_price == 0


def _request_cost(
    profile: TrafficProfile,
    input_price: Decimal,
    output_price: Decimal,
    cache_read_price: Decimal | None,
) -> Decimal:
    """Return one request's cost in dollars x 1M (prices are per 1M tokens)."""
    cached_price = input_price if cache_read_price is None else cache_read_price
    share = profile.cached_share
    return (
        profile.input_tokens * ((1 - share) * input_price + share * cached_price)
        + profile.output_tokens * output_price
    )


def _standard_request_cost(
    route: RouteFacts, profile: TrafficProfile
) -> tuple[Decimal, list[str]]:
    """
    Return one request's cost below any long-context threshold, with notes on
    discounts the profile asks for but the route has no sourced price for.
    """
    assert route.input_price is not None and route.output_price is not None
    provider = route.provider_name
    notes = []
    standard = _request_cost(
        profile, route.input_price, route.output_price, route.cache_read_price
    )
    if profile.cached_share and route.cache_read_price is None:
        notes.append(
            f"Cached input tokens pay the full input price on {provider}: no "
            "cache-read price is sourced."
        )
    if not profile.batch_share:
        return standard, notes
    if route.batch_input_price is None or route.batch_output_price is None:
        notes.append(
            f"Batch requests pay standard prices on {provider}: no batch price is "
            "sourced."
        )
        return standard, notes
    batch = _request_cost(
        profile,
        route.batch_input_price,
        route.batch_output_price,
        route.cache_read_price,
    )
    share = profile.batch_share
    return (1 - share) * standard + share * batch, notes


def _long_context_request_cost(
    route: RouteFacts, profile: TrafficProfile
) -> tuple[Decimal | None, list[str], str]:
    """
    Return one request's cost above the long-context threshold, where the whole
    request, input and output, pays the tier prices; or None and the reason.
    """
    tier_input, tier_output = (
        route.long_context_input_price,
        route.long_context_output_price,
    )
    tokens = format_count(profile.input_tokens)
    threshold = format_tokens(route.long_context_threshold or 0)
    if tier_input is None or tier_output is None:
        return (
            None,
            [],
            f"{tokens} input tokens exceed the {threshold}-token long-context "
            "threshold, and no long-context price is sourced",
        )
    notes = [
        f"Requests of {tokens} input tokens exceed the {threshold}-token long-context "
        f"threshold on {route.provider_name}, so each whole request pays the tier "
        f"prices ({format_price(tier_input)} input, {format_price(tier_output)} "
        "output per 1M tokens)."
    ]
    if profile.cached_share or profile.batch_share:
        notes.append(
            f"No long-context cache or batch price is sourced on {route.provider_name}, "
            "so cached tokens and batch requests pay the tier prices too."
        )
    per_request = (
        profile.input_tokens * tier_input + profile.output_tokens * tier_output
    )
    return per_request, notes, ""


def estimate_route_cost(route: RouteFacts, profile: TrafficProfile) -> RouteCost:
    """
    Return the route's monthly cost at the traffic profile, exact, following
    "The cost model" in comparison-page.md, or None with the reason.
    """
    notes: list[str] = []
    per_request: Decimal | None = None
    reason = ""
    tiered = (
        route.long_context_threshold is not None
        and profile.input_tokens > route.long_context_threshold
    )
    with localcontext(prec=_PRECISION):
        if route.input_price is None or route.output_price is None:
            missing = [
                kind
                for kind, price in (
                    ("input", route.input_price),
                    ("output", route.output_price),
                )
                if price is None
            ]
            reason = f"No sourced {' or '.join(missing)} price"
        elif tiered:
            per_request, notes, reason = _long_context_request_cost(route, profile)
        else:
            per_request, notes = _standard_request_cost(route, profile)
        cost = (
            None
            if per_request is None
            else profile.requests_per_month * per_request / MILLION
        )
    is_free = _is_free_tier(route)
    if route.lifecycle == "retired":
        notes.append("Retired route: never taken as the cheapest.")
    elif is_free and profile.include_free_tiers:
        notes.append("Free tier: rate limits apply.")
    elif is_free:
        notes.append(
            "Free tier (rate limits apply): left out of the cheapest cost unless "
            "free tiers are included."
        )
    if cost is None:
        display = "Unavailable"
    elif is_free and cost == 0:
        display = "Free (rate limits apply)"
    else:
        display = format_money(cost)
    return RouteCost(
        provider_slug=route.provider_slug,
        provider_name=route.provider_name,
        identifier=route.identifier,
        monthly_cost=cost,
        monthly_cost_display=display,
        unavailable_reason=reason,
        is_free_tier=is_free,
        is_eligible=cost is not None
        and route.lifecycle != "retired"
        and (profile.include_free_tiers or not is_free),
        is_cheapest=False,
        long_context_tier_applied=tiered,
        notes=tuple(notes),
    )


def _route_order(route: RouteFacts) -> tuple[bool, str, str, str]:
    """Return the tie-break: the model's own organization first, then by name."""
    return (
        not route.is_first_party,
        route.provider_name.casefold(),
        route.identifier,
        route.region,
    )


def sorted_routes(model: ModelFacts) -> tuple[RouteFacts, ...]:
    """Return the model's routes in display order: its own organization first."""
    return tuple(sorted(model.routes, key=_route_order))


def estimate_model_cost(model: ModelFacts, profile: TrafficProfile) -> ModelCost:
    """
    Return every route's monthly cost, in sorted_routes() order, and the cheapest
    one: the lowest monthly total at the profile (not the lowest input price),
    ties going to the model's own organization, then to the provider name.
    """
    costs = [estimate_route_cost(route, profile) for route in sorted_routes(model)]
    eligible = [
        (cost.monthly_cost, index)
        for index, cost in enumerate(costs)
        if cost.is_eligible
    ]
    if not eligible:
        return ModelCost(
            model_slug=model.slug,
            model_name=model.name,
            monthly_cost=None,
            monthly_cost_display="Unavailable",
            cheapest_provider_name="",
            cheapest_identifier="",
            reason=_no_cost_reason(sorted_routes(model), costs),
            notes=(),
            routes=tuple(costs),
        )
    # Routes are already in tie-break order, so the lowest index wins a tie.
    _, cheapest_index = min(eligible)
    cheapest = replace(costs[cheapest_index], is_cheapest=True)
    costs[cheapest_index] = cheapest
    return ModelCost(
        model_slug=model.slug,
        model_name=model.name,
        monthly_cost=cheapest.monthly_cost,
        monthly_cost_display=format_money(cheapest.monthly_cost or Decimal(0)),
        cheapest_provider_name=cheapest.provider_name,
        cheapest_identifier=cheapest.identifier,
        reason="",
        notes=cheapest.notes,
        routes=tuple(costs),
    )


NO_ROUTE_REASON = "No route tracked, so no sourced input and output price"


def _no_cost_reason(routes: Sequence[RouteFacts], costs: Sequence[RouteCost]) -> str:
    if not costs:
        return NO_ROUTE_REASON
    priced = [cost for cost in costs if cost.monthly_cost is not None]
    if not priced:
        # Routes with both standard prices that lack only the long-context tier's.
        tier_gaps = [
            cost
            for route, cost in zip(routes, costs, strict=True)
            if cost.long_context_tier_applied
            and route.input_price is not None
            and route.output_price is not None
        ]
        if tier_gaps:
            return f"{tier_gaps[0].unavailable_reason} on any tracked route"
        return "No sourced input and output price on any tracked route"
    if all(cost.is_free_tier for cost in priced):
        return (
            "Only free tiers (rate limits apply) are priced; include free tiers to "
            "use them"
        )
    return "No active paid route has a sourced input and output price"


# Per-model view -------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    key: Side
    facts: ModelFacts
    capabilities: Mapping[str, Tri]
    capability_sources: Mapping[str, SourceRef | None]
    cost: ModelCost
    routes: tuple[RouteFacts, ...]  # sorted_routes(), in step with cost.routes
    live_routes: tuple[RouteFacts, ...]  # every route but retired ones
    provider_names: tuple[str, ...]  # distinct, alphabetical

    @property
    def name(self) -> str:
        return self.facts.name

    @property
    def slug(self) -> str:
        return self.facts.slug

    def has(self, capability: str) -> bool:
        return self.capabilities[capability] is Tri.YES


def _build_side(key: Side, model: ModelFacts, profile: TrafficProfile) -> _Side:
    values: dict[str, Tri] = {}
    sources: dict[str, SourceRef | None] = {}
    for capability in model.capabilities:
        # The first record for a key wins, so duplicates cannot flip a value.
        values.setdefault(capability.key, Tri(capability.value))
        sources.setdefault(capability.key, capability.source)
    routes = sorted_routes(model)
    live = tuple(route for route in routes if route.lifecycle != "retired")
    providers = {route.provider_slug: route.provider_name for route in live}
    return _Side(
        key=key,
        facts=model,
        capabilities={key: values.get(key, Tri.UNKNOWN) for key in CAPABILITY_KEYS},
        capability_sources={key: sources.get(key) for key in CAPABILITY_KEYS},
        cost=estimate_model_cost(model, profile),
        routes=routes,
        live_routes=live,
        provider_names=tuple(sorted(providers.values(), key=str.casefold)),
    )


def _routes_text(side: _Side) -> str:
    if not side.live_routes:
        return "no routes tracked"
    routes = pluralize(len(side.live_routes), "route")
    return f"{routes} on {pluralize(len(side.provider_names), 'provider')}"


def _lowest_price(
    side: _Side, attribute: str, include_free: bool
) -> tuple[Decimal, RouteFacts] | None:
    """Return the lowest sourced price of one kind over live routes, and its route."""
    # live_routes are in tie-break order, so the lowest index wins a tie.
    candidates = [
        (getattr(route, attribute), index)
        for index, route in enumerate(side.live_routes)
        if getattr(route, attribute) is not None
        and (include_free or not _is_free_tier(route))
    ]
    if not candidates:
        return None
    price, index = min(candidates)
    return price, side.live_routes[index]


def _winner_by(a_value: Any, b_value: Any) -> Side | None:
    """Return the side with the higher value, None on a tie."""
    if a_value == b_value:
        return None
    return "a" if a_value > b_value else "b"


def _sides_by(sides: tuple[_Side, _Side], winner: Side) -> tuple[_Side, _Side]:
    """Return (winner, other)."""
    return sides if sides[0].key == winner else (sides[1], sides[0])


def _capability_list(keys: Iterable[str]) -> str:
    return join_list([_CAPABILITY_PHRASES[key] for key in keys])


def _only_in(
    side: _Side, other: _Side, keys: Iterable[str] = CAPABILITY_KEYS
) -> list[str]:
    """Return capabilities side has and other is known to lack (unknown is not no)."""
    return [
        key
        for key in keys
        if side.capabilities[key] is Tri.YES and other.capabilities[key] is Tri.NO
    ]


def _unconfirmed_in(side: _Side, other: _Side) -> list[str]:
    """Return capabilities side has and other's data does not settle."""
    return [
        key
        for key in CAPABILITY_KEYS
        if side.capabilities[key] is Tri.YES and other.capabilities[key] is Tri.UNKNOWN
    ]


def _parameters_text(model: ModelFacts) -> str:
    count = model.parameter_count
    if count is None:
        return "Unknown"
    text = format_parameters(count)
    if model.active_parameter_count:
        text += f" total, {format_parameters(model.active_parameter_count)} active"
    note = model.parameter_count_note
    if model.parameter_count_is_estimate:
        text = f"~{text}"
        if "estimate" not in note.lower():
            note = join_list([note, "estimate"]) if note else "estimate"
    return f"{text} ({note})" if note else text


def _size_class(count: int) -> str:
    return next(label for floor, label in _SIZE_CLASSES if count >= floor)


def _license_text(model: ModelFacts) -> str:
    if not model.license_name:
        return "license not sourced"
    osi = ", OSI-approved" if model.license_is_osi_approved else ""
    return f"{model.license_name} license{osi}"


def _openness_text(model: ModelFacts) -> str:
    weights = {
        Tri.YES: "open weights",
        Tri.NO: "closed weights",
        Tri.UNKNOWN: "weights of unknown openness",
    }[model.open_weights]
    return f"{weights}, {_license_text(model)}"


# Benchmarks -----------------------------------------------------------------


def _pick_result(
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


def _score(result: BenchmarkResultFacts) -> BenchmarkScore:
    return BenchmarkScore(
        value=result.score,
        display=format_score(result.score, result.unit),
        provenance=result.provenance,
        method=result.method,
        recorded_on=result.date,
        source=result.source,
        source_url=result.source_url or (result.source.url if result.source else ""),
    )


def _results_by_benchmark(model: ModelFacts) -> dict[str, list[BenchmarkResultFacts]]:
    grouped: dict[str, list[BenchmarkResultFacts]] = {}
    for result in model.results:
        grouped.setdefault(result.benchmark_slug, []).append(result)
    return grouped


def _benchmark_sort_key(results: Sequence[BenchmarkResultFacts]) -> tuple[str, str]:
    return (results[0].benchmark_name.casefold(), results[0].benchmark_slug)


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
        for provenance in _PROVENANCE_ORDER
        if any(r.provenance == provenance for r in results_a)
        and any(r.provenance == provenance for r in results_b)
    ]
    provenance = common[0] if common else None
    result_a = _pick_result(results_a, provenance)
    result_b = _pick_result(results_b, provenance)
    assert result_a is not None and result_b is not None
    if provenance is not None:
        provenance_text = f"{capitalize_first(_PROVENANCE_LABELS[provenance])} for both"
    else:
        provenance_text = (
            f"Provenance differs: {a.name} "
            f"{_PROVENANCE_LABELS.get(result_a.provenance, result_a.provenance)}, "
            f"{b.name} {_PROVENANCE_LABELS.get(result_b.provenance, result_b.provenance)}"
        )
    comparable = (
        result_a.unit == result_b.unit
        and result_a.higher_is_better == result_b.higher_is_better
    )
    leader: Side | None = None
    margin: Decimal | None = None
    if comparable:
        margin = abs(result_a.score - result_b.score)
        sign = 1 if result_a.higher_is_better else -1
        leader = _winner_by(sign * result_a.score, sign * result_b.score)
    shared = SharedBenchmark(
        slug=result_a.benchmark_slug,
        name=result_a.benchmark_name,
        category=result_a.category or result_b.category,
        unit=result_a.unit,
        higher_is_better=result_a.higher_is_better,
        a=_score(result_a),
        b=_score(result_b),
        provenance_text=provenance_text,
        comparable=comparable,
        leader=leader,
        leader_slug=_slug_of((a, b), leader),
        margin=margin,
        margin_display=format_points(margin) if margin is not None else "",
        lead_text="",
    )
    if not comparable:
        lead_text = (
            f"Not comparable: scored in different units or directions "
            f"({result_a.unit} and {result_b.unit})"
        )
    elif leader is None:
        lead_text = f"Tied at {shared.a.display}"
    else:
        winner, _ = _sides_by((a, b), leader)
        lead_text = (
            f"{winner.name} leads by {shared.margin_display} ({_scores_text(shared)})"
        )
    return replace(shared, lead_text=lead_text)


def _scores_text(benchmark: SharedBenchmark) -> str:
    """Return the two scores, the leader's first: "79.1 vs 69.4"."""
    first, second = benchmark.a, benchmark.b
    if benchmark.leader == "b":
        first, second = second, first
    lower = "; lower is better" if not benchmark.higher_is_better else ""
    return f"{first.display} vs {second.display}{lower}"


def _slug_of(sides: tuple[_Side, _Side], key: Side | None) -> str:
    if key is None:
        return ""
    return sides[0].slug if sides[0].key == key else sides[1].slug


BENCHMARK_CAUTION = (
    "Treat isolated benchmark wins as directional: provider routing, prompt "
    "style, and tool access can move real application results."
)


def _build_benchmarks(a: _Side, b: _Side) -> BenchmarkSection:
    grouped_a = _results_by_benchmark(a.facts)
    grouped_b = _results_by_benchmark(b.facts)
    shared_slugs = sorted(
        grouped_a.keys() & grouped_b.keys(),
        key=lambda slug: _benchmark_sort_key(grouped_a[slug]),
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
            grouped.items(), key=lambda item: _benchmark_sort_key(item[1])
        ):
            if slug in shared_slugs:
                continue
            result = _pick_result(results)
            assert result is not None
            rows.append(
                BenchmarkResult(
                    slug=slug,
                    name=result.benchmark_name,
                    category=result.category,
                    unit=result.unit,
                    score=_score(result),
                )
            )
        return tuple(rows)

    return BenchmarkSection(
        summary=_benchmark_summary(a, b, shared),
        shared=shared,
        a_only=others(grouped_a),
        b_only=others(grouped_b),
        caution=BENCHMARK_CAUTION,
    )


def _leads(shared: Sequence[SharedBenchmark], key: Side) -> list[SharedBenchmark]:
    return [benchmark for benchmark in shared if benchmark.leader == key]


def _benchmark_summary(a: _Side, b: _Side, shared: Sequence[SharedBenchmark]) -> str:
    if not shared:
        return f"{a.name} and {b.name} share no benchmark in the catalog."
    parts = []
    for side in (a, b):
        names = [benchmark.name for benchmark in _leads(shared, side.key)]
        if names:
            parts.append(f"{side.name} leads on {join_list(names)}")
    ties = [
        benchmark.name
        for benchmark in shared
        if benchmark.comparable and not benchmark.leader
    ]
    if ties:
        parts.append(f"they tie on {join_list(ties)}")
    count = pluralize(len(shared), "shared benchmark")
    return f"{count}: {join_list(parts)}." if parts else f"{count}, none comparable."


def _largest_lead(shared: Sequence[SharedBenchmark]) -> SharedBenchmark | None:
    """Return the widest lead, preferring percentages so scales are not mixed."""
    leads = [benchmark for benchmark in shared if benchmark.leader]
    if not leads:
        return None
    return min(
        leads,
        key=lambda s: (s.unit != "percent", -(s.margin or 0), s.name.casefold()),
    )


# Price against score --------------------------------------------------------

# The benchmark pages' blend (catalog.selectors.BLEND_*_SHARE): three input
# tokens for each output token. Repeated, not imported: the engine stays free
# of the catalog app and of Django.
BLEND_INPUT_SHARE = Decimal("0.75")
BLEND_OUTPUT_SHARE = Decimal("0.25")
BLEND_RULE = "0.75 x input price + 0.25 x output price, free tiers left out"
# Fewer points make a scatter plot that says nothing a sentence cannot.
MIN_CHART_POINTS = 3
NOT_PLOTTED = "not plotted: no sourced price"


def blended_price(
    input_price: Decimal | None, output_price: Decimal | None
) -> Decimal | None:
    """Return the blended price per 1M tokens, or None unless both are sourced."""
    if input_price is None or output_price is None:
        return None
    return BLEND_INPUT_SHARE * input_price + BLEND_OUTPUT_SHARE * output_price


def cheapest_blended_price(model: ModelFacts) -> Decimal | None:
    """
    Return the lowest blended price over the model's routes with both prices
    sourced, free tiers left out: the rule of catalog.selectors'
    cheapest_blended_price(), so a model sits at the same price on the
    benchmark page's chart and on a comparison page's.
    """
    prices = [
        blended_price(route.input_price, route.output_price)
        for route in model.routes
        if not _is_free_tier(route)
    ]
    return min((price for price in prices if price is not None), default=None)


def _peer_blended_price(peer: PeerFacts) -> Decimal | None:
    if peer.cheapest_blended_price is not None:
        return peer.cheapest_blended_price
    return blended_price(peer.cheapest_input_price, peer.cheapest_output_price)


def _chart_point(
    slug: str,
    name: str,
    price: Decimal | None,
    score: Decimal,
    unit: str,
    highlighted: bool,
) -> ChartPoint:
    return ChartPoint(
        slug=slug,
        name=name,
        price=price,
        price_display=format_price(price) if price is not None else NOT_PLOTTED,
        score=score,
        score_display=format_score(score, unit),
        highlighted=highlighted,
    )


class _Plotted(NamedTuple):
    """A model on a chart before its figures are formatted."""

    slug: str
    name: str
    price: Decimal | None
    score: Decimal
    highlighted: bool


def _chart_models(
    benchmark: SharedBenchmark,
    sides: Sequence[_Side],
    peers: PeerIndex,
) -> list[_Plotted]:
    """Return the pair and every peer scored on the benchmark, priced or not."""
    models = []
    for side in sides:
        # The catalog's primary result, as the peers' scores and the benchmark
        # page's are, so every point on the chart is chosen the same way.
        result = _pick_result(_results_by_benchmark(side.facts)[benchmark.slug])
        assert result is not None
        price = cheapest_blended_price(side.facts)
        models.append(_Plotted(side.slug, side.name, price, result.score, True))
    pair = {side.slug for side in sides}
    models += [
        _Plotted(peer.slug, peer.name, _peer_blended_price(peer), score, False)
        for peer, score in peers.scores_on(benchmark.slug)
        if peer.slug not in pair  # the pair is never its own peer
    ]
    return models


def _no_chart(message: str) -> PriceScoreChart:
    return PriceScoreChart(
        is_shown=False,
        message=message,
        benchmark_slug="",
        benchmark_name="",
        unit="",
        higher_is_better=True,
        selection="",
        title="",
        description="",
        caption="",
        x_label="",
        y_label="",
        points=(),
        not_plotted=(),
        not_plotted_text="",
    )


def _build_price_score_chart(
    a: _Side, b: _Side, shared: Sequence[SharedBenchmark], peers: PeerIndex
) -> PriceScoreChart:
    """
    Return price against score on the shared benchmark with the most models
    both scored and priced (then the most scored, then the largest lead), the
    pair highlighted among its peers; or why there is no chart.
    """
    pair = f"{a.name} and {b.name}"
    comparable = [benchmark for benchmark in shared if benchmark.comparable]
    if not comparable:
        what = "no benchmark" if not shared else "no benchmark scored the same way"
        return _no_chart(
            f"No price-against-score chart: {pair} share {what} in the catalog."
        )
    candidates = []
    for benchmark in comparable:
        models = _chart_models(benchmark, (a, b), peers)
        priced = sum(model.price is not None for model in models)
        candidates.append((benchmark, models, priced))
    # Only the chosen benchmark's points are formatted.
    benchmark, models, priced = min(
        candidates,
        key=lambda c: (
            -c[2],
            -len(c[1]),
            c[0].unit != "percent",
            -(c[0].margin or 0),
            c[0].name.casefold(),
            c[0].slug,
        ),
    )
    points = [
        _chart_point(m.slug, m.name, m.price, m.score, benchmark.unit, m.highlighted)
        for m in models
    ]
    name = benchmark.name
    plotted = sorted(
        (point for point in points if point.price is not None),
        key=lambda p: (p.price, p.name.casefold(), p.slug),
    )
    missing = sorted(
        (point for point in points if point.price is None),
        key=lambda p: (not p.highlighted, p.name.casefold(), p.slug),
    )
    not_plotted_text = (
        f"Not plotted, with no sourced price: {join_list([p.name for p in missing])}."
        if missing
        else ""
    )
    if len(comparable) == 1:
        selection = f"{name} is the one benchmark both models are scored on."
    else:
        selection = (
            f"Of {len(comparable)} shared benchmarks, {name} has the most published "
            f"models with both a score and a sourced price ({priced})."
        )
    if priced < MIN_CHART_POINTS:
        having = [p.name for p in plotted]
        who = (
            f"only {join_list(having)} {'has' if len(having) == 1 else 'have'} both"
            if having
            else "no model has both"
        )
        # The figures stay, for the API and the page's wording; the texts that
        # would describe a chart do not, as there is none.
        return replace(
            _no_chart(
                f"No price-against-score chart on {name}: it needs at least "
                f"{MIN_CHART_POINTS} models with both a score and a sourced price, "
                f"and {who}."
            ),
            benchmark_slug=benchmark.slug,
            benchmark_name=name,
            unit=benchmark.unit,
            higher_is_better=benchmark.higher_is_better,
            selection=selection,
            points=tuple(plotted),
            not_plotted=tuple(missing),
            not_plotted_text=not_plotted_text,
        )
    direction = "higher" if benchmark.higher_is_better else "lower"
    names = [p.name for p in plotted if p.highlighted]
    highlighted = (
        f"{join_list(names)} {'is' if len(names) == 1 else 'are'} highlighted"
        if names
        else f"neither {a.name} nor {b.name} has a sourced price"
    )
    return PriceScoreChart(
        is_shown=True,
        message="",
        benchmark_slug=benchmark.slug,
        benchmark_name=name,
        unit=benchmark.unit,
        higher_is_better=benchmark.higher_is_better,
        selection=selection,
        title=f"{name} score against price",
        description=(
            f"Scatter plot of {pluralize(len(plotted), 'model')} with both a score "
            f"on {name} and a sourced price; {highlighted}. Across: the cheapest "
            f"blended price per 1M tokens ({BLEND_RULE}), on a log scale. Up: the "
            f"{name} score ({benchmark.unit}); {direction} is better. "
            f"{not_plotted_text}"
        ).strip(),
        caption=(
            f"{pluralize(len(plotted), 'model')} plotted; "
            + (
                f"the labelled diamonds mark {join_list(names)}."
                if names
                else f"{highlighted}."
            )
        ),
        x_label="Blended price, $ per 1M tokens (3 input : 1 output, log scale)",
        y_label=f"{name} score ({benchmark.unit}, {direction} is better)",
        points=tuple(plotted),
        not_plotted=tuple(missing),
        not_plotted_text=not_plotted_text,
    )


# Verdict --------------------------------------------------------------------


@dataclass(frozen=True)
class _Judgement:
    winner: Side | None
    reason: str
    margin: str = ""
    has_data: bool = True


def _judge_quality(a: _Side, b: _Side, shared: Sequence[SharedBenchmark]) -> _Judgement:
    comparable = [benchmark for benchmark in shared if benchmark.comparable]
    if not comparable:
        reason = (
            "No shared benchmarks" if not shared else "No comparable shared benchmarks"
        )
        return _Judgement(None, reason, has_data=False)
    leads_a, leads_b = _leads(comparable, "a"), _leads(comparable, "b")
    winner = _winner_by(len(leads_a), len(leads_b))
    if len(comparable) == 1:
        only = comparable[0]
        if winner is None:
            return _Judgement(None, f"Both score {only.a.display} on {only.name}")
        return _Judgement(
            winner,
            f"On {only.name}, {only.lead_text}",
            f"{only.margin_display} on {only.name}",
        )
    count = pluralize(len(comparable), "comparable shared benchmark")
    reason = (
        f"{a.name} leads on {len(leads_a)} and {b.name} on {len(leads_b)} of {count}"
    )
    return _Judgement(winner, reason, f"{len(leads_a)} to {len(leads_b)}")


def _judge_context(a: _Side, b: _Side) -> _Judgement:
    windows = {side.key: side.facts.context_window for side in (a, b)}
    missing = [side.name for side in (a, b) if windows[side.key] is None]
    if missing:
        return _Judgement(
            None, f"Context window not sourced for {join_list(missing)}", has_data=False
        )
    winner = _winner_by(windows["a"], windows["b"])
    if winner is None:
        return _Judgement(
            None,
            f"Both have a {format_tokens(windows['a'] or 0)}-token window",
            "equal",
        )
    big, small = _sides_by((a, b), winner)
    big_window, small_window = windows[big.key] or 0, windows[small.key] or 0
    reason = (
        f"{big.name} has a {format_tokens(big_window)}-token window vs "
        f"{format_tokens(small_window)} for {small.name}"
    )
    ratio = Decimal(big_window) / Decimal(small_window) if small_window else None
    margin = f"{format_ratio(ratio)} larger" if ratio else ""
    return _Judgement(winner, reason, margin)


def _judge_cost(a: _Side, b: _Side) -> _Judgement:
    missing = [side for side in (a, b) if side.cost.monthly_cost is None]
    if len(missing) == 2:
        return _Judgement(None, "No sourced price for either model", has_data=False)
    if missing:
        side = missing[0]
        why = "no routes tracked" if not side.routes else side.cost.reason.lower()
        reason = f"No sourced price for {side.name} ({why})"
        return _Judgement(None, reason, has_data=False)
    cost_a, cost_b = (
        a.cost.monthly_cost or Decimal(0),
        b.cost.monthly_cost or Decimal(0),
    )
    winner = _winner_by(-cost_a, -cost_b)
    if winner is None:
        return _Judgement(
            None, f"Both cost {format_money(cost_a)} a month at this traffic", "equal"
        )
    cheap, dear = _sides_by((a, b), winner)
    reason = (
        f"{cheap.name} costs {cheap.cost.monthly_cost_display} a month at this "
        f"traffic vs {dear.cost.monthly_cost_display} for {dear.name}"
    )
    return _Judgement(
        winner, reason, f"{format_money(abs(cost_a - cost_b))} a month less"
    )


def _judge_capabilities(a: _Side, b: _Side) -> _Judgement:
    unknown = [
        side.name
        for side in (a, b)
        if all(side.capabilities[key] is Tri.UNKNOWN for key in WORKFLOW_CAPABILITIES)
    ]
    if unknown:
        return _Judgement(
            None,
            f"No coding-workflow capability data for {join_list(unknown)}",
            has_data=False,
        )
    only_a = _only_in(a, b, WORKFLOW_CAPABILITIES)
    only_b = _only_in(b, a, WORKFLOW_CAPABILITIES)
    winner = _winner_by(len(only_a), len(only_b))
    parts = [
        f"only {side.name} supports {_capability_list(only)}"
        for side, only in ((a, only_a), (b, only_b))
        if only
    ]
    if not parts:
        reason = "Neither supports a coding-workflow capability the other lacks"
    else:
        reason = capitalize_first("; ".join(parts))
    gaps = [
        f"{_capability_list(keys)} unknown for {side.name}"
        for side in (a, b)
        if (
            keys := [
                k for k in WORKFLOW_CAPABILITIES if side.capabilities[k] is Tri.UNKNOWN
            ]
        )
    ]
    if gaps:
        reason += f" ({'; '.join(gaps)})"
    return _Judgement(
        winner, reason, f"{len(only_a)} to {len(only_b)}" if winner else ""
    )


def _judge_availability(a: _Side, b: _Side) -> _Judgement:
    if not a.live_routes and not b.live_routes:
        return _Judgement(None, "No routes tracked for either model", has_data=False)
    winner = _winner_by(
        (len(a.provider_names), len(a.live_routes)),
        (len(b.provider_names), len(b.live_routes)),
    )
    reason = f"{a.name} has {_routes_text(a)}; {b.name} has {_routes_text(b)}"
    margin = f"{len(a.provider_names)} to {len(b.provider_names)} providers"
    return _Judgement(winner, reason, margin if winner else "")


def _openness_points(model: ModelFacts) -> int | None:
    if model.open_weights is Tri.UNKNOWN and not model.license_name:
        return None
    return int(model.open_weights is Tri.YES) + int(model.license_is_osi_approved)


def _judge_openness(a: _Side, b: _Side) -> _Judgement:
    points = {side.key: _openness_points(side.facts) for side in (a, b)}
    missing = [side.name for side in (a, b) if points[side.key] is None]
    if missing:
        return _Judgement(
            None, f"No license or weights data for {join_list(missing)}", has_data=False
        )
    winner = _winner_by(points["a"], points["b"])
    reason = f"{a.name}: {_openness_text(a.facts)}; {b.name}: {_openness_text(b.facts)}"
    return _Judgement(winner, reason)


def _strongest(
    dimensions: Sequence[VerdictDimension], key: Side
) -> _DimensionSpec | None:
    """Return the heaviest dimension the side wins; the first listed on equal weight."""
    won = [d for d in dimensions if d.winner == key]
    if not won:
        return None
    best = max(won, key=lambda d: (d.weight, -PRIORITY_KEYS.index(d.key)))
    return _DIMENSIONS_BY_KEY[best.key]


def _compute_verdict(
    a: _Side,
    b: _Side,
    shared: Sequence[SharedBenchmark],
    priorities: tuple[str, ...],
    curated: CuratedLayer | None,
) -> Verdict:
    judgements = {
        "quality": _judge_quality(a, b, shared),
        "context": _judge_context(a, b),
        "cost": _judge_cost(a, b),
        "capabilities": _judge_capabilities(a, b),
        "availability": _judge_availability(a, b),
        "openness": _judge_openness(a, b),
    }
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
                winner_slug=_slug_of((a, b), judgement.winner),
                margin=judgement.margin,
                reason=judgement.reason,
                has_data=judgement.has_data,
            )
        )
    score_a = sum(d.weight for d in dimensions if d.winner == "a")
    score_b = sum(d.weight for d in dimensions if d.winner == "b")
    pick = _winner_by(score_a, score_b)
    if pick is not None:
        winner, other = _sides_by((a, b), pick)
        other_best = _strongest(dimensions, other.key)
        if other_best:
            computed = (
                f"{winner.name} is safer overall; choose {other.name} when "
                f"{other_best.when}."
            )
        else:
            computed = (
                f"{winner.name} is safer overall; {other.name} leads on no "
                "dimension with sourced data."
            )
    else:
        best_a, best_b = _strongest(dimensions, "a"), _strongest(dimensions, "b")
        if best_a and best_b:
            computed = (
                f"Neither is safer overall; choose {a.name} when {best_a.when} and "
                f"{b.name} when {best_b.when}."
            )
        else:
            computed = (
                f"Neither is safer overall: no dimension separates {a.name} and "
                f"{b.name} on the sourced data, so test both on your own prompts."
            )
    weights = ", ".join(
        f"{d.key} {d.weight}{' (priority)' if d.is_priority else ''}"
        for d in dimensions
    )
    override = curated.verdict_override.strip() if curated else ""
    return Verdict(
        sentence=override or computed,
        computed_sentence=computed,
        is_override=bool(override),
        pick=pick,
        pick_slug=_slug_of((a, b), pick),
        is_tie=pick is None,
        score_a=score_a,
        score_b=score_b,
        dimensions=tuple(dimensions),
        priorities=priorities,
        weights_text=f"Weights: {weights}.",
    )


# Sections -------------------------------------------------------------------


def _build_intro(
    a: _Side, b: _Side, shared: Sequence[SharedBenchmark], verdict: Verdict
) -> Intro:
    def release(side: _Side) -> str:
        released = side.facts.release_date
        return f"a {released.year} release" if released else "a model of unsourced date"

    org_a, org_b = a.facts.organization_name, b.facts.organization_name
    if a.facts.organization_slug == b.facts.organization_slug:
        sentences = [
            f"{a.name} and {b.name} both come from {org_a}: {a.name} is "
            f"{release(a)}, {b.name} {release(b)}."
        ]
    else:
        sentences = [
            f"{a.name} is {release(a)} from {org_a}, and {b.name} is {release(b)} "
            f"from {org_b}."
        ]

    sizes = []
    for side in (a, b):
        count = side.facts.parameter_count
        if count is not None:
            estimated = (
                "an estimated " if side.facts.parameter_count_is_estimate else ""
            )
            sizes.append(
                f"{side.name} is {_size_class(count)} ({estimated}"
                f"{format_parameters(count)} parameters)"
            )
    if sizes:
        unknown = [s.name for s in (a, b) if s.facts.parameter_count is None]
        tail = (
            f"; {possessive(unknown[0])} parameter count is not published"
            if unknown
            else ""
        )
        sentences.append(f"By parameter count, {join_list(sizes)}{tail}.")

    windows = [
        f"{side.name} has a {format_tokens(window)}-token context window"
        if (window := side.facts.context_window)
        else f"{possessive(side.name)} context window is not sourced"
        for side in (a, b)
    ]
    sentences.append(f"{', while '.join(windows)}.")

    lead = _largest_lead(shared)
    if lead:
        winner, _ = _sides_by((a, b), lead.leader or "a")
        sentences.append(
            f"On {lead.name}, {winner.name} leads by {lead.margin_display}."
        )
    elif shared:
        sentences.append("No shared benchmark separates them.")
    else:
        sentences.append("They share no benchmark in the catalog.")
    coverage = (
        "This comparison covers the verdict, monthly cost at your traffic, switch "
        "friction, specs, pricing and provider routes, capabilities, benchmarks, and "
        "common questions."
    )
    title = f"{a.name} vs {b.name}"
    return Intro(
        title=title,
        paragraphs=(" ".join(sentences), coverage),
        description=f"{title}: {verdict.computed_sentence} Specs, pricing at your "
        "traffic, capabilities, and benchmarks compared.",
    )


def _best_for(side: _Side) -> str:
    uses = []
    if side.has("vision") or side.has("multimodal_input"):
        uses.append("multimodal apps")
    if (
        side.has("function_calling")
        or side.has("tool_use")
        or side.has("code_execution")
    ):
        uses.append("tool-calling agents")
    elif side.has("structured_outputs"):
        uses.append("structured-output APIs")
    for key, use in (
        ("reasoning", "multi-step reasoning"),
        ("ide_integration", "IDE coding assistants"),
        ("computer_use", "computer-use automation"),
        ("parallel_agents", "parallel agent runs"),
    ):
        if side.has(key):
            uses.append(use)
    if (side.facts.context_window or 0) >= _LONG_CONTEXT:
        uses.append("long-document work")
    if side.facts.open_weights is Tri.YES:
        uses.append("self-hosting")
    if len(side.provider_names) >= 3:
        uses.append("provider-routed production")
    return join_list(uses)


def _cell(text: str, is_unknown: bool = False) -> Cell:
    return Cell(text=text, is_unknown=is_unknown)


def _routes_cell(side: _Side) -> Cell:
    return _cell(capitalize_first(_routes_text(side)), not side.live_routes)


def _pair_row(
    key: str, label: str, a: _Side, b: _Side, make: Callable[[_Side], Cell]
) -> Row:
    return Row(key=key, label=label, a=make(a), b=make(b))


def _build_scorecard(
    a: _Side, b: _Side, shared: Sequence[SharedBenchmark], include_free: bool
) -> tuple[Row, ...]:
    def best_for(side: _Side) -> Cell:
        text = _best_for(side)
        return _cell(text) if text else _cell("Not enough sourced data", True)

    def fit(side: _Side) -> Cell:
        tags = side.facts.decision_tags
        return (
            _cell(join_list(list(tags))) if tags else _cell("No editor tags yet", True)
        )

    def context(side: _Side) -> Cell:
        window = side.facts.context_window
        return _cell(format_tokens(window)) if window else _cell("Unknown", True)

    def output_price(side: _Side) -> Cell:
        lowest = _lowest_price(side, "output_price", include_free)
        if lowest is None:
            why = (
                f"none on {pluralize(len(side.live_routes), 'tracked route')}"
                if side.live_routes
                else "no routes tracked"
            )
            return _cell(f"No sourced price ({why})", True)
        price, route = lowest
        return _cell(f"{format_price(price)} per 1M tokens ({route.provider_name})")

    def benchmarks(side: _Side) -> Cell:
        if not shared:
            return _cell("No shared benchmarks", True)
        names = [benchmark.name for benchmark in _leads(shared, side.key)]
        leads = f"leads on {join_list(names)}" if names else "leads on none"
        return _cell(f"{pluralize(len(shared), 'shared benchmark')}; {leads}")

    return (
        _pair_row("best_for", "Best for", a, b, best_for),
        _pair_row("decision_fit", "Decision fit", a, b, fit),
        _pair_row("context_window", "Context window", a, b, context),
        _pair_row("cheapest_output_price", "Cheapest output price", a, b, output_price),
        _pair_row("provider_routes", "Provider routes", a, b, _routes_cell),
        _pair_row("shared_benchmarks", "Shared benchmarks", a, b, benchmarks),
    )


def _build_tradeoffs(
    a: _Side, b: _Side, shared: Sequence[SharedBenchmark]
) -> tuple[Bullet, ...]:
    bullets: list[Bullet] = []
    for side, other in ((a, b), (b, a)):

        def say(text: str, side: _Side = side) -> None:
            bullets.append(Bullet(text, side.slug))

        if (len(side.provider_names), len(side.live_routes)) > (
            len(other.provider_names),
            len(other.live_routes),
        ):
            say(
                f"{side.name} has broader provider coverage ({_routes_text(side)} vs "
                f"{_routes_text(other)} for {other.name}), which gives more fallback "
                "and procurement options."
            )
        only = _only_in(side, other)
        if only:
            what = "that capability" if len(only) == 1 else "those capabilities"
            say(
                f"Only {side.name} supports {_capability_list(only)}, so workloads "
                f"that depend on {what} need it."
            )
        if side.facts.open_weights is Tri.YES and other.facts.open_weights is Tri.NO:
            say(
                f"Only {side.name} has open weights ({_license_text(side.facts)}), so "
                "it can be self-hosted or fine-tuned."
            )
        for benchmark in _leads(shared, side.key):
            say(
                f"{side.name} leads on {benchmark.name} by {benchmark.margin_display} "
                f"({_scores_text(benchmark)}), a directional signal "
                "where that benchmark resembles your workload."
            )
        own, theirs = side.facts.context_window, other.facts.context_window
        if own and theirs and own > theirs:
            say(
                f"{side.name} has the larger context window ({format_tokens(own)} vs "
                f"{format_tokens(theirs)} tokens), leaving room for long prompts, "
                "retrieval packs, and transcript analysis."
            )
        own_cost, their_cost = side.cost.monthly_cost, other.cost.monthly_cost
        if own_cost is not None and their_cost is not None and own_cost < their_cost:
            say(
                f"{side.name} costs {format_money(their_cost - own_cost)} less a month "
                f"at this traffic ({side.cost.monthly_cost_display} vs "
                f"{other.cost.monthly_cost_display}), a gap that grows with volume."
            )
    bullets.extend(_tag_bullets(a, b))
    return _unique(bullets)


def _tag_bullets(a: _Side, b: _Side) -> list[Bullet]:
    tags_a, tags_b = a.facts.decision_tags, b.facts.decision_tags
    if tags_a and set(tags_a) == set(tags_b):
        return [
            Bullet(
                f"Editors tag both models for {join_list(list(tags_a))}, so decision "
                "tags do not separate them."
            )
        ]
    bullets = []
    for side, other in ((a, b), (b, a)):
        tags = side.facts.decision_tags
        if not tags:
            continue
        unique = [tag for tag in tags if tag not in other.facts.decision_tags]
        text = f"Editors tag {side.name} for {join_list(list(tags))}"
        if unique:
            verb = "is" if len(unique) == 1 else "are"
            workload = "that workload" if len(unique) == 1 else "those workloads"
            text += (
                f"; {join_list(unique)} {verb} unique to it, so shortlist "
                f"{side.name} for {workload}"
            )
        bullets.append(Bullet(f"{text}.", side.slug))
    return bullets


def _unique(bullets: Iterable[Bullet]) -> tuple[Bullet, ...]:
    seen: set[str] = set()
    kept = []
    for bullet in bullets:
        if bullet.text not in seen:
            seen.add(bullet.text)
            kept.append(bullet)
    return tuple(kept)


def _build_switch_friction(a: _Side, b: _Side) -> tuple[Bullet, ...]:
    overlap = {r.provider_slug for r in a.live_routes} & {
        r.provider_slug for r in b.live_routes
    }
    names = sorted(
        {r.provider_name for r in a.live_routes if r.provider_slug in overlap},
        key=str.casefold,
    )
    if names:
        bullets = [
            Bullet(
                f"Both run on {join_list(names)}, so a switch there can keep the same "
                "SDK, billing, and account."
            )
        ]
    else:
        without = [side.name for side in (a, b) if not side.live_routes]
        if without:
            verb = "has" if len(without) == 1 else "have"
            fact = f"{join_list(without)} {verb} no tracked provider route"
        else:
            fact = f"{a.name} and {b.name} share no tracked provider"
        bullets = [Bullet(f"{fact}; plan for SDK, billing, or endpoint changes.")]
    for side, other in ((a, b), (b, a)):
        move = f"Moving from {side.name} to {other.name}"
        lacking = _only_in(side, other)
        if lacking:
            pronoun = "it" if len(lacking) == 1 else "them"
            bullets.append(
                Bullet(
                    f"{move}: check replacement coverage for {_capability_list(lacking)} "
                    f"before moving production traffic; {other.name} does not support "
                    f"{pronoun}.",
                    side.slug,
                )
            )
        unconfirmed = _unconfirmed_in(side, other)
        if unconfirmed:
            bullets.append(
                Bullet(
                    f"{move}: confirm {other.name} supports "
                    f"{_capability_list(unconfirmed)}; the catalog has no data.",
                    side.slug,
                )
            )
        for field, what in (
            ("context_window", "context window"),
            ("max_output_tokens", "maximum output"),
        ):
            own, theirs = getattr(side.facts, field), getattr(other.facts, field)
            if own and theirs and own > theirs:
                bullets.append(
                    Bullet(
                        f"{move} shrinks the {what} from {format_tokens(own)} to "
                        f"{format_tokens(theirs)} tokens; trim or chunk anything "
                        "longer first.",
                        side.slug,
                    )
                )
        if side.facts.open_weights is Tri.YES and other.facts.open_weights is Tri.NO:
            bullets.append(
                Bullet(
                    f"{move} gives up open weights, so self-hosted deployments move "
                    "to a hosted API.",
                    side.slug,
                )
            )
    return _unique(bullets)


_SPEC_LABELS = (
    ("released", "Released"),
    ("context_window", "Context window"),
    ("max_output", "Max output"),
    ("parameters", "Parameters"),
    ("architecture", "Architecture"),
    ("license", "License"),
    ("openness", "Openness"),
    ("commercial_use", "Commercial use"),
    ("knowledge_cutoff", "Knowledge cutoff"),
)


def _spec_cells(facts: ModelFacts) -> dict[str, Cell]:
    """Return the model's spec cells by row key; "Unknown" where not sourced."""

    def known(text: str) -> Cell:
        return _cell(text or "Unknown", not text)

    def tokens(count: int | None) -> Cell:
        return known(
            f"{format_tokens(count)} ({format_count(count)} tokens)" if count else ""
        )

    osi = (
        " (OSI-approved)"
        if facts.license_name and facts.license_is_osi_approved
        else ""
    )
    weights = {Tri.YES: "Open weights", Tri.NO: "Closed weights"}
    return {
        "released": _cell(
            format_release(facts.release_date, facts.release_date_precision),
            facts.release_date is None,
        ),
        "context_window": tokens(facts.context_window),
        "max_output": tokens(facts.max_output_tokens),
        "parameters": _cell(_parameters_text(facts), facts.parameter_count is None),
        "architecture": known(_ARCHITECTURES.get(facts.architecture, "")),
        "license": known(f"{facts.license_name}{osi}"),
        "openness": known(weights.get(facts.open_weights, "")),
        "commercial_use": known(_COMMERCIAL_USE.get(facts.commercial_use, "")),
        "knowledge_cutoff": known(facts.knowledge_cutoff),
    }


def _build_specs(a: _Side, b: _Side) -> tuple[Row, ...]:
    cells_a, cells_b = _spec_cells(a.facts), _spec_cells(b.facts)
    return tuple(
        Row(key, label, cells_a[key], cells_b[key]) for key, label in _SPEC_LABELS
    )


def _price_display(price: Decimal | None) -> str:
    return format_price(price) if price is not None else "Not sourced"


def _price_route(route: RouteFacts, cost: RouteCost) -> PriceRoute:
    return PriceRoute(
        provider_slug=route.provider_slug,
        provider_name=route.provider_name,
        provider_kind=route.provider_kind,
        is_first_party=route.is_first_party,
        identifier=route.identifier,
        region=route.region,
        region_display=route.region or "Not stated",
        input_price=route.input_price,
        input_price_display=_price_display(route.input_price),
        output_price=route.output_price,
        output_price_display=_price_display(route.output_price),
        cached_input_price=route.cache_read_price,
        cached_input_price_display=_price_display(route.cache_read_price),
        lifecycle=route.lifecycle,
        source=route.source,
        source_url=route.source_url or (route.source.url if route.source else ""),
        last_verified=route.last_verified,
        is_cheapest=cost.is_cheapest,
        is_free_tier=cost.is_free_tier,
    )


def _cheapest_route(side: _Side) -> RouteFacts | None:
    for route, cost in zip(side.routes, side.cost.routes, strict=True):
        if cost.is_cheapest:
            return route
    return None


def _cheapest_price_cell(side: _Side, attribute: str) -> Cell:
    """Return one price of the route that is cheapest at the traffic profile."""
    chosen = _cheapest_route(side)
    if chosen is None:
        return _cell(f"Not sourced ({side.cost.reason.lower()})", True)
    amount = format_price(getattr(chosen, attribute))
    return _cell(f"{amount} per 1M tokens ({chosen.provider_name})")


def _providers_cell(side: _Side) -> Cell:
    if not side.provider_names:
        return _cell("No providers tracked yet", True)
    return _cell(join_list(list(side.provider_names)))


def _build_pricing(a: _Side, b: _Side) -> PricingSection:
    def model_pricing(side: _Side) -> ModelPricing:
        cost = side.cost
        if cost.monthly_cost is not None:
            cheapest = (
                f"Cheapest at this traffic: {cost.cheapest_provider_name} "
                f"({cost.cheapest_identifier})"
            )
        else:
            cheapest = f"No cheapest route: {cost.reason.lower()}"
        return ModelPricing(
            model_slug=side.slug,
            model_name=side.name,
            cheapest_route_text=cheapest,
            routes=tuple(
                _price_route(route, route_cost)
                for route, route_cost in zip(side.routes, cost.routes, strict=True)
            ),
            message="" if side.routes else f"No route tracked for {side.name}.",
        )

    rows = (
        Row(
            "input_price",
            "Input price",
            _cheapest_price_cell(a, "input_price"),
            _cheapest_price_cell(b, "input_price"),
        ),
        Row(
            "output_price",
            "Output price",
            _cheapest_price_cell(a, "output_price"),
            _cheapest_price_cell(b, "output_price"),
        ),
        _pair_row("providers", "Providers", a, b, _providers_cell),
    )
    return PricingSection(rows=rows, a=model_pricing(a), b=model_pricing(b))


def _capability_cell(side: _Side, key: str) -> CapabilityCell:
    value = side.capabilities[key]
    return CapabilityCell(
        value=value,
        text={Tri.YES: "Yes", Tri.NO: "No", Tri.UNKNOWN: "Unknown"}[value],
        source=side.capability_sources[key],
    )


def _build_capability_matrix(a: _Side, b: _Side) -> tuple[CapabilityRow, ...]:
    return tuple(
        CapabilityRow(
            key=key,
            label=label,
            a=_capability_cell(a, key),
            b=_capability_cell(b, key),
        )
        for key, label, _ in CAPABILITIES
    )


COST_METHOD = (
    "Monthly cost = requests x (input tokens x input price + output tokens x "
    "output price) per 1M tokens, on each model's cheapest tracked route with "
    "both prices sourced. Cached input pays the cache-read price, batch "
    "requests the batch prices, where sourced; above a long-context threshold "
    "the whole request pays the tier prices."
)


def _build_costs(a: _Side, b: _Side, profile: TrafficProfile) -> CostSection:
    return CostSection(
        profile=profile,
        profile_text=describe_profile(profile),
        method=COST_METHOD,
        a=a.cost,
        b=b.cost,
        delta=_cost_delta(a, b),
    )


def _cost_delta(a: _Side, b: _Side) -> CostDelta:
    missing = [side for side in (a, b) if side.cost.monthly_cost is None]
    if missing:
        names = join_list([side.name for side in missing])
        verb = "has" if len(missing) == 1 else "have"
        return CostDelta(
            f"Cost delta unavailable: {names} {verb} no route with a sourced input "
            "and output price at this traffic."
        )
    cheaper = _winner_by(-(a.cost.monthly_cost or 0), -(b.cost.monthly_cost or 0))
    if cheaper is None:
        return CostDelta(
            f"Both cost {a.cost.monthly_cost_display} a month at this traffic.",
            difference=Decimal(0),
            difference_display="$0",
        )
    cheap, dear = _sides_by((a, b), cheaper)
    low, high = (
        cheap.cost.monthly_cost or Decimal(0),
        dear.cost.monthly_cost or Decimal(0),
    )
    difference = high - low
    # Two decimals are all a reader (or an API client) can use of a ratio.
    ratio = (high / low).quantize(Decimal("0.01")) if low else None
    times = f"; {dear.name} costs {format_ratio(ratio)} as much" if ratio else ""
    return CostDelta(
        f"{cheap.name} costs {format_money(difference)} less a month than "
        f"{dear.name} at this traffic{times}.",
        cheaper=cheaper,
        cheaper_slug=cheap.slug,
        difference=difference,
        difference_display=format_money(difference),
        ratio=ratio,
        ratio_display=format_ratio(ratio) if ratio else "",
    )


def _benchmarks_paragraph(a: _Side, b: _Side, benchmarks: BenchmarkSection) -> str:
    shared = [s for s in benchmarks.shared if s.comparable]
    if not shared:
        return (
            f"{a.name} and {b.name} have no comparable shared benchmark in the "
            "catalog, so their quality cannot be compared head to head; run your own "
            "evaluation on representative prompts."
        )
    if len(shared) > 3:
        text = f"Across {benchmarks.summary}"
        widest = _largest_lead(shared)
        if widest:
            text += f" The largest gap is {widest.margin_display} on {widest.name}."
        return f"{text} {benchmarks.caution}"
    sentences = []
    for s in shared:
        if s.leader:
            winner, _ = _sides_by((a, b), s.leader)
            outcome = f"so {winner.name} leads by {s.margin_display}"
        else:
            outcome = "a tie"
        sentences.append(
            f"On {s.name}, {a.name} scores {s.a.display} and {b.name} {s.b.display} "
            f"({s.provenance_text.lower()}), {outcome}."
        )
    return f"{' '.join(sentences)} {benchmarks.caution}"


def _capabilities_paragraph(a: _Side, b: _Side) -> str:
    keys = CAPABILITY_KEYS
    parts = [
        f"only {side.name} supports {_capability_list(only)}"
        for side, other in ((a, b), (b, a))
        if (only := _only_in(side, other))
    ]
    if both := [k for k in keys if a.has(k) and b.has(k)]:
        parts.append(f"both support {_capability_list(both)}")
    neither = [
        _CAPABILITY_PHRASES[k]
        for k in keys
        if a.capabilities[k] is Tri.NO and b.capabilities[k] is Tri.NO
    ]
    if neither:
        parts.append(f"neither supports {join_list(neither, 'or')}")
    for side in (a, b):
        unknown = [k for k in keys if side.capabilities[k] is Tri.UNKNOWN]
        if unknown:
            verb = "is" if len(unknown) == 1 else "are"
            parts.append(f"{_capability_list(unknown)} {verb} unknown for {side.name}")
    return (
        f"On capabilities, {'; '.join(parts)}. Weigh these against whether the work "
        "is raw model quality, agentic coding, multimodal ingestion, or predictable "
        "structured output."
    )


def _pricing_paragraph(a: _Side, b: _Side) -> str:
    parts = []
    for side in (a, b):
        if not side.routes:
            parts.append(f"{side.name} has no tracked route, so its cost is unknown")
            continue
        priced = sum(1 for cost in side.cost.routes if not cost.unavailable_reason)
        coverage = (
            f"{side.name} has sourced prices on {priced} of "
            f"{pluralize(len(side.routes), 'route')}"
        )
        chosen = _cheapest_route(side)
        if chosen is None:
            parts.append(
                f"{coverage} but no usable cheapest route ({side.cost.reason.lower()})"
            )
        else:
            parts.append(
                f"{coverage}, the cheapest at this traffic being "
                f"{chosen.provider_name} at {_price_display(chosen.input_price)} input "
                f"and {_price_display(chosen.output_price)} output per 1M tokens"
            )
    return (
        f"{capitalize_first('; '.join(parts))}. Treat unknown pricing as an "
        "integration gap, and verify the route you will actually call before "
        "estimating production spend."
    )


def _choice_paragraph(a: _Side, b: _Side, verdict: Verdict) -> str:
    choices = [
        f"choose {side.name} for {join_list(strengths)}"
        for side in (a, b)
        if (
            strengths := [
                _DIMENSIONS_BY_KEY[d.key].strength
                for d in verdict.dimensions
                if d.winner == side.key
            ]
        )
    ]
    when = (
        capitalize_first("; ".join(choices))
        if choices
        else "Neither model leads on a dimension with sourced data"
    )
    return (
        f"{when}. Either way, rerun your own prompts through the exact provider, "
        "region, and tool stack you plan to ship."
    )


def _capability_answer(a: _Side, b: _Side, key: str) -> str:
    phrase = _CAPABILITY_PHRASES[key]
    values = (a.capabilities[key], b.capabilities[key])
    caveat = (
        " Validate it on the provider endpoint you plan to call: model support and "
        "API exposure can differ."
    )
    if values == (Tri.YES, Tri.YES):
        return (
            f"Both {a.name} and {b.name} support {phrase}, so choose on benchmarks, "
            f"context, price, and whether your provider route exposes it.{caveat}"
        )
    if values == (Tri.UNKNOWN, Tri.UNKNOWN):
        return f"The catalog has no sourced {phrase} data for either model."
    if values == (Tri.NO, Tri.NO):
        return f"Neither {a.name} nor {b.name} supports {phrase} in the sourced data."
    parts = []
    for side in (a, b):
        value = side.capabilities[key]
        if value is Tri.YES:
            parts.append(f"{side.name} supports {phrase}")
        elif value is Tri.NO:
            parts.append(f"{side.name} does not")
        else:
            parts.append(f"{possessive(side.name)} support is not sourced")
    if Tri.YES not in values:
        # "does not" needs its object when the other side is merely unknown.
        parts = [p.replace("does not", f"does not support {phrase}") for p in parts]
        return f"{capitalize_first('; '.join(parts))}."
    return f"{capitalize_first('; '.join(parts))}.{caveat}"


def _context_answer(a: _Side, b: _Side) -> str:
    windows = {side.key: side.facts.context_window for side in (a, b)}
    if not (windows["a"] and windows["b"]):
        return " ".join(
            f"{side.name} supports {format_tokens(window)} tokens."
            if (window := windows[side.key])
            else f"{possessive(side.name)} context window is not sourced."
            for side in (a, b)
        )
    bigger = _winner_by(windows["a"], windows["b"])
    if bigger is None:
        return (
            f"Both support {format_tokens(windows['a'])} tokens, so context size does "
            "not separate them."
        )
    big, small = _sides_by((a, b), bigger)
    return (
        f"{big.name} supports {format_tokens(windows[big.key] or 0)} tokens, while "
        f"{small.name} supports {format_tokens(windows[small.key] or 0)}. The larger "
        "window matters for long documents, large codebases, retrieval-heavy agents, "
        "and long conversations; confirm the provider's limit before relying on it."
    )


def _license_answer(a: _Side, b: _Side) -> str:
    sentences = []
    for side in (a, b):
        facts = side.facts
        weights = {
            Tri.YES: f"{side.name} has open weights",
            Tri.NO: f"{side.name} has closed weights",
            Tri.UNKNOWN: f"Whether {possessive(side.name)} weights are open is not sourced",
        }[facts.open_weights]
        osi = ", an OSI-approved license" if facts.license_is_osi_approved else ""
        license_name = (
            f"{facts.license_name}{osi}" if facts.license_name else "not sourced"
        )
        sentences.append(f"{weights}; its license is {license_name}.")
    return (
        f"{' '.join(sentences)} Licenses decide whether you can self-host, "
        "redistribute weights, or only call hosted APIs, so confirm the upstream "
        "terms before deployment."
    )


def _where_answer(a: _Side, b: _Side) -> str:
    sentences = []
    for side in (a, b):
        if side.provider_names:
            sentences.append(
                f"{side.name} is available on {join_list(list(side.provider_names))} "
                f"({pluralize(len(side.live_routes), 'tracked route')})."
            )
        elif side.facts.open_weights is Tri.YES:
            sentences.append(
                f"{side.name} has no tracked providers yet, but its open weights can "
                "be self-hosted."
            )
        else:
            sentences.append(f"{side.name} has no tracked providers yet.")
    return (
        f"{' '.join(sentences)} Provider coverage affects latency, regions, "
        "compliance, and fallback options."
    )


def _build_faq(
    a: _Side, b: _Side, benchmarks: BenchmarkSection, costs: CostSection
) -> tuple[FaqItem, ...]:
    pair = f"{a.name} or {b.name}"
    cheaper = " ".join(
        f"{side.name} costs {side.cost.monthly_cost_display} a month on "
        f"{side.cost.cheapest_provider_name}."
        if side.cost.monthly_cost is not None
        else f"{possessive(side.name)} cost is unavailable ({side.cost.reason.lower()})."
        for side in (a, b)
    )
    return (
        FaqItem(f"Which has a larger context window, {pair}?", _context_answer(a, b)),
        FaqItem(f"Is {pair} open source?", _license_answer(a, b)),
        *(
            FaqItem(
                f"Which is better for {_CAPABILITY_PHRASES[key]}, {pair}?",
                _capability_answer(a, b, key),
            )
            for key in ("vision", "multimodal_input", "function_calling")
        ),
        FaqItem(f"Where can I run {a.name} and {b.name}?", _where_answer(a, b)),
        FaqItem(
            f"Which is cheaper at my traffic, {pair}?",
            f"At {costs.profile_text}: {cheaper} {costs.delta.sentence}",
        ),
        FaqItem(
            f"Which scores higher on benchmarks, {pair}?",
            f"{benchmarks.summary} {benchmarks.caution}",
        ),
    )


# Peers ----------------------------------------------------------------------


def _peer_order(peer: PeerFacts) -> tuple[str, str]:
    return peer.name.casefold(), peer.slug


class _Nearest:
    """
    Peers by one positive quantity (a parameter count, a price, a context
    window), to walk outward from a target, closest first in |log(ratio)|.
    """

    def __init__(
        self, peers: Iterable[PeerFacts], value_of: Callable[[PeerFacts], Any]
    ) -> None:
        """Index ``peers``, given in name order (``_peer_order``)."""
        groups: dict[Any, list[PeerFacts]] = defaultdict(list)
        unknown = []
        for peer in peers:
            value = value_of(peer)
            if value and value > 0:
                groups[value].append(peer)
            else:
                unknown.append(peer)
        self._values = sorted(groups)
        # Each group in name order, as the peers came.
        self._groups = [groups[value] for value in self._values]
        # Peers without the quantity, in name order: the end of a ranking by it.
        self.unknown = unknown

    def by_name(self) -> Iterator[PeerFacts]:
        """Yield every peer, known quantity or not, by name and slug."""
        return heapq.merge(self.unknown, *self._groups, key=_peer_order)

    def walk(self, target: Any, within: float = math.inf) -> Iterator[PeerFacts]:
        """
        Yield the peers whose quantity is within ``within`` times ``target``,
        closest first, then by name and slug: the order of sorting every peer
        by ``(_closeness(value, target), name, slug)``, one step at a time.
        """
        if not target or target <= 0:
            return
        bound = math.log(within)
        values, groups = self._values, self._groups
        right = bisect.bisect_left(values, target)
        left = right - 1

        def distance(index: int) -> float:
            if 0 <= index < len(values):
                return _closeness(values[index], target)  # type: ignore[return-value]
            return math.inf

        while True:
            closest = min(distance(left), distance(right))
            if closest == math.inf or closest > bound:
                return
            # Every value at this distance, on either side, then by name.
            level: list[PeerFacts] = []
            while distance(left) == closest:
                level += groups[left]
                left -= 1
            while distance(right) == closest:
                level += groups[right]
                right += 1
            yield from sorted(level, key=_peer_order)


class PeerIndex:
    """
    The published models a pair is shown among (in "Continue comparing" and
    on the price-against-score chart), indexed for the questions a page asks
    of them: the same organization's, the closest in size, price or context
    window, the most benchmarks shared, the scores on one benchmark. Building
    it reads every peer once; a page then reads only the peers it shows, so
    one index (catalog state to catalog state) serves every page.
    """

    def __init__(self, peers: Iterable[PeerFacts]) -> None:
        by_slug: dict[str, PeerFacts] = {}
        for peer in peers:
            by_slug.setdefault(peer.slug, peer)  # the first record of a slug wins
        self.by_slug = by_slug
        self._by_name = sorted(by_slug.values(), key=_peer_order)
        self._rank = {peer.slug: rank for rank, peer in enumerate(self._by_name)}
        # Each organization's peers in name order, as _Nearest takes them.
        self._organizations: dict[str, list[PeerFacts]] = defaultdict(list)
        for peer in self._by_name:
            self._organizations[peer.organization_slug].append(peer)
        self._scores: dict[str, list[tuple[PeerFacts, Decimal]]] = defaultdict(list)
        for peer in by_slug.values():
            scored: set[str] = set()
            for benchmark, score in peer.benchmark_scores:
                if benchmark not in scored:  # a peer's first score on a benchmark
                    scored.add(benchmark)
                    self._scores[benchmark].append((peer, score))
        self._size = _Nearest(self._by_name, lambda p: p.parameter_count)
        self._price = _Nearest(self._by_name, lambda p: p.cheapest_output_price)
        self._context = _Nearest(self._by_name, lambda p: p.context_window)
        self._organization_sizes: dict[str, _Nearest] = {}

    def __len__(self) -> int:
        return len(self.by_slug)

    def scores_on(self, benchmark_slug: str) -> Sequence[tuple[PeerFacts, Decimal]]:
        """Return ``(peer, score)`` for each peer scored on the benchmark."""
        return self._scores.get(benchmark_slug, ())

    def same_organization(
        self, organization_slug: str, parameter_count: int | None
    ) -> Iterator[PeerFacts]:
        """Yield the organization's peers, closest in size first, unknown sizes last."""
        sizes = self._organization_sizes.get(organization_slug)
        if sizes is None:
            sizes = _Nearest(
                self._organizations.get(organization_slug, ()),
                lambda p: p.parameter_count,
            )
            self._organization_sizes[organization_slug] = sizes
        if parameter_count and parameter_count > 0:
            yield from sizes.walk(parameter_count)
            yield from sizes.unknown
        else:  # no distance to rank by: every peer at the same (infinite) one
            yield from sizes.by_name()

    def similar_size(
        self, parameter_count: int | None, within: float
    ) -> Iterator[PeerFacts]:
        return self._size.walk(parameter_count, within)

    def similar_price(
        self, output_price: Decimal | None, within: float
    ) -> Iterator[PeerFacts]:
        return self._price.walk(output_price, within)

    def similar_context(
        self, context_window: int | None, within: float
    ) -> Iterator[PeerFacts]:
        return self._context.walk(context_window, within)

    def most_shared(
        self, benchmark_slugs: Iterable[str]
    ) -> Iterator[tuple[PeerFacts, int]]:
        """Yield ``(peer, benchmarks shared)`` for peers sharing any, most first, then by name."""
        shared: Counter[str] = Counter()
        for benchmark in set(benchmark_slugs):
            shared.update(peer.slug for peer, _ in self.scores_on(benchmark))
        ranked = [(-count, self._rank[slug]) for slug, count in shared.items()]
        heapq.heapify(ranked)
        while ranked:
            negative_count, rank = heapq.heappop(ranked)
            yield self._by_name[rank], -negative_count


def _closeness(
    value: float | Decimal | None, target: float | Decimal | None
) -> float | None:
    """Return how far apart two positive quantities are, as |log(ratio)|."""
    if not value or not target or value <= 0 or target <= 0:
        return None
    return abs(math.log(float(value) / float(target)))


def _related_candidates(
    side: _Side, peers: PeerIndex, exclude: Iterable[str], include_free: bool
) -> Iterator[tuple[PeerFacts, str]]:
    """
    Yield the side's peers, closest first, each once, with why they are
    close; lazily, so a page reads only the peers it links to.
    """
    facts = side.facts
    lowest = _lowest_price(side, "output_price", include_free)
    own_price = lowest[0] if lowest else None
    shared = peers.most_shared(result.benchmark_slug for result in facts.results)
    # Each criterion in turn, each yielding (peer, why) closest first.
    criteria: tuple[Iterator[tuple[PeerFacts, str]], ...] = (
        _because(
            "same organization",
            peers.same_organization(facts.organization_slug, facts.parameter_count),
        ),
        _because("similar size", peers.similar_size(facts.parameter_count, within=2)),
        _because("similar price", peers.similar_price(own_price, within=2)),
        ((peer, pluralize(count, "shared benchmark")) for peer, count in shared),
        _because(
            "similar context window",
            peers.similar_context(facts.context_window, within=1.5),
        ),
    )
    seen = set(exclude)
    for candidates in criteria:
        for peer, reason in candidates:
            if peer.slug not in seen:
                seen.add(peer.slug)
                yield peer, reason


def _because(
    reason: str, peers: Iterator[PeerFacts]
) -> Iterator[tuple[PeerFacts, str]]:
    return ((peer, reason) for peer in peers)


def _build_related(
    a: _Side,
    b: _Side,
    peers: PeerIndex,
    curated_pairs: Sequence[tuple[str, str]],
    include_free: bool,
) -> RelatedSection:
    this_pair = canonical_pair(a.slug, b.slug)
    names = {a.slug: a.name, b.slug: b.name}

    def name_of(slug: str) -> str:
        return names[slug] if slug in names else peers.by_slug[slug].name

    links: list[RelatedLink] = []
    seen = {this_pair}

    def add(slug1: str, slug2: str, reason: str, is_curated: bool) -> None:
        pair = canonical_pair(slug1, slug2)
        if pair in seen or slug1 == slug2 or len(links) >= MAX_RELATED:
            return
        seen.add(pair)
        links.append(
            RelatedLink(
                slug_a=pair[0],
                slug_b=pair[1],
                name_a=name_of(pair[0]),
                name_b=name_of(pair[1]),
                path_slug=f"{pair[0]}-vs-{pair[1]}",
                reason=reason,
                is_curated=is_curated,
            )
        )

    for slug1, slug2 in curated_pairs:
        involved = {slug1, slug2} & {a.slug, b.slug}
        shown = all(slug in names or slug in peers.by_slug for slug in (slug1, slug2))
        if involved and shown:
            add(slug1, slug2, "curated comparison", True)
    # Each model's closest peers in turn, until the section is full.
    ranked = [
        (side, _related_candidates(side, peers, this_pair, include_free))
        for side in (a, b)
    ]
    while ranked and len(links) < MAX_RELATED:
        for entry in list(ranked):
            side, candidates = entry
            found = next(candidates, None)
            if found is None:
                ranked.remove(entry)
            else:
                add(side.slug, found[0].slug, found[1], False)
    return RelatedSection(rule=RELATED_RULE, links=tuple(links))


def _credit(source: SourceRef) -> str:
    if source.attribution:
        return source.attribution
    if source.publisher and source.publisher not in source.title:
        return f"{source.publisher}, {source.title}"
    return source.title or source.publisher


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
    reviewed = [d for d in (a.facts.last_reviewed, b.facts.last_reviewed) if d]
    last_reviewed = (curated.last_reviewed if curated else None) or (
        min(reviewed) if reviewed else None
    )
    if last_reviewed is None:
        text = "Not yet reviewed by an editor."
    else:
        days = (today - last_reviewed).days
        text = f"Last reviewed {last_reviewed.isoformat()}"
        text += f" ({pluralize(days, 'day')} ago)." if days > 0 else "."
    sources = _page_sources(a, b, benchmarks)
    publishers = list(dict.fromkeys(s.publisher or s.title for s in sources))
    sources_text = (
        f"Data sourced from {join_list(publishers)}."
        if publishers
        else "No sources are recorded for the figures on this page yet."
    )
    attributions = tuple(
        dict.fromkeys(_credit(s) for s in sources if s.requires_attribution)
    )
    return ReviewSection(
        last_reviewed=last_reviewed,
        text=text,
        reviewed_by=curated.reviewed_by if curated else "",
        editor_notes=curated.editor_notes if curated else "",
        sources=sources,
        sources_text=sources_text,
        attributions=attributions,
    )


def _build_warnings(a: _Side, b: _Side, today: dt.date) -> tuple[str, ...]:
    warnings = []
    for side in (a, b):
        facts = side.facts
        if facts.status != "published":
            warnings.append(f"{side.name} is a {facts.status}, not published.")
        if facts.lifecycle_status in {"deprecated", "retired"}:
            since = (
                f" since {facts.lifecycle_date.isoformat()}"
                if facts.lifecycle_date
                else ""
            )
            warnings.append(f"{side.name} is {facts.lifecycle_status}{since}.")
        for route in facts.routes:
            where = (
                f"{possessive(side.name)} route {route.identifier} on "
                f"{route.provider_name}"
            )
            if route.lifecycle in {"deprecated", "retired"}:
                warnings.append(f"{where} is {route.lifecycle}.")
            if (
                route.last_verified
                and (today - route.last_verified).days > _STALE_AFTER_DAYS
            ):
                warnings.append(
                    f"{where} was last verified on {route.last_verified.isoformat()}, "
                    "over a year ago."
                )
    return tuple(dict.fromkeys(warnings))


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
    with localcontext(prec=_PRECISION):
        side_a = _build_side("a", a, profile)
        side_b = _build_side("b", b, profile)
        benchmarks = _build_benchmarks(side_a, side_b)
        verdict = _compute_verdict(
            side_a, side_b, benchmarks.shared, priorities, curated
        )
        costs = _build_costs(side_a, side_b, profile)
        first, second = canonical_pair(a.slug, b.slug)
        return Comparison(
            path_slug=f"{first}-vs-{second}",
            a=ModelRef(a.slug, a.name, a.organization_name),
            b=ModelRef(b.slug, b.name, b.organization_name),
            intro=_build_intro(side_a, side_b, benchmarks.shared, verdict),
            verdict=verdict,
            scorecard=_build_scorecard(
                side_a, side_b, benchmarks.shared, profile.include_free_tiers
            ),
            tradeoffs=_build_tradeoffs(side_a, side_b, benchmarks.shared),
            costs=costs,
            switch_friction=_build_switch_friction(side_a, side_b),
            specs=_build_specs(side_a, side_b),
            pricing=_build_pricing(side_a, side_b),
            capabilities=_build_capability_matrix(side_a, side_b),
            benchmarks=benchmarks,
            chart=_build_price_score_chart(side_a, side_b, benchmarks.shared, peers),
            deep_dive=(
                _benchmarks_paragraph(side_a, side_b, benchmarks),
                _capabilities_paragraph(side_a, side_b),
                _pricing_paragraph(side_a, side_b),
                _choice_paragraph(side_a, side_b, verdict),
            ),
            faq=_build_faq(side_a, side_b, benchmarks, costs),
            related=_build_related(
                side_a, side_b, peers, curated_pairs, profile.include_free_tiers
            ),
            review=_build_review(side_a, side_b, benchmarks, curated, today),
            warnings=_build_warnings(side_a, side_b, today),
        )


# Several models side by side ------------------------------------------------

MIN_MANY = 2
MAX_MANY = 4
# Four slugs of up to 100 characters (the SlugField's max_length) and commas.
MAX_MODEL_LIST_LENGTH = MAX_MANY * 100 + MAX_MANY - 1
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


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
    benchmark_summary: str
    benchmarks: tuple[ManyBenchmark, ...]
    benchmark_caution: str
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as nested dicts, lists and plain values."""
        return dataclasses.asdict(self)


def parse_model_list(
    values: Iterable[str] | str | None,
) -> tuple[tuple[str, ...], str]:
    """
    Return the model slugs asked for, in order, and a message when the list
    cannot be used: too long, fewer than MIN_MANY or more than MAX_MANY
    models, a model named twice or a value that cannot be a slug. Accepts a
    list (QueryDict.getlist()) or a comma-separated string. Never raises.

    Whether the slugs name published models is for the caller to check.
    """
    if values is None:
        values = ()
    elif isinstance(values, str):
        values = (values,)
    values = [str(value) for value in values]
    # Length first, so a huge parameter is never split or echoed.
    if sum(len(value) + 1 for value in values) - 1 > MAX_MODEL_LIST_LENGTH:
        return (), (
            f"The list of models is too long: name {MIN_MANY} to {MAX_MANY} models "
            "by their short names, separated by commas."
        )
    slugs = tuple(
        part.strip() for value in values for part in value.split(",") if part.strip()
    )
    if len(slugs) < MIN_MANY:
        given = "no model was" if not slugs else "only one model was"
        return slugs, f"Pick at least {MIN_MANY} models to compare: {given} given."
    if len(slugs) > MAX_MANY:
        return slugs, (
            f"Pick at most {MAX_MANY} models to compare: {len(slugs)} were given."
        )
    # Only slug-shaped values are echoed: the rest may be anything a URL can carry.
    if not all(_SLUG.fullmatch(slug) for slug in slugs):
        return slugs, (
            "Name models by their short names (letters, digits, hyphens and "
            "underscores), or pick them from the lists."
        )
    repeated = [slug for index, slug in enumerate(slugs) if slug in slugs[:index]]
    if repeated:
        return slugs, (
            f"Pick {MIN_MANY} to {MAX_MANY} different models: "
            f"“{repeated[0]}” is listed more than once."
        )
    return slugs, ""


def unknown_models_message(slugs: Sequence[str]) -> str:
    """
    Return the message for slugs that name no (visible) published model; the
    slugs have passed parse_model_list(), so they are safe to echo.
    """
    named = join_list([f"“{slug}”" for slug in slugs[:3]], "or")
    return f"We have no published model named {named}. Pick models from the lists."


def _many_rows(
    sides: Sequence[_Side], rows: Iterable[tuple[str, str, Callable[[_Side], Cell]]]
) -> tuple[ManyRow, ...]:
    return tuple(
        ManyRow(key, label, tuple(make(side) for side in sides))
        for key, label, make in rows
    )


def _many_specs(sides: Sequence[_Side]) -> tuple[ManyRow, ...]:
    cells = [_spec_cells(side.facts) for side in sides]
    organization = ManyRow(
        "organization",
        "Organization",
        tuple(_cell(side.facts.organization_name) for side in sides),
    )
    return (organization,) + tuple(
        ManyRow(key, label, tuple(by_key[key] for by_key in cells))
        for key, label in _SPEC_LABELS
    )


def _many_prices(sides: Sequence[_Side]) -> tuple[ManyRow, ...]:
    return _many_rows(
        sides,
        (
            (
                "input_price",
                "Input price",
                lambda side: _cheapest_price_cell(side, "input_price"),
            ),
            (
                "output_price",
                "Output price",
                lambda side: _cheapest_price_cell(side, "output_price"),
            ),
            ("providers", "Providers", _providers_cell),
            ("provider_routes", "Provider routes", _routes_cell),
        ),
    )


def _many_costs(sides: Sequence[_Side], profile: TrafficProfile) -> ManyCosts:
    known = [side for side in sides if side.cost.monthly_cost is not None]
    lowest = min((side.cost.monthly_cost for side in known), default=None)
    cheapest = [side for side in known if side.cost.monthly_cost == lowest]

    def monthly(side: _Side) -> Cell:
        cost = side.cost
        if cost.monthly_cost is None:
            return _cell("Unavailable", True)
        return _cell(f"{cost.monthly_cost_display} a month")

    def route(side: _Side) -> Cell:
        cost = side.cost
        if cost.monthly_cost is None:
            return _cell(cost.reason, True)
        return _cell(f"{cost.cheapest_provider_name} ({cost.cheapest_identifier})")

    def against(side: _Side) -> Cell:
        cost = side.cost.monthly_cost
        if cost is None or lowest is None:
            return _cell("Unavailable", True)
        if cost == lowest:
            return _cell("Cheapest" if len(cheapest) == 1 else "Cheapest (tied)")
        # Two decimals are all a reader can use of a ratio.
        ratio = (cost / lowest).quantize(Decimal("0.01")) if lowest else None
        times = f" ({format_ratio(ratio)})" if ratio else ""
        return _cell(f"{format_money(cost - lowest)} more a month{times}")

    def notes(side: _Side) -> Cell:
        return _cell(" ".join(side.cost.notes) or "None")

    rows = [
        ("monthly_cost", "Monthly cost", monthly),
        ("cheapest_route", "Cheapest route", route),
        ("against_cheapest", "Against the cheapest", against),
    ]
    if any(side.cost.notes for side in sides):
        rows.append(("notes", "Notes", notes))
    if not known:
        summary = (
            "No monthly cost at this traffic: none of these models has a route "
            "with a sourced input and output price."
        )
    else:
        names = join_list([side.name for side in cheapest])
        verb = "is" if len(cheapest) == 1 else "tie as"
        summary = (
            f"At this traffic, {names} {verb} cheapest, at "
            f"{cheapest[0].cost.monthly_cost_display} a month."
        )
        missing = [side.name for side in sides if side.cost.monthly_cost is None]
        if missing:
            verb = "has" if len(missing) == 1 else "have"
            summary += (
                f" {join_list(missing)} {verb} no route with a sourced input and "
                "output price."
            )
    return ManyCosts(
        profile=profile,
        profile_text=describe_profile(profile),
        method=COST_METHOD,
        models=tuple(side.cost for side in sides),
        rows=_many_rows(sides, rows),
        summary=summary,
        cheapest_slugs=tuple(side.slug for side in cheapest),
    )


def _many_capabilities(sides: Sequence[_Side]) -> tuple[ManyCapabilityRow, ...]:
    return tuple(
        ManyCapabilityRow(
            key, label, tuple(_capability_cell(side, key) for side in sides)
        )
        for key, label, _ in CAPABILITIES
    )


def _primary_results(model: ModelFacts) -> dict[str, BenchmarkResultFacts]:
    """Return the model's primary result on each benchmark it has one on."""
    chosen = {}
    for slug, results in _results_by_benchmark(model).items():
        result = _pick_result([r for r in results if r.is_primary])
        if result is not None:
            chosen[slug] = result
    return chosen


def _many_benchmark(
    sides: Sequence[_Side], results: Sequence[BenchmarkResultFacts]
) -> ManyBenchmark:
    first = results[0]
    comparable = len({(r.unit, r.higher_is_better) for r in results}) == 1
    sign = 1 if first.higher_is_better else -1
    best = max(sign * r.score for r in results)
    leaders = [sign * r.score == best for r in results] if comparable else []
    margin: Decimal | None = None
    if not comparable:
        lead_text = "Not comparable: scored in different units or directions"
    elif all(leaders):
        lead_text = f"All tied at {format_score(first.score, first.unit)}"
    else:
        runner_up = max(sign * r.score for r in results if sign * r.score != best)
        margin = best - runner_up
        behind = [
            side.name
            for side, r in zip(sides, results, strict=True)
            if sign * r.score == runner_up
        ]
        ahead = [side.name for side, lead in zip(sides, leaders, strict=True) if lead]
        lower = "; lower is better" if not first.higher_is_better else ""
        lead = (
            f"leads by {format_points(margin)} over"
            if len(ahead) == 1
            else f"share the lead, {format_points(margin)} ahead of"
        )
        lead_text = f"{join_list(ahead)} {lead} {join_list(behind)}{lower}"
    return ManyBenchmark(
        slug=first.benchmark_slug,
        name=first.benchmark_name,
        category=next((r.category for r in results if r.category), ""),
        unit=first.unit,
        higher_is_better=first.higher_is_better,
        comparable=comparable,
        scores=tuple(
            ManyScore(
                _score(r), bool(leaders) and leaders[index] and margin is not None
            )
            for index, r in enumerate(results)
        ),
        leader_slugs=tuple(
            side.slug
            for side, lead in zip(sides, leaders, strict=False)
            if lead and margin is not None
        ),
        margin=margin,
        margin_display=format_points(margin) if margin is not None else "",
        lead_text=lead_text,
    )


def _many_benchmarks(
    sides: Sequence[_Side],
) -> tuple[str, tuple[ManyBenchmark, ...]]:
    chosen = [_primary_results(side.facts) for side in sides]
    shared_slugs = set.intersection(*(set(results) for results in chosen))
    benchmarks = tuple(
        _many_benchmark(sides, [results[slug] for results in chosen])
        for slug in sorted(
            shared_slugs,
            key=lambda slug: (chosen[0][slug].benchmark_name.casefold(), slug),
        )
    )
    names = join_list([side.name for side in sides])
    if not benchmarks:
        return (
            f"{names} share no benchmark that all of them have a primary score on.",
            benchmarks,
        )
    leads = []
    for side in sides:
        led = [b.name for b in benchmarks if b.leader_slugs == (side.slug,)]
        if led:
            leads.append(f"{side.name} leads on {join_list(led)}")
    count = pluralize(len(benchmarks), "shared benchmark")
    detail = f": {'; '.join(leads)}." if leads else ", with no outright leader."
    return f"{count}{detail}", benchmarks


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
                    path_slug=f"{slug_a}-vs-{slug_b}",
                )
            )
    return tuple(links)


def compare_models(
    models: tuple[ModelFacts, ...],
    *,
    profile: TrafficProfile,
    today: dt.date,
) -> ManyComparison:
    """
    Return two to four models side by side, in the order given, with the same
    rules as the two-model page: the cheapest route at the traffic profile,
    unknown kept apart from "no", scores compared only in one unit.

    Raise ValueError for fewer than MIN_MANY or more than MAX_MANY models, or a
    model given twice: programming errors (parse_model_list() cleans reader
    input).
    """
    if not MIN_MANY <= len(models) <= MAX_MANY:
        raise ValueError(f"Compare {MIN_MANY} to {MAX_MANY} models, not {len(models)}.")
    slugs = [model.slug for model in models]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"A model is given more than once: {', '.join(slugs)}.")
    with localcontext(prec=_PRECISION):
        # The side key only tells the two sides of a pair apart, which the
        # several-model tables never do.
        sides = tuple(_build_side("a", model, profile) for model in models)
        summary, benchmarks = _many_benchmarks(sides)
        names = [side.name for side in sides]
        # _build_warnings() takes a pair; given one side twice, it dedupes.
        warnings = tuple(
            dict.fromkeys(
                warning
                for side in sides
                for warning in _build_warnings(side, side, today)
            )
        )
        return ManyComparison(
            models=tuple(
                ModelRef(model.slug, model.name, model.organization_name)
                for model in models
            ),
            title=" vs ".join(names),
            description=(
                f"{join_list(names)} side by side: specs, prices, monthly cost at "
                f"your traffic, capabilities, and "
                f"{pluralize(len(benchmarks), 'shared benchmark')}."
            ),
            pairs=_pair_links(sides),
            specs=_many_specs(sides),
            prices=_many_prices(sides),
            costs=_many_costs(sides, profile),
            capabilities=_many_capabilities(sides),
            benchmark_summary=summary,
            benchmarks=benchmarks,
            benchmark_caution=BENCHMARK_CAUTION,
            warnings=warnings,
        )
