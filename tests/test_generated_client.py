"""
The OpenAPI document generates a working client (issue 21, item 1):
openapi-python-client (pinned in requirements-dev.lock) generates one from
the live document into a temporary folder, and the test calls every
operation with it against a live server, checking what the client parses
(typed objects, not dicts) and the caching and rate-limit headers.
"""

import importlib
import importlib.util
import json
import subprocess
import sys
import urllib.request
from decimal import Decimal

import pytest

from tests.factories import make_api_catalog

PACKAGE = "llm_compare_client"
# Generation only: no ruff run over the generated code (no network either).
GENERATOR_CONFIG = {"post_hooks": [], "package_name_override": PACKAGE}

pytestmark = pytest.mark.django_db(transaction=True)


def _operation_ids(document: dict) -> set[str]:
    return {
        operation["operationId"]
        for operations in document["paths"].values()
        for operation in operations.values()
    }


@pytest.fixture(scope="module")
def generated_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("client")
    yield folder
    if str(folder / "out") in sys.path:
        sys.path.remove(str(folder / "out"))
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]


def _generate(folder, document_url: str) -> None:
    assert importlib.util.find_spec("openapi_python_client"), (
        "openapi-python-client is missing: `make install` installs requirements-dev.lock"
    )
    with urllib.request.urlopen(document_url) as answer:  # noqa: S310 (the live server)
        (folder / "openapi.json").write_bytes(answer.read())
    (folder / "config.json").write_text(json.dumps(GENERATOR_CONFIG))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(folder / "openapi.json"),
            "--output-path",
            str(folder / "out"),
            "--config",
            str(folder / "config.json"),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    sys.path.insert(0, str(folder / "out"))


@pytest.fixture
def generated(generated_folder, live_server):
    """
    Return the client package generated from the live server's OpenAPI
    document (once a module), and the document.
    """
    if not (generated_folder / "out").exists():
        _generate(generated_folder, f"{live_server.url}/api/v1/openapi.json")
    package = importlib.import_module(PACKAGE)
    importlib.import_module(f"{PACKAGE}.models")
    document = json.loads((generated_folder / "openapi.json").read_text())
    return package, document


@pytest.fixture
def catalog(transactional_db):
    make_api_catalog()


@pytest.fixture
def client(generated, live_server, catalog):
    package, _ = generated
    # One connection a request: none left open in a server thread at teardown.
    with package.Client(
        base_url=live_server.url,
        raise_on_unexpected_status=True,
        timeout=30,
        headers={"Connection": "close"},
    ) as client:
        yield client


def _call(generated, module: str, **kwargs):
    """Call operation ``module`` (its operation id); return the whole response."""
    package, _ = generated
    group = (
        "comparisons" if module in {"compare_models", "estimate_cost"} else "catalog"
    )
    operation = importlib.import_module(f"{PACKAGE}.api.{group}.{module}")
    return operation.sync_detailed(**kwargs)


def test_the_operations_have_readable_ids(generated):
    _, document = generated

    assert _operation_ids(document) == {
        "list_models",
        "get_model",
        "list_providers",
        "get_provider",
        "list_organizations",
        "list_benchmarks",
        "get_benchmark",
        "list_changes",
        "export_catalog",
        "export_models_csv",
        "export_routes_csv",
        "compare_models",
        "estimate_cost",
    }


def test_every_operation_parses_into_typed_objects(generated, client):
    package, document = generated
    models = package.models
    called = set()

    def call(operation_id, **kwargs):
        called.add(operation_id)
        response = _call(generated, operation_id, client=client, **kwargs)
        assert response.status_code == 200, response.content[:300]
        for header in ("ETag", "Cache-Control", "RateLimit-Remaining"):
            assert header in response.headers, (operation_id, header)
        return response.parsed

    page = call("list_models", sort=models.ModelSort.PRICE)
    assert isinstance(page, models.PagedLanguageModelOut)
    # Cheapest paid input price first: Replicate's $5 route; the others have none.
    assert [item.slug for item in page.items][0] == "gpt-4-turbo"
    assert page.count == 3 and page.next_ is None
    turbo = page.items[0]
    assert isinstance(turbo, models.LanguageModelOut)
    assert Decimal(turbo.cheapest_input_price) == Decimal(5)
    assert turbo.open_weights is models.TriState.NO
    page = call(
        "list_models", open_weights=models.TriState.YES, kind=models.ModelKind.LANGUAGE
    )
    assert "gpt-4-turbo" not in [item.slug for item in page.items]

    detail = call("get_model", slug="gpt-4-turbo")
    assert isinstance(detail, models.LanguageModelDetailOut)
    assert detail.organization.slug == "openai"
    assert all(isinstance(c.value, models.TriState) for c in detail.capabilities)
    prices = {route.provider.slug: route.input_price for route in detail.routes}
    assert prices["openai-api"] == "10" and prices["salesforce-einstein"] is None

    providers = call("list_providers")
    assert isinstance(providers.items[0], models.ProviderOut)
    provider = call("get_provider", slug="openai-api")
    assert {route.model.slug for route in provider.routes} == {"gpt-4-turbo"}
    organizations = call("list_organizations")
    assert {o.slug: o.model_count for o in organizations.items}["openai"] == 1
    benchmarks = call("list_benchmarks")
    assert "mmlu-pro" in [b.slug for b in benchmarks.items]
    board = call("get_benchmark", slug="mmlu-pro")
    assert isinstance(board.leaderboard[0], models.LeaderboardEntryOut)

    changes = call("list_changes", limit=500)
    assert isinstance(changes, models.ChangesOut)
    assert changes.changes and changes.has_more is False
    assert isinstance(changes.changes[0].change, models.ChangeOutChange)

    export = call("export_catalog")
    assert isinstance(export.models[0], models.ModelRecord)
    assert {m.slug for m in export.models} == {
        "gpt-4-turbo",
        "qwen3-5-4b",
        "tiny-model",
    }
    assert isinstance(export.routes[0], models.RouteRecord)
    assert isinstance(export.models[0].capabilities[0], models.CapabilityRecord)

    models_csv = _call(generated, "export_models_csv", client=client)
    called.add("export_models_csv")
    assert models_csv.status_code == 200
    assert models_csv.content.decode().startswith("slug,name,organization")
    routes_csv = _call(generated, "export_routes_csv", client=client)
    called.add("export_routes_csv")
    assert routes_csv.content.decode().startswith("model,provider,identifier")

    compared = call("compare_models", a="qwen3-5-4b", b="gpt-4-turbo")
    assert isinstance(compared, models.ComparisonResultOut)
    assert (compared.requested.a, compared.requested.b) == ("qwen3-5-4b", "gpt-4-turbo")
    assert (compared.canonical.a, compared.canonical.b) == ("gpt-4-turbo", "qwen3-5-4b")
    assert compared.canonical.requested_order_reversed is True
    verdict = compared.facts.verdict
    assert verdict.pick == "qwen3-5-4b"
    quality = verdict.dimensions[0]
    assert quality.margin.unit is models.MarginUnit.POINTS
    assert Decimal(quality.margin.value) == Decimal("9.7")
    cost = compared.facts.costs.a.cheapest_cost
    assert (Decimal(cost.amount), cost.currency, cost.per) == (
        Decimal(7750),
        "USD",
        "month",
    )
    assert compared.facts.capabilities[0].a is models.TriState.YES
    assert compared.display.verdict.pick is models.Side.B

    costs = call(
        "estimate_cost",
        models="gpt-4-turbo,qwen3-5-4b",
        requests=1000,
        input_tokens=1000,
        output_tokens=1000,
        price_basis=models.PriceBasis.CHEAPEST,
    )
    assert isinstance(costs, models.CostEstimateOut)
    turbo_cost = {m.slug: m for m in costs.models}["gpt-4-turbo"]
    # 1,000 requests of 1,000 tokens in ($5 per 1M) and out ($15) at Replicate.
    assert Decimal(turbo_cost.monthly_cost) == Decimal(20)
    assert costs.profile.price_basis is models.PriceBasis.CHEAPEST

    assert called == _operation_ids(document)


def test_errors_and_a_304_parse_as_declared(generated, client):
    models = generated[0].models

    missing = _call(generated, "get_model", client=client, slug="no-such-model")
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.ErrorOut)
    assert (missing.parsed.code, missing.parsed.slug) == (
        "model_not_found",
        "no-such-model",
    )

    same = _call(
        generated, "compare_models", client=client, a="qwen3-5-4b", b="qwen3-5-4b"
    )
    assert same.status_code == 404 and same.parsed.code == "same_model"

    invalid = _call(generated, "list_models", client=client, page_size=101)
    assert invalid.status_code == 422
    assert isinstance(invalid.parsed, models.ValidationErrorOut)
    assert invalid.parsed.detail[0].loc == ["query", "page_size"]

    first = _call(generated, "get_model", client=client, slug="qwen3-5-4b")
    etag = first.headers["ETag"]
    again = _call(
        generated,
        "get_model",
        client=client.with_headers({"If-None-Match": etag}),
        slug="qwen3-5-4b",
    )
    assert again.status_code == 304
    assert again.parsed is None
    # GZipMiddleware weakens the compressed 200's ETag; the 304 is not compressed.
    assert again.headers["ETag"].removeprefix("W/") == etag.removeprefix("W/")


def test_a_429_parses_as_declared(generated, client, settings):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "1/min"}
    models = generated[0].models

    _call(generated, "list_organizations", client=client)
    refused = _call(generated, "list_organizations", client=client)

    assert refused.status_code == 429
    assert isinstance(refused.parsed, models.TooManyRequestsOut)
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.headers["RateLimit-Remaining"] == "0"
