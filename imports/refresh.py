"""
Refresh the catalog from the public catalogs over HTTP (``manage.py
refresh_catalog``).

Each configured source (``CATALOG_SOURCE_URLS``) is downloaded with the
validators its last successful refresh stored on its ImportRun, and, when
the body is new, imported exactly as ``import_catalog`` imports a file: the
same parsers, checks, field locks, history and one transaction
(``imports.services``). A source that fails (the network, an HTTP error, a
body cut short, too big or not a catalog file) writes nothing to the catalog;
its ImportRun says why. ``refresh_lock()`` keeps two runs from importing at
once.
"""

import hashlib
import logging
import os
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from imports import parsers
from imports.diff import ImportDiff
from imports.fetch import FetchError, fetch
from imports.models import ImportRun, RefreshLock
from imports.parsers.base import ImportFormatError
from imports.services import prepare, preview, run_import

logger = logging.getLogger(__name__)

# The single files each public catalog publishes (CATALOG_SOURCE_URLS unset).
DEFAULT_SOURCES = (
    ("models.dev", "https://models.dev/api.json"),
    (
        "litellm",
        "https://raw.githubusercontent.com/BerriAI/litellm/main/"
        "model_prices_and_context_window.json",
    ),
    (
        "genai-prices",
        "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/data.json",
    ),
)
LOCK_NAME = "refresh_catalog"
# A lock row older than this was left by a run that died (hourly runs take
# minutes); the next run takes it over.
LOCK_EXPIRES = timedelta(hours=2)
_in_process = threading.Lock()


@dataclass(frozen=True)
class UpstreamSource:
    format: str  # as import_catalog --format
    url: str


class Outcome:
    IMPORTED = "imported"
    NOT_MODIFIED = "not modified"
    UNCHANGED = "unchanged"
    DRY_RUN = "dry run"
    FAILED = "failed"


@dataclass(frozen=True)
class Refreshed:
    """What refreshing one source did."""

    source: UpstreamSource
    outcome: str  # an Outcome
    message: str
    run: ImportRun | None = None
    diff: ImportDiff | None = None


def configured_sources(value: str | None = None) -> list[UpstreamSource]:
    """
    Return the sources of ``value`` ("format=url,format=url"; default
    ``settings.CATALOG_SOURCE_URLS``), or the public ones when it is empty.
    Raise ImproperlyConfigured naming a bad pair.
    """
    if value is None:
        value = settings.CATALOG_SOURCE_URLS
    if not value.strip():
        return [UpstreamSource(f, url) for f, url in DEFAULT_SOURCES]
    sources = []
    for pair in filter(None, (part.strip() for part in value.split(","))):
        format_name, _, url = (part.strip() for part in pair.partition("="))
        if format_name not in parsers.FORMATS:
            raise ImproperlyConfigured(
                f"CATALOG_SOURCE_URLS: {pair!r} does not start with a format "
                f"({', '.join(parsers.FORMATS)}) and '='"
            )
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise ImproperlyConfigured(
                f"CATALOG_SOURCE_URLS: {url!r} is not an http(s) URL"
            )
        sources.append(UpstreamSource(format_name, url))
    return sources


def last_refresh(url: str) -> ImportRun | None:
    """Return the latest successful refresh from ``url``: its validators and hash."""
    return (
        ImportRun.objects.filter(
            source_url=url,
            status__in=[ImportRun.Status.APPLIED, ImportRun.Status.UNCHANGED],
        )
        .exclude(content_hash="")
        .defer("payload", "summary")
        .order_by("-created", "-pk")
        .first()
    )


def file_name(url: str) -> str:
    """Return the name an upload from ``url`` goes by: its path's last part."""
    return PurePosixPath(urlsplit(url).path).name or "download.json"


def refresh_source(
    source: UpstreamSource, *, today: date, dry_run: bool = False
) -> Refreshed:
    """
    Fetch ``source`` and import it unless it is unchanged since its last
    refresh; with ``dry_run``, compute the diff and write nothing at all.
    """
    started = time.monotonic()
    previous = last_refresh(source.url)
    run = ImportRun(
        format=source.format,
        file_name=file_name(source.url)[:255],
        source_url=source.url,
        import_date=today,
    )
    try:
        fetched = fetch(
            source.url,
            etag=previous.etag if previous else "",
            last_modified=previous.last_modified if previous else "",
            timeout=settings.CATALOG_FETCH_TIMEOUT,
            max_bytes=settings.CATALOG_FETCH_MAX_BYTES,
            retries=settings.CATALOG_FETCH_RETRIES,
            backoff=settings.CATALOG_FETCH_BACKOFF,
        )
        if fetched.not_modified and previous is not None:
            run.etag = fetched.etag or previous.etag
            run.last_modified = fetched.last_modified or previous.last_modified
            run.content_hash = previous.content_hash
            return _unchanged(
                run,
                source,
                Outcome.NOT_MODIFIED,
                "HTTP 304",
                started=started,
                dry_run=dry_run,
            )
        if fetched.not_modified:
            raise FetchError(f"{source.url}: HTTP 304 to a request with no validators")
        run.etag, run.last_modified = fetched.etag, fetched.last_modified
        run.content_hash = hashlib.sha256(fetched.content).hexdigest()
        if previous is not None and run.content_hash == previous.content_hash:
            return _unchanged(
                run,
                source,
                Outcome.UNCHANGED,
                f"the same content as import run {previous.pk}",
                started=started,
                dry_run=dry_run,
            )
        upload = parsers.read_upload(run.file_name, fetched.content)
        batch = prepare(source.format, upload, today=today)
        if dry_run:
            diff = preview(batch, today=today)
            return Refreshed(source, Outcome.DRY_RUN, "nothing written", diff=diff)
        run.duration = _since(started)  # the import's time is added below
        diff, run = run_import(batch, today=today, run=run)
    except (FetchError, ImportFormatError) as error:
        return _failed(run, source, str(error), started=started, dry_run=dry_run)
    except Exception as error:  # a bug must not stop the other sources
        logger.exception("refresh_catalog: %s failed", source.url)
        message = f"{source.url}: unexpected error: {type(error).__name__}: {error}"
        return _failed(run, source, message, started=started, dry_run=dry_run)
    ImportRun.objects.filter(pk=run.pk).update(duration=_since(started))
    message = (
        f"import run {run.pk}: {len(diff.created)} created, {len(diff.changed)} "
        f"changed, {len(diff.conflicts)} locked disagreement(s), "
        f"{len(diff.held)} held by a check"
    )
    return Refreshed(source, Outcome.IMPORTED, message, run=run, diff=diff)


def _since(started: float) -> timedelta:
    return timedelta(seconds=round(time.monotonic() - started, 3))


def _unchanged(run, source, outcome, message, *, started, dry_run) -> Refreshed:
    if not dry_run:
        run.status = ImportRun.Status.UNCHANGED
        run.duration = _since(started)
        run.save()
    return Refreshed(source, outcome, message, run=None if dry_run else run)


def _failed(run, source, message, *, started, dry_run) -> Refreshed:
    if not dry_run:
        # A fresh row: a failed import's transaction rolled back the one it saved.
        run.pk = None
        run.status = ImportRun.Status.FAILED
        run.error = message
        run.counts, run.summary, run.fingerprint = {}, {}, ""
        run.duration = _since(started)
        run.save()
    return Refreshed(source, Outcome.FAILED, message, run=None if dry_run else run)


class LockHeld(Exception):
    """Another refresh is running."""


@contextmanager
def refresh_lock() -> Iterator[None]:
    """
    Hold the refresh lock while the block runs, or raise LockHeld at once:
    a PostgreSQL advisory lock (released with the session, should the run
    die), elsewhere a RefreshLock row.
    """
    # A PostgreSQL session may take its advisory lock again: a second run
    # in this process (a thread) is refused here first.
    if not _in_process.acquire(blocking=False):
        raise LockHeld("another refresh_catalog is running in this process")
    try:
        with _database_lock():
            yield
    finally:
        _in_process.release()


@contextmanager
def _database_lock() -> Iterator[None]:
    if connection.vendor == "postgresql":
        key = zlib.crc32(LOCK_NAME.encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            (acquired,) = cursor.fetchone()
        if not acquired:
            raise LockHeld("another refresh_catalog is running (advisory lock held)")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    holder = f"{socket.gethostname()}:{os.getpid()}"
    now = timezone.now()
    try:
        with transaction.atomic():
            RefreshLock.objects.filter(
                name=LOCK_NAME, acquired_at__lt=now - LOCK_EXPIRES
            ).delete()
            lock = RefreshLock.objects.create(
                name=LOCK_NAME, holder=holder, acquired_at=now
            )
    except IntegrityError:
        held = RefreshLock.objects.filter(name=LOCK_NAME).first()
        raise LockHeld(
            f"another refresh_catalog is running ({held or 'lock row held'})"
        ) from None
    try:
        yield
    finally:
        RefreshLock.objects.filter(pk=lock.pk).delete()
