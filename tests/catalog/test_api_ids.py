"""
Ids an integrator can act on (a route's API model id, a model's ids in
other catalogs) and ``?include=`` on the model list (issue 21).
"""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import make_capability, make_model, make_route

pytestmark = pytest.mark.django_db

CROSS_IDS = {
    "models_dev_id": "anthropic/claude-sonnet-4-5",
    "openrouter_id": "anthropic/claude-sonnet-4.5",
    "huggingface_id": None,
}


def sourced_model(**kwargs):
    return make_model(
        models_dev_id="anthropic/claude-sonnet-4-5",
        openrouter_id="anthropic/claude-sonnet-4.5",
        **kwargs,
    )


def test_a_route_carries_its_api_model_id_beside_its_dataset_key(client):
    model = sourced_model(slug="sonnet")
    make_route(
        model=model,
        identifier="openrouter/anthropic/claude-sonnet-4.5",
        api_model_id="anthropic/claude-sonnet-4.5",
    )
    make_route(model=model, identifier="azure_ai/claude-sonnet-4-5")

    routes = client.get(reverse("api:get_model", args=["sonnet"])).json()["routes"]

    assert sorted((r["identifier"], r["api_model_id"]) for r in routes) == [
        ("azure_ai/claude-sonnet-4-5", None),  # not sourced: null, not ""
        ("openrouter/anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4.5"),
    ]


def test_a_model_carries_its_ids_in_other_catalogs_in_detail_and_list(client):
    sourced_model(slug="sonnet")

    detail = client.get(reverse("api:get_model", args=["sonnet"])).json()
    (item,) = client.get(reverse("api:list_models")).json()["items"]

    for answer in (detail, item):
        assert {name: answer[name] for name in CROSS_IDS} == CROSS_IDS


def test_the_export_carries_the_ids(client):
    model = sourced_model(slug="sonnet", huggingface_id="Qwen/Qwen3-8B")
    make_route(model=model, identifier="x/y", api_model_id="y")

    document = client.get(reverse("api:export_catalog")).json()

    (exported,) = document["models"]
    assert exported["huggingface_id"] == "Qwen/Qwen3-8B"
    assert exported["openrouter_id"] == "anthropic/claude-sonnet-4.5"
    assert document["routes"][0]["api_model_id"] == "y"


def test_the_csv_downloads_carry_the_ids(client):
    model = sourced_model(slug="sonnet")
    make_route(model=model, identifier="x/y", api_model_id="y")

    models = client.get(reverse("api:export_models_csv")).content.decode()
    routes = client.get(reverse("api:export_routes_csv")).content.decode()

    (model_row,) = csv.DictReader(io.StringIO(models))
    (route_row,) = csv.DictReader(io.StringIO(routes))
    assert model_row["openrouter_id"] == "anthropic/claude-sonnet-4.5"
    assert model_row["huggingface_id"] == ""  # empty: not sourced
    assert (route_row["identifier"], route_row["api_model_id"]) == ("x/y", "y")


def test_the_admin_shows_the_ids_read_only(admin_client):
    model = sourced_model(slug="sonnet")
    route = make_route(model=model, identifier="x/y", api_model_id="y-api-id")

    model_page = admin_client.get(
        reverse("admin:catalog_languagemodel_change", args=[model.pk])
    ).content.decode()
    route_page = admin_client.get(
        reverse("admin:catalog_route_change", args=[route.pk])
    ).content.decode()

    assert "anthropic/claude-sonnet-4.5" in model_page
    assert 'name="openrouter_id"' not in model_page  # shown, not an input
    assert "y-api-id" in route_page
    assert 'name="api_model_id"' not in route_page


# ?include= ------------------------------------------------------------------------


def test_the_model_list_embeds_routes_and_capabilities_only_when_asked(client):
    model = make_model(slug="m")
    make_route(model=model, identifier="p/m", api_model_id="m")
    make_capability(model=model, capability="vision", value="yes")
    url = reverse("api:list_models")

    (plain,) = client.get(url).json()["items"]
    (both,) = client.get(url, {"include": "routes,capabilities"}).json()["items"]
    (routes_only,) = client.get(url, {"include": "routes"}).json()["items"]

    assert plain["routes"] is None and plain["capabilities"] is None
    assert client.get(url, {"include": ""}).json()["items"] == [plain]
    assert [r["api_model_id"] for r in both["routes"]] == ["m"]
    capabilities = {c["key"]: c["value"] for c in both["capabilities"]}
    assert capabilities["vision"] == "yes"
    assert capabilities["reasoning"] == "unknown"  # no record: unknown
    assert routes_only["capabilities"] is None and len(routes_only["routes"]) == 1
    # Each embedded route is the detail's route object.
    detail = client.get(reverse("api:get_model", args=["m"])).json()
    assert both["routes"] == detail["routes"]
    assert both["capabilities"] == detail["capabilities"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_included_model_list_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    for _ in range(size):
        model = make_model()
        make_route(model=model)
        make_route(model=model)
        make_capability(model=model)

    # Page, count, the middleware's Last-Modified, routes, capabilities.
    with django_assert_max_num_queries(5):
        response = client.get(
            reverse("api:list_models"),
            {"page_size": 100, "include": "routes,capabilities"},
        )

    assert response.status_code == 200
    assert len(response.json()["items"]) == size
    assert all(len(item["routes"]) == 2 for item in response.json()["items"])


@pytest.mark.parametrize("value", ["prices", "routes,benchmarks", "routes,", "x" * 500])
def test_an_unknown_include_is_a_422_naming_the_parameter_and_allowed_values(
    client, value
):
    response = client.get(reverse("api:list_models"), {"include": value})

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "include"]
    assert "routes, capabilities" in error["msg"]
