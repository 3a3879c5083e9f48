"""
An import's disagreement with a locked field becomes a change awaiting a
Publisher (changes.PendingChange), like an Editor's change to a published
record and a figure that failed a check: the open ones are copied over.
"""

from django.db import migrations

EMPTY = "—"  # how the import diff printed an empty value


def copy_open_disagreements(apps, schema_editor):
    Disagreement = apps.get_model("imports", "Disagreement")
    PendingChange = apps.get_model("changes", "PendingChange")
    for row in Disagreement.objects.filter(resolved=False).select_related("run"):
        PendingChange.objects.create(
            content_type_id=row.content_type_id,
            object_id=row.object_id,
            label=f"{row.content_type.model} #{row.object_id}",
            changes={
                row.field_name: {
                    "old": None if row.current_value == EMPTY else row.current_value,
                    "new": None if row.incoming_value == EMPTY else row.incoming_value,
                }
            },
            kind="import",
            reason=(
                f"The field is locked; the import says {row.incoming_value} where "
                f"the catalog has {row.current_value}."
            ),
            source=f"{row.run.format} import {row.run.file_name}, run #{row.run_id}",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("changes", "0001_pending_change"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_open_disagreements, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="disagreement",
            name="imports_dis_resolve_3a2926_idx",
        ),
        migrations.DeleteModel(name="Disagreement"),
    ]
