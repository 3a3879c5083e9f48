import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog.catalog_format import CatalogFormatError, load_catalog
from catalog.documents import check_size, read_json
from catalog.errors import FormatError


class Command(BaseCommand):
    help = (
        "Load a catalog file in the project's JSON format (the one the API's "
        "export writes) in one transaction. Records are matched by natural key "
        "(slug, key, or provider + identifier + region for routes) and only "
        "changed fields are written, so a second run of the same file changes "
        "nothing. Give FILE, or --demo for the demo catalog shipped with the "
        "project (settings.DEMO_CATALOG_PATH). The whole file is checked first: "
        "if any record is invalid, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", type=Path, help="Path of the catalog JSON file."
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Load settings.DEMO_CATALOG_PATH (catalog/fixtures/demo_catalog.json).",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=(
                "Also delete the rows the file does not name (by default rows "
                "absent from the file are kept)."
            ),
        )

    def handle(self, *args, file=None, demo=False, prune=False, **options):
        if demo == (file is not None):
            raise CommandError("Give either FILE or --demo.")
        path = Path(settings.DEMO_CATALOG_PATH) if demo else file
        try:
            check_size(str(path), path.stat().st_size)
            text = path.read_text(encoding="utf-8")
            data = read_json(str(path), text)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path} is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}."
            ) from None
        except FormatError as error:
            raise CommandError(f"Nothing was loaded. {error}.") from None
        progress = self.stdout if options["verbosity"] >= 2 else None
        try:
            report = load_catalog(data, stdout=progress, prune=prune)
        except CatalogFormatError as error:
            raise CommandError(f"{path}: nothing was loaded. {error}") from None
        if options["verbosity"] >= 1:
            self.stdout.write(str(report))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {path} in {report.seconds:.1f} s: {report.created} created, "
                    f"{report.updated} updated, {report.deleted} deleted."
                )
            )
