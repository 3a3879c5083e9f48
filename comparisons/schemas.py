"""
The comparison API's response shapes: plain schemas mirroring the engine's
output dataclasses (``comparisons.engine``) field for field, so the JSON
holds the page's whole result. tests/comparisons/test_api.py checks that
no engine field is left out.

"a" and "b" are the two models in canonical (alphabetical slug) order.
Money is a decimal string, dates ISO 8601.
"""

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from catalog.schemas import DecimalString, TriStateValue, or_null, shared_enum

from .engine import MARGIN_UNITS, PRICE_BASES, ROUTE_DOUBTS

Side = shared_enum("Side", ("a", "b"), "A model of the pair: a or b.")
MarginUnit = shared_enum(
    "MarginUnit",
    MARGIN_UNITS,
    "What a margin counts: "
    + "; ".join(f"{unit}: {meaning}" for unit, meaning in MARGIN_UNITS.items())
    + ".",
)
PriceBasis = shared_enum(
    "PriceBasis",
    PRICE_BASES,
    "What a cost compares: each model's list price, or its cheapest trusted route.",
)
RouteDoubt = shared_enum(
    "RouteDoubt",
    ROUTE_DOUBTS,
    "Why a route is left out of the cheapest route, the median and the verdict.",
)


class CitedSourceOut(Schema):
    """Where a figure comes from."""

    key: str = Field(description="The source's identifier (or a host for a bare URL).")
    title: str = Field(description="The source's title.")
    url: str = Field(description="Where the source can be read.")
    publisher: str = Field(description="Who publishes it; empty when not recorded.")
    license: str = Field(description="The source's licence, e.g. 'CC BY 4.0'.")
    requires_attribution: bool = Field(
        description="Whether its licence asks for the attribution line to be shown."
    )
    retrieved_on: date | None = Field(
        description="When the figures were taken from it."
    )
    attribution: str = Field(description="The credit line to show; empty when none.")


class ComparedModelOut(Schema):
    slug: str = Field(description="The model's identifier.")
    name: str = Field(description="The model's name.")
    organization_name: str = Field(description="Who makes the model.")


class CellOut(Schema):
    text: str = Field(description="One model's value, in words.")
    is_unknown: bool = Field(description="Whether the value is missing (not sourced).")


class RowOut(Schema):
    key: str = Field(description="The row's identifier.")
    label: str = Field(description="The row's label.")
    a: CellOut = Field(description="Model a's value.")
    b: CellOut = Field(description="Model b's value.")


class BulletOut(Schema):
    text: str = Field(description="The statement.")
    model_slug: str = Field(
        description="The model it favours or is about; empty when it is about both."
    )


class IntroOut(Schema):
    title: str = Field(description="The page title, 'A vs B'.")
    paragraphs: list[str] = Field(description="The opening paragraphs.")
    description: str = Field(
        description="A one-paragraph summary (the page's meta description)."
    )


class VerdictDimensionOut(Schema):
    key: str = Field(
        description="quality, context, cost, capabilities, availability or openness."
    )
    label: str = Field(description="The dimension in words.")
    weight: int = Field(
        description="Its weight in the verdict (tripled when a priority)."
    )
    is_priority: bool = Field(description="Whether the reader made it a priority.")
    winner: Side | None = Field(
        description="The side that wins it; null when none does."
    )
    winner_slug: str = Field(description="The winning model's slug; empty when none.")
    margin: str = Field(description="By how much, in words.")
    reason: str = Field(description="Why, in words, with the figures.")
    has_data: bool = Field(
        description="False when missing data decides nothing (never counted as a loss)."
    )
    margin_value: DecimalString | None = Field(
        description="By how much, as a number in margin_unit: 0 (a ratio: 1) on a tie; null where there is no figure."
    )
    margin_unit: or_null(MarginUnit) = Field(
        description="The unit of margin_value: points, x (a ratio), usd_per_month, benchmarks, capabilities, providers or routes; null with no figure."
    )
    reason_code: str = Field(
        description="Why, as a stable code (higher_score, larger_window, cheaper, no_shared_benchmark, ...)."
    )


class VerdictOut(Schema):
    sentence: str = Field(
        description="The verdict shown: the editors' override when set."
    )
    computed_sentence: str = Field(description="The verdict the engine computed.")
    is_override: bool = Field(
        description="Whether editors replaced the computed verdict."
    )
    pick: Side | None = Field(description="The side picked overall; null on a tie.")
    pick_slug: str = Field(description="The picked model's slug; empty on a tie.")
    is_tie: bool = Field(description="Whether neither model is picked.")
    score_a: int = Field(description="Model a's weighted score.")
    score_b: int = Field(description="Model b's weighted score.")
    dimensions: list[VerdictDimensionOut] = Field(description="The weighed dimensions.")
    priorities: list[str] = Field(description="The reader's priorities, as given.")
    weights_text: str = Field(description="The weights, in words.")
    is_close_call: bool = Field(
        description="Whether the weighted scores are within one weight point: too close to call, so no pick."
    )
    thresholds_text: str = Field(
        description="When a dimension is a tie (within the noise) and a pick too close to call, in words."
    )


class TrafficProfileOut(Schema):
    requests_per_month: int = Field(description="Requests a month.")
    input_tokens: int = Field(description="Input tokens per request.")
    output_tokens: int = Field(description="Output tokens per request.")
    cached_share: DecimalString = Field(
        description="Share of input tokens read from cache, 0 to 1."
    )
    batch_share: DecimalString = Field(
        description="Share of requests sent as batch, 0 to 1."
    )
    include_free_tiers: bool = Field(
        description="Whether free tiers (rate-limited) may count as the cheapest route."
    )
    price_basis: PriceBasis = Field(
        description="What the verdict's cost dimension compares: each model's list price, or its cheapest trusted route."
    )
    include_untrusted: bool = Field(
        description="Whether routes left out for trust (deprecated, plans, priced far below list) may count."
    )


class RouteCostOut(Schema):
    provider_slug: str = Field(description="The provider's slug.")
    provider_name: str = Field(description="The provider's name.")
    identifier: str = Field(description="The provider's model identifier.")
    monthly_cost: DecimalString | None = Field(
        description="USD a month at the traffic profile, exact; null when unavailable."
    )
    monthly_cost_display: str = Field(description="The cost in words, e.g. '$7,750'.")
    unavailable_reason: str = Field(
        description="Why there is no cost; empty when there is."
    )
    is_free_tier: bool = Field(
        description="Whether the route is priced 0 (rate-limited)."
    )
    is_eligible: bool = Field(
        description="Whether it may be taken as the cheapest route."
    )
    is_cheapest: bool = Field(description="Whether it is the model's cheapest route.")
    long_context_tier_applied: bool = Field(
        description="Whether requests exceed the route's long-context threshold."
    )
    notes: list[str] = Field(description="Caveats about the estimate.")
    provider_kind: str = Field(
        description="first_party, cloud, router, inference_host or plan."
    )
    doubt: or_null(RouteDoubt) = Field(
        description="Why the route is left out of the cheapest route, the median and the verdict; null for a trusted route."
    )
    doubt_text: str = Field(description="The doubt in words; empty when none.")
    is_list_price: bool = Field(
        description="Whether this route's price is the model's list price."
    )


class ModelCostOut(Schema):
    slug: str = Field(validation_alias="model_slug", description="The model's slug.")
    name: str = Field(validation_alias="model_name", description="The model's name.")
    monthly_cost: DecimalString | None = Field(
        description="The cheapest route's USD a month; null when unavailable."
    )
    monthly_cost_display: str = Field(description="'$7,750' or 'Unavailable'.")
    cheapest_provider_name: str = Field(description="The cheapest route's provider.")
    cheapest_identifier: str = Field(description="The cheapest route's identifier.")
    unavailable_reason: str = Field(
        validation_alias="reason",
        description="Why the cost is unavailable; empty when it is not.",
    )
    notes: list[str] = Field(description="Caveats about the cheapest route's estimate.")
    routes: list[RouteCostOut] = Field(description="Every route's cost.")
    cheapest_provider_kind: str = Field(
        description="The kind of the cheapest trusted route's provider; empty when none."
    )
    list_cost: DecimalString | None = Field(
        description="USD a month at the model's list price; null when it has none."
    )
    list_cost_display: str = Field(description="The list-price cost in words.")
    list_basis: Literal["first_party", "median", ""] = Field(
        description="first_party: the model's own organization's pay-as-you-go API; median: the median of its trusted paid routes; empty: no list price."
    )
    list_provider_name: str = Field(
        description="The first-party route's provider; empty for a median."
    )
    list_identifier: str = Field(
        description="The first-party route's identifier; empty for a median."
    )
    list_route_count: int = Field(
        description="How many routes the list price rests on."
    )
    list_text: str = Field(description="Where the list price comes from, in words.")
    is_possible: bool = Field(
        description="False when a request of the profile exceeds the model's context window or max output: no cost at all."
    )


class CostDeltaOut(Schema):
    sentence: str = Field(description="How the two costs compare, in words.")
    cheaper: Side | None = Field(
        description="The cheaper side; null when not comparable."
    )
    cheaper_slug: str = Field(description="The cheaper model's slug; empty when none.")
    difference: DecimalString | None = Field(
        description="USD a month saved; null when none."
    )
    difference_display: str = Field(description="The difference in words.")
    ratio: DecimalString | None = Field(
        description="How many times the dearer one costs; null when not comparable."
    )
    ratio_display: str = Field(description="The ratio in words.")
    basis: PriceBasis = Field(description="The price basis compared.")


class CostSectionOut(Schema):
    profile: TrafficProfileOut = Field(description="The traffic the costs are for.")
    profile_text: str = Field(description="The traffic in words.")
    method: str = Field(description="How costs are estimated.")
    a: ModelCostOut = Field(description="Model a's costs.")
    b: ModelCostOut = Field(description="Model b's costs.")
    delta: CostDeltaOut = Field(description="How the two compare.")


class PriceRouteOut(Schema):
    provider_slug: str = Field(description="The provider's slug.")
    provider_name: str = Field(description="The provider's name.")
    provider_kind: str = Field(
        description="first_party, cloud, router, inference_host or plan."
    )
    is_first_party: bool = Field(
        description="Whether the model's own organization runs it."
    )
    identifier: str = Field(description="The provider's model identifier.")
    region: str = Field(description="The region; empty when global.")
    region_display: str = Field(description="The region in words.")
    input_price: DecimalString | None = Field(
        description="USD per 1M input tokens; null when not sourced."
    )
    input_price_display: str = Field(description="The input price in words.")
    output_price: DecimalString | None = Field(
        description="USD per 1M output tokens; null when not sourced."
    )
    output_price_display: str = Field(description="The output price in words.")
    cached_input_price: DecimalString | None = Field(
        description="USD per 1M cached input tokens; null when not sourced."
    )
    cached_input_price_display: str = Field(
        description="The cached input price in words."
    )
    lifecycle: str = Field(description="active, preview, deprecated or retired.")
    source: CitedSourceOut | None = Field(description="Where the prices come from.")
    source_url: str = Field(description="The page the prices were read from.")
    last_verified: date | None = Field(
        description="The date the source itself says it checked the prices; null when it gives none."
    )
    is_cheapest: bool = Field(description="Whether it is the model's cheapest route.")
    is_free_tier: bool = Field(
        description="Whether the route is priced 0 (rate-limited)."
    )
    is_list_price: bool = Field(
        description="Whether this route's price is the model's list price."
    )
    doubt: or_null(RouteDoubt) = Field(
        description="Why the route is left out of the cheapest route, the median and the verdict; null for a trusted route."
    )
    doubt_text: str = Field(description="The doubt in words; empty when none.")
    last_reviewed: date | None = Field(
        description="When an editor last reviewed the prices; null when never."
    )
    check_kind: Literal["checked", "reviewed"] = Field(
        description="Whether the latest check is the source's own ('checked') or an editor's review ('reviewed')."
    )
    checked_on: date | None = Field(
        description="The date of the latest check; null when the prices were never checked."
    )
    checked_by: str = Field(
        description="The source that checked, for 'checked'; empty for a review."
    )


class ModelPricingOut(Schema):
    slug: str = Field(validation_alias="model_slug", description="The model's slug.")
    name: str = Field(validation_alias="model_name", description="The model's name.")
    cheapest_route_text: str = Field(description="The cheapest route, in words.")
    routes: list[PriceRouteOut] = Field(description="Every route with its prices.")
    message: str = Field(description="Said when no route is tracked; empty otherwise.")


class PricingSectionOut(Schema):
    rows: list[RowOut] = Field(description="The price table, side by side.")
    a: ModelPricingOut = Field(description="Model a's routes.")
    b: ModelPricingOut = Field(description="Model b's routes.")


class CapabilityCellOut(Schema):
    value: TriStateValue = Field(description="yes, no or unknown; unknown is never no.")
    text: str = Field(description="The value in words.")
    source: CitedSourceOut | None = Field(description="Where the value comes from.")


class CapabilityRowOut(Schema):
    key: str = Field(description="The capability, e.g. 'function_calling'.")
    label: str = Field(description="The capability in words.")
    a: CapabilityCellOut = Field(description="Model a's value.")
    b: CapabilityCellOut = Field(description="Model b's value.")


class BenchmarkScoreOut(Schema):
    value: DecimalString = Field(description="The score, in the benchmark's unit.")
    display: str = Field(description="The score in words.")
    provenance: str = Field(description="independent, self_reported or unknown.")
    method: str = Field(description="Shots, harness, version, setting.")
    recorded_on: date | None = Field(description="When the score was measured.")
    source: CitedSourceOut | None = Field(description="Where the score comes from.")
    source_url: str = Field(description="The page the score was read from.")
    variant_slug: str = Field(
        description="The model's variant (a dated snapshot) the score was measured on, where the model has no score of its own; empty for its own."
    )
    variant_name: str = Field(
        description="That variant's name, e.g. 'GPT-4o (2024-08-06)'; empty for the model's own score."
    )


class SharedBenchmarkOut(Schema):
    slug: str = Field(description="The benchmark's slug.")
    name: str = Field(description="The benchmark's name.")
    category: str = Field(description="knowledge, reasoning, math, coding, ...")
    unit: str = Field(description="What a score counts.")
    higher_is_better: bool = Field(description="Whether a higher score is better.")
    a: BenchmarkScoreOut = Field(description="Model a's score.")
    b: BenchmarkScoreOut = Field(description="Model b's score.")
    provenance_text: str = Field(
        description="Where the two scores come from, in words."
    )
    comparable: bool = Field(description="Whether the two scores can be compared.")
    leader: Side | None = Field(description="The side that leads; null when none.")
    leader_slug: str = Field(description="The leading model's slug; empty when none.")
    margin: DecimalString | None = Field(
        description="The lead, in the benchmark's unit."
    )
    margin_display: str = Field(description="The lead in words, e.g. '9.7 points'.")
    lead_text: str = Field(description="Who leads, in words.")
    no_lead_reason: Literal[
        "", "different_sources", "different_scales", "within_noise"
    ] = Field(
        description="Why no lead is claimed: the scores come from different sources, are on different scales, or differ by less than the noise; empty otherwise."
    )


class SingleBenchmarkOut(Schema):
    slug: str = Field(description="The benchmark's slug.")
    name: str = Field(description="The benchmark's name.")
    category: str = Field(description="knowledge, reasoning, math, coding, ...")
    unit: str = Field(description="What a score counts.")
    score: BenchmarkScoreOut = Field(description="The one model's score.")


class BenchmarkSectionOut(Schema):
    summary: str = Field(description="What the benchmarks say, in words.")
    shared: list[SharedBenchmarkOut] = Field(description="Benchmarks both models have.")
    a_only: list[SingleBenchmarkOut] = Field(description="Benchmarks only model a has.")
    b_only: list[SingleBenchmarkOut] = Field(description="Benchmarks only model b has.")
    caution: str = Field(description="How far to trust the scores.")


class ChartPointOut(Schema):
    slug: str = Field(description="The model's slug.")
    name: str = Field(description="The model's name.")
    price: DecimalString | None = Field(
        description="Cheapest blended price, USD per 1M tokens (3 input : 1 output); null when not sourced."
    )
    price_display: str = Field(description="The price in words.")
    score: DecimalString = Field(description="The model's score on the benchmark.")
    score_display: str = Field(description="The score in words.")
    highlighted: bool = Field(
        description="Whether it is one of the two models compared."
    )


class PriceScoreChartOut(Schema):
    is_shown: bool = Field(description="Whether there is a chart worth showing.")
    message: str = Field(description="Why there is no chart; empty when there is one.")
    benchmark_slug: str = Field(description="The benchmark plotted; empty when none.")
    benchmark_name: str = Field(description="The benchmark's name.")
    unit: str = Field(description="What a score counts.")
    higher_is_better: bool = Field(description="Whether a higher score is better.")
    selection: str = Field(description="Why this benchmark was chosen.")
    title: str = Field(description="The chart's title.")
    description: str = Field(description="The chart's long description.")
    caption: str = Field(description="The chart's caption.")
    x_label: str = Field(description="The price axis's label.")
    y_label: str = Field(description="The score axis's label.")
    points: list[ChartPointOut] = Field(description="Models plotted, cheapest first.")
    not_plotted: list[ChartPointOut] = Field(
        description="Models scored but without a sourced price."
    )
    not_plotted_text: str = Field(description="The models not plotted, in words.")


class FaqItemOut(Schema):
    question: str = Field(description="The question.")
    answer: str = Field(description="The answer, from the figures.")


class RelatedLinkOut(Schema):
    slug_a: str = Field(description="The first model of the pair, canonical order.")
    slug_b: str = Field(description="The second model of the pair.")
    name_a: str = Field(description="The first model's name.")
    name_b: str = Field(description="The second model's name.")
    path_slug: str = Field(description="'<a>-vs-<b>', the pair's page slug.")
    reason: str = Field(description="Why the pair is related.")
    is_curated: bool = Field(description="Whether editors curate the pair.")


class RelatedSectionOut(Schema):
    rule: str = Field(description="How related pairs are chosen.")
    links: list[RelatedLinkOut] = Field(description="Related pairs, closest first.")


class ReviewSectionOut(Schema):
    last_reviewed: date | None = Field(
        description="When an editor last reviewed the pair."
    )
    text: str = Field(description="The review state in words.")
    reviewed_by: str = Field(description="Who reviewed it; empty when not recorded.")
    editor_notes: str = Field(description="The editors' notes; empty when none.")
    sources: list[CitedSourceOut] = Field(
        description="Every source behind the figures."
    )
    sources_text: str = Field(description="The sources in words.")
    attributions: list[str] = Field(description="Credit lines the licences ask for.")


class ComparisonOut(Schema):
    """The engine's whole comparison, section by section."""

    path_slug: str = Field(description="'<a>-vs-<b>', canonical order.")
    a: ComparedModelOut = Field(description="Model a.")
    b: ComparedModelOut = Field(description="Model b.")
    intro: IntroOut = Field(description="Title and opening paragraphs.")
    verdict: VerdictOut = Field(description="The pick and the dimensions behind it.")
    scorecard: list[RowOut] = Field(description="The short scorecard table.")
    tradeoffs: list[BulletOut] = Field(description="What each model gives up.")
    costs: CostSectionOut = Field(description="Monthly costs at the traffic profile.")
    switch_friction: list[BulletOut] = Field(description="What switching would take.")
    specs: list[RowOut] = Field(description="The specs table.")
    pricing: PricingSectionOut = Field(description="Prices per route.")
    capabilities: list[CapabilityRowOut] = Field(
        description="The capability matrix: the capabilities the catalog knows for some model."
    )
    capabilities_note: str = Field(
        description="The capabilities left out of the matrix as unknown for every model; empty with none."
    )
    benchmarks: BenchmarkSectionOut = Field(description="Benchmark scores compared.")
    chart: PriceScoreChartOut = Field(
        description="Price against score on a shared benchmark, the pair among its peers."
    )
    deep_dive: list[str] = Field(description="The deep-dive paragraphs.")
    faq: list[FaqItemOut] = Field(
        description="Common questions, answered from the figures."
    )
    related: RelatedSectionOut = Field(description="Related comparisons.")
    review: ReviewSectionOut = Field(description="Review state and sources.")
    warnings: list[str] = Field(description="Lifecycle and staleness warnings.")


class CanonicalPairOut(Schema):
    a: str = Field(description="The first model's slug, in alphabetical order.")
    b: str = Field(description="The second model's slug.")
    url: str = Field(description="This comparison's API URL in canonical order.")
    page_url: str = Field(description="The comparison's page on the site.")
    requested_order_reversed: bool = Field(
        description="Whether the request named the models in reverse order; the result is the canonical pair's either way."
    )


class CostEstimateOut(Schema):
    profile: TrafficProfileOut = Field(description="The traffic the costs are for.")
    profile_text: str = Field(description="The traffic in words.")
    models: list[ModelCostOut] = Field(
        description="Each model's costs, cheapest model first (unavailable last); each model's routes cheapest first."
    )


# Facts: the result's figures and decisions, without the page's words ---------


def _slug_or_null(value):
    return value or None


SlugOrNull = Annotated[str | None, BeforeValidator(_slug_or_null)]


class MarginOut(Schema):
    value: DecimalString = Field(description="By how much, in unit.")
    unit: MarginUnit = Field(description="What value counts.")


class DimensionFactOut(Schema):
    key: str = Field(
        description="quality, context, cost, capabilities, availability or openness."
    )
    weight: int = Field(description="Its weight (tripled when a priority).")
    is_priority: bool = Field(description="Whether the reader made it a priority.")
    has_data: bool = Field(description="False when missing data decides nothing.")
    winner: SlugOrNull = Field(
        validation_alias="winner_slug",
        description="The winning model's slug; null when none wins.",
    )
    margin: MarginOut | None = Field(
        description="By how much (0, or a ratio of 1, on a tie); null with no figure."
    )
    reason_code: str = Field(
        description="Why, as a stable code (higher_score, larger_window, cheaper, ...)."
    )

    @staticmethod
    def resolve_margin(obj):
        if obj.margin_value is None:
            return None
        return {"value": obj.margin_value, "unit": obj.margin_unit}


class VerdictFactOut(Schema):
    pick: SlugOrNull = Field(
        validation_alias="pick_slug",
        description="The picked model's slug; null on a tie or a close call.",
    )
    is_tie: bool = Field(description="Whether neither model is picked.")
    is_close_call: bool = Field(description="Whether the scores are too close to call.")
    is_override: bool = Field(description="Whether editors replaced the verdict.")
    score_a: int = Field(description="Model a's weighted score.")
    score_b: int = Field(description="Model b's weighted score.")
    priorities: list[str] = Field(description="The reader's priorities.")
    dimensions: list[DimensionFactOut] = Field(description="The weighed dimensions.")


class MoneyOut(Schema):
    amount: DecimalString = Field(description="The amount, exact.")
    currency: Literal["USD"] = Field(description="Always USD.")
    per: Literal["month"] = Field(description="Always a month, at the traffic profile.")


def _money(amount):
    return (
        None
        if amount is None
        else {"amount": amount, "currency": "USD", "per": "month"}
    )


class ModelCostFactOut(Schema):
    slug: str = Field(validation_alias="model_slug", description="The model's slug.")
    cheapest_cost: MoneyOut | None = Field(
        description="On its cheapest trusted route; null when unavailable."
    )
    cheapest_provider_slug: SlugOrNull = Field(
        description="That route's provider; null when none."
    )
    cheapest_identifier: SlugOrNull = Field(
        description="That route's model identifier at the provider; null when none."
    )
    list_cost: MoneyOut | None = Field(
        description="At the model's list price; null when it has none."
    )
    is_possible: bool = Field(
        description="False when a request of the profile exceeds the model's limits."
    )

    @staticmethod
    def resolve_cheapest_cost(obj):
        return _money(obj.monthly_cost)

    @staticmethod
    def resolve_list_cost(obj):
        return _money(obj.list_cost)

    @staticmethod
    def resolve_cheapest_provider_slug(obj):
        cheapest = [route for route in obj.routes if route.is_cheapest]
        return cheapest[0].provider_slug if cheapest else None


class CostFactOut(Schema):
    profile: TrafficProfileOut = Field(description="The traffic the costs are for.")
    basis: PriceBasis = Field(description="The price basis the delta compares.")
    a: ModelCostFactOut = Field(description="Model a's costs.")
    b: ModelCostFactOut = Field(description="Model b's costs.")
    cheaper: SlugOrNull = Field(description="The cheaper model's slug; null when none.")
    difference: MoneyOut | None = Field(description="Saved a month; null when none.")
    ratio: DecimalString | None = Field(
        description="How many times the dearer one costs; null when not comparable."
    )

    @staticmethod
    def resolve_basis(obj):
        return obj.delta.basis

    @staticmethod
    def resolve_cheaper(obj):
        return obj.delta.cheaper_slug

    @staticmethod
    def resolve_difference(obj):
        return _money(obj.delta.difference)

    @staticmethod
    def resolve_ratio(obj):
        return obj.delta.ratio


class BenchmarkFactOut(Schema):
    slug: str = Field(description="The benchmark's slug.")
    unit: str = Field(description="What a score counts.")
    higher_is_better: bool = Field(description="Whether a higher score is better.")
    score_a: DecimalString = Field(description="Model a's score.")
    score_b: DecimalString = Field(description="Model b's score.")
    comparable: bool = Field(description="Whether the two scores can be compared.")
    leader: SlugOrNull = Field(
        validation_alias="leader_slug",
        description="The leading model's slug; null when none leads.",
    )
    margin: DecimalString | None = Field(
        description="The lead, in the benchmark's unit (percentage points for percent); null when none."
    )
    no_lead_reason: SlugOrNull = Field(
        description="different_sources, different_scales or within_noise; null otherwise."
    )

    @staticmethod
    def resolve_score_a(obj):
        return obj.a.value

    @staticmethod
    def resolve_score_b(obj):
        return obj.b.value


class CapabilityFactOut(Schema):
    key: str = Field(description="The capability, e.g. 'function_calling'.")
    a: TriStateValue = Field(description="Model a's value.")
    b: TriStateValue = Field(description="Model b's value.")

    @staticmethod
    def resolve_a(obj):
        return obj.a.value

    @staticmethod
    def resolve_b(obj):
        return obj.b.value


class ComparisonFactsOut(Schema):
    """The comparison's figures and decisions, each model named by its slug."""

    verdict: VerdictFactOut = Field(description="The pick and its dimensions.")
    costs: CostFactOut = Field(description="Monthly costs at the traffic profile.")
    benchmarks: list[BenchmarkFactOut] = Field(
        description="Benchmarks both models have."
    )
    capabilities: list[CapabilityFactOut] = Field(description="The capability matrix.")

    @staticmethod
    def resolve_benchmarks(obj):
        return obj.benchmarks.shared


class RequestedPairOut(Schema):
    a: str = Field(description="The path's {a}.")
    b: str = Field(description="The path's {b}.")


class ComparisonResultOut(Schema):
    """
    One comparison: the pair as requested and in canonical order, the
    figures and decisions (facts), and the page's whole result (display).
    """

    requested: RequestedPairOut = Field(description="The pair in the order requested.")
    canonical: CanonicalPairOut = Field(description="The pair in canonical order.")
    facts: ComparisonFactsOut = Field(
        description="Figures and decisions, models named by slug (in the canonical pair's a and b)."
    )
    display: ComparisonOut = Field(
        description="The page's whole result, section by section: its sentences and formatted figures (a and b in canonical order)."
    )
