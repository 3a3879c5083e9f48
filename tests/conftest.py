import time
from unittest import mock

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def golden(db):
    """The seed page's pair, GPT-4 Turbo and Qwen3.5-4B, as its fixture holds them."""
    call_command("loaddata", "tests/fixtures/golden_pair.json", verbosity=0)


class SiteClock:
    """The site's clock (``sitecache.state.now_ns``), running ``offset`` ahead."""

    def __init__(self):
        self.offset = 0

    def __call__(self):
        return time.time_ns() + self.offset

    def advance(self, seconds=1):
        """Move the clock ``seconds`` on."""
        self.offset += int(seconds * 10**9)


@pytest.fixture
def site_clock():
    """
    Return the site's clock, which a test may move on: answers carry a
    Last-Modified only once the second of the content's last change is over
    (``sitecache.state.State``).
    """
    clock = SiteClock()
    with mock.patch("sitecache.state.now_ns", clock):
        yield clock
