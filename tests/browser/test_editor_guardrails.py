"""
Guardrails on typing in a real browser (issue 22, item 4), as an Editor and
as a Publisher: "0,48" and "$2.50" typed in a route's prices are saved (or
held) as 0.48 and 2.5, never 48; a price moving more than 50% waits for
"I confirm the new prices" on the route's form and in the price grid; two
editors in two browser contexts meet the conflict screen, and the second
one's save keeps the first one's fields. Screenshots at 1280 px go to
test-artifacts/admin-*.png.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import LanguageModel
from changes.models import PendingChange
from tests.factories import make_model, make_route, make_staff

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="pytest-playwright is not installed"
)
expect = playwright_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
CONFIRM = "I confirm the new prices"


def log_in(page, live_server, role, username):
    make_staff(role=role, username=username)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def route_url(live_server, route):
    return live_server.url + reverse("admin:catalog_route_change", args=[route.pk])


def save(page):
    page.locator("input[name=_save]").first.click()


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_typed_prices_are_read_as_written_never_48(page, live_server, artifacts, role):
    route = make_route(input_price=Decimal("0.5"), output_price=Decimal(2))
    log_in(page, live_server, role, role.lower())
    page.goto(route_url(live_server, route))

    page.fill("#id_input_price", "0,48")
    page.fill("#id_output_price", "$2.50")
    page.screenshot(path=artifacts / f"admin-route-typed-{role.lower()}.png")
    save(page)

    expect(page.locator(".messagelist")).to_be_visible()
    page.screenshot(
        path=artifacts / f"admin-route-saved-{role.lower()}.png", full_page=True
    )
    route.refresh_from_db()
    if role == "Publisher":
        assert (route.input_price, route.output_price) == (
            Decimal("0.48"),
            Decimal("2.5"),
        )
    else:  # a published model's route: held for a Publisher, as typed
        assert (route.input_price, route.output_price) == (Decimal("0.5"), Decimal(2))
        (held,) = PendingChange.objects.pending()
        assert held.changes["input_price"]["new"] == "0.48"
        assert held.changes["output_price"]["new"] == "2.50"
    assert route.input_price != 48


def test_an_unreadable_price_is_refused_saying_what_to_write(
    page, live_server, artifacts
):
    route = make_route(input_price=Decimal("0.5"))
    log_in(page, live_server, "Publisher", "paula")
    page.goto(route_url(live_server, route))

    page.fill("#id_input_price", "1,250")
    save(page)

    expect(page.locator(".errorlist").first).to_contain_text(
        "“1,250” — write 1250 or 1.25"
    )
    page.screenshot(path=artifacts / "admin-route-refused-number.png", full_page=True)
    route.refresh_from_db()
    assert route.input_price == Decimal("0.5")


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_a_big_price_move_asks_for_confirmation(page, live_server, artifacts, role):
    route = make_route(input_price=Decimal(2), output_price=Decimal(10))
    log_in(page, live_server, role, role.lower())
    page.goto(route_url(live_server, route))

    page.fill("#id_output_price", "4")
    save(page)

    expect(page.locator(".errorlist").first).to_contain_text(
        "This changes the output price from $10 to $4 (−60%). "
        f"Tick '{CONFIRM}' to save."
    )
    page.screenshot(
        path=artifacts / f"admin-route-confirm-{role.lower()}.png", full_page=True
    )
    route.refresh_from_db()
    assert route.output_price == Decimal(10)
    assert not PendingChange.objects.exists()

    page.get_by_label(CONFIRM).check()
    save(page)

    expect(page.locator(".messagelist")).to_be_visible()
    route.refresh_from_db()
    if role == "Publisher":
        assert route.output_price == Decimal(4)
    else:
        (held,) = PendingChange.objects.pending()
        assert held.changes["output_price"]["new"] == "4"


def test_the_price_grid_asks_for_confirmation_per_row(page, live_server, artifacts):
    route = make_route(input_price=Decimal(2), output_price=Decimal(8))
    log_in(page, live_server, "Publisher", "paula")
    page.goto(live_server.url + reverse("admin:catalog_route_changelist"))

    page.fill("#id_form-0-output_price", "$3.50")
    page.fill("#id_form-0-input_price", "2,10")
    page.locator("input[name=_save]").click()

    # Once, in Django's row above the refused one.
    message = page.locator("#result_list .errorlist")
    expect(message).to_have_count(1)
    expect(message).to_contain_text(
        "This changes the output price from $8 to $3.50 (−56%)."
    )
    page.screenshot(path=artifacts / "admin-price-grid-confirm.png", full_page=True)
    page.get_by_label(CONFIRM).check()
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist")).to_contain_text("1 route saved.")
    route.refresh_from_db()
    assert (route.input_price, route.output_price) == (Decimal("2.1"), Decimal("3.5"))


def test_the_conflict_screen_saves_only_the_second_editors_fields(
    browser, live_server, artifacts
):
    model = make_model(context_window=128_000, family="")
    url = live_server.url + reverse(
        "admin:catalog_languagemodel_change", args=[model.pk]
    )
    first, second = (
        browser.new_context(viewport=DESKTOP),
        browser.new_context(viewport=DESKTOP),
    )
    try:
        bob, alice = first.new_page(), second.new_page()
        log_in(bob, live_server, "Publisher", "bob")
        log_in(alice, live_server, "Editor", "alice")
        alice.goto(url)
        bob.goto(url)

        bob.fill("#id_context_window", "200k")
        save(bob)
        expect(bob.locator(".messagelist")).to_be_visible()
        alice.fill("#id_family", "Alice's family")
        save(alice)

        screen = alice.locator(".edit-conflicts")
        expect(screen).to_contain_text("Theirs (bob, ")
        expect(screen.locator("tr", has_text="Context window")).to_contain_text(
            "128000"
        )
        expect(screen.locator("tr", has_text="Family")).to_contain_text(
            "Alice's family"
        )
        expect(alice.locator("#id_family")).to_have_value("Alice's family")
        expect(alice.locator("#id_context_window")).to_have_value("200000")
        alice.screenshot(path=artifacts / "admin-conflict.png", full_page=True)
        model.refresh_from_db()
        assert (model.family, model.context_window) == ("", 200_000)

        save(alice)

        expect(alice.locator(".messagelist")).to_be_visible()
        model.refresh_from_db()
        # Alice is an Editor of a published model: her field waits for a
        # Publisher, Bob's stays; nothing of hers reverts his window.
        assert model.context_window == 200_000
        (held,) = PendingChange.objects.pending()
        assert set(held.changes) == {"family"}
        assert held.changes["family"]["new"] == "Alice's family"
    finally:
        first.close()
        second.close()


def test_the_conflict_screen_for_two_publishers(browser, live_server, artifacts):
    # The model form's routes are read-only lines since issue 22 (item 3):
    # the conflict is on the model's own fields.
    model = make_model(context_window=128_000, family="")
    url = live_server.url + reverse(
        "admin:catalog_languagemodel_change", args=[model.pk]
    )
    contexts = [browser.new_context(viewport=DESKTOP) for _ in range(2)]
    try:
        bob, alice = (context.new_page() for context in contexts)
        log_in(bob, live_server, "Publisher", "bob")
        log_in(alice, live_server, "Publisher", "alice")
        alice.goto(url)
        bob.goto(url)
        bob.fill("#id_description", "Bob's description")
        save(bob)
        expect(bob.locator(".messagelist")).to_be_visible()

        alice.fill("#id_family", "Alice's family")
        save(alice)
        expect(alice.locator(".edit-conflicts table")).to_have_count(1)
        alice.screenshot(path=artifacts / "admin-conflict-rows.png", full_page=True)
        save(alice)

        expect(alice.locator(".messagelist")).to_be_visible()
        model.refresh_from_db()
        assert (model.family, model.description) == (
            "Alice's family",
            "Bob's description",
        )
        assert LanguageModel.objects.get(pk=model.pk).version == 3
    finally:
        for context in contexts:
            context.close()


def test_a_publisher_marks_a_price_typo_from_the_history(page, live_server, artifacts):
    from catalog.models import PriceCorrection
    from catalog.selectors import route_price_changes

    route = make_route(input_price=Decimal("0.5"))
    for price in ("48", "0.48"):
        route.input_price = Decimal(price)
        route.save()
    typo = route.history.order_by("history_date", "history_id")[1]
    log_in(page, live_server, "Publisher", "paula")
    page.goto(live_server.url + reverse("admin:catalog_route_history", args=[route.pk]))
    page.screenshot(path=artifacts / "admin-route-history.png", full_page=True)

    page.locator(f'a[href$="?record={typo.history_id}"]').click()
    # The form autofocuses its first field on load: typing before then can
    # land in the record field.
    page.wait_for_url("**/pricecorrection/add/**")
    page.wait_for_load_state("load")
    page.fill("#id_note", "0,48 read as 48")
    page.screenshot(path=artifacts / "admin-price-typo.png", full_page=True)
    save(page)

    expect(page.locator(".messagelist")).to_contain_text(
        "Marked as a typo: input price $0.50 → $48."
    )
    expect(page.locator("#change-history")).to_contain_text(
        "left out of the public price history"
    )
    page.screenshot(path=artifacts / "admin-route-history-marked.png", full_page=True)
    assert PriceCorrection.objects.get().record_id == typo.history_id
    [change] = route_price_changes(model_ids=[route.model_id])
    assert (change.old, change.new) == (Decimal("0.5"), Decimal("0.48"))
