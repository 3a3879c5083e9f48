"""
The side-by-side conflict screen's parts (issue 22): what a record was when
an editor opened its page (the original), what it is now (theirs) and what
the editor typed (yours), and which fields are the editor's own changes.

``catalog.forms.VersionedModelForm`` uses these when a save meets a newer
version: the fields the editor changed keep the typing, the others take
their version, and saving again writes only the editor's fields.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.forms import MultiWidget
from django.utils.text import capfirst

from .formatting import plain_decimal


@dataclass(frozen=True)
class ConflictRow:
    label: str
    original: str
    theirs: str
    yours: str
    yours_changed: bool  # the editor changed this field: saved as typed
    theirs_changed: bool  # the other editor changed it


@dataclass
class Conflict:
    title: str  # the record, e.g. "GPT-4o on OpenAI"
    editors: list[str]
    when: dt.datetime | None
    rows: list[ConflictRow] = field(default_factory=list)


def version_at(instance, version):
    """Return ``instance``'s row as it was at ``version`` (from its history), or None."""
    history = getattr(type(instance), "history", None)
    if history is None:
        return None
    record = (
        history.filter(id=instance.pk, version__lte=version)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return None if record is None else record.instance


def merged_fields(form):
    """The model's own fields on ``form`` that a conflict compares (not many-to-many)."""
    return [
        f
        for f in type(form.instance)._meta.concrete_fields
        if f.name in form.fields
        and f.name in getattr(form, "cleaned_data", {})
        and not isinstance(form.fields[f.name].widget, MultiWidget)
    ]


def _key(value):
    """A value as compared: a related object by its key, empty text as None."""
    if isinstance(value, models.Model):
        return value.pk
    if value == "" or value == []:
        return None
    return value


def same(a, b) -> bool:
    return _key(a) == _key(b)


def value_on(obj, field):
    """Return ``field`` of ``obj`` as a form holds it: a related object, not its key."""
    if field.is_relation:
        try:
            return getattr(obj, field.name)
        except ObjectDoesNotExist:
            return None
    return field.value_from_object(obj)


def as_data(value):
    """Return a saved value as a browser would post it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def rebase(form, current, keep):
    """
    Put ``current``'s values in ``form``'s data for each compared field but
    those named in ``keep`` (the editor's own changes), and its version as
    the one the form was opened at: saving again writes only ``keep``.
    """
    data = form.data.copy()
    for f in merged_fields(form):
        if f.name in keep:
            continue
        value = value_on(current, f)
        key = form.add_prefix(f.name)
        if isinstance(value, list | tuple):
            if hasattr(data, "setlist"):
                data.setlist(key, [str(item) for item in value])
            else:
                data[key] = [str(item) for item in value]
        else:
            data[key] = as_data(value)
    data[form.add_prefix("opened_version")] = str(current.version)
    form.data = data


def conflict_rows(form, original, current, mine, display):
    """Return the table's rows: each field that differs among original, theirs and yours."""
    rows = []
    for f in merged_fields(form):
        yours = form.cleaned_data.get(f.name)
        theirs = value_on(current, f)
        before = value_on(original, f) if original is not None else theirs
        theirs_changed = not same(before, theirs)
        if not (theirs_changed or f.name in mine):
            continue
        rows.append(
            ConflictRow(
                label=capfirst(f.verbose_name),
                original=display(f, before),
                theirs=display(f, theirs),
                yours=display(f, yours),
                yours_changed=f.name in mine,
                theirs_changed=theirs_changed,
            )
        )
    return rows
