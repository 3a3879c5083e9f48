"""
Provenance from a URL (issue 22, item 4): pasting a source URL on a route
sets its Source to the one of that URL's site, created with the domain as
its title when none is, instead of leaving another publisher's Source.
"""

from decimal import Decimal

import pytest
from django.test import Client

from catalog.models import Route, Source
from changes.models import PendingChange
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import make_route, make_source, make_staff

pytestmark = pytest.mark.django_db
PRICING = "https://openai.com/api/pricing/"


@pytest.fixture
def publisher():
    client = Client()
    client.force_login(make_staff(role="Publisher", username="paula"))
    return client


def post_route(client, route, **changes):
    url = admin_url(Route, "change", route.pk)
    data = changeform_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


def test_a_pasted_url_creates_a_source_for_its_site(publisher):
    models_dev = make_source(title="models.dev", url="https://models.dev/")
    route = make_route(source=models_dev, source_url="https://models.dev/api.json")

    post_route(publisher, route, source_url=PRICING)

    route.refresh_from_db()
    assert route.source_url == PRICING
    assert (route.source.title, route.source.url) == (
        "openai.com",
        "https://openai.com/",
    )
    assert Source.objects.filter(title="openai.com").count() == 1


def test_a_pasted_url_picks_the_existing_source_of_its_site(publisher):
    openai = make_source(title="OpenAI pricing", url="https://www.openai.com/pricing")
    route = make_route(source=make_source(url="https://models.dev/"))

    post_route(publisher, route, source_url=PRICING)

    route.refresh_from_db()
    assert route.source == openai


def test_a_source_picked_with_the_url_is_kept(publisher):
    chosen = make_source(url="https://example.org/")
    route = make_route(source=make_source(url="https://models.dev/"))

    post_route(publisher, route, source_url=PRICING, source=chosen.pk)

    route.refresh_from_db()
    assert route.source == chosen


def test_an_editors_held_edit_carries_the_source_along():
    editor = Client()
    editor.force_login(make_staff(role="Editor", username="eddie"))
    route = make_route(
        input_price=Decimal(1), source=make_source(url="https://models.dev/")
    )

    post_route(editor, route, source_url=PRICING)

    route.refresh_from_db()
    assert route.source_url == ""
    (held,) = PendingChange.objects.pending()
    openai = Source.objects.get(title="openai.com")
    assert held.changes["source"]["new"] == str(openai.pk)
    assert held.changes["source_url"]["new"] == PRICING
