"""
The engine's fixed vocabulary: capabilities, verdict dimensions and their
weights, traffic presets, the bounds of reader input, and the thresholds
that the computing modules share. No sentences: those are in wording.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .inputs import TrafficPreset, TrafficProfile

# Costs are exact: 10**12 requests x 10**7 tokens x a six-decimal price fits with
# room to spare, so no intermediate result is ever rounded.
PRECISION = 100
MILLION = Decimal(1_000_000)

# A verdict dimension is a tie when its margin is within the noise (trust.md,
# section 4): a benchmark lead under 1 point on a 100-point scale (under 1% of
# the larger score otherwise), context windows within 1.2x, monthly costs
# within 10%, provider (or route) counts within 2. Weighted scores within one
# weight point are too close to call overall.
BENCHMARK_NOISE_POINTS = Decimal(1)
BENCHMARK_NOISE_SHARE = Decimal("0.01")
CONTEXT_NOISE_RATIO = Decimal("1.2")
COST_NOISE_SHARE = Decimal("0.10")
COVERAGE_NOISE = 2
CLOSE_CALL_WEIGHT = 1

# What the verdict's cost dimension compares (TrafficProfile.price_basis).
PRICE_BASES = ("list", "cheapest")
# A route priced under this fraction of the model's list price (input or
# output) is "priced far below list, unverified" (trust.md, section 2).
FAR_BELOW_LIST = Decimal(1) / 3
# Why a route is left out of "cheapest", the median and the verdict, most
# decisive first (trust.md, section 2); "" is a trusted route.
ROUTE_DOUBTS = ("retired", "deprecated", "plan", "free_tier", "far_below_list")

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
CAPABILITY_PHRASES = {key: phrase for key, _, phrase in CAPABILITIES}

# Models whose requests produce no output tokens: costed on input alone.
INPUT_ONLY_KINDS = ("embedding", "reranking")

# The coding and agent workflow the "capabilities" verdict dimension weighs.
WORKFLOW_CAPABILITIES = (
    "function_calling",
    "tool_use",
    "structured_outputs",
    "code_execution",
)
# The capabilities no verdict dimension weighs: a pick names them when only
# the other model has them (wording.pick_sentence()).
UNWEIGHED_CAPABILITIES = tuple(
    key for key, _, _ in CAPABILITIES if key not in WORKFLOW_CAPABILITIES
)


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    label: str
    weight: int
    strength: str  # what winning it offers: "choose X for {strength}"
    when: str  # "choose X when {when}"


DIMENSIONS: tuple[DimensionSpec, ...] = (
    DimensionSpec(
        "quality", "Quality", 3, "benchmark quality", "benchmark quality matters"
    ),
    DimensionSpec(
        "context",
        "Context",
        1,
        "a longer context window",
        "a longer context window matters",
    ),
    DimensionSpec(
        "cost", "Cost", 2, "lower cost at your traffic", "cost at your traffic matters"
    ),
    DimensionSpec(
        "capabilities",
        "Coding workflow",
        2,
        "coding workflow support",
        "coding workflow support matters",
    ),
    DimensionSpec(
        "availability", "Availability", 1, "provider choice", "provider choice matters"
    ),
    DimensionSpec(
        "openness",
        "Openness",
        1,
        "open weights and licensing",
        "open weights and licensing matter",
    ),
)
DIMENSIONS_BY_KEY = {spec.key: spec for spec in DIMENSIONS}
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
PRESETS_BY_SLUG = {preset.slug: preset for preset in TRAFFIC_PRESETS}

REQUESTS_RANGE = (1, 10**12)
TOKENS_RANGE = (1, 10**7)
LONG_CONTEXT = 200_000  # tokens from which "long-document work" is a fair claim
SIZE_CLASSES = (
    (10**12, "very large"),
    (10**11, "large"),
    (10**10, "mid-sized"),
    (0, "small"),
)
PROVENANCE_ORDER = ("independent", "self_reported", "unknown")
PROVENANCE_LABELS = {
    "independent": "independent",
    "self_reported": "self-reported",
    "unknown": "provenance unknown",
}
ARCHITECTURES = {"dense": "Dense", "mixture_of_experts": "Mixture of experts"}
COMMERCIAL_USE = {
    "allowed": "Allowed",
    "conditional": "Allowed with conditions",
    "not_allowed": "Not allowed",
}
MAX_RELATED = 8
# A rival in "Continue comparing": another organization's model released
# within this many days of the model (the same generation), in its size or
# price band (within RIVAL_BAND times, either way).
RIVAL_GENERATION_DAYS = 366
RIVAL_BAND = 2
STALE_AFTER_DAYS = 365


def canonical_pair(slug1: str, slug2: str) -> tuple[str, str]:
    """Return the two slugs in the page's canonical (alphabetical) order."""
    return (slug1, slug2) if slug1 <= slug2 else (slug2, slug1)


PAIR_SEPARATOR = "-vs-"


def pair_slug(slug1: str, slug2: str) -> str:
    """Return a pair's path slug, "<first>-vs-<second>", in canonical order."""
    first, second = canonical_pair(slug1, slug2)
    return f"{first}{PAIR_SEPARATOR}{second}"


# The benchmark pages' blend (catalog.selectors.BLEND_*_SHARE): three input
# tokens for each output token. Repeated, not imported: the engine stays free
# of the catalog app and of Django.
BLEND_INPUT_SHARE = Decimal("0.75")
BLEND_OUTPUT_SHARE = Decimal("0.25")
# Fewer points make a scatter plot that says nothing a sentence cannot.
MIN_CHART_POINTS = 3

# Several models side by side.
MIN_MANY = 2
MAX_MANY = 4
# Four slugs of up to 100 characters (the SlugField's max_length) and commas.
MAX_MODEL_LIST_LENGTH = MAX_MANY * 100 + MAX_MANY - 1
