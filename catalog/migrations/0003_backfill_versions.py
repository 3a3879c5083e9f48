"""
Start each row's version at the number of its history records (1 + its
saves so far), so pages that look for changed rows (version > 1) also see
the edits made before versions existed.
"""

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

VERSIONED = [
    "Source",
    "Organization",
    "LanguageModel",
    "Provider",
    "Route",
    "Benchmark",
    "BenchmarkResult",
]


def backfill_versions(apps, schema_editor):
    for name in VERSIONED:
        model = apps.get_model("catalog", name)
        history = apps.get_model("catalog", f"Historical{name}")
        records = (
            history.objects.filter(id=OuterRef("pk"))
            .order_by()
            .values("id")
            .annotate(count=Count("history_id"))
            .values("count")
        )
        model.objects.update(
            version=Greatest(Coalesce(Subquery(records), Value(1)), Value(1))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_editorial_workflow"),
    ]

    operations = [
        migrations.RunPython(backfill_versions, migrations.RunPython.noop),
    ]
