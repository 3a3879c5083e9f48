"""
Guardrails on typing (issue 22, item 4): number inputs read what editors
type or say what to write ("0,48" is never 48), and a price moving more
than 50% waits for "I confirm the new prices", on the route's form, its
model's route rows and the price grid.
"""

from decimal import Decimal

import pytest
from django.test import Client

from catalog import numbers
from catalog.admin import LanguageModelAdmin, RouteAdmin
from catalog.forms import ReadableNumberField, price_move_message
from catalog.models import LanguageModel, Route
from changes.models import PendingChange
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import make_model, make_route, make_staff

P, T, N, S = numbers.PRICE, numbers.TOKENS, numbers.PARAMETERS, numbers.SCORE

READ = [
    # typed, kind, value
    ("0,48", P, Decimal("0.48")),
    ("2,50", P, Decimal("2.5")),
    ("$2.50", P, Decimal("2.5")),
    (" 2.50 ", P, Decimal("2.5")),
    ("US$ 2.50", P, Decimal("2.5")),
    ("2.50$", P, Decimal("2.5")),
    ("$0.48 per 1M tokens", P, Decimal("0.48")),
    ("2.5/1M", P, Decimal("2.5")),
    ("0,480", P, Decimal("0.48")),
    ("0", P, Decimal(0)),
    (".5", P, Decimal("0.5")),
    ("1,000,000", P, Decimal(1_000_000)),
    ("1 000 000", P, Decimal(1_000_000)),
    ("1,234.5", P, Decimal("1234.5")),
    ("", P, None),
    ("128k", T, 128_000),
    ("128K", T, 128_000),
    ("1M", T, 1_000_000),
    ("1.5M", T, 1_500_000),
    ("1,5M", T, 1_500_000),
    ("128,000", T, 128_000),
    ("1 048 576", T, 1_048_576),
    ("131072", T, 131_072),
    ("120B", N, 120_000_000_000),
    ("1.8T", N, 1_800_000_000_000),
    ("7b", N, 7_000_000_000),
    ("500M", N, 500_000_000),
    ("85.2%", S, Decimal("85.2")),
    ("85,2", S, Decimal("85.2")),
]

REFUSED = [
    # typed, kind, what the message says to write
    ("1,250", P, "write 1250 or 1.25"),
    ("1.234,5", P, "write 1234.5"),
    ("1.000.000", P, "no thousands separator"),
    ("1,2,3", P, "a point for decimals"),
    ("€2.50", P, "prices are in US dollars"),
    ("2.50 EUR", P, "prices are in US dollars"),
    ("1M", P, "a price in US dollars per 1M tokens with digits only"),
    ("abc", P, "with digits only"),
    ("1e5", P, "with digits, e.g. 2.50"),
    ("$", P, "with digits, e.g. 2.50"),
    ("12 34", P, "write 1234 (no spaces in a number)"),
    ("1,500M", T, "write 1500M or 1.5M"),
    ("1.5", T, "a whole number"),
    ("128x", T, "k or M may follow the number"),
    ("120G", N, "M, B or T may follow the number"),
    ("1.5k", N, "with digits only"),
]


@pytest.mark.parametrize(("typed", "kind", "value"), READ)
def test_number_inputs_read_what_editors_type(typed, kind, value):
    field = ReadableNumberField(kind=kind, required=False)

    cleaned = field.clean(typed)

    assert cleaned == value
    if kind in numbers.WHOLE_KINDS and value is not None:
        assert type(cleaned) is int


@pytest.mark.parametrize(("typed", "kind", "advice"), REFUSED)
def test_ambiguous_or_unreadable_input_is_refused_saying_what_to_write(
    typed, kind, advice
):
    field = ReadableNumberField(kind=kind, required=False)

    with pytest.raises(Exception) as refused:
        field.clean(typed)

    [message] = refused.value.messages
    assert message.startswith(f"“{typed}” — ")
    assert advice in message


def test_zero_comma_48_is_never_48():
    for kind in (P, S):
        assert ReadableNumberField(kind=kind).clean("0,48") == Decimal("0.48")


def test_price_move_message_names_the_field_the_prices_and_the_change():
    assert price_move_message("output_price", Decimal(10), Decimal(1)) == (
        "This changes the output price from $10 to $1 (−90%). "
        "Tick 'I confirm the new prices' to save."
    )
    assert "cached input price from $0.50 to $1 (+100%)" in price_move_message(
        "cache_read_price", Decimal("0.5"), Decimal(1)
    )


def client_for(role, username):
    client = Client()
    client.force_login(make_staff(role=role, username=username))
    return client


@pytest.mark.django_db
def test_the_admin_forms_use_the_readable_number_inputs(rf):
    request = rf.get("/")
    request.user = make_staff(role="Publisher", username="paula")
    from django.contrib import admin

    route_form = RouteAdmin(Route, admin.site).get_form(request, make_route())
    model_form = LanguageModelAdmin(LanguageModel, admin.site).get_form(
        request, make_model()
    )

    for form, name, kind in [
        (route_form, "input_price", P),
        (route_form, "batch_output_price", P),
        (model_form, "context_window", T),
        (model_form, "max_output_tokens", T),
        (model_form, "parameter_count", N),
    ]:
        field = form.base_fields[name]
        assert isinstance(field, ReadableNumberField) and field.kind == kind
        assert field.widget.input_type == "text"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_route_form_saves_0_comma_48_as_0_48(role):
    client = client_for(role, "someone")
    route = make_route(input_price=Decimal("0.5"), output_price=Decimal(2))
    url = admin_url(Route, "change", route.pk)
    data = changeform_data(client.get(url))
    data["input_price"] = "0,48"
    data["output_price"] = "$2.50"

    assert client.post(url, data).status_code == 302

    route.refresh_from_db()
    if role == "Publisher":
        assert (route.input_price, route.output_price) == (
            Decimal("0.48"),
            Decimal("2.5"),
        )
    else:  # a published model's route: held for a Publisher, as typed
        (held,) = PendingChange.objects.pending()
        assert held.changes["input_price"]["new"] == "0.48"
        assert held.changes["output_price"]["new"] == "2.50"


@pytest.mark.django_db
def test_a_big_price_move_asks_for_confirmation_on_the_route_form():
    client = client_for("Publisher", "paula")
    route = make_route(input_price=Decimal(2), output_price=Decimal(10))
    url = admin_url(Route, "change", route.pk)
    data = changeform_data(client.get(url))
    data["output_price"] = "1"

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["output_price"] == [
        "This changes the output price from $10 to $1 (−90%). "
        "Tick 'I confirm the new prices' to save."
    ]
    assert 'name="confirm_prices"' in response.text
    route.refresh_from_db()
    assert route.output_price == Decimal(10)

    data = changeform_data(response)
    data["confirm_prices"] = "on"
    assert client.post(url, data).status_code == 302
    route.refresh_from_db()
    # Confirmed; the 3x check still holds a tenfold move for a Publisher.
    assert route.output_price == Decimal(10)
    (held,) = PendingChange.objects.pending()
    assert held.kind == "check" and held.changes["output_price"]["new"] == "1"


@pytest.mark.django_db
def test_a_move_of_50_percent_or_less_needs_no_confirmation():
    client = client_for("Publisher", "paula")
    route = make_route(input_price=Decimal(2), output_price=Decimal(10))
    url = admin_url(Route, "change", route.pk)
    data = changeform_data(client.get(url))
    assert 'name="confirm_prices"' not in client.get(url).text
    data["output_price"] = "5"
    data["input_price"] = "3"

    assert client.post(url, data).status_code == 302
    route.refresh_from_db()
    assert (route.input_price, route.output_price) == (Decimal(3), Decimal(5))


@pytest.mark.django_db
def test_the_grid_refuses_a_big_move_on_its_row_until_confirmed():
    from tests.editorial.test_price_grid import GRID_URL, grid_data

    client = client_for("Publisher", "paula")
    route = make_route(input_price=Decimal(2), output_price=Decimal(8))
    data = grid_data(client.get(GRID_URL), **{"0-output_price": "$3.50"})

    response = client.post(GRID_URL, data)

    assert response.status_code == 200
    assert "This changes the output price from $8 to $3.50 (−56%)." in response.text
    assert 'name="confirm_prices"' in response.text
    route.refresh_from_db()
    assert route.output_price == Decimal(8)
    data["confirm_prices"] = "on"
    assert client.post(GRID_URL, data).status_code == 302
    route.refresh_from_db()
    assert route.output_price == Decimal("3.5")
