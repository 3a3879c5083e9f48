"""
``manage.py restore_backup FILE``: replace the whole database with a
logical backup written by ``manage.py dumpdata --format xml``, exactly as
it was dumped. See README, "Backups".

Two things make plain ``flush`` and ``loaddata`` fall short:

* ``flush`` puts back the content types and permissions that migrations
  create, with ids that may clash with the backup's; here the database is
  emptied without them, and the backup brings its own.
* ``loaddata`` adds each model's decision tags back through the
  many-to-many manager, and django-simple-history records each such change
  as a new history row; here history recording is off while loading.

Both run in one transaction: a backup that fails to load leaves the
database as it was. The content's generation moves on with it
(``sitecache.state``), so no page cached before the restore is served after.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from sitecache.state import bump_generation


class Command(BaseCommand):
    help = (
        "Replace every row of the database with a dumpdata backup (XML keeps "
        "timestamps to the microsecond; JSON rounds them to the millisecond), "
        "without writing history records."
    )

    def add_arguments(self, parser):
        parser.add_argument("fixtures", nargs="+", help="Backup files to load.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask before deleting the database's current rows.",
        )

    def handle(self, *args, fixtures, interactive=True, **options):
        if interactive:
            answer = input(
                "This deletes every row of the database and loads "
                f"{', '.join(fixtures)} instead. Type 'yes' to go on: "
            )
            if answer != "yes":
                raise CommandError("Nothing restored.")
        verbosity = options["verbosity"]
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command(
                "flush", interactive=False, inhibit_post_migrate=True, verbosity=0
            )
            call_command("loaddata", *fixtures, verbosity=verbosity)
            # flush sends no signal, and the backup may hold no catalog row.
            bump_generation()
