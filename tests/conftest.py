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
