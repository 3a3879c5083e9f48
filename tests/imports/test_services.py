import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from catalog.models import LanguageModel
from imports.models import FieldLock, ImportRun
from imports.parsers import read_path
from imports.services import (
    expire_previews,
    lock_field,
    prepare,
    preview,
    save_preview,
)
from tests.factories import make_capability, make_route, make_user

from .conftest import FIXTURES, TODAY

pytestmark = pytest.mark.django_db


def test_lock_field_records_who_locked_what(admin_user):
    route = make_route()

    lock = lock_field(route, "input_price", admin_user, note="From the invoice")

    assert (lock.target, lock.field_name, lock.locked_by, lock.note) == (
        route,
        "input_price",
        admin_user,
        "From the invoice",
    )
    assert lock_field(route, "input_price") == lock  # locking twice is one lock


def test_lock_field_on_a_capability_row_locks_the_models_capability():
    capability = make_capability(capability="vision")

    lock = lock_field(capability, "value")

    assert lock.content_type == ContentType.objects.get_for_model(LanguageModel)
    assert lock.object_id == capability.model_id
    assert lock.field_name == "capabilities.vision"


def test_lock_field_refuses_a_field_imports_never_write():
    with pytest.raises(ValueError, match="no lockable field 'last_reviewed'"):
        lock_field(make_route(), "last_reviewed")
    assert not FieldLock.objects.exists()


def make_preview(user, **kwargs):
    kwargs.setdefault("format", "litellm")
    kwargs.setdefault("file_name", "prices.json")
    kwargs.setdefault("import_date", dt.date(2026, 11, 25))
    return ImportRun.objects.create(created_by=user, payload=b"x" * 1000, **kwargs)


def test_a_new_preview_expires_its_authors_older_ones_beyond_three(admin_user):
    runs = [make_preview(admin_user) for _ in range(4)]
    other = make_preview(make_user(username="other"))
    diff = preview(
        prepare("litellm", read_path(FIXTURES / "litellm.json"), today=TODAY),
        today=TODAY,
    )

    save_preview(diff, format_name="litellm", payload=b"new", user=admin_user)

    for run in [*runs, other]:
        run.refresh_from_db()
    assert [run.status for run in runs] == ["failed", "failed", "preview", "preview"]
    assert [bytes(run.payload) for run in runs[:2]] == [b"", b""]
    assert "The preview expired" in runs[0].error
    assert other.status == "preview"
    assert bytes(other.payload) == b"x" * 1000


def test_previews_older_than_a_day_expire(admin_user):
    old = make_preview(admin_user)
    ImportRun.objects.filter(pk=old.pk).update(
        created=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    recent = make_preview(make_user(username="other"))

    assert expire_previews() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, bytes(old.payload)) == ("failed", b"")
    assert recent.status == "preview"


def test_confirming_an_expired_preview_writes_nothing(admin_client, admin_user):
    run = make_preview(admin_user)
    ImportRun.objects.filter(pk=run.pk).update(
        created=timezone.now() - dt.timedelta(days=2)
    )
    expire_previews()

    response = admin_client.post(
        reverse("admin:imports_importrun_apply", args=[run.pk]), follow=True
    )

    assert "already applied or has failed" in response.text
    run.refresh_from_db()
    assert run.status == "failed"
    assert not LanguageModel.objects.exists()
