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

The cursor names, for each kind of record, the ``history_id`` of the last
history record the client has read ("3.0.7.0.12.40.9.2", one per
``FEED_KINDS``); a page lists the records after those. A history id follows
commit order within its table (``catalog.history``), so a change committed
late, with an earlier ``history_date`` than changes already read, still
comes after the cursor: nothing is skipped. A page takes each kind's
records in id order, interleaved by ``history_date``. A cursor of the
first form this API gave (microseconds-kind-history id) and
``updated_since`` start at a moment instead, and answer a cursor of ids.
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
# A history id per kind, in FEED_KINDS order.
IDS_PATTERN = rf"[0-9]{{1,18}}(\.[0-9]{{1,18}}){{{len(FEED_KINDS) - 1}}}"
# The first form: microseconds since 1970, the kind's place in FEED_KINDS (or
# past it) and a history id; read as the moment it names.
MOMENT_PATTERN = rf"([0-9]{{1,17}})-([0-{len(FEED_KINDS)}])-([0-9]{{1,18}})"
CURSOR_PATTERN = rf"^(?:{IDS_PATTERN}|{MOMENT_PATTERN})$"
CURSOR = re.compile(CURSOR_PATTERN)


@dataclass(frozen=True)
class Position:
    """The last history id read of each kind, in FEED_KINDS order."""

    ids: tuple[int, ...]

    def encode(self) -> str:
        return ".".join(map(str, self.ids))

    def after(self, index: int, history_id: int) -> "Position":
        ids = list(self.ids)
        ids[index] = history_id
        return Position(tuple(ids))


@dataclass(frozen=True)
class Moment:
    """A start at a moment: after ``at`` (a first-form cursor: and its kind and id)."""

    at: dt.datetime
    kind: int = len(FEED_KINDS)
    history_id: int = 0

    def q(self, index: int) -> Q:
        if index > self.kind:
            return Q(history_date__gte=self.at)
        if index < self.kind:
            return Q(history_date__gt=self.at)
        return Q(history_date__gt=self.at) | Q(
            history_date=self.at, history_id__gt=self.history_id
        )


def decode_cursor(cursor: str) -> Position | Moment:
    """Return the position a cursor names; ValueError when it names none."""
    match = CURSOR.match(cursor)
    if match is None:
        raise ValueError("not a cursor this API gave")
    if "." in cursor:
        return Position(tuple(int(part) for part in cursor.split(".")))
    micros, kind, history_id = (int(part) for part in cursor.split("-"))
    return Moment(EPOCH + dt.timedelta(microseconds=micros), kind, history_id)


def _start(moment: Moment | None) -> Position:
    """
    Return the ids a feed starting at ``moment`` (None: at the first
    change) resumes after: for each kind, the id before its first record
    after the moment, or its last id when it has none (two queries a kind).
    """
    ids = []
    for index, kind in enumerate(FEED_KINDS):
        history = kind.model.history.model.objects
        first = None
        if moment is not None:
            first = (
                history.filter(moment.q(index))
                .order_by("history_id")
                .values_list("history_id", flat=True)
                .first()
            )
            if first is None:
                last = history.order_by("-history_id").values_list(
                    "history_id", flat=True
                )
                first = (last.first() or 0) + 1
        ids.append(0 if first is None else first - 1)
    return Position(tuple(ids))


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
                history.order_by("history_id").values_list("id", attribute)
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


def _merge(streams: list[list], limit: int) -> list[tuple[int, object]]:
    """
    Return up to ``limit`` (kind index, record) from ``streams`` (each kind's
    records in id order), taking each stream's records in its order, the
    one with the earliest ``history_date`` first.
    """
    heads = [0] * len(streams)
    taken = []
    while len(taken) < limit:
        ready = [
            (stream[heads[index]].history_date, index)
            for index, stream in enumerate(streams)
            if heads[index] < len(stream)
        ]
        if not ready:
            break
        _, index = min(ready)
        taken.append((index, streams[index][heads[index]]))
        heads[index] += 1
    return taken


def catalog_changes(
    *,
    cursor: Position | Moment | None = None,
    since: dt.datetime | None = None,
    limit: int = 100,
) -> dict:
    """
    Return up to ``limit`` public changes after ``cursor`` (or after
    ``since``, or from the first), with ``next_cursor`` (where to resume:
    after the last record read, or the given position when none was) and
    ``has_more``; two queries per kind (four from a moment) and one per
    referenced kind.
    """
    if cursor is None and since is not None:
        cursor = Moment(since)
    position = cursor if isinstance(cursor, Position) else _start(cursor)
    published = LanguageModel.objects.published().values("pk")
    streams = []
    for index, kind in enumerate(FEED_KINDS):
        history = kind.model.history.model.objects.filter(
            history_id__gt=position.ids[index]
        )
        if kind.name in CHILD_KINDS:
            history = history.filter(model_id__in=published)
        previous_id = (
            kind.model.history.model.objects.filter(
                id=OuterRef("id"), history_id__lt=OuterRef("history_id")
            )
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        streams.append(
            list(
                history.annotate(previous_id=Subquery(previous_id)).order_by(
                    "history_id"
                )[: limit + 1]
            )
        )
    taken = _merge(streams, limit)
    more = sum(map(len, streams)) > len(taken)
    candidates = []
    for index, row in taken:
        position = position.after(index, row.history_id)
        candidates.append((position, index, FEED_KINDS[index], row))
    resume = position

    previous = {}
    for index, kind in enumerate(FEED_KINDS):
        ids = [
            row.previous_id
            for _, i, _, row in candidates
            if i == index and row.previous_id
        ]
        if ids:
            for row in kind.model.history.model.objects.filter(history_id__in=ids):
                previous[(index, row.history_id)] = row

    keys = _Keys()
    events = []
    for reached, index, kind, row in candidates:
        before = previous.get((index, row.previous_id))
        event = _event(kind, row, before)
        if event is None:
            continue
        _want_refs(kind, row, keys)
        if before is not None:
            _want_refs(kind, before, keys)
        events.append((reached, kind, row, before, event))
    keys.load()

    changes = []
    for reached, kind, row, before, (change, fields) in events:
        changes.append(
            {
                "cursor": reached.encode(),
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
    return {
        "changes": changes,
        "next_cursor": resume.encode(),
        "has_more": more,
    }
