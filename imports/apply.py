"""
Write an ImportDiff to the catalog. Call it inside ``transaction.atomic()``
(``imports.services.run_import`` does): every row of one import is written,
or none.

Rows are written in bulk with django-simple-history's helpers, so each new
or changed row gets one history record whose change reason is
``"import: <format> <file>"`` (and whose user is the editor who confirmed
it in the admin). Bookkeeping is written without history: a route's
``last_verified`` date, the import's Source date, and the ExternalId and
ImportRun rows. A locked value the import disagrees with, or one an editor
changed since the import last wrote the row, is held as a change awaiting a
Publisher (``changes.PendingChange``).
"""

from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.models import LanguageModel, ModelCapability, Route, Source
from changes.models import PendingChange
from changes.services import hold_figure, propose, text_of, value_of
from imports.diff import CAPABILITY_PREFIX, Change, ImportDiff, New
from imports.models import ExternalId, ImportRun
from imports.records import SOURCE_KEYS
from imports.state import KIND_MODELS, content_types
from imports.wording import value_words
from sitecache.state import bump_generation

BATCH_SIZE = 500
HISTORY_REASON_LENGTH = 100  # simple_history's history_change_reason max_length
FOREIGN_KEYS = {
    "organization": "organization_id",
    "provider": "provider_id",
    "model": "model_id",
}
SOURCE_REFERENCES = {"lifecycle_source": "lifecycle_source_id", "source": "source_id"}
# How many items of each list an ImportRun keeps in its summary.
SUMMARY_LIMIT = 500


def _has_field(model, name):
    return any(f.name == name for f in model._meta.concrete_fields)


def _bump(model):
    """Return the update() kwargs that count a save of a versioned row."""
    return {"version": F("version") + 1} if _has_field(model, "version") else {}


def change_reason(diff: ImportDiff) -> str:
    """Return the history change reason of an import: "import: <format> <file>"."""
    return f"import: {diff.source} {diff.file_name}"[:HISTORY_REASON_LENGTH]


def protected_because(conflict) -> str:
    """Return why the import did not write a value: locked, or an editor's."""
    if conflict.edited_on:
        return f"An editor changed this on {conflict.edited_on:%Y-%m-%d}"
    return "The field is locked"


def apply_diff(diff: ImportDiff, *, user=None, run=None, track=None) -> ImportRun:
    """
    Write ``diff`` and return the ImportRun that records it (``run``, a
    previewed run, is updated; otherwise one is created).
    """
    return _Applier(diff, user, track).apply(run)


class _Applier:
    def __init__(self, diff, user, track):
        self.diff = diff
        self.user = user
        self.track = track or (lambda iterable, total, description: iterable)
        self.reason = change_reason(diff)
        self.now = timezone.now()
        self.pks: dict[New, int] = {}
        self.source_pks: dict[str, int] = {}

    def apply(self, run):
        self.source_pks = dict(Source.objects.values_list("key", "pk"))
        steps = ["source", "organization", "provider", "model", "route"]
        for kind in self.track(steps, len(steps), "writing"):
            created = [c for c in self.diff.created if c.kind == kind]
            changed = [c for c in self.diff.changed if c.kind == kind]
            self.create(kind, created)
            self.update(kind, changed)
            if kind == "source":
                self.source_pks = dict(Source.objects.values_list("key", "pk"))
                if self.diff.touch_source:
                    Source.objects.filter(key=self.diff.touch_source).update(
                        retrieved_on=self.diff.today, **_bump(Source)
                    )
            if kind == "model":
                self.write_capabilities()
                self.add_sources()
        if self.diff.reverify:
            Route.objects.filter(pk__in=self.diff.reverify).update(
                last_verified=self.diff.today, **_bump(Route)
            )
        self.write_links()
        run = self.write_run(run)
        self.write_held_changes(run)
        bump_generation()  # bulk writes send no signals
        return run

    def pk(self, target):
        return self.pks[target] if isinstance(target, New) else target

    def db_values(self, kind, writes):
        """Return {attname: value} for a Change's writes, references as pks."""
        values = {}
        for name, value in writes.items():
            if name.startswith(CAPABILITY_PREFIX):
                continue
            if name in SOURCE_REFERENCES:
                values[SOURCE_REFERENCES[name]] = (
                    None if value is None else self.source_pks[value]
                )
            elif name in FOREIGN_KEYS and kind != "source":
                values[FOREIGN_KEYS[name]] = None if value is None else self.pk(value)
            else:
                values[name] = value
        return values

    def create(self, kind, changes: list[Change]):
        if not changes:
            return
        model = KIND_MODELS[kind]
        objects = []
        for change in changes:
            obj = model(**self.db_values(kind, change.writes))
            obj._change_reason = self.reason
            objects.append(obj)
        saved = bulk_create_with_history(
            objects,
            model,
            batch_size=BATCH_SIZE,
            default_user=self.user,
            default_change_reason=self.reason,
            default_date=self.now,
        )
        for change, obj in zip(changes, saved, strict=True):
            self.pks[change.target] = obj.pk

    def update(self, kind, changes: list[Change]):
        changes = [c for c in changes if self.db_values(kind, c.writes)]
        if not changes:
            return
        model = KIND_MODELS[kind]
        rows = model.objects.in_bulk([c.target for c in changes])
        fields = set()
        objects = []
        for change in changes:
            obj = rows[change.target]
            for attname, value in self.db_values(kind, change.writes).items():
                setattr(obj, attname, value)
                fields.add(model._meta.get_field(attname).name)
            obj._change_reason = self.reason
            objects.append(obj)
        if _has_field(model, "version"):
            # Optimistic locking (catalog.models.VersionedModel): an editor
            # who opened the row before the import cannot save over it.
            for obj in objects:
                obj.version += 1
            fields.add("version")
        if _has_field(model, "updated"):
            # bulk_update() skips auto_now.
            for obj in objects:
                obj.updated = self.now
            fields.add("updated")
        bulk_update_with_history(
            objects,
            model,
            sorted(fields),
            batch_size=BATCH_SIZE,
            default_user=self.user,
            default_change_reason=self.reason,
            default_date=self.now,
        )

    def write_capabilities(self):
        wanted = {}
        for change in [*self.diff.created, *self.diff.changed]:
            if change.kind == "model":
                model_id = self.pk(change.target)
                for capability, value in change.capabilities.items():
                    wanted[model_id, capability] = value
        if not wanted:
            return
        existing = {
            (row.model_id, row.capability): row
            for row in ModelCapability.objects.filter(
                model_id__in={model_id for model_id, _ in wanted}
            )
        }
        to_create, to_update = [], []
        for (model_id, capability), incoming in wanted.items():
            source_id = (
                self.source_pks.get(incoming.source) if incoming.source else None
            )
            row = existing.get((model_id, capability))
            if row is None:
                row = ModelCapability(
                    model_id=model_id,
                    capability=capability,
                    value=incoming.value,
                    source_id=source_id,
                    note=incoming.note,
                )
                to_create.append(row)
            else:
                row.value = incoming.value
                row.source_id = source_id
                row.note = incoming.note
                to_update.append(row)
            row._change_reason = self.reason
        options = {
            "batch_size": BATCH_SIZE,
            "default_user": self.user,
            "default_change_reason": self.reason,
            "default_date": self.now,
        }
        if to_create:
            bulk_create_with_history(to_create, ModelCapability, **options)
        if to_update:
            bulk_update_with_history(
                to_update, ModelCapability, ["value", "source", "note"], **options
            )

    def add_sources(self):
        through = LanguageModel.sources.through
        links = {
            (self.pk(change.target), self.source_pks[key])
            for change in [*self.diff.created, *self.diff.changed]
            if change.kind == "model"
            for key in change.add_sources
            if key in self.source_pks
        }
        through.objects.bulk_create(
            [through(languagemodel_id=m, source_id=s) for m, s in sorted(links)],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )

    def write_links(self):
        if not self.diff.links:
            return
        types = content_types()
        source = SOURCE_KEYS[self.diff.source]
        wanted = {
            (types[link.kind].pk, link.external_id): self.pk(link.target)
            for link in self.diff.links
        }
        existing = {
            (row.content_type_id, row.external_id): row
            for row in ExternalId.objects.filter(
                source=source, external_id__in={e for _, e in wanted}
            )
        }
        to_create, to_update = [], []
        for (ct_id, external_id), object_id in wanted.items():
            row = existing.get((ct_id, external_id))
            if row is None:
                to_create.append(
                    ExternalId(
                        source=source,
                        external_id=external_id,
                        content_type_id=ct_id,
                        object_id=object_id,
                    )
                )
            elif row.object_id != object_id:
                row.object_id = object_id
                to_update.append(row)
        ExternalId.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        ExternalId.objects.bulk_update(to_update, ["object_id"], batch_size=BATCH_SIZE)

    def write_run(self, run):
        if run is None:
            run = ImportRun(
                format=self.diff.source,
                file_name=self.diff.file_name[:255],
                created_by=self.user,
            )
        run.status = ImportRun.Status.APPLIED
        run.import_date = self.diff.today
        run.applied_at = self.now
        run.counts = self.diff.counts()
        run.summary = self.diff.as_dict(limit=SUMMARY_LIMIT)
        run.fingerprint = self.diff.fingerprint()
        run.payload = b""
        run.error = ""
        run.save()
        return run

    def write_held_changes(self, run):
        """
        Hold each locked value the import disagrees with as a change awaiting
        a Publisher (changes.PendingChange); one per row and field, the
        newest import's replacing an older one's.
        """
        source = f"{run.get_format_display()} import {run.file_name}, run #{run.pk}"
        for held in self.diff.held:
            model = KIND_MODELS[held.kind]
            obj = model._base_manager.get(pk=self.pk(held.target))
            field = model._meta.get_field(held.field)
            new = text_of(field, held.incoming_value)
            hold_figure(obj, held.field, new, reason=held.message, source=source)
        for conflict in self.diff.conflicts:
            obj, changes = self.held_values(conflict)
            if obj.pk is not None:
                (field,) = changes
                PendingChange.objects.pending().about(obj).filter(
                    kind=PendingChange.Kind.IMPORT,
                    **{f"changes__{field}__isnull": False},
                ).delete()
            propose(
                obj,
                changes,
                kind=PendingChange.Kind.IMPORT,
                reason=(
                    f"{protected_because(conflict)}; the import says "
                    f"{value_words(conflict.field, conflict.incoming)} where the "
                    f"catalog has {value_words(conflict.field, conflict.current)}."
                ),
                source=source,
            )

    def held_values(self, conflict):
        """Return the row of a locked disagreement and the change to it, as text."""
        if conflict.field.startswith(CAPABILITY_PREFIX):
            capability = conflict.field.removeprefix(CAPABILITY_PREFIX)
            obj = ModelCapability.objects.filter(
                model_id=conflict.target, capability=capability
            ).first()
            if obj is None:  # a capability the catalog has no row for: unknown
                new = ModelCapability(model_id=conflict.target, capability=capability)
                return new, {
                    "model": {"old": None, "new": str(conflict.target)},
                    "capability": {"old": None, "new": capability},
                    "value": {"old": None, "new": conflict.incoming_value},
                }
            return obj, {"value": {"old": obj.value, "new": conflict.incoming_value}}
        model = KIND_MODELS[conflict.kind]
        obj = model._base_manager.get(pk=conflict.target)
        field = model._meta.get_field(conflict.field)
        incoming = conflict.incoming_value
        if isinstance(incoming, New):
            incoming = self.pk(incoming)
        elif field.is_relation and field.related_model is Source and incoming:
            incoming = self.source_pks.get(incoming, incoming)
        old = value_of(obj, conflict.field)
        return obj, {conflict.field: {"old": old, "new": text_of(field, incoming)}}
