"""
Publishers approve or reject changes awaiting them; Editors see them.

Adds the permissions to the role groups the catalog's migration made.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editor": ["view_pendingchange"],
    "Publisher": ["view_pendingchange", "decide_pendingchange"],
}


def grant(apps, schema_editor):
    # Django creates permissions after the last migration; these need them now.
    app_config = apps.get_app_config("changes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    add_to_groups(apps)


def add_to_groups(apps):
    """Give each role its permissions on changes; they must already exist."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="changes", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="changes")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("changes", "0001_pending_change"),
        ("catalog", "0004_editor_and_publisher_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
