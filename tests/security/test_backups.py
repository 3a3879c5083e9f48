"""
A logical backup (``dumpdata --format xml``) of the whole database (the
catalog and its sources, the curated comparisons, the import bookkeeping
and every history table) restores with ``restore_backup`` row for row:
nothing lost, nothing changed, nothing added.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from catalog.models import LanguageModel, Route
from changes.models import PendingChange
from comparisons.models import Comparison
from imports.models import ExternalId, FieldLock, ImportRun
from tests.factories import (
    make_capability,
    make_decision_tag,
    make_model,
    make_result,
    make_route,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db


def snapshot():
    """
    Return every row of every table of the database, by table.

    The rows of a many-to-many table (a model's sources and decision tags)
    are compared without their own ids: dumpdata saves the links, not the
    link rows, and nothing refers to those ids.
    """
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        link_table = model._meta.auto_created
        columns = [
            field.attname
            for field in model._meta.concrete_fields
            if not (link_table and field.primary_key)
        ]
        rows = [
            tuple(
                bytes(value) if isinstance(value, memoryview) else value
                for value in row
            )
            for row in model._base_manager.values_list(*columns)
        ]
        tables[model._meta.db_table] = sorted(rows, key=repr)
    return tables


@pytest.fixture
def catalog():
    """Return nothing; fill the golden pair plus edits that write history."""
    call_command("loaddata", "tests/fixtures/golden_pair.json", verbosity=0)
    editor = make_user(username="editor")
    source = make_source(title="A source with “quotes” & <angles>")
    model = make_model(
        description="**Markdown** with\nnewlines and unicode: ｇｐｔ 😀",
        parameter_count=4_000_000_000,
        input_modalities=["text", "image"],
    )
    model.sources.add(source)
    model.decision_tags.add(make_decision_tag())
    make_capability(model=model, note="Only in preview.", source=source)
    route = make_route(model=model, input_price=Decimal("0.000001"))
    make_result(model=model, score=Decimal("87.125"), notes="Five-shot.")
    # Edits, so the history tables hold more than creations.
    route.input_price = Decimal("2.5")
    route.save()
    model.description = "Edited."
    model.save()
    comparison = Comparison.objects.get()
    comparison.editor_notes = "Reviewed by editors."
    comparison.save()
    content_type = ContentType.objects.get_for_model(LanguageModel)
    run = ImportRun.objects.create(
        format="litellm",
        file_name="prices.json",
        import_date=dt.date(2026, 11, 25),
        created_by=editor,
        payload=b"\x00\x01binary\xff",
        counts={"created": 1},
        summary={"models": ["a", "b"]},
    )
    ExternalId.objects.create(
        source="litellm",
        external_id="openai/gpt-4o",
        content_type=content_type,
        object_id=model.pk,
    )
    FieldLock.objects.create(
        content_type=content_type,
        object_id=model.pk,
        field_name="context_window",
        locked_by=editor,
    )
    PendingChange.objects.create(
        content_type=content_type,
        object_id=model.pk,
        label=str(model),
        changes={"context_window": {"old": "128000", "new": "200000"}},
        kind=PendingChange.Kind.IMPORT,
        reason="The field is locked.",
        source=str(run),
    )


# Committed rows, as for a real restore: PostgreSQL refuses to empty a table
# that the same transaction has pending foreign-key checks on.
@pytest.mark.django_db(transaction=True)
def test_a_dumpdata_backup_restores_every_row_of_every_table(catalog, tmp_path):
    before = snapshot()
    for model in (LanguageModel.history.model, Route.history.model, ImportRun):
        assert before[model._meta.db_table]

    backup = tmp_path / "backup.xml"
    call_command("dumpdata", format="xml", output=str(backup), verbosity=0)
    # What happens to a database between the backup and the restore.
    LanguageModel.objects.filter(slug="gpt-4-turbo").update(name="Renamed")
    Route.objects.all().delete()
    make_source(title="Added after the backup")

    call_command("restore_backup", str(backup), interactive=False, verbosity=0)

    after = snapshot()
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table


def test_restore_backup_asks_before_deleting(catalog, tmp_path, monkeypatch):
    backup = tmp_path / "backup.xml"
    call_command("dumpdata", "catalog", format="xml", output=str(backup), verbosity=0)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore_backup", str(backup), verbosity=0)
    assert LanguageModel.objects.count() == 3


def defaced_after_backup(client, tmp_path):
    """
    Back the golden pair up, deface a model's name, cache its page with the
    defaced name, and return the backup and the page's URL.
    """
    backup = tmp_path / "backup.xml"
    call_command("dumpdata", format="xml", output=str(backup), verbosity=0)
    model = LanguageModel.objects.get(slug="gpt-4-turbo")
    model.name = "DEFACED"
    model.save()
    url = model.get_absolute_url()
    assert "DEFACED" in client.get(url).text
    return backup, url


@pytest.mark.django_db(transaction=True)
def test_restore_backup_moves_the_pages_on(golden, client, tmp_path):
    backup, url = defaced_after_backup(client, tmp_path)
    first = client.get(url)

    call_command("restore_backup", str(backup), interactive=False, verbosity=0)

    restored = client.get(url, headers={"if-none-match": first["ETag"]})
    assert restored.status_code == 200
    assert "DEFACED" not in restored.text
    assert "GPT-4 Turbo" in restored.text


@pytest.mark.django_db(transaction=True)
def test_restoring_a_backup_without_catalog_rows_moves_the_pages_on(client, tmp_path):
    backup = tmp_path / "backup.xml"
    make_user(username="editor")
    call_command("dumpdata", format="xml", output=str(backup), verbosity=0)
    call_command("loaddata", "tests/fixtures/golden_pair.json", verbosity=0)
    url = LanguageModel.objects.get(slug="gpt-4-turbo").get_absolute_url()
    assert client.get(url).status_code == 200

    call_command("restore_backup", str(backup), interactive=False, verbosity=0)

    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_refresh_pages_after_a_restore_outside_django_moves_the_pages_on(
    golden, client, tmp_path
):
    backup, url = defaced_after_backup(client, tmp_path)
    # What pg_restore does: rows replaced underneath Django, no signal sent.
    LanguageModel.objects.filter(slug="gpt-4-turbo").update(name="GPT-4 Turbo")
    assert "DEFACED" in client.get(url).text  # the cache cannot know

    call_command("refresh_pages", verbosity=0)

    assert "DEFACED" not in client.get(url).text


@pytest.mark.django_db(transaction=True)
def test_flush_moves_the_pages_on(golden, client):
    url = LanguageModel.objects.get(slug="gpt-4-turbo").get_absolute_url()
    assert client.get(url).status_code == 200

    call_command("flush", interactive=False, verbosity=0)

    assert client.get(url).status_code == 404
