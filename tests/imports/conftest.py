import shutil
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 25)


def import_catalog(format_name, path, *args):
    """Run ``manage.py import_catalog`` as of TODAY and return its output."""
    out = StringIO()
    call_command(
        "import_catalog",
        str(path),
        f"--format={format_name}",
        f"--date={TODAY.isoformat()}",
        "--show=0",
        *args,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


@pytest.fixture
def models_dev_tree(tmp_path):
    """Return a copy of the models.dev fixture tree that a test may edit."""
    tree = tmp_path / "models_dev"
    shutil.copytree(FIXTURES / "models_dev", tree)
    return tree
