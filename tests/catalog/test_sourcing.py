import pytest
from django.test import Client

from catalog.models import BenchmarkResult, LanguageModel, ModelCapability, Route
from catalog.sourcing import missing_source_counts
from tests.catalog.test_admin import admin_url
from tests.factories import (
    make_capability,
    make_model,
    make_result,
    make_route,
    make_source,
    make_staff,
)


@pytest.fixture
def editor():
    client = Client()
    client.force_login(make_staff(role="Editor", username="eddie"))
    return client


@pytest.mark.django_db
def test_missing_source_counts_count_figures_without_a_source():
    make_route(source=make_source())
    make_route(source_url="https://example.com/pricing")
    make_route()
    make_result(source=make_source())
    make_result()
    make_capability(source=make_source())
    make_capability()

    assert missing_source_counts() == {"route": 1, "result": 1, "capability": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory"),
    [
        (Route, make_route),
        (BenchmarkResult, make_result),
        (ModelCapability, make_capability),
    ],
)
def test_has_source_filter_splits_the_changelist(admin_client, model, factory):
    sourced = factory(source=make_source())
    unsourced = factory()
    url = admin_url(model, "changelist")

    with_source = admin_client.get(url, {"has_source": "yes"})
    without_source = admin_client.get(url, {"has_source": "no"})

    assert list(with_source.context["cl"].result_list) == [sourced]
    assert list(without_source.context["cl"].result_list) == [unsourced]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory", "widget"),
    [
        (Route, make_route, "add_id_source"),
        (BenchmarkResult, make_result, "add_id_source"),
        (ModelCapability, make_capability, "add_id_source"),
        # Routes and results are read-only lines on a model's form (issue
        # 22); a new model's result rows are tested below.
        (LanguageModel, make_model, "add_id_capabilities-0-source"),
    ],
)
def test_source_fields_offer_adding_a_source_in_a_popup(editor, model, factory, widget):
    obj = factory()

    response = editor.get(admin_url(model, "change", obj.pk))

    assert f'id="{widget}"' in response.text
    assert "data-popup" in response.text


@pytest.mark.django_db
def test_a_new_models_result_rows_offer_adding_a_source_in_a_popup(editor):
    response = editor.get(admin_url(LanguageModel, "add"))

    assert 'id="add_id_benchmark_results-__prefix__-source"' in response.text
    assert "data-popup" in response.text
