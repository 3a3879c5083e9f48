"""
Check every value of a Batch against the catalog field it is written to,
with the very checks the catalog format applies (``catalog_format``): a
negative price, a price above ``MAX_PRICE`` (100,000 $ per 1M tokens), an
unknown choice, a bad URL or an over-long name is refused, naming the file
and the record, before anything is compared or written.
"""

from datetime import date

from catalog import catalog_format
from imports.parsers.base import MAX_ERRORS, ImportFormatError
from imports.state import KIND_MODELS

# References are checked by the diff (they resolve or the record is skipped).
NOT_SCALAR = frozenset(
    {"lifecycle_source", "source", "organization", "model", "provider"}
)


def validate_batch(batch) -> None:
    """Raise ImportFormatError listing every invalid value of ``batch``."""
    errors = []
    sources = [batch.import_source] if batch.import_source else []
    for record in [*sources, *batch.sources]:
        _check("source", record.values, f"{batch.file_name}: {record.label}", errors)
    for record in batch.records():
        where = f"{record.origin or batch.file_name}: {record.label}"
        values = {**record.create_values, **record.values}
        if record.kind in ("organization", "provider"):
            values["slug"] = record.slug
        if record.kind == "route":
            values["identifier"] = record.identifier
            values["region"] = record.region
            values.update(
                (k, v) for k, v in record.provenance.items() if k not in NOT_SCALAR
            )
        _check(record.kind, values, where, errors)
        for capability in getattr(record, "capabilities", {}).values():
            if capability.value not in ("yes", "no", "unknown"):
                errors.append(
                    f"{where}: capability value {capability.value!r} is not yes, no or unknown"
                )
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ImportFormatError(errors)


def _check(kind, values, where, errors):
    model = KIND_MODELS[kind]
    for name, value in values.items():
        if name in NOT_SCALAR:
            continue
        field = model._meta.get_field(name)
        if isinstance(value, date):
            value = value.isoformat()
        try:
            catalog_format._clean_scalar(field, value)
        except catalog_format._Invalid as error:
            errors.append(f"{where}: {error}")
