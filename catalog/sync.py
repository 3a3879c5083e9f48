"""
The change feed (``/api/v1/changes``): the published catalog's changes,
read from the django-simple-history tables the project keeps, oldest
first, in pages a stable cursor resumes.

A change is one history record made public: ``created`` (a new record, or
a model published), ``changed`` (with the old and new value of each format
field that changed), ``unpublished`` (a model moved out of published) or
``deleted``. Drafts never show: a model's records while it is not
published, and the routes, results and capabilities of a model that is not
published now. Values are written as the export writes them (decimal
strings, ISO dates, natural keys for references).

The cursor is the position of the last record a page read: its
``history_date`` (in microseconds since 1970), kind and ``history_id``, so
records saved at one moment keep one order.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from .catalog_format.export import _export_value
from .catalog_format.kinds import (
    BENCHMARKS,
    CAPABILITIES,
    KIND_BY_MODEL,
    MODELS,
    ORGANIZATIONS,
    PROVIDERS,
    RESULTS,
    ROUTES,
    SOURCES,
    _key_attribute,
)
from .models import LanguageModel, PublicationStatus

# In this order among records saved at the same moment.
FEED_KINDS = [SOURCES, ORGANIZATIONS, PROVIDERS, BENCHMARKS, MODELS, ROUTES, RESULTS]
FEED_KINDS.append(CAPABILITIES)
KIND_NAMES = {
    SOURCES.name: "source",
    ORGANIZATIONS.name: "organization",
    PROVIDERS.name: "provider",
    BENCHMARKS.name: "benchmark",
    MODELS.name: "model",
    ROUTES.name: "route",
    RESULTS.name: "result",
    CAPABILITIES.name: "capability",
}
CHILD_KINDS = {ROUTES.name, RESULTS.name, CAPABILITIES.name}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Microseconds since 1970, the kind's place in FEED_KINDS (or past it, for a
# position given by a date) and the history id: every match names a position.
CURSOR_PATTERN = rf"^([0-9]{{1,17}})-([0-{len(FEED_KINDS)}])-([0-9]{{1,18}})$"
CURSOR = re.compile(CURSOR_PATTERN)


@dataclass(frozen=True, order=True)
class Position:
    at: dt.datetime
    kind: int
    history_id: int

    def encode(self) -> str:
        micros = (self.at - EPOCH) // dt.timedelta(microseconds=1)
        return f"{micros}-{self.kind}-{self.history_id}"


def decode_cursor(cursor: str) -> Position:
    """Return the position a cursor names; ValueError when it names none."""
    match = CURSOR.match(cursor)
    if match is None:
        raise ValueError("not a cursor this API gave")
    micros, kind, history_id = (int(part) for part in match.groups())
    return Position(EPOCH + dt.timedelta(microseconds=micros), kind, history_id)


def _after(position: Position | None, index: int) -> Q:
    if position is None:
        return Q()
    if index > position.kind:
        return Q(history_date__gte=position.at)
    if index < position.kind:
        return Q(history_date__gt=position.at)
    return Q(history_date__gt=position.at) | Q(
        history_date=position.at, history_id__gt=position.history_id
    )


def _is_public(kind, record) -> bool:
    if kind is MODELS:
        return record.status == PublicationStatus.PUBLISHED
    return True


def _fields(kind):
    return [f for f in kind.fields if not f.many_to_many]


class _Keys:
    """Natural keys of referenced rows, read once per referenced kind."""

    def __init__(self):
        self.wanted: dict[type, set[int]] = {}
        self.found: dict[type, dict[int, str]] = {}

    def want(self, model, pk):
        if pk is not None:
            self.wanted.setdefault(model, set()).add(pk)

    def load(self):
        for model, pks in self.wanted.items():
            kind = KIND_BY_MODEL[model]
            attribute = _key_attribute(kind)
            history = model.history.model.objects.filter(id__in=pks)
            # The latest history record holds a deleted row's key too.
            self.found[model] = dict(
                history.order_by("history_date", "history_id").values_list(
                    "id", attribute
                )
            )

    def of(self, model, pk):
        return None if pk is None else self.found.get(model, {}).get(pk)


def _value(field, record, keys: _Keys):
    if field.many_to_one:
        return keys.of(field.related_model, getattr(record, field.attname))
    return _export_value(field, getattr(record, field.attname))


def _want_refs(kind, record, keys: _Keys):
    for field in _fields(kind):
        if field.many_to_one:
            keys.want(field.related_model, getattr(record, field.attname))
    if kind.name in CHILD_KINDS:
        keys.want(LanguageModel, record.model_id)


def _key(kind, record, keys: _Keys) -> dict[str, str]:
    if kind is CAPABILITIES:
        return {
            "model": keys.of(LanguageModel, record.model_id) or "",
            "capability": record.capability,
        }
    key = {}
    for name in kind.natural_key:
        field = record._meta.get_field(name)
        key[name] = (
            _value(field, record, keys)
            if field.many_to_one
            else field.value_from_object(record)
        )
    if kind is RESULTS and not key["key"]:
        benchmark = keys.of(
            record._meta.get_field("benchmark").related_model, record.benchmark_id
        )
        key["key"] = (
            f"{keys.of(LanguageModel, record.model_id)}:{benchmark}:{record.id}"
        )
    return {name: "" if value is None else str(value) for name, value in key.items()}


def _event(kind, record, previous) -> tuple[str, list] | None:
    """Return the change ``record`` makes public and its changed fields, or None."""
    now = _is_public(kind, record)
    was = previous is not None and _is_public(kind, previous)
    if record.history_type == "+":
        return ("created", []) if now else None
    if record.history_type == "-":
        return ("deleted", []) if (previous is None or was) and now else None
    if now and not was and previous is not None:
        return ("created", [])
    if was and not now:
        return ("unpublished", [])
    if not now:
        return None
    changed = [
        field
        for field in _fields(kind)
        if previous is None
        or getattr(previous, field.attname) != getattr(record, field.attname)
    ]
    return ("changed", changed) if changed else None


def catalog_changes(
    *,
    cursor: Position | None = None,
    since: dt.datetime | None = None,
    limit: int = 100,
) -> dict:
    """
    Return up to ``limit`` public changes after ``cursor`` (or after
    ``since``, or from the first), with ``next_cursor`` (where to resume:
    the last record read, or the given cursor when none was) and
    ``has_more``; two queries per kind and one per referenced kind.
    """
    if cursor is None and since is not None:
        cursor = Position(since, len(FEED_KINDS), 0)
    published = LanguageModel.objects.published().values("pk")
    candidates = []
    more = False
    for index, kind in enumerate(FEED_KINDS):
        history = kind.model.history.model.objects.filter(_after(cursor, index))
        if kind.name in CHILD_KINDS:
            history = history.filter(model_id__in=published)
        previous_id = (
            kind.model.history.model.objects.filter(id=OuterRef("id"))
            .filter(
                Q(history_date__lt=OuterRef("history_date"))
                | Q(
                    history_date=OuterRef("history_date"),
                    history_id__lt=OuterRef("history_id"),
                )
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        rows = list(
            history.annotate(previous_id=Subquery(previous_id)).order_by(
                "history_date", "history_id"
            )[: limit + 1]
        )
        more = more or len(rows) > limit
        candidates += [
            (Position(row.history_date, index, row.history_id), kind, row)
            for row in rows[:limit]
        ]
    candidates.sort(key=lambda candidate: candidate[0])
    more = more or len(candidates) > limit
    candidates = candidates[:limit]

    previous = {}
    for index, kind in enumerate(FEED_KINDS):
        ids = [
            row.previous_id for _, k, row in candidates if k is kind and row.previous_id
        ]
        if ids:
            for row in kind.model.history.model.objects.filter(history_id__in=ids):
                previous[(index, row.history_id)] = row

    keys = _Keys()
    events = []
    for position, kind, row in candidates:
        before = previous.get((position.kind, row.previous_id))
        event = _event(kind, row, before)
        if event is None:
            continue
        _want_refs(kind, row, keys)
        if before is not None:
            _want_refs(kind, before, keys)
        events.append((position, kind, row, before, event))
    keys.load()

    changes = []
    for position, kind, row, before, (change, fields) in events:
        changes.append(
            {
                "cursor": position.encode(),
                "kind": KIND_NAMES[kind.name],
                "change": change,
                "at": row.history_date,
                "key": _key(kind, row, keys),
                "model": (
                    keys.of(LanguageModel, row.model_id)
                    if kind.name in CHILD_KINDS
                    else None
                ),
                "fields": [
                    {
                        "name": field.name,
                        "old": None if before is None else _value(field, before, keys),
                        "new": _value(field, row, keys),
                    }
                    for field in fields
                ],
            }
        )
    last = candidates[-1][0] if candidates else cursor
    return {
        "changes": changes,
        "next_cursor": last.encode() if last is not None else None,
        "has_more": more,
    }
