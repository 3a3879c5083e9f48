import dataclasses
import datetime as dt
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from comparisons.engine import (
    PRIORITY_KEYS,
    TRAFFIC_PRESETS,
    BenchmarkResultFacts,
    CapabilityFacts,
    Comparison,
    CuratedLayer,
    ModelFacts,
    PeerFacts,
    RouteFacts,
    SourceRef,
    TrafficProfile,
    Tri,
    canonical_pair,
    compute_comparison,
    estimate_model_cost,
    estimate_route_cost,
    parse_priorities,
    parse_traffic_profile,
)
from tests.comparisons.golden import (
    GOLDEN_CURATED,
    GOLDEN_REVIEWED,
    GOLDEN_TODAY,
    capabilities,
    gpt_4_turbo,
    mmlu_pro,
    qwen3_5_4b,
)

ENGINE_DIR = Path(__file__).resolve().parents[2] / "comparisons"


def compare(a: ModelFacts, b: ModelFacts, **kwargs) -> Comparison:
    kwargs.setdefault("profile", TrafficProfile())
    kwargs.setdefault("today", GOLDEN_TODAY)
    return compute_comparison(a, b, **kwargs)


def route(provider: str, input_price=None, output_price=None, **kwargs) -> RouteFacts:
    kwargs.setdefault("identifier", f"{provider}/model")
    return RouteFacts(
        provider_slug=provider.lower().replace(" ", "-"),
        provider_name=provider,
        input_price=None if input_price is None else Decimal(input_price),
        output_price=None if output_price is None else Decimal(output_price),
        **kwargs,
    )


def model(slug: str, **kwargs) -> ModelFacts:
    kwargs.setdefault("name", slug.replace("-", " ").title())
    kwargs.setdefault("organization_slug", f"{slug}-org")
    kwargs.setdefault("organization_name", f"{slug} Org")
    return ModelFacts(slug=slug, **kwargs)


def result(slug: str, score: str, **kwargs) -> BenchmarkResultFacts:
    kwargs.setdefault("benchmark_name", slug.upper())
    return BenchmarkResultFacts(benchmark_slug=slug, score=Decimal(score), **kwargs)


def strings(value):
    """Yield every string in a comparison's dict form, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def winners(comparison: Comparison) -> dict[str, str]:
    return {d.key: d.winner_slug for d in comparison.verdict.dimensions}


@pytest.fixture(scope="module")
def golden_result() -> Comparison:
    return compare(gpt_4_turbo(), qwen3_5_4b(), curated=GOLDEN_CURATED)


# The golden pair ---------------------------------------------------------------


def test_golden_verdict_picks_qwen_overall_and_gpt_for_coding_workflow(golden_result):
    verdict = golden_result.verdict
    assert verdict.sentence == (
        "Qwen3.5-4B is safer overall; choose GPT-4 Turbo when coding workflow "
        "support matters."
    )
    assert verdict.pick_slug == "qwen3-5-4b"
    assert not verdict.is_tie
    assert (verdict.score_a, verdict.score_b) == (3, 5)


@pytest.mark.parametrize(
    ("dimension", "winner", "reason_part"),
    [
        ("quality", "qwen3-5-4b", "Qwen3.5-4B leads by 9.7 points (79.1 vs 69.4)"),
        ("context", "qwen3-5-4b", "262k-token window vs 128k"),
        ("cost", "", "No sourced list price for Qwen3.5-4B (no routes tracked)"),
        ("capabilities", "gpt-4-turbo", "function calling, tool use, structured"),
        ("availability", "gpt-4-turbo", "6 trusted routes on 5 providers"),
        ("openness", "qwen3-5-4b", "Apache 2.0 license, OSI-approved"),
    ],
)
def test_golden_verdict_dimensions(golden_result, dimension, winner, reason_part):
    found = {d.key: d for d in golden_result.verdict.dimensions}[dimension]
    assert found.winner_slug == winner
    assert reason_part in found.reason
    # Missing data gives no winner and is said, never counted as a loss.
    assert found.has_data is (dimension != "cost")


def test_golden_verdict_states_its_weights(golden_result):
    assert golden_result.verdict.weights_text == (
        "Weights: quality 3, context 1, cost 2, coding workflow 2, availability 1, "
        "openness 1."
    )
    assert golden_result.verdict.priorities == ()


def test_golden_mmlu_pro_lead(golden_result):
    (shared,) = golden_result.benchmarks.shared
    assert (shared.name, shared.leader_slug) == ("MMLU-Pro", "qwen3-5-4b")
    assert shared.margin == Decimal("9.7")
    assert shared.margin_display == "9.7 points"
    assert (shared.a.display, shared.b.display) == ("69.4", "79.1")
    assert shared.a.source_url == "https://huggingface.co/spaces/TIGER-Lab/MMLU-Pro"
    assert (
        "On MMLU-Pro, Qwen3.5-4B leads by 9.7 points."
        in golden_result.intro.paragraphs[0]
    )


def test_golden_costs_at_default_profile(golden_result):
    gpt, qwen = golden_result.costs.a, golden_result.costs.b
    assert gpt.monthly_cost == Decimal(7750)
    assert gpt.monthly_cost_display == "$7,750"
    assert (gpt.cheapest_provider_name, gpt.cheapest_identifier) == (
        "Replicate API",
        "openai/gpt-4-turbo",
    )
    assert [r.is_cheapest for r in gpt.routes] == [False] * 4 + [True, False]
    salesforce = gpt.routes[-1]
    assert salesforce.monthly_cost is None
    assert salesforce.unavailable_reason == "No sourced input or output price"
    assert qwen.monthly_cost is None
    assert qwen.monthly_cost_display == "Unavailable"
    assert qwen.reason == "No route tracked, so no sourced input and output price"
    assert golden_result.costs.delta.difference is None
    assert "Qwen3.5-4B has no list price" in golden_result.costs.delta.sentence


def test_golden_list_price_is_openais_own_api(golden_result):
    # trust.md section 1: GPT-4 Turbo at list price (OpenAI API, $10 / $30).
    gpt = golden_result.costs.a
    assert (gpt.list_cost, gpt.list_cost_display) == (Decimal(15500), "$15,500")
    assert (gpt.list_basis, gpt.list_provider_name) == ("first_party", "OpenAI API")
    assert gpt.list_text == "OpenAI API"
    assert [r.is_list_price for r in gpt.routes].count(True) == 1
    assert gpt.cheapest_provider_kind == "inference_host"
    # Replicate at half of list is trusted: not under a third.
    assert all(not r.doubt for r in gpt.routes if r.monthly_cost is not None)


def test_golden_scorecard(golden_result):
    rows = {
        row.key: (row.label, row.a.text, row.b.text) for row in golden_result.scorecard
    }
    assert rows == {
        "best_for": (
            "Best for",
            "multimodal apps, tool-calling agents, and provider-routed production",
            "multimodal apps, long-document work, and self-hosting",
        ),
        "decision_fit": (
            "Decision fit",
            "Coding, RAG, and Agents",
            "Coding, Agents, and Long context",
        ),
        "context_window": ("Context window", "128k", "262k"),
        "cheapest_output_price": (
            "Cheapest trusted output price",
            "$15 per 1M tokens (Replicate API)",
            "No sourced price (no routes tracked)",
        ),
        "provider_routes": (
            "Provider routes",
            "6 routes on 5 providers",
            "No routes tracked",
        ),
        "shared_benchmarks": (
            "Shared benchmarks",
            "1 shared benchmark; leads on none",
            "1 shared benchmark; leads on MMLU-Pro",
        ),
    }


@pytest.mark.parametrize(
    ("model_slug", "expected"),
    [
        ("gpt-4-turbo", "broader provider coverage (6 trusted routes on 5 providers"),
        (
            "gpt-4-turbo",
            "Only GPT-4 Turbo supports function calling, tool use, structured outputs, and code execution",
        ),
        ("gpt-4-turbo", "Editors tag GPT-4 Turbo for Coding, RAG, and Agents"),
        ("qwen3-5-4b", "Qwen3.5-4B leads on MMLU-Pro by 9.7 points"),
        (
            "qwen3-5-4b",
            "Qwen3.5-4B has the larger context window (262k vs 128k tokens)",
        ),
        ("qwen3-5-4b", "Editors tag Qwen3.5-4B for Coding, Agents, and Long context"),
        ("qwen3-5-4b", "Only Qwen3.5-4B has open weights"),
    ],
)
def test_golden_tradeoffs_carry_the_seed_facts(golden_result, model_slug, expected):
    matching = [b for b in golden_result.tradeoffs if expected in b.text]
    assert len(matching) == 1
    assert matching[0].model_slug == model_slug


def test_golden_switch_friction_says_each_thing_once(golden_result):
    texts = [bullet.text for bullet in golden_result.switch_friction]
    assert texts == [
        "Qwen3.5-4B has no tracked provider route; plan for SDK, billing, or "
        "endpoint changes.",
        "Moving from GPT-4 Turbo to Qwen3.5-4B: check replacement coverage for "
        "function calling, tool use, structured outputs, and code execution before "
        "moving production traffic; Qwen3.5-4B does not support them.",
        "Moving from Qwen3.5-4B to GPT-4 Turbo shrinks the context window from 262k "
        "to 128k tokens; trim or chunk anything longer first.",
        "Moving from Qwen3.5-4B to GPT-4 Turbo gives up open weights, so self-hosted "
        "deployments move to a hosted API.",
    ]


def test_golden_specs(golden_result):
    rows = {row.key: (row.a, row.b) for row in golden_result.specs}
    assert [row.label for row in golden_result.specs] == [
        "Released",
        "Context window",
        "Max output",
        "Parameters",
        "Architecture",
        "License",
        "Openness",
        "Commercial use",
        "Knowledge cutoff",
    ]
    text = {key: (a.text, b.text) for key, (a, b) in rows.items()}
    assert text["released"] == ("2024-04-09", "2026-03-02")
    assert text["context_window"] == ("128k (128,000 tokens)", "262k (262,144 tokens)")
    assert text["parameters"] == ("~1.76T (8x222B MoE, unofficial estimate)", "4B")
    assert text["architecture"] == ("Mixture of experts", "Unknown")
    assert text["license"] == ("Proprietary", "Apache 2.0 (OSI-approved)")
    assert text["openness"] == ("Closed weights", "Open weights")
    assert text["commercial_use"] == ("Allowed with conditions", "Allowed")
    assert text["knowledge_cutoff"] == ("2023-12", "Unknown")
    assert rows["knowledge_cutoff"][1].is_unknown
    assert rows["architecture"][1].is_unknown
    assert not rows["parameters"][0].is_unknown


def test_golden_pricing_table(golden_result):
    rows = {row.key: (row.a.text, row.b.text) for row in golden_result.pricing.rows}
    assert rows["input_price"][0] == "$5 per 1M tokens (Replicate API)"
    assert rows["output_price"][0] == "$15 per 1M tokens (Replicate API)"
    assert rows["providers"] == (
        "Azure OpenAI, OpenAI API, OpenRouter, Replicate API, and Salesforce "
        "Einstein Generative AI",
        "No providers tracked yet",
    )
    gpt, qwen = golden_result.pricing.a, golden_result.pricing.b
    assert len(gpt.routes) == 6
    assert [r.provider_name for r in gpt.routes if r.is_cheapest] == ["Replicate API"]
    assert gpt.routes[0].is_first_party  # the model's own organization first
    assert gpt.routes[-1].input_price_display == "Not sourced"
    assert (qwen.routes, qwen.message) == ((), "No route tracked for Qwen3.5-4B.")


def test_golden_capability_matrix(golden_result):
    matrix = [(row.label, row.a.text, row.b.text) for row in golden_result.capabilities]
    assert matrix == [
        ("Vision", "Yes", "Yes"),
        ("Multimodal input", "Yes", "Yes"),
        ("Reasoning", "No", "No"),
        ("Function calling", "Yes", "No"),
        ("Tool use", "Yes", "No"),
        ("Structured outputs", "Yes", "No"),
        ("Code execution", "Yes", "No"),
        ("IDE integration", "No", "No"),
        ("Computer use", "No", "No"),
        ("Parallel agents", "No", "No"),
    ]
    assert golden_result.capabilities[0].b.source.key == "qwen3-5-4b-model-card"


@pytest.mark.parametrize(
    ("question", "answer_parts"),
    [
        ("Which has a larger context window", ["Qwen3.5-4B supports 262k", "128k"]),
        ("open source", ["Proprietary", "Apache 2.0, an OSI-approved license"]),
        ("for vision", ["Both GPT-4 Turbo and Qwen3.5-4B support vision"]),
        (
            "for multimodal input",
            ["Both GPT-4 Turbo and Qwen3.5-4B support multimodal"],
        ),
        (
            "for function calling",
            ["GPT-4 Turbo supports function calling; Qwen3.5-4B does not"],
        ),
        (
            "Where can I run",
            [
                "Azure OpenAI, OpenAI API, OpenRouter, Replicate API, and Salesforce",
                "Qwen3.5-4B has no tracked providers yet",
            ],
        ),
        (
            "cheaper at my traffic",
            [
                "$15,500 a month at list price (OpenAI API)",
                "$7,750 on its cheapest trusted route (Replicate API)",
                "unavailable",
            ],
        ),
        ("benchmarks", ["Qwen3.5-4B scores higher on MMLU-Pro"]),
    ],
)
def test_golden_faq(golden_result, question, answer_parts):
    (item,) = [item for item in golden_result.faq if question in item.question]
    for part in answer_parts:
        assert part in item.answer


def test_golden_intro_describes_models_truthfully(golden_result):
    assert golden_result.intro.title == "GPT-4 Turbo vs Qwen3.5-4B"
    first = golden_result.intro.paragraphs[0]
    for fact in (
        "GPT-4 Turbo is a 2024 release from OpenAI, and Qwen3.5-4B is a 2026 "
        "release from Alibaba (Qwen).",
        "GPT-4 Turbo is very large (an estimated 1.76T parameters)",
        "128k-token context window",
        "262k-token context window",
    ):
        assert fact in first


def test_golden_review_date_and_sources(golden_result):
    review = golden_result.review
    assert review.last_reviewed == GOLDEN_REVIEWED
    assert review.text == "Last reviewed 2026-05-22 (187 days ago)."
    keys = [source.key for source in review.sources]
    assert len(keys) == len(set(keys)) == 8
    assert review.sources_text.startswith("Data sourced from OpenAI, Microsoft,")


SEED_DEFECTS = (
    "compact",
    "1 rows",
    "Providers | - |",
    "Cheapest output: -",
    "*",
    " pts",
    "MMLU PRO",
)


def test_golden_repeats_none_of_the_seed_defects(golden_result):
    for text in strings(golden_result.to_dict()):
        for defect in SEED_DEFECTS:
            assert defect not in text, (defect, text)
        assert text.strip() not in {"-", "—"}, "a dash standing for unknown"


def test_golden_bullets_and_questions_each_appear_once(golden_result):
    for texts in (
        [b.text for b in golden_result.tradeoffs],
        [b.text for b in golden_result.switch_friction],
        [item.question for item in golden_result.faq],
    ):
        assert len(texts) == len(set(texts))


def test_golden_switch_friction_has_no_bullet_mirrored_with_names_swapped(
    golden_result,
):
    texts = {bullet.text for bullet in golden_result.switch_friction}
    for text in texts:
        swapped = (
            text.replace("GPT-4 Turbo", "\0")
            .replace("Qwen3.5-4B", "GPT-4 Turbo")
            .replace("\0", "Qwen3.5-4B")
        )
        assert swapped == text or swapped not in texts


def test_comparison_serializes_to_plain_values(golden_result):
    data = golden_result.to_dict()
    assert data == dataclasses.asdict(golden_result)
    assert data["costs"]["a"]["monthly_cost"] == Decimal(7750)
    json.dumps(data, default=str)


# Symmetry and determinism ------------------------------------------------------

PAIRS = {
    "golden": (gpt_4_turbo(), qwen3_5_4b()),
    "no shared data": (
        model("m-one", context_window=8_000),
        model("m-two", routes=(route("Host", "1", "2"),)),
    ),
    "cheaper but fewer capabilities": (
        gpt_4_turbo(),
        qwen3_5_4b(routes=(route("Together", "0.1", "0.2"),), open_weights=Tri.NO),
    ),
}


@pytest.mark.parametrize("pair", PAIRS.values(), ids=PAIRS.keys())
def test_swapping_models_mirrors_the_result(pair):
    first, second = pair
    forward, backward = compare(first, second), compare(second, first)
    assert forward.verdict.pick_slug == backward.verdict.pick_slug
    assert forward.verdict.computed_sentence == backward.verdict.computed_sentence
    assert winners(forward) == winners(backward)
    assert (forward.verdict.score_a, forward.verdict.score_b) == (
        backward.verdict.score_b,
        backward.verdict.score_a,
    )
    assert forward.costs.a == backward.costs.b
    assert forward.path_slug == backward.path_slug
    assert {link.path_slug for link in forward.related.links} == {
        link.path_slug for link in backward.related.links
    }


def test_identical_inputs_give_identical_output():
    first = compare(gpt_4_turbo(), qwen3_5_4b(), curated=GOLDEN_CURATED)
    second = compare(gpt_4_turbo(), qwen3_5_4b(), curated=GOLDEN_CURATED)
    assert first == second
    assert json.dumps(first.to_dict(), default=str) == json.dumps(
        second.to_dict(), default=str
    )


def test_canonical_pair_sorts_slugs():
    assert canonical_pair("qwen3-5-4b", "gpt-4-turbo") == ("gpt-4-turbo", "qwen3-5-4b")
    assert canonical_pair("gpt-4-turbo", "qwen3-5-4b") == ("gpt-4-turbo", "qwen3-5-4b")


def test_compare_rejects_a_model_with_itself_and_unknown_priorities():
    with pytest.raises(ValueError, match="itself"):
        compare(gpt_4_turbo(), gpt_4_turbo())
    with pytest.raises(ValueError, match="speed"):
        compare(gpt_4_turbo(), qwen3_5_4b(), priorities=("speed",))


# Verdict -----------------------------------------------------------------------


def test_priorities_change_weights_and_can_flip_the_pick():
    comparison = compare(gpt_4_turbo(), qwen3_5_4b(), priorities=("capabilities",))
    verdict = comparison.verdict
    assert verdict.priorities == ("capabilities",)
    assert "coding workflow 6 (priority)" in verdict.weights_text
    assert verdict.pick_slug == "gpt-4-turbo"
    assert verdict.sentence.startswith(
        "GPT-4 Turbo is safer overall; choose Qwen3.5-4B"
    )


def test_priority_on_a_dimension_without_data_changes_nothing_but_is_stated():
    verdict = compare(gpt_4_turbo(), qwen3_5_4b(), priorities=("cost",)).verdict
    assert verdict.pick_slug == "qwen3-5-4b"
    cost = {d.key: d for d in verdict.dimensions}["cost"]
    assert (cost.weight, cost.is_priority, cost.winner) == (6, True, None)


def test_curated_override_is_shown_and_computed_sentence_kept():
    curated = CuratedLayer(verdict_override="Pick by workload.", editor_notes="Hi.")
    comparison = compare(gpt_4_turbo(), qwen3_5_4b(), curated=curated)
    assert comparison.verdict.sentence == "Pick by workload."
    assert comparison.verdict.is_override
    assert comparison.verdict.computed_sentence.startswith("Qwen3.5-4B is safer")
    assert comparison.review.editor_notes == "Hi."


def test_equal_models_give_an_honest_tie():
    twin = {
        "context_window": 128_000,
        "routes": (route("Host", "1", "2"),),
        "results": (result("mmlu-pro", "80"),),
        "capabilities": capabilities("function_calling"),
        "license_name": "MIT",
        "open_weights": Tri.YES,
    }
    comparison = compare(model("twin-a", **twin), model("twin-b", **twin))
    verdict = comparison.verdict
    assert verdict.is_tie and verdict.pick is None
    assert verdict.sentence.startswith("Neither is safer overall: no dimension")
    assert all(d.winner is None for d in verdict.dimensions)
    (shared,) = comparison.benchmarks.shared
    assert shared.leader is None and shared.lead_text == "Tied at 80.0"
    assert (
        comparison.costs.delta.sentence
        == "No cost delta at list price: $1,200 a month each."
    )


def test_equal_totals_with_split_wins_name_both_choices():
    first = model("split-a", context_window=200_000)
    second = model(
        "split-b", context_window=100_000, license_name="MIT", open_weights=Tri.YES
    )
    first = dataclasses.replace(first, license_name="Proprietary", open_weights=Tri.NO)
    verdict = compare(first, second).verdict
    assert verdict.is_tie
    assert verdict.sentence == (
        "No shared benchmark, so quality is not compared; neither is safer "
        "overall; choose Split A when a longer context window matters and Split B "
        "when open weights and licensing matter."
    )


def test_a_license_name_ending_in_license_is_not_followed_by_license_again():
    first = model(
        "m-one", license_name="Llama 3.1 Community License", open_weights=Tri.YES
    )
    second = model("m-two", license_name="DeepSeek Model LICENCE", open_weights=Tri.YES)
    third = model("m-three", license_name="MIT", open_weights=Tri.YES)
    openness = {d.key: d for d in compare(first, second).verdict.dimensions}["openness"]
    assert openness.reason == (
        "M One: open weights, Llama 3.1 Community License; "
        "M Two: open weights, DeepSeek Model LICENCE"
    )
    openness = {d.key: d for d in compare(first, third).verdict.dimensions}["openness"]
    assert "M Three: open weights, MIT license" in openness.reason


# Edge cases --------------------------------------------------------------------


def test_no_shared_benchmarks_is_said_and_decides_nothing():
    first = model("m-one", results=(result("gpqa", "50"),))
    second = model("m-two", results=(result("mmlu", "70"),))
    comparison = compare(first, second)
    quality = comparison.verdict.dimensions[0]
    assert (quality.winner, quality.has_data) == (None, False)
    assert quality.reason == "No shared benchmarks"
    assert comparison.benchmarks.shared == ()
    assert [r.slug for r in comparison.benchmarks.a_only] == ["gpqa"]
    assert [r.slug for r in comparison.benchmarks.b_only] == ["mmlu"]
    assert "They share no benchmark in the catalog." in comparison.intro.paragraphs[0]
    row = {r.key: r for r in comparison.scorecard}["shared_benchmarks"]
    assert row.a.text == "No shared benchmarks" and row.a.is_unknown


def test_no_routes_on_either_side():
    comparison = compare(model("m-one"), model("m-two"))
    assert (
        comparison.costs.a.reason
        == comparison.costs.b.reason
        == "No route tracked, so no sourced input and output price"
    )
    assert comparison.costs.delta.sentence.startswith(
        "Cost delta unavailable: M One and M Two have no list price"
    )
    availability = {d.key: d for d in comparison.verdict.dimensions}["availability"]
    assert (availability.winner, availability.has_data) == (None, False)
    assert comparison.switch_friction[0].text == (
        "M One and M Two have no tracked provider route; plan for SDK, billing, or "
        "endpoint changes."
    )
    assert comparison.pricing.a.message == "No route tracked for M One."
    where = next(item for item in comparison.faq if item.question.startswith("Where"))
    assert where.answer.count("no tracked providers yet") == 2


def test_free_tier_next_to_unsourced_price_is_not_a_production_cost():
    routes = (
        route("GitHub Models", "0", "0"),
        route("Mystery Cloud", None, "3"),
    )
    cost = estimate_model_cost(model("m-one", routes=routes), TrafficProfile())
    free, unsourced = cost.routes
    assert (free.monthly_cost, free.monthly_cost_display) == (
        Decimal(0),
        "Free (rate limits apply)",
    )
    assert free.is_free_tier and not free.is_eligible
    assert unsourced.monthly_cost is None
    assert unsourced.unavailable_reason == "No sourced input price"
    assert cost.monthly_cost is None
    assert cost.reason.startswith("Only free tiers (rate limits apply) are priced")

    with_free = estimate_model_cost(
        model("m-one", routes=routes), TrafficProfile(include_free_tiers=True)
    )
    assert (with_free.monthly_cost, with_free.monthly_cost_display) == (0, "$0")
    assert with_free.cheapest_provider_name == "GitHub Models"
    assert with_free.notes == ("Free tier: rate limits apply.",)


def test_unknown_capabilities_are_not_no():
    first = model("m-one", capabilities=capabilities("function_calling", "vision"))
    second = model("m-two")  # no capability data at all
    comparison = compare(first, second)
    row = {r.key: r for r in comparison.capabilities}["function_calling"]
    assert (row.a.value, row.b.value) == (Tri.YES, Tri.UNKNOWN)
    assert row.b.text == "Unknown"
    assert not any("Only M One supports" in b.text for b in comparison.tradeoffs)
    capability = {d.key: d for d in comparison.verdict.dimensions}["capabilities"]
    assert (capability.winner, capability.has_data) == (None, False)
    assert any(
        "confirm M Two supports vision and function calling" in b.text
        for b in comparison.switch_friction
    )
    vision = next(item for item in comparison.faq if "vision" in item.question)
    assert vision.answer.startswith(
        "M One supports vision; M Two's support is not sourced"
    )


def test_partly_unknown_capabilities_count_only_known_gaps():
    first = model("m-one", capabilities=capabilities("function_calling", "tool_use"))
    second = model(
        "m-two",
        capabilities=(
            CapabilityFacts("function_calling", Tri.NO),
            CapabilityFacts("tool_use", Tri.UNKNOWN),
        ),
    )
    capability = {d.key: d for d in compare(first, second).verdict.dimensions}[
        "capabilities"
    ]
    assert capability.winner_slug == "m-one"
    assert capability.margin == "1 to 0"
    assert "tool use" in capability.reason and "unknown for M Two" in capability.reason


def test_same_organization_is_said_once():
    first = model("gpt-a", organization_slug="openai", organization_name="OpenAI")
    second = model("gpt-b", organization_slug="openai", organization_name="OpenAI")
    comparison = compare(first, second)
    assert comparison.intro.paragraphs[0].startswith(
        "Gpt A and Gpt B both come from OpenAI: Gpt A is a model of unsourced date,"
    )


def test_size_descriptor_follows_parameter_count_or_is_left_out():
    small = model("m-one", parameter_count=4_000_000_000)
    unknown = model("m-two")
    first = compare(small, unknown).intro.paragraphs[0]
    assert (
        "M One is small (4B parameters); M Two's parameter count is not in the catalog."
        in first
    )
    assert (
        "By parameter count"
        not in compare(unknown, model("m-three")).intro.paragraphs[0]
    )


def test_benchmarks_prefer_independent_results_when_both_sides_have_them():
    first = model(
        "m-one",
        results=(
            result("gpqa", "70", provenance="self_reported"),
            result("gpqa", "55", provenance="independent", is_primary=False),
        ),
    )
    second = model("m-two", results=(result("gpqa", "60", provenance="independent"),))
    (shared,) = compare(first, second).benchmarks.shared
    assert (shared.a.value, shared.b.value) == (Decimal(55), Decimal(60))
    assert shared.provenance_text == "Independent for both"
    assert shared.leader_slug == "m-two"


def test_benchmarks_with_mixed_provenance_say_so():
    first = model("m-one", results=(result("gpqa", "70", provenance="self_reported"),))
    second = model("m-two", results=(result("gpqa", "60", provenance="independent"),))
    (shared,) = compare(first, second).benchmarks.shared
    assert shared.provenance_text == (
        "Provenance differs: M One self-reported, M Two independent"
    )


def test_lower_is_better_benchmark_and_different_units():
    first = model(
        "m-one",
        results=(
            result("latency", "2.5", unit="seconds", higher_is_better=False),
            result("arena", "1200", unit="elo"),
        ),
    )
    second = model(
        "m-two",
        results=(
            result("latency", "3", unit="seconds", higher_is_better=False),
            result("arena", "55", unit="percent"),
        ),
    )
    shared = {s.slug: s for s in compare(first, second).benchmarks.shared}
    assert shared["latency"].leader_slug == "m-one"
    assert "lower is better" in shared["latency"].lead_text
    assert not shared["arena"].comparable and shared["arena"].leader is None


def test_faq_with_no_benchmark_lead_does_not_speak_of_wins():
    first = model("m-one", results=(result("swe", "50"), result("term", "40")))
    second = model(
        "m-two",
        results=(result("swe", "50.2"), result("term", "30", unit="elo")),
    )
    comparison = compare(first, second)
    (answer,) = [
        item.answer for item in comparison.faq if "benchmarks" in item.question
    ]
    assert answer == "Neither can be said to: no lead is claimed on SWE and TERM."
    first = model("m-one", results=(result("swe", "50"), result("term", "40")))
    second = model("m-two", results=(result("swe", "60"), result("term", "40")))
    (answer,) = [
        item.answer
        for item in compare(first, second).faq
        if "benchmarks" in item.question
    ]
    assert answer == (
        "M Two scores higher on SWE; no lead is claimed on TERM. Treat each win "
        "as a signal for workloads like the benchmark's, not a general ranking."
    )


def test_a_lead_within_the_noise_puts_the_side_ahead_first():
    first = model(
        "m-one",
        results=(
            result("arc", "0.8"),
            result("latency", "2.51", unit="seconds", higher_is_better=False),
        ),
    )
    second = model(
        "m-two",
        results=(
            result("arc", "1.3"),
            result("latency", "2.5", unit="seconds", higher_is_better=False),
        ),
    )
    shared = {s.slug: s for s in compare(first, second).benchmarks.shared}
    assert shared["arc"].no_lead_reason == "within_noise"
    assert shared["arc"].lead_text.startswith(
        "M Two is 0.5 points ahead (1.3 vs 0.8), under 1 point"
    )
    assert shared["latency"].no_lead_reason == "within_noise"
    assert shared["latency"].lead_text.startswith("M Two is ")
    assert "(2.5 vs 2.51; lower is better)" in shared["latency"].lead_text


def test_related_links_follow_the_rule_without_duplicates_or_self_pair():
    first = model(
        "m-one",
        organization_slug="org-x",
        parameter_count=70_000_000_000,
        results=(result("mmlu", "70"),),
    )
    second = model("m-two", organization_slug="org-y", context_window=128_000)
    peers = (
        PeerFacts("p-same-org", "Same Org", "org-x", "Org X"),
        PeerFacts(
            "p-size", "Size Twin", "org-z", "Org Z", parameter_count=65_000_000_000
        ),
        PeerFacts(
            "p-bench",
            "Bench Mate",
            "org-z",
            "Org Z",
            benchmark_scores=(("mmlu", Decimal(60)),),
        ),
        PeerFacts("p-ctx", "Context Twin", "org-z", "Org Z", context_window=131_072),
        PeerFacts("p-org-y", "Org Y Sibling", "org-y", "Org Y"),
        PeerFacts("p-curated", "Curated Peer", "org-q", "Org Q"),
        PeerFacts("m-two", "M Two", "org-y", "Org Y"),  # the pair itself
    )
    related = compare(
        first,
        second,
        peers=peers,
        curated_pairs=(("p-curated", "m-two"), ("m-one", "m-two"), ("x", "y")),
    ).related
    pairs = [(link.slug_a, link.slug_b) for link in related.links]
    assert len(related.links) >= 6
    assert len(pairs) == len(set(pairs))
    assert ("m-one", "m-two") not in pairs
    assert all(a < b for a, b in pairs)
    assert (
        related.links[0].is_curated and related.links[0].reason == "curated comparison"
    )
    reasons = {link.path_slug: link.reason for link in related.links}
    assert reasons["m-one-vs-p-same-org"] == "same organization"
    assert reasons["m-one-vs-p-size"] == "similar size"
    assert reasons["m-one-vs-p-bench"] == "1 shared benchmark"
    assert reasons["m-two-vs-p-org-y"] == "same organization"
    assert reasons["m-two-vs-p-ctx"] == "similar context window"
    assert related.rule.startswith("Curated comparisons that include either model")


def test_related_links_rank_rivals_before_the_same_organizations_older_models():
    released = dt.date(2026, 3, 1)
    first = model(
        "flagship",
        organization_slug="lab-a",
        release_date=released,
        routes=(route("Lab A", "3", "15"),),
    )
    second = model("other", organization_slug="lab-z", release_date=dt.date(2020, 1, 1))

    def peer(slug, organization, days_before, price, **kwargs):
        return PeerFacts(
            slug,
            slug.title(),
            organization,
            organization.title(),
            cheapest_output_price=Decimal(price),
            release_date=released - dt.timedelta(days=days_before),
            **kwargs,
        )

    peers = (
        peer("a-older-1", "lab-a", 900, "15"),
        peer("a-older-2", "lab-a", 700, "12"),
        peer("b-rival", "lab-b", 60, "14"),
        peer("c-rival", "lab-c", 200, "10"),
        peer("b-old", "lab-b", 800, "15"),  # another generation
        peer("d-cheap", "lab-d", 30, "0.6"),  # another price band
        peer("e-big", "lab-e", 10, "15", parameter_count=10**12),
    )
    related = compare(first, second, peers=peers).related
    mine = [
        (link.slug_b if link.slug_a == "flagship" else link.slug_a, link.reason)
        for link in related.links
        if "flagship" in (link.slug_a, link.slug_b)
    ]
    # Closest in price first; size unknown on one side is no bar.
    assert mine[:4] == [
        ("e-big", "rival: same generation, similar price"),
        ("b-rival", "rival: same generation, similar price"),
        ("c-rival", "rival: same generation, similar price"),
        ("a-older-1", "same organization"),
    ]
    assert "rivals: other organizations' models" in related.rule


def test_warnings_flag_deprecated_and_stale_routes():
    routes = (
        route("Old Host", "1", "2", lifecycle="deprecated"),
        route("Gone Host", "0.1", "0.1", lifecycle="retired"),
        route("Slow Host", "1", "2", last_verified=dt.date(2024, 1, 1)),
    )
    comparison = compare(
        model("m-one", routes=routes, lifecycle_status="deprecated"), model("m-two")
    )
    assert comparison.warnings == (
        "M One is deprecated: its routes are left out of the list price, the "
        "cheapest route and the verdict unless you include them.",
        "M One's route Old Host/model on Old Host is deprecated.",
        "M One's route Gone Host/model on Gone Host is retired.",
        "M One's route Slow Host/model on Slow Host was last checked on 2024-01-01, "
        "over a year ago.",
    )
    # A deprecated model's routes are all left out, unless the reader asks.
    assert comparison.costs.a.cheapest_provider_name == ""
    # Said short wherever the reason is repeated; why and what to do, once.
    assert comparison.costs.a.reason == "No trusted route is priced"
    assert comparison.costs.a.notes == (
        "Every priced route is left out of the cheapest route and the verdict: "
        "M One is deprecated. Include routes left out (a traffic option) to use "
        "them.",
    )
    texts = {r.provider_name: r.doubt_text for r in comparison.costs.a.routes}
    # The model is deprecated, not the routes themselves (but Old Host's).
    assert texts["Slow Host"] == (
        "Left out of the cheapest route and the verdict: the model is deprecated."
    )
    assert (
        texts["Old Host"]
        == "Left out of the cheapest route and the verdict: deprecated."
    )
    page = " ".join(strings(comparison.to_dict()))
    assert page.count("Include routes left out") == 1
    prices = {row.key: row.a.text for row in comparison.pricing.rows}
    assert prices["input_price"] == "No cheapest route (no trusted route is priced)"
    included = compare(
        model("m-one", routes=routes, lifecycle_status="deprecated"),
        model("m-two"),
        profile=TrafficProfile(include_untrusted=True),
    )
    assert included.costs.a.cheapest_provider_name == "Old Host"


def test_warnings_count_many_stale_routes_in_one_sentence():
    routes = tuple(
        route(f"Host {n}", "1", "2", last_verified=dt.date(2024, n, 1))
        for n in (3, 1, 2)
    ) + (
        route("Fresh", "1", "2", last_verified=dt.date(2026, 11, 1)),
        route(
            "Reviewed",
            "1",
            "2",
            last_verified=dt.date(2024, 1, 1),
            last_reviewed=dt.date(2026, 10, 1),
        ),
    )

    warnings = compare(model("m-one", routes=routes), model("m-two")).warnings

    assert warnings == (
        "3 of M One's 5 routes were last checked by their source or reviewed over "
        "a year ago (the oldest on 2024-01-01).",
    )


@pytest.mark.parametrize(
    ("verified", "reviewed", "expected"),
    [
        (dt.date(2026, 7, 30), None, ("checked", dt.date(2026, 7, 30), "genai-prices")),
        (
            dt.date(2026, 7, 30),
            dt.date(2026, 5, 22),
            ("checked", dt.date(2026, 7, 30), "genai-prices"),
        ),
        (
            dt.date(2026, 4, 1),
            dt.date(2026, 5, 22),
            ("reviewed", dt.date(2026, 5, 22), ""),
        ),
        (None, dt.date(2026, 5, 22), ("reviewed", dt.date(2026, 5, 22), "")),
        (None, None, ("checked", None, "")),
    ],
)
def test_price_routes_say_whether_a_source_or_an_editor_checked_last(
    verified, reviewed, expected
):
    source = SourceRef(key="genai-prices", title="genai-prices", url="https://e.com")
    host = route(
        "Host", "1", "2", source=source, last_verified=verified, last_reviewed=reviewed
    )

    (priced,) = compare(model("m-one", routes=(host,)), model("m-two")).pricing.a.routes

    assert (priced.check_kind, priced.checked_on, priced.checked_by) == expected


def test_review_falls_back_to_models_then_says_not_reviewed():
    older = model("m-one", last_reviewed=dt.date(2026, 1, 1))
    newer = model("m-two", last_reviewed=dt.date(2026, 3, 1))
    assert compare(older, newer).review.last_reviewed == dt.date(2026, 1, 1)
    review = compare(model("m-one"), model("m-two")).review
    assert (review.last_reviewed, review.text) == (
        None,
        "Not yet reviewed by an editor.",
    )


def test_review_is_not_reviewed_while_either_model_is_not():
    # The page is as reviewed as its less reviewed model: one model's date
    # says nothing about the other's figures.
    reviewed = model("m-one", last_reviewed=dt.date(2026, 1, 1))
    for a, b in ((reviewed, model("m-two")), (model("m-two"), reviewed)):
        review = compare(a, b).review
        assert (review.last_reviewed, review.text) == (
            None,
            "Not yet reviewed: an editor has not reviewed M Two's figures.",
        )


def test_curated_review_date_stands_when_a_model_is_not_reviewed():
    curated = CuratedLayer(last_reviewed=dt.date(2026, 4, 1), reviewed_by="Ed")
    review = compare(
        model("m-one", last_reviewed=dt.date(2026, 1, 1)),
        model("m-two"),
        curated=curated,
    ).review
    assert review.last_reviewed == dt.date(2026, 4, 1)
    assert review.text.startswith("Last reviewed 2026-04-01")


def test_review_credits_bare_urls_to_their_host_once():
    first = model(
        "m-one", results=(result("gpqa", "50", source_url="https://www.example.org/a"),)
    )
    second = model(
        "m-two", results=(result("gpqa", "60", source_url="https://example.org/b"),)
    )
    review = compare(first, second).review
    assert [(s.key, s.url) for s in review.sources] == [
        ("example.org", "https://www.example.org/a")
    ]
    assert review.sources_text == "Data sourced from example.org."


def test_review_lists_attribution_for_sources_that_require_it():
    llm_stats = SourceRef(
        "llmstats",
        "LLM Stats open data",
        "https://llm-stats.com/",
        publisher="LLM Stats",
        license="CC BY 4.0",
        requires_attribution=True,
        attribution="LLM Stats (llm-stats.com)",
    )
    epoch = SourceRef(
        "epoch",
        "AI Benchmarking Hub",
        "https://epoch.ai/benchmarks",
        publisher="Epoch AI",
        license="CC BY 4.0",
        requires_attribution=True,
    )
    first = model("m-one", results=(result("gpqa", "50", source=epoch),))
    second = model("m-two", results=(result("gpqa", "60", source=llm_stats),))
    review = compare(first, second).review
    assert review.attributions == (
        "Epoch AI, AI Benchmarking Hub",
        "LLM Stats (llm-stats.com)",
    )


# Cost model --------------------------------------------------------------------


def cost_of(route_facts: RouteFacts, **profile) -> Decimal | None:
    return estimate_route_cost(route_facts, TrafficProfile(**profile)).monthly_cost


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        # 10**12 requests x (10**7 x $5 + 10**7 x $15) / 1M
        (
            {
                "requests_per_month": 10**12,
                "input_tokens": 10**7,
                "output_tokens": 10**7,
            },
            Decimal(200 * 10**12),
        ),
        (
            {"requests_per_month": 1, "input_tokens": 1, "output_tokens": 1},
            Decimal("0.00002"),
        ),
    ],
    ids=["huge", "minimal"],
)
def test_cost_is_exact_at_extreme_traffic(profile, expected):
    assert cost_of(route("Host", "5", "15"), **profile) == expected


def test_cost_display_at_extremes():
    huge = estimate_route_cost(
        route("Host", "5", "15"),
        TrafficProfile(10**12, 10**7, 10**7),
    )
    assert huge.monthly_cost_display == "$200,000,000,000,000"
    tiny = estimate_route_cost(route("Host", "5", "15"), TrafficProfile(1, 1, 1))
    assert tiny.monthly_cost_display == "under $0.01"


LONG_CONTEXT = route(
    "Gemini API",
    "1.25",
    "10",
    long_context_threshold=200_000,
    long_context_input_price=Decimal("2.5"),
    long_context_output_price=Decimal("15"),
)


@pytest.mark.parametrize(
    ("input_tokens", "expected", "tier"),
    [
        (200_000, Decimal("251"), False),  # 1000 x (200k x 1.25 + 100 x 10) / 1M
        (200_001, Decimal("501.5025"), True),  # the whole request pays 2.5 and 15
    ],
)
def test_long_context_tier_is_a_cliff(input_tokens, expected, tier):
    cost = estimate_route_cost(LONG_CONTEXT, TrafficProfile(1_000, input_tokens, 100))
    assert cost.monthly_cost == expected
    assert cost.long_context_tier_applied is tier
    assert any("whole request pays the tier prices" in n for n in cost.notes) is tier


def test_long_context_tier_without_tier_price_is_unavailable():
    unpriced = dataclasses.replace(LONG_CONTEXT, long_context_output_price=None)
    cost = estimate_route_cost(unpriced, TrafficProfile(1_000, 300_000, 100))
    assert cost.monthly_cost is None
    assert cost.unavailable_reason == (
        "300,000 input tokens exceed the 200k-token long-context threshold, and no "
        "long-context price is sourced"
    )
    model_cost = estimate_model_cost(
        model("m-one", routes=(unpriced,)), TrafficProfile(1_000, 300_000, 100)
    )
    assert model_cost.reason.endswith("on any tracked route")


@pytest.mark.parametrize(
    ("cache_read_price", "expected", "note"),
    [
        # 1M x 1000 x (0.5 x $2 + 0.5 x $0.2) / 1M
        (Decimal("0.2"), Decimal("1100"), False),
        (None, Decimal("2000"), True),  # cached tokens pay the full input price
    ],
)
def test_cached_share_uses_cache_price_or_says_it_cannot(
    cache_read_price, expected, note
):
    cached = route("Host", "2", "0", cache_read_price=cache_read_price)
    cost = estimate_route_cost(
        cached, TrafficProfile(1_000_000, 1_000, 1, cached_share=Decimal("0.5"))
    )
    assert cost.monthly_cost == expected
    assert any("no cache-read price is sourced" in n for n in cost.notes) is note


@pytest.mark.parametrize(
    ("batch_prices", "expected", "note"),
    [
        # 1M x half at (100 x $2 + 10 x $8) and half at (100 x $1 + 10 x $4), / 1M
        ((Decimal(1), Decimal(4)), Decimal("210"), False),
        ((None, None), Decimal("280"), True),  # batch pays standard prices
        ((Decimal(1), None), Decimal("280"), True),
    ],
)
def test_batch_share_uses_batch_prices_or_says_it_cannot(batch_prices, expected, note):
    batch_input, batch_output = batch_prices
    batched = route(
        "Host", "2", "8", batch_input_price=batch_input, batch_output_price=batch_output
    )
    cost = estimate_route_cost(
        batched, TrafficProfile(1_000_000, 100, 10, batch_share=Decimal("0.5"))
    )
    assert cost.monthly_cost == expected
    assert any("no batch price is sourced" in n for n in cost.notes) is note


def test_no_cache_or_batch_notes_when_the_profile_uses_neither():
    assert estimate_route_cost(route("Host", "2", "8"), TrafficProfile()).notes == ()


def test_cheapest_route_is_lowest_total_not_lowest_input_price():
    routes = (route("Cheap Input", "1", "10"), route("Balanced", "3", "3"))
    cost = estimate_model_cost(model("m-one", routes=routes), TrafficProfile())
    assert cost.cheapest_provider_name == "Balanced"


@pytest.mark.parametrize(
    ("routes", "expected"),
    [
        (
            (
                route("Beta Host", "1", "1"),
                route("Own API", "1", "1", is_first_party=True),
            ),
            ("Own API", "Own API/model"),
        ),
        (
            (route("Beta Host", "1", "1"), route("Alpha Host", "1", "1")),
            ("Alpha Host", "Alpha Host/model"),
        ),
        (
            (
                route("Host", "1", "1", identifier="model-b"),
                route("Host", "1", "1", identifier="model-a"),
            ),
            ("Host", "model-a"),
        ),
    ],
    ids=["first-party", "provider-name", "identifier"],
)
def test_cheapest_route_tie_break(routes, expected):
    cost = estimate_model_cost(model("m-one", routes=routes), TrafficProfile())
    assert (cost.cheapest_provider_name, cost.cheapest_identifier) == expected
    assert sum(r.is_cheapest for r in cost.routes) == 1


def test_retired_route_is_never_cheapest():
    routes = (
        route("Gone", "0.01", "0.01", lifecycle="retired"),
        route("Live", "1", "1"),
    )
    cost = estimate_model_cost(model("m-one", routes=routes), TrafficProfile())
    assert cost.cheapest_provider_name == "Live"
    assert "Retired route: never taken as the cheapest." in cost.routes[0].notes


def test_cost_delta_when_both_known():
    first = model("m-one", routes=(route("Host", "1", "1"),))
    second = model("m-two", routes=(route("Host", "2", "3"),))
    delta = compare(first, second).costs.delta
    assert delta.cheaper_slug == "m-one"
    # $850 vs $2,050 a month at the default profile.
    assert (delta.difference, delta.difference_display) == (Decimal(1200), "$1,200")
    assert delta.ratio_display == "2.4x"
    assert delta.sentence == (
        "At list price, M One costs $1,200 less a month than M Two at this "
        "traffic; M Two costs 2.4x as much."
    )


# Reader input ------------------------------------------------------------------

HOSTILE = [
    "abc",
    "-1",
    "1e400",
    "1e999",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    "１２",
    "12\x00",
    "\x00",
    "9" * 10_000,
    "1_000",
    "1.5.5",
    " ",
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("field", "attribute"),
    [
        ("requests", "requests_per_month"),
        ("input_tokens", "input_tokens"),
        ("output_tokens", "output_tokens"),
        ("cached_share", "cached_share"),
        ("batch_share", "batch_share"),
        ("include_free", "include_free_tiers"),
    ],
)
def test_parse_traffic_profile_rejects_hostile_values_with_a_message(
    field, attribute, value
):
    profile, errors = parse_traffic_profile({field: value})
    assert getattr(profile, attribute) == getattr(TrafficProfile(), attribute)
    assert len(errors) == 1
    assert "\x00" not in errors[0] and len(errors[0]) < 200


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"requests": "0"},
            "Requests per month must be a whole number from 1 to 1,000,000,000,000; using 1,000,000.",
        ),
        (
            {"requests": "1000000000001"},
            "Requests per month must be a whole number from 1 to 1,000,000,000,000; using 1,000,000.",
        ),
        (
            {"input_tokens": "10000001"},
            "Input tokens per request must be a whole number from 1 to 10,000,000; using 500.",
        ),
        ({"output_tokens": ""}, "Output tokens per request is empty; using 350."),
        (
            {"cached_share": "1.5"},
            "Cached input share must be a number from 0 to 1 with at most 6 decimals (0.25 is 25%); using 0%.",
        ),
        ({"include_free": "maybe"}, "Include free tiers must be on or off; using off."),
        (
            {"preset": "nope"},
            "Unknown traffic preset; choose chat-assistant, rag, agent, or batch-summarisation. Using the default profile.",
        ),
    ],
)
def test_parse_traffic_profile_messages(params, expected):
    assert parse_traffic_profile(params)[1] == (expected,)


def test_parse_traffic_profile_accepts_valid_values_and_lists():
    profile, errors = parse_traffic_profile(
        {
            "requests": ["5", "1,000,000,000,000"],  # QueryDict style: the last wins
            "input_tokens": " 10000000 ",
            "output_tokens": "1",
            "cached_share": ".25",
            "batch_share": "1",
            "include_free": "on",
        }
    )
    assert errors == ()
    assert profile == TrafficProfile(
        10**12, 10**7, 1, Decimal("0.25"), Decimal(1), include_free_tiers=True
    )


def test_parse_traffic_profile_explicit_fields_override_the_preset():
    profile, errors = parse_traffic_profile(
        {"preset": "batch-summarisation", "requests": "42", "input_tokens": "oops"}
    )
    preset = {p.slug: p.profile for p in TRAFFIC_PRESETS}["batch-summarisation"]
    assert profile == dataclasses.replace(preset, requests_per_month=42)
    assert errors == (
        "Input tokens per request must be a whole number from 1 to 10,000,000; "
        "using 8,000.",
    )


def test_parse_traffic_profile_with_nothing_gives_the_default():
    assert parse_traffic_profile({}) == (TrafficProfile(), ())
    assert parse_traffic_profile({"requests": []}) == (TrafficProfile(), ())


def test_traffic_presets_are_complete_and_distinct():
    slugs = [preset.slug for preset in TRAFFIC_PRESETS]
    assert slugs == ["chat-assistant", "rag", "agent", "batch-summarisation"]
    assert len({preset.profile for preset in TRAFFIC_PRESETS}) == 4


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (None, ((), ())),
        ([], ((), ())),
        (["cost", "quality"], (("cost", "quality"), ())),
        ("cost,quality", (("cost", "quality"), ())),
        (["cost", "COST", " cost "], (("cost",), ())),
        (
            ["cost", "speed"],
            (
                ("cost",),
                (
                    'Ignored 1 unknown priority ("speed"); choose from quality, context, '
                    "cost, capabilities, availability, or openness.",
                ),
            ),
        ),
        (
            ["\x00", "9" * 10_000, "speed", "speed"],
            (
                (),
                (
                    'Ignored 3 unknown priorities ("speed"); choose from quality, context, '
                    "cost, capabilities, availability, or openness.",
                ),
            ),
        ),
    ],
)
def test_parse_priorities(values, expected):
    assert parse_priorities(values) == expected


def test_every_priority_key_is_a_dimension():
    assert PRIORITY_KEYS == (
        "quality",
        "context",
        "cost",
        "capabilities",
        "availability",
        "openness",
    )


# Purity ------------------------------------------------------------------------


def test_engine_imports_nothing_from_django():
    formatting = ENGINE_DIR.parent / "catalog" / "formatting.py"
    modules = sorted((ENGINE_DIR / "engine").glob("*.py"))
    assert ENGINE_DIR / "engine" / "__init__.py" in modules
    assert len(modules) > 10, modules
    for path in (*modules, formatting):
        assert not re.search(r"^\s*(from|import)\s+django", path.read_text(), re.M)
    names = ", ".join(
        f"comparisons.engine.{path.stem}" for path in modules if path.stem != "__init__"
    )
    code = (
        f"import sys, comparisons.engine, {names}; "
        "assert not [m for m in sys.modules if m.startswith('django')]"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=ENGINE_DIR.parent, timeout=60
    )


def test_golden_fixture_matches_mmlu_pro_helper():
    assert mmlu_pro("69.4").score == Decimal("69.4")


def test_a_long_provider_list_names_six_and_counts_the_rest():
    # The FAQ, switch friction and pricing table name at most six providers,
    # the lab's own and the clouds first; the route tables list every one.
    hosts = [route(f"Host {n:02}", "1", "2") for n in range(1, 10)]
    own = route("Lab API", "1", "2", provider_kind="first_party", is_first_party=True)
    cloud = route("Zeta Cloud", "1", "2", provider_kind="cloud")
    routes = (*hosts, own, cloud)
    comparison = compare(model("m-one", routes=routes), model("m-two", routes=routes))
    expected = (
        "Lab API, Zeta Cloud, Host 01, Host 02, Host 03, Host 04, and 5 other providers"
    )
    assert f"Both run on {expected}," in comparison.switch_friction[0].text
    faq = " ".join(item.answer for item in comparison.faq)
    assert f"M One is available on {expected} (11 tracked routes)." in faq
    assert {row.key: row.a.text for row in comparison.pricing.rows}[
        "providers"
    ] == expected
