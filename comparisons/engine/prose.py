"""
The comparison page's prose: its intro, tradeoffs, switch friction, deep
dive, FAQ, review line and warnings, said from the computed sections (the
verdict, the benchmarks, the cost delta) and the models' facts.

Pure wording, like wording.py, which holds the sentences of single findings
(a judgement, a lead, a cost, a parameter problem): no rule is decided here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from catalog.formatting import (
    capitalize_first,
    format_parameters,
    format_ratio,
    format_tokens,
    join_list,
    pluralize,
    possessive,
)

from . import wording
from .inputs import SourceRef, Tri
from .results import (
    BenchmarkSection,
    Bullet,
    CostDelta,
    CostSection,
    FaqItem,
    Intro,
    SharedBenchmark,
    Verdict,
)
from .sides import (
    cheapest_route,
    is_stale,
    only_in,
    unconfirmed_in,
    within_context_noise,
)
from .vocabulary import (
    CAPABILITY_PHRASES,
    CONTEXT_NOISE_RATIO,
    DIMENSIONS_BY_KEY,
    INPUT_ONLY_KINDS,
)
from .wording import (
    capability_list,
    cost_summary,
    license_text,
    name_of,
    price_display,
    scores_text,
    size_class,
    token_pair,
)

if TYPE_CHECKING:
    from .sides import _Side


# Sections -------------------------------------------------------------------


def _windows_sentence(a: _Side, b: _Side) -> str:
    """Return the intro's sentence on the two context windows."""
    own, theirs = a.facts.context_window, b.facts.context_window
    if own and theirs and own == theirs:
        return f"Both have a {format_tokens(own)}-token context window."
    if own and theirs and within_context_noise(own, theirs):
        own_text, their_text = token_pair(own, theirs)
        return (
            f"Their context windows are about the same: {own_text} tokens for "
            f"{a.name} and {their_text} for {b.name}."
        )
    windows = [
        f"{side.name} has a {format_tokens(window)}-token context window"
        if (window := side.facts.context_window)
        else f"{possessive(side.name)} context window is not sourced"
        for side in (a, b)
    ]
    return f"{', while '.join(windows)}."


def _led_list(names: Sequence[str]) -> str:
    """Return benchmarks led, by name up to three, else as a count."""
    if len(names) <= 3:
        return join_list(list(names))
    return pluralize(len(names), "shared benchmark")


def intro(
    a: _Side,
    b: _Side,
    shared: Sequence[SharedBenchmark],
    lead: SharedBenchmark | None,
    computed_verdict: str,
) -> Intro:
    """Return the page's title, opening paragraphs and meta description."""

    def release(side: _Side) -> str:
        released = side.facts.release_date
        return f"a {released.year} release" if released else "a model of unsourced date"

    org_a, org_b = a.facts.organization_name, b.facts.organization_name
    if a.facts.organization_slug == b.facts.organization_slug:
        sentences = [
            f"{a.name} and {b.name} both come from {org_a}: {a.name} is "
            f"{release(a)}, {b.name} {release(b)}."
        ]
    else:
        sentences = [
            f"{a.name} is {release(a)} from {org_a}, and {b.name} is {release(b)} "
            f"from {org_b}."
        ]

    sizes = []
    for side in (a, b):
        count = side.facts.parameter_count
        if count is not None:
            estimated = (
                "an estimated " if side.facts.parameter_count_is_estimate else ""
            )
            sizes.append(
                f"{side.name} is {size_class(count)} ({estimated}"
                f"{format_parameters(count)} parameters)"
            )
    if sizes:
        unknown = [s.name for s in (a, b) if s.facts.parameter_count is None]
        tail = (
            f"; {possessive(unknown[0])} parameter count is not in the catalog"
            if unknown
            else ""
        )
        sentences.append(f"By parameter count, {join_list(sizes)}{tail}.")

    sentences.append(_windows_sentence(a, b))

    led = {
        side.key: [s.name for s in shared if s.leader == side.key] for side in (a, b)
    }
    if led["a"] and led["b"]:
        # Each leads somewhere: say both, not only the largest gap.
        sentences.append(
            f"{a.name} leads on {_led_list(led['a'])} and {b.name} on "
            f"{_led_list(led['b'])}."
        )
    elif lead:
        winner = name_of(a, b, lead.leader)
        sentences.append(f"On {lead.name}, {winner} leads by {lead.margin_display}.")
    elif shared:
        sentences.append("No shared benchmark separates them.")
    else:
        sentences.append("They share no benchmark in the catalog.")
    coverage = (
        "This comparison covers the verdict, monthly cost at your traffic, switch "
        "friction, specs, pricing and provider routes, capabilities, benchmarks, and "
        "common questions."
    )
    title = f"{a.name} vs {b.name}"
    return Intro(
        title=title,
        paragraphs=(" ".join(sentences), coverage),
        description=f"{title}: {computed_verdict} Specs, pricing at your "
        "traffic, capabilities, and benchmarks compared.",
    )


def tradeoffs(
    a: _Side,
    b: _Side,
    shared: Sequence[SharedBenchmark],
    delta: CostDelta,
    verdict: Verdict,
) -> tuple[Bullet, ...]:
    """
    Return what each model offers that the other does not, as bullets; a
    dimension the verdict calls a tie (provider counts within 2, windows
    within 1.2x) is none.
    """
    winners = {dimension.key: dimension.winner for dimension in verdict.dimensions}
    bullets: list[Bullet] = []
    for side, other in ((a, b), (b, a)):

        def say(text: str, side: _Side = side) -> None:
            bullets.append(Bullet(text, side.slug))

        if winners.get("availability") == side.key:
            say(
                f"{side.name} has broader provider coverage "
                f"({wording.verdict_routes_text(side)} vs "
                f"{wording.verdict_routes_text(other)} for {other.name}), which "
                "gives more fallback "
                "and procurement options."
            )
        only = only_in(side, other)
        if only:
            what = "that capability" if len(only) == 1 else "those capabilities"
            say(
                f"Only {side.name} supports {capability_list(only)}, so workloads "
                f"that depend on {what} need it."
            )
        if side.facts.open_weights is Tri.YES and other.facts.open_weights is Tri.NO:
            say(
                f"Only {side.name} has open weights ({license_text(side.facts)}), so "
                "it can be self-hosted or fine-tuned."
            )
        for benchmark in shared:
            if benchmark.leader == side.key:
                say(
                    f"{side.name} leads on {benchmark.name} by "
                    f"{benchmark.margin_display} ({scores_text(benchmark)}), a "
                    "directional signal where that benchmark resembles your workload."
                )
        # Within the verdict's noise the windows tie: no tradeoff to weigh.
        if winners.get("context") == side.key:
            own, theirs = (
                side.facts.context_window or 0,
                other.facts.context_window or 0,
            )
            own_text, their_text = token_pair(own, theirs)
            say(
                f"{side.name} has the larger context window ({own_text} vs "
                f"{their_text} tokens), leaving room for long prompts, "
                "retrieval packs, and transcript analysis."
            )
        if delta.cheaper == side.key:
            basis = delta.basis
            say(
                f"At {wording.PRICE_BASIS_LABELS[basis]}, {side.name} costs "
                f"{delta.difference_display} less a month at this traffic "
                f"({wording.cost_display_on(side.cost, basis)} vs "
                f"{wording.cost_display_on(other.cost, basis)}), a gap that grows "
                "with volume."
            )
    bullets.extend(_tag_bullets(a, b))
    return _unique(bullets)


def _tag_bullets(a: _Side, b: _Side) -> list[Bullet]:
    tags_a, tags_b = a.facts.decision_tags, b.facts.decision_tags
    if tags_a and set(tags_a) == set(tags_b):
        return [
            Bullet(
                f"Editors tag both models for {join_list(list(tags_a))}, so decision "
                "tags do not separate them."
            )
        ]
    bullets = []
    for side, other in ((a, b), (b, a)):
        tags = side.facts.decision_tags
        if not tags:
            continue
        unique = [tag for tag in tags if tag not in other.facts.decision_tags]
        text = f"Editors tag {side.name} for {join_list(list(tags))}"
        if unique:
            verb = "is" if len(unique) == 1 else "are"
            workload = "that workload" if len(unique) == 1 else "those workloads"
            text += (
                f"; {join_list(unique)} {verb} unique to it, so shortlist "
                f"{side.name} for {workload}"
            )
        bullets.append(Bullet(f"{text}.", side.slug))
    return bullets


def _unique(bullets: Iterable[Bullet]) -> tuple[Bullet, ...]:
    seen: set[str] = set()
    kept = []
    for bullet in bullets:
        if bullet.text not in seen:
            seen.add(bullet.text)
            kept.append(bullet)
    return tuple(kept)


def switch_friction(a: _Side, b: _Side) -> tuple[Bullet, ...]:
    """Return what moving from one model to the other costs, as bullets."""
    overlap = {r.provider_slug for r in a.live_routes} & {
        r.provider_slug for r in b.live_routes
    }
    if overlap:
        shared = [r for r in a.live_routes if r.provider_slug in overlap]
        bullets = [
            Bullet(
                f"Both run on {wording.provider_list(shared)}, so a switch there can "
                "keep the same SDK, billing, and account."
            )
        ]
    else:
        without = [side.name for side in (a, b) if not side.live_routes]
        if without:
            verb = "has" if len(without) == 1 else "have"
            fact = f"{join_list(without)} {verb} no tracked provider route"
        else:
            fact = f"{a.name} and {b.name} share no tracked provider"
        bullets = [Bullet(f"{fact}; plan for SDK, billing, or endpoint changes.")]
    for side, other in ((a, b), (b, a)):
        move = f"Moving from {side.name} to {other.name}"
        lacking = only_in(side, other)
        if lacking:
            pronoun = "it" if len(lacking) == 1 else "them"
            bullets.append(
                Bullet(
                    f"{move}: check replacement coverage for {capability_list(lacking)} "
                    f"before moving production traffic; {other.name} does not support "
                    f"{pronoun}.",
                    side.slug,
                )
            )
        unconfirmed = unconfirmed_in(side, other)
        if unconfirmed:
            bullets.append(
                Bullet(
                    f"{move}: confirm {other.name} supports "
                    f"{capability_list(unconfirmed)}; the catalog has no data.",
                    side.slug,
                )
            )
        for field, what in (
            ("context_window", "context window"),
            ("max_output_tokens", "maximum output"),
        ):
            if field == "max_output_tokens" and other.facts.kind in INPUT_ONLY_KINDS:
                continue  # an embedding's output is a vector, not tokens
            own, theirs = getattr(side.facts, field), getattr(other.facts, field)
            if own and theirs and own > theirs:
                own_text, their_text = token_pair(own, theirs)
                bullets.append(
                    Bullet(
                        f"{move} shrinks the {what} from {own_text} to "
                        f"{their_text} tokens; trim or chunk anything longer first.",
                        side.slug,
                    )
                )
        if side.facts.open_weights is Tri.YES and other.facts.open_weights is Tri.NO:
            bullets.append(
                Bullet(
                    f"{move} gives up open weights, so self-hosted deployments move "
                    "to a hosted API.",
                    side.slug,
                )
            )
    return _unique(bullets)


def deep_dive(
    a: _Side,
    b: _Side,
    benchmarks: BenchmarkSection,
    lead: SharedBenchmark | None,
    verdict: Verdict,
) -> tuple[str, ...]:
    """Return the deep dive's paragraphs: benchmarks, capabilities, pricing, choice."""
    return (
        _benchmarks_paragraph(a, b, benchmarks, lead),
        _capabilities_paragraph(a, b),
        _pricing_paragraph(a, b),
        _choice_paragraph(a, b, verdict),
    )


def _benchmarks_paragraph(
    a: _Side, b: _Side, benchmarks: BenchmarkSection, lead: SharedBenchmark | None
) -> str:
    shared = [s for s in benchmarks.shared if s.comparable]
    if not shared:
        return (
            f"{a.name} and {b.name} have no comparable shared benchmark in the "
            "catalog, so their quality cannot be compared head to head; run your own "
            "evaluation on representative prompts."
        )
    if len(shared) > 3:
        text = f"Across {benchmarks.summary}"
        if lead:
            text += f" The largest gap is {lead.margin_display} on {lead.name}."
        return text
    sentences = []
    for s in shared:
        if s.leader:
            outcome = f"so {name_of(a, b, s.leader)} leads by {s.margin_display}"
        else:
            outcome = "a tie"
        sentences.append(
            f"On {s.name}, {a.name} scores {s.a.display} and {b.name} {s.b.display} "
            f"({s.provenance_text[:1].lower()}{s.provenance_text[1:]}), {outcome}."
        )
    return " ".join(sentences)


def _capabilities_paragraph(a: _Side, b: _Side) -> str:
    keys = a.tracked
    parts = [
        f"only {side.name} supports {capability_list(only)}"
        for side, other in ((a, b), (b, a))
        if (only := only_in(side, other))
    ]
    if both := [k for k in keys if a.has(k) and b.has(k)]:
        parts.append(f"both support {capability_list(both)}")
    neither = [
        CAPABILITY_PHRASES[k]
        for k in keys
        if a.capabilities[k] is Tri.NO and b.capabilities[k] is Tri.NO
    ]
    if neither:
        parts.append(f"neither supports {join_list(neither, 'or')}")
    parts += wording.unknown_clauses(
        a,
        b,
        *([k for k in keys if side.capabilities[k] is Tri.UNKNOWN] for side in (a, b)),
        verb=True,
    )
    return (
        f"On capabilities, {'; '.join(parts)}. Weigh these against whether the work "
        "is raw model quality, agentic coding, multimodal ingestion, or predictable "
        "structured output."
    )


def _pricing_paragraph(a: _Side, b: _Side) -> str:
    parts = []
    for side in (a, b):
        if not side.routes:
            parts.append(f"{side.name} has no tracked route, so its cost is unknown")
            continue
        if not side.live_routes:
            parts.append(
                f"Every tracked route of {side.name} is retired, so its cost is unknown"
            )
            continue
        # Over the routes still served, as the scorecard counts them; a price
        # is sourced whether or not the route can take this traffic.
        priced = sum(
            1
            for route in side.live_routes
            if route.input_price is not None and route.output_price is not None
        )
        coverage = (
            f"{side.name} has sourced prices on {priced} of "
            f"{pluralize(len(side.live_routes), 'route')}"
        )
        chosen = cheapest_route(side)
        if chosen is None:
            parts.append(
                f"{coverage} but no usable cheapest route ({side.cost.reason.lower()})"
            )
        else:
            parts.append(
                f"{coverage}, the cheapest at this traffic being "
                f"{chosen.provider_name} at {price_display(chosen.input_price)} input "
                f"and {price_display(chosen.output_price)} output per 1M tokens"
            )
    return (
        f"{capitalize_first('; '.join(parts))}. Treat unknown pricing as an "
        "integration gap, and verify the route you will actually call before "
        "estimating production spend."
    )


def _choice_paragraph(a: _Side, b: _Side, verdict: Verdict) -> str:
    choices = [
        f"choose {side.name} for {join_list(strengths)}"
        for side in (a, b)
        if (
            strengths := [
                DIMENSIONS_BY_KEY[d.key].strength
                for d in verdict.dimensions
                if d.winner == side.key
            ]
        )
    ]
    when = (
        capitalize_first("; ".join(choices))
        if choices
        else "Neither model leads on a dimension with sourced data"
    )
    return (
        f"{when}. Either way, rerun your own prompts through the exact provider, "
        "region, and tool stack you plan to ship."
    )


CAPABILITY_CAVEAT = (
    " Validate it on the provider endpoint you plan to call: model support and "
    "API exposure can differ."
)


def _capability_answer(a: _Side, b: _Side, key: str, caveat: str) -> str:
    """Return who supports a capability; ``caveat`` follows a "yes" (said once a page)."""
    phrase = CAPABILITY_PHRASES[key]
    values = (a.capabilities[key], b.capabilities[key])
    if values == (Tri.YES, Tri.YES):
        return (
            f"Both {a.name} and {b.name} support {phrase}, so choose on benchmarks, "
            f"context, price, and whether your provider route exposes it.{caveat}"
        )
    if values == (Tri.UNKNOWN, Tri.UNKNOWN):
        return f"The catalog has no sourced {phrase} data for either model."
    if values == (Tri.NO, Tri.NO):
        return f"Neither {a.name} nor {b.name} supports {phrase} in the sourced data."
    parts = []
    for side in (a, b):
        value = side.capabilities[key]
        if value is Tri.YES:
            parts.append(f"{side.name} supports {phrase}")
        elif value is Tri.NO:
            parts.append(f"{side.name} does not")
        else:
            parts.append(f"{possessive(side.name)} support is not sourced")
    if Tri.YES not in values:
        # "does not" needs its object when the other side is merely unknown.
        parts = [p.replace("does not", f"does not support {phrase}") for p in parts]
        return f"{capitalize_first('; '.join(parts))}."
    return f"{capitalize_first('; '.join(parts))}.{caveat}"


def _context_answer(a: _Side, b: _Side) -> str:
    windows = {side.key: side.facts.context_window for side in (a, b)}
    if not (windows["a"] and windows["b"]):
        return " ".join(
            f"{side.name} supports {format_tokens(window)} tokens."
            if (window := windows[side.key])
            else f"{possessive(side.name)} context window is not sourced."
            for side in (a, b)
        )
    if windows["a"] == windows["b"]:
        return (
            f"Both support {format_tokens(windows['a'])} tokens, so context size does "
            "not separate them."
        )
    big, small = (a, b) if windows["a"] > windows["b"] else (b, a)
    big_text, small_text = token_pair(windows[big.key] or 0, windows[small.key] or 0)
    if within_context_noise(windows["a"], windows["b"]):
        return (
            f"{big.name} supports {big_text} tokens and {small.name} {small_text}: "
            f"within {format_ratio(CONTEXT_NOISE_RATIO)}, about the same, so context "
            "size does not separate them."
        )
    return (
        f"{big.name} supports {big_text} tokens, while "
        f"{small.name} supports {small_text}. The larger "
        "window matters for long documents, large codebases, retrieval-heavy agents, "
        "and long conversations; confirm the provider's limit before relying on it."
    )


def _license_answer(a: _Side, b: _Side) -> str:
    sentences = []
    for side in (a, b):
        facts = side.facts
        weights = {
            Tri.YES: f"{side.name} has open weights",
            Tri.NO: f"{side.name} has closed weights",
            Tri.UNKNOWN: f"Whether {possessive(side.name)} weights are open is not sourced",
        }[facts.open_weights]
        osi = ", an OSI-approved license" if facts.license_is_osi_approved else ""
        license_name = (
            f"{facts.license_name}{osi}" if facts.license_name else "not sourced"
        )
        sentences.append(f"{weights}; its license is {license_name}.")
    return (
        f"{' '.join(sentences)} Licenses decide whether you can self-host, "
        "redistribute weights, or only call hosted APIs, so confirm the upstream "
        "terms before deployment."
    )


def _where_answer(a: _Side, b: _Side) -> str:
    sentences = []
    for side in (a, b):
        if side.provider_names:
            sentences.append(
                f"{side.name} is available on {wording.provider_list(side.live_routes)} "
                f"({pluralize(len(side.live_routes), 'tracked route')})."
            )
        elif side.facts.open_weights is Tri.YES:
            sentences.append(
                f"{side.name} has no tracked providers yet, but its open weights can "
                "be self-hosted."
            )
        else:
            sentences.append(f"{side.name} has no tracked providers yet.")
    return (
        f"{' '.join(sentences)} Provider coverage affects latency, regions, "
        "compliance, and fallback options."
    )


def faq(
    a: _Side, b: _Side, benchmarks: BenchmarkSection, costs: CostSection
) -> tuple[FaqItem, ...]:
    """Return the page's common questions and their answers."""
    pair = f"{a.name} or {b.name}"
    cheaper = " ".join(cost_summary(side.cost) for side in (a, b))
    capabilities = []
    caveat = CAPABILITY_CAVEAT
    for key in ("vision", "multimodal_input", "function_calling"):
        answer = _capability_answer(a, b, key, caveat)
        if caveat and answer.endswith(caveat):
            caveat = ""  # once a page
        capabilities.append(
            FaqItem(f"Which is better for {CAPABILITY_PHRASES[key]}, {pair}?", answer)
        )
    return (
        FaqItem(f"Which has a larger context window, {pair}?", _context_answer(a, b)),
        FaqItem(f"Is {pair} open source?", _license_answer(a, b)),
        *capabilities,
        FaqItem(f"Where can I run {a.name} and {b.name}?", _where_answer(a, b)),
        FaqItem(
            f"Which is cheaper at my traffic, {pair}?",
            f"At {costs.profile_text}: {cheaper} {_cheaper_answer(costs.delta, a, b)}",
        ),
        FaqItem(
            f"Which scores higher on benchmarks, {pair}?",
            _benchmarks_answer(a, b, benchmarks),
        ),
    )


def _cheaper_answer(delta: CostDelta, a: _Side, b: _Side) -> str:
    """Return which is cheaper on the delta's basis, said otherwise than the delta."""
    basis = wording.PRICE_BASIS_LABELS[delta.basis]
    if delta.cheaper is None and delta.difference is None:
        return f"The two cannot be compared at {basis} at this traffic."
    if delta.cheaper is None:
        return f"Neither is cheaper at {basis}."
    cheap, dear = (a, b) if delta.cheaper == a.key else (b, a)
    return (
        f"So {cheap.name} is the cheaper at {basis}: {dear.name} costs "
        f"{delta.difference_display} more a month."
    )


def _benchmarks_answer(a: _Side, b: _Side, benchmarks: BenchmarkSection) -> str:
    """Return who scores higher, for the FAQ: the leads, then what is not compared."""
    shared = benchmarks.shared
    if not shared:
        return (
            f"Neither can be said to: {a.name} and {b.name} have no benchmark in "
            "common in this catalog, so run your own evaluation."
        )
    parts = [
        f"{side.name} scores higher on {join_list(led)}"
        for side in (a, b)
        if (led := [s.name for s in shared if s.leader == side.key])
    ]
    apart = [s.name for s in shared if not s.leader]
    if not parts:
        return f"Neither can be said to: no lead is claimed on {join_list(apart)}."
    if apart:
        parts.append(f"no lead is claimed on {join_list(apart)}")
    return (
        f"{capitalize_first('; '.join(parts))}. Treat each win as a signal for "
        "workloads like the benchmark's, not a general ranking."
    )


# Review and warnings --------------------------------------------------------


def review_text(
    last_reviewed: dt.date | None, today: dt.date, unreviewed: Sequence[str] = ()
) -> str:
    """
    Say when the page's figures were last reviewed; without a date, name the
    models an editor has not reviewed yet when only one of the two is.
    """
    if last_reviewed is None:
        if len(unreviewed) == 1:
            return (
                f"Not yet reviewed: an editor has not reviewed {unreviewed[0]}'s "
                "figures."
            )
        return "Not yet reviewed by an editor."
    days = (today - last_reviewed).days
    text = f"Last reviewed {last_reviewed.isoformat()}"
    return text + (f" ({pluralize(days, 'day')} ago)." if days > 0 else ".")


def sources_text(publishers: Sequence[str]) -> str:
    if not publishers:
        return "No sources are recorded for the figures on this page yet."
    return f"Data sourced from {join_list(publishers)}."


def credit(source: SourceRef) -> str:
    """Return the credit line a source's licence asks for."""
    if source.attribution:
        return source.attribution
    if source.publisher and source.publisher not in source.title:
        return f"{source.publisher}, {source.title}"
    return source.title or source.publisher


def warnings(sides: Sequence[_Side], today: dt.date) -> tuple[str, ...]:
    """Return the warnings on the models' status, lifecycle and routes, each once."""
    found = []
    for side in sides:
        facts = side.facts
        if facts.status != "published":
            found.append(f"{side.name} is a {facts.status}, not published.")
        if facts.lifecycle_status in {"deprecated", "retired"}:
            since = (
                f" since {facts.lifecycle_date.isoformat()}"
                if facts.lifecycle_date
                else ""
            )
            consequence = (
                "it has no cost"
                if facts.lifecycle_status == "retired"
                else "its routes are left out of the list price, the cheapest route "
                "and the verdict unless you include them"
            )
            found.append(
                f"{side.name} is {facts.lifecycle_status}{since}: {consequence}."
            )
        stale = []
        for route in facts.routes:
            where = (
                f"{possessive(side.name)} route {route.identifier} on "
                f"{route.provider_name}"
            )
            if route.lifecycle in {"deprecated", "retired"}:
                found.append(f"{where} is {route.lifecycle}.")
            kind, checked_on = route.last_check
            if checked_on and is_stale(checked_on, today):
                stale.append((checked_on, kind, route, where))
        found += stale_routes(side.name, len(facts.routes), stale)
    return tuple(dict.fromkeys(found))


def stale_routes(name: str, total: int, stale: list) -> list[str]:
    """
    Return the warning on routes last checked over a year ago: the route
    itself when one is, else one sentence with the count and the oldest date.
    """
    if not stale:
        return []
    checked_on, kind, route, where = min(stale, key=lambda item: item[0])
    if len(stale) == 1:
        by = f" by {route.source.title}" if kind == "checked" and route.source else ""
        return [
            f"{where} was last {kind}{by} on {checked_on.isoformat()}, over a year ago."
        ]
    return [
        f"{len(stale)} of {possessive(name)} {total} routes were last checked by "
        f"their source or reviewed over a year ago (the oldest on "
        f"{checked_on.isoformat()})."
    ]
