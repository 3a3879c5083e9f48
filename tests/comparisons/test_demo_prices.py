"""
The demo catalog's prices at work (issue 17): long-context tiers and batch
prices on the labs' own routes, as the pages and the engine apply them.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from comparisons import engine
from comparisons.facts import compute_pair

pytestmark = pytest.mark.django_db

LONG_PROMPT = "?requests=1000&input_tokens=300000&output_tokens=1000"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo catalog once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalog", str(settings.DEMO_CATALOG_PATH), verbosity=0)
        yield
        transaction.set_rollback(True)


def lab_route(cost, identifier):
    return next(route for route in cost.routes if route.identifier == identifier)


def test_long_prompts_pay_the_labs_own_long_context_tiers(demo, client):
    profile = engine.TrafficProfile(
        requests_per_month=1000, input_tokens=300_000, output_tokens=1000
    )
    comparison = compute_pair(
        "gemini-3-1-pro-preview",
        "gpt-5-5",
        profile=profile,
        today=timezone.localdate(),
    ).comparison

    gemini = lab_route(comparison.costs.a, "google/gemini-3.1-pro-preview")
    gpt = lab_route(comparison.costs.b, "openai/gpt-5.5")

    # 1,000 x (300,000 x $4 + 1,000 x $18) / 1M, and at $10 / $45.
    assert (gemini.long_context_tier_applied, gemini.monthly_cost) == (
        True,
        Decimal("1218"),
    )
    assert (gpt.long_context_tier_applied, gpt.monthly_cost) == (True, Decimal(3045))
    assert comparison.costs.a.list_cost == Decimal(1218)
    assert comparison.costs.b.list_cost == Decimal(3045)
    page = client.get(f"/compare/gemini-3-1-pro-preview-vs-gpt-5-5/{LONG_PROMPT}")
    assert "$1,218" in page.text
    assert "$3,045" in page.text


def test_a_route_past_its_retirement_date_reads_retired(demo):
    # LiteLLM dates Google's own Gemini 2.5 Pro route's retirement 2026-12-01;
    # the catalog still says active. From that day it is no list price.
    def gemini_cost(today):
        return compute_pair(
            "gemini-2-5-pro", "gpt-5-5", profile=engine.TrafficProfile(), today=today
        ).comparison.costs.a

    before = gemini_cost(dt.date(2026, 11, 30))
    assert before.list_basis == "first_party"
    assert lab_route(before, "google/gemini-2.5-pro").doubt == ""
    after = gemini_cost(dt.date(2026, 12, 1))
    assert after.list_basis == "median"
    assert lab_route(after, "google/gemini-2.5-pro").doubt == "retired"


def test_batch_traffic_pays_gpt_4o_batch_price(demo, client):
    profile = engine.TrafficProfile(batch_share=Decimal(1))
    comparison = compute_pair(
        "gpt-4o", "gpt-5-5", profile=profile, today=timezone.localdate()
    ).comparison

    route = lab_route(comparison.costs.a, "openai/gpt-4o")

    # 1M requests x (500 x $1.25 + 350 x $5) / 1M tokens, not $2.50 / $10.
    assert route.monthly_cost == Decimal(2375)
    assert comparison.costs.a.list_cost == Decimal(2375)
    page = client.get("/compare/gpt-4o-vs-gpt-5-5/?batch_share=1")
    assert "$2,375" in page.text


def test_route_tables_say_who_checked_the_prices_and_when(demo, client):
    page = client.get("/compare/gemini-2-5-pro-vs-gpt-5-5/")

    assert "checked by models.dev 2025-06-17" in page.text
    assert "verified 2026-08-21" not in page.text
