import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from catalog.models import LanguageModel
from comparisons import engine, facts
from comparisons.facts import build_comparison, compute_pair, load_model_facts
from sitecache.state import bump_generation
from tests.factories import (
    make_capability,
    make_comparison,
    make_model,
    make_result,
    make_route,
    make_variant,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


def test_load_model_facts_turns_rows_into_engine_input(golden):
    facts = load_model_facts(["gpt-4-turbo", "qwen3-5-4b"])
    gpt, qwen = facts["gpt-4-turbo"], facts["qwen3-5-4b"]
    assert gpt.organization_name == "OpenAI"
    assert gpt.open_weights is engine.Tri.NO and qwen.open_weights is engine.Tri.YES
    assert len(gpt.routes) == 6 and qwen.routes == ()
    first_party = [r for r in gpt.routes if r.is_first_party]
    assert {r.identifier for r in first_party} == {
        "gpt-4-turbo-2024-04-09",
        "gpt-4-turbo-preview",
    }
    salesforce = next(r for r in gpt.routes if r.provider_slug == "salesforce-einstein")
    assert salesforce.input_price is None and salesforce.output_price is None
    assert [(r.benchmark_slug, r.score) for r in qwen.results] == [
        ("mmlu-pro", Decimal("79.1"))
    ]
    assert gpt.decision_tags == ("Agents", "Coding", "RAG")


def test_missing_capability_rows_reach_the_engine_as_unknown():
    model = make_model(slug="m")
    make_capability(model=model, capability="vision", value="no")
    facts = load_model_facts(["m"])["m"]
    assert {c.key: c.value for c in facts.capabilities} == {"vision": engine.Tri.NO}
    other = make_model(slug="n")
    comparison = build_comparison(
        "m", "n", profile=engine.TrafficProfile(), today=TODAY
    )
    vision = next(row for row in comparison.capabilities if row.key == "vision")
    assert (vision.a.value, vision.b.value) == (engine.Tri.NO, engine.Tri.UNKNOWN)
    assert other.slug == "n"


def test_capabilities_unknown_for_every_model_are_not_listed():
    """trust.md: a capability no model has data on is no difference between two."""
    make_capability(model=make_model(slug="m"), capability="vision", value="no")
    make_model(slug="n")
    third = make_model(slug="third")
    make_capability(model=third, capability="reasoning", value="yes")
    comparison = build_comparison(
        "m", "n", profile=engine.TrafficProfile(), today=TODAY
    )
    listed = [row.key for row in comparison.capabilities]
    assert listed == ["vision", "reasoning"]
    reasoning = comparison.capabilities[1]
    assert (reasoning.a.value, reasoning.b.value) == (engine.Tri.UNKNOWN,) * 2
    assert comparison.capabilities_note.startswith("Not listed: multimodal input,")
    assert "parallel agents, which the catalog has no data on" in (
        comparison.capabilities_note
    )
    paragraph = next(p for p in comparison.deep_dive if "On capabilities" in p)
    assert "reasoning is unknown for both" in paragraph
    assert "computer use" not in paragraph


def test_build_comparison_gives_the_golden_verdict_and_cost(golden):
    comparison = build_comparison(
        "qwen3-5-4b", "gpt-4-turbo", profile=engine.TrafficProfile(), today=TODAY
    )
    assert comparison.path_slug == "gpt-4-turbo-vs-qwen3-5-4b"
    assert comparison.verdict.sentence == (
        "Qwen3.5-4B is safer overall; choose GPT-4 Turbo when coding workflow support matters."
    )
    assert comparison.costs.a.monthly_cost == Decimal(7750)
    assert comparison.costs.a.cheapest_provider_name == "Replicate API"
    assert comparison.costs.b.monthly_cost is None
    assert comparison.review.last_reviewed == dt.date(2026, 5, 22)


def test_build_comparison_hides_drafts_unless_asked(golden):
    LanguageModel.objects.filter(slug="qwen3-5-4b").update(status="draft")
    args = ("gpt-4-turbo", "qwen3-5-4b")
    assert build_comparison(*args, profile=engine.TrafficProfile(), today=TODAY) is None
    assert build_comparison(
        *args, profile=engine.TrafficProfile(), today=TODAY, include_drafts=True
    )


def test_related_comparisons_skip_draft_models_and_put_curated_pairs_first():
    a = make_model(slug="a")
    make_model(slug="b")
    peers = [make_model(slug=f"p{i}") for i in range(8)]
    make_model(slug="draft-peer", status="draft")
    make_comparison(model_a=a, model_b=peers[5])
    comparison = build_comparison(
        "a", "b", profile=engine.TrafficProfile(), today=TODAY
    )
    links = comparison.related.links
    assert len(links) >= 6
    assert (links[0].slug_a, links[0].slug_b, links[0].is_curated) == ("a", "p5", True)
    assert all("draft-peer" not in (link.slug_a, link.slug_b) for link in links)


@pytest.mark.parametrize("size", [3, 30])
def test_build_comparison_runs_a_fixed_number_of_queries(
    django_assert_num_queries, size
):
    models = [make_model(slug=f"m{i:03d}") for i in range(size)]
    for model in models:
        make_route(model=model)
        make_result(model=model)
        make_capability(model=model)
    make_comparison(model_a=models[0], model_b=models[2])
    # Asked once per connection, on first use of JSON; not a query of any page.
    assert connection.features.supports_json_field
    # The pair with its tags, curated pairs and curated row, routes, results,
    # capabilities with sources (one UNION), and the peers with their scores.
    with django_assert_num_queries(5):
        build_comparison("m000", "m001", profile=engine.TrafficProfile(), today=TODAY)
    # A curated pair with one model read already: the other model's four
    # queries, its row carrying the editors' one; the peers are already read.
    with django_assert_num_queries(4):
        computed = compute_pair(
            "m000", "m002", profile=engine.TrafficProfile(), today=TODAY
        )
    assert computed.curated is not None
    # Pairs of models already read, at other traffic: their facts are cached;
    # a curated pair reads its editors' row.
    busy = engine.TrafficProfile(requests_per_month=9_000_000)
    with django_assert_num_queries(0):
        build_comparison("m001", "m002", profile=busy, today=TODAY)
    with django_assert_num_queries(1):
        computed = compute_pair("m000", "m002", profile=busy, today=TODAY)
    assert computed.curated.model_a.slug == "m000"


def test_the_peers_are_read_again_once_the_catalog_changes():
    make_model(slug="a", parameter_count=10**9)
    make_model(slug="b")
    make_model(slug="first-peer", parameter_count=10**9)
    profile = engine.TrafficProfile()
    related = build_comparison("a", "b", profile=profile, today=TODAY).related
    assert {link.slug_b for link in related.links} == {"first-peer"}
    # Any write moves the catalog's generation: the new peer shows at once.
    make_model(slug="new-peer", parameter_count=10**9)
    related = build_comparison("a", "b", profile=profile, today=TODAY).related
    assert {link.slug_b for link in related.links} == {"first-peer", "new-peer"}


def test_another_process_reads_the_facts_from_the_cache_and_its_own_peers(
    django_assert_num_queries, monkeypatch
):
    make_model(slug="a", parameter_count=10**9)
    make_model(slug="b")
    make_model(slug="peer", parameter_count=10**9)
    profile = engine.TrafficProfile()
    first = build_comparison("a", "b", profile=profile, today=TODAY)
    # Another worker: no peer index in its process, the same cache.
    monkeypatch.setattr(facts, "_peers", None)
    busy = engine.TrafficProfile(requests_per_month=9_000_000)
    with django_assert_num_queries(1):  # the peers
        other = build_comparison("a", "b", profile=busy, today=TODAY)
    assert other.related == first.related
    # A new content generation reads the facts again.
    LanguageModel.objects.filter(slug="a").update(name="Renamed")
    bump_generation()
    renamed = build_comparison("a", "b", profile=busy, today=TODAY)
    assert renamed.a.name == "Renamed"


# Kinds and variants ----------------------------------------------------------------


def test_compute_pair_refuses_two_kinds_saying_why():
    make_model(slug="gpt-4o", name="GPT-4o")
    make_model(slug="whisper-1", name="Whisper", kind="speech")

    with pytest.raises(facts.KindsDiffer) as refused:
        compute_pair(
            "whisper-1", "gpt-4o", profile=engine.TrafficProfile(), today=TODAY
        )

    assert str(refused.value) == (
        "GPT-4o is a language model and Whisper a speech model: they do different "
        "jobs, so this site does not compare them."
    )
    assert [model.slug for model in refused.value.models] == ["gpt-4o", "whisper-1"]


def test_kind_peers_are_of_the_models_kind_its_organization_first():
    openai = make_model(slug="gpt-4o").organization
    whisper = make_model(slug="whisper-1", kind="speech", organization=openai)
    make_model(slug="a-voice", name="A voice", kind="speech")
    make_model(slug="tts-1", name="TTS 1", kind="speech", organization=openai)
    make_model(slug="b-voice", name="B voice", kind="speech", status="draft")
    whisper_facts = load_model_facts(["whisper-1"])["whisper-1"]

    peers = facts.kind_peers(whisper_facts, state=facts.current_state(), limit=3)

    assert [peer.slug for peer in peers] == ["tts-1", "a-voice"]
    assert whisper.slug == "whisper-1"


def variant_catalog():
    """GPT-4o, two published snapshots and a draft one, with results."""
    from catalog.models import Benchmark

    gpt_4o = make_model(slug="gpt-4o", name="GPT-4o")
    older = make_variant(gpt_4o, dt.date(2024, 5, 13))
    newer = make_variant(gpt_4o, dt.date(2024, 8, 6))
    draft = make_variant(gpt_4o, dt.date(2024, 11, 20), status="draft")
    mmlu, gpqa, math = (
        Benchmark.objects.create(name=name, slug=name.lower())
        for name in ("MMLU", "GPQA", "MATH")
    )
    make_result(model=gpt_4o, benchmark=mmlu, score="88.7")
    make_result(model=older, benchmark=mmlu, score="87.2")
    make_result(model=older, benchmark=gpqa, score="49.9")
    make_result(model=newer, benchmark=gpqa, score="53.6")
    make_result(model=newer, benchmark=gpqa, score="51.0", is_primary=False)
    make_result(model=older, benchmark=math, score="76.6")
    make_result(model=draft, benchmark=math, score="99.9")


def shown(model_facts):
    return [
        (r.benchmark_slug, str(r.score), r.variant_slug, r.variant_name)
        for r in model_facts.results
    ]


def test_a_model_shows_its_newest_published_variants_results_marked():
    variant_catalog()

    loaded = load_model_facts(["gpt-4o", "gpt-4o-2024-08-06"])

    assert shown(loaded["gpt-4o"]) == [
        ("gpqa", "53.600", "gpt-4o-2024-08-06", "GPT-4o (2024-08-06)"),
        ("gpqa", "51.000", "gpt-4o-2024-08-06", "GPT-4o (2024-08-06)"),
        ("math", "76.600", "gpt-4o-2024-05-13", "GPT-4o (2024-05-13)"),
        ("mmlu", "88.700", "", ""),
    ]
    # A variant shows its own results only.
    assert shown(loaded["gpt-4o-2024-08-06"]) == [
        ("gpqa", "53.600", "", ""),
        ("gpqa", "51.000", "", ""),
    ]


def test_staff_see_a_draft_variants_results():
    variant_catalog()

    loaded = load_model_facts(["gpt-4o"], include_drafts=True)["gpt-4o"]

    assert ("math", "99.900", "gpt-4o-2024-11-20", "GPT-4o (2024-11-20)") in shown(
        loaded
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Own results only where it has them, whatever its variants have.
        ([("m", "x", (2, "")), ("v", "x", (3, "v"))], [("m", "x")]),
        # The newest variant by release date, then by name.
        (
            [("old", "x", (1, "z")), ("new", "x", (2, "a")), ("new2", "x", (2, "b"))],
            [("new2", "x")],
        ),
        # Each benchmark on its own; every row of the chosen variant kept.
        (
            [("a", "x", (1, "a")), ("a", "x", (1, "a")), ("b", "y", (0, "b"))],
            [("a", "x"), ("a", "x"), ("b", "y")],
        ),
        ([], []),
    ],
)
def test_pick_variant_results(rows, expected):
    from catalog.selectors import pick_variant_results

    picked = pick_variant_results(
        rows,
        owner="m",
        measured_on=lambda row: row[0],
        benchmark=lambda row: row[1],
        newness=lambda row: row[2],
    )

    assert [(model, benchmark) for model, benchmark, _ in picked] == expected


def test_variants_results_keep_the_pairs_query_count(django_assert_num_queries):
    variant_catalog()
    make_model(slug="o3")

    # As any pair: the pair, routes, results (with the variants'),
    # capabilities with sources, and the peers.
    with django_assert_num_queries(5):
        computed = compute_pair(
            "gpt-4o", "o3", profile=engine.TrafficProfile(), today=TODAY
        )

    scores = [b.score for b in computed.comparison.benchmarks.a_only]
    assert {score.variant_slug for score in scores} == {
        "",
        "gpt-4o-2024-05-13",
        "gpt-4o-2024-08-06",
    }


def test_an_editors_comparable_group_reaches_the_page_and_the_api(client):
    """Two sources' scores lead only once an editor marks them one group."""
    a, b = make_model(slug="a", name="A"), make_model(slug="b", name="B")
    first = make_result(model=a, score=Decimal("90"), source_url="https://a.example/")
    make_result(
        model=b,
        benchmark=first.benchmark,
        score=Decimal("70"),
        source_url="https://b.example/",
    )
    profile = engine.TrafficProfile()
    (shared,) = build_comparison(
        "a", "b", profile=profile, today=TODAY
    ).benchmarks.shared
    assert shared.leader is None
    first.model.benchmark_results.update(comparable_group="harness-1")
    b.benchmark_results.update(comparable_group="harness-1")
    bump_generation()
    (shared,) = build_comparison(
        "a", "b", profile=profile, today=TODAY
    ).benchmarks.shared
    assert shared.leader == "a" and shared.comparable
    body = client.get("/api/v1/models/a").json()
    assert body["benchmark_results"][0]["comparable_group"] == "harness-1"
