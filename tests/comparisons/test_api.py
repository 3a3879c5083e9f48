import dataclasses
import types
import typing
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pydantic import TypeAdapter

from catalog.models import Route
from comparisons import engine, facts
from comparisons.api import CostQuery, parse_profile
from comparisons.schemas import ComparisonOut, ModelCostOut
from tests.factories import make_model, make_route

GOLDEN_VERDICT = (
    "Qwen3.5-4B is safer overall; choose GPT-4 Turbo when coding workflow "
    "support matters."
)


def comparison_url(a, b):
    return reverse("api:get_comparison", kwargs={"a": a, "b": b})


# The comparison ------------------------------------------------------------------


def test_get_comparison_gives_the_golden_pair(client, golden):
    response = client.get(comparison_url("gpt-4-turbo", "qwen3-5-4b"))

    assert response.status_code == 200
    data = response.json()
    assert data["canonical"] == {
        "a": "gpt-4-turbo",
        "b": "qwen3-5-4b",
        "url": "/api/v1/comparisons/gpt-4-turbo/qwen3-5-4b",
        "page_url": "/compare/gpt-4-turbo-vs-qwen3-5-4b/",
        "requested_order_reversed": False,
    }
    assert data["requested"] == {"a": "gpt-4-turbo", "b": "qwen3-5-4b"}
    comparison = data["display"]
    assert comparison["verdict"]["sentence"] == GOLDEN_VERDICT
    assert comparison["verdict"]["pick_slug"] == "qwen3-5-4b"
    gpt, qwen = comparison["costs"]["a"], comparison["costs"]["b"]
    assert (gpt["monthly_cost"], gpt["monthly_cost_display"]) == ("7750", "$7,750")
    assert len(gpt["routes"]) == 6
    # Unavailable, with the reason, never counted as free.
    assert qwen["monthly_cost"] is None
    assert qwen["monthly_cost_display"] == "Unavailable"
    assert "No route" in qwen["unavailable_reason"]
    (shared,) = comparison["benchmarks"]["shared"]
    assert (shared["margin"], shared["margin_display"]) == ("9.7", "9.7 points")
    assert comparison["costs"]["profile"]["cached_share"] == "0"


def test_get_comparison_gives_the_facts_as_figures_and_slugs(client, golden):
    response = client.get(comparison_url("qwen3-5-4b", "gpt-4-turbo"))

    data = response.json()
    assert data["requested"] == {"a": "qwen3-5-4b", "b": "gpt-4-turbo"}
    facts_ = data["facts"]
    verdict = facts_["verdict"]
    assert (verdict["pick"], verdict["score_a"], verdict["score_b"]) == (
        "qwen3-5-4b",
        3,
        5,
    )
    quality, *_, openness = verdict["dimensions"]
    assert quality == {
        "key": "quality",
        "weight": 3,
        "is_priority": False,
        "has_data": True,
        "winner": "qwen3-5-4b",
        "margin": {"value": "9.7", "unit": "points"},
        "reason_code": "higher_score",
    }
    assert (openness["winner"], openness["margin"]) == ("qwen3-5-4b", None)
    gpt, qwen = facts_["costs"]["a"], facts_["costs"]["b"]
    assert gpt["cheapest_cost"] == {
        "amount": "7750",
        "currency": "USD",
        "per": "month",
    }
    assert gpt["list_cost"]["amount"] == "15500"
    assert (gpt["cheapest_provider_slug"], gpt["cheapest_identifier"]) == (
        "replicate",
        "openai/gpt-4-turbo",
    )
    assert (qwen["slug"], qwen["cheapest_cost"], qwen["cheapest_provider_slug"]) == (
        "qwen3-5-4b",
        None,
        None,
    )
    assert facts_["costs"]["cheaper"] is None
    (benchmark,) = facts_["benchmarks"]
    assert (benchmark["leader"], benchmark["margin"], benchmark["score_a"]) == (
        "qwen3-5-4b",
        "9.7",
        "69.4",
    )
    assert {row["key"]: row["a"] for row in facts_["capabilities"]}["vision"] == "yes"
    # Facts and display render one engine result.
    display = data["display"]
    assert verdict["pick"] == display["verdict"]["pick_slug"]
    assert gpt["cheapest_cost"]["amount"] == display["costs"]["a"]["monthly_cost"]


def test_get_comparison_matches_the_engine(client, golden):
    expected = facts.build_comparison(
        "gpt-4-turbo",
        "qwen3-5-4b",
        profile=engine.TrafficProfile(),
        today=timezone.localdate(),
    )

    comparison = client.get(comparison_url("gpt-4-turbo", "qwen3-5-4b")).json()[
        "display"
    ]

    assert expected.verdict.sentence == GOLDEN_VERDICT
    for section in ("verdict", "intro", "scorecard", "specs", "faq", "deep_dive"):
        value = getattr(expected, section)
        dumped = TypeAdapter(type(value)).dump_python(value, mode="json")
        if section == "verdict":
            # The API writes "no unit" as null, the engine as "".
            for dimension in dumped["dimensions"]:
                dimension["margin_unit"] = dimension["margin_unit"] or None
        assert comparison[section] == dumped, section


def test_get_comparison_answers_the_reversed_pair_with_the_canonical_result(
    client, golden
):
    canonical = client.get(comparison_url("gpt-4-turbo", "qwen3-5-4b")).json()

    response = client.get(comparison_url("qwen3-5-4b", "gpt-4-turbo"))

    assert response.status_code == 200
    data = response.json()
    assert data["display"] == canonical["display"]
    assert data["facts"] == canonical["facts"]
    assert data["display"]["verdict"]["sentence"] == GOLDEN_VERDICT
    assert data["requested"] == {"a": "qwen3-5-4b", "b": "gpt-4-turbo"}
    assert data["canonical"]["requested_order_reversed"] is True
    assert data["canonical"]["url"] == "/api/v1/comparisons/gpt-4-turbo/qwen3-5-4b"


def test_get_comparison_applies_the_traffic_profile_and_priorities(client, golden):
    response = client.get(
        comparison_url("gpt-4-turbo", "qwen3-5-4b"),
        {
            "preset": "rag",
            "requests": "1000",
            "cached_share": "0.5",
            "include_free": "true",
            "price_basis": "cheapest",
            "priority": ["cost,capabilities", "cost"],
        },
    )

    comparison = response.json()["display"]
    assert comparison["costs"]["profile"] == {
        "requests_per_month": 1000,
        "input_tokens": 6000,
        "output_tokens": 400,
        "cached_share": "0.5",
        "batch_share": "0",
        "include_free_tiers": True,
        "price_basis": "cheapest",
        "include_untrusted": False,
    }
    assert comparison["costs"]["delta"]["basis"] == "cheapest"
    assert comparison["verdict"]["priorities"] == ["cost", "capabilities"]


def test_get_comparison_answers_422_listing_each_bad_parameter(client, golden):
    response = client.get(
        comparison_url("gpt-4-turbo", "qwen3-5-4b"),
        {
            "preset": "huge",
            "requests": "0",
            "input_tokens": "many",
            "cached_share": "1.5",
            "batch_share": "0.1234567",
            "include_free": "perhaps",
            "priority": ["speed"],
        },
    )

    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [error["loc"] for error in errors] == [
        ["query", name]
        for name in (
            "preset",
            "requests",
            "input_tokens",
            "cached_share",
            "batch_share",
            "include_free",
        )
    ] + [["query", "priority"]]
    assert all(error["msg"] for error in errors)


def test_get_comparison_names_an_unknown_priority_without_the_page_fallback(
    client, golden
):
    response = client.get(
        comparison_url("gpt-4-turbo", "qwen3-5-4b"), {"priority": "speed"}
    )

    (error,) = response.json()["detail"]
    assert (error["type"], error["loc"]) == ("value_error", ["query", "priority"])
    assert error["msg"].startswith('1 unknown priority ("speed"); choose from quality')
    assert "Ignored" not in error["msg"]


@pytest.mark.parametrize("priority", ["", "Cost", " cost", "cost,"])
def test_get_comparison_refuses_a_priority_that_is_not_a_key(client, golden, priority):
    response = client.get(
        comparison_url("gpt-4-turbo", "qwen3-5-4b"), {"priority": priority}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "priority"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("gpt-4-turbo", "gpt-4-turbo"),
        ("gpt-4-turbo", "no-such-model"),
        ("draft-model", "gpt-4-turbo"),
    ],
)
def test_get_comparison_answers_404_for_a_pair_that_is_not_two_published_models(
    client, golden, a, b
):
    make_model(slug="draft-model", status="draft")

    response = client.get(comparison_url(a, b))

    assert response.status_code == 404
    assert response.json()["code"] in ("same_model", "model_not_found")
    assert set(response.json()) <= {"detail", "code", "slug"}


def test_get_comparison_answers_404_saying_why_for_two_kinds(client, db):
    make_model(slug="gpt-4o", name="GPT-4o")
    make_model(slug="whisper-1", name="Whisper", kind="speech")

    response = client.get(comparison_url("whisper-1", "gpt-4o"))

    assert response.status_code == 404
    assert response.json() == {
        "detail": "GPT-4o is a language model and Whisper a speech model: they do "
        "different jobs, so this site does not compare them.",
        "code": "kinds_differ",
    }


@pytest.mark.parametrize("size", [3, 30])
def test_get_comparison_runs_a_fixed_number_of_queries(
    client, golden, django_assert_max_num_queries, size
):
    for _ in range(size):
        make_route(model=make_model())

    # The two models' facts, curated pairs, peers, and the Last-Modified.
    with django_assert_max_num_queries(10):
        response = client.get(comparison_url("gpt-4-turbo", "qwen3-5-4b"))

    assert response.status_code == 200


def test_get_comparison_answers_again_from_the_cached_body(
    client, golden, django_assert_num_queries, monkeypatch
):
    url = comparison_url("gpt-4-turbo", "qwen3-5-4b")
    first = client.get(url)
    computed = []
    original = facts.compute_pair
    monkeypatch.setattr(
        facts,
        "compute_pair",
        lambda *args, **kwargs: computed.append(1) or original(*args, **kwargs),
    )

    with django_assert_num_queries(0):
        again = client.get(url)

    assert again.status_code == 200
    assert (
        again["Content-Type"]
        == first["Content-Type"]
        == "application/json; charset=utf-8"
    )
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert computed == []
    # Another order, traffic or priority is another answer.
    reversed_pair = client.get(comparison_url("qwen3-5-4b", "gpt-4-turbo")).json()
    assert reversed_pair["canonical"]["requested_order_reversed"] is True
    busy = client.get(url, {"requests": "9000000"}).json()
    assert busy["display"]["costs"]["a"]["monthly_cost"] != "7750"
    assert len(computed) == 2


def test_get_comparison_answers_a_new_price_at_once(client, golden):
    url = comparison_url("gpt-4-turbo", "qwen3-5-4b")
    before = client.get(url).json()["display"]["costs"]["a"]
    # As the admin does: save each row.
    for route in Route.objects.filter(model__slug="gpt-4-turbo"):
        route.input_price = Decimal("1")
        route.save()

    after = client.get(url).json()["display"]["costs"]["a"]

    assert before["monthly_cost"] == "7750"
    assert after["monthly_cost"] != before["monthly_cost"]


# Costs ---------------------------------------------------------------------------


def test_estimate_cost_lists_models_and_routes_cheapest_first(client, golden):
    response = client.get(
        reverse("api:estimate_cost"), {"models": "qwen3-5-4b,gpt-4-turbo"}
    )

    assert response.status_code == 200
    data = response.json()
    assert data["profile"]["requests_per_month"] == 1_000_000
    gpt, qwen = data["models"]
    assert (gpt["slug"], gpt["monthly_cost"]) == ("gpt-4-turbo", "7750")
    costs = [route["monthly_cost"] for route in gpt["routes"]]
    assert costs == ["7750", "15500", "15500", "15500", "15500", None]
    assert gpt["routes"][0]["is_cheapest"]
    assert gpt["routes"][-1]["unavailable_reason"] == "No sourced input or output price"
    assert (qwen["slug"], qwen["monthly_cost"], qwen["routes"]) == (
        "qwen3-5-4b",
        None,
        [],
    )
    assert "No route" in qwen["unavailable_reason"]


def test_estimate_cost_follows_the_traffic_profile(client, db):
    make_route(
        model=make_model(slug="a"), input_price=Decimal(1), output_price=Decimal(2)
    )
    make_route(
        model=make_model(slug="b"), input_price=Decimal(3), output_price=Decimal(1)
    )

    response = client.get(
        reverse("api:estimate_cost"),
        {
            "models": "b,a",
            "requests": 1000,
            "input_tokens": 1000,
            "output_tokens": 1000,
        },
    )

    # 1,000 requests x (1,000 x $1 + 1,000 x $2) / 1M = $3; b costs $4.
    assert [(m["slug"], m["monthly_cost"]) for m in response.json()["models"]] == [
        ("a", "3"),
        ("b", "4"),
    ]


def test_estimate_cost_answers_404_naming_unknown_models(client, golden):
    response = client.get(
        reverse("api:estimate_cost"), {"models": "gpt-4-turbo,ghost,phantom"}
    )

    assert response.status_code == 404
    assert response.json() == {
        "detail": "No published model: ghost, phantom.",
        "code": "model_not_found",
        "slug": "ghost,phantom",
    }


@pytest.mark.parametrize(
    "models", ["gpt-4-turbo", ",".join(f"m{n}" for n in range(11)), "a,,b", "a;b"]
)
def test_estimate_cost_refuses_fewer_than_2_or_more_than_10_models(client, db, models):
    response = client.get(reverse("api:estimate_cost"), {"models": models})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "models"]


def test_estimate_cost_requires_models(client, db):
    response = client.get(reverse("api:estimate_cost"))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "models"]


# The schemas mirror the engine ---------------------------------------------------------


def _dataclass_in(annotation):
    """Return the engine dataclass an annotation holds (in a tuple or Optional), if any."""
    if dataclasses.is_dataclass(annotation):
        return annotation
    for argument in typing.get_args(annotation):
        found = _dataclass_in(argument)
        if found:
            return found
    return None


def _schema_in(annotation):
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation):
        for argument in typing.get_args(annotation):
            found = _schema_in(argument)
            if found:
                return found
    return None


@pytest.mark.parametrize(
    ("dataclass", "schema"),
    [(engine.Comparison, ComparisonOut), (engine.ModelCost, ModelCostOut)],
)
def test_schemas_carry_every_field_of_the_engine_output(dataclass, schema):
    pending = [(dataclass, schema)]
    while pending:
        dataclass, schema = pending.pop()
        hints = typing.get_type_hints(dataclass)
        # A field renamed for the API reads the engine's by its alias.
        fields = {
            field.validation_alias or name: field
            for name, field in schema.model_fields.items()
        }
        assert set(fields) == set(hints), schema.__name__
        for name, annotation in hints.items():
            nested = _dataclass_in(annotation)
            if nested is not None:
                nested_schema = _schema_in(fields[name].annotation)
                assert nested_schema is not None, f"{schema.__name__}.{name}"
                pending.append((nested, nested_schema))


def test_parse_profile_reports_what_the_engine_refuses_per_parameter():
    # The query schema's rules mirror the engine's; should they drift, the
    # engine's word still holds, as a 422 naming the parameter.
    query = CostQuery.model_construct(
        models="a,b", requests=10**13, input_tokens=10, output_tokens=None
    )

    profile, errors = parse_profile(query)

    assert profile.input_tokens == 10
    assert [error["loc"] for error in errors] == [["query", "requests"]]
    assert "using" not in errors[0]["msg"]
