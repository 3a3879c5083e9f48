import datetime as dt
import json
import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.template import engines
from django.template.loader import get_template
from django.urls import reverse

from catalog.formatting import format_price
from catalog.models import LanguageModel, PublicationStatus
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
    make_variant,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
JSON_LD = re.compile(
    r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', re.S
)


def build_catalog(size):
    """
    Return a catalog of ``size`` published models over three organizations,
    each with two routes, capabilities, a primary and a secondary result,
    tags, sources and curated comparisons, plus one draft model.
    """
    cc_by = make_source(
        title="Epoch AI Benchmarking Hub",
        license="CC BY 4.0",
        attribution="Epoch AI, 'AI Benchmarking Hub', CC BY 4.0",
    )
    pricing = make_source(title="Pricing page")
    organizations = [make_organization() for _ in range(3)]
    providers = [make_provider() for _ in range(3)]
    benchmark = make_benchmark(name="MMLU-Pro", slug="mmlu-pro")
    tag = make_decision_tag(name="Coding")
    models = []
    for i in range(size):
        model = make_model(
            organization=organizations[i % 3],
            family="family",
            release_date=date(2025, 1 + i % 12, 1),
            last_reviewed=date(2026, 11, 1 + i % 20),
        )
        model.sources.add(cc_by, pricing)
        model.decision_tags.add(tag)
        for j, provider in enumerate(providers[:2]):
            make_route(
                model=model,
                provider=provider,
                input_price=Decimal(1 + i + j),
                output_price=Decimal(3 + i + j),
                source=pricing,
            )
        make_capability(model=model, capability="vision", value="yes", source=cc_by)
        make_capability(model=model, capability="reasoning", value="no")
        make_result(model=model, benchmark=benchmark, score=50 + i, source=cc_by)
        make_result(
            model=model,
            benchmark=benchmark,
            score=40 + i,
            is_primary=False,
            provenance="self_reported",
        )
        models.append(model)
    for a, b in zip(models, models[1:], strict=False):
        make_comparison(
            model_a=a, model_b=b, featured=True, last_reviewed=date(2026, 11, 2)
        )
    draft = make_model(
        name="Secret Model",
        slug="secret-model",
        organization=organizations[0],
        status=DRAFT,
    )
    make_route(model=draft, provider=providers[0])
    make_result(model=draft, benchmark=benchmark)
    return SimpleNamespace(
        models=models,
        draft=draft,
        organization=organizations[0],
        provider=providers[0],
        benchmark=benchmark,
        source=cc_by,
    )


@pytest.fixture
def catalog():
    return build_catalog(3)


def json_ld(response):
    return [json.loads(block) for block in JSON_LD.findall(response.text)]


# Query budgets: the same for 3 and for 30 models, so no page queries per row.
PAGES = {
    "home": (lambda c: reverse("comparisons:home"), 4),
    "model list": (lambda c: reverse("catalog:model-list"), 3),
    "model list filtered": (
        lambda c: (
            reverse("catalog:model-list")
            + "?capability=vision&open_weights=unknown&min_context=1000&max_input_price=100&sort=price&page=1"
        ),
        3,
    ),
    "model detail": (lambda c: c.models[0].get_absolute_url(), 9),
    "organization list": (lambda c: reverse("catalog:organization-list"), 1),
    "organization detail": (lambda c: c.organization.get_absolute_url(), 3),
    "provider list": (lambda c: reverse("catalog:provider-list"), 1),
    "provider detail": (lambda c: c.provider.get_absolute_url(), 2),
    "benchmark list": (lambda c: reverse("catalog:benchmark-list"), 1),
    "benchmark detail": (lambda c: c.benchmark.get_absolute_url(), 2),
    "search": (lambda c: reverse("catalog:search") + "?q=model", 4),
    "about data": (lambda c: reverse("catalog:about-data"), 1),
    "sitemap": (lambda c: "/sitemap.xml", 10),
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_query_count_does_not_grow_with_the_catalog(
    client, django_assert_max_num_queries, page, size
):
    data = build_catalog(size)
    url, budget = PAGES[page]
    with django_assert_max_num_queries(budget):
        response = client.get(url(data))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_compare_redirect_query_count_does_not_grow_with_the_catalog(
    client, django_assert_max_num_queries, size
):
    data = build_catalog(size)
    url = reverse("comparisons:compare-redirect")
    with django_assert_max_num_queries(1):
        ok = client.get(url, {"a": data.models[0].slug, "b": data.models[1].slug})
    with django_assert_max_num_queries(4):
        bad = client.get(url, {"a": data.models[0].slug, "b": "nope"})
    assert (ok.status_code, bad.status_code) == (302, 400)


@pytest.mark.parametrize("size", [3, 30])
def test_staff_draft_preview_query_count_does_not_grow_with_the_catalog(
    admin_client, django_assert_max_num_queries, size
):
    data = build_catalog(size)
    # The model page's 9, plus the session and the user.
    with django_assert_max_num_queries(11):
        response = admin_client.get(data.draft.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("page", [p for p in PAGES if p != "sitemap"])
def test_every_page_has_seo_tags_and_breadcrumb_json_ld(client, catalog, page):
    response = client.get(PAGES[page][0](catalog))
    html = response.text
    assert re.search(r"<title>[^<]+</title>", html)
    assert re.search(r'<meta name="description" content="[^"]+">', html)
    assert '<link rel="canonical" href="http://testserver/' in html
    for prop in ("og:title", "og:description", "og:url", "og:type"):
        assert f'property="{prop}"' in html
    [breadcrumbs] = json_ld(response)
    assert breadcrumbs["@type"] == "BreadcrumbList"
    items = breadcrumbs["itemListElement"]
    assert items[0] == {
        "@type": "ListItem",
        "position": 1,
        "name": "Home",
        "item": "http://testserver/",
    }
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))


def test_pages_have_landmarks_skip_link_and_labelled_search(client, catalog):
    html = client.get(reverse("comparisons:home")).text
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    for landmark in ("<header", '<nav class="site-nav" aria-label="Main">', "<footer"):
        assert landmark in html
    assert '<label for="site-search-q">' in html and 'id="site-search-q"' in html
    assert 'href="/about/data/"' in html
    assert "style=" not in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    "name",
    [
        "</script><script>alert(1)</script>",
        'Quote " and \\ backslash',
        "Ünïcödé — “curly” & 'single'",
        "Line\nbreak\ttab",
    ],
)
def test_breadcrumb_json_ld_stays_valid_json_for_any_name(client, name):
    model = make_model(name=name)
    response = client.get(model.get_absolute_url())
    assert "</script><script>alert(1)" not in response.text
    [breadcrumbs] = json_ld(response)
    assert breadcrumbs["itemListElement"][-1] == {
        "@type": "ListItem",
        "position": 3,
        "name": name,
        "item": f"http://testserver{model.get_absolute_url()}",
    }


def test_model_detail_breadcrumbs_are_visible(client, catalog):
    model = catalog.models[0]
    response = client.get(model.get_absolute_url())
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in response.text
    assert f'aria-current="page">{model.name}</a>' in response.text
    assert response.context["breadcrumbs"] == [
        ("Home", "/"),
        ("Models", "/models/"),
        (model.name, model.get_absolute_url()),
    ]


# Shared macros (jinja2/includes/macros.html)


def call_macro(name, *args):
    macros = engines["jinja2"].env.get_template("includes/macros.html").module
    return str(getattr(macros, name)(*args))


@pytest.mark.parametrize(
    "price", ["10", "10.000000", "2.5", "0.075", "0.035000", "1234", "0.15", "1.23456"]
)
def test_price_macro_matches_the_comparison_pages_format(price):
    html = call_macro("price", Decimal(price))
    assert html == f'<span class="price">{format_price(Decimal(price))}</span>'


@pytest.mark.parametrize(
    ("price", "text"), [(None, "Not sourced"), (Decimal("0.000000"), "Free")]
)
def test_price_macro_tells_not_sourced_from_free(price, text):
    assert f">{text}</span>" in call_macro("price", price)


@pytest.mark.parametrize(
    ("value", "css", "text"),
    [
        ("yes", "badge--yes", "Yes"),
        ("no", "badge--no", "No"),
        ("unknown", "badge--unknown", "Unknown"),
        ("", "badge--unknown", "Unknown"),
        (None, "badge--unknown", "Unknown"),
    ],
)
def test_tristate_badge_never_reads_no_for_unknown(value, css, text):
    html = call_macro("tristate", value)
    assert html == f'<span class="badge {css}">{text}</span>'


# Home and the "pick two models" form


def test_home_lists_featured_and_recently_reviewed(client, catalog):
    response = client.get(reverse("comparisons:home"))
    a, b = catalog.models[0], catalog.models[1]
    assert response.status_code == 200
    assert f"{a.name} vs {b.name}" in response.text
    assert "Recently reviewed models" in response.text
    assert '<label for="id_a">First model</label>' in response.text
    assert f'<option value="{a.name}">{a.organization.name}</option>' in response.text
    assert catalog.draft.slug not in response.text


def test_compare_redirect_orders_the_pair_alphabetically(client):
    make_model(slug="zeta")
    make_model(slug="alpha")
    response = client.get(
        reverse("comparisons:compare-redirect"), {"a": "zeta", "b": "alpha"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/compare/alpha-vs-zeta/"
    assert response["Location"] == reverse(
        "comparisons:detail", kwargs={"pair": "alpha-vs-zeta"}
    )


def test_compare_redirect_keeps_canonical_order_as_is(client):
    make_model(slug="alpha")
    make_model(slug="beta")
    response = client.get(
        reverse("comparisons:compare-redirect"), {"a": "alpha", "b": "beta"}
    )
    assert response["Location"] == "/compare/alpha-vs-beta/"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Pick a model."),
        ({"a": "alpha"}, "Pick a model."),
        ({"a": "alpha", "b": ""}, "Pick a model."),
        ({"a": "alpha", "b": "nope"}, "We have no published model “nope”"),
        ({"a": "alpha", "b": "secret"}, "We have no published model “secret”"),
        ({"a": "alpha", "b": "alpha"}, "Pick two different models"),
        ({"a": "<script>", "b": "alpha"}, "“&lt;script&gt;”"),
    ],
)
def test_compare_redirect_shows_the_form_again_with_a_400(client, params, message):
    make_model(slug="alpha")
    make_model(slug="secret", status=DRAFT)
    response = client.get(reverse("comparisons:compare-redirect"), params)
    assert response.status_code == 400
    assert message in response.text
    assert "We could not open that comparison." in response.text
    assert '<input type="text" name="a"' in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_compare_redirect_takes_a_model_name_as_typed(client):
    make_model(slug="alpha", name="Alpha One")
    make_model(slug="beta", name="Beta")
    response = client.get(
        reverse("comparisons:compare-redirect"), {"a": "beta", "b": " alpha one "}
    )
    assert response["Location"] == "/compare/alpha-vs-beta/"


def test_home_pairs_flagships_of_labs_when_editors_feature_none(client):
    labs = [make_organization(slug=f"lab-{i}", name=f"Lab {i}") for i in range(3)]
    for index, lab in enumerate(labs):
        small = make_model(
            slug=f"small-{index}", organization=lab, release_date=date(2026, 5, 1)
        )
        big = make_model(
            slug=f"big-{index}", organization=lab, release_date=date(2026, 4, 1)
        )
        make_route(model=small, input_price="1", output_price="2")
        for provider in range(2):
            make_route(
                model=big,
                provider=make_provider(slug=f"p-{index}-{provider}"),
                input_price="5",
                output_price="15",
            )
    html = client.get(reverse("comparisons:home")).text
    assert "Popular comparisons" in html
    assert (
        "The flagships of the labs with the most provider routes, paired across "
        "labs so that no lab fills the list. A lab’s flagship is its newest widely "
        "served model in its top price tier."
    ) in html
    assert 'href="/compare/big-0-vs-big-1/"' in html
    assert "small-0-vs" not in html
    assert "Newest models" in html and "None yet" not in html
    assert html.count('<input type="search"') == 1  # the header's search box only


def test_compare_redirect_refuses_post(client):
    assert client.post(reverse("comparisons:compare-redirect")).status_code == 405


# The model list


def test_model_list_shows_columns_and_hides_drafts(client, catalog):
    response = client.get(reverse("catalog:model-list"))
    assert response.status_code == 200
    model = catalog.models[0]
    assert model.name in response.text
    assert catalog.draft.name not in response.text
    for header in (
        "Organization",
        "Released",
        "Context (tokens)",
        "Routes",
        "Open weights",
    ):
        assert f">{header}<" in response.text
    assert "3 models" in response.text


def test_model_list_paginates_by_fifty(client):
    organization = make_organization()
    for i in range(51):
        make_model(name=f"Model {i:02d}", organization=organization)
    first = client.get(reverse("catalog:model-list"))
    assert len(first.context["models"]) == 50
    assert "Page 1 of 2" in first.text
    second = client.get(reverse("catalog:model-list"), {"page": 2})
    assert [m.name for m in second.context["models"]] == ["Model 50"]
    assert 'href="http://testserver/models/?page=2"' in second.text


def test_model_list_page_links_centre_on_the_current_page(client):
    organization = make_organization()
    LanguageModel.objects.bulk_create(
        LanguageModel(
            name=f"Model {i:04d}",
            slug=f"model-{i:04d}",
            organization=organization,
            status=PublicationStatus.PUBLISHED,
        )
        for i in range(20 * 50)
    )

    response = client.get(reverse("catalog:model-list"), {"page": 10})

    assert "Page 10 of 20" in response.text
    for near in (7, 8, 9, 11, 12, 13, 1, 2, 19, 20):
        assert f'?page={near}"' in response.text, near
    for far in (4, 5, 15, 16):
        assert f'?page={far}"' not in response.text, far
    assert response.text.count("…") == 2


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "9" * 30])
def test_model_list_bad_page_shows_a_message_and_page_one(client, catalog, page):
    response = client.get(reverse("catalog:model-list"), {"page": page})
    assert response.status_code == 200
    assert "showing page 1 instead" in response.text
    assert response.context["page_obj"].number == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"min_context": "lots"},
            "Minimum context window (tokens): Enter a whole number.",
        ),
        (
            {"min_context": "-5"},
            "Minimum context window (tokens): Ensure this value is greater than or equal to 0.",
        ),
        (
            {"min_context": "9" * 30},
            "Minimum context window (tokens): Ensure this value is less than or equal to",
        ),
        (
            {"max_input_price": "cheap"},
            "Maximum input price ($ per 1M tokens): Enter a number.",
        ),
        ({"organization": "nope"}, "Organization: Select a valid choice."),
        ({"open_weights": "maybe"}, "Open weights: Select a valid choice."),
        ({"capability": "telepathy"}, "Has capability: Select a valid choice."),
        ({"sort": "random"}, "Sort by: Select a valid choice."),
        (
            {"q": "x" * 101},
            "Name contains: Ensure this value has at most 100 characters",
        ),
    ],
)
def test_model_list_bad_filter_shows_a_message_and_is_ignored(
    client, catalog, params, message
):
    response = client.get(reverse("catalog:model-list"), params)
    assert response.status_code == 200
    assert message in response.text
    assert "This filter was ignored." in response.text
    assert len(response.context["models"]) == 3


def test_model_list_keeps_valid_filters_beside_a_bad_one(client, catalog):
    organization = catalog.organization
    response = client.get(
        reverse("catalog:model-list"),
        {"organization": organization.slug, "min_context": "lots"},
    )
    assert {m.organization_id for m in response.context["models"]} == {organization.pk}
    assert "This filter was ignored." in response.text


def test_model_list_filters_are_noindexed_but_sorting_is_not(client, catalog):
    url = reverse("catalog:model-list")
    assert 'content="noindex"' in client.get(url, {"capability": "vision"}).text
    assert 'content="noindex"' not in client.get(url, {"sort": "newest"}).text
    canonical = '<link rel="canonical" href="http://testserver/models/">'
    assert canonical in client.get(url, {"capability": "vision"}).text


def test_model_list_shows_not_sourced_and_free_tier(client):
    make_model(name="Unpriced")
    free = make_model(name="Free only")
    make_route(model=free, input_price=0, output_price=0)
    response = client.get(reverse("catalog:model-list"))
    assert "Not sourced" in response.text
    assert "Free tier only" in response.text
    assert "(1 free)" in response.text


# The model page


def test_model_detail_shows_specs_capabilities_routes_results_and_sources(
    client, catalog
):
    model = catalog.models[0]
    response = client.get(model.get_absolute_url())
    html = response.text
    assert response.status_code == 200
    assert f"<h1>{model.name}</h1>" in html
    assert "128,000 tokens (128k)" in html
    # Ten capability rows: the recorded yes and no, the eight others unknown.
    capabilities = html.split('<h2 id="capabilities">')[1].split("</section>")[0]
    assert capabilities.count("<tr>") == 11  # header + 10
    assert capabilities.count('class="badge badge--yes">Yes<') == 1
    assert capabilities.count('class="badge badge--no">No<') == 1
    assert capabilities.count('class="badge badge--unknown">Unknown<') == 8
    assert "2 routes to" in html
    assert "Used on pages" in html and "Other report" in html
    assert "Self-reported" in html
    assert "Coding" in html
    assert "Epoch AI, &#39;AI Benchmarking Hub&#39;, CC BY 4.0" in html
    assert "Last reviewed" in html


def test_model_detail_links_its_curated_comparisons(client, catalog):
    first, second = catalog.models[0], catalog.models[1]
    html = client.get(first.get_absolute_url()).text
    a, b = sorted([first.slug, second.slug])
    assert "Reviewed comparisons" in html
    assert f'href="/compare/{a}-vs-{b}/"' in html


def test_model_detail_offers_up_to_five_peers_from_the_same_organization(client):
    organization = make_organization(name="Acme")
    model = make_model(organization=organization, slug="m-base")
    for i in range(7):
        make_model(organization=organization, slug=f"peer-{i}")
    make_model(organization=organization, slug="draft-peer", status=DRAFT)
    response = client.get(model.get_absolute_url())
    peers = response.context["peers"]
    assert len(peers) == 5
    for peer in peers:
        url = f"/compare/{'-vs-'.join(sorted([model.slug, peer.slug]))}/"
        assert f'href="{url}"' in response.text
    assert "draft-peer" not in response.text


def test_model_detail_says_not_yet_reviewed(client):
    model = make_model(last_reviewed=None)
    assert "Not yet reviewed" in client.get(model.get_absolute_url()).text


def test_model_detail_with_no_routes_or_results_says_so(client):
    model = make_model()
    html = client.get(model.get_absolute_url()).text
    assert "No provider route tracked" in html
    assert "No benchmark result recorded" in html


def test_draft_model_is_404_for_the_public(client, catalog):
    response = client.get(catalog.draft.get_absolute_url())
    assert response.status_code == 404


def test_draft_model_is_visible_to_staff_with_a_banner(admin_client, catalog):
    response = admin_client.get(catalog.draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public" in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_published_model_has_no_draft_banner_for_staff(admin_client, catalog):
    response = admin_client.get(catalog.models[0].get_absolute_url())
    assert "Draft — not public" not in response.text


def test_golden_model_page_shows_routes_prices_context_and_score(client):
    call_command("loaddata", "tests/fixtures/golden_pair.json", verbosity=0)
    response = client.get(
        reverse("catalog:model-detail", kwargs={"slug": "gpt-4-turbo"})
    )
    html = response.text
    assert response.status_code == 200
    assert len(response.context["routes"]) == 6
    assert "6 routes to GPT-4 Turbo" in html
    salesforce = html.split("Salesforce Einstein Generative AI</a></th>")[1].split(
        "</tr>"
    )[0]
    # Input and output; no route has a cached-input or batch price, so those
    # columns are left out (issue 18) and the caption says so.
    assert salesforce.count("Not sourced") == 2
    assert "none has a cached-input price, none has a batch price" in html
    assert "128,000 tokens (128k)" in html
    assert "69.4%" in html
    assert "1.76T" in html and "8x222B MoE, unofficial estimate" in html
    assert '<span class="price">$5</span>' in html  # Replicate, the cheapest
    assert '<time datetime="2024-04-09">2024-04-09</time>' in html
    assert "gpt-4-turbo-vs-qwen3-5-4b" in html


# Organizations, providers, benchmarks


def test_organization_pages(client, catalog):
    response = client.get(reverse("catalog:organization-list"))
    assert catalog.organization.name in response.text
    response = client.get(catalog.organization.get_absolute_url())
    assert response.status_code == 200
    assert catalog.models[0].name in response.text
    assert catalog.draft.name not in response.text
    # The price columns are the cheapest trusted route's, not the list price.
    assert (
        f"<caption>Models by {catalog.organization.name}, newest first, with the "
        "cheapest trusted price per 1M tokens across their routes</caption>"
    ) in response.text


def test_provider_pages(client, catalog):
    response = client.get(reverse("catalog:provider-list"))
    assert catalog.provider.name in response.text
    response = client.get(catalog.provider.get_absolute_url())
    assert response.status_code == 200
    assert catalog.models[0].name in response.text
    assert catalog.draft.name not in response.text
    assert "Pricing page" in response.text


def test_provider_page_paginates_and_sorts_by_price(client):
    provider = make_provider(slug="host", name="Host")
    for index in range(55):
        model = make_model(slug=f"m-{index:02d}", name=f"M {index:02d}")
        make_route(
            model=model,
            provider=provider,
            input_price=str(100 - index),
            output_price="1",
        )
    url = provider.get_absolute_url()

    first = client.get(url)
    assert len(first.context["routes"]) == 50
    assert first.context["route_count"] == 55
    assert "(1 to 50 of 55)" in first.text
    assert 'rel="next"' in first.text
    assert [r.model.name for r in first.context["routes"]][:2] == ["M 00", "M 01"]

    cheapest = client.get(url, {"sort": "price"})
    assert [r.model.name for r in cheapest.context["routes"]][:2] == ["M 54", "M 53"]
    second = client.get(url, {"sort": "price", "page": 2})
    assert [r.model.name for r in second.context["routes"]] == [
        f"M {index:02d}" for index in range(4, -1, -1)
    ]
    # An unknown sort falls back to the model name, never a 500.
    assert client.get(url, {"sort": "nonsense"}).context["sort"] == "model"


def test_benchmark_list_page(client, catalog):
    response = client.get(reverse("catalog:benchmark-list"))
    assert "MMLU-Pro" in response.text
    assert response.context["benchmarks"][0].result_count == 3


def test_benchmark_page_ranks_primary_results_with_provenance_and_source(
    client, catalog
):
    response = client.get(catalog.benchmark.get_absolute_url())
    rows = response.context["rows"]
    assert [result.score for _, result in rows] == [52, 51, 50]
    assert [rank for rank, _ in rows] == [1, 2, 3]
    assert catalog.draft.name not in response.text
    assert "Provenance unknown" in response.text
    assert "Epoch AI Benchmarking Hub" in response.text
    assert "Epoch AI, &#39;AI Benchmarking Hub&#39;, CC BY 4.0" in response.text


def test_benchmark_page_sorts_worst_first_keeping_ranks(client, catalog):
    response = client.get(catalog.benchmark.get_absolute_url(), {"order": "worst"})
    rows = response.context["rows"]
    assert [result.score for _, result in rows] == [50, 51, 52]
    assert [rank for rank, _ in rows] == [3, 2, 1]


def test_benchmark_page_respects_lower_is_better(client):
    benchmark = make_benchmark(higher_is_better=False)
    for score in (30, 10, 20):
        make_result(benchmark=benchmark, score=score)
    response = client.get(benchmark.get_absolute_url())
    assert [result.score for _, result in response.context["rows"]] == [10, 20, 30]


def test_benchmark_page_ties_share_a_rank(client):
    benchmark = make_benchmark()
    for score in (90, 90, 80):
        make_result(benchmark=benchmark, score=score)
    response = client.get(benchmark.get_absolute_url())
    assert [rank for rank, _ in response.context["rows"]] == [1, 1, 3]


def test_benchmark_page_bad_order_shows_a_message(client, catalog):
    response = client.get(catalog.benchmark.get_absolute_url(), {"order": "sideways"})
    assert response.status_code == 200
    assert "Unknown order; showing the best scores first." in response.text


def test_benchmark_page_shows_the_chart_first_and_its_data_in_the_leaderboard(
    client, catalog
):
    response = client.get(catalog.benchmark.get_absolute_url())
    html = response.text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html
    assert 'role="img" aria-labelledby="price-score-title price-score-desc"' in html
    assert "log scale" in html
    assert len(response.context["plotted"]) == 3
    # The chart comes first; the leaderboard carries each point's price,
    # so no second table repeats the chart's data.
    assert html.index('id="chart-heading"') < html.index('id="leaderboard-heading"')
    assert "Data of the chart" not in html
    leaderboard = html.split('id="leaderboard-heading"')[1]
    assert "Blended $/1M tokens" in leaderboard
    for model in catalog.models:
        assert model.name in leaderboard


def test_benchmark_page_without_prices_has_no_chart(client):
    result = make_result()
    html = client.get(result.benchmark.get_absolute_url()).text
    assert "<svg" not in html
    assert "nothing to plot" in html


# Search


def test_search_finds_each_kind_and_hides_drafts(client, catalog):
    response = client.get(reverse("catalog:search"), {"q": "secret"})
    assert catalog.draft.name not in response.text.split("<h1>")[1]
    response = client.get(reverse("catalog:search"), {"q": "MMLU"})
    assert 'href="/benchmarks/mmlu-pro/"' in response.text
    response = client.get(reverse("catalog:search"), {"q": catalog.provider.name})
    assert catalog.provider.get_absolute_url() in response.text
    response = client.get(reverse("catalog:search"), {"q": catalog.organization.slug})
    assert catalog.organization.get_absolute_url() in response.text
    response = client.get(reverse("catalog:search"), {"q": catalog.models[0].slug})
    assert catalog.models[0].get_absolute_url() in response.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Type a word to search for"),
        ({"q": "   "}, "Type a word to search for"),
        ({"q": "x" * 101}, "Search for at most 100 characters (you typed 101)."),
    ],
)
def test_search_without_a_usable_query_shows_a_message(client, params, message):
    response = client.get(reverse("catalog:search"), params)
    assert response.status_code == 200
    assert message in response.text
    assert response.context["sections"] == []


def test_search_without_a_query_shows_the_form_without_an_error(client):
    response = client.get(reverse("catalog:search"))
    assert response.status_code == 200
    assert '<label for="id_q">' in response.text
    assert "errorlist" not in response.text


def test_search_results_give_price_context_and_a_compare_link(client):
    model = make_model(name="Alpha", slug="alpha", context_window=128000)
    make_route(model=model, input_price="1", output_price="4")
    html = client.get(reverse("catalog:search"), {"q": "alpha"}).text
    assert (
        'Cheapest trusted: <span class="price">$1</span> in / <span class="price">'
        "$4</span> out per 1M tokens"
    ) in html
    assert "128,000-token context" in html
    assert '<a href="/?a=Alpha#compare">Compare Alpha with…</a>' in html
    home = client.get(reverse("comparisons:home"), {"a": "Alpha"}).text
    assert 'id="id_a" list="model-names"' in home and 'value="Alpha"' in home


def test_search_is_noindexed(client):
    assert 'content="noindex"' in client.get(reverse("catalog:search"), {"q": "a"}).text


# About, sitemap, robots, error pages


def test_about_data_lists_sources_licences_and_credit_lines(client, catalog):
    response = client.get(reverse("catalog:about-data"))
    html = response.text
    for name in ("models.dev", "LiteLLM", "genai-prices", "LLM Stats", "Epoch AI"):
        assert name in html
    assert html.count(">MIT</a>,") == 3
    assert html.count(">CC BY 4.0</a>") == 3
    assert "LLM Stats (llm-stats.com), CC BY 4.0" in html
    assert "Epoch AI, &#39;AI Benchmarking Hub&#39;, CC BY 4.0" in html


def test_sitemap_lists_published_pages_and_excludes_drafts(client, catalog):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.text
    for model in catalog.models:
        assert f"<loc>http://testserver{model.get_absolute_url()}</loc>" in xml
    assert catalog.draft.slug not in xml
    assert "<lastmod>2026-11-01</lastmod>" in xml
    assert "/compare/" in xml
    assert f"http://testserver{catalog.provider.get_absolute_url()}" in xml
    assert f"http://testserver{catalog.organization.get_absolute_url()}" in xml
    assert f"http://testserver{catalog.benchmark.get_absolute_url()}" in xml
    assert "<loc>http://testserver/about/data/</loc>" in xml


def test_sitemap_skips_pairs_with_a_draft_model(client, catalog):
    make_comparison(model_a=catalog.models[0], model_b=catalog.draft)
    assert catalog.draft.slug not in client.get("/sitemap.xml").text


def test_robots_txt_allows_all_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_unknown_page_uses_the_custom_404_template(client):
    response = client.get("/models/no-such-model/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert "Page not found" in response.text
    assert '<main id="main"' in response.text


def test_500_template_renders_without_context_or_database():
    html = get_template("500.html").render()
    assert "Something went wrong" in html
    assert "{%" not in html and "extends" not in html


# Kinds and variants ---------------------------------------------------------------


@pytest.fixture
def kinds():
    """A language model, a speech model and an embedding model of one lab."""
    organization = make_organization(name="OpenAI")
    return SimpleNamespace(
        chat=make_model(name="GPT-4o", slug="gpt-4o", organization=organization),
        speech=make_model(
            name="Whisper", slug="whisper-1", kind="speech", organization=organization
        ),
        embedding=make_model(
            name="Text Embedding 3",
            slug="text-embedding-3",
            kind="embedding",
            organization=organization,
        ),
    )


def listed(response):
    return [model.slug for model in response.context["models"]]


def test_model_list_shows_language_models_by_default(client, kinds):
    response = client.get(reverse("catalog:model-list"))

    assert listed(response) == ["gpt-4o"]
    assert "Language models (chat and completion)." in response.text
    assert '<option value="language">Language</option>' in response.text
    assert '<option value="any">Any kind</option>' in response.text


@pytest.mark.parametrize(
    ("kind", "slugs"),
    [
        ("speech", ["whisper-1"]),
        ("embedding", ["text-embedding-3"]),
        ("any", ["gpt-4o", "text-embedding-3", "whisper-1"]),
        ("video", []),
    ],
)
def test_model_list_filters_by_kind(client, kinds, kind, slugs):
    response = client.get(reverse("catalog:model-list"), {"kind": kind})

    assert sorted(listed(response)) == slugs
    assert '<meta name="robots" content="noindex">' in response.text


def test_model_list_marks_the_kind_of_models_of_another_kind(client, kinds):
    html = client.get(reverse("catalog:model-list"), {"kind": "any"}).text

    assert 'Whisper</a> <span class="mark">Speech</span>' in html
    assert 'GPT-4o</a> <span class="mark">' not in html


def test_model_list_unknown_kind_shows_a_message_and_language_models(client, kinds):
    response = client.get(reverse("catalog:model-list"), {"kind": "chat"})

    assert listed(response) == ["gpt-4o"]
    assert "Kind: Select a valid choice." in response.text


def test_search_finds_models_of_every_kind_marked(client, kinds):
    response = client.get(reverse("catalog:search"), {"q": "e"})

    html = response.text
    # Each model with its organization and release date, then its kind.
    for name, kind in (("Whisper", "Speech"), ("Text Embedding 3", "Embedding")):
        assert re.search(
            rf'{name}</a> <span class="muted">\(OpenAI, .*?\)</span> <span class="mark">{kind}</span>',
            html,
        ), name


def test_model_detail_says_its_kind(client, kinds):
    html = client.get(kinds.speech.get_absolute_url()).text

    assert "A speech model by" in html
    assert "(compared only with other speech models)" in html
    assert "A language model by" in client.get(kinds.chat.get_absolute_url()).text


def test_model_detail_offers_comparisons_with_models_of_its_kind_only(client, kinds):
    response = client.get(kinds.chat.get_absolute_url())

    assert list(response.context["peers"]) == []
    assert "whisper-1" not in response.text
    speech_peer = make_model(
        slug="tts-1", kind="speech", organization=kinds.speech.organization
    )
    peers = client.get(kinds.speech.get_absolute_url()).context["peers"]
    assert list(peers) == [speech_peer]


@pytest.fixture
def variants():
    """GPT-4o, two dated snapshots of it with results, and a draft one."""
    organization = make_organization(name="OpenAI")
    gpt_4o = make_model(name="GPT-4o", slug="gpt-4o", organization=organization)
    older = make_variant(gpt_4o, date(2024, 5, 13))
    newer = make_variant(gpt_4o, date(2024, 8, 6))
    draft = make_variant(gpt_4o, date(2024, 11, 20), status=DRAFT)
    mmlu = make_benchmark(name="MMLU", slug="mmlu")
    gpqa = make_benchmark(name="GPQA", slug="gpqa")
    math = make_benchmark(name="MATH", slug="math")
    make_result(model=gpt_4o, benchmark=mmlu, score=Decimal("88.7"))
    make_result(model=older, benchmark=mmlu, score=Decimal("87.2"))
    make_result(model=older, benchmark=gpqa, score=Decimal("49.9"))
    make_result(model=newer, benchmark=gpqa, score=Decimal("53.6"))
    make_result(model=older, benchmark=math, score=Decimal("76.6"))
    make_result(model=draft, benchmark=math, score=Decimal("99.9"))
    return SimpleNamespace(gpt_4o=gpt_4o, older=older, newer=newer, draft=draft)


def shown_results(response):
    return [
        (
            result.benchmark.slug,
            str(result.score),
            result.variant and result.variant.slug,
        )
        for result in response.context["results"]
    ]


def test_model_detail_shows_its_newest_variants_results_marked(client, variants):
    response = client.get(variants.gpt_4o.get_absolute_url())

    # Its own MMLU; the newest published variant's GPQA; the only published
    # variant's MATH (the draft's is not public).
    assert shown_results(response) == [
        ("gpqa", "53.600", "gpt-4o-2024-08-06"),
        ("math", "76.600", "gpt-4o-2024-05-13"),
        ("mmlu", "88.700", None),
    ]
    assert (
        '53.6% <span class="muted variant-note">measured on '
        '<a href="/models/gpt-4o-2024-08-06/">GPT-4o (2024-08-06)</a></span>'
        in response.text
    )
    assert "87.2" not in response.text


def test_model_detail_of_a_variant_names_its_model(client, variants):
    html = client.get(variants.newer.get_absolute_url()).text

    assert (
        'A variant (a dated snapshot or preview) of <a href="/models/gpt-4o/">GPT-4o</a>'
        in html
    )


def test_staff_preview_shows_a_draft_variants_results(admin_client, variants):
    response = admin_client.get(variants.gpt_4o.get_absolute_url())

    assert ("math", "99.900", "gpt-4o-2024-11-20") in shown_results(response)


@pytest.mark.parametrize("size", [3, 30])
def test_model_detail_with_variants_keeps_its_query_budget(
    client, django_assert_max_num_queries, variants, size
):
    for _ in range(size):
        make_result(model=make_model(variant_of=variants.gpt_4o))

    with django_assert_max_num_queries(9):
        response = client.get(variants.gpt_4o.get_absolute_url())

    assert len(response.context["results"]) == 3 + size


def test_sitemap_and_home_leave_out_curated_pairs_of_two_kinds(client, kinds):
    make_comparison(model_a=kinds.chat, model_b=kinds.speech, featured=True)

    assert "/compare/" not in client.get("/sitemap.xml").text
    assert "Whisper" not in client.get(reverse("comparisons:home")).text
    assert "Reviewed comparisons" not in client.get(kinds.chat.get_absolute_url()).text


def test_home_pickers_offer_language_models_only(client, kinds):
    html = client.get(reverse("comparisons:home")).text

    assert '<option value="GPT-4o">' in html
    assert "Whisper" not in html
    assert "text-embedding-3" not in html


def test_model_detail_says_who_checked_each_route_and_flags_its_own_figures(client):
    model = make_model(slug="checked-model", status=PublicationStatus.PUBLISHED)
    source = make_source(title="genai-prices")
    make_route(
        model=model,
        identifier="by-source",
        source=source,
        last_verified=date(2026, 7, 30),
        last_reviewed=date(2026, 5, 22),
        retirement_date=date(2027, 1, 14),
        context_window=32_768,
        discrepancy="The host lists a 32,768-token context window.",
    )
    make_route(
        model=model,
        identifier="by-editor",
        source=source,
        last_verified=date(2026, 4, 1),
        last_reviewed=date(2026, 5, 22),
    )

    text = re.sub(r"<[^>]+>", "", client.get(model.get_absolute_url()).text)

    assert "Checked by genai-prices 2026-07-30" in text
    assert "Reviewed 2026-05-22" in text
    assert "Checked by genai-prices 2026-04-01" not in text
    assert "retires 2027-01-14" in text
    assert "The host lists a 32,768-token context window." in text


def plan_and_free_host():
    """Model "alpha" with two $0 routes: a coding plan's and a free host's."""
    model = make_model(slug="alpha", name="Alpha")
    plan = make_provider(slug="lab-plan", name="Lab Coding Plan", kind="plan")
    free = make_provider(slug="free-host", name="Free Host")
    for provider in (plan, free):
        make_route(
            model=model,
            provider=provider,
            identifier=f"{provider.slug}/alpha",
            input_price=Decimal("0"),
            output_price=Decimal("0"),
        )


@pytest.mark.django_db
def test_a_plans_zero_price_reads_in_plan_not_free(client):
    # models.dev lists coding plans at $0: included in a subscription, not free.
    plan_and_free_host()
    for url in ("/models/alpha/", "/providers/lab-plan/"):
        html = client.get(url).content.decode()
        row = re.search(r"lab-<wbr>plan/<wbr>alpha.*?</tr>", html, re.S).group(0)
        assert row.count("In plan") == 2, url
        assert "Free" not in row
    html = client.get("/models/alpha/").content.decode()
    row = re.search(r"free-<wbr>host/<wbr>alpha.*?</tr>", html, re.S).group(0)
    assert row.count(">Free<") == 2


@pytest.mark.django_db
def test_a_route_past_its_retirement_date_reads_retired(client):
    # GitHub Copilot's GPT-5.5 route read "Active, retires 2026-10-19" in December.
    from django.utils import timezone

    today = timezone.localdate()
    model = make_model(slug="alpha", name="Alpha")
    for slug, days in (("gone", -1), ("going", 30)):
        make_route(
            model=model,
            provider=make_provider(slug=slug, name=slug.title()),
            identifier=f"{slug}/alpha",
            retirement_date=today + dt.timedelta(days=days),
        )
    for url in ("/models/alpha/", "/providers/gone/"):
        html = client.get(url).content.decode()
        row = re.search(r"gone/<wbr>alpha.*?</tr>", html, re.S).group(0)
        assert "Retired<br>" in row and "retires" not in row, url
    html = client.get("/models/alpha/").content.decode()
    row = re.search(r"going/<wbr>alpha.*?</tr>", html, re.S).group(0)
    assert "Active<br>" in row and "retires" in row


@pytest.mark.django_db
def test_a_plans_routes_are_not_counted_as_free_tiers(client):
    plan_and_free_host()
    text = re.sub(r"\s+", " ", client.get("/models/alpha/").content.decode())
    assert "(1 free tier)" in text
    listed = client.get("/api/v1/models").json()["items"][0]
    assert listed["free_route_count"] == 1
