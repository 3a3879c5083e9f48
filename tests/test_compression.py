"""API answers and CSV downloads are gzipped for clients that accept it; pages are not (BREACH)."""

import gzip
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo catalog, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalog", str(settings.DEMO_CATALOG_PATH), verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_export_is_gzipped_and_still_answers_304(client, demo):
    plain = client.get("/api/v1/export")
    zipped = client.get("/api/v1/export", HTTP_ACCEPT_ENCODING="gzip")

    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    assert len(zipped.content) * 10 < len(plain.content)
    again = client.get(
        "/api/v1/export",
        HTTP_ACCEPT_ENCODING="gzip",
        HTTP_IF_NONE_MATCH=zipped["ETag"],
    )
    assert again.status_code == 304


@pytest.mark.django_db
def test_csv_downloads_are_gzipped(client, demo):
    response = client.get("/api/v1/export/routes.csv", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith(b"model")


@pytest.mark.django_db
def test_pages_are_not_compressed(client, demo):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


@pytest.mark.django_db
def test_a_cors_preflight_allows_conditional_requests(client):
    response = client.options(
        "/api/v1/models",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert "if-none-match" in response["Access-Control-Allow-Headers"]
