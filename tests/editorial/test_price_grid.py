"""
The price grid (issue 22, item 1): the route changelist edits prices in
place, one POST for one cell; an Editor's edit of a published model's route
waits for a Publisher like a change form's, and a figure failing a check is
held with its message.
"""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from catalog.models import Lifecycle, PublicationStatus, Route
from changes.models import PendingChange
from tests.catalog.test_admin import admin_url
from tests.factories import make_model, make_route, make_staff

pytestmark = pytest.mark.django_db
GRID_URL = admin_url(Route, "changelist")


def client_for(role, username):
    client = Client()
    client.force_login(make_staff(role=role, username=username))
    return client


def grid_data(response, **changes):
    """Return the grid's POST data as rendered, with ``changes`` ("0-input_price": "2")."""
    formset = response.context["cl"].formset
    data = {"_save": "Save"}
    for bound_field in formset.management_form:
        data[bound_field.html_name] = bound_field.value()
    for form in formset.forms:
        for bound_field in form:
            value = bound_field.value()
            if value is not None:
                data[bound_field.html_name] = value
    for name, value in changes.items():
        data[f"form-{name}"] = value
    return data


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_grid_lists_model_and_provider_first_then_editable_prices():
    publisher = client_for("Publisher", "paula")
    make_route(input_price=Decimal("2.500000"))
    make_route(input_price=Decimal("2.500000"))

    response = publisher.get(GRID_URL)

    cl = response.context["cl"]
    assert cl.list_display[1:3] == ["model", "provider_and_region"]
    assert {"input_price", "output_price", "cache_read_price"} <= set(cl.list_editable)
    assert 'name="form-0-input_price"' in response.text
    assert 'value="2.5"' in response.text  # no trailing zeros
    filters = {spec.title for spec in cl.filter_specs}
    assert {"provider", "model"} <= filters


def test_a_publisher_changes_one_price_in_one_post():
    publisher = client_for("Publisher", "paula")
    route = make_route(input_price=Decimal(10), output_price=Decimal(30))
    other = make_route(input_price=Decimal(1))
    data = grid_data(publisher.get(GRID_URL))
    row = next(
        i
        for i in range(int(data["form-TOTAL_FORMS"]))
        if data[f"form-{i}-id"] == route.pk
    )
    data[f"form-{row}-input_price"] = "8"

    response = publisher.post(GRID_URL, data, follow=True)

    route.refresh_from_db()
    other.refresh_from_db()
    assert route.input_price == Decimal(8)
    assert other.input_price == Decimal(1)
    assert not PendingChange.objects.exists()
    assert "1 route saved." in texts(response)
    assert route.history.latest().history_user.username == "paula"


def test_an_editors_grid_edit_of_a_published_route_waits_and_says_so():
    editor = client_for("Editor", "eddie")
    route = make_route(input_price=Decimal(10), output_price=Decimal(30))
    data = grid_data(editor.get(GRID_URL), **{"0-input_price": "8"})

    response = editor.post(GRID_URL, data, follow=True)

    route.refresh_from_db()
    assert route.input_price == Decimal(10)
    (held,) = PendingChange.objects.pending()
    assert held.kind == "edit" and held.proposed_by.username == "eddie"
    assert held.changes["input_price"]["new"] == "8"
    messages = texts(response)
    assert not any("changed successfully" in m or "saved." in m for m in messages)
    assert any("waiting for a Publisher" in m and "8" in m for m in messages)


def test_an_editors_grid_edit_of_a_draft_saves():
    editor = client_for("Editor", "eddie")
    route = make_route(
        model=make_model(status=PublicationStatus.DRAFT), input_price=Decimal(10)
    )
    data = grid_data(
        editor.get(GRID_URL),
        **{"0-input_price": "9", "0-lifecycle_status": Lifecycle.DEPRECATED},
    )

    response = editor.post(GRID_URL, data, follow=True)

    route.refresh_from_db()
    assert route.input_price == Decimal(9)
    assert route.lifecycle_status == Lifecycle.DEPRECATED
    assert "1 route saved." in texts(response)


def test_a_price_jump_in_the_grid_is_held_with_its_message():
    publisher = client_for("Publisher", "paula")
    route = make_route(input_price=Decimal("0.48"), output_price=Decimal(2))
    data = grid_data(publisher.get(GRID_URL), **{"0-input_price": "48"})
    data["confirm_prices"] = "on"  # a move of more than 50% asks first

    response = publisher.post(GRID_URL, data, follow=True)

    route.refresh_from_db()
    assert route.input_price == Decimal("0.48")
    (held,) = PendingChange.objects.pending()
    assert held.kind == "check"
    messages = texts(response)
    assert any("Held for a Publisher by a check" in m and "48" in m for m in messages)


def test_a_grid_save_over_a_newer_edit_is_refused_with_who_changed_what():
    publisher = client_for("Publisher", "paula")
    route = make_route(input_price=Decimal(10), output_price=Decimal(30))
    data = grid_data(publisher.get(GRID_URL), **{"0-input_price": "8"})
    assert data["form-0-opened_version"] == route.version
    bob = make_staff(role="Publisher", username="bob")
    route.output_price = Decimal(25)
    route._history_user = bob
    route.save()

    response = publisher.post(GRID_URL, data)

    assert response.status_code == 200
    assert "bob saved this route" in response.text
    # Once, in Django's row above the refused one: not again above the grid.
    assert response.text.count("bob saved this route") == 1
    route.refresh_from_db()
    assert (route.input_price, route.output_price) == (Decimal(10), Decimal(25))


def test_the_grid_asks_for_one_change_note_kept_on_each_changed_row():
    publisher = client_for("Publisher", "paula")
    first = make_route(input_price=Decimal(10))
    second = make_route(input_price=Decimal(20))
    page = publisher.get(GRID_URL)
    assert 'name="change_note"' in page.text
    data = grid_data(page, **{"0-input_price": "9", "1-input_price": "19"})
    data["change_note"] = "price cut on the pricing page"

    publisher.post(GRID_URL, data)

    for route in (first, second):
        assert route.history.latest().history_change_reason == (
            "price cut on the pricing page"
        )
