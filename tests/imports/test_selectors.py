from decimal import Decimal

import pytest

from catalog.models import LanguageModel, Route
from imports.selectors import field_lock_list_for, import_run_list_recent
from imports.services import lock_field

from .conftest import FIXTURES, import_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def disagreements(admin_user):
    """Import, lock three fields an editor changed, and import again."""
    import_catalog("models.dev", FIXTURES / "models_dev")
    for identifier in (
        "openai/gpt-4o",
        "openai/gpt-4o-mini",
        "anthropic/claude-sonnet-4-5",
    ):
        route = Route.objects.get(identifier=identifier)
        Route.objects.filter(pk=route.pk).update(output_price=Decimal(99))
        lock_field(route, "output_price", admin_user)
    gpt = LanguageModel.objects.get(slug="gpt-4o")
    LanguageModel.objects.filter(pk=gpt.pk).update(name="GPT-4o (editor)")
    lock_field(gpt, "name", admin_user)
    import_catalog("models.dev", FIXTURES / "models_dev")


def test_field_lock_list_for_returns_the_locks_of_one_row(disagreements):
    route = Route.objects.get(identifier="openai/gpt-4o")

    assert [lock.field_name for lock in field_lock_list_for(obj=route)] == [
        "output_price"
    ]


def test_import_run_list_recent_is_newest_first(disagreements):
    runs = list(import_run_list_recent(limit=5))

    assert len(runs) == 2
    assert runs[0].created >= runs[1].created
