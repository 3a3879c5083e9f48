"""
An editor's day in a real browser (issue 22), as Editor and as Publisher:
the price grid saves a row in one request, the triage page ranks a changed
price above stale records, the largest demo model's form is under 3
screens at 1280 px, an Editor's import stops at the dry run while a
Publisher's applies, and a field an editor changed is protected from the
next import. Each admin page is written to test-artifacts/admin-*.png.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from catalog.models import LanguageModel, Route
from catalog.services import mark_reviewed
from changes.models import PendingChange
from changes.services import propose
from imports.models import ImportRun
from tests.factories import make_model, make_route, make_staff
from tests.imports.conftest import FIXTURES, import_catalog

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="pytest-playwright is not installed"
)
expect = playwright_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
THREE_SCREENS = 2400  # px at 1280 px wide: 3 screens of 800
ROLES = ["Editor", "Publisher"]


def log_in(page, live_server, role):
    """Log a new user of ``role`` in through the admin's login form."""
    user = make_staff(role=role, username=role.lower())
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(user.username)
    return user


def shoot(page, artifacts, name):
    page.screenshot(path=artifacts / f"admin-{name}.png", full_page=True)


def page_height(page):
    return page.evaluate("document.documentElement.scrollHeight")


@pytest.mark.parametrize("role", ROLES)
def test_the_price_grid_saves_a_row_in_one_request(page, live_server, role, artifacts):
    route = make_route(input_price=Decimal("2.5"), output_price=Decimal(10))
    log_in(page, live_server, role)
    page.goto(live_server.url + reverse("admin:catalog_route_changelist"))
    # Every column, up to the source, shows beside the filters at 1280 px:
    # the grid's box does not scroll sideways.
    assert page.evaluate("window.innerWidth") >= 1280
    assert page.evaluate(
        "(() => { const box = document.querySelector('#changelist .results');"
        " return box.scrollWidth <= box.clientWidth; })()"
    )
    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.url) if request.method == "POST" else None,
    )

    page.fill("#id_form-0-input_price", "2")
    page.fill("#id_grid_change_note", "price cut on the pricing page")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    assert len(posts) == 1
    route.refresh_from_db()
    if role == "Publisher":
        assert route.input_price == Decimal(2)
    else:  # an Editor's edit of a published model's route waits
        assert route.input_price == Decimal("2.5")
        (held,) = PendingChange.objects.pending()
        assert held.changes["input_price"]["new"] == "2"
    if role == "Publisher":
        shoot(page, artifacts, "price-grid")


@pytest.mark.parametrize("role", ROLES)
def test_the_triage_page_ranks_a_changed_price_above_stale_records(
    page, live_server, role, artifacts
):
    old = timezone.localdate() - dt.timedelta(days=400)
    stale = make_model(name="Stale model", last_reviewed=old)
    make_route(model=stale)
    priced = make_model(name="Priced model")
    route = make_route(model=priced, input_price=Decimal(10))
    mark_reviewed(objects=[priced, route], user=None, today=timezone.localdate())
    route.input_price = Decimal(7)
    route.save()
    waiting = make_route(model=make_model(name="Waiting model"))
    propose(
        waiting,
        {"input_price": {"old": str(waiting.input_price), "new": "0.48"}},
        kind=PendingChange.Kind.EDIT,
        reason="Held for a Publisher. Note: price cut on the pricing page.",
        user=make_staff(role="Editor", username="eddie"),
    )
    log_in(page, live_server, role)

    page.goto(live_server.url + reverse("admin:review_queue"))

    # The change waiting for a Publisher first, with who, what and the note.
    changes = page.locator("#waiting-changes")
    expect(changes).to_contain_text("eddie")
    expect(changes).to_contain_text("0.48")
    expect(changes).to_contain_text("Note: price cut on the pricing page.")
    expect(page.locator("input[name=_change]")).to_have_count(
        1 if role == "Publisher" else 0
    )
    rows = page.locator("#result_list tbody th[scope=row]")
    expect(rows.nth(0)).to_contain_text("Waiting model")
    expect(rows.nth(1)).to_contain_text("Priced model")
    expect(rows.nth(1)).to_contain_text("1 route needs review")
    expect(rows.nth(2)).to_contain_text("Stale model")
    if role == "Publisher":
        shoot(page, artifacts, "review-queue")


@pytest.fixture
def demo_catalog(db):
    call_command("load_catalog", str(settings.DEMO_CATALOG_PATH), verbosity=0)


@pytest.mark.parametrize("role", ROLES)
def test_the_largest_models_form_is_under_three_screens(
    page, live_server, demo_catalog, role, artifacts
):
    largest = LanguageModel.objects.annotate(n=Count("routes")).order_by("-n", "pk")[0]
    log_in(page, live_server, role)

    page.goto(
        live_server.url
        + reverse("admin:catalog_languagemodel_change", args=[largest.pk])
    )

    expect(page.locator(".field-route_summary")).to_contain_text(
        f"All {largest.n} routes"
    )
    assert page_height(page) < THREE_SCREENS
    if role == "Publisher":
        shoot(page, artifacts, "model-form")
        page.goto(live_server.url + reverse("admin:index"))
        shoot(page, artifacts, "index")
        page.goto(
            live_server.url
            + reverse("admin:catalog_route_changelist")
            + f"?model__id__exact={largest.pk}"
        )
        shoot(page, artifacts, "price-grid-demo")
        page.goto(live_server.url + reverse("admin:review_queue"))
        shoot(page, artifacts, "review-queue-demo")


def upload(page, live_server):
    page.goto(live_server.url + reverse("admin:imports_importrun_upload"))
    page.set_input_files("#id_file", str(FIXTURES / "models_dev_api.json"))
    page.select_option("#id_format", "models.dev")
    page.click("input[type=submit]")
    expect(page.locator(".import-headline")).to_be_visible()


def test_an_editors_import_stops_at_the_dry_run(page, live_server, artifacts):
    log_in(page, live_server, "Editor")
    page.goto(live_server.url + reverse("admin:imports_importrun_upload"))
    shoot(page, artifacts, "import-upload")

    upload(page, live_server)

    expect(page.locator(".import-headline")).to_contain_text("This import creates")
    expect(page.locator("text=Apply this import")).to_have_count(0)
    expect(page.locator(".dry-run-only")).to_be_visible()
    assert not Route.objects.exists()


def test_a_publishers_import_applies(page, live_server):
    log_in(page, live_server, "Publisher")
    upload(page, live_server)

    page.click("text=Apply this import")

    expect(page.locator(".messagelist")).to_contain_text("Imported")
    assert ImportRun.objects.get().status == ImportRun.Status.APPLIED
    assert Route.objects.filter(identifier="openai/gpt-4o").exists()


def test_a_field_an_editor_changed_is_protected(page, live_server, artifacts):
    import_catalog("models.dev", FIXTURES / "models_dev")
    route = Route.objects.get(identifier="openai/gpt-4o")
    log_in(page, live_server, "Publisher")
    page.goto(live_server.url + reverse("admin:catalog_route_change", args=[route.pk]))
    page.fill("#id_input_price", "1.25")
    page.fill("#id_change_note", "price cut this morning")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    upload(page, live_server)
    today = timezone.localdate().isoformat()
    expect(page.locator(".import-protected")).to_contain_text(
        f"an editor changed this on {today}"
    )
    shoot(page, artifacts, "import-diff")
    page.click("text=Apply this import")
    expect(page.locator(".messagelist")).to_contain_text("Imported")

    route.refresh_from_db()
    assert route.input_price == Decimal("1.25")
    held = PendingChange.objects.pending().get()
    page.goto(
        live_server.url + reverse("admin:changes_pendingchange_change", args=[held.pk])
    )
    expect(page.locator("body")).to_contain_text(f"An editor changed this on {today}")
    shoot(page, artifacts, "pending-change")
