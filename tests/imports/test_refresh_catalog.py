"""
``manage.py refresh_catalog`` against a catalog server the tests start on
127.0.0.1 (``http.server`` in a thread): nothing here reaches the internet.
"""

import hashlib
import json
import re
import threading
import time
import zlib
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from catalog.models import LanguageModel, Route
from imports.models import ImportRun, RefreshLock
from imports.refresh import (
    DEFAULT_SOURCES,
    LOCK_EXPIRES,
    LOCK_NAME,
    LockHeld,
    configured_sources,
    file_name,
    refresh_lock,
)
from sitecache.state import generation

from .conftest import FIXTURES

API_JSON = (FIXTURES / "models_dev_api.json").read_bytes()
LAST_MODIFIED = "Wed, 25 Nov 2026 10:00:00 GMT"


class Upstream:
    """
    A catalog server: ``files`` by path, each answered with an ETag (its
    hash) and a 304 to a matching If-None-Match; ``handlers`` by path
    replace that with a test's own answer. ``requests`` lists each
    request's path and headers.
    """

    def __init__(self):
        self.files: dict[str, tuple[bytes, str]] = {}
        self.handlers = {}
        self.requests: list[tuple[str, dict]] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                upstream.requests.append((self.path, dict(self.headers)))
                if self.path in upstream.handlers:
                    upstream.handlers[self.path](self)
                    return
                if self.path not in upstream.files:
                    self.send_error(404)
                    return
                body, content_type = upstream.files[self.path]
                etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path):
        host, port = self.server.server_address
        return f"http://{host}:{port}{path}"

    def serve(self, path, body, content_type="application/json"):
        self.files[path] = (body, content_type)

    def paths_requested(self):
        return [path for path, _ in self.requests]


@pytest.fixture
def upstream(settings):
    """Return a running catalog server serving models.dev's api.json, the only source."""
    server = Upstream()
    server.thread.start()
    server.serve("/api.json", API_JSON)
    settings.CATALOG_SOURCE_URLS = f"models.dev={server.url('/api.json')}"
    settings.CATALOG_FETCH_TIMEOUT = 5
    settings.CATALOG_FETCH_RETRIES = 1
    settings.CATALOG_FETCH_BACKOFF = 0
    yield server
    server.server.shutdown()
    server.server.server_close()


def refresh(*args):
    """Run refresh_catalog; return its stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command("refresh_catalog", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def catalog_rows():
    """Return the catalog's rows and history records, to see that nothing was written."""
    return {
        "models": LanguageModel.objects.count(),
        "routes": Route.objects.count(),
        "route history": Route.history.count(),
        "model history": LanguageModel.history.count(),
        "prices": sorted(
            Route.objects.values_list("identifier", "input_price", "output_price")
        ),
    }


# Configuration ----------------------------------------------------------------


def test_configured_sources_default_to_the_public_single_files(settings):
    settings.CATALOG_SOURCE_URLS = ""

    sources = configured_sources()

    assert [(s.format, s.url) for s in sources] == list(DEFAULT_SOURCES)
    assert [file_name(s.url) for s in sources] == [
        "api.json",
        "model_prices_and_context_window.json",
        "data.json",
    ]


def test_configured_sources_read_format_url_pairs():
    sources = configured_sources(
        " litellm=https://mirror.example/prices.json , genai-prices=http://x.example/data.json"
    )

    assert [(s.format, s.url) for s in sources] == [
        ("litellm", "https://mirror.example/prices.json"),
        ("genai-prices", "http://x.example/data.json"),
    ]


@pytest.mark.parametrize(
    "value, message",
    [
        ("csv=https://x.example/a.csv", "does not start with a format"),
        ("litellm=ftp://x.example/a.json", "not an http(s) URL"),
        ("https://x.example/a.json", "does not start with a format"),
    ],
)
@pytest.mark.django_db
def test_refresh_refuses_a_bad_source_setting(settings, value, message):
    settings.CATALOG_SOURCE_URLS = value

    with pytest.raises(CommandError, match=re.escape(message)):
        refresh()


# Refreshing -------------------------------------------------------------------


@pytest.mark.django_db
def test_first_refresh_imports_and_records_the_run(upstream):
    out, _ = refresh()

    assert Route.objects.get(identifier="openai/gpt-4o").input_price == Decimal("2.5")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.APPLIED
    assert run.source_url == upstream.url("/api.json")
    assert run.file_name == "api.json"
    assert run.etag.startswith('"')
    assert run.last_modified == LAST_MODIFIED
    assert run.content_hash == hashlib.sha256(API_JSON).hexdigest()
    assert run.duration is not None
    assert run.total("created") > 0
    assert f"imported: import run {run.pk}" in out
    assert "If-None-Match" not in upstream.requests[0][1]


@pytest.mark.django_db
def test_second_refresh_sends_the_validators_gets_304_and_writes_nothing(upstream):
    refresh()
    before = catalog_rows()
    generation_before = generation()

    out, _ = refresh()

    first, second = ImportRun.objects.order_by("pk")
    _, headers = upstream.requests[-1]
    assert headers["If-None-Match"] == first.etag
    assert headers["If-Modified-Since"] == LAST_MODIFIED
    assert "not modified: HTTP 304" in out
    assert catalog_rows() == before
    assert generation() == generation_before  # no cached page is dropped
    assert second.status == ImportRun.Status.UNCHANGED
    assert (second.etag, second.content_hash) == (first.etag, first.content_hash)


@pytest.mark.django_db
def test_an_identical_body_without_validators_is_not_imported_again(upstream):
    def no_validators(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
        handler.send_header("Content-Length", str(len(API_JSON)))
        handler.end_headers()
        handler.wfile.write(API_JSON)

    upstream.handlers["/api.json"] = no_validators
    refresh()
    before = catalog_rows()

    out, _ = refresh()

    assert "the same content as import run" in out
    assert catalog_rows() == before
    assert ImportRun.objects.order_by("pk").last().status == "unchanged"


@pytest.mark.django_db
def test_a_changed_file_imports_only_the_change(upstream):
    refresh()
    before = catalog_rows()
    data = json.loads(API_JSON)
    data["openai"]["models"]["gpt-4o"]["cost"]["input"] = 3
    upstream.serve("/api.json", json.dumps(data).encode())

    refresh()

    run = ImportRun.objects.order_by("pk").last()
    assert run.status == ImportRun.Status.APPLIED
    assert run.total("created") == 0
    assert run.total("changed") == 1
    route = Route.objects.get(identifier="openai/gpt-4o")
    assert route.input_price == Decimal(3)
    assert Route.history.count() == before["route history"] + 1
    assert route.history.first().history_change_reason == "import: models.dev api.json"


@pytest.mark.django_db
def test_dry_run_prints_the_diff_and_writes_nothing(upstream):
    out, _ = refresh("--dry-run")

    assert "route openai/gpt-4o" in out
    assert "dry run: nothing written" in out
    assert not Route.objects.exists()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_only_limits_the_refresh_to_one_format(upstream, settings):
    upstream.serve("/prices.json", (FIXTURES / "litellm.json").read_bytes())
    settings.CATALOG_SOURCE_URLS += f",litellm={upstream.url('/prices.json')}"

    refresh("--only", "litellm")

    assert upstream.paths_requested() == ["/prices.json"]
    assert ImportRun.objects.get().format == "litellm"


# Failures ---------------------------------------------------------------------


def answer_500(handler):
    handler.send_error(500, "Internal Server Error")


def answer_late(handler):
    time.sleep(1.5)
    answer_500(handler)


def answer_cut_short(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(API_JSON)))
    handler.end_headers()
    handler.wfile.write(API_JSON[:100])


def answer_web_page(handler):
    body = b"<!doctype html><title>Sign in</title><p>Sign in to continue"
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def answer_endless(handler):
    # No Content-Length: the body runs until the connection closes.
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.end_headers()
    try:
        for _ in range(100):
            handler.wfile.write(b" " * 1024)
    except OSError:
        pass


@pytest.mark.parametrize(
    "handler, body, message",
    [
        (answer_500, None, "HTTP 500 Internal Server Error (after 2 tries)"),
        (answer_late, None, "no answer within 0.5 s (after 2 tries)"),
        (answer_cut_short, None, "the body was cut short"),
        (None, API_JSON[: len(API_JSON) // 2], "api.json: malformed JSON"),
        (None, b" " * 5000, "over the 4,000-byte cap"),
        (answer_endless, None, "over the 4,000-byte cap"),
        (answer_web_page, None, "sent a web page (text/html; charset=utf-8)"),
        (
            None,
            (FIXTURES / "litellm.json").read_bytes(),
            "api.json: not models.dev data",
        ),
    ],
    ids=[
        "http-500",
        "timeout",
        "connection-cut",
        "truncated-json",
        "over-cap",
        "over-cap-streamed",
        "web-page",
        "wrong-format",
    ],
)
@pytest.mark.django_db
def test_a_failing_source_writes_nothing_and_says_why(
    upstream, settings, handler, body, message
):
    refresh()  # a catalog to leave alone
    before = catalog_rows()
    generation_before = generation()
    settings.CATALOG_FETCH_TIMEOUT = 0.5
    if body is not None and len(body) == 5000:
        settings.CATALOG_FETCH_MAX_BYTES = 4000
    if handler is answer_endless:
        settings.CATALOG_FETCH_MAX_BYTES = 4000
    if handler is not None:
        upstream.handlers["/api.json"] = handler
    else:
        upstream.serve("/api.json", body)

    with pytest.raises(CommandError, match="Every source failed"):
        out, err = StringIO(), StringIO()
        try:
            call_command("refresh_catalog", stdout=out, stderr=err)
        finally:
            assert message in err.getvalue()

    assert catalog_rows() == before
    assert generation() == generation_before
    run = ImportRun.objects.order_by("pk").last()
    assert run.status == ImportRun.Status.FAILED
    assert message in run.error
    assert run.source_url == upstream.url("/api.json")
    assert not run.counts


@pytest.mark.django_db
def test_a_failed_source_does_not_stop_the_others_nor_fail_the_run(upstream, settings):
    upstream.handlers["/broken.json"] = answer_500
    settings.CATALOG_SOURCE_URLS = (
        f"litellm={upstream.url('/broken.json')},{settings.CATALOG_SOURCE_URLS}"
    )

    out, err = refresh()

    assert "HTTP 500" in err
    assert "imported" in out
    assert Route.objects.exists()
    assert sorted(ImportRun.objects.values_list("status", flat=True)) == [
        "applied",
        "failed",
    ]


@pytest.mark.django_db
def test_a_refresh_after_a_failure_asks_with_the_last_good_validators(upstream):
    refresh()
    good = ImportRun.objects.get()
    upstream.handlers["/api.json"] = answer_500
    with pytest.raises(CommandError):
        refresh()
    del upstream.handlers["/api.json"]

    out, _ = refresh()

    assert upstream.requests[-1][1]["If-None-Match"] == good.etag
    assert "not modified" in out


# The lock -----------------------------------------------------------------------


@contextmanager
def lock_held_by_another_process():
    """Hold the refresh lock as another process would: its own session, or the lock row."""
    if connection.vendor != "postgresql":
        RefreshLock.objects.create(
            name=LOCK_NAME, holder="elsewhere:1", acquired_at=timezone.now()
        )
        yield
        return
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_lock(%s)", [zlib.crc32(LOCK_NAME.encode())]
            )
        yield
    finally:
        other.close()


@pytest.mark.django_db
def test_a_refresh_exits_at_once_while_another_process_holds_the_lock(upstream):
    with lock_held_by_another_process():
        out, err = refresh()

    assert "another refresh_catalog is running" in err
    assert upstream.requests == []
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_the_lock_refuses_a_second_holder_and_is_released_after_a_run():
    with refresh_lock(), pytest.raises(LockHeld), refresh_lock():
        pass
    with refresh_lock():
        pass
    assert not RefreshLock.objects.exists()


@pytest.mark.django_db
def test_a_lock_row_left_by_a_run_that_died_expires(upstream):
    if connection.vendor == "postgresql":
        pytest.skip("the advisory lock ends with its session")
    RefreshLock.objects.create(
        name=LOCK_NAME,
        holder="dead:1",
        acquired_at=timezone.now() - LOCK_EXPIRES - timedelta(minutes=1),
    )

    out, _ = refresh()

    assert "imported" in out
    assert not RefreshLock.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_refreshes_import_once(upstream):
    arrived, release = threading.Event(), threading.Event()

    def slow(handler):
        arrived.set()
        release.wait(10)
        upstream.handlers.clear()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(API_JSON)))
        handler.end_headers()
        handler.wfile.write(API_JSON)

    upstream.handlers["/api.json"] = slow
    outputs = {}

    def first_run():
        from django.db import connection

        try:
            outputs["first"] = refresh()
        finally:
            connection.close()

    thread = threading.Thread(target=first_run)
    thread.start()
    assert arrived.wait(10)  # the first run holds the lock and is downloading
    outputs["second"] = refresh()
    release.set()
    thread.join(20)

    assert "another refresh_catalog is running" in outputs["second"][1]
    assert "imported" in outputs["first"][0]
    assert upstream.paths_requested() == ["/api.json"]
    assert ImportRun.objects.filter(status="applied").count() == 1
    assert not RefreshLock.objects.exists()


@pytest.mark.django_db
def test_admin_lists_refresh_runs_with_their_source_and_duration(
    upstream, admin_client
):
    refresh()
    run = ImportRun.objects.get()

    listing = admin_client.get("/admin/imports/importrun/", {"q": "api.json"})
    page = admin_client.get(f"/admin/imports/importrun/{run.pk}/change/")

    assert listing.status_code == 200
    assert str(run.pk) in listing.content.decode()
    assert upstream.url("/api.json") in page.content.decode()
    assert run.etag.replace('"', "&quot;") in page.content.decode()
