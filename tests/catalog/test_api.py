import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from catalog.catalog_format import export_catalog, load_catalog
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    DecisionTag,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    Route,
    Source,
)
from comparisons.models import Comparison
from tests.factories import (
    make_benchmark,
    make_capability,
    make_decision_tag,
    make_model,
    make_organization,
    make_provider,
    make_result,
    make_route,
    make_source,
)

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.json()["items"]]


# Models ------------------------------------------------------------------------


def test_list_models_hides_unpublished(client):
    make_model(slug="shown")
    make_model(slug="hidden", status="draft")

    response = client.get(reverse("api:list_models"))

    assert response.status_code == 200
    assert slugs(response) == ["shown"]
    assert response.json()["count"] == 1


def test_list_models_pages_by_page_size(client):
    for name in ("A", "B", "C"):
        make_model(name=name, slug=name.lower())

    response = client.get(reverse("api:list_models"), {"page": 2, "page_size": 2})

    assert slugs(response) == ["c"]
    assert response.json()["count"] == 3


def test_list_models_refuses_page_size_over_the_cap(client):
    response = client.get(reverse("api:list_models"), {"page_size": 101})

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "page_size"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organization": "lab"}, ["small-open"]),
        ({"open_weights": "yes"}, ["small-open"]),
        ({"open_weights": "unknown"}, ["unknown-weights"]),
        ({"capability": "vision"}, ["big-closed"]),
        ({"min_context": 200_000}, ["big-closed"]),
        ({"q": "OPEN"}, ["small-open"]),
        ({"q": "big-clo"}, ["big-closed"]),
    ],
)
def test_list_models_filters(client, params, expected):
    lab = make_organization(slug="lab")
    make_model(
        slug="small-open", name="Small open", organization=lab, open_weights="yes"
    )
    big = make_model(
        slug="big-closed", name="Big", open_weights="no", context_window=1_000_000
    )
    make_capability(model=big, capability="vision", value="yes")
    unsure = make_model(slug="unknown-weights", name="Unsure")
    make_capability(model=unsure, capability="vision", value="unknown")

    response = client.get(reverse("api:list_models"), params)

    assert response.status_code == 200
    assert slugs(response) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["embed", "gpt-4o", "whisper-1"]),
        ({"kind": "speech"}, ["whisper-1"]),
        ({"kind": "language"}, ["gpt-4o"]),
        ({"kind": "video"}, []),
    ],
)
def test_list_models_lists_every_kind_unless_filtered(client, params, expected):
    make_model(slug="gpt-4o", name="GPT-4o")
    make_model(slug="whisper-1", name="Whisper", kind="speech")
    make_model(slug="embed", name="Embed", kind="embedding")

    response = client.get(reverse("api:list_models"), params)

    assert response.status_code == 200
    assert slugs(response) == expected
    assert {item["kind"] for item in response.json()["items"]} <= {
        params.get("kind", "language"),
        "speech",
        "embedding",
    }


def test_list_models_refuses_an_unknown_kind(client):
    response = client.get(reverse("api:list_models"), {"kind": "chat"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "kind"]


def test_get_model_gives_its_kind_and_its_variants_results_marked(client):
    gpt_4o = make_model(slug="gpt-4o", name="GPT-4o")
    snapshot = make_model(
        slug="gpt-4o-2024-08-06", name="GPT-4o (2024-08-06)", variant_of=gpt_4o
    )
    make_result(model=gpt_4o, benchmark=make_benchmark(slug="mmlu", name="MMLU"))
    make_result(model=snapshot, benchmark=make_benchmark(slug="gpqa", name="GPQA"))

    model = client.get(reverse("api:get_model", args=["gpt-4o"])).json()
    variant = client.get(reverse("api:get_model", args=[snapshot.slug])).json()

    assert (model["kind"], model["variant_of"]) == ("language", None)
    assert variant["variant_of"] == "gpt-4o"
    assert [
        (r["benchmark"]["slug"], r["variant_slug"], r["variant_name"])
        for r in model["benchmark_results"]
    ] == [("gpqa", "gpt-4o-2024-08-06", "GPT-4o (2024-08-06)"), ("mmlu", "", "")]
    assert [r["variant_slug"] for r in variant["benchmark_results"]] == [""]


def test_get_model_hides_a_draft_model_of_a_variant(client):
    draft = make_model(slug="draft", status="draft")
    make_model(slug="snapshot", variant_of=draft)

    response = client.get(reverse("api:get_model", args=["snapshot"]))

    assert response.json()["variant_of"] is None


def test_list_models_answers_422_listing_each_bad_filter(client):
    response = client.get(
        reverse("api:list_models"),
        {
            "open_weights": "maybe",
            "min_context": "lots",
            "capability": "telepathy",
            "q": "x" * 101,
        },
    )

    assert response.status_code == 422
    assert {tuple(error["loc"]) for error in response.json()["detail"]} == {
        ("query", "open_weights"),
        ("query", "min_context"),
        ("query", "capability"),
        ("query", "q"),
    }


def test_list_models_gives_cheapest_paid_prices_as_decimal_strings(client):
    model = make_model(slug="priced")
    make_route(
        model=model, input_price=Decimal("10.000000"), output_price=Decimal("30")
    )
    make_route(model=model, input_price=Decimal("0.035"), output_price=Decimal("0.5"))
    make_route(model=model, input_price=Decimal(0), output_price=Decimal(0))

    (item,) = client.get(reverse("api:list_models")).json()["items"]

    assert (item["cheapest_input_price"], item["cheapest_output_price"]) == (
        "0.035",
        "0.5",
    )
    assert (item["route_count"], item["free_route_count"]) == (3, 1)
    assert item["api_url"] == reverse("api:get_model", kwargs={"slug": "priced"})


def test_get_model_gives_specs_capabilities_routes_and_results_with_sources(
    client, golden
):
    response = client.get(reverse("api:get_model", kwargs={"slug": "gpt-4-turbo"}))

    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["organization"]["slug"]) == ("GPT-4 Turbo", "openai")
    assert data["context_window"] == 128_000
    assert data["release_date"] == "2024-04-09"
    assert {source["key"] for source in data["sources"]} == {
        "openai-api-pricing",
        "openai-gpt-4-turbo-docs",
    }
    capabilities = {c["key"]: c["value"] for c in data["capabilities"]}
    assert len(capabilities) == 10
    assert capabilities["function_calling"] == "yes"
    assert len(data["routes"]) == 6
    replicate = next(r for r in data["routes"] if r["provider"]["slug"] == "replicate")
    assert (replicate["input_price"], replicate["output_price"]) == ("5", "15")
    assert replicate["last_verified"] == "2026-05-22"
    assert set(replicate["source"]) >= {"key", "title", "url", "license", "attribution"}
    (result,) = data["benchmark_results"]
    assert (result["benchmark"]["slug"], result["score"]) == ("mmlu-pro", "69.4")
    assert result["source"]["key"] == "mmlu-pro-leaderboard"


def test_get_model_reads_a_capability_without_record_as_unknown(client):
    source = make_source(key="card", license="CC BY 4.0", attribution="Lab, CC BY 4.0")
    model = make_model(slug="sparse")
    make_capability(model=model, capability="vision", value="no", source=source)

    data = client.get(reverse("api:get_model", kwargs={"slug": "sparse"})).json()

    values = {c["key"]: c["value"] for c in data["capabilities"]}
    assert values == dict.fromkeys(values, "unknown") | {"vision": "no"}
    assert list(values)[:3] == ["vision", "multimodal_input", "reasoning"]
    vision = data["capabilities"][0]
    assert vision["source"]["attribution"] == "Lab, CC BY 4.0"


@pytest.mark.parametrize("slug", ["no-such-model", "draft-model"])
def test_get_model_answers_404_for_unknown_and_draft_models(client, slug):
    make_model(slug="draft-model", status="draft")

    response = client.get(reverse("api:get_model", kwargs={"slug": slug}))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)


def test_get_model_answers_422_for_a_malformed_slug(client):
    response = client.get("/api/v1/models/not.a.slug")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "slug"]


# Providers, organizations, benchmarks ------------------------------------------------


def test_list_providers_counts_routes_of_published_models(client):
    provider = make_provider(slug="host")
    make_route(provider=provider)
    make_route(provider=provider, model=make_model(status="draft"))

    (item,) = client.get(reverse("api:list_providers")).json()["items"]

    assert (item["slug"], item["route_count"], item["model_count"]) == ("host", 1, 1)


def test_get_provider_lists_its_routes_to_published_models(client):
    provider = make_provider(slug="host")
    make_route(
        provider=provider, model=make_model(slug="public"), input_price=Decimal("2.5")
    )
    make_route(provider=provider, model=make_model(slug="secret", status="draft"))

    data = client.get(reverse("api:get_provider", kwargs={"slug": "host"})).json()

    (route,) = data["routes"]
    assert (route["model"]["slug"], route["input_price"]) == ("public", "2.5")


def test_get_provider_answers_404_for_an_unknown_slug(client):
    response = client.get(reverse("api:get_provider", kwargs={"slug": "nowhere"}))

    assert response.status_code == 404
    assert "detail" in response.json()


def test_list_organizations_counts_published_models(client):
    lab = make_organization(slug="lab", name="Lab")
    make_model(organization=lab)
    make_model(organization=lab, status="draft")

    (item,) = client.get(reverse("api:list_organizations")).json()["items"]

    assert (item["slug"], item["model_count"]) == ("lab", 1)


def test_list_benchmarks_counts_primary_results_of_published_models(client):
    benchmark = make_benchmark(slug="bench")
    make_result(benchmark=benchmark)
    make_result(benchmark=benchmark, is_primary=False)
    make_result(benchmark=benchmark, model=make_model(status="draft"))

    (item,) = client.get(reverse("api:list_benchmarks")).json()["items"]

    assert (item["slug"], item["result_count"]) == ("bench", 1)


@pytest.mark.parametrize(
    ("higher_is_better", "expected"),
    [(True, ["b", "c", "a"]), (False, ["a", "c", "b"])],
)
def test_get_benchmark_orders_its_leaderboard_by_its_direction(
    client, higher_is_better, expected
):
    benchmark = make_benchmark(slug="bench", higher_is_better=higher_is_better)
    source = make_source(key="board", license="MIT")
    for slug, score in (("a", "10"), ("b", "90.5"), ("c", "50")):
        make_result(
            benchmark=benchmark,
            model=make_model(slug=slug),
            score=Decimal(score),
            source=source,
            measured_on=date(2026, 8, 1),
        )
    make_result(benchmark=benchmark, model=make_model(slug="hidden", status="draft"))

    data = client.get(reverse("api:get_benchmark", kwargs={"slug": "bench"})).json()

    assert [entry["model"]["slug"] for entry in data["leaderboard"]] == expected
    top = data["leaderboard"][0]
    assert top["source"]["license"] == "MIT"
    assert top["measured_on"] == "2026-08-01"


def test_get_benchmark_answers_404_for_an_unknown_slug(client):
    response = client.get(reverse("api:get_benchmark", kwargs={"slug": "none"}))

    assert response.status_code == 404


# Query counts ---------------------------------------------------------------------


def make_catalog(size):
    for _ in range(size):
        model = make_model()
        make_route(model=model)
        make_capability(model=model)
        make_result(model=model)


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(
    "view_name",
    ["list_models", "list_providers", "list_organizations", "list_benchmarks"],
)
def test_list_endpoints_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, view_name, size
):
    make_catalog(size)

    # count, page, and the middleware's Last-Modified.
    with django_assert_max_num_queries(3):
        response = client.get(reverse(f"api:{view_name}"), {"page_size": 100})

    assert response.status_code == 200
    assert len(response.json()["items"]) >= 3


@pytest.mark.parametrize("size", [3, 30])
def test_get_model_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    make_catalog(size)
    model = LanguageModel.objects.first()
    for _ in range(size):
        make_route(model=model)

    # The model, its five prefetches, its price history and the middleware's
    # Last-Modified.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("api:get_model", kwargs={"slug": model.slug}))

    assert response.status_code == 200


# Open data export ---------------------------------------------------------------


def without_timestamp(document):
    """
    Return an export without when it was made and what only the API's
    export adds (and loading ignores): when each record changed, each
    route's price history.
    """

    def record(value):
        return {
            k: v for k, v in value.items() if k not in {"updated_at", "price_history"}
        }

    return {
        key: [record(v) for v in value]
        if isinstance(value, list) and value and isinstance(value[0], dict)
        else value
        for key, value in document.items()
        if key != "generated_at"
    }


def test_export_gives_the_catalog_format_with_licence_and_attribution(client):
    make_source(key="stats", license="CC BY 4.0", attribution="LLM Stats, CC BY 4.0")
    make_model(slug="draft", status="draft")

    response = client.get(reverse("api:export_catalog"))

    assert response.status_code == 200
    document = response.json()
    assert (document["format"], document["schema_version"]) == (
        "llm-compare-catalog",
        1,
    )
    assert "CC BY 4.0" in document["license"]
    assert document["attribution"] == ["LLM Stats, CC BY 4.0"]
    assert document["models"] == []
    assert 'rel="license"' in response["Link"]


def test_export_then_load_into_an_emptied_database_reproduces_the_catalog(
    client, golden
):
    source = make_source(key="stats", license="CC BY 4.0", attribution="LLM Stats")
    tag = make_decision_tag(slug="multilingual")
    model = make_model(
        slug="extra", parameter_count=7_000_000_000, knowledge_cutoff="2025-01"
    )
    model.decision_tags.add(tag)
    model.sources.add(source)
    make_route(
        model=model, region="eu", cache_read_price=Decimal("0.125"), source=source
    )
    make_result(model=model, score=Decimal("12.345"), source=source)
    make_capability(model=model, capability="reasoning", value="no", note="Checked.")
    exported = client.get(reverse("api:export_catalog")).json()

    for catalog_model in (
        Comparison,
        BenchmarkResult,
        Route,
        ModelCapability,
        LanguageModel,
        Benchmark,
        Provider,
        Organization,
        DecisionTag,
        Source,
    ):
        catalog_model.objects.all().delete()
    load_catalog(exported)

    assert without_timestamp(export_catalog()) == without_timestamp(exported)
    assert LanguageModel.objects.count() == 3


def test_export_models_csv_parses_with_one_row_per_published_model(client, golden):
    make_model(slug="hidden", status="draft")

    response = client.get(reverse("api:export_models_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="models.csv"'
    assert "CC BY 4.0" in response["X-Data-License"]
    assert 'rel="license"' in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == ["gpt-4-turbo", "qwen3-5-4b"]
    assert rows[0]["capability_function_calling"] == "yes"
    assert rows[1]["open_weights"] == "yes"


def test_export_routes_csv_parses_with_prices_as_decimals(client, golden):
    response = client.get(reverse("api:export_routes_csv"))

    assert response["Content-Disposition"] == 'attachment; filename="routes.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6
    replicate = next(row for row in rows if row["provider"] == "replicate")
    assert (
        replicate["model"],
        replicate["input_price"],
        replicate["output_price"],
    ) == (
        "gpt-4-turbo",
        "5",
        "15",
    )
    salesforce = next(row for row in rows if row["provider"] == "salesforce-einstein")
    assert salesforce["input_price"] == ""  # not sourced, which is not free


# The HTTP contract (config/api.py) ------------------------------------------------------


def test_get_answers_with_etag_last_modified_and_cache_control(client, site_clock):
    make_model()
    site_clock.advance()

    response = client.get(reverse("api:list_models"))

    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


def test_get_answers_304_to_a_matching_if_none_match(client):
    make_model()
    url = reverse("api:list_models")
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_get_answers_304_to_a_current_if_modified_since(client, site_clock):
    make_model()
    site_clock.advance()
    url = reverse("api:list_models")
    last_modified = client.get(url)["Last-Modified"]

    response = client.get(url, headers={"if-modified-since": last_modified})

    assert response.status_code == 304


def test_get_answers_200_with_a_new_etag_after_a_change(client):
    model = make_model()
    url = reverse("api:list_models")
    etag = client.get(url)["ETag"]
    model.name = "Renamed"
    model.save()

    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_export_etag_ignores_the_generation_time(client):
    make_model()
    url = reverse("api:export_catalog")

    assert client.get(url)["ETag"] == client.get(url)["ETag"]


def test_get_allows_any_origin(client):
    response = client.get(
        reverse("api:list_models"), headers={"origin": "https://example.org"}
    )

    assert response["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_for_get_is_allowed(client):
    response = client.options(
        reverse("api:list_models"),
        headers={
            "origin": "https://example.org",
            "access-control-request-method": "GET",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_pages_outside_the_api_get_no_cors_header(client):
    response = client.get("/robots.txt", headers={"origin": "https://example.org"})

    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_answer_405_with_a_json_body_and_allow(client, method):
    response = getattr(client, method)(reverse("api:list_models"))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "read-only" in response.json()["detail"]


def test_options_answers_allow(client):
    response = client.options(reverse("api:list_models"))

    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_answers_the_get_headers_without_a_body(client):
    make_model()
    url = reverse("api:list_models")
    get = client.get(url)

    response = client.head(url)

    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == get["ETag"]
    assert response["Content-Length"] == str(len(get.content))


def test_head_answers_304_to_a_matching_if_none_match(client):
    make_model()
    url = reverse("api:list_models")
    etag = client.get(url)["ETag"]

    response = client.head(url, headers={"if-none-match": etag})

    assert response.status_code == 304


def test_an_unknown_api_path_answers_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found: no such API endpoint."}


def test_throttle_answers_429_with_retry_after_whatever_x_forwarded_for_says(
    client, settings
):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "3/min"}
    url = reverse("api:list_organizations")

    statuses = [
        client.get(url, headers={"x-forwarded-for": f"203.0.113.{n}"}).status_code
        for n in range(3)
    ]
    response = client.get(url, headers={"x-forwarded-for": "198.51.100.7"})

    assert statuses == [200, 200, 200]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"detail": "Too many requests."}


def test_docs_load_swagger_from_local_static_files(client):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert finders.find("ninja/swagger-ui-bundle.js")
    assert finders.find("ninja/swagger-ui-init.js")


def test_openapi_documents_200_404_422_and_429_for_every_operation(client):
    schema = client.get("/api/v1/openapi.json").json()

    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) == 13
    for operation in operations:
        assert {"200", "404", "422", "429"} <= set(operation["responses"]), operation[
            "operationId"
        ]


def test_openapi_describes_every_field_and_parameter(client):
    schema = client.get("/api/v1/openapi.json").json()

    undescribed = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    undescribed += [
        f"{path} {parameter['name']}"
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation["parameters"]
        if not parameter.get("description")
    ]
    assert undescribed == []


def test_get_model_includes_dated_price_history(client):
    from decimal import Decimal

    route = make_route(input_price=Decimal("10"))
    route.input_price = Decimal("5")
    route.save()
    response = client.get(reverse("api:get_model", kwargs={"slug": route.model.slug}))
    [change] = response.json()["price_history"]
    assert (change["field"], change["old"], change["new"]) == ("input_price", "10", "5")
    assert change["provider"] == route.provider.name
    assert change["changed_at"]


def test_csv_exports_neutralise_formulas_in_every_text_cell(client):
    model = make_model(
        name='=HYPERLINK("https://evil.example","x")',
        slug="-x",
        family="+cmd",
        architecture="@SUM(1)",
    )
    make_route(model=model, identifier="\t=1+1", region="-2+3")

    models = client.get(reverse("api:export_models_csv")).content.decode()
    routes = client.get(reverse("api:export_routes_csv")).content.decode()

    cells = [
        cell
        for text in (models, routes)
        for row in csv.reader(io.StringIO(text))
        for cell in row
    ]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t"))]
    (row,) = csv.DictReader(io.StringIO(models))
    assert row["name"] == '\'=HYPERLINK("https://evil.example","x")'
    assert (row["slug"], row["family"], row["architecture"]) == (
        "'-x",
        "'+cmd",
        "'@SUM(1)",
    )
    (route,) = csv.DictReader(io.StringIO(routes))
    assert (route["model"], route["identifier"], route["region"]) == (
        "'-x",
        "'\t=1+1",
        "'-2+3",
    )
    assert route["input_price"] == "1"


@pytest.mark.django_db
@pytest.mark.parametrize("what", ["models", "providers", "benchmarks"])
def test_a_missing_record_is_a_404_naming_it_with_a_code(client, what):
    response = client.get(f"/api/v1/{what}/no-such-thing")

    assert response.status_code == 404
    kind = what.removesuffix("s")
    assert response.json() == {
        "detail": f"No published {kind} 'no-such-thing'.",
        "code": f"{kind}_not_found",
        "slug": "no-such-thing",
    }


def test_answers_carry_ratelimit_headers_counting_down(client, settings):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "3/min"}
    url = reverse("api:list_organizations")

    first, second = client.get(url), client.get(url)
    client.get(url)
    refused = client.get(url)

    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("3", "2")
    assert second["RateLimit-Remaining"] == "1"
    assert 0 < int(first["RateLimit-Reset"]) <= 60
    assert refused.status_code == 429 and refused["RateLimit-Remaining"] == "0"
