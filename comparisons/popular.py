"""
Popular comparisons computed from the catalog, for a home page whose editors
have featured none: the current flagships of the most widely served labs,
paired across labs.

How widely providers serve a model (its number of routes) is the catalog's
measure of demand. A lab's flagship is its most widely served model among
those it released within FLAGSHIP_WINDOW of its newest release (the dearer
one on a tie): its current line-up, not a model it has moved on from. Labs
rank by the routes of all their priced models, so the first pairs are the
ones readers look for first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from comparisons.engine import canonical_pair

FLAGSHIP_WINDOW = dt.timedelta(days=180)


@dataclass(frozen=True)
class PopularPair:
    slug_a: str
    name_a: str
    slug_b: str
    name_b: str


def flagships(models: Iterable, *, labs: int = 5) -> list:
    """
    Return the flagship of each of the ``labs`` most widely served
    organizations, widest first. ``models`` need ``organization_id``,
    ``release_date``, ``route_count`` and ``top_output_price`` (None: no
    priced route).
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
    chosen = []
    for group in ranked[:labs]:
        newest = max(model.release_date for model in group)
        current = [m for m in group if newest - m.release_date <= FLAGSHIP_WINDOW]
        chosen.append(
            max(
                current,
                key=lambda m: (m.route_count, m.top_output_price, m.release_date),
            )
        )
    return chosen


def popular_pairs(models: Iterable, *, limit: int = 6) -> list[PopularPair]:
    """
    Return up to ``limit`` pairs of flagships of different labs, in canonical
    order: the least shown flagships paired next, so that no lab fills the
    list, the larger labs first among equals.
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
