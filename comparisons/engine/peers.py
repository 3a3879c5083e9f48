"""
Peers: the other published models a pair is shown among, indexed once per
catalog state (PeerIndex), and the pair's "Continue comparing" links, each
model's closest peers first.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from catalog.formatting import pluralize

from . import wording
from .inputs import PeerFacts
from .results import RelatedLink, RelatedSection
from .sides import _lowest_price, _Side
from .vocabulary import (
    MAX_RELATED,
    RIVAL_BAND,
    RIVAL_GENERATION_DAYS,
    canonical_pair,
    pair_slug,
)


def _peer_order(peer: PeerFacts) -> tuple[str, str]:
    return peer.name.casefold(), peer.slug


class _Nearest:
    """
    Peers by one positive quantity (a parameter count, a price, a context
    window), to walk outward from a target, closest first in |log(ratio)|.
    """

    def __init__(
        self, peers: Iterable[PeerFacts], value_of: Callable[[PeerFacts], Any]
    ) -> None:
        """Index ``peers``, given in name order (``_peer_order``)."""
        groups: dict[Any, list[PeerFacts]] = defaultdict(list)
        unknown = []
        for peer in peers:
            value = value_of(peer)
            if value and value > 0:
                groups[value].append(peer)
            else:
                unknown.append(peer)
        self._values = sorted(groups)
        # Each group in name order, as the peers came.
        self._groups = [groups[value] for value in self._values]
        # Peers without the quantity, in name order: the end of a ranking by it.
        self.unknown = unknown

    def by_name(self) -> Iterator[PeerFacts]:
        """Yield every peer, known quantity or not, by name and slug."""
        return heapq.merge(self.unknown, *self._groups, key=_peer_order)

    def walk(self, target: Any, within: float = math.inf) -> Iterator[PeerFacts]:
        """
        Yield the peers whose quantity is within ``within`` times ``target``,
        closest first, then by name and slug: the order of sorting every peer
        by ``(_closeness(value, target), name, slug)``, one step at a time.
        """
        if not target or target <= 0:
            return
        bound = math.log(within)
        values, groups = self._values, self._groups
        right = bisect.bisect_left(values, target)
        left = right - 1

        def distance(index: int) -> float:
            if 0 <= index < len(values):
                return _closeness(values[index], target)  # type: ignore[return-value]
            return math.inf

        while True:
            closest = min(distance(left), distance(right))
            if closest == math.inf or closest > bound:
                return
            # Every value at this distance, on either side, then by name.
            level: list[PeerFacts] = []
            while distance(left) == closest:
                level += groups[left]
                left -= 1
            while distance(right) == closest:
                level += groups[right]
                right += 1
            yield from sorted(level, key=_peer_order)


class PeerIndex:
    """
    The published models a pair is shown among (in "Continue comparing" and
    on the price-against-score chart), indexed for the questions a page asks
    of them: the same organization's, the closest in size, price or context
    window, the most benchmarks shared, the scores on one benchmark. Building
    it reads every peer once; a page then reads only the peers it shows, so
    one index (catalog state to catalog state) serves every page.
    """

    def __init__(self, peers: Iterable[PeerFacts]) -> None:
        by_slug: dict[str, PeerFacts] = {}
        for peer in peers:
            by_slug.setdefault(peer.slug, peer)  # the first record of a slug wins
        self.by_slug = by_slug
        # What the catalog knows of at least one peer (trust.md: a capability
        # unknown for every model is no difference between two of them).
        self.known_capabilities = frozenset(
            key for peer in by_slug.values() for key in peer.known_capabilities
        )
        self._by_name = sorted(by_slug.values(), key=_peer_order)
        self._rank = {peer.slug: rank for rank, peer in enumerate(self._by_name)}
        # Each organization's peers in name order, as _Nearest takes them.
        self._organizations: dict[str, list[PeerFacts]] = defaultdict(list)
        for peer in self._by_name:
            self._organizations[peer.organization_slug].append(peer)
        self._scores: dict[str, list[tuple[PeerFacts, Decimal]]] = defaultdict(list)
        for peer in by_slug.values():
            scored: set[str] = set()
            for benchmark, score in peer.benchmark_scores:
                if benchmark not in scored:  # a peer's first score on a benchmark
                    scored.add(benchmark)
                    self._scores[benchmark].append((peer, score))
        self._size = _Nearest(self._by_name, lambda p: p.parameter_count)
        self._price = _Nearest(self._by_name, lambda p: p.cheapest_output_price)
        self._context = _Nearest(self._by_name, lambda p: p.context_window)
        self._organization_sizes: dict[str, _Nearest] = {}

    def __len__(self) -> int:
        return len(self.by_slug)

    def scores_on(self, benchmark_slug: str) -> Sequence[tuple[PeerFacts, Decimal]]:
        """Return ``(peer, score)`` for each peer scored on the benchmark."""
        return self._scores.get(benchmark_slug, ())

    def same_organization(
        self, organization_slug: str, parameter_count: int | None
    ) -> Iterator[PeerFacts]:
        """Yield the organization's peers, closest in size first, unknown sizes last."""
        sizes = self._organization_sizes.get(organization_slug)
        if sizes is None:
            sizes = _Nearest(
                self._organizations.get(organization_slug, ()),
                lambda p: p.parameter_count,
            )
            self._organization_sizes[organization_slug] = sizes
        if parameter_count and parameter_count > 0:
            yield from sizes.walk(parameter_count)
            yield from sizes.unknown
        else:  # no distance to rank by: every peer at the same (infinite) one
            yield from sizes.by_name()

    def similar_size(
        self, parameter_count: int | None, within: float
    ) -> Iterator[PeerFacts]:
        return self._size.walk(parameter_count, within)

    def similar_price(
        self, output_price: Decimal | None, within: float
    ) -> Iterator[PeerFacts]:
        return self._price.walk(output_price, within)

    def similar_context(
        self, context_window: int | None, within: float
    ) -> Iterator[PeerFacts]:
        return self._context.walk(context_window, within)

    def most_shared(
        self, benchmark_slugs: Iterable[str]
    ) -> Iterator[tuple[PeerFacts, int]]:
        """Yield ``(peer, benchmarks shared)`` for peers sharing any, most first, then by name."""
        shared: Counter[str] = Counter()
        for benchmark in set(benchmark_slugs):
            shared.update(peer.slug for peer, _ in self.scores_on(benchmark))
        ranked = [(-count, self._rank[slug]) for slug, count in shared.items()]
        heapq.heapify(ranked)
        while ranked:
            negative_count, rank = heapq.heappop(ranked)
            yield self._by_name[rank], -negative_count


def _closeness(
    value: float | Decimal | None, target: float | Decimal | None
) -> float | None:
    """Return how far apart two positive quantities are, as |log(ratio)|."""
    if not value or not target or value <= 0 or target <= 0:
        return None
    return abs(math.log(float(value) / float(target)))


def _within_band(value: Any, target: Any) -> bool:
    """Say whether two quantities are within RIVAL_BAND times, or either is unknown."""
    distance = _closeness(value, target)
    return distance is None or distance <= math.log(RIVAL_BAND)


def is_rival(
    peer: PeerFacts,
    *,
    organization_slug: str,
    released: dt.date | None,
    parameter_count: int | None,
    output_price: Decimal | None,
) -> bool:
    """
    Say whether a peer is a model's rival: another organization's model of the
    same generation (released within RIVAL_GENERATION_DAYS, both dates known)
    whose size and price, where both are known, are within RIVAL_BAND times.
    The band a rival is found by (price or size) is the walk's.
    """
    return (
        peer.organization_slug != organization_slug
        and released is not None
        and peer.release_date is not None
        and abs((peer.release_date - released).days) <= RIVAL_GENERATION_DAYS
        and _within_band(peer.parameter_count, parameter_count)
        and _within_band(peer.cheapest_output_price, output_price)
    )


def _related_candidates(
    side: _Side, peers: PeerIndex, exclude: Iterable[str], include_free: bool
) -> Iterator[tuple[PeerFacts, str]]:
    """
    Yield the side's peers, closest first, each once, with why they are
    close; lazily, so a page reads only the peers it links to. Rivals come
    first: other organizations' models of the same generation, closest in
    price, then closest in size; then the model's own organization's, and
    the rest by size, price, shared benchmarks and context window.
    """
    facts = side.facts
    lowest = _lowest_price(side, "output_price", include_free)
    own_price = lowest[0] if lowest else None
    shared = peers.most_shared(result.benchmark_slug for result in facts.results)

    def rival(peer: PeerFacts) -> bool:
        return is_rival(
            peer,
            organization_slug=facts.organization_slug,
            released=facts.release_date,
            parameter_count=facts.parameter_count,
            output_price=own_price,
        )

    # Each criterion in turn, each yielding (peer, why) closest first.
    criteria: tuple[Iterator[tuple[PeerFacts, str]], ...] = (
        _because(
            "rival: same generation, similar price",
            filter(rival, peers.similar_price(own_price, within=RIVAL_BAND)),
        ),
        _because(
            "rival: same generation, similar size",
            filter(rival, peers.similar_size(facts.parameter_count, RIVAL_BAND)),
        ),
        _because(
            "same organization",
            peers.same_organization(facts.organization_slug, facts.parameter_count),
        ),
        _because("similar size", peers.similar_size(facts.parameter_count, within=2)),
        _because("similar price", peers.similar_price(own_price, within=2)),
        ((peer, pluralize(count, "shared benchmark")) for peer, count in shared),
        _because(
            "similar context window",
            peers.similar_context(facts.context_window, within=1.5),
        ),
    )
    seen = set(exclude)
    for candidates in criteria:
        for peer, reason in candidates:
            if peer.slug not in seen:
                seen.add(peer.slug)
                yield peer, reason


def _because(
    reason: str, peers: Iterator[PeerFacts]
) -> Iterator[tuple[PeerFacts, str]]:
    return ((peer, reason) for peer in peers)


def build_related(
    a: _Side,
    b: _Side,
    peers: PeerIndex,
    curated_pairs: Sequence[tuple[str, str]],
    include_free: bool,
) -> RelatedSection:
    this_pair = canonical_pair(a.slug, b.slug)
    names = {a.slug: a.name, b.slug: b.name}

    def name_of(slug: str) -> str:
        return names[slug] if slug in names else peers.by_slug[slug].name

    links: list[RelatedLink] = []
    seen = {this_pair}

    def add(slug1: str, slug2: str, reason: str, is_curated: bool) -> None:
        pair = canonical_pair(slug1, slug2)
        if pair in seen or slug1 == slug2 or len(links) >= MAX_RELATED:
            return
        seen.add(pair)
        links.append(
            RelatedLink(
                slug_a=pair[0],
                slug_b=pair[1],
                name_a=name_of(pair[0]),
                name_b=name_of(pair[1]),
                path_slug=pair_slug(*pair),
                reason=reason,
                is_curated=is_curated,
            )
        )

    for slug1, slug2 in curated_pairs:
        involved = {slug1, slug2} & {a.slug, b.slug}
        shown = all(slug in names or slug in peers.by_slug for slug in (slug1, slug2))
        if involved and shown:
            add(slug1, slug2, "curated comparison", True)
    # Each model's closest peers in turn, until the section is full.
    ranked = [
        (side, _related_candidates(side, peers, this_pair, include_free))
        for side in (a, b)
    ]
    while ranked and len(links) < MAX_RELATED:
        for entry in list(ranked):
            side, candidates = entry
            found = next(candidates, None)
            if found is None:
                ranked.remove(entry)
            else:
                add(side.slug, found[0].slug, found[1], False)
    return RelatedSection(rule=wording.RELATED_RULE, links=tuple(links))
