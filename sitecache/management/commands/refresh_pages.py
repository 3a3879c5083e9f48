"""
``manage.py refresh_pages``: move the content's generation on, so that no
cached page or API answer, and no ETag, from before is served or confirmed
again. Django's own writes do this by themselves; run it after a write
Django does not see, such as ``pg_restore`` or SQL typed in ``psql``.
"""

from django.core.management.base import BaseCommand

from sitecache.state import bump_generation, generation


class Command(BaseCommand):
    help = (
        "Move the site's content generation on, so every cached page and API "
        "answer is computed again. Run it after pg_restore or any change made "
        "to the database outside Django."
    )

    def handle(self, *args, **options):
        bump_generation()
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Cached pages refreshed: content generation {generation()}."
                )
            )
