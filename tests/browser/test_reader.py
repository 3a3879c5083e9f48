"""
Every public page type as a reader meets it, at 390 px (a phone) and 1280 px,
on the demo catalog: no sideways page scroll, no serious or critical axe-core
violation, the comparison's answer in the first screen, the traffic form
returning to the result, and a screenshot of each page's first screen in
test-artifacts/ for review.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="pytest-playwright is not installed"
)
expect = playwright_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
POPULAR = "/compare/claude-sonnet-4-6-vs-gpt-5-5/"

# (name, path): one page of each public type.
PAGES = [
    ("home", "/"),
    ("model-list", "/models/"),
    ("model", "/models/claude-sonnet-4-6/"),
    ("comparison", POPULAR),
    ("many", "/compare/?models=claude-sonnet-4-6,gemini-2-5-pro,gpt-5-5"),
    ("many-picker", "/compare/"),
    ("benchmark-list", "/benchmarks/"),
    ("benchmark", "/benchmarks/mmlu-pro/"),
    ("organization-list", "/organizations/"),
    ("organization", "/organizations/anthropic/"),
    ("provider-list", "/providers/"),
    ("provider", "/providers/openrouter/"),
    ("search", "/search/?q=claude"),
    ("about-data", "/about/data/"),
    ("not-found", "/models/no-such-model/"),
]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """
    Return pytest-playwright's context arguments, letting the test inject
    axe-core into pages whose Content-Security-Policy allows only their own
    scripts.
    """
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def demo_catalog(db):
    call_command("load_catalog", str(settings.DEMO_CATALOG_PATH), verbosity=0)


def axe_violations(page) -> list[str]:
    """Return the page's serious and critical axe-core violations, in words."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} - "
        + json.dumps([node["target"] for node in v["nodes"][:3]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_every_page_type_fits_passes_axe_and_is_screenshot(
    page, live_server, demo_catalog, artifacts, viewport
):
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `make axe` (npm ci in tests/browser)")
    page.set_viewport_size(viewport)
    width = viewport["width"]
    problems = []
    for name, path in PAGES:
        page.goto(live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{path}: scrolls sideways ({scroll_width} px)")
        problems += [f"{path}: {v}" for v in axe_violations(page)]
        page.screenshot(path=artifacts / f"page-{name}-{width}.png")
    assert problems == []


def test_comparison_answers_in_the_first_900_px_of_a_phone(
    page, live_server, demo_catalog
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + POPULAR)
    summary = page.locator("#summary")
    verdict = summary.locator(".verdict__sentence")
    costs = summary.locator(".answer__model dd strong")
    expect(costs).to_have_count(4)  # list price and cheapest route, twice
    for element in [verdict, costs.nth(0), costs.nth(2)]:
        box = element.bounding_box()
        assert box["y"] + box["height"] <= 900, element
    expect(summary).to_contain_text("Context window")
    expect(summary).to_contain_text("Quality:")


def test_traffic_form_brings_the_reader_back_to_the_result(
    page, live_server, demo_catalog, artifacts
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + POPULAR)
    page.get_by_label("Requests per month").fill("2000000")
    page.get_by_role("button", name="Update comparison").click()
    page.wait_for_url("**requests=2000000**#summary")
    summary = page.locator("#summary")
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("$13,500")  # $6,750 at list price, doubled
    page.screenshot(path=artifacts / "comparison-after-form-390.png")


def test_the_popular_pair_is_under_6000_px_at_1280_with_every_route_reachable(
    page, live_server, demo_catalog
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + POPULAR)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, f"{height} px"
    # The routes not shown are one link away, on the model's page.
    page.get_by_role("link", name="All 35 routes on Claude Sonnet 4.6's page").click()
    page.wait_for_url("**/models/claude-sonnet-4-6/#routes")
    expect(page.locator("#routes ~ .table-wrap tbody tr")).to_have_count(35)


def test_model_list_results_start_in_a_phones_first_screen(
    page, live_server, demo_catalog
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/models/")
    first_row = page.locator("table.data tbody tr").first
    box = first_row.bounding_box()
    assert box["y"] < PHONE["height"], box
    # The folded filters still submit: open them and filter.
    page.get_by_text("More filters").click()
    page.get_by_label("Open weights").select_option("yes")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**open_weights=yes**")
    expect(page.locator("details.filters__more")).to_have_attribute("open", "")
