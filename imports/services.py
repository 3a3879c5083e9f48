"""
The import as the command and the admin use it: read and validate an input
(``prepare``), compute its diff without writing (``preview``), write it in
one transaction (``run_import``), and lock a field against imports
(``lock_field``).
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import ModelCapability
from imports import parsers
from imports.apply import SUMMARY_LIMIT, apply_diff
from imports.diff import ImportDiff, compute_diff
from imports.models import (
    CAPABILITY_FIELD_PREFIX,
    FieldLock,
    ImportRun,
    lockable_fields,
)
from imports.parsers.base import ImportFormatError, Upload
from imports.records import Batch
from imports.state import load_state
from imports.validation import validate_batch

# A preview keeps its upload (up to 100 MB) until confirmed; it expires,
# dropping the upload, after a day, or once its author has newer ones.
PREVIEW_LIFETIME = timedelta(days=1)
PREVIEWS_KEPT_PER_USER = 3
EXPIRED_PREVIEW = (
    "The preview expired (previews are kept for a day, three per person); "
    "upload the file again to import it."
)


class StalePreview(Exception):
    """The catalog changed between a preview and its confirmation."""

    def __init__(self, diff):
        self.diff = diff
        super().__init__("The catalog changed since the preview; review the new diff.")


def prepare(format_name: str, upload: Upload, *, today: date, track=None) -> Batch:
    """Return the validated Batch of an upload, or raise ImportFormatError."""
    batch = parsers.parse(format_name, upload, today=today, track=track)
    validate_batch(batch)
    return batch


def preview(batch: Batch, *, today: date) -> ImportDiff:
    """Return what importing ``batch`` would change. Writes nothing."""
    return compute_diff(batch, load_state(batch.external_source), today=today)


def run_import(
    batch: Batch,
    *,
    today: date,
    user=None,
    run: ImportRun | None = None,
    expect: str | None = None,
    track=None,
) -> tuple[ImportDiff, ImportRun]:
    """
    Compute and write the diff of ``batch`` in one transaction, and return
    it with its ImportRun. With ``expect`` (a previewed fingerprint), raise
    StalePreview, writing nothing, if the diff is no longer the one shown.
    """
    try:
        with transaction.atomic():
            diff = preview(batch, today=today)
            if expect is not None and diff.fingerprint() != expect:
                raise StalePreview(diff)
            run = apply_diff(diff, user=user, run=run, track=track)
    except IntegrityError as error:
        # Validation and matching should make this unreachable; say so rather than crash.
        raise ImportFormatError(
            f"{batch.file_name}: the database refused the import, so nothing was written: {error}"
        ) from error
    return diff, run


def save_preview(
    diff: ImportDiff, *, format_name: str, payload: bytes, user, run=None
) -> ImportRun:
    """Return an ImportRun holding a previewed diff and the upload it came from."""
    if run is None:
        run = ImportRun(
            format=format_name, file_name=diff.file_name[:255], created_by=user
        )
    run.status = ImportRun.Status.PREVIEW
    run.import_date = diff.today
    run.payload = payload
    run.fingerprint = diff.fingerprint()
    run.counts = diff.counts()
    run.summary = diff.as_dict(limit=SUMMARY_LIMIT)
    run.save()
    expire_previews(user=user)
    return run


def expire_previews(*, user=None) -> int:
    """
    Drop the upload of every preview older than PREVIEW_LIFETIME and of
    ``user``'s previews beyond their newest PREVIEWS_KEPT_PER_USER, marking
    them failed; return how many expired.
    """
    previews = ImportRun.objects.filter(status=ImportRun.Status.PREVIEW)
    expired = previews.filter(created__lt=timezone.now() - PREVIEW_LIFETIME)
    if user is not None:
        kept = previews.filter(created_by=user).order_by("-created", "-pk")
        superseded = kept.values_list("pk", flat=True)[PREVIEWS_KEPT_PER_USER:]
        expired = expired | previews.filter(pk__in=list(superseded))
    return expired.update(
        status=ImportRun.Status.FAILED, payload=b"", error=EXPIRED_PREVIEW
    )


def lock_field(obj, field_name: str, user=None, *, note: str = "") -> FieldLock:
    """
    Return the lock that keeps imports from overwriting ``obj.field_name``
    (creating it if needed). A capability row's ``value`` is locked as the
    model's ``capabilities.<capability>``.
    """
    if isinstance(obj, ModelCapability) and field_name == "value":
        obj, field_name = obj.model, f"{CAPABILITY_FIELD_PREFIX}{obj.capability}"
    if field_name not in lockable_fields(type(obj)):
        raise ValueError(f"{type(obj).__name__} has no lockable field {field_name!r}")
    lock, _ = FieldLock.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field_name=field_name,
        defaults={"locked_by": user, "note": note},
    )
    return lock
