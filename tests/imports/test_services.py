import pytest
from django.contrib.contenttypes.models import ContentType

from catalog.models import LanguageModel
from imports.models import FieldLock
from imports.services import lock_field
from tests.factories import make_capability, make_route

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
