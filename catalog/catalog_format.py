"""
The project's own catalog format: one versioned JSON document that
``manage.py load_catalog`` reads and the API's export writes.

A document looks like this (``schema_version`` 1)::

    {
      "format": "llm-compare-catalog",
      "schema_version": 1,
      "generated_at": "2026-11-25T10:00:00+00:00",   # or null
      "data_date": "2026-08-21",                     # newest source date, or null
      "license": "...",                              # the data licence text
      "attribution": ["LLM Stats (llm-stats.com), CC BY 4.0", ...],
      "sources": [...], "organizations": [...], "decision_tags": [...],
      "providers": [...], "models": [...], "routes": [...],
      "benchmarks": [...], "results": [...]
    }

Each list holds one object per row, with one key per field of the catalog
model (``catalog/models.py``), under the field's name. The fields are read
from the models, so a field added there is part of the format at once.
Records refer to each other by natural key, never by database id:

============== ============================================ =====================
list           natural key                                  refers to
============== ============================================ =====================
sources        ``key``
organizations  ``slug``
decision_tags  ``slug``
providers      ``slug``                                     organization
models         ``slug``                                     organization,
                                                            lifecycle_source,
                                                            decision_tags [slugs],
                                                            sources [keys]
routes         (``provider``, ``identifier``, ``region``)   model, provider, source
benchmarks     ``slug``
results        ``key``                                      model, benchmark, source
============== ============================================ =====================

A model's capabilities are nested in it: ``"capabilities": [{"capability",
"value", "source", "note"}]``, one per capability. Decimals (prices, scores,
speeds) are strings such as ``"0.035"`` and are read with ``Decimal(str)``;
a JSON number is refused so that no float ever touches a price. Dates are
ISO (``"2024-05-13"``), and JSON lists hold the modalities.

Loading is an upsert by natural key. A key that a record leaves out keeps
its value in the database (or the model default for a new row), so a file
that omits ``last_reviewed`` does not wipe what an editor typed. Rows
absent from the file are kept unless ``prune=True``. Results with an empty
``key`` (added in the admin) are exported as ``"<model>:<benchmark>:<pk>"``,
and loading that key back into the same database finds the row and stores
the key.

Not part of the format: database ids, the ``created``/``updated`` timestamps
of a model (bookkeeping of one database), the editorial bookkeeping
(``version``, the edit counter of optimistic locking, and
``last_reviewed_by``, a user of one database) and the django-simple-history
tables. New and changed rows get a history record with the change reason
``LOAD_CHANGE_REASON``; links in the two many-to-many tables do not. A load
adds one to the ``version`` of every row it changes (links included), so an
editor who opened a row before the load cannot save over what it wrote.
"""

import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.formatting import plain_decimal
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    DecisionTag,
    LanguageModel,
    Modality,
    ModelCapability,
    Organization,
    Provider,
    PublicationStatus,
    Route,
    Source,
)
from sitecache.state import bump_generation

FORMAT_NAME = "llm-compare-catalog"
SCHEMA_VERSION = 1
SUPPORTED_SCHEMA_VERSIONS = frozenset({1})

# No real route costs this much per 1M tokens; a bigger figure is almost
# always a per-token price pasted as per-1M, or cents taken for dollars.
MAX_PRICE = Decimal(100_000)

# Kept in step with scripts/build_demo_catalog.py, which cannot import Django.
DATA_LICENSE = (
    "The catalog data is compiled from the datasets listed under 'sources', "
    "each under the licence named in its 'license' field (MIT or CC BY 4.0, "
    "https://creativecommons.org/licenses/by/4.0/). Wherever figures from a "
    "source with an 'attribution' line are shown, show that credit line too: "
    "CC BY 4.0 requires it. NOTICE.md gives the full credits."
)

LOAD_CHANGE_REASON = "Loaded from a catalog file"
BATCH_SIZE = 500
MAX_ERRORS = 50

# The models' check constraints (not validators) require these to be > 0.
POSITIVE_FIELDS = frozenset({"context_window", "max_output_tokens"})
INTEGER_RANGES = {
    models.PositiveIntegerField: (0, 2_147_483_647),
    models.PositiveBigIntegerField: (0, 9_223_372_036_854_775_807),
}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXPORTED_RESULT_KEY_RE = re.compile(
    r"^(?P<model>[-\w]+):(?P<benchmark>[-\w]+):(?P<pk>\d+)$"
)
MODALITIES = frozenset(Modality.values)


class FormatError(Exception):
    """
    A document that cannot be read; ``errors`` lists every problem found,
    each naming its record. The message lists the first 20.
    """

    # Where the problems are, after "N problems" in the message.
    where = ""

    def __init__(self, errors):
        if isinstance(errors, str):
            errors = [errors]
        self.errors = list(errors)
        super().__init__(self._message())

    def _message(self):
        if len(self.errors) == 1:
            return self.errors[0]
        shown = self.errors[:20]
        more = len(self.errors) - len(shown)
        lines = [f"{len(self.errors)} problems{self.where}:"]
        lines += [f"  - {error}" for error in shown]
        if more:
            lines.append(f"  ... and {more} more")
        return "\n".join(lines)


class CatalogFormatError(FormatError):
    """A catalog document that cannot be loaded."""

    where = " in the catalog file"


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


@dataclass(frozen=True)
class Kind:
    """One top-level list of the format and the catalog model it holds."""

    name: str
    model: type[models.Model]
    natural_key: tuple[str, ...]
    # Fields the file never carries: ids, timestamps, the parent of a nested record.
    skip: frozenset[str] = frozenset()

    @cached_property
    def fields(self):
        """Return the model fields the format carries, in declaration order."""
        return [
            f
            for f in self.model._meta.get_fields()
            if (f.concrete or f.many_to_many)
            and not f.auto_created
            and f.name not in self.skip
            and f.name not in EDITORIAL_FIELDS
        ]


# Bookkeeping of the editorial workflow in one database, never in a file.
EDITORIAL_FIELDS = frozenset({"version", "last_reviewed_by"})

SOURCES = Kind("sources", Source, ("key",))
ORGANIZATIONS = Kind("organizations", Organization, ("slug",))
DECISION_TAGS = Kind("decision_tags", DecisionTag, ("slug",))
PROVIDERS = Kind("providers", Provider, ("slug",))
MODELS = Kind("models", LanguageModel, ("slug",), frozenset({"created", "updated"}))
CAPABILITIES = Kind(
    "capabilities", ModelCapability, ("model", "capability"), frozenset({"model"})
)
ROUTES = Kind("routes", Route, ("provider", "identifier", "region"))
BENCHMARKS = Kind("benchmarks", Benchmark, ("slug",))
RESULTS = Kind("results", BenchmarkResult, ("key",))

# Write order: a kind comes after every kind it refers to.
KINDS = [
    SOURCES,
    ORGANIZATIONS,
    DECISION_TAGS,
    PROVIDERS,
    MODELS,
    ROUTES,
    BENCHMARKS,
    RESULTS,
]
KIND_BY_MODEL = {kind.model: kind for kind in KINDS}
KEY_ATTRIBUTE = {SOURCES.name: "key"}  # every other referenced kind uses "slug"


def _key_attribute(kind):
    return KEY_ATTRIBUTE.get(kind.name, "slug")


def _is_versioned(model):
    return any(f.name == "version" for f in model._meta.concrete_fields)


# Export ---------------------------------------------------------------------


def _export_value(field_, value):
    if value is None:
        return None
    if isinstance(field_, models.DecimalField):
        return plain_decimal(value)
    if isinstance(field_, models.DateField):
        return value.isoformat()
    return value


def _export_record(kind, obj, keys):
    """Return one row as a format record; ``keys`` maps (kind, pk) to natural keys."""
    record = {}
    for field_ in kind.fields:
        if field_.many_to_many:
            continue
        if field_.many_to_one:
            pk = getattr(obj, field_.attname)
            target = KIND_BY_MODEL[field_.related_model]
            record[field_.name] = None if pk is None else keys[target.name][pk]
        else:
            record[field_.name] = _export_value(field_, getattr(obj, field_.attname))
    return record


def export_catalog(*, published_only=True):
    """
    Return the catalog as a format document (a dict ready for ``json.dump``).

    With ``published_only`` (the default, for the public API), draft models
    and their routes, results and capabilities are left out; every source,
    organization, tag, provider and benchmark is included.
    """
    keys = {
        kind.name: dict(kind.model.objects.values_list("pk", _key_attribute(kind)))
        for kind in (SOURCES, ORGANIZATIONS, DECISION_TAGS, PROVIDERS, BENCHMARKS)
    }
    exported = LanguageModel.objects.all()
    if published_only:
        exported = exported.filter(status=PublicationStatus.PUBLISHED)
    language_models = list(exported.order_by("slug"))
    keys[MODELS.name] = {obj.pk: obj.slug for obj in language_models}
    model_ids = set(keys[MODELS.name])

    m2m = {}
    for field_ in MODELS.fields:
        if field_.many_to_many:
            target = KIND_BY_MODEL[field_.related_model]
            links = defaultdict(list)
            through = field_.remote_field.through
            own = field_.m2m_field_name() + "_id"
            other = field_.m2m_reverse_field_name() + "_id"
            for model_id, target_id in through.objects.values_list(own, other):
                if model_id in model_ids:
                    links[model_id].append(keys[target.name][target_id])
            m2m[field_.name] = links

    capabilities = defaultdict(list)
    for capability in ModelCapability.objects.filter(model__in=exported):
        record = _export_record(CAPABILITIES, capability, keys)
        capabilities[capability.model_id].append(record)

    exported_models = []
    for obj in language_models:
        record = _export_record(MODELS, obj, keys)
        for name, links in m2m.items():
            record[name] = sorted(links.get(obj.pk, []))
        record["capabilities"] = sorted(
            capabilities.get(obj.pk, []), key=lambda c: c["capability"]
        )
        exported_models.append(record)

    routes = [
        _export_record(ROUTES, route, keys)
        for route in Route.objects.filter(model__in=exported)
    ]
    routes.sort(key=lambda r: (r["provider"], r["identifier"], r["region"]))

    results = []
    for result in BenchmarkResult.objects.filter(model__in=exported):
        record = _export_record(RESULTS, result, keys)
        if not record["key"]:
            record["key"] = f"{record['model']}:{record['benchmark']}:{result.pk}"
        results.append(record)
    results.sort(key=lambda r: r["key"])

    def simple(kind):
        return sorted(
            (_export_record(kind, obj, keys) for obj in kind.model.objects.all()),
            key=lambda r: r[_key_attribute(kind)],
        )

    sources = simple(SOURCES)
    dates = [s["retrieved_on"] for s in sources if s["retrieved_on"]]
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "data_date": max(dates) if dates else None,
        "license": DATA_LICENSE,
        "attribution": sorted({s["attribution"] for s in sources if s["attribution"]}),
        "sources": sources,
        "organizations": simple(ORGANIZATIONS),
        "decision_tags": simple(DECISION_TAGS),
        "providers": simple(PROVIDERS),
        "models": exported_models,
        "routes": routes,
        "benchmarks": simple(BENCHMARKS),
        "results": results,
    }


# Validation -----------------------------------------------------------------


class _Invalid(Exception):
    pass


def _show(value):
    """Return a short JSON rendering of a bad value for an error message."""
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _clean_decimal(field_, value):
    name = field_.name
    if isinstance(value, float):
        raise _Invalid(
            f'{name} must be a decimal string such as "0.035", got the JSON number '
            f"{_show(value)}; write decimals as strings so no precision is lost"
        )
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise _Invalid(
            f'{name} must be a decimal string such as "0.035", got {_show(value)}'
        )
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _Invalid(
            f'{name} must be a decimal string such as "0.035", got {_show(value)}'
        ) from None
    if not number.is_finite():
        raise _Invalid(f"{name} must be a finite number, got {_show(value)}")
    if number < 0 and any(
        isinstance(v, MinValueValidator) and v.limit_value == 0
        for v in field_.validators
    ):
        raise _Invalid(f"{name} must not be negative, got {_show(value)}")
    if name.endswith("_price") and number > MAX_PRICE:
        raise _Invalid(
            f"{name} of {number} $ per 1M tokens is above the {MAX_PRICE} limit; "
            "is it a per-token price, or in cents?"
        )
    try:
        field_.run_validators(number)
    except ValidationError as error:
        raise _Invalid(
            f"{name}: {' '.join(error.messages)} Got {_show(value)}."
        ) from None
    return number


def _clean_scalar(field_, value):
    """Return the Python value of one field, or raise _Invalid with a message."""
    name = field_.name
    if value is None:
        if field_.null:
            return None
        if isinstance(field_, models.CharField | models.TextField):
            raise _Invalid(f'{name} must be a string (use "" for none), got null')
        raise _Invalid(f"{name} must not be null")

    if isinstance(field_, models.BooleanField):
        if not isinstance(value, bool):
            raise _Invalid(f"{name} must be true or false, got {_show(value)}")
        return value
    if isinstance(field_, models.DecimalField):
        return _clean_decimal(field_, value)
    if isinstance(field_, models.IntegerField):
        low, high = INTEGER_RANGES.get(type(field_), (-(2**63), 2**63 - 1))
        if name in POSITIVE_FIELDS:
            low, what = 1, "a positive integer"
        else:
            what = "a non-negative integer" if low == 0 else "an integer"
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not low <= value <= high
        ):
            raise _Invalid(f"{name} must be {what}, got {_show(value)}")
        return value
    if isinstance(field_, models.DateField):
        if not isinstance(value, str) or not DATE_RE.match(value):
            raise _Invalid(
                f'{name} must be an ISO date such as "2024-05-13", got {_show(value)}'
            )
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _Invalid(f"{name} is not a real date, got {_show(value)}") from None
    if isinstance(field_, models.JSONField):
        if name.endswith("_modalities") and (
            not isinstance(value, list)
            or not all(isinstance(m, str) and m in MODALITIES for m in value)
            or len(set(value)) != len(value)
        ):
            raise _Invalid(
                f"{name} must be a list of distinct modalities from "
                f"{', '.join(sorted(MODALITIES))}, got {_show(value)}"
            )
        return value
    if isinstance(field_, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise _Invalid(f"{name} must be a string, got {_show(value)}")
        if field_.choices and value not in {c for c, _ in field_.flatchoices}:
            choices = ", ".join(f'"{c}"' for c, _ in field_.flatchoices)
            raise _Invalid(f"{name} must be one of {choices}, got {_show(value)}")
        if not value and not field_.blank:
            raise _Invalid(f"{name} must not be empty")
        if value:
            try:
                field_.run_validators(value)
            except ValidationError as error:
                raise _Invalid(
                    f"{name} {' '.join(error.messages).rstrip('.')}, got {_show(value)}"
                ) from None
        return value
    raise _Invalid(f"{name} has a type the format does not know")  # pragma: no cover


def _is_required(field_):
    if field_.many_to_many:
        return False
    return not field_.null and not field_.blank and not field_.has_default()


@dataclass
class _Record:
    """One validated record: plain values, references still as natural keys."""

    kind: Kind
    label: str
    values: dict
    refs: dict  # field name -> natural key or None
    m2m: dict  # field name -> list of natural keys
    capabilities: list | None = None  # models only

    def natural_key(self):
        return tuple(
            self.refs.get(name, self.values.get(name)) for name in self.kind.natural_key
        )


def _label(kind, index, raw):
    if not isinstance(raw, dict):
        return f"{kind.name}[{index}]"
    parts = [f"{name} {_show(raw[name])}" for name in kind.natural_key if name in raw]
    return (
        f"{kind.name}[{index}] ({', '.join(parts)})"
        if parts
        else f"{kind.name}[{index}]"
    )


def _validate_record(kind, raw, label, errors):
    if not isinstance(raw, dict):
        errors.append(f"{label}: must be an object, got {_show(raw)}")
        return None
    known = {f.name for f in kind.fields}
    if kind is MODELS:
        known.add("capabilities")
    unknown = sorted(set(raw) - known)
    if unknown:
        errors.append(
            f"{label}: unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}"
        )
    record = _Record(kind, label, {}, {}, {})
    ok = True
    for field_ in kind.fields:
        name = field_.name
        if name not in raw:
            # A route's region may be left out (it defaults to ""); every
            # other part of a natural key must be given.
            if _is_required(field_) or name in kind.natural_key and name != "region":
                errors.append(f"{label}: {name} is required")
                ok = False
            continue
        value = raw[name]
        try:
            if field_.many_to_many:
                if not isinstance(value, list) or not all(
                    isinstance(v, str) and v for v in value
                ):
                    raise _Invalid(
                        f"{name} must be a list of {_key_attribute(KIND_BY_MODEL[field_.related_model])}s, got {_show(value)}"
                    )
                record.m2m[name] = sorted(set(value))
            elif field_.many_to_one:
                if value is None and field_.null:
                    record.refs[name] = None
                elif not isinstance(value, str) or not value:
                    raise _Invalid(
                        f"{name} must be a {_key_attribute(KIND_BY_MODEL[field_.related_model])} string, got {_show(value)}"
                    )
                else:
                    record.refs[name] = value
            else:
                record.values[name] = _clean_scalar(field_, value)
        except _Invalid as error:
            errors.append(f"{label}: {error}")
            ok = False
    if kind is RESULTS and "key" in record.values and not record.values["key"]:
        errors.append(f"{label}: key must not be empty")
        ok = False
    if kind is MODELS and "capabilities" in raw:
        record.capabilities = _validate_capabilities(raw["capabilities"], label, errors)
        ok = ok and record.capabilities is not None
    return record if ok else None


def _validate_capabilities(raw_list, label, errors):
    if not isinstance(raw_list, list):
        errors.append(f"{label}: capabilities must be a list, got {_show(raw_list)}")
        return None
    capabilities, seen = [], set()
    for index, raw in enumerate(raw_list):
        sub_label = f"{label} capabilities[{index}]"
        record = _validate_record(CAPABILITIES, raw, sub_label, errors)
        if record is None:
            return None
        capability = record.values["capability"]
        if capability in seen:
            errors.append(
                f"{sub_label}: capability {_show(capability)} is listed twice"
            )
            return None
        seen.add(capability)
        capabilities.append(record)
    return capabilities


def _validate_top(data, errors):
    if not isinstance(data, dict):
        raise CatalogFormatError(
            f"the catalog must be a JSON object, got {_show(data)[:40]}"
        )
    if data.get("format") != FORMAT_NAME:
        errors.append(
            f'format must be "{FORMAT_NAME}", got {_show(data.get("format"))}'
        )
    version = data.get("schema_version")
    if type(version) is not int or version not in SUPPORTED_SCHEMA_VERSIONS:
        supported = ", ".join(str(v) for v in sorted(SUPPORTED_SCHEMA_VERSIONS))
        errors.append(
            f"schema_version {_show(version)} is not supported (this version reads {supported})"
        )
    if errors:
        raise CatalogFormatError(errors)
    known = {
        "format",
        "schema_version",
        "generated_at",
        "data_date",
        "license",
        "attribution",
    }
    known |= {kind.name for kind in KINDS}
    unknown = sorted(set(data) - known)
    if unknown:
        errors.append(
            f"unknown top-level key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}"
        )
    generated_at = data.get("generated_at")
    if generated_at is not None:
        try:
            datetime.fromisoformat(generated_at)
        except (TypeError, ValueError):
            errors.append(
                f"generated_at must be an ISO date-time or null, got {_show(generated_at)}"
            )
    data_date = data.get("data_date")
    if data_date is not None and (
        not isinstance(data_date, str) or not DATE_RE.match(data_date)
    ):
        errors.append(f"data_date must be an ISO date or null, got {_show(data_date)}")
    if not isinstance(data.get("license", ""), str):
        errors.append("license must be a string")
    attribution = data.get("attribution", [])
    if not isinstance(attribution, list) or not all(
        isinstance(a, str) for a in attribution
    ):
        errors.append("attribution must be a list of strings")
    for kind in KINDS:
        if not isinstance(data.get(kind.name, []), list):
            errors.append(
                f"{kind.name} must be a list, got {_show(data[kind.name])[:40]}"
            )


def _validate(data):
    """Return {kind name: [_Record]} for a whole document, or raise CatalogFormatError."""
    errors = []
    _validate_top(data, errors)
    records = {}
    for kind in KINDS:
        raw_list = data.get(kind.name, [])
        if not isinstance(raw_list, list):
            continue
        valid, seen_keys = [], {}
        for index, raw in enumerate(raw_list):
            label = _label(kind, index, raw)
            record = _validate_record(kind, raw, label, errors)
            if record is None:
                continue
            if kind is ROUTES:
                record.values.setdefault("region", "")
            key = record.natural_key()
            if key in seen_keys:
                errors.append(f"{label}: duplicate of {seen_keys[key]}")
                continue
            seen_keys[key] = label
            valid.append(record)
        records[kind.name] = valid
        if len(errors) >= MAX_ERRORS:
            raise CatalogFormatError(errors)
    _check_unique_names(records, errors)
    _check_primary_results(records, errors)
    _check_references(records, _named_in_file(data), errors)
    _check_names_in_database(records, errors)
    if errors:
        raise CatalogFormatError(errors)
    return records


def _check_unique_names(records, errors):
    for kind in KINDS:
        if not any(f.name == "name" and f.unique for f in kind.fields):
            continue
        seen = {}
        for record in records.get(kind.name, []):
            name = record.values.get("name")
            if name is None:
                continue
            if name in seen:
                errors.append(
                    f"{record.label}: name {_show(name)} is also used by {seen[name]}"
                )
            seen[name] = record.label


def _check_primary_results(records, errors):
    primaries = {}
    for record in records.get(RESULTS.name, []):
        if record.values.get("is_primary"):
            pair = (record.refs.get("model"), record.refs.get("benchmark"))
            if pair in primaries:
                errors.append(
                    f"{record.label}: is_primary is true, but {primaries[pair]} is already "
                    "the primary result for this model and benchmark"
                )
            primaries[pair] = record.label


def _named_in_file(data):
    """
    Return {kind name: natural keys} of every record in the file, valid or
    not, so that a reference to an invalid record is not reported as missing.
    """
    named = {}
    for kind in KINDS:
        if len(kind.natural_key) == 1:
            raw_list = data.get(kind.name, [])
            named[kind.name] = {
                raw.get(kind.natural_key[0])
                for raw in (raw_list if isinstance(raw_list, list) else [])
                if isinstance(raw, dict)
                and isinstance(raw.get(kind.natural_key[0]), str)
            }
    return named


def _check_references(records, in_file, errors):
    """Check every reference points at a record in the file or a row in the database."""
    wanted = defaultdict(list)  # target kind name -> [(label, field, key)]

    def collect(record):
        for field_ in record.kind.fields:
            if field_.many_to_one and record.refs.get(field_.name) is not None:
                target = KIND_BY_MODEL[field_.related_model].name
                wanted[target].append(
                    (record.label, field_.name, record.refs[field_.name])
                )
            elif field_.many_to_many and field_.name in record.m2m:
                target = KIND_BY_MODEL[field_.related_model].name
                for key in record.m2m[field_.name]:
                    wanted[target].append((record.label, field_.name, key))

    for kind in KINDS:
        for record in records.get(kind.name, []):
            collect(record)
            for capability in record.capabilities or []:
                collect(capability)
    for target, refs in wanted.items():
        kind = next(k for k in KINDS if k.name == target)
        missing = {key for _, _, key in refs} - in_file[target]
        if missing:
            attribute = _key_attribute(kind)
            found = set(
                kind.model.objects.filter(**{f"{attribute}__in": missing}).values_list(
                    attribute, flat=True
                )
            )
            missing -= found
        for label, name, key in refs:
            if key in missing:
                singular = kind.model._meta.verbose_name
                errors.append(
                    f"{label}: {name} refers to {singular} {_show(key)}, which is neither "
                    f"in this file's {target} nor in the database"
                )
                if len(errors) >= MAX_ERRORS:
                    return


def _check_names_in_database(records, errors):
    """Refuse a name that another row (with another natural key) already has."""
    for kind in KINDS:
        if not any(f.name == "name" and f.unique for f in kind.fields):
            continue
        attribute = _key_attribute(kind)
        by_name = {
            r.values["name"]: r
            for r in records.get(kind.name, [])
            if "name" in r.values
        }
        if not by_name:
            continue
        rows = kind.model.objects.filter(name__in=list(by_name)).values_list(
            "name", attribute
        )
        for name, key in rows:
            record = by_name[name]
            if record.natural_key()[0] != key:
                errors.append(
                    f"{record.label}: name {_show(name)} is already used by "
                    f"{kind.model._meta.verbose_name} {_show(key)} in the database"
                )


# Writing --------------------------------------------------------------------


class _Writer:
    """Upsert validated records kind by kind, inside the caller's transaction."""

    def __init__(self, records, stdout):
        self.records = records
        self.stdout = stdout
        self.now = timezone.now()
        self.notes = []
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

    def write_simple(self, kind):
        """Upsert a kind whose natural key is one field (slug or key)."""
        attribute = _key_attribute(kind)
        existing = {getattr(obj, attribute): obj for obj in kind.model.objects.all()}
        items = [
            (record.natural_key()[0], self.db_values(record))
            for record in self.records.get(kind.name, [])
        ]
        self.upsert(kind, items, existing)
        self.pks[kind.name] = dict(kind.model.objects.values_list(attribute, "pk"))
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
        self.write_simple(BENCHMARKS)
        self.write_results()
        if prune:
            self.prune()

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


REPORT_ORDER = [
    SOURCES.name,
    ORGANIZATIONS.name,
    DECISION_TAGS.name,
    PROVIDERS.name,
    MODELS.name,
    CAPABILITIES.name,
    ROUTES.name,
    BENCHMARKS.name,
    RESULTS.name,
]


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
