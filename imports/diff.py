"""
Compute what an import would change: a pure function of the catalog's
current state (``CurrentState``, plain data read by ``imports.state``) and
a normalised ``Batch``. ``apply.py`` writes the result; the command and the
admin print it.

Every record is matched, in order, by:

1. the ``ExternalId`` recorded for its source and id (by an earlier import
   or by an editor in the admin);
2. to bootstrap a first import only, an exact slug (a route: the same
   provider and an exact identifier). Names are never matched.

A record that matches a row an earlier record of the same input already
took is an alias: its id is recorded but its values are not applied, so two
spellings of one provider cannot overwrite each other. A record that
matches nothing is new (models arrive as drafts), unless it may not create
rows (a reseller's model id), in which case it is listed as skipped with
what to map. A new provider or organization is added only when a route or
model of the import needs it.

A differing value is a change, unless an editor locked the field, or
changed it since the import last wrote the row (``imports.edited``): then it
is a disagreement and the value stays. A fill-only record (a price list
describing a model) changes only empty fields.
"""

import hashlib
import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from catalog.checks import check_values
from catalog.formatting import plain_decimal
from imports.records import (
    Batch,
    CapabilityValue,
    Record,
    Ref,
    RouteRecord,
    Skip,
    SourceRecord,
)

KINDS = ("source", "organization", "provider", "model", "route")
# Foreign keys to catalog rows, by kind: field -> kind of the target.
REFERENCES = {
    "organization": {},
    "provider": {"organization": "organization"},
    "model": {"organization": "organization"},
    "route": {"model": "model", "provider": "provider"},
}
# Fields whose value is a Source key.
SOURCE_REFERENCES = frozenset({"lifecycle_source", "source"})
# Fields a fill-only record may set when the catalog has nothing.
EMPTY = (None, "", "unknown", [])
CAPABILITY_PREFIX = "capabilities."
RESERVED_REASON = (
    "its slug or identifier is taken by the {kind} another id of this input is "
    "linked to; if they are one and the same, map this id in Imports > External ids"
)
# Bookkeeping the import keeps up to date without calling it a change.
BOOKKEEPING_SOURCE_FIELDS = frozenset({"retrieved_on"})


@dataclass(frozen=True)
class New:
    """A row the import will create."""

    kind: str
    number: int
    label: str


type Target = int | New


@dataclass
class Row:
    """A catalog row as the diff sees it: foreign keys as pks, sources as keys."""

    pk: int
    slug: str
    values: dict[str, Any]


@dataclass(frozen=True)
class CapabilityRow:
    pk: int
    value: str
    source: str | None
    note: str


@dataclass
class CurrentState:
    """The parts of the catalog an import compares with, as plain data."""

    sources: dict[str, Row] = field(default_factory=dict)
    rows: dict[str, dict[int, Row]] = field(default_factory=dict)
    capabilities: dict[tuple[int, str], CapabilityRow] = field(default_factory=dict)
    model_sources: dict[int, set[str]] = field(default_factory=dict)
    # (kind, external id) -> pk, for the import's source only.
    external_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    locks: set[tuple[str, int, str]] = field(default_factory=set)
    # (kind, pk, field) -> the day an editor changed it since the last import.
    edited: dict[tuple[str, int, str], date] = field(default_factory=dict)

    def __post_init__(self):
        for kind in ("organization", "provider", "model", "route"):
            self.rows.setdefault(kind, {})
        self.by_slug = {
            kind: {row.slug: pk for pk, row in self.rows[kind].items()}
            for kind in ("organization", "provider", "model")
        }
        self.names = {
            kind: {row.values.get("name"): pk for pk, row in self.rows[kind].items()}
            for kind in ("organization", "provider")
        }
        self.routes_by_natural = {
            (row.values["provider"], row.values["identifier"], row.values["region"]): pk
            for pk, row in self.rows["route"].items()
        }

    def slug_of(self, kind: str, pk: int) -> str:
        """Return the slug (a route: its identifier) of a row, for display."""
        row = self.rows[kind].get(pk)
        if row is None:
            return f"#{pk}"
        return row.slug or row.values.get("identifier", f"#{pk}")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    old_text: str
    new_text: str


@dataclass
class Change:
    """One row to create or update, with the values to write."""

    kind: str
    label: str
    target: Target
    action: str  # "create" or "update"
    origin: str = ""
    matched_by: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    # Field -> value to write; a foreign key holds a Target, a source a key.
    writes: dict[str, Any] = field(default_factory=dict)
    capabilities: dict[str, CapabilityValue] = field(default_factory=dict)
    add_sources: tuple[str, ...] = ()
    # In words for editors: "GPT-4o on Azure" for a route.
    title: str = ""


@dataclass(frozen=True)
class Conflict:
    """A locked value the import disagrees with."""

    kind: str
    target: int
    label: str
    field: str
    current: str
    incoming: str
    # The values themselves (a reference as a pk, or New), for a held change.
    current_value: Any = None
    incoming_value: Any = None
    # Not locked, but changed by an editor on this day since the last import.
    edited_on: date | None = None


@dataclass(frozen=True)
class Held:
    """A figure that failed a consistency check (catalog.checks): not written."""

    kind: str
    target: Any  # the row's pk, or New for a row the import creates
    label: str
    field: str
    current: str
    incoming: str
    incoming_value: Any
    message: str


@dataclass(frozen=True)
class Link:
    """An ExternalId to record: this source's id for a row."""

    kind: str
    external_id: str
    target: Target


@dataclass
class ImportDiff:
    """What an import would do. Plain data; nothing has been written."""

    source: str
    file_name: str
    today: date
    created: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: Counter = field(default_factory=Counter)
    skipped: list[Skip] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    bootstrapped: list[tuple[str, str, str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    reverify: list[int] = field(default_factory=list)  # route pks
    touch_source: str | None = None  # the import's Source, to date
    missing: list[str] = field(default_factory=list)
    # Routes the source links to another model than the catalog: (label, current, source's).
    relinked: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def change_count(self) -> int:
        """Return how many rows the import creates or changes."""
        return len(self.created) + len(self.changed)

    def counts(self) -> dict[str, dict[str, int]]:
        """Return {kind: {created, changed, unchanged, skipped, disagreements}}."""
        counts = {
            kind: dict.fromkeys(
                ("created", "changed", "unchanged", "skipped", "disagreements"), 0
            )
            for kind in KINDS
        }
        for change in self.created:
            counts[change.kind]["created"] += 1
        for change in self.changed:
            counts[change.kind]["changed"] += 1
        for kind, count in self.unchanged.items():
            counts[kind]["unchanged"] += count
        for skip in self.skipped:
            counts.setdefault(
                skip.kind,
                dict.fromkeys(
                    ("created", "changed", "unchanged", "skipped", "disagreements"), 0
                ),
            )["skipped"] += 1
        for conflict in self.conflicts:
            counts[conflict.kind]["disagreements"] += 1
        return counts

    def as_dict(self, *, limit: int | None = None) -> dict:
        """Return the diff as JSON-ready data, each list cut to ``limit`` items."""

        def cut(items):
            return items if limit is None else items[:limit]

        def change(c):
            return {
                "kind": c.kind,
                "label": c.label,
                "matched_by": c.matched_by,
                "title": c.title or c.label,
                "fields": [[f.field, f.old_text, f.new_text] for f in c.changes],
            }

        skipped = Counter(s.reason for s in self.skipped)
        return {
            "source": self.source,
            "file_name": self.file_name,
            "today": self.today.isoformat(),
            "counts": self.counts(),
            "created": [change(c) for c in cut(self.created)],
            "changed": [change(c) for c in cut(self.changed)],
            "skipped": [[s.kind, s.label, s.reason] for s in cut(self.skipped)],
            "skipped_reasons": sorted(skipped.items(), key=lambda kv: -kv[1]),
            "disagreements": [
                [
                    c.kind,
                    c.label,
                    c.field,
                    c.current,
                    c.incoming,
                    c.edited_on.isoformat() if c.edited_on else "",
                ]
                for c in cut(self.conflicts)
            ],
            "held": [
                [h.kind, h.label, h.field, h.current, h.incoming, h.message]
                for h in cut(self.held)
            ],
            "bootstrapped": [list(b) for b in cut(self.bootstrapped)],
            "reverified": len(self.reverify),
            "missing": cut(self.missing),
            "missing_count": len(self.missing),
            "relinked": [list(r) for r in cut(self.relinked)],
            "notes": self.notes,
        }

    def fingerprint(self) -> str:
        """Return a hash of what the import would write, to notice a stale preview."""
        data = self.as_dict()
        data.pop("today")
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def show(value: Any) -> str:
    """Return a value as the diff prints it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "[]"
    if isinstance(value, New):
        return f"(new) {value.label}"
    return str(value)


def same(current: Any, incoming: Any) -> bool:
    """Return whether a stored value equals an incoming one (lists in any order)."""
    if isinstance(current, list) and isinstance(incoming, list):
        return sorted(map(str, current)) == sorted(map(str, incoming))
    if isinstance(current, New) or isinstance(incoming, New):
        return False
    return current == incoming


def compute_diff(batch: Batch, state: CurrentState, *, today: date) -> ImportDiff:
    """Return the ImportDiff of applying ``batch`` to ``state`` on ``today``."""
    return _Differ(batch, state, today).run()


@dataclass
class _Entry:
    record: Record
    target: Target | None
    primary: bool  # False: an alias of a row another record took
    matched_by: str = ""
    dead: bool = False  # cannot be created after all


class _Differ:
    def __init__(self, batch: Batch, state: CurrentState, today: date):
        self.batch = batch
        self.state = state
        self.today = today
        self.diff = ImportDiff(
            source=batch.source, file_name=batch.file_name, today=today
        )
        self.diff.skipped = list(batch.skipped)
        self.diff.notes = list(batch.notes)
        self.numbers = itertools.count(1)
        self.own: dict[tuple[str, str], Target] = {}
        self.slugs: dict[tuple[str, str], Target] = {}
        self.claimed: dict[tuple[str, int], str] = {}
        self.entries: dict[str, list[_Entry]] = defaultdict(list)
        self.needed: set[New] = set()
        self.links: dict[tuple[str, str], Target] = {}
        self.new_names: dict[str, set[str]] = defaultdict(set)
        self.import_key = batch.import_source.key if batch.import_source else None
        self.unmatched: Counter = Counter()
        self.new_routes: dict[tuple, str] = {}
        # Rows another record of this input is linked to: no slug may take them.
        present = {(r.kind, r.external_id) for r in batch.records()}
        self.reserved: dict[str, set[int]] = defaultdict(set)
        for (kind, external_id), pk in state.external_ids.items():
            if (kind, external_id) in present:
                self.reserved[kind].add(pk)

    # Matching --------------------------------------------------------------

    def linked(self, kind: str, external_id: str) -> int | None:
        pk = self.state.external_ids.get((kind, external_id))
        return pk if pk in self.state.rows[kind] else None

    def resolve(self, kind: str, ref: Ref | None) -> Target | None:
        """Return the row or new record a reference points at, or None."""
        if ref is None:
            return None
        if ref.external_id:
            if (kind, ref.external_id) in self.own:
                return self.own[kind, ref.external_id]
            pk = self.linked(kind, ref.external_id)
            if pk is not None:
                return pk
        if ref.slug:
            target = self.state.by_slug[kind].get(ref.slug)
            if target is None:
                target = self.slugs.get((kind, ref.slug))
            if target is not None:
                if ref.external_id and (kind, ref.external_id) not in self.links:
                    # Remember the match, so the next import needs no slug.
                    self.links[kind, ref.external_id] = target
                    self.diff.bootstrapped.append(
                        (
                            kind,
                            f"{kind} {ref.external_id} -> {show_target(self.state, kind, target)}",
                            "exact slug",
                        )
                    )
                return target
        return None

    def identify(self, record: Record) -> None:
        kind = record.kind
        if (kind, record.external_id) in self.own:
            # The same id twice in one input: the first one wins.
            self.diff.skipped.append(
                Skip(
                    kind,
                    record.label,
                    "listed twice in the input; the first one is used",
                )
            )
            return
        pk, how = self.linked(kind, record.external_id), "external id"
        if pk is None and record.slug:
            pk, how = self.state.by_slug[kind].get(record.slug), "exact slug"
            if pk in self.reserved[kind]:
                self.diff.skipped.append(
                    Skip(kind, record.label, RESERVED_REASON.format(kind=kind))
                )
                return
        target: Target | None
        primary = True
        if pk is not None:
            target = pk
            if (kind, pk) in self.claimed:
                primary = False
            else:
                self.claimed[kind, pk] = record.label
            if how == "exact slug":
                self.diff.bootstrapped.append((kind, record.label, how))
        elif record.slug and (kind, record.slug) in self.slugs:
            target, primary, how = self.slugs[kind, record.slug], False, "exact slug"
        elif not getattr(record, "may_create", True):
            # Only describes a row that exists; a route that needs it says so.
            self.unmatched[kind] += 1
            return
        elif not record.slug:
            self.diff.skipped.append(Skip(kind, record.label, "no usable slug"))
            return
        else:
            target, how = New(kind, next(self.numbers), record.slug), ""
        self.own[kind, record.external_id] = target
        if record.slug:
            self.slugs.setdefault((kind, record.slug), target)
        self.entries[kind].append(_Entry(record, target, primary, how))

    def identify_route(self, record: RouteRecord) -> None:
        if ("route", record.external_id) in self.own:
            self.diff.skipped.append(
                Skip(
                    "route",
                    record.label,
                    "listed twice in the input; the first one is used",
                )
            )
            return
        provider_ref = record.create_refs.get("provider")
        provider = self.resolve("provider", provider_ref)
        pk, how = self.linked("route", record.external_id), "external id"
        if pk is None and isinstance(provider, int):
            how = "provider + identifier"
            for identifier in (record.identifier, *record.identifier_aliases):
                pk = self.state.routes_by_natural.get(
                    (provider, identifier, record.region)
                )
                if pk in self.reserved["route"]:
                    self.diff.skipped.append(
                        Skip(
                            "route", record.label, RESERVED_REASON.format(kind="route")
                        )
                    )
                    return
                if pk is not None:
                    break
        if pk is not None:
            if ("route", pk) in self.claimed:
                self.diff.skipped.append(
                    Skip(
                        "route",
                        record.label,
                        f"the same route as {self.claimed['route', pk]}",
                    )
                )
                return
            self.claimed["route", pk] = record.label
            if how != "external id":
                self.diff.bootstrapped.append(("route", record.label, how))
            target: Target = pk
        else:
            if provider is None:
                self.diff.skipped.append(
                    Skip(
                        "route",
                        record.label,
                        f"provider {provider_ref} is not in the catalog",
                    )
                )
                return
            model_ref = _model_ref(record)
            if self.resolve("model", model_ref) is None:
                self.diff.skipped.append(
                    Skip(
                        "route",
                        f"{record.label} (model {model_ref})",
                        "no catalog model has its model id or slug: add the model, "
                        "or map the id to one in Imports > External ids",
                    )
                )
                return
            natural = (provider, record.identifier, record.region)
            if natural in self.new_routes:
                self.diff.skipped.append(
                    Skip(
                        "route",
                        record.label,
                        f"the same route as {self.new_routes[natural]}",
                    )
                )
                return
            self.new_routes[natural] = record.label
            target, how = New("route", next(self.numbers), record.identifier), ""
        self.own["route", record.external_id] = target
        self.entries["route"].append(_Entry(record, target, True, how))

    # Deciding what is created ----------------------------------------------

    def decide(self) -> None:
        dead_models = set()
        for entry in self.entries["model"]:
            if entry.primary and isinstance(entry.target, New):
                ref = entry.record.refs.get(
                    "organization"
                ) or entry.record.create_refs.get("organization")
                organization = self.resolve("organization", ref)
                if organization is None:
                    entry.dead = True
                    dead_models.add(entry.target)
                    self.diff.skipped.append(
                        Skip(
                            "model",
                            entry.record.label,
                            f"organization {ref} is not in the catalog",
                        )
                    )
                elif isinstance(organization, New):
                    self.needed.add(organization)
        for entry in self.entries["model"]:
            if not entry.primary and entry.target in dead_models:
                entry.dead = True
        for entry in self.entries["route"]:
            if isinstance(entry.target, New):
                model = self.resolve("model", _model_ref(entry.record))
                if model in dead_models:
                    entry.dead = True
                    self.diff.skipped.append(
                        Skip(
                            "route",
                            entry.record.label,
                            f"its model {model.label} cannot be added",
                        )
                    )
                    continue
                provider = self.resolve(
                    "provider", entry.record.create_refs.get("provider")
                )
                if isinstance(provider, New):
                    self.needed.add(provider)
        for entry in self.entries["provider"]:
            if isinstance(entry.target, New) and entry.primary:
                if entry.target not in self.needed:
                    entry.dead = True
                    self.diff.skipped.append(
                        Skip(
                            "provider",
                            entry.record.label,
                            "new, but no route of this import uses it",
                        )
                    )
                    continue
                ref = entry.record.refs.get(
                    "organization"
                ) or entry.record.create_refs.get("organization")
                organization = self.resolve("organization", ref)
                if isinstance(organization, New):
                    self.needed.add(organization)
        for entry in self.entries["organization"]:
            if (
                isinstance(entry.target, New)
                and entry.primary
                and entry.target not in self.needed
            ):
                entry.dead = True
                self.diff.skipped.append(
                    Skip(
                        "organization",
                        entry.record.label,
                        "new, but nothing in this import needs it",
                    )
                )

    def created(self, target: Target | None) -> bool:
        """Return whether a target exists after the import."""
        if target is None:
            return False
        if isinstance(target, int):
            return True
        return target in self.will_create

    # Changes ---------------------------------------------------------------

    def run(self) -> ImportDiff:
        self.diff_sources()
        for record in self.batch.organizations:
            self.identify(record)
        for record in self.batch.providers:
            self.identify(record)
        for record in self.batch.models:
            self.identify(record)
        for record in self.batch.routes:
            self.identify_route(record)
        self.decide()
        self.will_create = {
            entry.target
            for entries in self.entries.values()
            for entry in entries
            if entry.primary and isinstance(entry.target, New) and not entry.dead
        }
        for kind in ("organization", "provider", "model", "route"):
            for entry in self.entries[kind]:
                if entry.dead:
                    continue
                if not entry.primary:
                    if isinstance(entry.target, int):
                        self.diff.unchanged[kind] += 1
                elif isinstance(entry.target, New):
                    self.create(entry)
                else:
                    self.update(entry)
        for entry in (e for entries in self.entries.values() for e in entries):
            if not entry.dead and self.created(entry.target):
                kind = entry.record.kind
                self.links.setdefault((kind, entry.record.external_id), entry.target)
        self.diff.links = [
            Link(kind, external_id, target)
            for (kind, external_id), target in self.links.items()
            if self.created(target)
            and self.state.external_ids.get((kind, external_id)) != target
        ]
        for kind, count in self.unmatched.items():
            self.diff.notes.append(
                f"{count} {kind} description(s) matched no catalog {kind}; a price "
                "list adds no models, so they only help once the model exists."
            )
        seen = {record.external_id for record in self.batch.routes}
        self.diff.missing = sorted(
            external_id
            for (kind, external_id), pk in self.state.external_ids.items()
            if kind == "route"
            and external_id not in seen
            and pk in self.state.rows["route"]
        )
        self.created_names = {
            c.target: c.writes.get("name") or c.target.label
            for c in self.diff.created
            if isinstance(c.target, New)
        }
        for change in (*self.diff.created, *self.diff.changed):
            if change.kind == "route":
                change.title = self.route_title(change)
        return self.diff

    def route_title(self, change: Change) -> str:
        """Return "<model> on <provider>" for a route to create or change."""
        row = (
            self.state.rows["route"].get(change.target)
            if isinstance(change.target, int)
            else None
        )
        names = []
        for kind in ("model", "provider"):
            target = change.writes.get(kind, row.values.get(kind) if row else None)
            if isinstance(target, New):
                names.append(
                    getattr(self, "created_names", {}).get(target, target.label)
                )
            elif target in self.state.rows[kind]:
                names.append(self.state.rows[kind][target].values.get("name") or "")
            else:
                return change.label
        return " on ".join(names)

    def diff_sources(self) -> None:
        records: list[tuple[SourceRecord, bool]] = []
        if self.batch.import_source is not None:
            records.append((self.batch.import_source, True))
        records += [(record, False) for record in self.batch.sources]
        for record, is_import in records:
            row = self.state.sources.get(record.key)
            if row is None:
                self.diff.created.append(
                    Change(
                        "source",
                        record.label,
                        New("source", next(self.numbers), record.key),
                        "create",
                        writes={"key": record.key, **record.values},
                    )
                )
                continue
            changes = []
            for name, value in record.values.items():
                if is_import and name in BOOKKEEPING_SOURCE_FIELDS:
                    continue
                if not same(row.values.get(name), value):
                    if ("source", row.pk, name) in self.state.locks:
                        self.conflict(
                            "source",
                            row.pk,
                            record.label,
                            name,
                            row.values.get(name),
                            value,
                        )
                        continue
                    changes.append(
                        self.field_change("source", name, row.values.get(name), value)
                    )
            if is_import and row.values.get("retrieved_on") != record.values.get(
                "retrieved_on"
            ):
                self.diff.touch_source = record.key
            if changes:
                self.diff.changed.append(
                    Change(
                        "source",
                        record.label,
                        row.pk,
                        "update",
                        matched_by="key",
                        changes=changes,
                        writes={c.field: c.new for c in changes},
                    )
                )
            else:
                self.diff.unchanged["source"] += 1

    def field_change(self, kind: str, name: str, old: Any, new: Any) -> FieldChange:
        target_kind = REFERENCES.get(kind, {}).get(name)
        if target_kind:
            old_text = "—" if old is None else self.state.slug_of(target_kind, old)
            new_text = show_target(self.state, target_kind, new)
        else:
            old_text, new_text = show(old), show(new)
        return FieldChange(name, old, new, old_text, new_text)

    def hold_failures(self, kind, pk, label, current, changes):
        """
        Return ``changes`` without the figures that fail a consistency check
        against the row's ``current`` values; those are held (diff.held).
        """
        new = {c.field: c.new for c in changes}
        failures = check_values(kind, new, current, today=self.today)
        held = {f.field: f for f in failures if f.field in new}
        for change in changes:
            if change.field in held:
                self.diff.held.append(
                    Held(
                        kind,
                        pk,
                        label,
                        change.field,
                        change.old_text,
                        change.new_text,
                        change.new,
                        held[change.field].message,
                    )
                )
        return [c for c in changes if c.field not in held]

    def conflict(
        self, kind, pk, label, name, current, incoming, edited_on=None
    ) -> None:
        target_kind = REFERENCES.get(kind, {}).get(name)
        if target_kind:
            current_text = (
                "—" if current is None else self.state.slug_of(target_kind, current)
            )
            incoming_text = show_target(self.state, target_kind, incoming)
        else:
            current_text, incoming_text = show(current), show(incoming)
        if kind == "route":
            label = self.route_title(Change(kind, label, pk, "update"))
        self.diff.conflicts.append(
            Conflict(
                kind,
                pk,
                label,
                name,
                current_text,
                incoming_text,
                current,
                incoming,
                edited_on,
            )
        )

    def incoming_refs(
        self, record: Record, refs: dict[str, Ref | None]
    ) -> dict[str, Any]:
        """Return {field: target} for references that resolve (None stays None)."""
        values = {}
        for name, ref in refs.items():
            if ref is None:
                values[name] = None
                continue
            target = self.resolve(REFERENCES[record.kind][name], ref)
            if target is not None and self.created(target):
                values[name] = target
        return values

    def unique_name(self, kind: str, record: Record, name: str) -> str:
        """
        Return ``name``, or "<name> (<slug>)" when another row has it: the
        names of organizations and providers are unique, and a new row must
        never fail to be created once others depend on it.
        """
        taken = self.state.names.get(kind, {})
        # Room for the suffix within the 200 characters of a name.
        short = name[:90]
        candidates = itertools.chain(
            [name[:200], f"{short} ({record.slug})"],
            (f"{short} ({record.slug} {n})" for n in itertools.count(2)),
        )
        for candidate in candidates:
            if candidate not in taken and candidate not in self.new_names[kind]:
                self.new_names[kind].add(candidate)
                return candidate
        raise AssertionError("unreachable")  # pragma: no cover

    def create(self, entry: _Entry) -> None:
        record = entry.record
        kind = record.kind
        writes = {**record.create_values, **record.values}
        writes.update(self.incoming_refs(record, {**record.create_refs, **record.refs}))
        if kind in ("organization", "provider"):
            writes["slug"] = record.slug
            writes["name"] = self.unique_name(
                kind, record, writes.get("name") or record.slug
            )
        elif kind == "model":
            writes["slug"] = record.slug
            writes["status"] = "draft"
            writes.setdefault("name", record.slug)
            if (
                writes.get("lifecycle_status", "active") != "active"
                and "lifecycle_source" not in writes
            ):
                writes["lifecycle_source"] = self.import_key
        elif kind == "route":
            writes.update(
                identifier=record.identifier, region=record.region, **record.provenance
            )
            if self.batch.stamps_verified:
                writes["last_verified"] = self.today
        for failure in check_values(kind, writes, None, today=self.today):
            if writes.get(failure.field) is not None:
                incoming = writes.pop(failure.field)
                self.diff.held.append(
                    Held(
                        kind,
                        entry.target,
                        record.label,
                        failure.field,
                        show(None),
                        show(incoming),
                        incoming,
                        failure.message,
                    )
                )
        change = Change(
            kind,
            record.label,
            entry.target,
            "create",
            origin=record.origin,
            writes=writes,
        )
        if kind == "model":
            change.capabilities = dict(record.capabilities)
            change.add_sources = tuple(sorted(set(record.sources)))
        self.diff.created.append(change)

    def update(self, entry: _Entry) -> None:
        record = entry.record
        kind = record.kind
        pk = entry.target
        row = self.state.rows[kind][pk]
        incoming = dict(record.values)
        incoming.update(self.incoming_refs(record, record.refs))
        fill_only = getattr(record, "fill_only", False)
        changes = []
        for name, value in incoming.items():
            current = row.values.get(name)
            if same(current, value):
                continue
            if fill_only and current not in EMPTY:
                continue
            if (kind, pk, name) in self.state.locks:
                self.conflict(kind, pk, record.label, name, current, value)
                continue
            if (kind, pk, name) in self.state.edited:
                self.conflict(
                    kind,
                    pk,
                    record.label,
                    name,
                    current,
                    value,
                    edited_on=self.state.edited[kind, pk, name],
                )
                continue
            if name == "name" and kind in self.state.names:
                owner = self.state.names[kind].get(value)
                if (owner is not None and owner != pk) or value in self.new_names[kind]:
                    self.diff.notes.append(
                        f"{record.label}: name {value!r} is another {kind}'s, so it was not changed"
                    )
                    continue
            changes.append(self.field_change(kind, name, current, value))
        changes = self.hold_failures(kind, pk, record.label, row.values, changes)
        change = Change(
            kind,
            record.label,
            pk,
            "update",
            origin=record.origin,
            matched_by=entry.matched_by,
        )
        if kind == "model":
            changes += self.capability_changes(record, pk, change, fill_only)
            names = {c.field for c in changes}
            if (
                "lifecycle_status" in names
                and "lifecycle_source" not in incoming
                and self.import_key
                and row.values.get("lifecycle_source") != self.import_key
            ):
                changes.append(
                    self.field_change(
                        kind,
                        "lifecycle_source",
                        row.values.get("lifecycle_source"),
                        self.import_key,
                    )
                )
        if kind == "route" and "model" in record.create_refs:
            model = self.resolve("model", record.create_refs["model"])
            if (
                model is not None
                and self.created(model)
                and model != row.values["model"]
            ):
                # The route stays on its model; an editor decides (the diff says).
                self.diff.relinked.append(
                    (
                        record.label,
                        self.state.slug_of("model", row.values["model"]),
                        show_target(self.state, "model", model),
                    )
                )
        if kind == "route" and changes:
            for name, value in record.provenance.items():
                if not same(row.values.get(name), value):
                    changes.append(
                        self.field_change(kind, name, row.values.get(name), value)
                    )
        stamp = kind == "route" and self.batch.stamps_verified
        if stamp and not changes and row.values.get("last_verified") != self.today:
            self.diff.reverify.append(pk)
        if not changes:
            self.diff.unchanged[kind] += 1
            return
        change.changes = changes
        change.writes = {
            c.field: c.new for c in changes if not c.field.startswith(CAPABILITY_PREFIX)
        }
        if stamp:
            change.writes["last_verified"] = self.today
        if kind == "model":
            change.add_sources = tuple(
                sorted(set(record.sources) - self.state.model_sources.get(pk, set()))
            )
        self.diff.changed.append(change)

    def capability_changes(self, record, pk, change, fill_only) -> list[FieldChange]:
        changes = []
        for capability, incoming in sorted(record.capabilities.items()):
            row = self.state.capabilities.get((pk, capability))
            current = row.value if row else None
            if current == incoming.value:
                continue
            if fill_only and current not in (None, "unknown"):
                continue
            name = f"{CAPABILITY_PREFIX}{capability}"
            if ("model", pk, name) in self.state.locks:
                self.conflict(
                    "model",
                    pk,
                    record.label,
                    name,
                    current or "unknown",
                    incoming.value,
                )
                continue
            change.capabilities[capability] = incoming
            changes.append(
                FieldChange(
                    name, current, incoming.value, show(current), incoming.value
                )
            )
        return changes


def _model_ref(record: RouteRecord) -> Ref | None:
    return record.refs.get("model") or record.create_refs.get("model")


def show_target(state: CurrentState, kind: str, target: Any) -> str:
    """Return a reference as the diff prints it: a slug, or the new record."""
    if target is None:
        return "—"
    if isinstance(target, New):
        return f"{target.label} (new)"
    if isinstance(target, int):
        return state.slug_of(kind, target)
    return show(target)


def format_diff(diff: ImportDiff, *, limit: int | None = 20) -> list[str]:
    """Return the diff as printable lines, each list cut to ``limit`` items."""

    def cut(items):
        return items if limit is None else items[:limit]

    def more(items):
        if limit is not None and len(items) > limit:
            return [f"  ... and {len(items) - limit} more"]
        return []

    lines = [
        f"{'':<14}{'created':>9}{'changed':>9}{'unchanged':>11}{'skipped':>9}{'locked':>8}"
    ]
    for kind, c in diff.counts().items():
        lines.append(
            f"{kind:<14}{c['created']:>9}{c['changed']:>9}{c['unchanged']:>11}"
            f"{c['skipped']:>9}{c['disagreements']:>8}"
        )
    if diff.created:
        lines.append(f"Created ({len(diff.created)}):")
        lines += [f"  + {c.label}" for c in cut(diff.created)] + more(diff.created)
    if diff.changed:
        lines.append(f"Changed ({len(diff.changed)}):")
        for c in cut(diff.changed):
            lines.append(f"  ~ {c.label}")
            lines += [
                f"      {f.field}: {f.old_text} -> {f.new_text}" for f in c.changes
            ]
        lines += more(diff.changed)
    lines.append(f"Unchanged: {sum(diff.unchanged.values())}")
    if diff.reverify:
        lines.append(
            f"Re-verified: {len(diff.reverify)} unchanged route(s) get last_verified {diff.today.isoformat()}"
        )
    if diff.conflicts:
        lines.append(f"Locked, not changed ({len(diff.conflicts)} disagreements):")
        lines += [
            f"  ! {c.label} {c.field}: keeps {c.current}, the source says {c.incoming}"
            for c in cut(diff.conflicts)
        ] + more(diff.conflicts)
    if diff.held:
        lines.append(f"Held for a Publisher by a check ({len(diff.held)}):")
        lines += [
            f"  ? {h.label} {h.field}: keeps {h.current}, the source says "
            f"{h.incoming}: {h.message}"
            for h in cut(diff.held)
        ] + more(diff.held)
    if diff.skipped:
        lines.append(f"Skipped ({len(diff.skipped)}):")
        by_reason = defaultdict(list)
        for skip in diff.skipped:
            by_reason[skip.reason].append(skip)
        for reason, skips in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
            shown = skips if limit is None else skips[: min(limit, 5)]
            examples = ", ".join(s.label for s in shown)
            etc = ", ..." if len(shown) < len(skips) else ""
            lines.append(f"  - {len(skips)} x {reason}: {examples}{etc}")
    if diff.bootstrapped:
        lines.append(
            f"Matched by exact slug or identifier (first import; their external ids "
            f"are recorded) ({len(diff.bootstrapped)}):"
        )
        lines += [f"  = {label} ({how})" for _, label, how in cut(diff.bootstrapped)]
        lines += more(diff.bootstrapped)
    if diff.relinked:
        lines.append(
            f"Linked to another model by the source ({len(diff.relinked)} route(s); "
            "kept on their catalog model, change them in the admin if the source is right):"
        )
        lines += [
            f"  * {label}: {current} in the catalog, {incoming} in the source"
            for label, current, incoming in cut(diff.relinked)
        ] + more(diff.relinked)
    if diff.missing:
        lines.append(
            f"No longer in the source ({len(diff.missing)} route(s) imported before; kept):"
        )
        lines += [f"  ? {external_id}" for external_id in cut(diff.missing)] + more(
            diff.missing
        )
    lines += diff.notes
    return lines
