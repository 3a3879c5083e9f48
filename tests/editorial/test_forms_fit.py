"""
Forms that fit (issue 22, item 3): the model form in sections, its routes
and results one read-only line each linking to their filtered lists, help
text with units, a source picker on the route form, and a page whose
queries do not grow with the number of routes.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import LanguageModel, Route
from tests.catalog.test_admin import admin_url, changeform_data, inline_formset
from tests.factories import (
    client_for,
    make_model,
    make_result,
    make_route,
    make_source,
    make_staff,
)

pytestmark = pytest.mark.django_db


def test_the_model_form_has_sections_and_folds_rarely_edited_ones(admin_client):
    model = make_model()

    response = admin_client.get(admin_url(LanguageModel, "change", model.pk))

    sections = [fieldset.name for fieldset in response.context["adminform"]]
    assert sections[:3] == ["Identity", "Specs", "Sources"]
    assert {"Routes", "Benchmark results", "Review"} <= set(sections)
    folded = {
        fieldset.name
        for fieldset in response.context["adminform"]
        if "collapse" in fieldset.classes
    }
    assert folded == {"License, openness & decision tags", "Ids in other catalogs"}
    assert "<details" in response.text


def test_routes_and_results_are_read_only_lines_linking_to_their_lists(admin_client):
    model = make_model()
    make_route(
        model=model,
        input_price=Decimal("2.5"),
        output_price=Decimal("10"),
        last_verified=dt.date(2026, 3, 2),
    )
    make_result(model=model, score=Decimal("71.3"))

    response = admin_client.get(admin_url(LanguageModel, "change", model.pk))

    prefixes = {
        formset.formset.prefix for formset in response.context["inline_admin_formsets"]
    }
    assert "routes" not in prefixes
    assert "benchmark_results" not in prefixes
    text = response.text
    assert "in $2.50 · out $10 · cached — per 1M · verified 2026-03-02" in text
    assert f"/admin/catalog/route/?model__id__exact={model.pk}" in text
    assert f"/admin/catalog/benchmarkresult/?model__id__exact={model.pk}" in text
    assert "71.3 percent" in text


def test_the_add_form_takes_the_essentials_and_a_first_route(admin_client):
    response = admin_client.get(admin_url(LanguageModel, "add"))

    sections = [fieldset.name for fieldset in response.context["adminform"]]
    assert "Routes" not in sections
    (row,) = inline_formset(response, "routes").forms
    assert "input_price" in row.fields
    assert 'placeholder="global"' in response.text


def test_fields_carry_units_and_required_fields_say_so(admin_client):
    model = make_model()
    route = make_route(model=model)

    model_page = admin_client.get(admin_url(LanguageModel, "change", model.pk)).text
    route_page = admin_client.get(admin_url(Route, "change", route.pk)).text

    assert "In tokens, input and output together" in model_page
    assert "US dollars per 1M tokens" in route_page
    assert "Empty = global" in route_page
    assert "Not the same as last reviewed" in route_page
    assert "Not the same as last verified" in route_page
    assert 'class="required"' in model_page  # styled "(required)" in admin-editor.css


def test_the_source_picker_sets_source_url_and_last_verified(admin_client):
    source = make_source(url="https://openai.com/api/pricing/")
    route = make_route(source_url="")
    data = changeform_data(admin_client.get(admin_url(Route, "change", route.pk)))
    data.update(verified_from=source.pk, change_note="checked the pricing page")

    response = admin_client.post(admin_url(Route, "change", route.pk), data)

    assert response.status_code == 302, response.context["errors"]
    route.refresh_from_db()
    assert route.source == source
    assert route.source_url == "https://openai.com/api/pricing/"
    assert route.last_verified == timezone.localdate()


def test_the_largest_model_form_takes_the_same_queries_at_any_size():
    publisher = client_for(make_staff(role="Publisher", username="pat"))
    model = make_model()
    for _ in range(3):
        make_route(model=model)
        make_result(model=model)
    url = admin_url(LanguageModel, "change", model.pk)
    publisher.get(url)
    with CaptureQueriesContext(connection) as few:
        publisher.get(url)
    for _ in range(20):
        make_route(model=model)
        make_result(model=model)
    with CaptureQueriesContext(connection) as many:
        response = publisher.get(url)

    assert response.status_code == 200
    assert len(many) == len(few)
