"""
The cost model: a route's and a model's monthly cost at a traffic profile,
exact (see "The cost model" in comparison-page.md), how the costs of several
models compare, and the blended price the chart plots.

Which prices a model's cost rests on follows trust.md (sections 1 to 3): its
list price is its own organization's pay-as-you-go API (a first-party route
that is not a plan), else the median of its trusted paid routes; a route is
left out of "cheapest", of the median and of the verdict when it is retired
or deprecated (or its model is), a plan, a free tier, or priced under a
third of the list price (or of the median of the paid routes), unless the
reader includes such routes; and a request the model cannot take (over its
context window or max output) has no cost at all.

The rules live here once: the pair page (its cost dimension, cost delta and
tradeoffs) and the several-model table both rank costs with rank_costs()
and measure gaps with cost_gap(). The words are wording.py's.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from catalog.formatting import format_money, format_money_delta, format_ratio

from . import wording
from .inputs import ModelFacts, RouteFacts, TrafficProfile
from .results import CostDelta, ModelCost, RouteCost
from .sides import is_free_tier
from .vocabulary import (
    BLEND_INPUT_SHARE,
    BLEND_OUTPUT_SHARE,
    FAR_BELOW_LIST,
    INPUT_ONLY_KINDS,
    MILLION,
    PRECISION,
)


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
    notes = []
    standard = _request_cost(
        profile, route.input_price, route.output_price, route.cache_read_price
    )
    if profile.cached_share and route.cache_read_price is None:
        notes.append(wording.no_cache_price_note(route))
    if not profile.batch_share:
        return standard, notes
    if route.batch_input_price is None or route.batch_output_price is None:
        notes.append(wording.no_batch_price_note(route))
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
    if tier_input is None or tier_output is None:
        return None, [], wording.no_long_context_price_reason(route, profile)
    per_request = (
        profile.input_tokens * tier_input + profile.output_tokens * tier_output
    )
    return per_request, wording.long_context_notes(route, profile), ""


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
    priced = route
    if route.output_price is None and profile.output_tokens == 0:
        # No output tokens (an embedding): the output price does not enter.
        priced = replace(route, output_price=Decimal(0))
    with localcontext(prec=PRECISION):
        if priced.input_price is None or priced.output_price is None:
            reason = wording.missing_price_reason(
                [
                    kind
                    for kind, price in (
                        ("input", route.input_price),
                        ("output", route.output_price),
                    )
                    if price is None
                ]
            )
        elif tiered:
            per_request, notes, reason = _long_context_request_cost(priced, profile)
        else:
            per_request, notes = _standard_request_cost(priced, profile)
        cost = (
            None
            if per_request is None
            else profile.requests_per_month * per_request / MILLION
        )
    is_free = is_free_tier(route)
    if note := wording.route_status_note(route, is_free, profile):
        notes.append(note)
    cost_of_route = RouteCost(
        provider_slug=route.provider_slug,
        provider_name=route.provider_name,
        identifier=route.identifier,
        monthly_cost=cost,
        monthly_cost_display=wording.route_cost_display(cost, is_free),
        unavailable_reason=reason,
        is_free_tier=is_free,
        is_eligible=False,
        is_cheapest=False,
        long_context_tier_applied=tiered,
        notes=tuple(notes),
        provider_kind=route.provider_kind,
    )
    return _with_doubt(cost_of_route, _own_doubt(route), profile)


def _own_doubt(route: RouteFacts, model_lifecycle: str = "") -> str:
    """
    Return why the route is left out whatever its price (ROUTE_DOUBTS but
    far_below_list, which needs the list price), or "".
    """
    lifecycles = {route.lifecycle, model_lifecycle}
    if "retired" in lifecycles:
        return "retired"
    if "deprecated" in lifecycles:
        return "deprecated"
    if route.provider_kind == "plan":
        return "plan"
    if is_free_tier(route):
        return "free_tier"
    return ""


def _with_doubt(
    cost: RouteCost, doubt: str, profile: TrafficProfile, *, of_model: bool = False
) -> RouteCost:
    """
    Return the route's cost with its doubt and whether it may be the cheapest;
    ``of_model``: a lifecycle doubt is the model's, not the route's own. A free
    tier stays left out unless free tiers are included, whatever its doubt.
    """
    free_left_out = cost.is_free_tier and not profile.include_free_tiers
    if cost.monthly_cost is None or doubt == "retired" or free_left_out:
        eligible = False
    elif doubt == "free_tier":
        eligible = True
    else:
        eligible = not doubt or profile.include_untrusted
    return replace(
        cost,
        doubt=doubt,
        doubt_text=wording.route_doubt_text(
            doubt,
            profile,
            of_model=of_model and doubt in {"deprecated", "retired"},
            is_free=cost.is_free_tier,
        ),
        is_eligible=eligible,
    )


def _route_order(route: RouteFacts) -> tuple[bool, str, str, str]:
    """Return the display order: the model's own organization first, then by name."""
    return (
        not route.is_first_party,
        route.provider_name.casefold(),
        route.identifier,
        route.region,
    )


def is_list_price_route(route: RouteFacts) -> bool:
    """Whether the route is its model's own pay-as-you-go API: first-party, not a plan."""
    return route.is_first_party and route.provider_kind == "first_party"


def _tie_order(route: RouteFacts, doubt: str) -> tuple:
    """
    Return the tie-break between routes of one cost: an active route before
    a deprecated one, the model's own API, then a cloud platform, then by
    provider name.
    """
    return (
        doubt == "deprecated",
        not (route.is_first_party and route.provider_kind != "plan"),
        route.provider_kind != "cloud",
        *_route_order(route)[1:],
    )


def _median(values: Sequence[Decimal]) -> Decimal:
    with localcontext(prec=PRECISION):
        return statistics.median(values)


def _is_far_below(route: RouteFacts, list_input: Decimal, list_output: Decimal) -> bool:
    """Whether the route's input or output price is under a third of the list's."""
    return any(
        price is not None and price < FAR_BELOW_LIST * reference
        for price, reference in (
            (route.input_price, list_input),
            (route.output_price, list_output),
        )
    )


@dataclass(frozen=True)
class _ListPrice:
    """A model's list price at the profile, and how it was found."""

    cost: Decimal | None
    basis: str = ""  # "first_party", "median" or ""
    route_index: int | None = None  # the first-party route's, in sorted_routes()
    route_count: int = 0  # how many routes the median is of
    doubts: tuple[str, ...] = ()  # every route's doubt, far_below_list included


def _list_price(
    routes: Sequence[RouteFacts], costs: Sequence[RouteCost], doubts: Sequence[str]
) -> _ListPrice:
    """
    Return the model's list price: its cheapest trusted first-party route
    (not a plan), else the median cost of its trusted paid routes, routes
    under a third of the median of the paid routes' prices left out.
    """
    doubts = list(doubts)
    trusted = [
        index
        for index, (route, cost) in enumerate(zip(routes, costs, strict=True))
        if not doubts[index]
        and cost.monthly_cost is not None
        and route.input_price is not None
        and route.output_price is not None
    ]
    own = [index for index in trusted if is_list_price_route(routes[index])]
    if own:
        index = min(
            own, key=lambda i: (costs[i].monthly_cost, _tie_order(routes[i], ""))
        )
        reference = (routes[index].input_price, routes[index].output_price)
    elif trusted:
        index = None
        reference = (
            _median([routes[i].input_price for i in trusted]),
            _median([routes[i].output_price for i in trusted]),
        )
    else:
        return _ListPrice(None, doubts=tuple(doubts))
    for i in trusted:
        if _is_far_below(routes[i], *reference):
            doubts[i] = "far_below_list"
    if index is not None:
        return _ListPrice(
            costs[index].monthly_cost, "first_party", index, 1, tuple(doubts)
        )
    kept = [costs[i].monthly_cost for i in trusted if not doubts[i]]
    if not kept:  # each is far below the others on input or on output
        return _ListPrice(None, doubts=tuple(doubts))
    return _ListPrice(_median(kept), "median", None, len(kept), tuple(doubts))


def sorted_routes(model: ModelFacts) -> tuple[RouteFacts, ...]:
    """Return the model's routes in display order: its own organization first."""
    return tuple(sorted(model.routes, key=_route_order))


def estimate_model_cost(model: ModelFacts, profile: TrafficProfile) -> ModelCost:
    """
    Return every route's monthly cost, in sorted_routes() order, the model's
    cost at its list price, and its cheapest trusted route: the lowest
    monthly total at the profile (not the lowest input price), ties going to
    an active route, then the model's own API, a cloud platform, then by
    provider name. An embedding or reranking model is costed on the
    profile's input tokens alone, and its cost says so.
    """
    if model.kind in INPUT_ONLY_KINDS and profile.output_tokens:
        cost = _estimate(model, replace(profile, output_tokens=0))
        note = (
            f"{model.name} is {'an' if model.kind == 'embedding' else 'a'} "
            f"{model.kind} model: costed on input tokens alone."
        )
        return replace(cost, notes=(*cost.notes, note))
    return _estimate(model, profile)


def _estimate(model: ModelFacts, profile: TrafficProfile) -> ModelCost:
    routes = sorted_routes(model)
    if limit := _exceeded_limit(model, profile):
        reason = wording.not_possible_reason(*limit)
        costs = [
            replace(
                estimate_route_cost(route, profile),
                monthly_cost=None,
                monthly_cost_display="Not possible",
                unavailable_reason=reason,
                is_eligible=False,
                notes=(),
            )
            for route in routes
        ]
        return _unavailable(model, costs, reason, is_possible=False)
    own = [estimate_route_cost(route, profile) for route in routes]
    listed = _list_price(
        routes,
        own,
        [_own_doubt(route, model.lifecycle_status) for route in routes],
    )
    costs = [
        replace(
            # A lifecycle doubt the route does not share is the model's.
            _with_doubt(cost, doubt, profile, of_model=route.lifecycle != doubt),
            is_list_price=index == listed.route_index,
        )
        for index, (route, cost, doubt) in enumerate(
            zip(routes, own, listed.doubts, strict=True)
        )
    ]
    eligible = [index for index, cost in enumerate(costs) if cost.is_eligible]
    if not eligible:
        code, detail = _no_cost_finding(routes, costs)
        notes = (
            (wording.doubted_only_note(model, costs),) if code == "doubted_only" else ()
        )
        reason = wording.no_cost_reason(code, detail)
        return _unavailable(model, costs, reason, listed=listed, notes=notes)
    cheapest_index = min(
        eligible,
        key=lambda i: (costs[i].monthly_cost, _tie_order(routes[i], costs[i].doubt)),
    )
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
        cheapest_provider_kind=cheapest.provider_kind,
        **_list_fields(listed, costs),
    )


def _exceeded_limit(
    model: ModelFacts, profile: TrafficProfile
) -> tuple[str, int] | None:
    """
    Return the limit a request of the profile exceeds ("context_window" or
    "max_output_tokens") and its size, or None when the model can take it.
    """
    window = model.context_window
    if window is not None and profile.input_tokens + profile.output_tokens > window:
        return "context_window", window
    most = model.max_output_tokens
    if most is not None and profile.output_tokens > most:
        return "max_output_tokens", most
    return None


def _list_fields(listed: _ListPrice, costs: Sequence[RouteCost]) -> dict:
    """Return a ModelCost's list-price fields."""
    if listed.cost is None:
        return {}
    provider = identifier = ""
    if listed.route_index is not None:
        route = costs[listed.route_index]
        provider, identifier = route.provider_name, route.identifier
    return {
        "list_cost": listed.cost,
        "list_cost_display": format_money(listed.cost),
        "list_basis": listed.basis,
        "list_provider_name": provider,
        "list_identifier": identifier,
        "list_route_count": listed.route_count,
        "list_text": wording.list_price_text(
            listed.basis, provider, listed.route_count
        ),
    }


def _unavailable(
    model: ModelFacts,
    costs: Sequence[RouteCost],
    reason: str,
    *,
    listed: _ListPrice | None = None,
    is_possible: bool = True,
    notes: tuple[str, ...] = (),
) -> ModelCost:
    return ModelCost(
        model_slug=model.slug,
        model_name=model.name,
        monthly_cost=None,
        monthly_cost_display="Not possible" if not is_possible else "Unavailable",
        cheapest_provider_name="",
        cheapest_identifier="",
        reason=reason,
        notes=notes,
        routes=tuple(costs),
        is_possible=is_possible,
        **(_list_fields(listed, costs) if listed else {}),
    )


def _no_cost_finding(
    routes: Sequence[RouteFacts], costs: Sequence[RouteCost]
) -> tuple[str, str]:
    """
    Return why a model has no cheapest route, as a code ("no_route",
    "no_long_context_price", "no_price", "free_tiers_only", "no_paid_route")
    and, for a missing long-context price, the first such route's reason.
    """
    if not costs:
        return "no_route", ""
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
            return "no_long_context_price", tier_gaps[0].unavailable_reason
        return "no_price", ""
    if all(cost.is_free_tier for cost in priced):
        return "free_tiers_only", ""
    if any(cost.doubt and cost.doubt != "retired" for cost in priced):
        return "doubted_only", ""
    return "no_paid_route", ""


@dataclass(frozen=True)
class CostRanking:
    """Models' monthly costs compared, by their index in the list ranked."""

    lowest: Decimal | None  # the lowest monthly cost; None when none has one
    cheapest: tuple[int, ...]  # the models at the lowest cost (several on a tie)
    unavailable: tuple[int, ...]  # the models with no monthly cost


def rank_costs(costs: Sequence[ModelCost], basis: str = "cheapest") -> CostRanking:
    """
    Return which of the models are cheapest at the profile on the price
    ``basis`` ("list" or "cheapest"), and which have no cost on it.
    """
    values = [cost.cost_on(basis) for cost in costs]
    known = [i for i, value in enumerate(values) if value is not None]
    lowest = min((values[i] for i in known), default=None)
    return CostRanking(
        lowest=lowest,
        cheapest=tuple(i for i in known if values[i] == lowest),
        unavailable=tuple(i for i in range(len(costs)) if i not in known),
    )


def cost_gap(cost: Decimal, lowest: Decimal) -> tuple[Decimal, Decimal | None]:
    """
    Return how much more a monthly cost is than the lowest, and how many times
    as much, to two decimals (all a reader or an API client can use of a
    ratio); None when the lowest is zero.
    """
    with localcontext(prec=PRECISION):
        ratio = (cost / lowest).quantize(Decimal("0.01")) if lowest else None
        return cost - lowest, ratio


def compare_costs(a: ModelCost, b: ModelCost, basis: str = "list") -> CostDelta:
    """
    Return how a pair's two monthly costs compare on the price ``basis``
    ("list" or "cheapest"), or that they cannot be.
    """
    ranking = rank_costs((a, b), basis)
    if ranking.unavailable:
        delta = CostDelta("", basis=basis)
    elif len(ranking.cheapest) == 2:
        delta = CostDelta(
            "", difference=Decimal(0), difference_display="$0", basis=basis
        )
    else:
        cheap, dear = (a, b) if ranking.cheapest == (0,) else (b, a)
        dear_cost, cheap_cost = (
            dear.cost_on(basis) or Decimal(0),
            cheap.cost_on(basis) or Decimal(0),
        )
        difference, ratio = cost_gap(dear_cost, cheap_cost)
        delta = CostDelta(
            "",
            cheaper="a" if cheap is a else "b",
            cheaper_slug=cheap.model_slug,
            difference=difference,
            # Rounded like the two costs beside it.
            difference_display=format_money_delta(difference, dear_cost, cheap_cost),
            ratio=ratio,
            ratio_display=format_ratio(ratio) if ratio else "",
            basis=basis,
        )
    return replace(delta, sentence=wording.cost_delta_sentence(delta, a, b))


# Blended prices -------------------------------------------------------------


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
        if not is_free_tier(route)
    ]
    return min((price for price in prices if price is not None), default=None)
