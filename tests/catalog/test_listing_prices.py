"""
The lists' and the model page's "cheapest" prices follow the comparison
pages' trust rules (trust.md, section 2): a reseller far below the lab's own
price, a plan, a deprecated route or a free tier is not the headline.
"""

from decimal import Decimal

import pytest

from catalog.models import Lifecycle, Provider
from tests.factories import make_model, make_organization, make_provider, make_route

pytestmark = pytest.mark.django_db


@pytest.fixture
def opus():
    lab = make_organization(name="Lab")
    model = make_model(name="Opus", slug="opus", organization=lab)
    own = make_provider(
        name="Lab API", kind=Provider.Kind.FIRST_PARTY, organization=lab
    )
    make_route(model=model, provider=own, input_price=Decimal(5), output_price=25)
    make_route(model=model, input_price=Decimal("4.30"), output_price=Decimal(21))
    # Each cheaper than 4.30, and each left out of "cheapest":
    make_route(model=model, input_price=Decimal("0.71"), output_price=Decimal("3.57"))
    plan = make_provider(name="Coding Plan", kind=Provider.Kind.PLAN)
    make_route(model=model, provider=plan, input_price=Decimal(1), output_price=5)
    make_route(
        model=model,
        input_price=Decimal(2),
        output_price=Decimal(10),
        lifecycle_status=Lifecycle.DEPRECATED,
    )
    make_route(model=model, input_price=Decimal(0), output_price=Decimal(0))
    return model


def test_the_model_list_api_shows_the_cheapest_trusted_prices(client, opus):
    (item,) = client.get("/api/v1/models", {"q": "opus"}).json()["items"]
    assert (item["cheapest_input_price"], item["cheapest_output_price"]) == (
        "4.3",
        "21",
    )


def test_the_model_page_shows_the_cheapest_trusted_prices(client, opus):
    html = client.get("/models/opus/").content.decode()
    assert 'Cheapest trusted input</dt><dd><span class="price">$4.30<' in html
    assert 'Cheapest trusted output</dt><dd><span class="price">$21<' in html


def test_without_the_labs_own_api_nothing_is_far_below(client):
    model = make_model(name="Open", slug="open")
    make_route(model=model, input_price=Decimal("0.10"), output_price=Decimal("0.40"))
    make_route(model=model, input_price=Decimal(1), output_price=Decimal(4))
    (item,) = client.get("/api/v1/models", {"q": "open"}).json()["items"]
    assert item["cheapest_input_price"] == "0.1"
