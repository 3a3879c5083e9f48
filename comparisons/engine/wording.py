"""
Every sentence the engine writes, made from computed results: a judgement's
reason and margin, a benchmark's lead, a cost delta, a parameter problem,
and the page's intro, tradeoffs, switch friction, deep dive and FAQ.

Pure: no rule is decided here. Who wins, by how much, what is cheaper or
missing is computed in its concern's module (verdict, benchmarks, costs,
parameters, ...) and only said here, so a change of rule is made once.
Figures are written by catalog.formatting, the site's one formatting rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from catalog.formatting import (
    capitalize_first,
    format_count,
    format_money,
    format_money_delta,
    format_parameters,
    format_points,
    format_price,
    format_ratio,
    format_score,
    format_tokens,
    join_list,
    pluralize,
    possessive,
)

from .inputs import BenchmarkResultFacts, ModelFacts, RouteFacts, TrafficProfile, Tri
from .results import (
    ChartPoint,
    CostDelta,
    Judgement,
    ManyBenchmark,
    ModelCost,
    ParameterProblem,
    PriceScoreChart,
    RouteCost,
    SharedBenchmark,
    VerdictDimension,
)
from .sides import coverage, within_context_noise
from .vocabulary import (
    CAPABILITY_KEYS,
    CAPABILITY_PHRASES,
    CONTEXT_NOISE_RATIO,
    LONG_CONTEXT,
    MAX_MANY,
    MIN_CHART_POINTS,
    MIN_MANY,
    PROVENANCE_LABELS,
    SIZE_CLASSES,
    DimensionSpec,
)

if TYPE_CHECKING:
    from .benchmarks import ScoreLead
    from .sides import _Side

BENCHMARK_CAUTION = (
    "Treat isolated benchmark wins as directional: provider routing, prompt "
    "style, and tool access can move real application results."
)
COST_METHOD = (
    "Monthly cost = requests x (input tokens x input price + output tokens x "
    "output price) per 1M tokens. Cached input pays the cache-read price, batch "
    "requests the batch prices, where sourced; above a long-context threshold "
    "the whole request pays the tier prices. A model's list price is its own "
    "organization's pay-as-you-go API, or else the median of its trusted paid "
    "routes; its cheapest trusted route leaves out routes that are deprecated, "
    "subscription or coding plans, free tiers, or priced under a third of the "
    "list price, unless you include them. A request longer than a model's "
    "context window or max output has no cost."
)
PRICE_BASIS_LABELS = {"list": "list price", "cheapest": "cheapest trusted route"}
THRESHOLDS_TEXT = (
    "A dimension is a tie, never a win, when its margin is within the noise: a "
    "benchmark lead under 1 point on a 100-point scale (under 1% of the scale "
    "otherwise), context windows within 1.2x, monthly costs within 10%, provider "
    "counts within 2. Only scores from one source (the same leaderboard or "
    "publication) are compared. A pick whose weighted score is within one "
    "point of the other's is too close to call."
)
NO_QUALITY = "No shared benchmark, so quality is not compared"
# Shared benchmarks, but none scored by one source: the scorecard lists them.
NO_COMPARABLE_QUALITY = (
    "No shared benchmark with comparable scores, so quality is not compared"
)
NO_ROUTE_REASON = "No route tracked, so no sourced input and output price"
BLEND_RULE = "0.75 x input price + 0.25 x output price, free tiers left out"
NOT_PLOTTED = "not plotted: no sourced price"
RELATED_RULE = (
    "Curated comparisons that include either model come first. Then each model is "
    "paired, in turn, with its rivals: other organizations' models released within "
    "a year of it, in its price band (cheapest output price within 2x), then its "
    "size band (parameter count within 2x), neither out of band where both are "
    "known; then with its closest published peers: same organization, similar "
    "size (parameter count within 2x), similar price (cheapest output price within "
    "2x), most shared benchmarks, then similar context window (within 1.5x). The "
    "pair itself and repeated pairs are left out."
)


# Reader input ---------------------------------------------------------------


# A sentence names this many providers at most and counts the rest (the
# route tables list every one).
PROVIDERS_NAMED = 6


def token_pair(own: int, theirs: int) -> tuple[str, str]:
    """
    Return two token counts as a sentence compares them: compact ("1.1M",
    "128k"), or exact where the compact forms read the same (1,000,000 and
    991,000 are both "1M").
    """
    compact = format_tokens(own), format_tokens(theirs)
    if compact[0] == compact[1] and own != theirs:
        return format_count(own), format_count(theirs)
    return compact


def provider_list(routes: Iterable[RouteFacts]) -> str:
    """
    Return the routes' providers as prose by name, "A, B, and C"; past six,
    the model's own and the clouds first and then by name, "and 17 other
    providers".
    """
    ranks: dict[str, int] = {}
    for route in routes:
        if route.is_first_party and route.provider_kind != "plan":
            rank = 0
        else:
            rank = 1 if route.provider_kind == "cloud" else 2
        ranks[route.provider_name] = min(rank, ranks.get(route.provider_name, rank))
    if len(ranks) <= PROVIDERS_NAMED:
        return join_list(sorted(ranks, key=str.casefold))
    names = sorted(ranks, key=lambda name: (ranks[name], name.casefold()))
    others = pluralize(len(names) - PROVIDERS_NAMED, "other provider")
    return join_list([*names[:PROVIDERS_NAMED], others])


def share_text(share: Decimal) -> str:
    """Return a share as a percentage: 0.25 -> "25%"."""
    return f"{(share * 100).normalize():f}%"


def api_message(problem: ParameterProblem) -> str:
    """
    Return the problem as the API says it: what is wrong and what is valid,
    without the fallback the page takes (the API refuses the value).
    """
    if problem.kind == "unknown_preset":
        return f"Unknown traffic preset; choose {join_list(problem.choices, 'or')}."
    if problem.kind == "empty":
        return f"{problem.label} is empty."
    if problem.kind == "invalid":
        return f"{problem.label} must be {problem.rule}."
    if problem.kind == "unknown_priorities":
        ignored = pluralize(problem.count, "unknown priority", "unknown priorities")
        shown = [f'"{key}"' for key in problem.shown]
        named = f" ({join_list(shown)})" if shown else ""
        choices = join_list(problem.choices, "or")
        return capitalize_first(f"{ignored}{named}; choose from {choices}.")
    return _model_list_message(problem)


def page_message(problem: ParameterProblem) -> str:
    """Return the problem as the page says it: with the value it uses instead."""
    if problem.kind == "unknown_preset":
        return f"{api_message(problem)} Using {problem.fallback}."
    if problem.kind in ("empty", "invalid"):
        return f"{api_message(problem).removesuffix('.')}; using {problem.fallback}."
    if problem.kind == "unknown_priorities":
        return f"Ignored {api_message(problem)}"
    return _model_list_message(problem)


def _model_list_message(problem: ParameterProblem) -> str:
    if problem.kind == "too_long":
        return (
            f"The list of models is too long: name {MIN_MANY} to {MAX_MANY} models "
            "by their short names, separated by commas."
        )
    if problem.kind == "too_few":
        given = "no model was" if not problem.count else "only one model was"
        return f"Pick at least {MIN_MANY} models to compare: {given} given."
    if problem.kind == "too_many":
        return f"Pick at most {MAX_MANY} models to compare: {problem.count} were given."
    if problem.kind == "not_slugs":
        return (
            "Name models by their short names (letters, digits, hyphens and "
            "underscores), or pick them from the lists."
        )
    if problem.kind == "repeated":
        return (
            f"Pick {MIN_MANY} to {MAX_MANY} different models: "
            f"“{problem.shown[0]}” is listed more than once."
        )
    raise ValueError(f"Unknown parameter problem: {problem.kind!r}.")


def unknown_models_message(slugs: Sequence[str]) -> str:
    """
    Return the message for slugs that name no (visible) published model; the
    slugs have passed parse_model_list(), so they are safe to echo.
    """
    named = join_list([f"“{slug}”" for slug in slugs[:3]], "or")
    return f"We have no published model named {named}. Pick models from the lists."


def describe_profile(profile: TrafficProfile) -> str:
    """Return the profile in words: "1,000,000 requests a month, 500 input ..."."""
    text = (
        f"{pluralize(profile.requests_per_month, 'request')} a month, "
        f"{format_count(profile.input_tokens)} input and "
        f"{pluralize(profile.output_tokens, 'output token')} each"
    )
    if profile.cached_share:
        text += f", {share_text(profile.cached_share)} of input read from cache"
    if profile.batch_share:
        text += f", {share_text(profile.batch_share)} of requests sent as batch"
    return text


# Costs ----------------------------------------------------------------------


def missing_price_reason(kinds: Sequence[str]) -> str:
    return f"No sourced {' or '.join(kinds)} price"


def no_cache_price_note(route: RouteFacts) -> str:
    return (
        f"Cached input tokens pay the full input price on {route.provider_name}: "
        "no cache-read price is sourced."
    )


def no_batch_price_note(route: RouteFacts) -> str:
    return (
        f"Batch requests pay standard prices on {route.provider_name}: no batch "
        "price is sourced."
    )


def no_long_context_price_reason(route: RouteFacts, profile: TrafficProfile) -> str:
    return (
        f"{format_count(profile.input_tokens)} input tokens exceed the "
        f"{format_tokens(route.long_context_threshold or 0)}-token long-context "
        "threshold, and no long-context price is sourced"
    )


def long_context_notes(route: RouteFacts, profile: TrafficProfile) -> list[str]:
    tier_input = route.long_context_input_price or Decimal(0)
    tier_output = route.long_context_output_price or Decimal(0)
    notes = [
        f"Requests of {format_count(profile.input_tokens)} input tokens exceed the "
        f"{format_tokens(route.long_context_threshold or 0)}-token long-context "
        f"threshold on {route.provider_name}, so each whole request pays the tier "
        f"prices ({format_price(tier_input)} input, {format_price(tier_output)} "
        "output per 1M tokens)."
    ]
    if profile.cached_share or profile.batch_share:
        notes.append(
            f"No long-context cache or batch price is sourced on {route.provider_name}, "
            "so cached tokens and batch requests pay the tier prices too."
        )
    return notes


def route_status_note(route: RouteFacts, is_free: bool, profile: TrafficProfile) -> str:
    """Return the note on a retired route or a free tier, or ""."""
    if route.lifecycle == "retired":
        return "Retired route: never taken as the cheapest."
    if is_free and profile.include_free_tiers:
        return "Free tier: rate limits apply."
    if is_free:
        return (
            "Free tier (rate limits apply): left out of the cheapest cost unless "
            "free tiers are included."
        )
    return ""


def route_doubt_text(
    doubt: str,
    profile: TrafficProfile,
    *,
    of_model: bool = False,
    is_free: bool = False,
) -> str:
    """
    Return why a route is left out of "cheapest", the median and the verdict;
    ``of_model``: the lifecycle doubt is the model's, not the route's.
    """
    if not doubt:
        return ""
    text = {
        "retired": "retired",
        "deprecated": "deprecated",
        "plan": "a subscription or coding plan, not an API price",
        "free_tier": "a free tier (rate limits apply)",
        "far_below_list": "priced far below list, unverified",
    }[doubt]
    if of_model:
        text = f"the model is {doubt}"
    if doubt == "retired":
        return f"Left out: {text}."
    if is_free and doubt != "free_tier":
        text = f"{text}, and the route is a free tier (rate limits apply)"
    included = (
        profile.include_free_tiers
        if doubt == "free_tier"
        else profile.include_untrusted and (profile.include_free_tiers or not is_free)
    )
    if included:
        return f"Included at your request: {text}."
    return f"Left out of the cheapest route and the verdict: {text}."


def not_possible_reason(limit: str, size: int) -> str:
    """Return why a request of the profile has no cost on a model."""
    if limit == "context_window":
        return (
            "Not possible: the request exceeds the context window "
            f"({format_count(size)} tokens)"
        )
    return (
        "Not possible: the output exceeds the maximum output "
        f"({format_count(size)} tokens)"
    )


def list_price_text(basis: str, provider: str, count: int) -> str:
    """Return where a list price comes from: "OpenAI API", "median of 4 routes"."""
    if basis == "first_party":
        return provider
    if count == 1:
        return "its only trusted route"  # not a median of one
    return f"median of {pluralize(count, 'trusted route')}"


def route_cost_display(cost: Decimal | None, is_free: bool) -> str:
    if cost is None:
        return "Unavailable"
    if is_free and cost == 0:
        return "Free (rate limits apply)"
    return format_money(cost)


def no_cost_reason(code: str, tier_reason: str = "") -> str:
    """Return why a model has no cheapest route (costs._no_cost_finding()'s code)."""
    return {
        "no_route": NO_ROUTE_REASON,
        "no_long_context_price": f"{tier_reason} on any tracked route",
        "no_price": "No sourced input and output price on any tracked route",
        "free_tiers_only": (
            "Only free tiers (rate limits apply) are priced; include free tiers to "
            "use them"
        ),
        "no_paid_route": "No active paid route has a sourced input and output price",
        # Said short, as it is repeated; doubted_only_note() says why, once.
        "doubted_only": "No trusted route is priced",
    }[code]


def doubted_only_note(model: ModelFacts, costs: Sequence[RouteCost]) -> str:
    """
    Return, once, why every priced route of a model with no cheapest route is
    left out, and how to use them.
    """
    if model.lifecycle_status == "deprecated":
        why = f"{model.name} is deprecated"
    else:
        labels = {
            "deprecated": "deprecated",
            "plan": "a plan",
            "far_below_list": "priced far below list",
        }
        found = {cost.doubt for cost in costs if cost.monthly_cost is not None}
        why = f"each is {join_list([v for k, v in labels.items() if k in found], 'or')}"
    return (
        f"Every priced route is left out of the cheapest route and the verdict: "
        f"{why}. Include routes left out (a traffic option) to use them."
    )


def cost_summary(cost: ModelCost) -> str:
    """Return a model's monthly cost at list price and on its cheapest trusted route."""
    name = cost.model_name
    if not cost.is_possible or (cost.monthly_cost is None and cost.list_cost is None):
        return f"{possessive(name)} cost is unavailable ({cost.reason.lower()})."
    parts = []
    if cost.list_cost is not None:
        parts.append(
            f"{cost.list_cost_display} a month at list price ({cost.list_text})"
        )
    if cost.monthly_cost is not None:
        parts.append(
            f"{cost.monthly_cost_display} on its cheapest trusted route "
            f"({cost.cheapest_provider_name})"
        )
    else:
        parts.append(f"no trusted route is priced ({cost.reason.lower()})")
    return f"{name} costs {join_list(parts)}."


def times_as_much(ratio: Decimal | None) -> str:
    """
    Return how much more one cost is than another, given their ratio: "2.4x
    as much" from 2x up, "12% more" below, and "" when it rounds to no
    difference (never "1x" for a $200 gap).
    """
    if not ratio or ratio <= 1:
        return ""
    if ratio >= Decimal("1.95"):
        return f"{format_ratio(ratio)} as much"
    percent = round((ratio - 1) * 100)
    return f"{percent}% more" if percent else ""


def more_a_month(difference: Decimal, ratio: Decimal | None, *beside: Decimal) -> str:
    """Return "$200 more a month (12% more)" or "$3,000 more a month (2.4x as much)"."""
    money = format_money_delta(difference, *beside)
    how_much = times_as_much(ratio)
    return f"{money} more a month" + (f" ({how_much})" if how_much else "")


def cost_display_on(cost: ModelCost, basis: str) -> str:
    """Return a model's monthly cost on a price basis, in words."""
    return cost.list_cost_display if basis == "list" else cost.monthly_cost_display


def cost_delta_sentence(delta: CostDelta, a: ModelCost, b: ModelCost) -> str:
    basis = delta.basis
    on = f"At {PRICE_BASIS_LABELS[basis]}"
    impossible = [cost.model_name for cost in (a, b) if not cost.is_possible]
    if impossible:
        verb = "cannot" if len(impossible) == 1 else "cannot either"
        return (
            f"Cost delta unavailable: {join_list(impossible)} {verb} take a request "
            "this long."
        )
    missing = [cost.model_name for cost in (a, b) if cost.cost_on(basis) is None]
    if missing:
        verb = "has" if len(missing) == 1 else "have"
        # "No sourced" would be untrue of a model whose priced routes are all
        # left out (a deprecated model): the cost card says why.
        what = "list price" if basis == "list" else "trusted route with a price"
        return (
            f"Cost delta unavailable: {join_list(missing)} {verb} no {what} at "
            "this traffic."
        )
    if delta.cheaper is None:
        return (
            f"No cost delta at {PRICE_BASIS_LABELS[basis]}: "
            f"{cost_display_on(a, basis)} a month each."
        )
    cheap, dear = (a, b) if delta.cheaper == "a" else (b, a)
    how_much = times_as_much(delta.ratio)
    times = f"; {dear.model_name} costs {how_much}" if how_much else ""
    return (
        f"{on}, {cheap.model_name} costs {delta.difference_display} less a month "
        f"than {dear.model_name} at this traffic{times}."
    )


# One model ------------------------------------------------------------------


def routes_text(side: _Side) -> str:
    if not side.live_routes:
        return "no routes tracked"
    routes = pluralize(len(side.live_routes), "route")
    return f"{routes} on {pluralize(len(side.provider_names), 'provider')}"


def verdict_routes_text(side: _Side) -> str:
    """
    Return the routes the verdict's availability counts: "21 trusted routes
    on 21 providers" (or "routes", where the reader included left-out ones).
    """
    providers, count = coverage(side)
    if not count:
        return "no trusted route"
    word = "route" if side.includes_left_out else "trusted route"
    return f"{pluralize(count, word)} on {pluralize(providers, 'provider')}"


def capability_list(keys: Iterable[str]) -> str:
    return join_list([CAPABILITY_PHRASES[key] for key in keys])


def untracked_note(tracked: Sequence[str]) -> str:
    """Return the sentence naming the capabilities left out as unknown everywhere."""
    left_out = [key for key in CAPABILITY_KEYS if key not in tracked]
    if not left_out:
        return ""
    return (
        f"Not listed: {capability_list(left_out)}, which the catalog has no data "
        "on for any model yet."
    )


def parameters_text(model: ModelFacts) -> str:
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


def size_class(count: int) -> str:
    return next(label for floor, label in SIZE_CLASSES if count >= floor)


def license_text(model: ModelFacts) -> str:
    if not model.license_name:
        return "license not sourced"
    osi = ", OSI-approved" if model.license_is_osi_approved else ""
    name = model.license_name
    # "Llama 3.1 Community License", not "Llama 3.1 Community License license";
    # nor "Llama 4 Community License Agreement license", "Gemma Terms of Use
    # license".
    named = name.casefold().endswith(
        ("license", "licence", "agreement", "terms", "terms of use")
    )
    return f"{name}{'' if named else ' license'}{osi}"


def openness_text(model: ModelFacts) -> str:
    weights = {
        Tri.YES: "open weights",
        Tri.NO: "closed weights",
        Tri.UNKNOWN: "weights of unknown openness",
    }[model.open_weights]
    return f"{weights}, {license_text(model)}"


def best_for(side: _Side) -> str:
    """Return the uses the side's sourced facts support, or ""."""
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
    if (side.facts.context_window or 0) >= LONG_CONTEXT:
        uses.append("long-document work")
    if side.facts.open_weights is Tri.YES:
        uses.append("self-hosting")
    if len(side.provider_names) >= 3:
        uses.append("provider-routed production")
    return join_list(uses)


# Benchmarks -----------------------------------------------------------------


def provenance_text(
    a: _Side, b: _Side, common: str | None, provenance_a: str, provenance_b: str
) -> str:
    if common is not None:
        return f"{capitalize_first(PROVENANCE_LABELS[common])} for both"
    return (
        f"Provenance differs: {a.name} "
        f"{PROVENANCE_LABELS.get(provenance_a, provenance_a)}, "
        f"{b.name} {PROVENANCE_LABELS.get(provenance_b, provenance_b)}"
    )


def scores_text(benchmark: SharedBenchmark, ahead: str | None = None) -> str:
    """
    Return the two scores, the leader's first (or, given ``ahead``, that
    side's: ahead within the noise): "79.1 vs 69.4".
    """
    first, second = benchmark.a, benchmark.b
    if (ahead or benchmark.leader) == "b":
        first, second = second, first
    lower = "; lower is better" if not benchmark.higher_is_better else ""
    return f"{first.display} vs {second.display}{lower}"


def name_of(a: _Side, b: _Side, key: str | None) -> str:
    """Return the name of the pair's side with the key: a leader, a winner."""
    return a.name if key == "a" else b.name


def lead_text(a: _Side, b: _Side, benchmark: SharedBenchmark, unit_b: str) -> str:
    if benchmark.no_lead_reason == "different_sources":
        return "Different sources, not directly comparable"
    if not benchmark.comparable:
        return (
            f"Not comparable: scored in different units or directions "
            f"({benchmark.unit} and {unit_b})"
        )
    if benchmark.no_lead_reason == "within_noise":
        ahead = (
            "a"
            if (benchmark.a.value > benchmark.b.value) == benchmark.higher_is_better
            else "b"
        )
        return (
            f"{name_of(a, b, ahead)} is {benchmark.margin_display} ahead "
            f"({scores_text(benchmark, ahead=ahead)}), "
            f"{noise_rule(benchmark.unit)}: within the noise, so neither leads"
        )
    if benchmark.leader is None:
        return f"Tied at {benchmark.a.display}"
    return (
        f"{name_of(a, b, benchmark.leader)} leads by {benchmark.margin_display} "
        f"({scores_text(benchmark)})"
    )


def noise_rule(unit: str) -> str:
    """Return the noise threshold of a benchmark's scale, in words."""
    if unit == "percent":
        return "under 1 point on a 100-point scale"
    return "under 1% of the scale"


def _led(shared: Sequence[SharedBenchmark], key: str) -> list[str]:
    return [benchmark.name for benchmark in shared if benchmark.leader == key]


def benchmark_summary(a: _Side, b: _Side, shared: Sequence[SharedBenchmark]) -> str:
    if not shared:
        return f"{a.name} and {b.name} share no benchmark in the catalog."
    parts = [
        f"{side.name} leads on {join_list(names)}"
        for side in (a, b)
        if (names := _led(shared, side.key))
    ]
    ties = [
        benchmark.name
        for benchmark in shared
        if benchmark.comparable and not benchmark.leader
    ]
    if ties:
        parts.append(f"they tie on {join_list(ties)} (within the noise)")
    apart = [b.name for b in shared if b.no_lead_reason == "different_sources"]
    if apart:
        parts.append(
            f"{join_list(apart)} {'comes' if len(apart) == 1 else 'come'} from "
            "different sources, not directly comparable"
        )
    count = pluralize(len(shared), "shared benchmark")
    return f"{count}: {join_list(parts)}." if parts else f"{count}, none comparable."


# Chart ----------------------------------------------------------------------


def no_chart_message(names: Sequence[str], any_shared: bool) -> str:
    what = "no benchmark scored the same way" if any_shared else "no benchmark"
    return (
        f"No price-against-score chart: {join_list(names)} share {what} in the catalog."
    )


def not_plotted_text(missing: Sequence[ChartPoint]) -> str:
    if not missing:
        return ""
    return (
        f"Not plotted, with no sourced price: {join_list([p.name for p in missing])}."
    )


def chart_selection(
    name: str, comparable: int, priced: int, *, models: int, shared: int
) -> str:
    """
    Return why the chart plots this benchmark; when some of the ``shared``
    benchmarks have no comparable scores, the count says it is of the others.
    """
    every = "both models" if models == 2 else f"all {models} models"
    if comparable == 1:
        if shared == 1:
            return f"{name} is the one benchmark {every} are scored on."
        return f"{name} is the one shared benchmark with comparable scores for {every}."
    of = (
        f"Of {comparable} shared benchmarks"
        if comparable == shared
        else f"Of the {comparable} shared benchmarks with comparable scores"
    )
    return (
        f"{of}, {name} has the most published models with both a score and a "
        f"sourced price ({priced})."
    )


def too_few_points(name: str, plotted: Sequence[ChartPoint]) -> str:
    having = [p.name for p in plotted]
    who = (
        f"only {join_list(having)} {'has' if len(having) == 1 else 'have'} both"
        if having
        else "no model has both"
    )
    return (
        f"No price-against-score chart on {name}: it needs at least "
        f"{MIN_CHART_POINTS} models with both a score and a sourced price, "
        f"and {who}."
    )


def chart_texts(
    compared: Sequence[str], chart: PriceScoreChart, not_plotted: str
) -> dict[str, str]:
    """Return a shown chart's title, description, caption and axis labels."""
    name, unit, plotted = chart.benchmark_name, chart.unit, chart.points
    direction = "higher" if chart.higher_is_better else "lower"
    names = [p.name for p in plotted if p.highlighted]
    highlighted = (
        f"{join_list(names)} {'is' if len(names) == 1 else 'are'} highlighted"
        if names
        else (
            f"neither {compared[0]} nor {compared[1]} has a sourced price"
            if len(compared) == 2
            else f"none of {join_list(compared, 'or')} has a sourced price"
        )
    )
    count = pluralize(len(plotted), "model")
    return {
        "title": f"{name} score against price",
        "description": (
            f"Scatter plot of {count} with both a score on {name} and a sourced "
            f"price; {highlighted}. Across: the cheapest blended price per 1M "
            f"tokens ({BLEND_RULE}), on a log scale. Up: the {name} score ({unit}); "
            f"{direction} is better. {not_plotted}"
        ).strip(),
        "caption": f"{count} plotted; "
        + (
            f"the labelled diamonds mark {join_list(names)}."
            if names
            else f"{highlighted}."
        ),
        "x_label": "Blended price, $ per 1M tokens (3 input : 1 output, log scale)",
        "y_label": f"{name} score ({unit}, {direction} is better)",
    }


# Verdict --------------------------------------------------------------------


def dimension_margin(judgement: Judgement) -> str:
    """Return a verdict dimension's margin in words ("" where there is none)."""
    code, value, (count_a, count_b) = (
        judgement.reason_code,
        judgement.margin_value,
        judgement.counts,
    )
    if judgement.winner == "b":
        # The winner's count first: "GPT-5.5 (6 to 0)", never "(0 to 6)".
        count_a, count_b = count_b, count_a
    if code == "higher_score" and judgement.benchmark:
        benchmark = judgement.benchmark
        return f"{benchmark.margin_display} on {benchmark.name}"
    if code in ("more_benchmarks_led", "same_benchmarks_led", "more_capabilities"):
        return f"{count_a} to {count_b}"
    if code in ("same_window", "same_cost"):
        return "equal"
    if code == "larger_window" and value:
        return f"{format_ratio(value)} larger"
    if code == "cheaper" and value is not None:
        return f"{format_money(value)} a month less"
    if code in ("more_providers", "more_routes"):
        return f"{count_a} to {count_b} providers"
    if code == "lead_within_noise" and judgement.benchmark:
        return f"{judgement.benchmark.margin_display}, within the noise"
    if code == "window_within_noise" and value:
        return f"{format_ratio(value)}, within 1.2x"
    if code == "cost_within_noise" and value is not None:
        return f"{format_money(value)} a month, within 10%"
    if code == "coverage_within_noise":
        return f"{count_a} to {count_b} providers, within 2"
    return ""


_FIXED_REASONS = {
    "no_shared_benchmark": "No shared benchmarks",
    "no_comparable_benchmark": "No comparable shared benchmarks",
    "no_routes_for_either": "No trusted route for either model",
}


def dimension_reason(judgement: Judgement, a: _Side, b: _Side) -> str:
    """Return why a verdict dimension is won, tied or not judged, in words."""
    code, missing = judgement.reason_code, join_list(judgement.missing)
    benchmark = judgement.benchmark
    if code in _FIXED_REASONS:
        return _FIXED_REASONS[code]
    if code == "window_not_sourced":
        return f"Context window not sourced for {missing}"
    if code == "no_capability_data":
        return f"No coding-workflow capability data for {missing}"
    if code == "no_openness_data":
        return f"No license or weights data for {missing}"
    if code == "same_score" and benchmark:
        return f"Both score {benchmark.a.display} on {benchmark.name}"
    if code == "lead_within_noise" and benchmark:
        return f"On {benchmark.name}, {benchmark.lead_text}"
    if code == "higher_score" and benchmark:
        return f"On {benchmark.name}, {benchmark.lead_text}"
    if code in ("more_benchmarks_led", "same_benchmarks_led"):
        count_a, count_b = judgement.counts
        of = pluralize(judgement.total, "comparable shared benchmark")
        return f"{a.name} leads on {count_a} and {b.name} on {count_b} of {of}"
    if code in ("larger_window", "same_window", "window_within_noise"):
        return _context_reason(judgement, a, b)
    if code in (
        "cheaper",
        "same_cost",
        "cost_within_noise",
        "no_price",
        "not_possible",
        "no_price_for_either",
    ):
        return _cost_reason(judgement, a, b)
    if code in ("more_capabilities", "same_capability_count", "no_capability_gap"):
        return _capabilities_reason(judgement, a, b)
    if code in (
        "more_providers",
        "more_routes",
        "same_coverage",
        "coverage_within_noise",
    ):
        return (
            f"{a.name} has {verdict_routes_text(a)}; {b.name} has "
            f"{verdict_routes_text(b)}"
        )
    if code in ("more_open", "same_openness"):
        return f"{a.name}: {openness_text(a.facts)}; {b.name}: {openness_text(b.facts)}"
    raise ValueError(f"Unknown reason code: {code!r}.")


def _context_reason(judgement: Judgement, a: _Side, b: _Side) -> str:
    if judgement.reason_code == "window_within_noise":
        return (
            f"{a.name} has a {format_tokens(a.facts.context_window or 0)}-token "
            f"window and {b.name} {format_tokens(b.facts.context_window or 0)}: "
            "within 1.2x, a tie"
        )
    if judgement.winner is None:
        return f"Both have a {format_tokens(a.facts.context_window or 0)}-token window"
    big, small = (a, b) if judgement.winner == "a" else (b, a)
    return (
        f"{big.name} has a {format_tokens(big.facts.context_window or 0)}-token window "
        f"vs {format_tokens(small.facts.context_window or 0)} for {small.name}"
    )


def _cost_reason(judgement: Judgement, a: _Side, b: _Side) -> str:
    basis = judgement.basis
    label = PRICE_BASIS_LABELS[basis]
    if judgement.reason_code == "not_possible":
        return "; ".join(
            f"{side.name} cannot take this request "
            f"({side.cost.reason.removeprefix('Not possible: ')})"
            for side in (a, b)
            if not side.cost.is_possible
        )
    if judgement.reason_code == "no_price_for_either":
        return f"No sourced {label} for either model"
    if judgement.reason_code == "no_price":
        side = a if a.cost.cost_on(basis) is None else b
        if not side.routes:
            why = "no routes tracked"
        elif side.cost.monthly_cost is None:
            why = side.cost.reason.lower()
        else:
            why = "no first-party API and no trusted paid route"
        return f"No sourced {label} for {side.name} ({why})"
    if judgement.reason_code == "cost_within_noise":
        return (
            f"At {label}, {a.name} costs {cost_display_on(a.cost, basis)} and "
            f"{b.name} {cost_display_on(b.cost, basis)} a month at this traffic: "
            "within 10%, a tie"
        )
    if judgement.winner is None:
        return (
            f"At {label}, both cost {cost_display_on(a.cost, basis)} a month at "
            "this traffic"
        )
    cheap, dear = (a, b) if judgement.winner == "a" else (b, a)
    return (
        f"At {label}, {cheap.name} costs {cost_display_on(cheap.cost, basis)} a "
        f"month at this traffic vs {cost_display_on(dear.cost, basis)} for {dear.name}"
    )


def _capabilities_reason(judgement: Judgement, a: _Side, b: _Side) -> str:
    parts = [
        f"only {side.name} supports {capability_list(only)}"
        for side, only in zip((a, b), judgement.only, strict=True)
        if only
    ]
    if not parts:
        reason = "Neither supports a coding-workflow capability the other lacks"
    else:
        reason = capitalize_first("; ".join(parts))
    gaps = unknown_clauses(a, b, *judgement.unknown)
    if gaps:
        reason += f" ({'; '.join(gaps)})"
    return reason


def unknown_clauses(
    a: _Side, b: _Side, unknown_a: Sequence[str], unknown_b: Sequence[str], verb=False
) -> list[str]:
    """
    Return which capabilities are unknown for whom, one clause for those
    unknown for both: "tool use unknown for both; vision unknown for B".
    """
    both = [key for key in unknown_a if key in unknown_b]
    clauses = []
    for keys, whom in (
        (both, "both"),
        ([k for k in unknown_a if k not in both], a.name),
        ([k for k in unknown_b if k not in both], b.name),
    ):
        if keys:
            is_are = (" is" if len(keys) == 1 else " are") if verb else ""
            clauses.append(f"{capability_list(keys)}{is_are} unknown for {whom}")
    return clauses


def no_quality(reason_code: str) -> str:
    """Return why the verdict leaves quality out, from its judgement's reason code."""
    if reason_code == "no_comparable_benchmark":
        return NO_COMPARABLE_QUALITY
    return NO_QUALITY


def pick_sentence(
    winner: _Side,
    other: _Side,
    other_best: DimensionSpec | None,
    *,
    without_quality: str = "",
    won: Sequence[str] = (),
    other_only: Sequence[str] = (),
) -> str:
    """
    Return the verdict for a clear pick; without quality (``without_quality``
    says why, as no_quality() words it), on what it rests. ``other_only`` are
    capabilities the verdict does not weigh that only the other model has:
    the sentence names them, so "safer" never hides a capability gap.
    """
    if other_best and other_only:
        choose = (
            f"choose {other.name} when {other_best.when}, or for "
            f"{capability_list(other_only)}, which only it supports"
        )
    elif other_best:
        choose = f"choose {other.name} when {other_best.when}"
    elif other_only:
        choose = (
            f"choose {other.name} for {capability_list(other_only)}, which only "
            "it supports"
        )
    else:
        choose = f"{other.name} leads on no dimension with sourced data"
    if without_quality:
        return (
            f"{without_quality}; on {join_list(list(won))}, {winner.name} is the safer "
            f"pick; {choose}."
        )
    return f"{winner.name} is safer overall; {choose}."


def tie_sentence(
    a: _Side,
    b: _Side,
    best_a: DimensionSpec | None,
    best_b: DimensionSpec | None,
    *,
    without_quality: str = "",
    is_close: bool = False,
) -> str:
    """Return the verdict when neither is a clear pick: tied or too close to call."""
    prefix = f"{without_quality}; " if without_quality else ""
    if best_a and best_b:
        head = "too close to call overall" if is_close else "neither is safer overall"
        text = (
            f"{head}; choose {a.name} when {best_a.when} and {b.name} when "
            f"{best_b.when}."
        )
    elif is_close:
        leader, best = (a, best_a) if best_a else (b, best_b)
        assert best is not None
        text = (
            f"too close to call overall: {leader.name} leads only when "
            f"{best.when}, so test both on your own prompts."
        )
    else:
        first, second = sorted((a.name, b.name), key=str.casefold)
        text = (
            f"neither is safer overall: no dimension separates {first} and "
            f"{second} on the sourced data, so test both on your own prompts."
        )
    return capitalize_first(prefix + text)


def weights_text(dimensions: Sequence[VerdictDimension]) -> str:
    """Return the weights, each dimension named by its label, as the page heads it."""
    weights = ", ".join(
        f"{d.label[:1].lower()}{d.label[1:]} {d.weight}"
        f"{' (priority)' if d.is_priority else ''}"
        for d in dimensions
    )
    return f"Weights: {weights}."


def price_display(price: Decimal | None) -> str:
    return format_price(price) if price is not None else "Not sourced"


# Several models -------------------------------------------------------------


def many_lead_text(
    names: Sequence[str],
    result: BenchmarkResultFacts,
    lead: ScoreLead,
    no_lead: str = "",
) -> str:
    """Return who leads one benchmark among several models, and over whom."""
    if no_lead == "different_sources":
        return "Different sources, not directly comparable"
    if not lead.comparable:
        return "Not comparable: scored in different units or directions"
    if no_lead == "within_noise":
        return (
            f"Within the noise: the best is {format_points(lead.margin or 0)} ahead, "
            f"{noise_rule(result.unit)}, so none leads"
        )
    if lead.margin is None:
        return f"All tied at {format_score(result.score, result.unit)}"
    ahead = [names[i] for i in lead.leaders]
    behind = [names[i] for i in lead.runners_up]
    points = format_points(lead.margin)
    how = (
        f"leads by {points} over"
        if len(ahead) == 1
        else f"share the lead, {points} ahead of"
    )
    lower = "; lower is better" if not result.higher_is_better else ""
    return f"{join_list(ahead)} {how} {join_list(behind)}{lower}"


def many_benchmark_summary(
    sides: Sequence[_Side], benchmarks: Sequence[ManyBenchmark]
) -> str:
    if not benchmarks:
        names = join_list([side.name for side in sides])
        return f"{names} share no benchmark that all of them have a primary score on."
    leads = []
    for side in sides:
        led = [b.name for b in benchmarks if b.leader_slugs == (side.slug,)]
        if led:
            leads.append(f"{side.name} leads on {join_list(led)}")
    count = pluralize(len(benchmarks), "shared benchmark")
    detail = f": {'; '.join(leads)}." if leads else ", with no outright leader."
    return f"{count}{detail}"


def many_cost_summary(
    cheapest: Sequence[_Side], unavailable: Sequence[_Side], basis: str = "list"
) -> str:
    """
    Return which models are cheapest at the profile on the price ``basis``,
    and which have no cost on it.
    """
    on = PRICE_BASIS_LABELS[basis]
    if not cheapest:
        return f"No monthly cost at {on} at this traffic for any of these models."
    verb = "is" if len(cheapest) == 1 else "tie as"
    summary = (
        f"At {on}, {join_list([side.name for side in cheapest])} {verb} "
        f"cheapest at this traffic, at {cost_display_on(cheapest[0].cost, basis)} "
        "a month."
    )
    if unavailable:
        verb = "has" if len(unavailable) == 1 else "have"
        summary += (
            f" {join_list([side.name for side in unavailable])} {verb} no cost at "
            f"{on}: no route with a sourced input and output price is counted."
        )
    return summary


MANY_GOALS = {
    "cheapest": "Cheapest at your traffic",
    "strongest": "Strongest on shared benchmarks",
    "context": "Largest context window",
}


def many_cheapest_line(
    cheapest: Sequence[_Side], runner_up: _Side | None, gap: str, basis: str = "list"
) -> str:
    """Return the pick for the reader who wants the lowest monthly cost."""
    on = PRICE_BASIS_LABELS[basis]
    if not cheapest:
        return f"None: no model here has a monthly cost at {on} at this traffic."
    names = join_list([side.name for side in cheapest])
    cost = f"{cost_display_on(cheapest[0].cost, basis)} a month at {on}"
    if len(cheapest) > 1:
        return f"{names}, tied at {cost}."
    if runner_up is None:
        return f"{names}, at {cost}; no other model here has a cost."
    return f"{names}, at {cost}; the next, {runner_up.name}, costs {gap}."


def many_strongest_line(
    sides: Sequence[_Side], led: Sequence[int], comparable: int
) -> str:
    """
    Return the pick for the reader who wants the strongest model: the most
    comparable shared benchmarks led outright (``led``, per side).
    """
    if not comparable:
        return "None: these models share no benchmark scored comparably."
    benchmarks = pluralize(comparable, "comparable shared benchmark")
    most = max(led)
    if not most:
        return f"None: no model leads any of the {benchmarks} outright."
    best = [side.name for side, count in zip(sides, led, strict=True) if count == most]
    if len(best) == 1:
        return f"{best[0]}, leading on {most} of {benchmarks}."
    return f"{join_list(best)}, tied: each leads on {most} of {benchmarks}."


def many_context_line(sides: Sequence[_Side]) -> str:
    """Return the pick for the reader who needs the longest requests."""
    known = [side for side in sides if side.facts.context_window]
    if not known:
        return "None: no model here has a sourced context window."
    largest = max(side.facts.context_window or 0 for side in known)
    best = [side for side in known if side.facts.context_window == largest]
    others = [side for side in known if side not in best]
    line = f"{join_list([side.name for side in best])}, {format_tokens(largest)} tokens"
    if others:
        runner = max(side.facts.context_window or 0 for side in others)
        line += f" (the next holds {format_tokens(runner)}"
        if within_context_noise(largest, runner):
            # The pair page's rule: windows within 1.2x are a tie.
            line += f", within {format_ratio(CONTEXT_NOISE_RATIO)}: about the same"
        line += ")"
    return line + "."


def many_description(names: Sequence[str], benchmarks: int) -> str:
    return (
        f"{join_list(names)} side by side: specs, prices, monthly cost at "
        f"your traffic, capabilities, and "
        + (
            pluralize(benchmarks, "shared benchmark")
            if benchmarks
            else "no shared benchmark"
        )
        + "."
    )
