from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from imports import parsers
from imports.diff import format_diff
from imports.refresh import (
    LockHeld,
    Outcome,
    configured_sources,
    refresh_lock,
    refresh_source,
)


class Command(BaseCommand):
    help = (
        "Fetch each upstream catalog in CATALOG_SOURCE_URLS (comma-separated "
        "format=url pairs; default the public files of models.dev, LiteLLM "
        "and genai-prices) and import it as import_catalog does. A source "
        "unchanged since its last refresh (HTTP 304, or the same body) is "
        "not imported again; one that fails writes nothing. Exits non-zero "
        "when every source failed, and at once when another refresh is running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            choices=parsers.FORMATS,
            help="Refresh the sources of this format only.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Fetch and print what would change; write nothing.",
        )
        parser.add_argument(
            "--show",
            type=int,
            default=20,
            help="Items printed per list of a dry run's diff (0 for all; default 20).",
        )

    def handle(self, *args, only, dry_run, show, **options):
        try:
            sources = configured_sources()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if only:
            sources = [source for source in sources if source.format == only]
            if not sources:
                raise CommandError(f"CATALOG_SOURCE_URLS has no {only} source.")
        today = timezone.localdate()
        if dry_run:
            results = [refresh_source(s, today=today, dry_run=True) for s in sources]
        else:
            try:
                with refresh_lock():
                    results = [refresh_source(s, today=today) for s in sources]
            except LockHeld as held:
                self.stderr.write(f"Nothing done: {held}.")
                return
        for result in results:
            line = f"{result.source.format} {result.source.url}: {result.outcome}: {result.message}"
            if result.outcome == Outcome.FAILED:
                self.stderr.write(self.style.ERROR(line))
                continue
            if result.diff is not None and dry_run and options["verbosity"] >= 1:
                self.stdout.write(
                    "\n".join(format_diff(result.diff, limit=show or None))
                )
            self.stdout.write(line)
        if all(result.outcome == Outcome.FAILED for result in results):
            raise CommandError(
                f"Every source failed ({len(results)}); nothing was imported."
            )
