"""
Create the two editorial roles as groups:

- Editor: view, add and change the catalog and the curated comparisons;
  cannot publish, mark reviewed or delete.
- Publisher: everything an Editor can do, plus publish and unpublish, mark
  reviewed and delete.

Running it again brings the groups back to exactly these permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

CATALOG_MODELS = [
    "source",
    "organization",
    "decisiontag",
    "languagemodel",
    "modelcapability",
    "provider",
    "route",
    "benchmark",
    "benchmarkresult",
]
EDITED = [("catalog", name) for name in CATALOG_MODELS] + [
    ("comparisons", "comparison")
]

EDITOR = [
    (app_label, f"{action}_{model}")
    for app_label, model in EDITED
    for action in ("view", "add", "change")
]
PUBLISHER = [
    *EDITOR,
    *((app_label, f"delete_{model}") for app_label, model in EDITED),
    ("catalog", "publish_languagemodel"),
    ("catalog", "review_languagemodel"),
    ("catalog", "review_route"),
    ("catalog", "review_benchmarkresult"),
    ("comparisons", "publish_comparison"),
    ("comparisons", "review_comparison"),
]
ROLES = {"Editor": EDITOR, "Publisher": PUBLISHER}


def sync_role_groups(apps):
    """Create or reset the role groups; the permissions must already exist."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q()
        for app_label, codename in permissions:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        found = list(Permission.objects.filter(wanted))
        if len(found) != len(permissions):
            raise RuntimeError(f"Some permissions of the {name} role do not exist.")
        group.permissions.set(found)


def create_role_groups(apps, schema_editor):
    # Django creates permissions after the last migration; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps)


def delete_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0003_backfill_versions"),
        ("comparisons", "0002_editorial_workflow"),
    ]

    operations = [
        migrations.RunPython(create_role_groups, delete_role_groups),
    ]
