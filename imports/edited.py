"""
Which fields an editor changed since an import last wrote the row, read
from the django-simple-history records (no bookkeeping table of its own).

A history record is an editor's when it has a user and is neither an
import's (change reason "import: ...", see ``imports.apply.change_reason``)
nor a review mark. A field it changed (its value differs from the row's
record before it) is protected from the next import when no import record
of that row comes after it: the import's value waits for a Publisher as a
PendingChange, exactly like a locked field.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from catalog.services import REVIEW_CHANGE_REASON

IMPORT_REASON_PREFIX = "import:"
# Written by the import itself, without history, or not an editor's value.
NOT_PROTECTED = frozenset({"last_verified", "retrieved_on"})


def _is_import(reason: str | None) -> bool:
    return (reason or "").startswith(IMPORT_REASON_PREFIX)


def edited_fields(model, names) -> dict[tuple[int, str], dt.date]:
    """
    Return ``{(pk, field): day}`` for each of ``names`` an editor changed on
    a ``model`` row after the import last wrote it, with the day of the
    editor's latest change. Two queries, whatever the catalog's size.
    """
    history = model.history.model
    names = [
        name
        for name in sorted(set(names) - NOT_PROTECTED)
        if any(f.name == name for f in history._meta.concrete_fields)
    ]
    by_editor = (
        Q(history_user__isnull=False)
        & ~Q(history_change_reason__startswith=IMPORT_REASON_PREFIX)
        & ~Q(history_change_reason=REVIEW_CHANGE_REASON)
    )
    edited_ids = set(
        history.objects.filter(by_editor, history_type="~").values_list("id", flat=True)
    )
    if not edited_ids:
        return {}
    records = history.objects.filter(id__in=edited_ids).order_by(
        "id", "history_date", "history_id"
    )
    found: dict[tuple[int, str], dt.date] = {}
    previous = None
    for record in records.values(
        "id",
        "history_date",
        "history_user_id",
        "history_change_reason",
        *(model._meta.get_field(name).attname for name in names),
    ):
        pk = record["id"]
        if previous is None or previous["id"] != pk:
            previous = record
            continue
        reason = record["history_change_reason"]
        if _is_import(reason):
            # The import wrote the row: what editors did before is its base.
            found = {key: day for key, day in found.items() if key[0] != pk}
        elif record["history_user_id"] is not None and reason != REVIEW_CHANGE_REASON:
            for name in names:
                attname = model._meta.get_field(name).attname
                if record[attname] != previous[attname]:
                    found[(pk, name)] = timezone.localdate(record["history_date"])
        previous = record
    return found
