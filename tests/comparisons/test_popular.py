"""
Popular comparisons computed from the catalog: each lab's flagship is its
newest high-end chat model, not its most widely served one.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from comparisons.popular import flagship, flagships, popular_pairs

NEWEST = dt.date(2026, 5, 1)


def model(
    slug, *, lab=1, days_old=0, routes=20, price="10", open_weights="no", params=None
):
    return SimpleNamespace(
        slug=slug,
        name=slug.replace("-", " ").title(),
        organization_id=lab,
        release_date=NEWEST - dt.timedelta(days=days_old),
        route_count=routes,
        top_output_price=Decimal(price),
        open_weights=open_weights,
        parameter_count=params,
    )


@pytest.mark.parametrize(
    ("lab", "expected"),
    [
        (
            [
                model("pro", days_old=80, routes=21, price="18"),
                # Newer, but a cheaper tier; a small open model, more served.
                model("flash", days_old=0, routes=25, price="12"),
                model(
                    "open",
                    days_old=30,
                    routes=34,
                    price="1.15",
                    open_weights="yes",
                    params=31e9,
                ),
            ],
            "pro",
        ),
        (
            [
                model("five", days_old=10, routes=32, price="37.5"),
                # A premium tier few providers serve.
                model("five-pro", days_old=10, routes=13, price="225"),
                model("four", days_old=60, routes=33, price="22.5"),
            ],
            "five",
        ),
        (
            [
                model("new", days_old=0, routes=55, price="5.5"),
                # Dearer, but of a line-up the lab has moved on from.
                model("older", days_old=170, routes=37, price="14"),
            ],
            "new",
        ),
        (
            # A lab of small open models still has a flagship.
            [
                model(
                    "eight-b",
                    days_old=0,
                    routes=30,
                    price="0.8",
                    open_weights="yes",
                    params=8e9,
                ),
                model(
                    "three-b",
                    days_old=5,
                    routes=30,
                    price="0.3",
                    open_weights="yes",
                    params=3e9,
                ),
            ],
            "eight-b",
        ),
    ],
    ids=[
        "top-tier-not-most-served",
        "no-thin-premium-tier",
        "current-line-up",
        "small-open-lab",
    ],
)
def test_flagship_is_the_newest_widely_served_model_of_the_top_price_tier(
    lab, expected
):
    assert flagship(lab).slug == expected


def test_pairs_start_with_the_dearest_flagships_and_spread_the_labs():
    models = [
        model("cheap", lab=1, routes=90, price="5"),
        model("dear", lab=2, routes=30, price="30"),
        model("mid", lab=3, routes=40, price="15"),
        model("unpriced", lab=4, routes=99, price="1"),
    ]
    models[-1].top_output_price = None  # no priced route: not a flagship
    assert [m.slug for m in flagships(models, labs=3)] == ["dear", "mid", "cheap"]
    pairs = popular_pairs(models, limit=3)
    assert [(p.slug_a, p.slug_b) for p in pairs] == [
        ("dear", "mid"),
        ("cheap", "dear"),
        ("cheap", "mid"),
    ]
