import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from imports import parsers
from imports.diff import format_diff
from imports.parsers.base import ImportFormatError
from imports.services import prepare, preview, run_import


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--date {value!r} is not a date such as 2026-11-25."
        ) from None


class Command(BaseCommand):
    help = (
        "Import organizations, models, providers and routes from a public "
        "model catalog: a models.dev tree (a folder or .zip) or its api.json, "
        "LiteLLM's model_prices_and_context_window.json, genai-prices "
        "(data.json, a provider YAML file or a folder of them), or a catalog "
        "file in this site's format. Records are matched by the external ids "
        "earlier imports recorded (the first import bootstraps them by exact "
        "slug), locked fields are never overwritten, and new models arrive "
        "as drafts. With --dry-run, print the diff and write nothing; "
        "otherwise write it in one transaction, recorded in history and as "
        "an import run."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="File, folder or .zip to import.")
        parser.add_argument(
            "--format",
            dest="format_name",
            required=True,
            choices=parsers.FORMATS,
            help="The format of PATH.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would change and write nothing.",
        )
        parser.add_argument(
            "--date",
            type=_date,
            help=(
                "Import as of this day (YYYY-MM-DD; default today): the day "
                "routes are verified on, and date-constrained prices in force."
            ),
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="No progress bar (there is none anyway when stderr is not a terminal).",
        )
        parser.add_argument(
            "--show",
            type=int,
            default=20,
            help="Items printed per list of the diff (0 for all; default 20).",
        )

    def handle(self, *args, path, format_name, dry_run, no_progress, **options):
        today = options["date"] or timezone.localdate()
        track = self.tracker(enabled=not no_progress and sys.stderr.isatty())
        try:
            upload = parsers.read_path(path)
            batch = prepare(format_name, upload, today=today, track=track)
            if dry_run:
                diff, run = preview(batch, today=today), None
            else:
                diff, run = run_import(batch, today=today, track=track)
        except ImportFormatError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        if options["verbosity"] >= 1:
            limit = options["show"] or None
            self.stdout.write("\n".join(format_diff(diff, limit=limit)))
        created, changed = len(diff.created), len(diff.changed)
        if options["verbosity"] < 1:
            return
        if dry_run:
            self.stdout.write(
                self.style.WARNING(
                    f"Dry run of {path} as of {today}: {created} to create, "
                    f"{changed} to change, {len(diff.conflicts)} locked "
                    "disagreement(s). Nothing was written."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {path} as of {today} (import run {run.pk}): "
                    f"{created} created, {changed} changed, "
                    f"{len(diff.conflicts)} locked disagreement(s)."
                )
            )

    def tracker(self, *, enabled):
        """Return a progress tracker: a tqdm bar on stderr, or nothing."""
        if not enabled:
            return None

        def track(iterable, total, description):
            return tqdm(
                iterable,
                total=total,
                desc=description,
                file=sys.stderr,
                leave=False,
                unit=" items",
            )

        return track
