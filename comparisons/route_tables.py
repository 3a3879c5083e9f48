"""
A comparison page's route tables as a reader scans them: the most useful
routes first, the rest behind a "Show all N routes" disclosure, and no
column that is empty on every row.

The order: the model's list-price route (its lab's own API), the cheapest
trusted route, the lab's other routes, cloud platforms, then the rest
cheapest first at the reader's traffic; routes the costs leave out (plans,
free tiers, far below list) after those, retired or deprecated last. The engine's
order (and the API's) is unchanged: this is only how the page lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from comparisons.engine.results import ModelCost, ModelPricing, PriceRoute

SHOWN_ROUTES = 4
# Past this many, the routes after the first SHOWN_ROUTES fold away.
FOLD_AFTER = SHOWN_ROUTES + 2


@dataclass(frozen=True)
class RouteTable:
    """One model's routes in reading order, split into shown and folded."""

    pricing: ModelPricing
    shown: tuple[PriceRoute, ...]
    folded: tuple[PriceRoute, ...]
    show_region: bool  # some route names a region
    show_cached: bool  # some route has a cached-input price

    @property
    def count(self) -> int:
        return len(self.shown) + len(self.folded)


def _doubt_rank(doubt: str, group: int) -> int:
    """Trusted routes first, then those left out, deprecated, retired last."""
    if doubt == "retired":
        return 3
    if doubt == "deprecated":
        return 2
    return 1 if doubt and group > 1 else 0


def route_rank(route: PriceRoute, monthly_cost: Decimal | None) -> tuple:
    """Return the sort key of one route: lower reads first."""
    if route.is_list_price:
        group = 0
    elif route.is_cheapest:
        group = 1
    elif route.is_first_party:
        group = 2
    elif route.provider_kind == "cloud":
        group = 3
    else:
        group = 4
    return (
        # Routes the costs leave out (plans, free tiers, far below list) after
        # the trusted ones, retired and deprecated last: a lab's coding plan
        # is its own, but not what a reader pays per token.
        _doubt_rank(route.doubt, group),
        group,
        monthly_cost is None,
        monthly_cost or 0,
        route.provider_name.casefold(),
        route.identifier,
    )


def route_table(pricing: ModelPricing, cost: ModelCost) -> RouteTable:
    """
    Return ``pricing``'s routes in reading order; ``cost`` is the same
    model's cost section, whose routes are listed in the same order as
    ``pricing``'s.
    """
    costs = [route.monthly_cost for route in cost.routes]
    if len(costs) != len(pricing.routes):
        costs = [None] * len(pricing.routes)
    ordered = [
        route
        for route, _ in sorted(
            zip(pricing.routes, costs, strict=True),
            key=lambda pair: route_rank(*pair),
        )
    ]
    cut = SHOWN_ROUTES if len(ordered) > FOLD_AFTER else len(ordered)
    return RouteTable(
        pricing=pricing,
        shown=tuple(ordered[:cut]),
        folded=tuple(ordered[cut:]),
        show_region=any(route.region for route in ordered),
        show_cached=any(route.cached_input_price is not None for route in ordered),
    )
