"""
Figures that fail a consistency check (trust.md, section 7; issue 17, item
2) are held for a Publisher, whoever saves them; the admin says so on save.
"""

import datetime as dt
from decimal import Decimal

import pytest

from catalog.checks import check_capability, check_model, check_result, check_route
from catalog.models import BenchmarkResult, LanguageModel, Route
from changes.models import PendingChange
from changes.services import approve
from tests.catalog.test_admin import add_row, admin_url, changeform_data, result_row
from tests.factories import (
    client_for,
    make_benchmark,
    make_model,
    make_organization,
    make_route,
    make_staff,
)

TODAY = dt.date(2026, 12, 4)


def test_max_output_above_the_window_fails():
    (failure,) = check_model(
        {"context_window": 128_000, "max_output_tokens": 131_072}, None, today=TODAY
    )
    assert failure.field == "max_output_tokens"
    assert failure.message == (
        "Max output 131,072 tokens is larger than the context window (128,000)."
    )
    assert not check_model(
        {"context_window": 128_000, "max_output_tokens": 128_000}, None, today=TODAY
    )


def test_a_release_in_the_future_fails():
    (failure,) = check_model({"release_date": dt.date(2027, 1, 1)}, None, today=TODAY)
    assert failure.message == "Release date 2027-01-01 is in the future."


def test_vision_no_beside_image_input_fails_either_way():
    assert check_capability("vision", "no", ["text", "image"])[0].field == "value"
    assert not check_capability("vision", "yes", ["text", "image"])
    (failure,) = check_model(
        {"input_modalities": ["image"]}, None, today=TODAY, vision="no"
    )
    assert failure.field == "input_modalities"


@pytest.mark.parametrize(
    ("old", "new", "fails"),
    [
        ("10", "1000", True),
        ("10", "1.4", True),
        ("10", "3.4", False),
        ("10", "30", False),
    ],
)
def test_a_price_more_than_three_times_its_previous_value_fails(old, new, fails):
    failures = check_route({"input_price": Decimal(new)}, {"input_price": Decimal(old)})
    assert bool(failures) is fails
    assert not check_route({"input_price": Decimal(new)}, None)  # nothing to compare


def test_a_score_outside_its_scale_fails():
    assert check_result(Decimal("101"), unit="percent", scale_max=None)
    assert check_result(Decimal("-1"), unit="elo", scale_max=Decimal(10))
    assert not check_result(Decimal("1500"), unit="elo", scale_max=None)


@pytest.mark.django_db
def test_a_publishers_100x_price_is_held_and_the_form_says_so(
    publisher, publisher_user
):
    route = make_route(input_price=Decimal("2.5"), output_price=Decimal(10))
    url = admin_url(Route, "change", route.pk)
    data = changeform_data(publisher.get(url))
    data.update(input_price="250", output_price="12")
    data["confirm_prices"] = "on"  # a move of more than 50% asks first (issue 22)

    response = publisher.post(url, data, follow=True)

    route.refresh_from_db()
    assert (route.input_price, route.output_price) == (Decimal("2.5"), Decimal(12))
    held = PendingChange.objects.get()
    assert (held.kind, held.changes) == (
        "check",
        {"input_price": {"old": "2.500000", "new": "250"}},
    )
    assert "Held for a Publisher by a check" in response.text
    assert "goes from $2.5 to $250 per 1M tokens" in response.text

    approve(held, user=publisher_user)  # a Publisher who checked accepts it
    route.refresh_from_db()
    assert route.input_price == Decimal(250)


@pytest.mark.django_db
def test_a_new_models_impossible_max_output_is_held_and_unknown(publisher):
    organization = make_organization()
    response = publisher.post(
        admin_url(LanguageModel, "add"),
        {
            **{
                key: value
                for key, value in changeform_data(
                    publisher.get(admin_url(LanguageModel, "add"))
                ).items()
                if value is not None
            },
            "name": "Big Window",
            "slug": "big-window",
            "organization": organization.pk,
            "context_window": "128000",
            "max_output_tokens": "131072",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    model = LanguageModel.objects.get(slug="big-window")
    assert model.max_output_tokens is None
    held = PendingChange.objects.get()
    assert held.object_id == model.pk
    assert held.changes == {"max_output_tokens": {"old": None, "new": "131072"}}


@pytest.mark.django_db
def test_a_new_result_outside_its_scale_is_a_form_error(publisher):
    # Results are added with a new model (the change form lists them read-only).
    benchmark = make_benchmark(unit="percent")
    url = admin_url(LanguageModel, "add")
    data = changeform_data(publisher.get(url))
    data.update(name="New", slug="new", organization=make_organization().pk)
    data.update({"routes-TOTAL_FORMS": 0, "benchmark_results-TOTAL_FORMS": 0})
    add_row(data, "benchmark_results", **result_row(benchmark, score="150"))

    response = publisher.post(url, data)

    assert response.status_code == 200
    assert "outside the benchmark&#x27;s scale (0 to 100)" in response.text
    assert not BenchmarkResult.objects.exists()


@pytest.mark.django_db
def test_an_editors_failing_edit_waits_with_the_checks_message():
    editor = client_for(make_staff(role="Editor"))
    route = make_route(input_price=Decimal("2.5"))
    url = admin_url(Route, "change", route.pk)
    data = changeform_data(editor.get(url))
    data.update(input_price="250")
    data["confirm_prices"] = "on"  # a move of more than 50% asks first (issue 22)

    response = editor.post(url, data, follow=True)

    held = PendingChange.objects.get()
    assert held.kind == "edit"
    assert "more than 3x either way" in held.reason
    assert "more than 3x either way" in response.text


@pytest.mark.django_db
def test_load_catalog_holds_failing_figures_once_and_stays_idempotent():
    from catalog.catalog_format import export_catalog, load_catalog

    model = make_model(slug="m", context_window=128_000, max_output_tokens=4_096)
    make_route(model=model, identifier="lab/m", input_price=Decimal("2.5"))
    document = export_catalog()
    (model_record,) = document["models"]
    model_record["max_output_tokens"] = 131_072
    (route_record,) = document["routes"]
    route_record["input_price"] = "250"

    report = load_catalog(document)

    model.refresh_from_db()
    route = Route.objects.get()
    assert model.max_output_tokens == 4_096 and route.input_price == Decimal("2.5")
    held = {
        (c.content_type.model, field, values["new"])
        for c in PendingChange.objects.pending()
        for field, values in c.changes.items()
    }
    assert held == {
        ("languagemodel", "max_output_tokens", "131072"),
        ("route", "input_price", "250"),
    }
    assert sum("Held for a Publisher" in note for note in report.notes) == 2

    again = load_catalog(document)

    assert PendingChange.objects.count() == 2
    assert again.updated == 0


@pytest.mark.django_db
def test_a_held_figure_reads_not_verified_on_the_comparison_page(client, publisher):
    model = make_model(slug="a-model", context_window=128_000, max_output_tokens=None)
    make_model(slug="b-model")
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(publisher.get(url))
    data.update(max_output_tokens="131072")
    publisher.post(url, data)

    page = client.get("/compare/a-model-vs-b-model/")

    assert "Not verified (held for review)" in page.text
    PendingChange.objects.get().delete()  # rejected and cleared, say
    assert "Not verified" not in client.get("/compare/a-model-vs-b-model/").text


@pytest.mark.django_db
def test_a_held_max_output_reads_not_verified_on_the_model_page(client, publisher):
    model = make_model(slug="a-model", context_window=128_000, max_output_tokens=None)
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(publisher.get(url))
    data.update(max_output_tokens="131072")
    publisher.post(url, data)

    page = client.get("/models/a-model/")

    assert "Not verified (held for review)" in page.text
    assert client.get("/api/v1/models/a-model").json()["max_output_tokens"] is None


def test_a_changed_price_far_from_other_sources_fails():
    others = {"input_price": [Decimal("2.5"), Decimal("2.6"), Decimal("2.4")]}
    (failure,) = check_route(
        {"input_price": Decimal("0.25")}, {"input_price": None}, others
    )
    assert failure.message == (
        "The input price $0.25 per 1M tokens is more than 3x away from what other "
        "sources report for this route ($2.5)."
    )
    assert not check_route({"input_price": Decimal("2")}, {"input_price": None}, others)
    # Unchanged figures are not weighed again.
    assert not check_route(
        {"input_price": Decimal("0.25")}, {"input_price": Decimal("0.25")}, others
    )


@pytest.mark.parametrize(
    ("old", "new", "held"),
    [
        # DeepSeek VL2 on Replicate: a per-run price read as per 1M tokens.
        (None, ("9.50", "4800"), "output_price"),
        # Qwen3.5 9B on one host: the input price 33x the output.
        (None, ("5", "0.15"), "input_price"),
        # An edit that makes the pair too steep holds the price it changed.
        (("0.15", "8"), ("0.01", "8"), "input_price"),
        # Image models reach 120x; chat models 2-10x: neither is held.
        (None, ("0.5", "60"), None),
        (None, ("1", "1"), None),
        # Already that steep and not changed here: another field's edit passes.
        (("9.50", "4800"), ("9.50", "4800"), None),
    ],
)
def test_an_input_and_output_price_too_far_apart_fail(old, new, held):
    def prices(pair):
        return dict(
            zip(("input_price", "output_price"), map(Decimal, pair), strict=True)
        )

    failures = check_route(prices(new), None if old is None else prices(old))
    assert [failure.field for failure in failures] == ([held] if held else [])


def test_the_pairs_message_says_how_far_apart_and_what_to_check():
    (failure,) = check_route(
        {"input_price": Decimal("9.5"), "output_price": Decimal("4800")}, None
    )
    assert failure.message == (
        "The output price $4800 per 1M tokens is 505x the input price ($9.5); no "
        "model's prices are over 150x apart: check the source's unit and digits."
    )


@pytest.mark.django_db
def test_load_catalog_holds_a_new_routes_impossible_price_pair():
    from catalog.catalog_format import export_catalog, load_catalog

    model = make_model(slug="m")
    make_route(model=model, identifier="lab/m")
    document = export_catalog()
    (route_record,) = document["routes"]
    Route.objects.all().delete()
    route_record.update(input_price="9.5", output_price="4800")

    load_catalog(document)

    route = Route.objects.get()
    assert (route.input_price, route.output_price) == (Decimal("9.5"), None)
    (held,) = PendingChange.objects.pending()
    assert held.changes["output_price"]["new"] == "4800"
