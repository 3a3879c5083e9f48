"""
"/compare/?models=a,b,c": two to four models side by side. The engine's
parse_model_list() and compare_models() are tested first, without a database;
then the page.
"""

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.models import Benchmark, LanguageModel, Source
from comparisons.engine import (
    MAX_MODEL_LIST_LENGTH,
    ModelFacts,
    PeerFacts,
    RouteFacts,
    TrafficProfile,
    compare_models,
    parse_model_list,
)
from tests.comparisons.golden import GOLDEN_TODAY, gpt_4_turbo, mmlu_pro, qwen3_5_4b
from tests.factories import make_capability, make_model, make_result, make_route

MANY_URL = "/compare/"
GOLDEN_MODELS = "gpt-4-turbo,qwen3-5-4b"


def page_text(response):
    """Return the page's visible text with tags and extra white space removed."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# Reading the list of models -------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "slugs"),
    [
        ("a,b", ("a", "b")),
        (["a", "b", "", ""], ("a", "b")),  # the picker's four fields, two left empty
        ([" a , b ,c"], ("a", "b", "c")),
        (["a,b", "c", "d"], ("a", "b", "c", "d")),
    ],
)
def test_parse_model_list_reads_commas_and_repeated_fields(values, slugs):
    assert parse_model_list(values) == (slugs, "")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (None, "Pick at least 2 models to compare: no model was given."),
        ([",,"], "Pick at least 2 models to compare: no model was given."),
        (["a"], "Pick at least 2 models to compare: only one model was given."),
        (["a,b,c,d,e"], "Pick at most 4 models to compare: 5 were given."),
        (["a,b,a"], "Pick 2 to 4 different models: “a” is listed more than once."),
        (["a,<b>"], "Name models by their short names"),
        (["a," + "b" * MAX_MODEL_LIST_LENGTH], "The list of models is too long"),
        (["a,b"] * 200, "The list of models is too long"),
    ],
    ids=[
        "none",
        "only-commas",
        "one",
        "five",
        "duplicate",
        "not-a-slug",
        "overlong",
        "repeated-too-often",
    ],
)
def test_parse_model_list_explains_an_unusable_list(values, message):
    _, problem = parse_model_list(values)
    assert problem.startswith(message)


def test_parse_model_list_never_echoes_what_is_not_a_slug():
    _, problem = parse_model_list(["a,<script>alert(1)</script>"])
    assert "script" not in problem


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=8))
def test_parse_model_list_never_raises_and_echoes_only_slugs(values):
    slugs, problem = parse_model_list(values)
    quoted = re.findall(r"“(.*?)”", problem)
    assert all(re.fullmatch(r"[-a-zA-Z0-9_]{1,100}", text) for text in quoted)
    if not problem:
        assert 2 <= len(slugs) <= 4 and len(set(slugs)) == len(slugs)


# The engine ------------------------------------------------------------------------


CHEAP_ROUTE = RouteFacts(
    provider_slug="host",
    provider_name="Host",
    identifier="host/claude-test",
    input_price=Decimal("1"),
    output_price=Decimal("5"),
)


def third_model(**changes) -> ModelFacts:
    defaults = {
        "slug": "claude-test",
        "name": "Claude Test",
        "organization_slug": "anthropic",
        "organization_name": "Anthropic",
        "results": (mmlu_pro("75.0"),),
    }
    return ModelFacts(**(defaults | changes))


def many(*models, profile=None):
    return compare_models(
        tuple(models), profile=profile or TrafficProfile(), today=GOLDEN_TODAY
    )


def test_compare_models_keeps_the_order_given_and_links_every_pair():
    result = many(qwen3_5_4b(), gpt_4_turbo(), third_model())
    assert [m.slug for m in result.models] == [
        "qwen3-5-4b",
        "gpt-4-turbo",
        "claude-test",
    ]
    assert result.title == "Qwen3.5-4B vs GPT-4 Turbo vs Claude Test"
    assert [link.path_slug for link in result.pairs] == [
        "gpt-4-turbo-vs-qwen3-5-4b",
        "claude-test-vs-qwen3-5-4b",
        "claude-test-vs-gpt-4-turbo",
    ]


def test_compare_models_charts_every_model_among_its_peers():
    peer = PeerFacts(
        slug="peer",
        name="Peer",
        organization_slug="peer-org",
        organization_name="Peer Org",
        cheapest_input_price=Decimal("2"),
        cheapest_output_price=Decimal("2"),
        benchmark_scores=(("mmlu-pro", Decimal("60")),),
    )
    models = (qwen3_5_4b(), gpt_4_turbo(), third_model(routes=(CHEAP_ROUTE,)))
    chart = compare_models(
        models, profile=TrafficProfile(), today=GOLDEN_TODAY, peers=(peer,)
    ).chart
    assert chart.is_shown
    assert chart.benchmark_slug == "mmlu-pro"
    assert (
        chart.selection == "MMLU-Pro is the one benchmark all 3 models are scored on."
    )
    highlighted = {p.slug for p in chart.points + chart.not_plotted if p.highlighted}
    assert highlighted == {"qwen3-5-4b", "gpt-4-turbo", "claude-test"}
    assert "Peer" in [p.name for p in chart.points]
    # Without peers there are too few priced points, and it says so.
    assert not many(*models).chart.is_shown


def test_compare_models_costs_match_the_pair_page_rules():
    result = many(gpt_4_turbo(), qwen3_5_4b())
    rows = {row.key: [cell.text for cell in row.cells] for row in result.costs.rows}
    assert rows["monthly_cost"] == ["$7,750 a month", "Unavailable"]
    assert rows["cheapest_route"][0] == "Replicate API (openai/gpt-4-turbo)"
    assert rows["cheapest_route"][1] == (
        "No route tracked, so no sourced input and output price"
    )
    assert rows["against_cheapest"] == ["Cheapest", "Unavailable"]
    assert result.costs.cheapest_slugs == ("gpt-4-turbo",)
    doubled = many(
        gpt_4_turbo(),
        qwen3_5_4b(),
        profile=TrafficProfile(requests_per_month=2_000_000),
    )
    assert doubled.costs.models[0].monthly_cost_display == "$15,500"


def test_compare_models_says_how_much_more_the_others_cost():
    cheap = third_model(
        routes=(
            RouteFacts(
                provider_slug="host",
                provider_name="Host",
                identifier="host/claude",
                input_price=Decimal("1"),
                output_price=Decimal("5"),
            ),
        )
    )
    result = many(gpt_4_turbo(), cheap)
    rows = {row.key: row for row in result.costs.rows}
    # At list price, as the pair's verdict: GPT-4 Turbo on OpenAI's API
    # ($15,500) against 500M x $1 + 350M x $5 = $2,250, Host's the only route.
    assert [cell.text for cell in rows["list_cost"].cells] == [
        "$15,500 a month (OpenAI API)",
        "$2,250 a month (its only trusted route)",
    ]
    assert rows["against_cheapest"].label == "Against the cheapest, at list price"
    assert [cell.text for cell in rows["against_cheapest"].cells] == [
        "$13,250 more a month (6.9x as much)",
        "Cheapest",
    ]
    assert result.costs.summary == (
        "At list price, Claude Test is cheapest at this traffic, at $2,250 a month."
    )
    # On the cheapest trusted route, as the reader may choose: $7,750 on
    # Replicate against $2,250.
    on_routes = many(
        gpt_4_turbo(), cheap, profile=TrafficProfile(price_basis="cheapest")
    )
    against = {row.key: row for row in on_routes.costs.rows}["against_cheapest"]
    assert [cell.text for cell in against.cells] == [
        "$5,500 more a month (3.4x as much)",
        "Cheapest",
    ]


def test_compare_models_shares_only_benchmarks_all_have_a_primary_score_on():
    other = ModelFacts(
        slug="other",
        name="Other",
        organization_slug="o",
        organization_name="O",
        results=(replace(mmlu_pro("99"), is_primary=False),),
    )
    assert many(gpt_4_turbo(), qwen3_5_4b(), other).benchmarks == ()
    result = many(gpt_4_turbo(), qwen3_5_4b(), third_model())
    (benchmark,) = result.benchmarks
    assert benchmark.leader_slugs == ("qwen3-5-4b",)
    assert [score.is_leader for score in benchmark.scores] == [False, True, False]
    assert benchmark.lead_text == "Qwen3.5-4B leads by 4.1 points over Claude Test"
    assert (
        result.benchmark_summary == "1 shared benchmark: Qwen3.5-4B leads on MMLU-Pro."
    )


def test_compare_models_marks_no_leader_when_all_tie():
    result = many(
        third_model(slug="one", name="One"), third_model(slug="two", name="Two")
    )
    (benchmark,) = result.benchmarks
    assert benchmark.leader_slugs == ()
    assert benchmark.lead_text == "All tied at 75.0"


def test_compare_models_capabilities_keep_unknown_apart_from_no():
    result = many(gpt_4_turbo(), third_model())
    vision = next(row for row in result.capabilities if row.key == "vision")
    assert [cell.text for cell in vision.cells] == ["Yes", "Unknown"]


@pytest.mark.parametrize(
    "models",
    [(gpt_4_turbo(),), (gpt_4_turbo(), gpt_4_turbo())]
    + [tuple(third_model(slug=f"m{i}") for i in range(5))],
    ids=["one", "twice", "five"],
)
def test_compare_models_refuses_a_list_the_reader_input_check_rejects(models):
    with pytest.raises(ValueError):
        many(*models)


# The page --------------------------------------------------------------------------


@pytest.fixture
def three(golden):
    """Return the golden pair and a third model, scored on MMLU-Pro too."""
    model = make_model(slug="claude-test", name="Claude Test")
    make_route(model=model, input_price="1", output_price="5")
    # From the leaderboard the golden pair's scores come from: comparable.
    leaderboard = Source.objects.get(key="mmlu-pro-leaderboard")
    make_result(
        model=model,
        benchmark=Benchmark.objects.get(slug="mmlu-pro"),
        score="75.0",
        source=leaderboard,
        source_url=leaderboard.url,
    )
    make_capability(model=model, capability="vision", value="yes")
    return model


@pytest.mark.django_db
def test_many_page_shows_every_section_for_three_models(client, three):
    response = client.get(MANY_URL, {"models": f"{GOLDEN_MODELS},claude-test"})
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(response)
    for name in ("GPT-4 Turbo", "Qwen3.5-4B", "Claude Test"):
        assert name in text
    assert "GPT-4 Turbo vs Qwen3.5-4B vs Claude Test" in text
    for heading in (
        "Specs",
        "Prices",
        "Monthly cost at your traffic",
        "Capabilities",
        "Shared benchmarks",
    ):
        assert f">{heading}</h2>" in html
    assert "$7,750 a month" in text
    assert "$2,250 a month" in text
    assert "Unavailable" in text
    assert "badge--yes" in html and "badge--no" in html and "badge--unknown" in html
    assert "tag--leader" in html
    assert "Qwen3.5-4B leads by 4.1 points over Claude Test" in text
    assert 'href="/models/claude-test/"' in html
    for pair in (
        "gpt-4-turbo-vs-qwen3-5-4b",
        "claude-test-vs-gpt-4-turbo",
        "claude-test-vs-qwen3-5-4b",
    ):
        assert f'href="/compare/{pair}/"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "BreadcrumbList" in html
    # The chart section: plotted among the catalog's peers, or why not.
    assert 'id="price-score"' in html


@pytest.mark.django_db
def test_many_page_costs_follow_the_traffic_form(client, golden):
    response = client.get(MANY_URL, {"models": GOLDEN_MODELS, "requests": "2000000"})
    assert "$15,500 a month" in page_text(response)
    assert 'name="models" value="gpt-4-turbo,qwen3-5-4b"' in response.content.decode()


@pytest.mark.django_db
def test_many_page_bad_traffic_value_shows_a_notice_and_the_default(client, golden):
    response = client.get(MANY_URL, {"models": GOLDEN_MODELS, "requests": "lots"})
    assert response.status_code == 200
    assert 'class="notice"' in response.content.decode()
    assert "$7,750 a month" in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        "models=gpt-4-turbo&models=qwen3-5-4b&models=&models=",
        # Names, as the suggestions write them, in any case.
        "models=GPT-4+Turbo&models=qwen3.5-4b&models=&models=",
    ],
    ids=["slugs", "names"],
)
def test_picker_fields_redirect_to_one_comma_separated_parameter(
    client, golden, fields
):
    response = client.get(f"/compare/?{fields}&requests=5")
    assert response.status_code == 302
    assert response["Location"] == (
        "/compare/?models=gpt-4-turbo,qwen3-5-4b&requests=5"
    )


@pytest.mark.django_db
def test_picker_field_naming_no_model_is_400_and_keeps_what_was_typed(client, golden):
    response = client.get("/compare/?models=GPT-4+Turbo&models=GPT-9+Ultra&models=")
    assert response.status_code == 400
    assert "We have no published model “GPT-9 Ultra”." in page_text(response)
    html = response.content.decode()
    first = html.split('id="model-1"', 1)[1].split(">", 1)[0]
    second = html.split('id="model-2"', 1)[1].split(">", 1)[0]
    assert 'value="GPT-4 Turbo"' in first and 'value="GPT-9 Ultra"' in second


@pytest.mark.django_db
def test_bare_page_offers_the_picker_without_an_error(client, golden):
    response = client.get(MANY_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<input type="text" id="model-') == 4
    assert 'role="alert"' not in html
    assert '<option value="GPT-4 Turbo">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("models", "message"),
    [
        ("gpt-4-turbo", "Pick at least 2 models to compare: only one model was given."),
        ("", "Pick at least 2 models to compare: no model was given."),
        ("a,b,c,d,e", "Pick at most 4 models to compare: 5 were given."),
        (
            "gpt-4-turbo,gpt-4-turbo",
            "Pick 2 to 4 different models: “gpt-4-turbo” is listed more than once.",
        ),
        (
            "gpt-4-turbo,nope",
            "We have no published model named “nope”. Pick models from the lists.",
        ),
        ("gpt-4-turbo,<b>x</b>", "Name models by their short names"),
        ("gpt-4-turbo," + "x" * 5000, "The list of models is too long"),
    ],
    ids=["one", "empty", "five", "duplicate", "unknown", "not-a-slug", "overlong"],
)
def test_unusable_list_is_400_with_the_reason_and_the_picker(
    client, golden, models, message
):
    response = client.get(MANY_URL, {"models": models})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert message in page_text(response)
    assert html.count('<input type="text" id="model-') == 4
    assert "<b>x</b>" not in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
def test_picker_keeps_the_reader_choices_after_an_error(client, golden):
    response = client.get(MANY_URL, {"models": "qwen3-5-4b,nope"})
    html = response.content.decode()
    first = html.split('id="model-1"', 1)[1].split(">", 1)[0]
    assert 'value="Qwen3.5-4B"' in first


@pytest.mark.django_db
def test_draft_model_is_unknown_to_the_public_and_bannered_for_staff(
    client, admin_client, golden
):
    LanguageModel.objects.filter(slug="qwen3-5-4b").update(status="draft")
    response = client.get(MANY_URL, {"models": GOLDEN_MODELS})
    assert response.status_code == 400
    assert "We have no published model named “qwen3-5-4b”." in page_text(response)
    response = admin_client.get(MANY_URL, {"models": GOLDEN_MODELS})
    assert response.status_code == 200
    assert "Draft — not public" in response.content.decode()


def build_catalog(size):
    benchmark = Benchmark.objects.create(name="GPQA", slug="gpqa")
    models = [make_model(slug=f"m{i:03d}", name=f"M {i:03d}") for i in range(size)]
    for model in models:
        make_route(model=model)
        make_result(model=model, benchmark=benchmark)
        make_capability(model=model)
    return models


# The models (with tags), their routes, their results, their capabilities
# with sources (comparisons.facts), the peers (read once a catalog state, for
# the capabilities known of some model) and the picker's choices; none grows
# with the catalog or the number of models.
MANY_PAGE_QUERIES = 6


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_many_page_query_count_does_not_grow_with_the_catalog(
    client, django_assert_num_queries, size
):
    build_catalog(size)
    with django_assert_num_queries(MANY_PAGE_QUERIES):
        response = client.get(MANY_URL, {"models": "m000,m001,m002"})
    assert response.status_code == 200
    # The peers are kept in the process until the catalog changes.
    with django_assert_num_queries(MANY_PAGE_QUERIES - 1):
        response = client.get(MANY_URL, {"models": "m000,m001"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_error_page_query_count_does_not_grow_with_the_catalog(
    client, django_assert_max_num_queries, size
):
    build_catalog(size)
    with django_assert_max_num_queries(MANY_PAGE_QUERIES):
        response = client.get(MANY_URL, {"models": "m000,nope"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_list_of_two_kinds_is_400_with_the_reason_and_the_picker(client):
    make_model(slug="whisper-1", name="Whisper", kind="speech")
    make_model(slug="gpt-4o", name="GPT-4o")
    make_model(slug="o3", name="o3")

    response = client.get(MANY_URL, {"models": "gpt-4o,whisper-1,o3"})

    assert response.status_code == 400
    assert (
        "GPT-4o and o3 are language models and Whisper a speech model: they do "
        "different jobs, so this site does not compare them. Pick models of one kind."
        in page_text(response)
    )
    html = response.content.decode()
    assert html.count('<input type="text" id="model-') == 4
    assert '<option value="Whisper"' not in html


@pytest.mark.django_db
def test_picker_offers_language_models_unless_the_list_is_of_another_kind(client):
    make_model(slug="whisper-1", name="Whisper", kind="speech")
    make_model(slug="tts-1", name="TTS 1", kind="speech")
    make_model(slug="gpt-4o", name="GPT-4o")

    bare = client.get(MANY_URL).content.decode()
    speech = client.get(MANY_URL, {"models": "tts-1,whisper-1"})

    assert '<option value="GPT-4o">' in bare
    assert 'value="Whisper"' not in bare
    assert speech.status_code == 200
    html = speech.content.decode()
    second = html.split('id="model-2"', 1)[1].split(">", 1)[0]
    assert 'value="Whisper"' in second
    assert 'value="GPT-4o"' not in html


def test_compare_models_context_pick_says_when_windows_are_about_the_same():
    close = many(
        third_model(slug="a", name="A", context_window=1_050_000),
        third_model(slug="b", name="B", context_window=1_000_000),
    )
    (line,) = [r.sentence for r in close.recommendations if r.goal == "context"]
    assert line == "A, 1.1M tokens (the next holds 1M, within 1.2x: about the same)."
    apart = many(
        third_model(slug="a", name="A", context_window=400_000),
        third_model(slug="b", name="B", context_window=128_000),
    )
    (line,) = [r.sentence for r in apart.recommendations if r.goal == "context"]
    assert line == "A, 400k tokens (the next holds 128k)."


def test_compare_models_without_shared_benchmarks_says_no_shared_benchmark():
    result = many(
        third_model(slug="a", name="A", results=()),
        third_model(slug="b", name="B", results=()),
    )
    assert result.description.endswith("capabilities, and no shared benchmark.")


@pytest.mark.django_db
def test_many_page_rows_the_same_for_all_are_one_cell(client):
    from tests.factories import make_model

    for slug in ("alpha", "beta", "gamma"):
        make_model(slug=slug, name=slug.title(), context_window=128_000)
    html = client.get("/compare/?models=alpha,beta,gamma").content.decode()

    assert re.search(
        r'<th scope="row">Architecture</th><td colspan="3" class="same unknown">'
        r'Unknown <span class="muted">\(all\)</span></td>',
        html,
    )
