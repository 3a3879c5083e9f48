"""
Price typos out of the public price history (issue 22, item 4): a Publisher
marks the route's version holding the typo; the model page, the API's
price_history and the route feed then read as if the right price had been
entered, while the admin's History page still shows the record, marked.
Marking saves no route: updated_at and /changes do not move.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.feeds import route_change_entries
from catalog.models import PriceCorrection, Route
from catalog.selectors import route_price_changes
from tests.factories import client_for, make_route, make_staff

pytestmark = pytest.mark.django_db


def typo_and_fix(before="0.5", typo="48", fix="0.48"):
    """A route whose input price went ``before`` → ``typo`` → ``fix``; return it and the typo's record."""
    route = make_route(input_price=Decimal(before))
    route.input_price = Decimal(typo)
    route.save()
    typo_record = route.history.latest()
    route.input_price = Decimal(fix)
    route.save()
    return route, typo_record


def prices(changes):
    return [(str(c.old.normalize()), str(c.new.normalize())) for c in changes]


def test_a_marked_typo_and_its_fix_leave_the_public_price_history():
    route, typo = typo_and_fix()
    assert prices(route_price_changes(model_ids=[route.model_id])) == [
        ("48", "0.48"),
        ("0.5", "48"),
    ]

    PriceCorrection.objects.create(record=typo)

    assert prices(route_price_changes(model_ids=[route.model_id])) == [("0.5", "0.48")]


def test_a_typo_fixed_back_to_the_old_price_leaves_no_change_at_all(client):
    route, typo = typo_and_fix(before="0.48")
    PriceCorrection.objects.create(record=typo)

    assert route_price_changes(model_ids=[route.model_id]) == []
    response = client.get(reverse("api:get_model", kwargs={"slug": route.model.slug}))
    assert response.json()["price_history"] == []
    assert not [e for e in route_change_entries() if "48" in e.title]


def test_marking_moves_neither_updated_at_nor_the_change_feed(client):
    route, typo = typo_and_fix()
    feed = client.get("/api/v1/changes").json()
    listed = client.get("/api/v1/models").json()

    PriceCorrection.objects.create(record=typo)

    assert client.get("/api/v1/changes").json() == feed
    assert client.get("/api/v1/models").json() == listed
    assert Route.objects.get(pk=route.pk).version == route.version


def test_a_publisher_marks_a_typo_from_the_routes_history_page():
    route, typo = typo_and_fix()
    publisher = client_for(make_staff(role="Publisher", username="paula"))
    history = reverse("admin:catalog_route_history", args=[route.pk])
    page = publisher.get(history)
    mark = f"{reverse('admin:catalog_pricecorrection_add')}?record={typo.history_id}"
    assert mark in page.text
    # The live version offers no link: it is marked once a later one fixes it.
    current = route.history.latest().history_id
    assert f"?record={current}" not in page.text
    assert "Current version: fix the price first, then mark this one" in page.text
    form = publisher.get(mark)
    assert form.status_code == 200

    response = publisher.post(
        mark, {"record": typo.history_id, "note": "0,48 read as 48"}, follow=True
    )

    assert response.redirect_chain[-1][0] == history
    assert "Marked as a typo: input price $0.50 → $48" in response.text
    assert "left out of the public price history" in response.text
    (correction,) = PriceCorrection.objects.all()
    assert (correction.record_id, correction.marked_by.username) == (
        typo.history_id,
        "paula",
    )


def test_the_current_version_cannot_be_marked_before_it_is_fixed():
    route = make_route(input_price=Decimal("0.5"))
    route.input_price = Decimal(48)
    route.save()
    publisher = client_for(make_staff(role="Publisher", username="paula"))

    response = publisher.post(
        reverse("admin:catalog_pricecorrection_add"),
        {"record": route.history.latest().history_id},
    )

    assert response.status_code == 200
    assert "fix the price first" in response.text
    assert not PriceCorrection.objects.exists()


def test_an_editor_cannot_mark_a_typo():
    _, typo = typo_and_fix()
    editor = client_for(make_staff(role="Editor", username="eddie"))

    response = editor.post(
        reverse("admin:catalog_pricecorrection_add"), {"record": typo.history_id}
    )

    assert response.status_code == 403
    assert not PriceCorrection.objects.exists()
