import json
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse

from catalog.catalog_format import export_catalog, load_catalog
from catalog.models import BenchmarkResult, LanguageModel, PublicationStatus, Route
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import (
    make_benchmark,
    make_capability,
    make_comparison,
    make_decision_tag,
    make_model,
    make_organization,
    make_provider,
    make_result,
    make_route,
    make_source,
)

pytestmark = pytest.mark.django_db

GOLDEN_URL = "/compare/gpt-4-turbo-vs-qwen3-5-4b/"
GOLDEN_API = "/api/v1/comparisons/gpt-4-turbo/qwen3-5-4b"
PAIR_URL = "/compare/pair-a-vs-pair-b/"
# The pair, routes, results, capabilities with sources, peers, price history.
PAIR_PAGE_QUERIES = 6
# The same: the changelog's history is read with the price history, in one query.
CURATED_PAIR_PAGE_QUERIES = 6


def page_text(response):
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def build_catalog(size):
    """
    Return the pair "pair-a" and "pair-b" (every relation a page reads)
    among ``size`` published peers written with bulk_create.
    """
    organization = make_organization()
    provider = make_provider(organization=organization)
    benchmark = make_benchmark()
    pair = []
    for slug in ("pair-a", "pair-b"):
        model = make_model(slug=slug, organization=organization)
        model.sources.add(make_source())
        model.decision_tags.add(make_decision_tag())
        make_capability(model=model, source=make_source())
        make_route(model=model, provider=provider, source=make_source())
        make_result(model=model, benchmark=benchmark, is_primary=True)
        pair.append(model)
    # A dated snapshot of pair-a, whose result pair-a's pages show, marked.
    snapshot = make_model(
        slug="pair-a-snapshot", name="Pair A snapshot", variant_of=pair[0]
    )
    make_result(model=snapshot, benchmark=make_benchmark(), is_primary=True)
    peers = LanguageModel.objects.bulk_create(
        LanguageModel(
            name=f"Peer {index}",
            slug=f"peer-{index:05d}",
            organization=organization,
            status=PublicationStatus.PUBLISHED,
            parameter_count=1_000_000 * (index + 1),
        )
        for index in range(size)
    )
    Route.objects.bulk_create(
        Route(
            model=peer,
            provider=provider,
            identifier=peer.slug,
            input_price=index % 7 + 1,
            output_price=index % 5 + 2,
        )
        for index, peer in enumerate(peers)
    )
    # A few peers share the pair's benchmark, as on a real catalog.
    BenchmarkResult.objects.bulk_create(
        BenchmarkResult(model=peer, benchmark=benchmark, score=40 + index % 50)
        for index, peer in enumerate(peers[:20])
    )
    # Asked once per process, on first use of JSON; not a query of any page.
    assert connection.features.supports_json_field
    return pair


# Query budgets --------------------------------------------------------------------


@pytest.mark.parametrize("size", [20, 5000])
def test_comparison_page_queries_do_not_grow_with_the_catalog(
    client, django_assert_num_queries, size
):
    build_catalog(size)
    with django_assert_num_queries(PAIR_PAGE_QUERIES):
        response = client.get(PAIR_URL)
    assert response.status_code == 200
    assert "Peer 1" in response.text
    assert "measured on Pair A snapshot" in response.text


@pytest.mark.parametrize("size", [20, 5000])
def test_curated_comparison_page_queries_do_not_grow_with_the_catalog(
    client, django_assert_num_queries, size
):
    a, b = build_catalog(size)
    make_comparison(model_a=a, model_b=b, verdict_override="Editors pick A.")
    with django_assert_num_queries(CURATED_PAIR_PAGE_QUERIES):
        response = client.get(PAIR_URL)
    assert "Editors pick A." in response.text


PAGES = {
    "model page": (lambda: reverse("catalog:model-detail", args=["pair-a"]), 9),
    "model list": (lambda: reverse("catalog:model-list"), 3),
    "sitemap": (lambda: "/sitemap.xml", 10),
    "API comparison": (
        lambda: reverse("api:get_comparison", kwargs={"a": "pair-a", "b": "pair-b"}),
        5,
    ),
    "API model": (lambda: reverse("api:get_model", args=["pair-a"]), 8),
    "API model list": (lambda: reverse("api:list_models"), 2),
}


@pytest.mark.parametrize("size", [20, 5000])
def test_other_pages_queries_do_not_grow_with_the_catalog(
    client, django_assert_max_num_queries, settings, size
):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": None}
    build_catalog(size)
    for name, (url, budget) in PAGES.items():
        with django_assert_max_num_queries(budget, info=name):
            response = client.get(url())
        assert response.status_code == 200, name


# The page cache and conditional GET -----------------------------------------------


def test_warm_page_runs_no_query_and_gets_a_fresh_csp_nonce(
    client, django_assert_num_queries
):
    build_catalog(3)
    first = client.get(PAIR_URL)

    with django_assert_num_queries(0):
        second = client.get(PAIR_URL)

    assert second.status_code == 200
    nonces = []
    for response in (first, second):
        nonce = re.search(r'nonce="([^"]+)"', response.text).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert first.text.replace(nonces[0], "") == second.text.replace(nonces[1], "")


def test_pair_already_shown_runs_no_query_at_new_traffic(
    client, django_assert_num_queries
):
    build_catalog(3)
    client.get(PAIR_URL)

    with django_assert_num_queries(0):
        response = client.get(PAIR_URL, {"requests": "777"})

    assert response.status_code == 200
    assert "777 requests" in page_text(response)
    assert "No price change recorded yet." in response.text


def test_curated_pair_already_shown_reads_only_its_editors_row_at_new_traffic(
    client, django_assert_num_queries
):
    a, b = build_catalog(3)
    make_comparison(model_a=a, model_b=b, verdict_override="Editors pick A.")
    client.get(PAIR_URL)

    with django_assert_num_queries(1):
        response = client.get(PAIR_URL, {"requests": "777"})

    assert "Editors pick A." in response.text
    assert "777 requests" in page_text(response)


def test_price_change_shows_in_the_cached_pair_history(
    client, django_capture_on_commit_callbacks
):
    build_catalog(3)
    assert "No price change recorded yet." in client.get(PAIR_URL).text
    route = Route.objects.get(model__slug="pair-a")

    with django_capture_on_commit_callbacks(execute=True):
        route.input_price = Decimal("1.50")
        route.save()

    text = page_text(client.get(PAIR_URL, {"requests": "777"}))
    assert f"{route.model.name}, {route.provider.name}: input price $1 → $1.50" in text


def test_public_page_carries_validators_and_cdn_cache_control(client, site_clock):
    build_catalog(3)
    site_clock.advance()

    response = client.get(PAIR_URL)

    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "stale-while-revalidate=" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    "url",
    [PAIR_URL, "/models/pair-a/", "/models/", "/benchmarks/", "/sitemap.xml"],
)
def test_matching_if_none_match_answers_304_without_rendering(
    client, django_assert_num_queries, url
):
    build_catalog(3)
    etag = client.get(url)["ETag"]

    with (
        mock.patch("comparisons.views.compute_pair", side_effect=AssertionError),
        mock.patch("django.template.loader.get_template", side_effect=AssertionError),
        django_assert_num_queries(0),
    ):
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "max-age=60" in response["Cache-Control"]


def test_current_if_modified_since_answers_304(client, site_clock):
    build_catalog(3)
    site_clock.advance()
    last_modified = client.get(PAIR_URL)["Last-Modified"]

    response = client.get(PAIR_URL, headers={"if-modified-since": last_modified})

    assert response.status_code == 304


def test_api_answers_304_before_building_the_body(client, django_assert_num_queries):
    build_catalog(3)
    url = reverse("api:get_comparison", kwargs={"a": "pair-a", "b": "pair-b"})
    etag = client.get(url)["ETag"]

    with (
        mock.patch("comparisons.facts.compute_pair", side_effect=AssertionError),
        django_assert_num_queries(0),
    ):
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304


def test_staff_pages_are_never_cached(admin_client, client):
    build_catalog(3)
    LanguageModel.objects.filter(slug="pair-b").update(status=PublicationStatus.DRAFT)

    staff = admin_client.get(PAIR_URL)

    assert staff.status_code == 200
    assert "Draft — not public" in staff.text
    assert "no-store" in staff["Cache-Control"]
    assert "private" in staff["Cache-Control"]
    assert not staff.has_header("ETag")
    assert client.get(PAIR_URL).status_code == 404


def test_different_query_strings_are_different_pages(client):
    build_catalog(3)
    default = client.get(PAIR_URL)
    busy = client.get(PAIR_URL, {"requests": "2000000"})

    assert page_text(default) != page_text(busy)
    assert page_text(client.get(PAIR_URL, {"requests": "2000000"})) == page_text(busy)


# Invalidation -----------------------------------------------------------------------


def golden_cost(client):
    return client.get(GOLDEN_API).json()["display"]["costs"]["a"]["monthly_cost"]


def test_admin_price_edit_shows_on_the_next_page_and_api_request(
    client, admin_client, golden, django_capture_on_commit_callbacks
):
    assert "$7,750" in page_text(client.get(GOLDEN_URL))
    assert golden_cost(client) == "7750"
    old_etag = client.get(GOLDEN_URL)["ETag"]
    url = admin_url(Route, "change", 5)  # Replicate's, the cheapest
    data = changeform_data(admin_client.get(url))
    data.update(input_price="4", output_price="12")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)

    assert response.status_code == 302
    page = client.get(GOLDEN_URL, headers={"if-none-match": old_etag})
    assert page.status_code == 200
    assert "$6,200" in page_text(page)
    assert golden_cost(client) == "6200"


def test_load_catalog_invalidates_cached_pages(client, golden):
    assert "$7,750" in page_text(client.get(GOLDEN_URL))
    document = export_catalog(published_only=False)
    for route in document["routes"]:
        if route["provider"] == "replicate":
            route.update(input_price="4", output_price="12")

    load_catalog(json.loads(json.dumps(document, default=str)))

    assert "$6,200" in page_text(client.get(GOLDEN_URL))
    assert golden_cost(client) == "6200"


def test_write_in_a_transaction_moves_the_generation_again_on_commit(
    django_capture_on_commit_callbacks,
):
    from sitecache.state import generation

    before = generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_model()
        during = generation()
    after = generation()

    assert before < during < after
    assert callbacks


# Health check -----------------------------------------------------------------------


def test_healthz_answers_ok_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert set(response.json()["checks"]) == {"database", "cache"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_fails(client):
    with mock.patch(
        "config.health.connection.cursor", side_effect=OSError("connection refused")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed"
    assert body["checks"]["database"]["status"] == "failed"
    assert body["checks"]["cache"]["status"] == "ok"


def test_healthz_answers_503_when_the_cache_fails(client):
    with mock.patch("config.health.cache.get", return_value=None):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "failed"
