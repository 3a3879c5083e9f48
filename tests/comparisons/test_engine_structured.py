"""
The engine's structured results: verdict dimensions as figures (a Decimal
margin with its unit, a reason code) beside their words, parameter problems
as data with the page's and the API's wording, and the several-model view
computing costs and leads as the pair does.
"""

import re
from decimal import Decimal

import pytest

from catalog.formatting import capitalize_first
from comparisons import engine
from comparisons.engine import (
    MARGIN_UNITS,
    PROBLEM_KINDS,
    PROFILE_PARAMETERS,
    REASON_CODES,
    CapabilityFacts,
    ParameterProblem,
    TrafficProfile,
    Tri,
    api_message,
    compare_models,
    page_message,
    parse_model_list,
    parse_priorities,
    parse_traffic_profile,
    read_model_list,
    read_priorities,
    read_traffic_profile,
    wording,
)
from tests.comparisons.golden import (
    GOLDEN_CURATED,
    GOLDEN_TODAY,
    gpt_4_turbo,
    qwen3_5_4b,
)
from tests.comparisons.test_engine import compare, model, result, route


@pytest.fixture(scope="module")
def golden_result():
    return compare(gpt_4_turbo(), qwen3_5_4b(), curated=GOLDEN_CURATED)


def dimension(comparison, key):
    (found,) = [d for d in comparison.verdict.dimensions if d.key == key]
    return found


def figures(comparison, key):
    found = dimension(comparison, key)
    return found.winner, found.margin_value, found.margin_unit, found.reason_code


# The golden pair -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "winner_slug", "value", "unit", "code"),
    [
        ("quality", "qwen3-5-4b", Decimal("9.7"), "points", "higher_score"),
        # 262,144 / 128,000 = 2.048, to two decimals; the words say "2x larger".
        ("context", "qwen3-5-4b", Decimal("2.05"), "x", "larger_window"),
        ("cost", "", None, "", "no_price"),
        (
            "capabilities",
            "gpt-4-turbo",
            Decimal(4),
            "capabilities",
            "more_capabilities",
        ),
        ("availability", "gpt-4-turbo", Decimal(5), "providers", "more_providers"),
        ("openness", "qwen3-5-4b", None, "", "more_open"),
    ],
)
def test_golden_dimensions_carry_their_margin_as_a_figure(
    golden_result, key, winner_slug, value, unit, code
):
    found = dimension(golden_result, key)
    assert found.winner_slug == winner_slug
    assert found.margin_value == value
    assert value is None or isinstance(found.margin_value, Decimal)
    assert (found.margin_unit, found.reason_code) == (unit, code)


def test_golden_figures_and_words_agree(golden_result):
    quality = dimension(golden_result, "quality")
    assert quality.margin == "9.7 points on MMLU-Pro"
    assert quality.margin_value == golden_result.benchmarks.shared[0].margin
    context = dimension(golden_result, "context")
    assert context.margin == "2x larger"
    availability = dimension(golden_result, "availability")
    assert availability.margin == "5 to 0 providers"


def test_every_dimension_gives_a_known_code_and_unit(golden_result):
    for found in golden_result.verdict.dimensions:
        assert found.reason_code in REASON_CODES[found.key]
        assert found.margin_unit in ("", *MARGIN_UNITS)
        assert (found.margin_value is None) == (found.margin_unit == "")


def test_new_fields_follow_the_existing_ones_in_the_dict(golden_result):
    (first, *_) = golden_result.to_dict()["verdict"]["dimensions"]
    assert list(first)[-3:] == ["margin_value", "margin_unit", "reason_code"]


# Factory-made pairs, one reason code at a time --------------------------------------

WORKFLOW_YES = tuple(
    CapabilityFacts(key, Tri.YES) for key in engine.WORKFLOW_CAPABILITIES
)
WORKFLOW_NO = tuple(
    CapabilityFacts(key, Tri.NO) for key in engine.WORKFLOW_CAPABILITIES
)


def test_quality_codes():
    bare = compare(model("a"), model("b"))
    assert figures(bare, "quality") == (None, None, "", "no_shared_benchmark")
    units = compare(
        model("a", results=(result("x", "50"),)),
        model("b", results=(result("x", "1200", unit="elo"),)),
    )
    assert figures(units, "quality") == (None, None, "", "no_comparable_benchmark")
    tied = compare(
        model("a", results=(result("x", "50.0"),)),
        model("b", results=(result("x", "50.0"),)),
    )
    assert figures(tied, "quality") == (None, Decimal(0), "points", "same_score")
    several = compare(
        model("a", results=(result("x", "50"), result("y", "60"), result("z", "70"))),
        model("b", results=(result("x", "40"), result("y", "61"), result("z", "65"))),
    )
    assert figures(several, "quality") == (
        "a",
        Decimal(1),
        "benchmarks",
        "more_benchmarks_led",
    )
    assert dimension(several, "quality").margin == "2 to 1"
    # The winner's count comes first whichever side wins.
    reversed_ = compare(
        model("a", results=(result("x", "40"), result("y", "61"), result("z", "65"))),
        model("b", results=(result("x", "50"), result("y", "60"), result("z", "70"))),
    )
    assert figures(reversed_, "quality")[0] == "b"
    assert dimension(reversed_, "quality").margin == "2 to 1"
    even = compare(
        model("a", results=(result("x", "50"), result("y", "60"))),
        model("b", results=(result("x", "40"), result("y", "61"))),
    )
    assert figures(even, "quality") == (
        None,
        Decimal(0),
        "benchmarks",
        "same_benchmarks_led",
    )
    assert dimension(even, "quality").margin == "1 to 1"


def test_margins_drop_the_trailing_zeros_of_a_stored_scale():
    comparison = compare(
        model("a", results=(result("x", "79.100"),), routes=(route("H", "1", "2"),)),
        model("b", results=(result("x", "69.400"),), routes=(route("H", "3", "4"),)),
    )
    assert comparison.benchmarks.shared[0].margin == Decimal("9.700")
    assert str(dimension(comparison, "quality").margin_value) == "9.7"
    assert str(dimension(comparison, "cost").margin_value) == "1700"


def test_lower_is_better_leads_by_the_smaller_score():
    comparison = compare(
        model("a", results=(result("x", "3.25", unit="ms", higher_is_better=False),)),
        model("b", results=(result("x", "5.0", unit="ms", higher_is_better=False),)),
    )
    assert figures(comparison, "quality") == (
        "a",
        Decimal("1.75"),
        "points",
        "higher_score",
    )


def test_context_codes():
    missing = compare(model("a", context_window=8192), model("b"))
    assert figures(missing, "context") == (None, None, "", "window_not_sourced")
    same = compare(model("a", context_window=8192), model("b", context_window=8192))
    assert figures(same, "context") == (None, Decimal(1), "x", "same_window")
    assert dimension(same, "context").margin == "equal"
    larger = compare(
        model("a", context_window=100_000), model("b", context_window=30_000)
    )
    assert figures(larger, "context") == ("a", Decimal("3.33"), "x", "larger_window")
    assert dimension(larger, "context").margin == "3.3x larger"


def test_cost_codes():
    neither = compare(model("a"), model("b"))
    assert figures(neither, "cost") == (None, None, "", "no_price_for_either")
    one = compare(model("a", routes=(route("Host", "1", "2"),)), model("b"))
    assert figures(one, "cost") == (None, None, "", "no_price")
    same = compare(
        model("a", routes=(route("Host", "1", "2"),)),
        model("b", routes=(route("Host", "1", "2"),)),
    )
    assert figures(same, "cost") == (None, Decimal(0), "usd_per_month", "same_cost")
    cheaper = compare(
        model("a", routes=(route("Host", "1", "2"),)),
        model("b", routes=(route("Host", "3", "4"),)),
    )
    # 1,000,000 requests x (500 x $2 + 350 x $2) per 1M tokens = $1,700 more.
    assert figures(cheaper, "cost") == (
        "a",
        Decimal(1700),
        "usd_per_month",
        "cheaper",
    )
    assert dimension(cheaper, "cost").margin_value == cheaper.costs.delta.difference
    assert dimension(cheaper, "cost").margin == "$1,700 a month less"


def test_capability_codes():
    unknown = compare(model("a", capabilities=WORKFLOW_YES), model("b"))
    assert figures(unknown, "capabilities") == (None, None, "", "no_capability_data")
    both = compare(
        model("a", capabilities=WORKFLOW_YES), model("b", capabilities=WORKFLOW_YES)
    )
    assert figures(both, "capabilities") == (
        None,
        Decimal(0),
        "capabilities",
        "no_capability_gap",
    )
    one_each = compare(
        model(
            "a",
            capabilities=(
                CapabilityFacts("tool_use", Tri.YES),
                CapabilityFacts("code_execution", Tri.NO),
            ),
        ),
        model(
            "b",
            capabilities=(
                CapabilityFacts("tool_use", Tri.NO),
                CapabilityFacts("code_execution", Tri.YES),
            ),
        ),
    )
    assert figures(one_each, "capabilities")[3] == "same_capability_count"
    more = compare(
        model("a", capabilities=WORKFLOW_YES), model("b", capabilities=WORKFLOW_NO)
    )
    assert figures(more, "capabilities") == (
        "a",
        Decimal(4),
        "capabilities",
        "more_capabilities",
    )


def test_availability_codes():
    none = compare(model("a"), model("b"))
    assert figures(none, "availability") == (None, None, "", "no_routes_for_either")
    same = compare(
        model("a", routes=(route("Host", "1", "2"),)),
        model("b", routes=(route("Host", "1", "2"),)),
    )
    assert figures(same, "availability") == (
        None,
        Decimal(0),
        "providers",
        "same_coverage",
    )
    hosts = [route(name, "1", "2") for name in ("One", "Two", "Three", "Four")]
    providers = compare(
        model("a", routes=tuple(hosts)), model("b", routes=(route("One", "1", "2"),))
    )
    assert figures(providers, "availability") == (
        "a",
        Decimal(3),
        "providers",
        "more_providers",
    )
    # Within 2 providers is within the noise: a tie, with its margin.
    close = compare(
        model("a", routes=tuple(hosts[:3])),
        model("b", routes=(route("One", "1", "2"),)),
    )
    assert figures(close, "availability") == (
        None,
        Decimal(2),
        "providers",
        "coverage_within_noise",
    )
    assert dimension(close, "availability").margin == "3 to 1 providers, within 2"
    # As many providers, more routes: the lead is counted in routes, while the
    # words keep saying the providers' count.
    routes = compare(
        model(
            "a",
            routes=tuple(
                route("One", "1", "2", identifier=f"one/{n}") for n in range(4)
            ),
        ),
        model("b", routes=(route("One", "1", "2"),)),
    )
    assert figures(routes, "availability") == ("a", Decimal(3), "routes", "more_routes")
    assert dimension(routes, "availability").margin == "1 to 1 providers"


def test_openness_codes():
    missing = compare(model("a", open_weights=Tri.YES), model("b"))
    assert figures(missing, "openness") == (None, None, "", "no_openness_data")
    same = compare(model("a", open_weights=Tri.NO), model("b", open_weights=Tri.NO))
    assert figures(same, "openness") == (None, None, "", "same_openness")
    more = compare(model("a", open_weights=Tri.YES), model("b", open_weights=Tri.NO))
    assert figures(more, "openness") == ("a", None, "", "more_open")


# Parameter problems ---------------------------------------------------------------


def api_regex(message: str) -> str:
    """What comparisons/api.py makes of a page message today, by regex."""
    message = re.sub(r"[;.] [Uu]sing .*$", ".", message)
    return capitalize_first(message.removeprefix("Ignored "))


BAD_PROFILES = [
    {"preset": "nope"},
    {"preset": "nope", "requests": "5"},
    *(
        {field: value}
        for field in PROFILE_PARAMETERS[1:]
        for value in ("", "  ", "x", "-1", "2", "99999999999999999", "0.1234567")
    ),
    {"preset": "rag", "cached_share": "7"},
    {"preset": "agent", "requests": "0", "include_free": "maybe", "batch_share": ""},
]
BAD_PRIORITIES = [
    "speed",
    "speed,price",
    ["speed", "price", "latency", "tokens"],
    ["\x00", "9" * 1000],
    ["speed", "\x00"],
    "Cost, USING",
]
BAD_MODEL_LISTS = ["x" * 500, "", "a", "a,b,c,d,e", "a,b!", "a,a"]


def all_problems():
    for params in BAD_PROFILES:
        yield from read_traffic_profile(params)[1]
    for values in BAD_PRIORITIES:
        yield from read_priorities(values)[1]
    for values in BAD_MODEL_LISTS:
        _, problem = read_model_list(values)
        if problem:
            yield problem


def test_bad_inputs_give_every_kind_of_problem():
    assert {problem.kind for problem in all_problems()} == set(PROBLEM_KINDS)


@pytest.mark.parametrize("problem", list(all_problems()), ids=repr)
def test_api_message_is_what_the_regex_made_of_the_page_message(problem):
    assert api_message(problem) == api_regex(page_message(problem))


@pytest.mark.parametrize("params", BAD_PROFILES, ids=repr)
def test_page_messages_are_the_parsers_messages(params):
    profile, problems = read_traffic_profile(params)
    assert parse_traffic_profile(params) == (
        profile,
        tuple(page_message(problem) for problem in problems),
    )
    # Each problem names its parameter, and is the problem that parameter
    # alone gives (what the API reports today, one parameter at a time).
    for problem in problems:
        _, alone = read_traffic_profile({problem.parameter: params[problem.parameter]})
        assert [api_message(found) for found in alone] == [api_message(problem)]


def test_problem_as_data():
    _, (problem,) = read_traffic_profile({"requests": "0"})
    assert problem == ParameterProblem(
        parameter="requests",
        kind="invalid",
        label="Requests per month",
        rule="a whole number from 1 to 1,000,000,000,000",
        fallback="1,000,000",
    )
    assert page_message(problem) == (
        "Requests per month must be a whole number from 1 to 1,000,000,000,000; "
        "using 1,000,000."
    )
    assert api_message(problem) == (
        "Requests per month must be a whole number from 1 to 1,000,000,000,000."
    )
    _, (preset,) = read_traffic_profile({"preset": "nope"})
    assert (preset.parameter, preset.kind, preset.fallback) == (
        "preset",
        "unknown_preset",
        "the default profile",
    )
    assert api_message(preset) == (
        "Unknown traffic preset; choose chat-assistant, rag, agent, or "
        "batch-summarisation."
    )
    _, (priority,) = read_priorities(["speed", "\x00", "speed"])
    assert (priority.parameter, priority.count, priority.shown) == (
        "priority",
        2,
        ("speed",),
    )
    assert api_message(priority) == (
        '2 unknown priorities ("speed"); choose from quality, context, cost, '
        "capabilities, availability, or openness."
    )


@pytest.mark.parametrize("values", BAD_PRIORITIES, ids=repr)
def test_priority_messages_are_the_parsers_messages(values):
    keys, problems = read_priorities(values)
    assert parse_priorities(values) == (
        keys,
        tuple(page_message(problem) for problem in problems),
    )


@pytest.mark.parametrize("values", [*BAD_MODEL_LISTS, "a,b"], ids=repr)
def test_model_list_messages_are_the_parsers_messages(values):
    slugs, problem = read_model_list(values)
    assert parse_model_list(values) == (
        slugs,
        page_message(problem) if problem else "",
    )


# The several-model view computes as the pair does ----------------------------------


def test_two_models_side_by_side_agree_with_their_pair():
    a = model(
        "a",
        routes=(route("Host", "1", "2"),),
        results=(result("x", "50", is_primary=True), result("y", "61")),
    )
    b = model(
        "b",
        routes=(route("Host", "3", "4"),),
        results=(result("x", "40", is_primary=True), result("y", "61")),
    )
    pair = compare(a, b)
    many = compare_models((a, b), profile=TrafficProfile(), today=GOLDEN_TODAY)
    assert many.costs.cheapest_slugs == (pair.costs.delta.cheaper_slug,)
    against = {row.key: row for row in many.costs.rows}["against_cheapest"]
    difference = pair.costs.delta.difference_display
    assert against.cells[1].text == f"{difference} more a month (2.4x as much)"
    assert pair.costs.delta.ratio_display == "2.4x"
    for shared, side_by_side in zip(
        pair.benchmarks.shared, many.benchmarks, strict=True
    ):
        assert (shared.slug, shared.comparable) == (
            side_by_side.slug,
            side_by_side.comparable,
        )
        leader = (shared.leader_slug,) if shared.leader_slug else ()
        assert side_by_side.leader_slugs == leader
        if shared.leader_slug:
            assert side_by_side.margin == shared.margin


def test_several_models_get_one_pick_per_reader_goal():
    cheap = model(
        "cheap",
        context_window=128_000,
        routes=(route("Host", "1", "2"),),
        results=(result("x", "40", is_primary=True), result("y", "30")),
    )
    strong = model(
        "strong",
        context_window=1_000_000,
        routes=(route("Host", "1", "2.1"),),
        results=(result("x", "70", is_primary=True), result("y", "80")),
    )
    long = model("long", context_window=1_000_000, routes=(route("Host", "6", "9"),))
    many = compare_models(
        (cheap, strong, long), profile=TrafficProfile(), today=GOLDEN_TODAY
    )
    picks = {pick.goal: pick for pick in many.recommendations}
    assert list(picks) == ["cheapest", "strongest", "context"]
    assert picks["cheapest"].slugs == ("cheap",)
    # $1,200 against $1,235: a small gap is said in dollars and percent, not "1x".
    assert picks["cheapest"].sentence == (
        "Cheap, at $1,200 a month at list price; the next, Strong, costs $35 more a "
        "month (3% more)."
    )
    assert picks["strongest"].slugs == ()  # "long" shares no benchmark: none shared
    assert picks["context"].slugs == ("strong", "long")
    assert (
        picks["context"].sentence == "Strong and Long, 1M tokens (the next holds 128k)."
    )
    against = {row.key: row for row in many.costs.rows}["against_cheapest"]
    assert [cell.text for cell in against.cells] == [
        "Cheapest",
        "$35 more a month (3% more)",
        "$4,950 more a month (5.1x as much)",
    ]


def test_a_cost_gap_is_said_as_a_multiple_only_from_twice():
    assert wording.times_as_much(Decimal("1.004")) == ""
    assert wording.times_as_much(Decimal("1.04")) == "4% more"
    assert wording.times_as_much(Decimal("1.96")) == "2x as much"
    assert wording.times_as_much(Decimal("2.4")) == "2.4x as much"
