"""
Imports for editors (issue 22, item 5): Editors upload and read the dry run,
Publishers apply it; a field an editor changed since the import last wrote
the row is kept, and the import's value waits for a Publisher.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Route
from changes.models import PendingChange
from imports.edited import edited_fields
from imports.models import ImportRun
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import client_for, make_staff

from .conftest import FIXTURES, import_catalog
from .test_admin import upload

pytestmark = pytest.mark.django_db
API_FILE = ("models_dev_api.json", (FIXTURES / "models_dev_api.json").read_bytes())


@pytest.fixture
def editor():
    return client_for(make_staff(role="Editor", username="eddie"))


@pytest.fixture
def publisher():
    return client_for(make_staff(role="Publisher", username="pat"))


def test_an_editors_import_stops_at_the_dry_run(editor):
    response = upload(editor, *API_FILE, "models.dev")
    run = ImportRun.objects.get()

    preview = editor.get(response.url)
    applied = editor.post(reverse("admin:imports_importrun_apply", args=[run.pk]))

    assert preview.status_code == 200
    assert "This import creates" in preview.text
    assert "Apply this import" not in preview.text
    assert "a Publisher applies it" in preview.text
    assert applied.status_code == 403
    assert not Route.objects.exists()


def test_a_publishers_import_applies(publisher):
    response = upload(publisher, *API_FILE, "models.dev")
    run = ImportRun.objects.get()
    assert "Apply this import" in publisher.get(response.url).text

    applied = publisher.post(reverse("admin:imports_importrun_apply", args=[run.pk]))

    assert applied.status_code == 302
    assert Route.objects.filter(identifier="openai/gpt-4o").exists()


def edit_price(client, route, price):
    url = admin_url(Route, "change", route.pk)
    data = changeform_data(client.get(url))
    data.update(input_price=price, change_note="price cut this morning")
    assert client.post(url, data).status_code == 302


def test_a_field_an_editor_changed_is_kept_and_waits_for_a_publisher(publisher):
    import_catalog("models.dev", FIXTURES / "models_dev")
    route = Route.objects.get(identifier="openai/gpt-4o")
    edit_price(publisher, route, "1.25")

    response = upload(publisher, *API_FILE, "models.dev")
    preview = publisher.get(response.url).text
    today = timezone.localdate().isoformat()
    run = ImportRun.objects.get(status=ImportRun.Status.PREVIEW)
    publisher.post(reverse("admin:imports_importrun_apply", args=[run.pk]))

    assert f"an editor changed this on {today}" in preview
    assert "input price keeps $1.25 per 1M tokens" in preview
    route.refresh_from_db()
    assert route.input_price == Decimal("1.25")
    (held,) = PendingChange.objects.pending()
    assert held.kind == PendingChange.Kind.IMPORT
    assert held.reason.startswith(f"An editor changed this on {today}")
    assert held.changes["input_price"]["new"] != "1.25"


def test_an_import_writing_the_row_ends_the_protection(publisher):
    import_catalog("models.dev", FIXTURES / "models_dev")
    route = Route.objects.get(identifier="openai/gpt-4o")
    edit_price(publisher, route, "1.25")
    assert (route.pk, "input_price") in edited_fields(Route, ["input_price"])

    # An import's own record of the row (a loader without a user is not an editor).
    route.refresh_from_db()
    route.output_price = Decimal("99")
    route._change_reason = "import: models.dev later.json"
    route.save()

    assert edited_fields(Route, ["input_price"]) == {}


def test_review_marks_and_untracked_fields_are_not_edits(publisher):
    import_catalog("models.dev", FIXTURES / "models_dev")
    route = Route.objects.get(identifier="openai/gpt-4o")
    url = reverse("admin:catalog_route_changelist")
    publisher.post(
        url, {"action": "mark_reviewed", "_selected_action": [route.pk], "index": 0}
    )

    assert edited_fields(Route, ["input_price", "last_verified"]) == {}
