import json
import re

import pytest

from catalog.models import LanguageModel
from tests.factories import (
    make_comparison,
    make_model,
    make_organization,
    make_provider,
    make_result,
    make_route,
    make_variant,
)

pytestmark = pytest.mark.django_db

GOLDEN_URL = "/compare/gpt-4-turbo-vs-qwen3-5-4b/"


def page_text(response):
    """Return the page's visible text with tags and extra white space removed."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_golden_page_shows_the_seed_facts(client, golden):
    response = client.get(GOLDEN_URL)
    assert response.status_code == 200
    text = page_text(response)
    assert "GPT-4 Turbo vs Qwen3.5-4B" in text
    assert (
        "Qwen3.5-4B is safer overall; choose GPT-4 Turbo when coding workflow support matters."
        in text
    )
    assert "$7,750" in text
    assert "Replicate API" in text
    assert "9.7 points" in text
    assert "128k" in text and "262k" in text
    assert "Unavailable" in text
    assert "Qwen3.5-4B: no route tracked, so no sourced input and output price" in text
    assert "6 routes" in text
    assert "Last reviewed" in text and "2026-05-22" in text
    for defect in ("1 rows", "compact production", "1.76T (8x222B MoE)*"):
        assert defect not in text


def test_golden_page_faq_json_ld_matches_the_visible_faq(client, golden):
    response = client.get(GOLDEN_URL)
    html = response.content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
    )
    documents = [json.loads(block) for block in blocks]
    faq = next(d for d in documents if d["@type"] == "FAQPage")
    questions = [q["name"] for q in faq["mainEntity"]]
    assert len(questions) >= 6
    section = html.split('<h2 id="faq">')[1].split("</section>")[0]
    visible = re.findall(r"<summary>(.*?)</summary>", section, re.S)
    assert [re.sub(r"&#x27;|&#39;", "'", q) for q in visible] == questions
    assert any(d["@type"] == "BreadcrumbList" for d in documents)


def test_reversed_pair_redirects_permanently_keeping_the_query(client, golden):
    response = client.get(
        "/compare/qwen3-5-4b-vs-gpt-4-turbo/?requests=5&priority=cost"
    )
    assert response.status_code == 301
    assert response["Location"] == f"{GOLDEN_URL}?requests=5&priority=cost"


@pytest.mark.parametrize(
    "url",
    [
        "/compare/gpt-4-turbo-vs-nope/",
        "/compare/gpt-4-turbo/",
        "/compare/-vs-gpt-4-turbo/",
        "/compare/gpt-4-turbo-vs-gpt-4-turbo/",
        "/compare/" + "a" * 300 + "-vs-b/",
    ],
)
def test_unknown_or_malformed_pair_is_404(client, golden, url):
    assert client.get(url).status_code == 404


def test_traffic_form_changes_the_cost(client, golden):
    response = client.get(GOLDEN_URL, {"requests": "2000000"})
    assert "$15,500" in page_text(response)


@pytest.mark.parametrize(
    "params",
    [
        {"requests": "abc"},
        {"requests": "1e400"},
        {"input_tokens": "-5"},
        {"cached_share": "nan"},
        {"priority": "speed"},
        {"preset": "nope"},
    ],
)
def test_bad_parameters_show_a_message_and_fall_back_to_defaults(
    client, golden, params
):
    response = client.get(GOLDEN_URL, params)
    assert response.status_code == 200
    assert 'class="notice"' in response.content.decode()
    assert "$7,750" in page_text(response)


def test_priority_changes_the_weights_and_says_so(client, golden):
    response = client.get(GOLDEN_URL, {"priority": "capabilities"})
    text = page_text(response)
    assert "your priority" in text
    assert "GPT-4 Turbo is safer overall" in text


def test_draft_model_is_404_to_public_and_bannered_for_staff(
    client, admin_client, golden
):
    LanguageModel.objects.filter(slug="qwen3-5-4b").update(status="draft")
    assert client.get(GOLDEN_URL).status_code == 404
    response = admin_client.get(GOLDEN_URL)
    assert response.status_code == 200
    assert "Draft — not public" in response.content.decode()


def build_catalog(size):
    models = [make_model(slug=f"m{i:03d}") for i in range(size)]
    for model in models:
        make_route(model=model)
        make_result(model=model)
    return models


@pytest.mark.parametrize("size", [3, 30])
def test_comparison_page_query_count_does_not_grow_with_the_catalog(
    client, django_assert_max_num_queries, size
):
    build_catalog(size)
    # The pair's five (comparisons.facts) and its price history.
    with django_assert_max_num_queries(6):
        response = client.get("/compare/m000-vs-m001/")
    assert response.status_code == 200


def test_page_shows_the_editors_verdict_override(client, golden):
    from comparisons.models import Comparison

    Comparison.objects.update(verdict_override="Editors prefer GPT-4 Turbo for agents.")
    text = page_text(client.get(GOLDEN_URL))
    assert "Editors prefer GPT-4 Turbo for agents." in text
    assert (
        "Qwen3.5-4B is safer overall"
        not in text.split("Verdict", 1)[1].split("How the verdict")[0]
    )


# Price against score -----------------------------------------------------------


def test_golden_page_says_why_there_is_no_price_score_chart(client, golden):
    response = client.get(GOLDEN_URL)
    html = response.content.decode()
    text = page_text(response)
    assert "Price against score on MMLU-Pro" in text
    assert (
        "No price-against-score chart on MMLU-Pro: it needs at least 3 models with "
        "both a score and a sourced price, and only GPT-4 Turbo has both." in text
    )
    assert "Not plotted, with no sourced price: Qwen3.5-4B." in text
    assert "<svg" not in html


def test_page_charts_the_pair_among_priced_peers_with_a_data_table(client):
    from catalog.models import Benchmark

    benchmark = Benchmark.objects.create(name="GPQA Diamond", slug="gpqa-diamond")
    for slug, name, score, prices in (
        ("alpha", "Alpha & Co", "60", ("1", "2")),
        ("beta", "Beta", "70", ("4", "8")),
        ("gamma", "Gamma", "50", ("0.1", "0.3")),
        ("delta", "Delta", "65", None),
    ):
        model = make_model(slug=slug, name=name)
        make_result(model=model, benchmark=benchmark, score=score)
        if prices:
            make_route(model=model, input_price=prices[0], output_price=prices[1])
    response = client.get("/compare/alpha-vs-beta/")
    html = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert (
        '<title id="comparison-price-score-title">GPQA Diamond score against price'
        in svg
    )
    assert "0.75 x input price + 0.25 x output price" in svg
    # Names are escaped once, by the chart renderer.
    assert "Alpha &amp; Co" in svg and "&amp;amp;" not in svg
    assert svg.count("chart__point--highlight") == 2
    assert svg.count("<circle ") == 1  # the third model, a plain point
    # Each point says its model, price and score: no second table of the data.
    assert "<title>Alpha &amp; Co: $1.25 per 1M tokens" in svg  # 0.75 x $1 + 0.25 x $2
    assert 'class="chart-data"' not in html
    caption = re.search(r"<figcaption>.*?</figcaption>", html, re.S).group(0)
    assert "no sourced price" in caption
    assert "No price-against-score chart" not in html


def test_page_links_to_the_side_by_side_view_of_the_pair(client, golden):
    html = client.get(GOLDEN_URL).content.decode()
    assert 'href="/compare/?models=gpt-4-turbo,qwen3-5-4b"' in html


def test_preset_links_apply_a_preset_and_keep_the_readers_priorities(client, golden):
    response = client.get(GOLDEN_URL, {"requests": "5", "priority": "cost"})
    html = response.content.decode()
    links = re.findall(r'<a href="(\?[^"]*preset=[^"]*)"', html)
    assert len(links) == 4
    assert all("requests=" not in link and "priority=cost" in link for link in links)
    rag = next(link for link in links if "preset=rag" in link)
    applied = client.get(GOLDEN_URL + rag.replace("&amp;", "&"))
    assert applied.status_code == 200
    assert not re.search(r'class="notice"', applied.content.decode())
    assert "$7,750" not in page_text(applied)


def test_page_shows_dated_price_history_and_the_curated_changelog(client, golden):
    from decimal import Decimal

    from catalog.models import Route
    from comparisons.models import Comparison

    # loaddata writes no history: record where the pair and the route start.
    Comparison.objects.get().save()
    route = Route.objects.get(provider__slug="replicate")
    route.save()
    route.input_price = Decimal("4")
    route.save()
    text = page_text(client.get(GOLDEN_URL))
    assert "Price history" in text
    assert "GPT-4 Turbo, Replicate API: input price $5 → $4 on" in text
    assert "Changes since this comparison was published" in text
    assert "$7,250" in text  # 500 x $4 + 350 x $15 per 1M, a million times


def test_only_a_curated_page_lists_price_verdict_and_score_changes(client):
    from decimal import Decimal

    from catalog.models import Route

    a, b, c = build_catalog(3)
    comparison = make_comparison(model_a=a, model_b=b)
    result = b.benchmark_results.get()
    result.score = Decimal("82.5")
    result.save()
    comparison.verdict_override = "Editors prefer the first."
    comparison.save()
    route = Route.objects.get(model=a)
    route.input_price = Decimal("0.5")
    route.save()

    curated = client.get(f"/compare/{a.slug}-vs-{b.slug}/")
    uncurated = client.get(f"/compare/{a.slug}-vs-{c.slug}/")

    assert [entry.kind for entry in curated.context["changelog"]] == [
        "price",
        "verdict",
        "benchmark",
    ]
    assert "score 50.0 → 82.5" in page_text(curated)
    assert [change.new for change in uncurated.context["price_changes"]] == [
        Decimal("0.5")
    ]
    assert uncurated.context["changelog"] == []


# Kinds and variants -----------------------------------------------------------------


def test_pair_of_two_kinds_is_404_with_a_page_that_says_why(client):
    whisper = make_model(slug="whisper-1", name="Whisper", kind="speech")
    gpt_4o = make_model(slug="gpt-4o", name="GPT-4o")
    make_model(slug="tts-1", name="TTS 1", kind="speech")
    make_model(slug="o3", name="o3")

    response = client.get("/compare/gpt-4o-vs-whisper-1/")

    assert response.status_code == 404
    text = page_text(response)
    assert (
        "GPT-4o is a language model and Whisper a speech model: they do different "
        "jobs, so this site does not compare them." in text
    )
    html = response.text
    assert f'href="{gpt_4o.get_absolute_url()}"' in html
    assert f'href="{whisper.get_absolute_url()}"' in html
    assert 'href="/compare/gpt-4o-vs-o3/"' in html
    assert 'href="/compare/tts-1-vs-whisper-1/"' in html
    assert 'href="/models/?kind=speech"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" not in response.get("Cache-Control", "")


def test_pair_of_two_kinds_is_404_for_staff_too(admin_client):
    make_model(slug="whisper-1", name="Whisper", kind="speech")
    make_model(slug="gpt-4o", name="GPT-4o", status="draft")

    response = admin_client.get("/compare/gpt-4o-vs-whisper-1/")

    assert response.status_code == 404
    assert "they do different jobs" in response.text


def test_pair_is_shown_among_peers_of_its_kind(client):
    from catalog.models import Benchmark

    benchmark = Benchmark.objects.create(name="MTEB", slug="mteb")
    for slug, kind, score, prices in (
        ("embed-a", "embedding", "60", ("1", "2")),
        ("embed-b", "embedding", "70", ("4", "8")),
        ("embed-c", "embedding", "50", ("0.1", "0.3")),
        ("chatty", "language", "65", ("2", "4")),
    ):
        model = make_model(slug=slug, name=slug.title(), kind=kind)
        make_result(model=model, benchmark=benchmark, score=score)
        make_route(model=model, input_price=prices[0], output_price=prices[1])

    response = client.get("/compare/embed-a-vs-embed-b/")

    comparison = response.context["comparison"]
    assert {point.slug for point in comparison.chart.points} == {
        "embed-a",
        "embed-b",
        "embed-c",
    }
    related = {(link.slug_a, link.slug_b) for link in comparison.related.links}
    assert related and all("chatty" not in pair for pair in related)
    assert "Chatty" not in response.text


def test_continue_comparing_leaves_out_a_curated_pair_of_two_kinds(client):
    a = make_model(slug="alpha", name="Alpha")
    b = make_model(slug="beta", name="Beta")
    make_comparison(model_a=a, model_b=make_model(slug="voice", kind="speech"))
    make_comparison(model_a=a, model_b=make_model(slug="gamma", name="Gamma"))

    response = client.get("/compare/alpha-vs-beta/")

    related = [
        (link.slug_a, link.slug_b)
        for link in response.context["comparison"].related.links
    ]
    assert ("alpha", "gamma") in related
    assert all("voice" not in pair for pair in related)
    assert b.name in response.text


@pytest.fixture
def gpt_4o_variant():
    """GPT-4o with a result of its own, a dated snapshot with another, and o3."""
    from datetime import date

    from catalog.models import Benchmark

    gpt_4o = make_model(slug="gpt-4o", name="GPT-4o")
    snapshot = make_variant(gpt_4o, date(2024, 8, 6))
    o3 = make_model(slug="o3", name="o3")
    mmlu = Benchmark.objects.create(name="MMLU", slug="mmlu")
    gpqa = Benchmark.objects.create(name="GPQA", slug="gpqa")
    make_result(model=gpt_4o, benchmark=mmlu, score="88.7")
    make_result(model=snapshot, benchmark=gpqa, score="53.6")
    make_result(model=o3, benchmark=gpqa, score="83.3")
    make_result(model=o3, benchmark=mmlu, score="91.2")
    return gpt_4o, snapshot, o3


def test_comparison_shows_a_variants_result_marked_with_the_variant(
    client, gpt_4o_variant
):
    response = client.get("/compare/gpt-4o-vs-o3/")

    shared = {row.slug: row for row in response.context["comparison"].benchmarks.shared}
    assert set(shared) == {"gpqa", "mmlu"}
    assert shared["gpqa"].a.variant_name == "GPT-4o (2024-08-06)"
    assert shared["gpqa"].a.variant_slug == "gpt-4o-2024-08-06"
    assert (shared["mmlu"].a.variant_name, shared["gpqa"].b.variant_name) == ("", "")
    assert (
        '53.6</span> <span class="muted variant-note">measured on GPT-4o (2024-08-06)</span>'
        in response.text
    )


def test_a_model_compared_with_its_variant_does_not_borrow_its_score(
    client, gpt_4o_variant
):
    response = client.get("/compare/gpt-4o-vs-gpt-4o-2024-08-06/")

    benchmarks = response.context["comparison"].benchmarks
    assert benchmarks.shared == ()
    assert [row.slug for row in benchmarks.b_only] == ["gpqa"]
    assert "measured on" not in response.text


def test_page_opens_with_the_answer_and_the_form_returns_to_it(client, golden):
    html = client.get(GOLDEN_URL).content.decode()
    summary = re.search(r'<section id="summary".*?</section>', html, re.S).group(0)
    assert html.index('id="summary"') < html.index('id="traffic"')
    assert "Qwen3.5-4B is safer overall" in summary
    assert "$15,500" in summary and "$7,750" in summary  # GPT-4 Turbo: list, cheapest
    assert "128k (128,000 tokens)" in summary and "262k (262,144 tokens)" in summary
    assert "Quality:" in summary
    assert '<form method="get" action="#summary" class="traffic-form">' in html


def test_route_table_puts_the_labs_cloud_and_cheapest_routes_first_and_folds_the_rest(
    client,
):
    lab = make_organization(slug="lab", name="Lab")
    model = make_model(slug="alpha", name="Alpha", organization=lab)
    make_model(slug="beta", name="Beta")

    def route(slug, kind, price, **extra):
        provider = make_provider(slug=slug, name=slug.title(), kind=kind, **extra)
        return make_route(
            model=model,
            provider=provider,
            identifier=f"{slug}/alpha",
            input_price=price,
            output_price=price,
        )

    for index in range(10):
        route(f"host-{index:02d}", "inference_host", str(20 - index))
    route("cheap", "inference_host", "4")
    route("cloud", "cloud", "9")
    route("lab-api", "first_party", "9", organization=lab)
    html = client.get("/compare/alpha-vs-beta/").content.decode()

    alpha = html.split("<h3>Routes for Alpha</h3>")[1].split("<h3>Routes for Beta")[0]
    (shown,) = re.findall(r"<tbody>(.*?)</tbody>", alpha, re.S)
    providers = re.findall(r'<a href="/providers/([^/]+)/">', shown)
    assert providers[:3] == ["lab-api", "cheap", "cloud"]
    # Then the cheapest of the rest, up to four shown (issue 18: the lab's
    # own, the cheapest and one or two clouds on the first read).
    assert providers[3:] == ["host-09"]
    # The other nine are on the model's page, which lists every route.
    assert len(re.findall(r"<tr", shown)) == 4
    assert '<a href="/models/alpha/#routes">All 13 routes on Alpha\'s page</a>' in html
    # No route names a region or a cached-input price: no such columns.
    routes_head = re.search(r'<table class="data routes">.*?</thead>', html, re.S)
    assert ">Region<" not in routes_head.group(0)
    assert "Cached input" not in routes_head.group(0)
    # Identifiers break at their separators.
    assert "<code>lab-<wbr>api/<wbr>alpha</code>" in html


def test_the_pricing_tables_providers_row_names_six_and_counts_the_rest(client):
    # It once folded the list behind "N providers", N counted from its commas:
    # "7 providers" for a model on 49.
    model = make_model(slug="alpha", name="Alpha")
    make_model(slug="beta", name="Beta")
    for index in range(13):
        provider = make_provider(slug=f"host-{index:02d}", name=f"Host {index:02d}")
        make_route(model=model, provider=provider, identifier=f"h{index}/alpha")
    text = page_text(client.get("/compare/alpha-vs-beta/"))

    row = re.search(r" Providers (Host 00.*?) No providers tracked yet", text)
    assert row.group(1) == (
        "Host 00, Host 01, Host 02, Host 03, Host 04, Host 05, and 7 other providers"
    )
    assert "7 providers" not in text.replace("7 other providers", "")


def test_a_labs_coding_plan_reads_after_its_trusted_routes_tagged_as_a_plan(client):
    # GLM-5.2's first read was two $0 coding plans, tagged "Free tier", and the
    # lab's API, with its cheapest trusted route folded away.
    lab = make_organization(slug="lab", name="Lab")
    model = make_model(slug="alpha", name="Alpha", organization=lab)
    make_model(slug="beta", name="Beta")

    def route(slug, kind, price, **extra):
        provider = make_provider(slug=slug, name=slug.title(), kind=kind, **extra)
        make_route(
            model=model,
            provider=provider,
            identifier=f"{slug}/alpha",
            input_price=price,
            output_price=price,
        )

    route("lab-plan", "plan", "0", organization=lab)
    route("lab-api", "first_party", "9", organization=lab)
    route("cheap", "inference_host", "4")
    route("cloud", "cloud", "9")
    for index in range(4):
        route(f"host-{index}", "inference_host", str(10 + index))
    html = client.get("/compare/alpha-vs-beta/").content.decode()

    alpha = html.split("<h3>Routes for Alpha</h3>")[1].split("<h3>Routes for Beta")[0]
    (shown,) = re.findall(r"<tbody>(.*?)</tbody>", alpha, re.S)
    providers = re.findall(r'<a href="/providers/([^/]+)/">', shown)
    assert providers == ["lab-api", "cheap", "cloud", "host-0"]
    model_page = client.get("/models/alpha/").content.decode()
    assert "lab-plan" in model_page
    assert '<span class="tag">Free tier</span>' not in html
    # The FAQ names the lab's API and the cloud before the plan.
    text = page_text(client.get("/compare/alpha-vs-beta/"))
    assert "Alpha is available on Lab-Api, Cloud, Cheap," in text


def test_a_row_the_same_for_both_is_one_cell_across_both_columns(client):
    make_model(slug="alpha", name="Alpha", context_window=128_000)
    make_model(slug="beta", name="Beta", context_window=256_000)
    html = client.get("/compare/alpha-vs-beta/").content.decode()

    scorecard = html.split('id="scorecard"')[1].split("</table>")[0]
    assert re.search(
        r'<th scope="row">Decision fit</th><td colspan="2" class="same unknown">'
        r'No editor tags yet <span class="muted">\(both\)</span></td>',
        scorecard,
    )
    # What differs keeps a cell each.
    assert re.search(
        r'<th scope="row">Context window</th><td>128k</td><td>256k</td>', scorecard
    )


def test_route_tables_put_deprecated_before_retired_routes(client):
    lab = make_organization(slug="lab", name="Lab")
    model = make_model(
        slug="alpha", name="Alpha", organization=lab, lifecycle_status="deprecated"
    )
    make_model(slug="beta", name="Beta")
    for index in range(8):
        provider = make_provider(slug=f"host-{index}", name=f"Host {index}")
        make_route(
            model=model,
            provider=provider,
            identifier=f"h{index}/alpha",
            lifecycle_status="retired" if index < 2 else "active",
        )
    html = client.get("/compare/alpha-vs-beta/").content.decode()

    alpha = html.split("<h3>Routes for Alpha</h3>")[1].split("<h3>Routes for Beta")[0]
    (shown,) = re.findall(r"<tbody>(.*?)</tbody>", alpha, re.S)
    assert "host-0" not in shown and "host-1" not in shown
