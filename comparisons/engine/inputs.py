"""
The engine's inputs: what the catalog knows about models, the pair's editors'
layer and the reader's traffic, as frozen, ORM-free dataclasses.

Unknown data stays unknown: Tri.UNKNOWN is not "no", and a price of None is
"not sourced" (not free).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Literal

# Which of a pair's two models: the first ("a") or the second ("b").
Side = Literal["a", "b"]


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
    provider_kind: str = "inference_host"  # first_party | cloud | router | plan | ...
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
    # The day the provider stops (or stopped) serving it: past it, the route
    # reads as retired whatever its stored lifecycle (ModelFacts.as_of()).
    retirement_date: dt.date | None = None
    source: SourceRef | None = None
    source_url: str = ""
    # The date the source itself says it checked the prices, and the date
    # an editor reviewed them: "verified" is whichever is later.
    last_verified: dt.date | None = None
    last_reviewed: dt.date | None = None

    @property
    def last_check(self) -> tuple[str, dt.date | None]:
        """
        Return ("reviewed", date) when an editor's review is the latest
        check, else ("checked", the source's own date or None).
        """
        reviewed, checked = self.last_reviewed, self.last_verified
        if reviewed and (checked is None or reviewed >= checked):
            return "reviewed", reviewed
        return "checked", checked


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
    # Results an editor marked comparable share a group, whatever their sources.
    comparable_group: str = ""
    # The variant of the model (a dated snapshot) the score was measured on,
    # shown on the model's pages where it has no result of its own; empty
    # for the model's own result.
    variant_slug: str = ""
    variant_name: str = ""


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
    # language | embedding | reranking | speech | image | video | other:
    # only models of one kind are compared.
    kind: str = "language"
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
    # Fields whose figure failed a consistency check and waits for a
    # Publisher; empty on the page, they read "not verified" (trust.md 7).
    unverified: tuple[str, ...] = ()
    routes: tuple[RouteFacts, ...] = ()
    results: tuple[BenchmarkResultFacts, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    last_reviewed: dt.date | None = None
    status: str = "published"

    def as_of(self, today: dt.date) -> ModelFacts:
        """
        Return the model as it stands on ``today``: a route whose retirement
        date has passed is retired, even where its stored lifecycle still
        says active (trust.md 8: dates mean what they say).
        """

        def retired_by_date(route: RouteFacts) -> bool:
            return (
                route.lifecycle != "retired"
                and route.retirement_date is not None
                and route.retirement_date <= today
            )

        if not any(map(retired_by_date, self.routes)):
            return self
        return replace(
            self,
            routes=tuple(
                replace(route, lifecycle="retired") if retired_by_date(route) else route
                for route in self.routes
            ),
        )


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
    kind: str = "language"  # as ModelFacts.kind
    # The benchmark pages' figure: the lowest blend over single routes. When it
    # is not given, the chart blends the cheapest input and output prices.
    cheapest_blended_price: Decimal | None = None
    # The capabilities the catalog has a yes or a no for on this model.
    known_capabilities: tuple[str, ...] = ()
    # When it was released, to tell a rival of the same generation.
    release_date: dt.date | None = None


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
    # What the verdict's cost dimension compares: "list" (each model's list
    # price) or "cheapest" (its cheapest trusted route).
    price_basis: str = "list"
    # Whether routes left out of "cheapest" for trust (deprecated, plans,
    # priced far below list) may count, as include_free_tiers for free tiers.
    include_untrusted: bool = False


@dataclass(frozen=True)
class TrafficPreset:
    """A named, typical traffic profile the reader can start from."""

    slug: str
    label: str
    description: str
    profile: TrafficProfile
