"""
Propose, approve and reject changes awaiting a Publisher.

Values travel as text, the way Django serializes a field
(``Field.value_to_string()``), so a change can name any field of any record;
a many-to-many field is its sorted primary keys, a JSON field its JSON.
"""

import json
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from changes.models import PendingChange


class ChangeRefused(Exception):
    """A change that cannot be approved as it stands, and why (for the Publisher)."""


def may_publish(user) -> bool:
    """Whether ``user``'s changes to public records go live without approval."""
    return user.has_perm("changes.decide_pendingchange")


def value_of(obj: models.Model, name: str) -> str | None:
    """Return one field of ``obj`` as text, or None where it is empty (null)."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        if obj.pk is None:
            return ""
        return ",".join(
            str(pk) for pk in sorted(getattr(obj, name).values_list("pk", flat=True))
        )
    value = field.value_from_object(obj)
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.dumps(value, sort_keys=True)
    return field.value_to_string(obj)


def text_of(field: models.Field, value) -> str | None:
    """Return a Python value of ``field`` as text, the way value_of() writes it."""
    if value is None:
        return None
    if field.many_to_many:
        return ",".join(sorted(str(v) for v in value))
    if isinstance(field, models.JSONField):
        return json.dumps(value, sort_keys=True)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def parse(field: models.Field, text: str | None):
    """Return the Python value a field's text stands for."""
    if text is None:
        return None
    if field.many_to_many:
        return [field.target_field.to_python(pk) for pk in text.split(",") if pk]
    if isinstance(field, models.JSONField):
        return json.loads(text)
    if field.is_relation:
        return field.target_field.to_python(text)
    return field.to_python(text)


def differences(
    before: models.Model, after: models.Model, names: Iterable[str]
) -> dict[str, dict[str, str | None]]:
    """Return ``{name: {"old", "new"}}`` for the fields ``names`` that differ."""
    found = {}
    for name in names:
        old, new = value_of(before, name), value_of(after, name)
        if old != new:
            found[name] = {"old": old, "new": new}
    return found


def propose(
    obj: models.Model,
    changes: dict[str, dict[str, str | None]],
    *,
    kind: str,
    reason: str,
    user=None,
    source: str = "",
) -> PendingChange:
    """
    Record a change to ``obj`` (or, unsaved, a record to create) that waits
    for a Publisher; ``obj`` itself is not saved.
    """
    return PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        label=str(obj)[:300],
        changes=changes,
        kind=kind,
        reason=reason,
        source=source[:300],
        base_version=getattr(obj, "version", None) if obj.pk is not None else None,
        proposed_by=user if user is not None and user.is_authenticated else None,
    )


def hold_figure(
    obj: models.Model, field: str, new: str | None, *, reason: str, source: str
) -> PendingChange | None:
    """
    Hold one figure of a saved record that failed a check, as a change of
    kind "check"; None when the same figure already waits (a second import
    or load of one file holds nothing new).
    """
    waiting = (
        PendingChange.objects.pending().about(obj).filter(kind=PendingChange.Kind.CHECK)
    )
    if any(change.changes.get(field, {}).get("new") == new for change in waiting):
        return None
    return propose(
        obj,
        {field: {"old": value_of(obj, field), "new": new}},
        kind=PendingChange.Kind.CHECK,
        reason=reason,
        source=source,
    )


def _unchanged(obj: models.Model, name: str, old: str | None) -> bool:
    """Whether ``obj``'s field still holds the value the change was made on."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(parse(field, value_of(obj, name))) == sorted(parse(field, old))
    return field.value_from_object(obj) == parse(field, old)


@transaction.atomic
def approve(change: PendingChange, *, user, note: str = "") -> models.Model:
    """
    Apply ``change`` and return the record, its history naming ``user``.
    Raise ChangeRefused when a field moved since the change was proposed,
    the record is gone, or the result would not be valid.
    """
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if not change.is_pending:
        raise ChangeRefused(
            f"This change was {change.get_status_display().lower()} already."
        )
    model = change.content_type.model_class()
    if change.object_id is None:
        obj = model()
    else:
        obj = (
            model._base_manager.select_for_update().filter(pk=change.object_id).first()
        )
        if obj is None:
            raise ChangeRefused(
                "The record was deleted since this change was proposed."
            )
        try:
            moved = [
                name
                for name, values in change.changes.items()
                if not _unchanged(obj, name, values["old"])
            ]
        except (ValidationError, ValueError, FieldDoesNotExist) as error:
            raise ChangeRefused(
                f"The change no longer fits the record: {error}"
            ) from error
        if moved:
            raise ChangeRefused(
                f"{', '.join(moved)} changed since this change was proposed; "
                "reject it, then make the change again on the current values."
            )
    related = {}
    for name, values in change.changes.items():
        field = model._meta.get_field(name)
        try:
            value = parse(field, values["new"])
        except (ValidationError, ValueError) as error:
            raise ChangeRefused(
                f"{name}: {values['new']!r} is not a valid value"
            ) from error
        if field.many_to_many:
            related[name] = value
        else:
            setattr(obj, field.attname, value)
    exclude = (
        []
        if change.object_id is None
        else [
            f.name for f in model._meta.concrete_fields if f.name not in change.changes
        ]
    )
    try:
        # Fields the change leaves alone are not the Publisher's to fix; but
        # every uniqueness and constraint is checked, whichever fields it spans.
        obj.clean_fields(exclude=exclude)
        obj.clean()
        obj.validate_unique()
        obj.validate_constraints()
    except ValidationError as error:
        raise ChangeRefused("; ".join(error.messages)) from error
    obj._change_reason = f"Approved change #{change.pk}: {change.get_kind_display()}"
    obj._history_user = user
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ChangeRefused(f"The database refused it: {error}") from error
    for name, pks in related.items():
        getattr(obj, name).set(pks)
    change.object_id = obj.pk
    _decide(change, PendingChange.Status.APPROVED, user, note)
    return obj


@transaction.atomic
def reject(change: PendingChange, *, user, note: str = "") -> None:
    """Mark ``change`` rejected; the record keeps its live values."""
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if not change.is_pending:
        raise ChangeRefused(
            f"This change was {change.get_status_display().lower()} already."
        )
    _decide(change, PendingChange.Status.REJECTED, user, note)


def _decide(change: PendingChange, status: str, user, note: str) -> None:
    change.status = status
    change.decided_by = user
    change.decided_at = timezone.now()
    change.decision_note = note[:500]
    change.save()


def described(change: PendingChange) -> list[tuple[str, str, str]]:
    """Return each field changed as (label, old, new) in words, for the admin."""
    model = change.content_type.model_class()
    rows = []
    for name, values in change.changes.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field removed since
            rows.append((name, values["old"] or "", values["new"] or ""))
            continue
        rows.append(
            (
                str(getattr(field, "verbose_name", name)),
                _display(field, values["old"]),
                _display(field, values["new"]),
            )
        )
    return rows


def _display(field: models.Field, text: str | None) -> str:
    if text is None or text == "":
        return "(empty)"
    value = parse(field, text)
    if field.many_to_many:
        return (
            ", ".join(
                str(o) for o in field.related_model._base_manager.filter(pk__in=value)
            )
            or "(none)"
        )
    if field.is_relation:
        found = field.related_model._base_manager.filter(pk=value).first()
        return str(found) if found is not None else f"#{value} (deleted)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # 3, not 3.000000 or 3E+0
    return text
