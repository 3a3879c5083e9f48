import datetime as dt
import html
from decimal import Decimal

import pytest
from django.template import engines
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags

from catalog.models import BenchmarkResult, LanguageModel, PublicationStatus, Route
from catalog.selectors import route_price_changes
from catalog.services import mark_reviewed, set_publication_status
from comparisons.models import Comparison
from comparisons.selectors import comparison_changelog, pair_history
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import (
    make_benchmark,
    make_comparison,
    make_model,
    make_provider,
    make_result,
    make_route,
    make_staff,
)


@pytest.fixture
def editor_user():
    # A Publisher: an Editor's edits of published records wait for one.
    return make_staff(role="Publisher", username="eddie")


@pytest.fixture
def editor(editor_user):
    client = Client()
    client.force_login(editor_user)
    return client


def edit_in_admin(client, model, obj, **changes):
    url = admin_url(model, "change", obj.pk)
    data = changeform_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


def set_price(route, **prices):
    route = Route.objects.get(pk=route.pk)
    for name, value in prices.items():
        setattr(route, name, Decimal(value))
    route.save()


# The admin history ---------------------------------------------------------------


@pytest.mark.django_db
def test_admin_edit_records_who_when_and_each_field_change(editor, editor_user):
    route = make_route(input_price=Decimal(10), output_price=Decimal(30))

    edit_in_admin(editor, Route, route, input_price="5", region="eu")

    record = route.history.first()
    assert record.history_user == editor_user
    assert record.history_date.date() == timezone.now().date()
    delta = record.diff_against(record.prev_record)
    assert sorted(delta.changed_fields) == ["input_price", "region"]


@pytest.mark.django_db
def test_history_page_shows_field_diffs_without_bookkeeping(editor):
    route = make_route(input_price=Decimal(10))
    edit_in_admin(editor, Route, route, input_price="5")

    response = editor.get(admin_url(Route, "history", route.pk))

    text = html.unescape(response.text)
    assert response.status_code == 200
    assert "Input $/1M:" in text
    assert "10.000000" in text
    assert "5.000000" in text
    assert "eddie" in text
    assert "Version:" not in text
    assert "Updated:" not in text


@pytest.mark.django_db
def test_history_page_shows_the_review_reason(editor):
    model = make_model()
    mark_reviewed(objects=[model], user=None, today=dt.date(2026, 11, 25))

    response = editor.get(admin_url(LanguageModel, "history", model.pk))

    assert "Marked reviewed" in response.text
    assert "Last reviewed:" in html.unescape(response.text)


@pytest.mark.django_db
def test_status_change_is_recorded_with_its_reason():
    model = make_model(status=PublicationStatus.DRAFT)

    set_publication_status(
        objects=[model], status=PublicationStatus.PUBLISHED, user=None
    )

    record = model.history.first()
    assert record.history_change_reason == "Set to published from the list"
    assert record.diff_against(record.prev_record).changed_fields == ["status"]
    assert not hasattr(model, "_change_reason")


# Price history -------------------------------------------------------------------


@pytest.mark.django_db
def test_route_price_changes_lists_each_changed_price_newest_first(
    django_assert_num_queries,
):
    provider = make_provider(name="Groq")
    route = make_route(
        provider=provider,
        identifier="llama",
        input_price=Decimal(10),
        output_price=Decimal(30),
    )
    set_price(route, input_price="5")
    set_price(route, output_price="0", cache_read_price="1.25")
    make_route(model=route.model)  # never changed
    make_route()  # another model

    with django_assert_num_queries(1):
        changes = route_price_changes(model_ids=[route.model_id])

    assert [
        (c.label, c.old_text, c.new_text, c.provider, c.identifier) for c in changes
    ] == [
        ("output price", "$30", "free", "Groq", "llama"),
        ("cached input price", "not sourced", "$1.25", "Groq", "llama"),
        ("input price", "$10", "$5", "Groq", "llama"),
    ]
    assert changes[0].changed_on == timezone.localdate()
    assert changes[0].changed_at >= changes[-1].changed_at


@pytest.mark.django_db
def test_route_price_changes_keeps_deleted_routes_and_filters_by_date():
    route = make_route(input_price=Decimal(10))
    set_price(route, input_price="8")
    between = timezone.now()
    set_price(route, input_price="6")
    model_id = route.model_id
    Route.objects.get(pk=route.pk).delete()

    everything = route_price_changes(model_ids=[model_id])
    recent = route_price_changes(model_ids=[model_id], since=between)

    assert [(c.old, c.new) for c in everything] == [
        (Decimal(8), Decimal(6)),
        (Decimal(10), Decimal(8)),
    ]
    assert [(c.old, c.new) for c in recent] == [(Decimal(8), Decimal(6))]


@pytest.mark.django_db
def test_model_page_shows_the_price_history(client):
    route = make_route(provider=make_provider(name="Groq"), input_price=Decimal(10))
    set_price(route, input_price="5")

    response = client.get(route.model.get_absolute_url())

    text = " ".join(html.unescape(strip_tags(response.text)).split())
    assert "Price history" in text
    assert f"Groq: input price $10 → $5 on {timezone.localdate():%Y-%m-%d}" in text


@pytest.mark.django_db
def test_model_page_skips_the_history_query_when_no_route_changed(
    client, django_assert_num_queries
):
    model = make_model()
    make_route(model=model)

    # The page's 9 (its reported figures' query included), and no history query.
    with django_assert_num_queries(9):
        response = client.get(model.get_absolute_url())

    assert "Price history" not in response.text


@pytest.mark.django_db
def test_model_page_queries_do_not_grow_with_price_changes(
    client, django_assert_num_queries
):
    model = make_model()
    for _ in range(5):
        route = make_route(model=model)
        set_price(route, input_price="3")
        set_price(route, output_price="4")

    with django_assert_num_queries(10):
        response = client.get(model.get_absolute_url())

    assert len(response.context["price_changes"]) == 10


# The changelog of a curated comparison ---------------------------------------------


@pytest.mark.django_db
def test_comparison_changelog_lists_changes_since_publication(
    django_assert_num_queries,
):
    a, b = make_model(name="Alpha"), make_model(name="Beta")
    route = make_route(
        model=a,
        provider=make_provider(name="Groq"),
        identifier="alpha",
        input_price=Decimal(10),
    )
    result = make_result(model=b, benchmark=make_benchmark(name="MMLU"), score=80)
    comparison = make_comparison(model_a=a, model_b=b, status=PublicationStatus.DRAFT)
    set_price(route, input_price="9")  # before publication: not listed
    comparison.status = PublicationStatus.PUBLISHED
    comparison.save()
    set_price(route, input_price="5")
    comparison.verdict_override = "Editors prefer Alpha."
    comparison.save()
    result.score = Decimal("82.5")
    result.save()

    with django_assert_num_queries(1):
        changelog = comparison_changelog(comparison=comparison)

    assert [(e.kind, e.subject, e.description) for e in changelog] == [
        ("benchmark", "Beta on MMLU", "score 80.0 → 82.5"),
        ("verdict", "Editors' verdict", "written by the editors"),
        ("price", "Alpha on Groq (alpha)", "input price $9 → $5"),
    ]


@pytest.mark.django_db
def test_comparison_changelog_is_empty_until_published():
    route = make_route()
    comparison = make_comparison(model_a=route.model, status=PublicationStatus.DRAFT)
    set_price(route, input_price="5")

    assert comparison_changelog(comparison=comparison) == []


@pytest.mark.django_db
def test_comparison_changelog_template_renders_entries():
    route = make_route(input_price=Decimal(10))
    comparison = make_comparison(model_a=route.model)
    set_price(route, input_price="5")

    macros = engines["jinja2"].env.get_template("includes/macros.html").module
    text = str(macros.comparison_changelog(comparison_changelog(comparison=comparison)))

    assert "input price $10 → $5" in html.unescape(text)
    empty = str(macros.comparison_changelog([]))
    assert "No change since this comparison was published." in empty


# A comparison page's history, in one query -------------------------------------------


def publish(comparison):
    comparison.status = PublicationStatus.PUBLISHED
    comparison.save()


def set_verdict(comparison, text):
    comparison.verdict_override = text
    comparison.save()


def set_score(result, score):
    result = BenchmarkResult.objects.get(pk=result.pk)
    result.score = Decimal(score)
    result.save()


@pytest.mark.django_db
def test_pair_history_reads_prices_and_changelog_since_publication_in_one_query(
    django_assert_num_queries,
):
    a, b = make_model(name="Alpha"), make_model(name="Beta")
    route = make_route(
        model=a,
        provider=make_provider(name="Groq"),
        identifier="alpha",
        input_price=Decimal(10),
        output_price=Decimal("0.6"),
    )
    mmlu = make_benchmark(name="MMLU")
    kept = make_result(model=b, benchmark=mmlu, score=Decimal("80"))
    withdrawn = make_result(model=a, benchmark=make_benchmark(name="GPQA"))
    comparison = make_comparison(model_a=a, model_b=b, status=PublicationStatus.DRAFT)
    # Before publication: in the price history, not in the changelog.
    set_price(route, input_price="9")
    set_score(kept, "81")
    set_verdict(comparison, "Draft verdict.")
    publish(comparison)
    set_price(route, input_price="5", output_price="0.45")
    set_verdict(comparison, "")
    set_verdict(comparison, "Editors prefer Alpha.")
    set_verdict(comparison, "Editors prefer Beta.")
    set_score(kept, "82.5")
    make_result(model=a, benchmark=mmlu, score=Decimal("77.25"))
    withdrawn.delete()
    make_route(model=make_model())  # another model
    make_result()  # another model

    with django_assert_num_queries(1):
        history = pair_history(model_ids=[a.pk, b.pk], comparison_id=comparison.pk)

    assert [(c.label, c.old, c.new) for c in history.price_changes] == [
        ("input price", Decimal(9), Decimal(5)),
        ("output price", Decimal("0.6"), Decimal("0.45")),
        ("input price", Decimal(10), Decimal(9)),
    ]
    assert [str(c.new) for c in history.price_changes] == [
        "5.000000",
        "0.450000",
        "9.000000",
    ]
    assert [(e.kind, e.subject, e.description) for e in history.changelog] == [
        ("benchmark", "Alpha on GPQA", "result withdrawn"),
        ("benchmark", "Alpha on MMLU", "new result: score 77.3"),
        ("benchmark", "Beta on MMLU", "score 81.0 → 82.5"),
        ("verdict", "Editors' verdict", "rewritten"),
        ("verdict", "Editors' verdict", "written by the editors"),
        ("verdict", "Editors' verdict", "withdrawn; the computed verdict is shown"),
        ("price", "Alpha on Groq (alpha)", "input price $9 → $5"),
        ("price", "Alpha on Groq (alpha)", "output price $0.60 → $0.45"),
    ]
    assert all(timezone.is_aware(entry.changed_at) for entry in history.changelog)
    assert history.changelog == comparison_changelog(comparison=comparison)
    assert history.price_changes == route_price_changes(model_ids=[a.pk, b.pk])


@pytest.mark.django_db
def test_pair_history_of_an_uncurated_pair_has_prices_and_no_changelog(
    django_assert_num_queries,
):
    route = make_route(input_price=Decimal(10))
    other = make_model()
    make_result(model=route.model)
    set_price(route, input_price="5")

    with django_assert_num_queries(1):
        history = pair_history(model_ids=[route.model_id, other.pk])

    assert [(c.model_id, c.old, c.new) for c in history.price_changes] == [
        (route.model_id, Decimal(10), Decimal(5))
    ]
    assert history.changelog == []


@pytest.mark.django_db
def test_pair_history_changelog_is_empty_until_published():
    route = make_route(input_price=Decimal(10))
    result = make_result(model=route.model)
    comparison = make_comparison(model_a=route.model, status=PublicationStatus.DRAFT)
    set_price(route, input_price="5")
    set_score(result, "60")
    set_verdict(comparison, "Not yet.")

    history = pair_history(
        model_ids=[comparison.model_a_id, comparison.model_b_id],
        comparison_id=comparison.pk,
    )

    assert [c.label for c in history.price_changes] == ["input price"]
    assert history.changelog == []


@pytest.mark.django_db
def test_pair_history_is_empty_for_rows_loaded_without_history():
    comparison = make_comparison()
    # As after loaddata, which writes no history.
    Comparison.history.filter(id=comparison.pk).delete()

    history = pair_history(
        model_ids=[comparison.model_a_id, comparison.model_b_id],
        comparison_id=comparison.pk,
    )

    assert history.price_changes == []
    assert history.changelog == []


HISTORY_TRACKED = [
    "catalog/source",
    "catalog/organization",
    "catalog/provider",
    "catalog/languagemodel",
    "catalog/route",
    "catalog/benchmark",
    "catalog/benchmarkresult",
    "catalog/modelcapability",
    "comparisons/comparison",
]


@pytest.mark.parametrize("model", HISTORY_TRACKED)
@pytest.mark.parametrize("object_id", ["abc", "1.5", "9" * 30, "%F0%9F%98%80"])
def test_history_of_an_id_that_is_not_a_number_is_a_404(admin_client, model, object_id):
    admin_client.raise_request_exception = False

    assert admin_client.get(f"/admin/{model}/{object_id}/history/").status_code == 404
    assert admin_client.get(f"/admin/{model}/{object_id}/history/1/").status_code == 404
