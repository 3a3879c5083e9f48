"""
Loading: ``load_catalog()`` validates a document, then ``_Writer`` upserts
its records kind by kind in one transaction (only changed fields, with
history and the editorial version bumped), optionally prunes what the
document does not name, and returns a ``LoadReport`` of what it did.
"""

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.checks import check_values
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    DecisionTag,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    ReportedFigure,
    Route,
    Source,
)
from changes.services import hold_figure, text_of
from sitecache.state import bump_generation

from .kinds import (
    BENCHMARKS,
    CAPABILITIES,
    DECISION_TAGS,
    KIND_BY_MODEL,
    MODELS,
    ORGANIZATIONS,
    PROVIDERS,
    REPORTED_FIGURES,
    RESULTS,
    ROUTES,
    SOURCES,
    CatalogFormatError,
    _key_attribute,
)
from .validation import _validate

LOAD_CHANGE_REASON = "Loaded from a catalog file"
BATCH_SIZE = 500
EXPORTED_RESULT_KEY_RE = re.compile(
    r"^(?P<model>[-\w]+):(?P<benchmark>[-\w]+):(?P<pk>\d+)$"
)


@dataclass
class KindCounts:
    """How many records of one kind a load created, updated, left alone or deleted."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass
class LoadReport:
    """What a load did, per kind of record."""

    counts: dict[str, KindCounts] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def __getitem__(self, kind):
        return self.counts[kind]

    @property
    def created(self):
        return sum(counts.created for counts in self.counts.values())

    @property
    def updated(self):
        return sum(counts.updated for counts in self.counts.values())

    @property
    def deleted(self):
        return sum(counts.deleted for counts in self.counts.values())

    def as_dict(self):
        """Return the counts as plain dicts, e.g. for an API response or a test."""
        return {
            kind: {
                "created": c.created,
                "updated": c.updated,
                "unchanged": c.unchanged,
                "deleted": c.deleted,
            }
            for kind, c in self.counts.items()
        }

    def __str__(self):
        lines = [f"{'':<15}{'created':>9}{'updated':>9}{'unchanged':>11}{'deleted':>9}"]
        for kind, c in self.counts.items():
            lines.append(
                f"{kind:<15}{c.created:>9}{c.updated:>9}{c.unchanged:>11}{c.deleted:>9}"
            )
        lines += self.notes
        return "\n".join(lines)


REPORT_ORDER = [
    SOURCES.name,
    ORGANIZATIONS.name,
    DECISION_TAGS.name,
    PROVIDERS.name,
    MODELS.name,
    CAPABILITIES.name,
    ROUTES.name,
    REPORTED_FIGURES.name,
    BENCHMARKS.name,
    RESULTS.name,
]


def _is_versioned(model):
    return any(f.name == "version" for f in model._meta.concrete_fields)


class _Writer:
    """Upsert validated records kind by kind, inside the caller's transaction."""

    def __init__(self, records, stdout):
        self.records = records
        self.stdout = stdout
        self.now = timezone.now()
        self.notes = []
        self.today = timezone.localdate()
        self.held = []  # (row, failed check, the figure held as text)
        self.pks = {}  # kind name -> {natural key: pk}, for resolving references
        self.kept = defaultdict(set)  # kind name -> pks of rows the file names
        self.named = defaultdict(set)  # kind name -> natural keys in the file
        self.created = defaultdict(set)
        self.updated = defaultdict(set)
        self.deleted = defaultdict(int)
        self.capability_models = set()

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def db_values(self, record):
        """Return {attname: value} for a record, with references turned into pks."""
        values = {}
        for field_ in record.kind.fields:
            if field_.many_to_many:
                continue
            if field_.many_to_one:
                if field_.name in record.refs:
                    key = record.refs[field_.name]
                    target = KIND_BY_MODEL[field_.related_model].name
                    values[field_.attname] = (
                        None if key is None else self.pks[target][key]
                    )
            elif field_.name in record.values:
                values[field_.attname] = record.values[field_.name]
        return values

    def upsert(self, kind, items, existing):
        """
        Create or update rows and return them. ``items`` is a list of
        (natural key, {attname: value}); ``existing`` maps natural keys to rows.
        Only fields whose value differs are written.
        """
        to_create, to_update, changed_fields, rows = [], [], set(), []
        for natural, values in items:
            self.named[kind.name].add(natural)
            obj = existing.get(natural)
            values, held = self.hold_failures(kind, obj, values)
            if obj is None:
                obj = kind.model(**values)
                to_create.append(obj)
                self.created[kind.name].add(natural)
            else:
                changed = [a for a, v in values.items() if getattr(obj, a) != v]
                if changed:
                    for attname in changed:
                        setattr(obj, attname, values[attname])
                    changed_fields.update(changed)
                    to_update.append(obj)
                    self.updated[kind.name].add(natural)
            rows.append(obj)
            self.held += [(obj, failure, new) for failure, new in held]
        history = hasattr(kind.model, "history")
        if to_update:
            fields = sorted(kind.model._meta.get_field(a).name for a in changed_fields)
            if _is_versioned(kind.model):
                for obj in to_update:
                    obj.version += 1
                fields.append("version")
            if "updated" in {f.name for f in kind.model._meta.concrete_fields}:
                # bulk_update() skips auto_now.
                for obj in to_update:
                    obj.updated = self.now
                fields.append("updated")
            if history:
                bulk_update_with_history(
                    to_update,
                    kind.model,
                    fields,
                    batch_size=BATCH_SIZE,
                    default_change_reason=LOAD_CHANGE_REASON,
                    default_date=self.now,
                )
            else:
                kind.model.objects.bulk_update(to_update, fields, batch_size=BATCH_SIZE)
        if to_create:
            if history:
                bulk_create_with_history(
                    to_create,
                    kind.model,
                    batch_size=BATCH_SIZE,
                    default_change_reason=LOAD_CHANGE_REASON,
                    default_date=self.now,
                )
            else:
                kind.model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        return rows

    def hold_failures(self, kind, obj, values):
        """
        Return ``values`` without the figures that fail a consistency check
        (catalog.checks): each keeps the row's value, or none on a new row,
        and waits for a Publisher once the row is written (``write_held()``).
        """
        model_name = kind.model._meta.model_name
        if model_name not in ("languagemodel", "route"):
            return values, []
        old = None if obj is None else {a: getattr(obj, a) for a in values}
        failures = check_values(model_name, values, old, today=self.today)
        if not failures:
            return values, []
        values, held = dict(values), []
        for failure in failures:
            field_ = kind.model._meta.get_field(failure.field)
            if failure.field not in values or not field_.null:
                continue
            new = values[failure.field]
            values[failure.field] = None if obj is None else getattr(obj, failure.field)
            held.append((failure, text_of(field_, new)))
        return values, held

    def write_held(self):
        """Record each held figure as a change of kind "check", once."""
        for row, failure, new in self.held:
            held = hold_figure(
                row,
                failure.field,
                new,
                reason=failure.message,
                source=LOAD_CHANGE_REASON,
            )
            if held is None:
                continue  # held by an earlier load already
            self.notes.append(f"Held for a Publisher: {row}: {failure.message}")

    def write_simple(self, kind):
        """
        Upsert a kind whose natural key is one field (slug or key).

        A record that refers to another of its kind (a model's
        ``variant_of``) is written once the row it names exists: the
        records are written in rounds, each of the records whose references
        are all known by then.
        """
        attribute = _key_attribute(kind)
        existing = {getattr(obj, attribute): obj for obj in kind.model.objects.all()}
        own_refs = [
            f.name
            for f in kind.fields
            if f.many_to_one and f.related_model is kind.model
        ]
        self.pks[kind.name] = {key: obj.pk for key, obj in existing.items()}
        pending, items = self.records.get(kind.name, []), []
        while pending:
            ready, later = [], []
            for record in pending:
                keys = (record.refs.get(name) for name in own_refs)
                known = all(key is None or key in self.pks[kind.name] for key in keys)
                (ready if known else later).append(record)
            if not ready:
                # Validation refuses such a file; say so rather than loop.
                raise CatalogFormatError(
                    [
                        f"{record.label}: refers to a record it depends on"
                        for record in later
                    ]
                )
            batch = [
                (record.natural_key()[0], self.db_values(record)) for record in ready
            ]
            self.upsert(kind, batch, existing)
            self.pks[kind.name] = dict(kind.model.objects.values_list(attribute, "pk"))
            items += batch
            pending = later
        self.kept[kind.name] = {self.pks[kind.name][natural] for natural, _ in items}
        self.log(f"{kind.name}: {len(items)} in the file")

    def write_links(self, field_):
        """Set a many-to-many field on every model whose record lists it."""
        model_pks = self.pks[MODELS.name]
        target = KIND_BY_MODEL[field_.related_model].name
        through = field_.remote_field.through
        own = field_.m2m_field_name() + "_id"
        other = field_.m2m_reverse_field_name() + "_id"
        wanted = {
            record.values["slug"]: {
                self.pks[target][key] for key in record.m2m[field_.name]
            }
            for record in self.records.get(MODELS.name, [])
            if field_.name in record.m2m
        }
        current = defaultdict(set)
        rows = through.objects.filter(
            **{f"{own}__in": [model_pks[slug] for slug in wanted]}
        ).values_list(own, other)
        for model_id, target_id in rows:
            current[model_id].add(target_id)
        to_add, relinked = [], []
        for slug, targets in wanted.items():
            model_id = model_pks[slug]
            if targets == current[model_id]:
                continue
            relinked.append(model_id)
            to_add += [
                through(**{own: model_id, other: target_id})
                for target_id in sorted(targets - current[model_id])
            ]
            if removed := current[model_id] - targets:
                through.objects.filter(
                    **{own: model_id, f"{other}__in": removed}
                ).delete()
            self.updated[MODELS.name].add(slug)
        through.objects.bulk_create(to_add, batch_size=BATCH_SIZE)
        LanguageModel.objects.filter(slug__in=self.updated[MODELS.name]).update(
            updated=self.now
        )
        LanguageModel.objects.filter(pk__in=relinked).update(version=F("version") + 1)

    def write_capabilities(self):
        model_pks = self.pks[MODELS.name]
        items = []
        for record in self.records.get(MODELS.name, []):
            if record.capabilities is None:
                continue
            model_id = model_pks[record.values["slug"]]
            self.capability_models.add(model_id)
            for capability in record.capabilities:
                values = self.db_values(capability)
                values["model_id"] = model_id
                items.append(((model_id, values["capability"]), values))
        existing = {
            (obj.model_id, obj.capability): obj
            for obj in ModelCapability.objects.filter(
                model_id__in=self.capability_models
            )
        }
        rows = self.upsert(CAPABILITIES, items, existing)
        self.kept[CAPABILITIES.name] = {obj.pk for obj in rows}

    def write_routes(self):
        existing = {
            (obj.provider_id, obj.identifier, obj.region): obj
            for obj in Route.objects.all()
        }
        items = []
        for record in self.records.get(ROUTES.name, []):
            values = self.db_values(record)
            natural = (values["provider_id"], values["identifier"], values["region"])
            items.append((natural, values))
        rows = self.upsert(ROUTES, items, existing)
        self.kept[ROUTES.name] = {obj.pk for obj in rows}
        self.log(f"routes: {len(items)} in the file")

    def write_reported(self):
        """
        Upsert the figures other sources report for the models and routes
        whose records list them, and delete the ones those records no
        longer list: a record's list is the whole of what it has.
        """
        route_pks = {
            (provider_id, identifier, region): pk
            for provider_id, identifier, region, pk in Route.objects.values_list(
                "provider_id", "identifier", "region", "pk"
            )
        }
        owners = {"model_id": set(), "route_id": set()}
        items = []
        for kind, attname in ((MODELS, "model_id"), (ROUTES, "route_id")):
            for record in self.records.get(kind.name, []):
                if record.reported is None:
                    continue
                if kind is MODELS:
                    owner = self.pks[MODELS.name][record.values["slug"]]
                else:
                    values = self.db_values(record)
                    owner = route_pks[
                        values["provider_id"], values["identifier"], values["region"]
                    ]
                owners[attname].add(owner)
                for figure in record.reported:
                    values = self.db_values(figure)
                    values[attname] = owner
                    natural = (attname, owner, values["field"], values["source_id"])
                    items.append((natural, values))
        current = ReportedFigure.objects.filter(
            Q(model_id__in=owners["model_id"]) | Q(route_id__in=owners["route_id"])
        )
        existing = {
            (
                "model_id" if obj.model_id else "route_id",
                obj.model_id or obj.route_id,
                obj.field,
                obj.source_id,
            ): obj
            for obj in current
        }
        kept = {obj.pk for obj in self.upsert(REPORTED_FIGURES, items, existing)}
        stale = [obj.pk for obj in existing.values() if obj.pk not in kept]
        if stale:
            ReportedFigure.objects.filter(pk__in=stale).delete()
            self.deleted[REPORTED_FIGURES.name] += len(stale)
        self.log(f"reported figures: {len(items)} in the file")

    def write_results(self):
        rows = list(BenchmarkResult.objects.all())
        existing = {obj.key: obj for obj in rows if obj.key}
        by_pk = {obj.pk: obj for obj in rows}
        items = []
        for record in self.records.get(RESULTS.name, []):
            values = self.db_values(record)
            if values["key"] not in existing:
                self.match_exported_key(values, by_pk, existing)
            items.append((values["key"], values))
        self.demote_primaries(items, existing, rows)
        saved = self.upsert(RESULTS, items, existing)
        self.kept[RESULTS.name] = {obj.pk for obj in saved}
        self.log(f"results: {len(items)} in the file")

    def match_exported_key(self, values, by_pk, existing):
        """Find the keyless row that export_catalog() named "<model>:<benchmark>:<pk>"."""
        match = EXPORTED_RESULT_KEY_RE.match(values["key"])
        obj = by_pk.get(int(match["pk"])) if match else None
        if (
            obj is not None
            and not obj.key
            and obj.model_id == values["model_id"]
            and obj.benchmark_id == values["benchmark_id"]
        ):
            existing[values["key"]] = obj

    def demote_primaries(self, items, existing, rows):
        """
        Clear is_primary wherever the file moves it, before anything sets it,
        so the one-primary-per-pair constraint holds after every statement.
        """
        in_file = {id(existing[key]): key for key, _ in items if key in existing}
        primary_of_pair = {}
        for key, values in items:
            obj = existing.get(key)
            if values.get("is_primary", obj.is_primary if obj else False):
                primary_of_pair[values["model_id"], values["benchmark_id"]] = key
        demote, outside = [], 0
        for obj in rows:
            if not obj.is_primary:
                continue
            owner = primary_of_pair.get((obj.model_id, obj.benchmark_id))
            if id(obj) in in_file:
                if owner != in_file[id(obj)]:
                    demote.append(obj)
                    self.updated[RESULTS.name].add(in_file[id(obj)])
            elif owner is not None:
                demote.append(obj)
                outside += 1
        if not demote:
            return
        for obj in demote:
            obj.is_primary = False
            obj.version += 1
        bulk_update_with_history(
            demote,
            BenchmarkResult,
            ["is_primary", "version"],
            batch_size=BATCH_SIZE,
            default_change_reason=LOAD_CHANGE_REASON,
            default_date=self.now,
        )
        if outside:
            self.notes.append(
                f"{outside} result(s) not in the file are no longer used on pages: "
                "the file makes another result primary for their model and benchmark."
            )

    def prune(self):
        """Delete the rows the file does not name, children before parents."""
        plan = [
            (RESULTS, BenchmarkResult.objects.all()),
            (
                CAPABILITIES,
                ModelCapability.objects.filter(model_id__in=self.capability_models),
            ),
            (ROUTES, Route.objects.all()),
            (MODELS, LanguageModel.objects.all()),
            (BENCHMARKS, Benchmark.objects.all()),
            (PROVIDERS, Provider.objects.all()),
            (ORGANIZATIONS, Organization.objects.all()),
            (DECISION_TAGS, DecisionTag.objects.all()),
            (SOURCES, Source.objects.all()),
        ]
        for kind, queryset in plan:
            # One delete() per row, so django-simple-history records each one.
            for obj in queryset.exclude(pk__in=self.kept[kind.name]):
                try:
                    obj.delete()
                except ProtectedError as error:
                    blocker = next(iter(error.protected_objects))
                    raise CatalogFormatError(
                        f"--prune cannot delete {kind.model._meta.verbose_name} "
                        f"{obj!s}: {blocker._meta.verbose_name} {blocker!s} still uses it"
                    ) from None
                self.deleted[kind.name] += 1

    def run(self, prune):
        for kind in (SOURCES, ORGANIZATIONS, DECISION_TAGS, PROVIDERS, MODELS):
            self.write_simple(kind)
        for field_ in MODELS.fields:
            if field_.many_to_many:
                self.write_links(field_)
        self.write_capabilities()
        self.write_routes()
        self.write_reported()
        self.write_simple(BENCHMARKS)
        self.write_results()
        if prune:
            self.prune()
        self.write_held()

    def report(self):
        report = LoadReport(notes=self.notes)
        for name in REPORT_ORDER:
            created = self.created[name]
            updated = self.updated[name] - created
            report.counts[name] = KindCounts(
                created=len(created),
                updated=len(updated),
                unchanged=len(self.named[name]) - len(created) - len(updated),
                deleted=self.deleted[name],
            )
        return report


def load_catalog(data, *, stdout=None, prune=False):
    """
    Validate a catalog document, then write it in one transaction and return
    a LoadReport.

    Nothing is written if any record is invalid: CatalogFormatError lists the
    problems, each naming its record. Rows are matched by natural key and
    only changed fields are written, so loading the same document twice
    changes nothing the second time. With ``prune``, rows the document does
    not name are deleted (a model's capabilities only if its record lists
    capabilities).
    """
    started = time.monotonic()
    records = _validate(data)
    writer = _Writer(records, stdout)
    try:
        with transaction.atomic():
            writer.run(prune)
            bump_generation()  # bulk writes send no signals
    except IntegrityError as error:
        # Validation should make this unreachable; say so rather than crash.
        raise CatalogFormatError(
            f"the database refused the catalog, so nothing was written: {error}"
        ) from error
    report = writer.report()
    report.seconds = time.monotonic() - started
    return report
