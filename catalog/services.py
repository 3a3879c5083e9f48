"""
Editorial writes the admin triggers: marking records reviewed and moving
them between draft and published.

Each function saves row by row, never with ``update()``, so that
django-simple-history records every change with its editor and a change
reason, and each save adds one to the row's ``version``.
"""

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.utils.translation import ngettext

from .models import PublicationStatus

REVIEW_CHANGE_REASON = "Marked reviewed"


def status_change_reason(status: PublicationStatus) -> str:
    """Return the history change reason of a move to ``status``."""
    return f"Set to {status.label.lower()} from the list"


# History records with these reasons are editorial acts, not changes to the
# data: the review queue does not count them as "changed since review".
EDITORIAL_CHANGE_REASONS = frozenset(
    {
        REVIEW_CHANGE_REASON,
        *(status_change_reason(status) for status in PublicationStatus),
    }
)


def _has_field(obj: models.Model, name: str) -> bool:
    return any(f.name == name for f in obj._meta.concrete_fields)


def _save_with_reason(obj, fields, *, reason, user):
    """Save ``fields`` of ``obj``, its history record naming ``reason`` and ``user``."""
    obj._change_reason = reason
    obj._history_user = user
    try:
        obj.save(update_fields=fields)
    finally:
        # Left on the instance, they would label its next, unrelated save.
        del obj._change_reason, obj._history_user


def mark_reviewed(*, objects: Iterable[models.Model], user, today: date) -> int:
    """
    Record that ``user`` reviewed each of ``objects`` on ``today`` and
    return how many were marked.

    Each object needs ``last_reviewed`` and ``last_reviewed_by`` fields
    (models, routes, benchmark results, comparisons).
    """
    count = 0
    for obj in objects:
        obj.last_reviewed = today
        obj.last_reviewed_by = user
        fields = ["last_reviewed", "last_reviewed_by"]
        if _has_field(obj, "updated"):
            fields.append("updated")
        _save_with_reason(obj, fields, reason=REVIEW_CHANGE_REASON, user=user)
        count += 1
    return count


def mark_models_reviewed(
    *, models: Iterable, user, today: date
) -> tuple[int, int, int]:
    """
    Mark each of the language ``models`` reviewed together with its routes
    and benchmark results (a model's review covers the figures shown on its
    page), and return how many models, routes and results were marked.
    Rows already marked reviewed on ``today`` are left alone.
    """
    from .models import BenchmarkResult, Route

    models_ = list(models)
    count = mark_reviewed(objects=models_, user=user, today=today)
    pks = [model.pk for model in models_]
    routes = mark_reviewed(
        objects=Route.objects.filter(model__in=pks).exclude(last_reviewed=today),
        user=user,
        today=today,
    )
    results = mark_reviewed(
        objects=BenchmarkResult.objects.filter(model__in=pks).exclude(
            last_reviewed=today
        ),
        user=user,
        today=today,
    )
    return count, routes, results


def reviewed_message(models, routes, results):
    """Return "2 language models marked reviewed, with their 3 routes." and the like."""
    text = f"{models} {ngettext('language model', 'language models', models)} marked reviewed"
    rows = [
        f"{count} {ngettext(one, many, count)}"
        for count, one, many in (
            (routes, "route", "routes"),
            (results, "benchmark result", "benchmark results"),
        )
        if count
    ]
    if rows:
        their = "its" if models == 1 else "their"
        text += f", with {their} {' and '.join(rows)}"
    return text + "."


def set_publication_status(
    *, objects: Iterable[models.Model], status: PublicationStatus, user
) -> int:
    """
    Give each of ``objects`` the publication ``status`` and return how many
    changed; those already in that status are left alone.
    """
    changed = 0
    for obj in objects:
        if obj.status == status:
            continue
        obj.status = status
        fields = ["status"]
        if _has_field(obj, "updated"):
            fields.append("updated")
        _save_with_reason(obj, fields, reason=status_change_reason(status), user=user)
        changed += 1
    return changed
