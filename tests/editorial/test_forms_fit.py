"""
Forms that fit (issue 22, item 3): the model form folds its rarely edited
sections, and its route rows are short: provider, identifier, region,
prices and source URL; the rest is on the route's own form.
"""

import pytest

from catalog.models import LanguageModel
from tests.catalog.test_admin import admin_url, inline_formset
from tests.factories import make_model, make_route

pytestmark = pytest.mark.django_db


def test_the_model_form_folds_rarely_edited_sections(admin_client):
    model = make_model()

    response = admin_client.get(admin_url(LanguageModel, "change", model.pk))

    folded = {
        fieldset.name
        for fieldset in response.context["adminform"]
        if "collapse" in fieldset.classes
    }
    assert folded == {"License & openness", "Decision tags & sources"}
    assert "<details" in response.text


def test_route_rows_show_provider_identifier_prices_and_source_url(admin_client):
    model = make_model()
    make_route(model=model)

    response = admin_client.get(admin_url(LanguageModel, "change", model.pk))

    (row,) = inline_formset(response, "routes").forms
    assert [name for name in row.fields if name not in ("id", "model", "DELETE")] == [
        "opened_version",
        "provider",
        "identifier",
        "region",
        "input_price",
        "output_price",
        "cache_read_price",
        "source_url",
    ]
    assert 'placeholder="global"' in response.text
