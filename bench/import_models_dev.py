"""
Benchmark: import the whole models.dev tree into a fresh database, twice.

Usage, from the repository root::

    .venv/bin/python bench/import_models_dev.py [TREE] [--date YYYY-MM-DD]

TREE defaults to ../shared/data/models.dev. The database is a new SQLite
file in a temporary folder, unless DATABASE_URL names another (empty)
database. The script migrates it, runs ``import_catalog --format
models.dev`` once (everything is new) and again (nothing should change),
and prints the time and row counts of each run. It prints figures; it is
not a test.
"""

import argparse
import os
import secrets
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TREE = ROOT.parent / "shared" / "data" / "models.dev"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", nargs="?", type=Path, default=DEFAULT_TREE)
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        default=date(2026, 11, 25),
        help="import as of this day (default 2026-11-25, so figures are reproducible)",
    )
    args = parser.parse_args(argv)

    workdir = tempfile.TemporaryDirectory(prefix="bench-import-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir.name}/bench.sqlite3")
    # Production settings refuse keys shorter than 50 characters.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from catalog.models import (
        LanguageModel,
        ModelCapability,
        Organization,
        Provider,
        Route,
    )
    from imports.models import ExternalId, ImportRun

    def counts():
        return {
            "organizations": Organization.objects.count(),
            "providers": Provider.objects.count(),
            "models": LanguageModel.objects.count(),
            "capabilities": ModelCapability.objects.count(),
            "routes": Route.objects.count(),
            "external ids": ExternalId.objects.count(),
            "routes' history rows": Route.history.count(),
        }

    print(f"database: {connection.settings_dict['NAME']} ({connection.vendor})")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    files = sum(1 for _ in args.tree.rglob("*.toml"))
    print(f"tree: {args.tree} ({files} TOML files)")
    if LanguageModel.objects.exists():
        print("warning: the database already has models, so this is not a first import")

    for label in ("first run", "second run"):
        started = time.perf_counter()
        call_command(
            "import_catalog",
            str(args.tree),
            format_name="models.dev",
            date=args.date,
            no_progress=True,
            verbosity=0,
        )
        seconds = time.perf_counter() - started
        run = ImportRun.objects.order_by("-pk").first()
        print(
            f"{label}: {seconds:.1f} s, created {run.total('created')}, "
            f"changed {run.total('changed')}, unchanged {run.total('unchanged')}, "
            f"skipped {run.total('skipped')}"
        )
        for name, count in counts().items():
            print(f"  {name:<22}{count:>7}")
    workdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
