import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import LanguageModel, Route
from changes.models import PendingChange
from imports.models import ExternalId, FieldLock, ImportRun
from imports.services import lock_field

from .conftest import FIXTURES, TODAY, import_catalog

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:imports_importrun_upload")


def upload(client, name, content, format_name):
    return client.post(
        UPLOAD_URL,
        {
            "file": SimpleUploadedFile(name, content),
            "format": format_name,
            "import_date": TODAY.isoformat(),
        },
    )


def zipped_models_dev():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (FIXTURES / "models_dev").rglob("*.toml"):
            archive.write(
                path,
                "models.dev/" + path.relative_to(FIXTURES / "models_dev").as_posix(),
            )
    return buffer.getvalue()


def test_upload_previews_then_confirm_applies(admin_client, admin_user):
    response = upload(
        admin_client,
        "models_dev_api.json",
        (FIXTURES / "models_dev_api.json").read_bytes(),
        "models.dev",
    )

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:imports_importrun_preview", args=[run.pk])
    assert run.status == ImportRun.Status.PREVIEW
    assert bytes(run.payload)  # kept for the confirmation
    assert not LanguageModel.objects.exists()

    preview = admin_client.get(response.url)
    assert preview.status_code == 200
    text = preview.content.decode()
    # In words: the headline, and a route named by its model and provider.
    assert "This import creates 1 source, 2 organizations, 3 providers" in text
    assert "<li>GPT-4o on OpenAI</li>" in text
    assert "Apply this import" in preview.content.decode()
    assert not Route.objects.exists()

    applied = admin_client.post(reverse("admin:imports_importrun_apply", args=[run.pk]))

    run.refresh_from_db()
    assert applied.status_code == 302
    assert run.status == ImportRun.Status.APPLIED
    assert bytes(run.payload) == b""
    assert Route.objects.count() == 4
    route = Route.objects.get(identifier="openai/gpt-4o")
    assert route.history.get().history_user == admin_user
    assert admin_client.get(applied.url).status_code == 200


def test_upload_reads_a_zip_of_the_models_dev_tree(admin_client):
    response = upload(admin_client, "models.dev.zip", zipped_models_dev(), "models.dev")
    run = ImportRun.objects.get()

    admin_client.post(reverse("admin:imports_importrun_apply", args=[run.pk]))

    assert response.status_code == 302
    assert Route.objects.count() == 5


def test_a_malformed_upload_shows_its_error_and_writes_nothing(admin_client):
    response = upload(admin_client, "prices.json", b'{"gpt-4o": ', "litellm")

    assert response.status_code == 200
    assert "prices.json: malformed JSON" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_the_wrong_format_is_refused(admin_client):
    response = upload(
        admin_client,
        "prices.json",
        (FIXTURES / "litellm.json").read_bytes(),
        "genai-prices",
    )

    assert "use --format litellm" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_confirming_a_stale_preview_shows_the_new_diff_and_writes_nothing(admin_client):
    import_catalog("models.dev", FIXTURES / "models_dev")
    Route.objects.filter(identifier="openai/gpt-4o").update(input_price=Decimal(3))
    upload(
        admin_client,
        "models_dev_api.json",
        (FIXTURES / "models_dev_api.json").read_bytes(),
        "models.dev",
    )
    run = ImportRun.objects.get(status=ImportRun.Status.PREVIEW)
    # Someone edits the catalog between the preview and the confirmation.
    Route.objects.filter(identifier="openai/gpt-4o").update(input_price=Decimal(4))

    response = admin_client.post(
        reverse("admin:imports_importrun_apply", args=[run.pk]), follow=True
    )

    assert Route.objects.get(identifier="openai/gpt-4o").input_price == 4
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW
    assert "changed since this preview" in response.content.decode()
    text = response.content.decode()
    assert "This import changes 1 route." in text
    assert '<th scope="row">Models</th>' not in text  # nothing to do
    assert "input price $4 → $2.50 per 1M tokens" in text


def test_staff_without_the_import_permission_cannot_upload(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(staff)

    assert client.get(UPLOAD_URL).status_code == 403


def test_staff_with_add_and_apply_importrun_can_import(client, django_user_model):
    staff = django_user_model.objects.create_user("importer", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_importrun", "apply_importrun"])
    )
    client.force_login(staff)

    assert client.get(UPLOAD_URL).status_code == 200
    upload(
        client,
        "models_dev_api.json",
        (FIXTURES / "models_dev_api.json").read_bytes(),
        "models.dev",
    )
    run = ImportRun.objects.get()
    response = client.post(reverse("admin:imports_importrun_apply", args=[run.pk]))

    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    assert Route.objects.exists()


def test_add_import_run_leads_to_the_upload_form(admin_client):
    response = admin_client.get(reverse("admin:imports_importrun_add"))

    assert response.status_code == 302
    assert response.url == UPLOAD_URL


@pytest.fixture
def bookkeeping(admin_user):
    import_catalog("models.dev", FIXTURES / "models_dev")
    route = Route.objects.get(identifier="openai/gpt-4o")
    Route.objects.filter(pk=route.pk).update(input_price=Decimal(3))
    lock_field(route, "input_price", admin_user)
    import_catalog("models.dev", FIXTURES / "models_dev")
    return route


@pytest.mark.parametrize(
    "model", [ImportRun, ExternalId, FieldLock], ids=lambda m: m.__name__
)
def test_changelists_and_search(admin_client, bookkeeping, model):
    url = reverse(f"admin:imports_{model._meta.model_name}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "gpt"}).status_code == 200


@pytest.mark.parametrize(
    "model", [ImportRun, ExternalId, FieldLock], ids=lambda m: m.__name__
)
def test_change_pages(admin_client, bookkeeping, model):
    obj = model.objects.first()

    response = admin_client.get(
        reverse(f"admin:imports_{model._meta.model_name}_change", args=[obj.pk])
    )

    assert response.status_code == 200


def test_field_lock_admin_refuses_a_field_imports_do_not_write(
    admin_client, bookkeeping
):
    response = admin_client.post(
        reverse("admin:imports_fieldlock_add"),
        {
            "content_type": ContentType.objects.get_for_model(Route).pk,
            "object_id": bookkeeping.pk,
            "field_name": "last_reviewed",
            "note": "",
        },
    )

    assert response.status_code == 200
    assert "has no field &#x27;last_reviewed&#x27; to lock" in response.content.decode()


def test_field_lock_admin_adds_a_lock_by_the_editor(
    admin_client, admin_user, bookkeeping
):
    response = admin_client.post(
        reverse("admin:imports_fieldlock_add"),
        {
            "content_type": ContentType.objects.get_for_model(Route).pk,
            "object_id": bookkeeping.pk,
            "field_name": "output_price",
            "note": "Checked",
        },
    )

    assert response.status_code == 302
    assert FieldLock.objects.get(field_name="output_price").locked_by == admin_user


def test_external_id_admin_edits_a_mapping(admin_client, bookkeeping):
    mapping = ExternalId.objects.get(
        external_id="openai/gpt-4o-mini", content_type__model="languagemodel"
    )
    other = LanguageModel.objects.get(slug="gpt-4o")

    response = admin_client.post(
        reverse("admin:imports_externalid_change", args=[mapping.pk]),
        {
            "source": mapping.source,
            "external_id": mapping.external_id,
            "content_type": mapping.content_type_id,
            "object_id": other.pk,
        },
    )

    assert response.status_code == 302
    mapping.refresh_from_db()
    assert mapping.object_id == other.pk


def test_a_locked_disagreement_is_approved_by_a_publisher_in_one_action(
    admin_client, admin_user, bookkeeping
):
    held = PendingChange.objects.get()
    assert held.changes == {"input_price": {"old": "3.000000", "new": "2.5"}}
    url = reverse("admin:changes_pendingchange_changelist")
    assert "input $/1M: <del>3</del> → <ins>2.5</ins>" in admin_client.get(url).text

    admin_client.post(
        url, {"action": "approve_selected", "_selected_action": [held.pk]}
    )

    bookkeeping.refresh_from_db()
    held.refresh_from_db()
    assert bookkeeping.input_price == Decimal("2.5")
    assert (held.status, held.decided_by) == ("approved", admin_user)
    record = bookkeeping.history.first()
    assert record.history_user == admin_user
    assert record.history_change_reason.startswith(f"Approved change #{held.pk}")
