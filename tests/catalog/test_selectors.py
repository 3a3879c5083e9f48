from datetime import date
from decimal import Decimal

import pytest

from catalog.forms_public import ModelFilterForm
from catalog.models import PublicationStatus
from catalog.selectors import (
    MODEL_SORTS,
    benchmark_list,
    benchmark_result_list_leaderboard,
    model_list,
    model_list_choices,
    model_list_peers,
    model_search,
    organization_list,
    provider_list,
)
from tests.factories import (
    make_benchmark,
    make_capability,
    make_model,
    make_organization,
    make_provider,
    make_result,
    make_route,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def names(queryset):
    return [obj.name for obj in queryset]


def test_model_list_hides_drafts():
    make_model(name="Public")
    make_model(name="Hidden", status=DRAFT)
    assert names(model_list()) == ["Public"]


def test_model_list_annotates_cheapest_prices_and_route_count():
    model = make_model()
    make_route(model=model, input_price=Decimal("5"), output_price=Decimal("15"))
    make_route(model=model, input_price=Decimal("10"), output_price=Decimal("12"))
    make_route(model=model, input_price=None, output_price=None)
    row = model_list().get()
    assert row.cheapest_input == Decimal("5")
    assert row.cheapest_output == Decimal("12")
    assert row.route_count == 3
    assert row.free_route_count == 0


def test_model_list_leaves_free_tiers_out_of_the_cheapest_price():
    model = make_model()
    make_route(model=model, input_price=Decimal("0"), output_price=Decimal("0"))
    make_route(model=model, input_price=Decimal("2"), output_price=Decimal("6"))
    row = model_list().get()
    assert (row.cheapest_input, row.cheapest_output) == (Decimal("2"), Decimal("6"))
    assert (row.route_count, row.free_route_count) == (2, 1)


def test_model_list_prices_are_none_without_a_sourced_price():
    make_model()
    row = model_list().get()
    assert row.cheapest_input is None and row.route_count == 0


def test_model_list_filters_by_organization_slug():
    openai = make_organization(slug="openai")
    make_model(name="GPT", organization=openai)
    make_model(name="Other")
    assert names(model_list(organization="openai")) == ["GPT"]


def test_model_list_filters_by_open_weights_keeping_unknown_apart():
    make_model(name="Open", open_weights="yes")
    make_model(name="Closed", open_weights="no")
    make_model(name="Unsure", open_weights="unknown")
    assert names(model_list(open_weights="no")) == ["Closed"]
    assert names(model_list(open_weights="unknown")) == ["Unsure"]


def test_model_list_capability_filter_keeps_yes_only_and_route_counts_intact():
    seeing = make_model(name="Seeing")
    make_capability(model=seeing, capability="vision", value="yes")
    make_capability(model=seeing, capability="reasoning", value="yes")
    make_route(model=seeing)
    make_route(model=seeing)
    blind = make_model(name="Blind")
    make_capability(model=blind, capability="vision", value="no")
    make_capability(
        model=make_model(name="Unsure"), capability="vision", value="unknown"
    )
    rows = list(model_list(capability="vision"))
    assert names(rows) == ["Seeing"]
    assert rows[0].route_count == 2


def test_model_list_filters_by_minimum_context_and_name():
    make_model(name="Small", context_window=8_000)
    make_model(name="Large", context_window=200_000)
    make_model(name="Unknown size", context_window=None)
    assert names(model_list(min_context=100_000)) == ["Large"]
    assert names(model_list(q="smal")) == ["Small"]


def test_model_list_filters_by_maximum_cheapest_input_price():
    cheap = make_model(name="Cheap")
    make_route(model=cheap, input_price=Decimal("0.5"))
    make_route(model=cheap, input_price=Decimal("9"))
    dear = make_model(name="Dear")
    make_route(model=dear, input_price=Decimal("3"))
    make_model(name="Unpriced")
    assert names(model_list(max_input_price=Decimal("1"))) == ["Cheap"]


def test_model_list_sorts_by_price_with_unpriced_last():
    for name, price in [("B", "3"), ("A", "1"), ("C", None)]:
        model = make_model(name=name)
        if price:
            make_route(model=model, input_price=Decimal(price))
    assert names(model_list(sort="price")) == ["A", "B", "C"]


def test_model_list_sorts_by_newest_and_context_with_unknowns_last():
    make_model(name="Old", release_date=date(2023, 1, 1), context_window=200_000)
    make_model(name="New", release_date=date(2026, 1, 1), context_window=8_000)
    make_model(name="Undated", release_date=None, context_window=None)
    assert names(model_list(sort="newest")) == ["New", "Old", "Undated"]
    assert names(model_list(sort="context")) == ["Old", "New", "Undated"]


def test_model_filter_form_offers_exactly_the_selector_sorts():
    sorts = {value for value, _ in ModelFilterForm().fields["sort"].choices}
    assert sorts == set(MODEL_SORTS)


def test_model_list_choices_lists_published_models_newest_first():
    # Issue 18: the pickers suggest the newest models first (they were by
    # organization, for the selects they replaced).
    zed = make_organization(name="Zed Labs")
    acme = make_organization(name="Acme")
    make_model(
        name="Zeta", slug="zeta", organization=zed, release_date=date(2026, 1, 1)
    )
    make_model(
        name="Alpha", slug="alpha", organization=acme, release_date=date(2024, 1, 1)
    )
    make_model(name="Undated", slug="undated", organization=acme)
    make_model(name="Draft", slug="draft", organization=acme, status=DRAFT)
    assert list(model_list_choices()) == [
        ("zeta", "Zeta", "Zed Labs"),
        ("alpha", "Alpha", "Acme"),
        ("undated", "Undated", "Acme"),
    ]


def test_model_list_peers_prefers_same_family_then_newest_and_skips_drafts():
    org = make_organization()
    model = make_model(organization=org, family="gpt")
    make_model(name="Other family new", organization=org, release_date=date(2026, 1, 1))
    make_model(
        name="Family old", organization=org, family="gpt", release_date=date(2023, 1, 1)
    )
    make_model(
        name="Family new", organization=org, family="gpt", release_date=date(2025, 1, 1)
    )
    make_model(name="Draft", organization=org, family="gpt", status=DRAFT)
    make_model(name="Elsewhere")
    assert names(model_list_peers(model=model, limit=5)) == [
        "Family new",
        "Family old",
        "Other family new",
    ]
    assert len(model_list_peers(model=model, limit=2)) == 2


def test_model_search_matches_name_or_slug_of_published_models():
    make_model(name="GPT-4 Turbo", slug="gpt-4-turbo")
    make_model(name="Hidden GPT", status=DRAFT)
    assert names(model_search(query="turbo", limit=10)) == ["GPT-4 Turbo"]
    assert names(model_search(query="gpt", limit=10)) == ["GPT-4 Turbo"]


def test_model_search_ranks_exact_then_prefix_then_contains_then_organization():
    lab = make_organization(name="Gptworks")
    make_model(name="Old GPT-5 Clone", slug="old-clone", release_date=date(2025, 1, 1))
    make_model(name="GPT-5.5", slug="gpt-5-5", release_date=date(2026, 4, 1))
    make_model(name="GPT-5", slug="gpt-5", release_date=date(2025, 8, 1))
    make_model(name="GPT-5 mini", slug="gpt-5-mini", release_date=date(2025, 9, 1))
    make_model(
        name="Unrelated",
        slug="unrelated",
        organization=lab,
        release_date=date(2026, 5, 1),
    )
    assert names(model_search(query="gpt-5", limit=10)) == [
        "GPT-5",  # exact
        "GPT-5.5",  # prefix, newest first
        "GPT-5 mini",
        "Old GPT-5 Clone",  # contains
    ]
    assert names(model_search(query="gptworks", limit=10)) == ["Unrelated"]


def test_organization_and_provider_counts_only_published_models():
    org = make_organization(name="Org")
    provider = make_provider()
    public = make_model(organization=org)
    draft = make_model(organization=org, status=DRAFT)
    make_route(model=public, provider=provider)
    make_route(model=public, provider=provider)
    make_route(model=draft, provider=provider)
    assert organization_list().get(pk=org.pk).model_count == 1
    row = provider_list().get(pk=provider.pk)
    assert (row.route_count, row.model_count) == (2, 1)


def test_benchmark_list_counts_primary_results_of_published_models():
    benchmark = make_benchmark()
    make_result(benchmark=benchmark)
    make_result(benchmark=benchmark, is_primary=False)
    make_result(benchmark=benchmark, model=make_model(status=DRAFT))
    assert benchmark_list().get().result_count == 1


@pytest.mark.parametrize(
    ("higher_is_better", "best_first", "expected"),
    [
        (True, True, ["High", "Mid", "Low"]),
        (True, False, ["Low", "Mid", "High"]),
        (False, True, ["Low", "Mid", "High"]),
        (False, False, ["High", "Mid", "Low"]),
    ],
)
def test_leaderboard_orders_by_the_benchmark_direction(
    higher_is_better, best_first, expected
):
    benchmark = make_benchmark(higher_is_better=higher_is_better)
    for name, score in [("Mid", "50"), ("High", "90"), ("Low", "10")]:
        make_result(
            benchmark=benchmark, model=make_model(name=name), score=Decimal(score)
        )
    rows = benchmark_result_list_leaderboard(benchmark=benchmark, best_first=best_first)
    assert [row.model.name for row in rows] == expected


def test_leaderboard_keeps_only_primary_results_of_published_models():
    benchmark = make_benchmark()
    shown = make_result(benchmark=benchmark)
    make_result(benchmark=benchmark, model=shown.model, is_primary=False)
    make_result(benchmark=benchmark, model=make_model(status=DRAFT))
    assert list(benchmark_result_list_leaderboard(benchmark=benchmark)) == [shown]


def test_leaderboard_blended_price_is_cheapest_paid_route_three_to_one():
    result = make_result()
    model = result.model
    make_route(model=model, input_price=Decimal("10"), output_price=Decimal("30"))
    make_route(model=model, input_price=Decimal("5"), output_price=Decimal("15"))
    make_route(model=model, input_price=Decimal("0"), output_price=Decimal("0"))
    make_route(model=model, input_price=Decimal("1"), output_price=None)
    row = benchmark_result_list_leaderboard(benchmark=result.benchmark).get()
    assert row.blended_price == Decimal("7.5")  # (3 x 5 + 15) / 4


def test_leaderboard_blended_price_is_none_without_a_complete_price():
    result = make_result()
    make_route(model=result.model, input_price=Decimal("1"), output_price=None)
    row = benchmark_result_list_leaderboard(benchmark=result.benchmark).get()
    assert row.blended_price is None
