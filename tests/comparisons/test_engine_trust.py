"""
What a careful reader can trust (../shared/spec/trust.md, sections 1 to 5),
pinned rule by rule on small models: list price first, route trust, requests
a model cannot take, verdict confidence and benchmark comparability.
"""

from decimal import Decimal

import pytest

from comparisons.engine import (
    SourceRef,
    TrafficProfile,
    compare_models,
    compute_comparison,
    estimate_model_cost,
)
from tests.comparisons.golden import GOLDEN_TODAY
from tests.comparisons.test_engine import model, result, route


def compare(a, b, **profile):
    return compute_comparison(
        a, b, profile=TrafficProfile(**profile), today=GOLDEN_TODAY
    )


def dimension(comparison, key):
    return {d.key: d for d in comparison.verdict.dimensions}[key]


def own(name="Lab API", input_price="10", output_price="30", **kwargs):
    """A first-party route: the model's own organization's pay-as-you-go API."""
    kwargs.setdefault("provider_kind", "first_party")
    return route(name, input_price, output_price, is_first_party=True, **kwargs)


# 1. Price basis ------------------------------------------------------------------


def test_list_price_is_the_labs_own_api_and_cheapest_is_shown_beside_it():
    cost = estimate_model_cost(
        model("m", routes=(own(), route("Reseller", "5", "15"))), TrafficProfile()
    )
    # 500M x $10 + 350M x $30, and 500M x $5 + 350M x $15.
    assert (cost.list_cost, cost.list_basis, cost.list_text) == (
        Decimal(15500),
        "first_party",
        "Lab API",
    )
    assert (cost.monthly_cost, cost.cheapest_provider_name) == (
        Decimal(7750),
        "Reseller",
    )
    assert [r.is_list_price for r in cost.routes] == [True, False]


def test_without_a_first_party_api_the_list_price_is_the_median_of_trusted_routes():
    routes = tuple(
        route(name, price, price)
        for name, price in (("A", "1"), ("B", "2"), ("C", "4"))
    )
    cost = estimate_model_cost(model("m", routes=routes), TrafficProfile())
    # 850M tokens a month at $2 per 1M on the middle route.
    assert (cost.list_cost, cost.list_basis, cost.list_route_count) == (
        Decimal(1700),
        "median",
        3,
    )
    assert cost.list_text == "median of 3 trusted routes"


def test_a_plan_is_never_a_list_price():
    plan = own("Lab Coding Plan", "1", "2", provider_kind="plan")
    cost = estimate_model_cost(model("m", routes=(plan, own())), TrafficProfile())
    assert cost.list_provider_name == "Lab API"
    doubts = {r.provider_name: r.doubt for r in cost.routes}
    assert doubts == {"Lab API": "", "Lab Coding Plan": "plan"}
    assert cost.cheapest_provider_name == "Lab API"


def test_the_verdict_compares_list_prices_unless_the_reader_asks_for_cheapest():
    # A lists at $10/$30 but a reseller sells it at half; B lists at $6/$18.
    a = model("a", routes=(own(), route("Reseller", "5", "15")))
    b = model("b", routes=(own("B API", "6", "18"),))
    at_list = dimension(compare(a, b), "cost")
    assert (at_list.winner_slug, at_list.reason_code) == ("b", "cheaper")
    assert at_list.reason.startswith("At list price, B costs $9,300")
    cheapest = dimension(compare(a, b, price_basis="cheapest"), "cost")
    assert (cheapest.winner_slug, cheapest.reason_code) == ("a", "cheaper")
    assert cheapest.reason.startswith("At cheapest trusted route, A costs $7,750")


# 2. Route trust -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doubtful", "doubt"),
    [
        (route("Old Host", "1", "3", lifecycle="deprecated"), "deprecated"),
        (route("Plan", "1", "3", provider_kind="plan"), "plan"),
        # Under a third of the list price's input ($10).
        (route("Too Cheap", "3", "30"), "far_below_list"),
        (route("Free", "0", "0"), "free_tier"),
    ],
    ids=["deprecated", "plan", "far-below-list", "free-tier"],
)
def test_doubtful_routes_are_listed_but_never_cheapest(doubtful, doubt):
    cost = estimate_model_cost(model("m", routes=(own(), doubtful)), TrafficProfile())
    found = next(r for r in cost.routes if r.provider_name == doubtful.provider_name)
    assert found.doubt == doubt and not found.is_eligible
    assert found.doubt_text.startswith("Left out of the cheapest route and the verdict")
    assert cost.cheapest_provider_name == "Lab API"


def test_the_reader_can_include_routes_left_out():
    routes = (own(), route("Too Cheap", "1", "3"))
    cost = estimate_model_cost(
        model("m", routes=routes), TrafficProfile(include_untrusted=True)
    )
    assert cost.cheapest_provider_name == "Too Cheap"
    assert cost.routes[1].doubt_text.startswith("Included at your request")


def test_a_deprecated_models_free_tier_says_so_and_stays_a_free_tier():
    routes = (route("Host", "1", "2"), route("Free Host", "0", "0"))
    deprecated = model("m", routes=routes, lifecycle_status="deprecated")
    free = estimate_model_cost(deprecated, TrafficProfile()).routes[0]
    assert free.provider_name == "Free Host" and free.is_free_tier
    assert free.doubt_text == (
        "Left out of the cheapest route and the verdict: the model is deprecated, "
        "and the route is a free tier (rate limits apply)."
    )
    # Including routes left out does not include free tiers: it is not $0.
    cost = estimate_model_cost(deprecated, TrafficProfile(include_untrusted=True))
    assert cost.cheapest_provider_name == "Host"
    assert cost.routes[0].doubt_text.startswith("Left out of the cheapest route")
    assert cost.routes[1].doubt_text == (
        "Included at your request: the model is deprecated."
    )
    both = TrafficProfile(include_untrusted=True, include_free_tiers=True)
    assert estimate_model_cost(deprecated, both).cheapest_provider_name == "Free Host"


def test_the_scorecards_lowest_price_leaves_out_what_the_cheapest_route_does():
    routes = (own(), route("Too Cheap", "1", "3"))

    def scorecard_price(**profile):
        comparison = compare(model("a", routes=routes), model("b"), **profile)
        row = next(r for r in comparison.scorecard if r.key == "cheapest_output_price")
        return f"{row.label}: {row.a.text}"

    assert (
        scorecard_price()
        == "Cheapest trusted output price: $30 per 1M tokens (Lab API)"
    )
    assert (
        scorecard_price(include_untrusted=True)
        == "Cheapest output price: $3 per 1M tokens (Too Cheap)"
    )
    deprecated = model("a", routes=routes, lifecycle_status="deprecated")
    row = next(
        r
        for r in compare(deprecated, model("b")).scorecard
        if r.key == "cheapest_output_price"
    )
    assert row.a.text == "No trusted price (2 routes left out)"


def test_far_below_the_median_when_there_is_no_first_party_api():
    routes = tuple(
        route(name, price, price)
        for name, price in (("A", "0.5"), ("B", "2"), ("C", "2.2"), ("D", "2.4"))
    )
    cost = estimate_model_cost(model("m", routes=routes), TrafficProfile())
    assert [r.doubt for r in cost.routes] == ["far_below_list", "", "", ""]
    assert cost.cheapest_provider_name == "B"


def test_an_active_route_wins_a_tie_against_a_deprecated_one_the_reader_included():
    routes = (
        route("Alpha", "1", "1", lifecycle="deprecated"),
        route("Zulu", "1", "1"),
    )
    cost = estimate_model_cost(
        model("m", routes=routes), TrafficProfile(include_untrusted=True)
    )
    assert cost.cheapest_provider_name == "Zulu"


def test_ties_go_to_the_labs_own_api_then_a_cloud_platform():
    routes = (
        route("Alpha Host", "1", "1"),
        route("Cloud", "1", "1", provider_kind="cloud"),
    )
    cost = estimate_model_cost(model("m", routes=routes), TrafficProfile())
    assert cost.cheapest_provider_name == "Cloud"


# 3. Requests a model cannot take ----------------------------------------------------


def test_a_request_over_the_context_window_has_no_cost():
    small = model("small", context_window=8_000, routes=(own(),))
    cost = estimate_model_cost(small, TrafficProfile(input_tokens=9_000))
    assert not cost.is_possible and cost.monthly_cost is None and cost.list_cost is None
    assert cost.reason == (
        "Not possible: the request exceeds the context window (8,000 tokens)"
    )
    assert all(r.monthly_cost is None for r in cost.routes)
    verdict_cost = dimension(
        compare(small, model("big", routes=(own(),)), input_tokens=9_000), "cost"
    )
    assert verdict_cost.reason_code == "not_possible" and not verdict_cost.winner


def test_a_request_over_the_max_output_has_no_cost():
    capped = model("capped", max_output_tokens=256, routes=(own(),))
    cost = estimate_model_cost(capped, TrafficProfile())
    assert (
        cost.reason
        == "Not possible: the output exceeds the maximum output (256 tokens)"
    )


# 4. Verdict confidence ----------------------------------------------------------------


def test_without_a_shared_benchmark_the_verdict_says_so():
    a = model("a", routes=tuple(route(n, "1", "1") for n in "PQRST"))
    b = model("b")
    sentence = compare(a, b).verdict.sentence
    assert sentence.startswith("No shared benchmark, so quality is not compared;")


@pytest.mark.parametrize(
    ("a_kwargs", "b_kwargs", "key", "code"),
    [
        (
            {"results": (result("mmlu", "80.4"),)},
            {"results": (result("mmlu", "80.0"),)},
            "quality",
            "lead_within_noise",
        ),
        ({"context_window": 120_000}, {"context_window": 100_000}, "context", None),
        (
            {"routes": (route("H", "1.05", "1.05"),)},
            {"routes": (route("H", "1", "1"),)},
            "cost",
            "cost_within_noise",
        ),
    ],
    ids=["benchmark-under-1-point", "context-within-1.2x", "cost-within-10pc"],
)
def test_margins_within_the_noise_are_ties(a_kwargs, b_kwargs, key, code):
    found = dimension(compare(model("a", **a_kwargs), model("b", **b_kwargs)), key)
    assert found.winner is None
    assert found.reason_code == (code or "window_within_noise")
    assert found.margin_value is not None


def test_a_lead_past_the_noise_wins():
    found = dimension(
        compare(
            model("a", results=(result("mmlu", "81.1"),)),
            model("b", results=(result("mmlu", "80.0"),)),
        ),
        "quality",
    )
    assert (found.winner_slug, found.margin_value, found.margin_unit) == (
        "a",
        Decimal("1.1"),
        "points",
    )


def test_scores_within_one_weight_point_are_too_close_to_call():
    # A wins context (weight 1); B nothing; the rest ties or has no data.
    a = model("a", context_window=400_000)
    b = model("b", context_window=100_000)
    verdict = compare(a, b).verdict
    assert verdict.is_close_call and verdict.pick is None
    assert "too close to call overall" in verdict.sentence
    assert "1.2x" in verdict.thresholds_text


# 5. Benchmark comparability -------------------------------------------------------------


LEADERBOARD = SourceRef(key="board", title="Board", url="https://board.example/")


def test_scores_from_different_sources_are_side_by_side_without_a_lead():
    a = model(
        "a",
        organization_name="Alpha Lab",
        results=(
            result(
                "mmlu",
                "90",
                source_url="https://alphalab.example/blog",
                provenance="self_reported",
            ),
        ),
    )
    b = model("b", results=(result("mmlu", "70", source=LEADERBOARD),))
    comparison = compare(a, b)
    (shared,) = comparison.benchmarks.shared
    assert shared.leader is None and not shared.comparable
    assert shared.lead_text == "Different sources, not directly comparable"
    assert dimension(comparison, "quality").reason_code == "no_comparable_benchmark"
    assert "leads" not in " ".join(comparison.intro.paragraphs)
    # The verdict does not say there is no shared benchmark beside a scorecard
    # that counts one.
    assert comparison.verdict.sentence.startswith(
        "No shared benchmark with comparable scores, so quality is not compared;"
    )
    row = next(r for r in comparison.scorecard if r.key == "shared_benchmarks")
    assert row.a.text == row.b.text == "1 shared benchmark, none with comparable scores"


def test_an_editors_comparable_group_lets_two_sources_lead():
    a = model(
        "a",
        results=(
            result(
                "mmlu",
                "90",
                source_url="https://alphalab.example/blog",
                provenance="self_reported",
                comparable_group="mmlu-5shot-helm",
            ),
        ),
    )
    b = model(
        "b",
        results=(
            result(
                "mmlu", "70", source=LEADERBOARD, comparable_group="mmlu-5shot-helm"
            ),
        ),
    )
    (shared,) = compare(a, b).benchmarks.shared
    assert shared.comparable and shared.leader == "a"
    other_group = model(
        "b",
        results=(result("mmlu", "70", source=LEADERBOARD, comparable_group="other"),),
    )
    (shared,) = compare(a, other_group).benchmarks.shared
    assert not shared.comparable and shared.leader is None


def test_the_comparable_pair_of_results_is_chosen_when_a_model_has_several():
    a = model(
        "a",
        results=(
            result("mmlu", "95", source_url="https://a.example/blog", is_primary=True),
            result("mmlu", "80", source=LEADERBOARD, is_primary=False),
        ),
    )
    b = model("b", results=(result("mmlu", "70", source=LEADERBOARD),))
    (shared,) = compare(a, b).benchmarks.shared
    assert (shared.a.value, shared.b.value, shared.leader) == (
        Decimal(80),
        Decimal(70),
        "a",
    )


def test_a_result_published_by_the_models_own_organization_is_self_reported():
    lab = SourceRef(key="lab-blog", title="Lab blog", url="", publisher="Acme")
    a = model(
        "a",
        organization_name="Acme",
        results=(result("mmlu", "90", source=lab, provenance="independent"),),
    )
    b = model(
        "b",
        organization_slug="deepseek",
        results=(
            result(
                "mmlu",
                "80",
                source_url="https://huggingface.co/deepseek-ai/DeepSeek-V3",
                provenance="independent",
            ),
        ),
    )
    (shared,) = compare(a, b).benchmarks.shared
    assert (shared.a.provenance, shared.b.provenance) == (
        "self_reported",
        "self_reported",
    )


def test_capabilities_unknown_for_both_are_said_once():
    comparison = compare(model("a"), model("b"))
    capabilities = dimension(comparison, "capabilities")
    deep_dive = comparison.deep_dive[1]
    assert "unknown for both" in deep_dive
    assert "unknown for A" not in deep_dive and "unknown for B" not in deep_dive
    assert capabilities.reason_code == "no_capability_data"


def test_windows_within_the_noise_are_no_tradeoff_and_read_exactly_where_they_round_alike():
    # Gemini 3.1 Pro Preview vs Qwen3.7 Max read "has the larger context
    # window (1M vs 1M tokens)" beside a verdict that called the windows a tie.
    comparison = compare(
        model("big", context_window=1_048_576), model("small", context_window=1_000_000)
    )

    assert dimension(comparison, "context").winner is None
    texts = [bullet.text for bullet in comparison.tradeoffs]
    assert not [text for text in texts if "context window" in text]
    friction = " ".join(bullet.text for bullet in comparison.switch_friction)
    assert "shrinks the context window from 1,048,576 to 1,000,000 tokens" in friction
    faq = {item.question: item.answer for item in comparison.faq}
    answer = faq["Which has a larger context window, Big or Small?"]
    assert answer == (
        "Big supports 1,048,576 tokens and Small 1,000,000: within 1.2x, about "
        "the same, so context size does not separate them."
    )


def test_windows_past_the_noise_are_a_tradeoff_in_compact_form():
    comparison = compare(
        model("big", context_window=1_048_576), model("small", context_window=128_000)
    )

    texts = [bullet.text for bullet in comparison.tradeoffs]
    assert "Big has the larger context window (1M vs 128k tokens)" in " ".join(texts)


def test_a_route_past_its_retirement_date_is_retired_from_that_day():
    import datetime as dt

    routes = (own(retirement_date=dt.date(2026, 12, 1)), route("Host", "12", "36"))

    def lab_route(today):
        comparison = compute_comparison(
            model("a", routes=routes), model("b"), profile=TrafficProfile(), today=today
        )
        costs = {r.provider_name: r for r in comparison.costs.a.routes}
        prices = {r.provider_name: r for r in comparison.pricing.a.routes}
        return costs["Lab API"].doubt, prices["Lab API"].lifecycle

    assert lab_route(dt.date(2026, 11, 30)) == ("", "active")
    assert lab_route(dt.date(2026, 12, 1)) == ("retired", "retired")


def test_two_scores_in_one_publications_table_are_comparable():
    # Anthropic's Claude Opus 4.8 announcement lists GPT-5.5's SWE-Bench Pro
    # beside Claude's, with one method: one table, whoever published it.
    page = "https://www.anthropic.com/news/claude-opus-4-8"
    claude = model(
        "claude",
        organization_name="Anthropic",
        organization_slug="anthropic",
        results=(result("swe", "69.2", source_url=page, method="resolve rate"),),
    )

    def gpt(method):
        return model(
            "gpt",
            organization_name="OpenAI",
            organization_slug="openai",
            results=(result("swe", "58.6", source_url=page, method=method),),
        )

    (shared,) = compare(claude, gpt("resolve rate")).benchmarks.shared
    assert shared.comparable and shared.leader_slug == "claude"
    assert shared.a.provenance == "self_reported"
    # Another method on the same page is another setting: not compared.
    (shared,) = compare(claude, gpt("pass@1")).benchmarks.shared
    assert not shared.comparable and shared.leader is None
    many = compare_models(
        (claude, gpt("resolve rate")), profile=TrafficProfile(), today=GOLDEN_TODAY
    )
    (side_by_side,) = many.benchmarks
    assert side_by_side.comparable and side_by_side.leader_slugs == ("claude",)
    # Claude's own score reads self-reported here too, as on the pair page.
    assert [s.score.provenance for s in side_by_side.scores] == [
        "self_reported",
        "unknown",
    ]


def test_the_deep_dive_keeps_names_cased_and_counts_the_routes_still_served():
    import datetime as dt

    page = "https://lab.example/news"
    a = model(
        "a",
        name="GPT-5.5",
        routes=(own(), route("Gone", "1", "2", lifecycle="retired")),
        results=(result("x", "50", source_url=page, provenance="self_reported"),),
    )
    b = model("b", name="Claude Opus", results=(result("x", "40", source_url=page),))
    gone = model(
        "c", routes=(own(retirement_date=dt.date(2020, 1, 1)),), name="Old Model"
    )
    paragraphs = " ".join(compare(a, b).deep_dive)
    assert "provenance differs: GPT-5.5 self-reported, Claude Opus" in paragraphs
    assert "GPT-5.5 has sourced prices on 1 of 1 route," in paragraphs
    paragraphs = " ".join(compare(gone, b).deep_dive)
    assert "Every tracked route of Old Model is retired" in paragraphs


def test_a_pick_names_the_capabilities_only_the_other_model_has():
    # "On cost, availability, and openness, Llama 3.1 8B Instruct is the safer
    # pick" said nothing of Claude Opus 4.8's vision and reasoning.
    from dataclasses import replace

    from comparisons.engine import CapabilityFacts, Tri

    def capable(slug, value, price, **kwargs):
        capabilities = tuple(
            CapabilityFacts(key, value) for key in ("vision", "reasoning")
        )
        routes = (own("Lab", price, price),)
        return model(slug, capabilities=capabilities, routes=routes, **kwargs)

    big, small = capable("big", Tri.YES, "9"), capable("small", Tri.NO, "1")
    assert compare(big, small).verdict.sentence == (
        "No shared benchmark, so quality is not compared; on cost, Small is the "
        "safer pick; choose Big for vision and reasoning, which only it supports."
    )
    # With a dimension of its own, both are said.
    board = "https://board.example/"
    longer = replace(
        capable("big", Tri.YES, "5", context_window=10**6),
        results=(result("x", "60", source_url=board),),
    )
    shorter = replace(
        capable("small", Tri.NO, "1", context_window=10**5),
        results=(result("x", "70", source_url=board),),
    )
    assert compare(longer, shorter).verdict.sentence == (
        "Small is safer overall; choose Big when a longer context window matters, "
        "or for vision and reasoning, which only it supports."
    )
    # Unknown is not no: nothing is named.
    unknown = model("small", routes=(own("Lab", "1", "1"),))
    assert "only it supports" not in compare(big, unknown).verdict.sentence


def test_availability_counts_the_routes_the_verdict_trusts():
    # GLM-5.2's 55 routes beat DeepSeek V4 Pro's 49 on availability, plans
    # and all, and the cost win (4.3x) ended "too close to call".
    hosts = tuple(route(f"Host {n}", "10", "30") for n in range(3))
    plans = tuple(route(f"Plan {n}", "0", "0", provider_kind="plan") for n in range(4))
    a = model("a", routes=(own(), *hosts))
    b = model("b", routes=(own(), *hosts, *plans))

    availability = dimension(compare(a, b), "availability")
    assert (availability.winner, availability.reason) == (
        None,
        "A has 4 trusted routes on 4 providers; B has 4 trusted routes on 4 providers",
    )
    included = dimension(compare(a, b, include_untrusted=True), "availability")
    assert included.winner == "b"
    assert included.reason == (
        "A has 4 routes on 4 providers; B has 8 routes on 8 providers"
    )


def test_tradeoffs_and_intro_follow_the_verdicts_ties_and_both_leads():
    board = "https://board.example/"
    hosts = tuple(route(f"Host {n}", "10", "30") for n in range(2))
    a = model(
        "a",
        name="Alpha",
        context_window=1_048_576,
        routes=(own(), *hosts),
        results=(
            result("x", "70", source_url=board),
            result("y", "40", source_url=board),
        ),
    )
    b = model(
        "b",
        name="Beta",
        context_window=1_000_000,
        routes=(own(),),
        results=(
            result("x", "60", source_url=board),
            result("y", "50", source_url=board),
        ),
    )
    comparison = compare(a, b)

    # 3 trusted providers to 1: within 2, a tie, so no coverage tradeoff.
    assert dimension(comparison, "availability").winner is None
    texts = " ".join(bullet.text for bullet in comparison.tradeoffs)
    assert "broader provider coverage" not in texts
    intro = " ".join(comparison.intro.paragraphs)
    assert (
        "Their context windows are about the same: 1,048,576 tokens for Alpha and "
        "1,000,000 for Beta."
    ) in intro
    assert "Alpha leads on X and Beta on Y." in intro


def test_a_license_name_that_is_an_agreement_or_terms_gets_no_extra_license():
    from comparisons.engine import wording

    for name in ("Llama 4 Community License Agreement", "Gemma Terms of Use"):
        assert wording.license_text(model("m", license_name=name)) == name
