from decimal import Decimal

import pytest

from catalog.models import LanguageModel, Route
from imports.models import Disagreement
from imports.selectors import (
    disagreement_list_open,
    field_lock_list_for,
    import_run_list_recent,
)
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
    return Disagreement.objects.all()


def test_disagreement_list_open_lists_unresolved_ones_with_their_rows(
    disagreements, django_assert_num_queries
):
    disagreements.filter(field_name="name").update(resolved=True)

    # The disagreements with their runs, then the rows of each kind (routes here).
    with django_assert_num_queries(2):
        rows = list(disagreement_list_open())
        targets = [row.target for row in rows]
        runs = {row.run.format for row in rows}

    assert len(rows) == 3
    assert {t.identifier for t in targets} == {
        "openai/gpt-4o",
        "openai/gpt-4o-mini",
        "anthropic/claude-sonnet-4-5",
    }
    assert runs == {"models.dev"}
    assert {(row.current_value, row.incoming_value) for row in rows} == {
        ("99", "10"),
        ("99", "0.6"),
        ("99", "15"),
    }


def test_disagreement_list_open_filters_by_model(disagreements):
    rows = list(disagreement_list_open(model=LanguageModel))

    assert [
        (row.field_name, row.current_value, row.incoming_value) for row in rows
    ] == [("name", "GPT-4o (editor)", "GPT-4o")]


def test_field_lock_list_for_returns_the_locks_of_one_row(disagreements):
    route = Route.objects.get(identifier="openai/gpt-4o")

    assert [lock.field_name for lock in field_lock_list_for(obj=route)] == [
        "output_price"
    ]


def test_import_run_list_recent_is_newest_first(disagreements):
    runs = list(import_run_list_recent(limit=5))

    assert len(runs) == 2
    assert runs[0].created >= runs[1].created
