"""
Start each comparison's version at its number of history records, and date
the existing verdict overrides: the row's last save is the latest they can
have been written.
"""

from django.db import migrations
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest


def backfill(apps, schema_editor):
    Comparison = apps.get_model("comparisons", "Comparison")
    history = apps.get_model("comparisons", "HistoricalComparison")
    records = (
        history.objects.filter(id=OuterRef("pk"))
        .order_by()
        .values("id")
        .annotate(count=Count("history_id"))
        .values("count")
    )
    Comparison.objects.update(
        version=Greatest(Coalesce(Subquery(records), Value(1)), Value(1))
    )
    Comparison.objects.exclude(verdict_override="").update(
        verdict_override_updated=F("updated")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comparisons", "0002_editorial_workflow"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
