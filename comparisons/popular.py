"""
Popular comparisons computed from the catalog, for a home page whose editors
have featured none: the current flagships of the most widely served labs,
paired across labs, the dearest (high-end) flagships first.

How widely providers serve a model (its number of routes) is the catalog's
measure of demand; it picks the labs. A lab's flagship is its newest
high-end chat model, what a buyer means by "the lab's best":

- of its current line-up: released within FLAGSHIP_WINDOW of its newest
  priced model (not a model it has moved on from);
- not a small open-weights model (under SMALL_OPEN_PARAMETERS), which labs
  publish beside their flagships;
- widely served: at least SERVED_SHARE of the routes of the line-up's most
  widely served model (a premium tier few providers carry is not the one
  readers compare);
- in the top price tier: a dearest price per 1M output tokens within
  TOP_TIER_SHARE of the line-up's dearest (a "flash" or "mini" model is
  priced below its lab's flagship);

and, of those, the newest (the more widely served on a tie).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from comparisons.engine import canonical_pair

FLAGSHIP_WINDOW = dt.timedelta(days=120)
SMALL_OPEN_PARAMETERS = 100_000_000_000
SERVED_SHARE = Decimal("0.6")
TOP_TIER_SHARE = Decimal("0.75")


@dataclass(frozen=True)
class PopularPair:
    slug_a: str
    name_a: str
    slug_b: str
    name_b: str


def is_small_open(model) -> bool:
    """Return whether ``model`` is an open-weights model of known, small size."""
    return (
        model.open_weights == "yes"
        and model.parameter_count is not None
        and model.parameter_count < SMALL_OPEN_PARAMETERS
    )


def flagship(group: list):
    """Return the flagship of one lab's priced, dated models (see the module's rule)."""
    newest = max(model.release_date for model in group)
    current = [m for m in group if newest - m.release_date <= FLAGSHIP_WINDOW]
    line_up = [m for m in current if not is_small_open(m)] or current
    widest = max(m.route_count for m in line_up)
    served = [m for m in line_up if m.route_count >= SERVED_SHARE * widest]
    dearest = max(m.top_output_price for m in served)
    top_tier = [m for m in served if m.top_output_price >= TOP_TIER_SHARE * dearest]
    return max(top_tier, key=lambda m: (m.release_date, m.route_count, m.slug))


def flagships(models: Iterable, *, labs: int = 5) -> list:
    """
    Return the flagship of each of the ``labs`` most widely served
    organizations, the dearest first. ``models`` need ``organization_id``,
    ``release_date``, ``route_count``, ``top_output_price`` (None: no priced
    route), ``open_weights`` and ``parameter_count``.
    """
    by_lab: dict[int, list] = {}
    for model in models:
        if model.release_date is None or model.top_output_price is None:
            continue
        by_lab.setdefault(model.organization_id, []).append(model)
    ranked = sorted(
        by_lab.values(),
        key=lambda group: (
            -sum(m.route_count for m in group),
            -max(m.release_date for m in group).toordinal(),
        ),
    )
    chosen = [flagship(group) for group in ranked[:labs]]
    return sorted(chosen, key=lambda m: (-m.top_output_price, m.slug))


def popular_pairs(models: Iterable, *, limit: int = 6) -> list[PopularPair]:
    """
    Return up to ``limit`` pairs of flagships of different labs, in canonical
    order: the least shown flagships paired next, so that no lab fills the
    list, the dearest first among equals.
    """
    chosen = flagships(models, labs=limit)
    candidates = list(combinations(range(len(chosen)), 2))
    uses = [0] * len(chosen)
    pairs = []
    while candidates and len(pairs) < limit:
        i, j = min(
            candidates, key=lambda p: (max(uses[p[0]], uses[p[1]]), p[0] + p[1], p)
        )
        candidates.remove((i, j))
        uses[i] += 1
        uses[j] += 1
        first, second = chosen[i], chosen[j]
        slug_a, slug_b = canonical_pair(first.slug, second.slug)
        a, b = (first, second) if first.slug == slug_a else (second, first)
        pairs.append(PopularPair(slug_a, a.name, slug_b, b.name))
    return pairs
