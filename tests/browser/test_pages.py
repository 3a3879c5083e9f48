"""
The comparison pages in a real browser: the golden pair's cost, the traffic
form, the home page's "pick two models" form, the several-model page, no
console errors anywhere, and screenshots of the comparison page for review.
"""

import re

import pytest

from catalog.models import Benchmark
from tests.factories import (
    make_model,
    make_reported_figure,
    make_result,
    make_route,
    make_source,
)

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="pytest-playwright is not installed"
)
expect = playwright_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOLDEN_PATH = "/compare/gpt-4-turbo-vs-qwen3-5-4b/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def console_errors(page):
    """
    Return the list every console error and uncaught page error is added to;
    the test fails at teardown if it is not empty.
    """
    errors = []

    def on_console(message):
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    yield errors
    assert errors == []


def test_golden_comparison_shows_the_monthly_cost(
    page, live_server, golden, console_errors, artifacts
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + GOLDEN_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "GPT-4 Turbo vs Qwen3.5-4B"
    )
    card = page.locator(".cost-card").first
    expect(card).to_contain_text("At list price $15,500 a month, OpenAI API")
    expect(card).to_contain_text("Cheapest trusted route $7,750 a month, Replicate API")
    expect(page.locator(".price-score")).to_contain_text(
        "No price-against-score chart on MMLU-Pro"
    )
    page.screenshot(path=artifacts / "comparison-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    # Nothing may stick out sideways on a phone: wide tables scroll in place.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "comparison-390.png", full_page=True)


def test_traffic_form_recomputes_the_cost(page, live_server, golden, console_errors):
    page.goto(live_server.url + GOLDEN_PATH)
    page.get_by_label("Requests per month").fill("2000000")
    page.get_by_role("button", name="Update comparison").click()
    expect(page).to_have_url(re.compile(r"[?&]requests=2000000(&|$)"))
    card = page.locator(".cost-card").first
    expect(card).to_contain_text("At list price $31,000")
    expect(card).to_contain_text("Cheapest trusted route $15,500")


def test_home_form_lands_on_the_canonical_pair_url(
    page, live_server, golden, console_errors
):
    page.goto(live_server.url + "/")
    # The second model first: the page must still open in canonical order.
    page.get_by_label("First model").fill("Qwen3.5-4B")
    page.get_by_label("Second model").fill("GPT-4 Turbo")
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page).to_have_url(live_server.url + GOLDEN_PATH)
    expect(page.locator(".cost-card").first).to_contain_text("$7,750")


def test_many_page_shows_three_models_picked_with_its_form(
    page, live_server, golden, console_errors
):
    model = make_model(slug="claude-test", name="Claude Test")
    make_route(model=model, input_price="1", output_price="5")
    make_result(
        model=model, benchmark=Benchmark.objects.get(slug="mmlu-pro"), score="75.0"
    )
    page.goto(live_server.url + "/compare/")
    # Text fields with the models as suggestions: a name (or a slug) is typed.
    page.get_by_label("Model 1", exact=True).fill("GPT-4 Turbo")
    page.get_by_label("Model 2", exact=True).fill("Qwen3.5-4B")
    page.get_by_label("Model 3 (optional)").fill("claude-test")
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page).to_have_url(
        live_server.url + "/compare/?models=gpt-4-turbo,qwen3-5-4b,claude-test"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "GPT-4 Turbo vs Qwen3.5-4B vs Claude Test"
    )
    header = page.locator("section[aria-labelledby=specs] thead")
    for name in ("GPT-4 Turbo", "Qwen3.5-4B", "Claude Test"):
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.locator("section[aria-labelledby=cost]")).to_contain_text(
        "$7,750 a month"
    )


def test_sources_disagree_panel_fits_a_phone_opened(
    page, live_server, console_errors, artifacts
):
    model = make_model(name="Disagreeing model", context_window=200_000)
    make_reported_figure(model=model, field="context_window", value="1000000")
    litellm = make_source(title="LiteLLM model prices and context windows")
    for n in range(5):
        route = make_route(
            model=model,
            identifier=f"a-very-long-provider-prefix/some-org/disagreeing-model-{n}",
            context_window=131_072,
            source=make_source(title="models.dev"),
        )
        make_reported_figure(route=route, source=litellm, value="10")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + model.get_absolute_url())
    panel = page.locator("section.disagreements")
    expect(panel).to_contain_text("Outlier: over 3× off the shown figure")
    expect(panel.locator(".figure--live .mark--outlier")).to_have_count(0)
    for summary in panel.locator("summary").all():
        summary.click()
    expect(panel).to_contain_text("disagreeing-model-4")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    panel.screenshot(path=artifacts / "sources-disagree-390.png")
