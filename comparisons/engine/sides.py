"""
One model as a comparison reads it (_Side, built by pair._build_side()):
its capabilities settled to Tri, its cost at the profile, its live routes
and providers; and the small questions asked of one side against another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .inputs import ModelFacts, RouteFacts, Side, SourceRef, Tri
from .results import ModelCost
from .vocabulary import CAPABILITY_KEYS, CONTEXT_NOISE_RATIO, STALE_AFTER_DAYS


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
    # The live routes a lowest price may come from: not left out as
    # deprecated, a plan or far below list unless the reader included them
    # (free tiers are asked about apart).
    counted_routes: tuple[RouteFacts, ...] = ()
    # The live routes the verdict's availability counts: trusted ones (not
    # left out, free tiers apart), and the rest only where the reader
    # included them (trust.md 2: left out of the verdict).
    verdict_routes: tuple[RouteFacts, ...] = ()
    includes_left_out: bool = False  # the reader included left-out routes
    # The capabilities a page lists: those the catalog knows for some model.
    tracked: tuple[str, ...] = CAPABILITY_KEYS

    @property
    def name(self) -> str:
        return self.facts.name

    @property
    def slug(self) -> str:
        return self.facts.slug

    def has(self, capability: str) -> bool:
        return self.capabilities[capability] is Tri.YES


def tracked_capabilities(
    peers_known: frozenset[str] | None, sides: Sequence[_Side]
) -> tuple[str, ...]:
    """
    Return the capabilities worth listing for ``sides``: those with a yes or a
    no for one of them or for a peer. With no peers to ask (``None``), all.
    """
    if peers_known is None:
        return CAPABILITY_KEYS
    return tuple(
        key
        for key in CAPABILITY_KEYS
        if key in peers_known
        or any(side.capabilities[key] is not Tri.UNKNOWN for side in sides)
    )


def is_free_tier(route: RouteFacts) -> bool:
    """Whether the route is a free tier: both prices sourced as zero."""
    return route.input_price == 0 and route.output_price == 0


def _lowest_price(
    side: _Side, attribute: str, include_free: bool
) -> tuple[Decimal, RouteFacts] | None:
    """Return the lowest sourced price of one kind over counted routes, and its route."""
    # counted_routes are in tie-break order, so the lowest index wins a tie.
    candidates = [
        (getattr(route, attribute), index)
        for index, route in enumerate(side.counted_routes)
        if getattr(route, attribute) is not None
        and (include_free or not is_free_tier(route))
    ]
    if not candidates:
        return None
    price, index = min(candidates)
    return price, side.counted_routes[index]


def cheapest_route(side: _Side) -> RouteFacts | None:
    """Return the route that is cheapest at the profile, or None."""
    for route, cost in zip(side.routes, side.cost.routes, strict=True):
        if cost.is_cheapest:
            return route
    return None


def winner_by(a_value: Any, b_value: Any) -> Side | None:
    """Return the side with the higher value, None on a tie."""
    if a_value == b_value:
        return None
    return "a" if a_value > b_value else "b"


def sides_by(sides: tuple[_Side, _Side], winner: Side) -> tuple[_Side, _Side]:
    """Return (winner, other)."""
    return sides if sides[0].key == winner else (sides[1], sides[0])


def slug_of(sides: Sequence[_Side], key: Side | None) -> str:
    """Return the slug of the pair's side with the key, "" for None."""
    if key is None:
        return ""
    return sides[0].slug if sides[0].key == key else sides[1].slug


def only_in(
    side: _Side, other: _Side, keys: Iterable[str] = CAPABILITY_KEYS
) -> list[str]:
    """Return capabilities side has and other is known to lack (unknown is not no)."""
    return [
        key
        for key in keys
        if side.capabilities[key] is Tri.YES and other.capabilities[key] is Tri.NO
    ]


def unconfirmed_in(side: _Side, other: _Side) -> list[str]:
    """Return capabilities side has and other's data does not settle."""
    return [
        key
        for key in CAPABILITY_KEYS
        if side.capabilities[key] is Tri.YES and other.capabilities[key] is Tri.UNKNOWN
    ]


def coverage(side: _Side) -> tuple[int, int]:
    """
    Return how widely a side is offered, as the verdict counts it: distinct
    providers, then routes, of its verdict routes.
    """
    providers = {route.provider_slug for route in side.verdict_routes}
    return len(providers), len(side.verdict_routes)


def within_context_noise(own: int, theirs: int) -> bool:
    """Whether two context windows are within the verdict's noise (a tie)."""
    return max(own, theirs) <= min(own, theirs) * CONTEXT_NOISE_RATIO


def is_stale(verified: dt.date, today: dt.date) -> bool:
    """Whether a figure last verified then is too old to trust without a warning."""
    return (today - verified).days > STALE_AFTER_DAYS
