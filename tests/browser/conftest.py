"""
Browser tests: pytest-playwright driving Debian's chromium (/usr/bin/chromium)
against pytest-django's live_server. Playwright's own browser downloads are
not used; a machine without that chromium skips these tests.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in the test's thread, so Django's
# async-unsafe guard would refuse the ORM calls of fixtures and factories;
# Django documents this variable as the way out for such tools.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_configure(config):
    # pyproject.toml runs with --strict-markers; the marker is registered here
    # so the browser suite stays in one folder.
    config.addinivalue_line(
        "markers", "browser: drives a real browser (chromium) against live_server"
    )


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: install Debian's chromium to run browser tests"
    )
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Return pytest-playwright's launch arguments, pointed at Debian's chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", ()), *CHROMIUM_ARGS],
    }


@pytest.fixture
def artifacts():
    """Return the folder for screenshots, git-ignored at the repository root."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def base_url():
    """
    Return no base URL: the tests open live_server.url. Defined here because
    pytest-playwright 0.10's own fallback fixture is a method, which pytest 9
    warns is deprecated.
    """
    return None
