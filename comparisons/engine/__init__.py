"""
The comparison engine: facts about two language models in, a "Model A vs Model B"
page's content out (compute_comparison), or two to four models side by side
(compare_models).

Everything here is pure: frozen dataclasses go in (ModelFacts, TrafficProfile, ...)
and come out (Comparison and its sections), with no Django, no clock and no
randomness, so the page, the JSON API and the tests all read the same result.
Unknown data stays unknown: Tri.UNKNOWN is not "no", a price of None is "not
sourced" (not free), and missing data is said in words and never counted as a loss.

One module per concern; computing returns structured values (a verdict
dimension's winner, margin as a Decimal with its unit, reason code; a
parameter problem as data) and the wording modules say them:

- inputs: the facts going in; vocabulary: capabilities, dimensions, presets,
  bounds and thresholds; results: every output dataclass.
- parameters: reading the reader's traffic profile, priorities, model list.
- costs: the cost model and how costs compare; benchmarks: results and leads;
  chart: price against score; peers: the peer index and related pairs;
  verdict: the weighted dimensions and the pick.
- wording: the sentences of single findings; prose: the page's paragraphs;
  tables: the pair's table cells.
- sides: one model as a comparison reads it; pair: compute_comparison();
  many: compare_models(); kinds: which models are not compared, and why.

Every public name is importable from here, as ``comparisons.engine.X``.
"""

from .benchmarks import ScoreLead, score_lead
from .costs import (
    CostRanking,
    blended_price,
    cheapest_blended_price,
    compare_costs,
    cost_gap,
    estimate_model_cost,
    estimate_route_cost,
    rank_costs,
    sorted_routes,
)
from .inputs import (
    BenchmarkResultFacts,
    CapabilityFacts,
    CuratedLayer,
    ModelFacts,
    PeerFacts,
    RouteFacts,
    Side,
    SourceRef,
    TrafficPreset,
    TrafficProfile,
    Tri,
)
from .kinds import KINDS, kinds_differ, kinds_differ_message
from .many import compare_models

# Private names that tests check against reference implementations; the
# redundant aliases re-export them without making them public.
from .pair import _build_side as _build_side  # noqa: E402
from .pair import compute_comparison
from .parameters import (
    PROFILE_PARAMETERS,
    parse_model_list,
    parse_priorities,
    parse_traffic_profile,
    read_model_list,
    read_priorities,
    read_traffic_profile,
)
from .peers import PeerIndex
from .peers import _closeness as _closeness  # noqa: E402
from .peers import _related_candidates as _related_candidates  # noqa: E402
from .results import (
    MARGIN_UNITS,
    PROBLEM_KINDS,
    REASON_CODES,
    BenchmarkResult,
    BenchmarkScore,
    BenchmarkSection,
    Bullet,
    CapabilityCell,
    CapabilityRow,
    Cell,
    ChartPoint,
    Comparison,
    CostDelta,
    CostSection,
    FaqItem,
    Intro,
    Judgement,
    ManyBenchmark,
    ManyCapabilityRow,
    ManyComparison,
    ManyCosts,
    ManyRecommendation,
    ManyRow,
    ManyScore,
    ModelCost,
    ModelPricing,
    ModelRef,
    PairLink,
    ParameterProblem,
    PriceRoute,
    PriceScoreChart,
    PricingSection,
    RelatedLink,
    RelatedSection,
    ReviewSection,
    RouteCost,
    Row,
    SharedBenchmark,
    Verdict,
    VerdictDimension,
)
from .sides import _lowest_price as _lowest_price  # noqa: E402
from .vocabulary import (
    BLEND_INPUT_SHARE,
    BLEND_OUTPUT_SHARE,
    CAPABILITIES,
    CAPABILITY_KEYS,
    DIMENSIONS,
    FAR_BELOW_LIST,
    MAX_MANY,
    MAX_MODEL_LIST_LENGTH,
    MAX_RELATED,
    MILLION,
    MIN_CHART_POINTS,
    MIN_MANY,
    PAIR_SEPARATOR,
    PRICE_BASES,
    PRIORITY_KEYS,
    PRIORITY_MULTIPLIER,
    REQUESTS_RANGE,
    ROUTE_DOUBTS,
    TOKENS_RANGE,
    TRAFFIC_PRESETS,
    WORKFLOW_CAPABILITIES,
    canonical_pair,
    pair_slug,
)
from .wording import (
    BENCHMARK_CAUTION,
    BLEND_RULE,
    COST_METHOD,
    NO_ROUTE_REASON,
    NOT_PLOTTED,
    RELATED_RULE,
    api_message,
    describe_profile,
    page_message,
    unknown_models_message,
)

__all__ = [
    # Inputs
    "BenchmarkResultFacts",
    "CapabilityFacts",
    "CuratedLayer",
    "ModelFacts",
    "PeerFacts",
    "RouteFacts",
    "Side",
    "SourceRef",
    "TrafficPreset",
    "TrafficProfile",
    "Tri",
    # Vocabulary
    "BLEND_INPUT_SHARE",
    "BLEND_OUTPUT_SHARE",
    "CAPABILITIES",
    "CAPABILITY_KEYS",
    "DIMENSIONS",
    "MARGIN_UNITS",
    "MAX_MANY",
    "MAX_MODEL_LIST_LENGTH",
    "MAX_RELATED",
    "MILLION",
    "MIN_CHART_POINTS",
    "MIN_MANY",
    "PRIORITY_KEYS",
    "PRIORITY_MULTIPLIER",
    "PROBLEM_KINDS",
    "REASON_CODES",
    "REQUESTS_RANGE",
    "TOKENS_RANGE",
    "TRAFFIC_PRESETS",
    "WORKFLOW_CAPABILITIES",
    "canonical_pair",
    "FAR_BELOW_LIST",
    "PAIR_SEPARATOR",
    "PRICE_BASES",
    "ROUTE_DOUBTS",
    "pair_slug",
    # Fixed wording
    "BENCHMARK_CAUTION",
    "BLEND_RULE",
    "COST_METHOD",
    "NOT_PLOTTED",
    "NO_ROUTE_REASON",
    "RELATED_RULE",
    # Reader input
    "PROFILE_PARAMETERS",
    "ParameterProblem",
    "api_message",
    "describe_profile",
    "page_message",
    "parse_model_list",
    "parse_priorities",
    "parse_traffic_profile",
    "read_model_list",
    "read_priorities",
    "read_traffic_profile",
    "unknown_models_message",
    # Costs and benchmarks
    "CostRanking",
    "ScoreLead",
    "blended_price",
    "cheapest_blended_price",
    "compare_costs",
    "cost_gap",
    "estimate_model_cost",
    "estimate_route_cost",
    "rank_costs",
    "score_lead",
    "sorted_routes",
    # Results
    "BenchmarkResult",
    "BenchmarkScore",
    "BenchmarkSection",
    "Bullet",
    "CapabilityCell",
    "CapabilityRow",
    "Cell",
    "ChartPoint",
    "Comparison",
    "CostDelta",
    "CostSection",
    "FaqItem",
    "Intro",
    "Judgement",
    "ManyBenchmark",
    "ManyCapabilityRow",
    "ManyComparison",
    "ManyCosts",
    "ManyRecommendation",
    "ManyRow",
    "ManyScore",
    "ModelCost",
    "ModelPricing",
    "ModelRef",
    "PairLink",
    "PriceRoute",
    "PriceScoreChart",
    "PricingSection",
    "RelatedLink",
    "RelatedSection",
    "ReviewSection",
    "Row",
    "RouteCost",
    "SharedBenchmark",
    "Verdict",
    "VerdictDimension",
    # Comparing
    "KINDS",
    "PeerIndex",
    "compare_models",
    "compute_comparison",
    "kinds_differ",
    "kinds_differ_message",
]
