"""
Validation: every check a document passes before anything is written. Each
JSON value is cleaned into its field's Python value (``_clean_scalar``, which
the importer reuses), each record into a ``_Record`` whose references are
still natural keys, and the whole document is checked for duplicates, two
primary results for one pair, references to nothing, and names taken in the
database. ``_validate`` returns the records or raises CatalogFormatError
listing every problem.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from catalog.documents import brief
from catalog.models import Modality

from .kinds import (
    CAPABILITIES,
    FORMAT_NAME,
    KIND_BY_MODEL,
    KINDS,
    MODELS,
    PRICE_HISTORY,
    REPORTED_FIGURES,
    REPORTING_KINDS,
    RESULTS,
    ROUTES,
    SUPPORTED_SCHEMA_VERSIONS,
    CatalogFormatError,
    Kind,
    _key_attribute,
)

# No real route costs this much per 1M tokens; a bigger figure is almost
# always a per-token price pasted as per-1M, or cents taken for dollars.
MAX_PRICE = Decimal(100_000)

# Stop collecting after this many problems: the first ones say enough.
MAX_ERRORS = 50

# The models' check constraints (not validators) require these to be > 0.
POSITIVE_FIELDS = frozenset({"context_window", "max_output_tokens"})
INTEGER_RANGES = {
    models.PositiveIntegerField: (0, 2_147_483_647),
    models.PositiveBigIntegerField: (0, 9_223_372_036_854_775_807),
}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MODALITIES = frozenset(Modality.values)


class _Invalid(Exception):
    pass


def _show(value):
    """Return a short JSON rendering of a bad value for an error message."""
    if isinstance(value, dict | list):
        return brief(value)  # the JSON of a whole list could be huge
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
    reported: list | None = None  # models and routes: other sources' figures

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
    # The API's export stamps each record with when it last changed; the
    # database keeps that in its history, so loading ignores it.
    known = {f.name for f in kind.fields} | {"updated_at"}
    if kind is MODELS:
        known.add("capabilities")
    if kind.name in REPORTING_KINDS:
        known.add(REPORTED_FIGURES.name)
    if kind is ROUTES:
        known.add(PRICE_HISTORY)
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
    if kind.name in REPORTING_KINDS and REPORTED_FIGURES.name in raw:
        record.reported = _validate_reported(raw[REPORTED_FIGURES.name], label, errors)
        ok = ok and record.reported is not None
    return record if ok else None


def _validate_reported(raw_list, label, errors):
    """Return the reported figures nested in a model or route, or None."""
    name = REPORTED_FIGURES.name
    if not isinstance(raw_list, list):
        errors.append(f"{label}: {name} must be a list, got {_show(raw_list)}")
        return None
    figures, seen = [], set()
    for index, raw in enumerate(raw_list):
        sub_label = f"{label} {name}[{index}]"
        record = _validate_record(REPORTED_FIGURES, raw, sub_label, errors)
        if record is None:
            return None
        key = record.natural_key()
        if key in seen:
            errors.append(
                f"{sub_label}: {_show(key[0])} from {_show(key[1])} is listed twice"
            )
            return None
        seen.add(key)
        figures.append(record)
    return figures


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
    _check_variants(records, errors)
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


def _check_variants(records, errors):
    """
    Refuse a model that is a variant of itself, or of a model the file makes
    a variant too: a variant's results are shown on its model's pages, one
    level deep.
    """
    parent_of = {
        record.values.get("slug"): record.refs.get("variant_of")
        for record in records.get(MODELS.name, [])
    }
    for record in records.get(MODELS.name, []):
        slug, parent = record.values.get("slug"), record.refs.get("variant_of")
        if parent is None:
            continue
        if parent == slug:
            errors.append(f"{record.label}: variant_of names the model itself")
        elif (grandparent := parent_of.get(parent)) is not None:
            errors.append(
                f"{record.label}: variant_of names {_show(parent)}, which is itself "
                f"a variant of {_show(grandparent)}; name {_show(grandparent)} instead"
            )


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
            for nested in (record.capabilities or []) + (record.reported or []):
                collect(nested)
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
