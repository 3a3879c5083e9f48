"""
The API against its own OpenAPI schema: schemathesis generates requests for
every operation (valid and invalid ones), sends them in process through the
WSGI application, middleware and all, and runs every default check on each
response (no server error, documented status codes, content types, headers
and bodies, valid input accepted, invalid input refused, 405 with Allow).
"""

import os

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import override_settings

from tests.factories import make_api_catalog

# `make fuzz` explores with fresh random inputs and more of them; the test
# suite (and CI) replays one fixed sequence, so a run never fails by chance.
FUZZ = bool(os.environ.get("FUZZ"))
EXAMPLES_PER_OPERATION = 500 if FUZZ else 50


# schemathesis calls the app as "localhost".
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture
def catalog_rows(settings):
    """Load the golden pair and a few more rows, so that real slugs resolve too."""
    make_api_catalog()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # Thousands of requests from one address would trip the throttle, which
    # has tests of its own.
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": None}


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=not FUZZ,
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
@pytest.mark.django_db(transaction=True)
def test_api_conforms_to_its_schema(case, catalog_rows):
    # Schemathesis's WSGI transport does not decode gzip (tests/test_compression.py).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
