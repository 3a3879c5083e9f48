"""
Editors and Publishers import: both may upload a file and read its dry run
(add and view import runs); only Publishers apply one (issue 22, item 5).

Adds the permissions to the role groups the catalog's migration made.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editor": ["add_importrun", "view_importrun"],
    "Publisher": ["add_importrun", "view_importrun", "apply_importrun"],
}


def grant(apps, schema_editor):
    # Django creates permissions after the last migration; these need them now.
    app_config = apps.get_app_config("imports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    add_to_groups(apps)


def add_to_groups(apps):
    """Give each role its permissions on imports; they must already exist."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        found = Permission.objects.filter(
            content_type__app_label="imports", codename__in=codenames
        )
        if found.count() != len(codenames):
            raise RuntimeError(f"Some import permissions of the {name} role do not exist.")
        group.permissions.add(*found)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    codenames = {codename for names in ROLES.values() for codename in names}
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="imports", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0004_import_run_apply_permission"),
        ("changes", "0002_roles_decide"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
