"""
Parse the project's own catalog format (``catalog/catalog_format/``, the
file ``manage.py load_catalog`` reads and the API exports).

The document is validated by ``catalog_format`` itself, so the two never
disagree about what a valid file is; that validation also checks
references against the database, which makes this the one parser that
needs Django. Records are matched by their natural keys (slug, key, or
provider + identifier + region), which are their external ids here.

The import covers sources, organizations, providers, models with their
capabilities, and routes. Publication status and review dates are the
editors', so a new model is a draft whatever the file says; decision tags,
benchmarks and results are ``load_catalog``'s job and are listed as
skipped.
"""

from datetime import date

from catalog import catalog_format
from imports.records import (
    MODEL_FIELDS,
    ORGANIZATION_FIELDS,
    PROVIDER_FIELDS,
    ROUTE_FIELDS,
    SOURCE_FIELDS,
    Batch,
    CapabilityValue,
    ModelRecord,
    OrganizationRecord,
    ProviderRecord,
    Ref,
    RouteRecord,
    Skip,
    SourceRecord,
)

from .base import (
    ImportFormatError,
    Track,
    Upload,
    load_json,
    no_progress,
    wrong_format,
)

FORMAT = "catalog"
NOT_IMPORTED = ("decision_tags", "benchmarks", "results")
IGNORED_FIELDS = ("status", "last_reviewed", "decision_tags")


def parse(upload: Upload, *, today: date, track: Track = no_progress) -> Batch:
    """Return the normalised records of a catalog document."""
    data = load_json(upload.name, upload.content)
    if not isinstance(data, dict) or data.get("format") != catalog_format.FORMAT_NAME:
        raise wrong_format(
            upload.name,
            data,
            "catalog",
            f'a JSON object with "format": "{catalog_format.FORMAT_NAME}"',
        )
    try:
        records = catalog_format._validate(data)
    except catalog_format.CatalogFormatError as error:
        raise ImportFormatError(
            [f"{upload.name}: {message}" for message in error.errors]
        ) from None
    # No import Source row: every record keeps the source the file names.
    batch = Batch(
        source=FORMAT, file_name=upload.name, import_source=None, stamps_verified=False
    )
    for record in records.get("sources", []):
        batch.sources.append(
            SourceRecord(key=record.values["key"], values=_pick(record, SOURCE_FIELDS))
        )
    for record in records.get("organizations", []):
        slug = record.values["slug"]
        batch.organizations.append(
            OrganizationRecord(
                external_id=slug,
                slug=slug,
                origin=f"{upload.name}: {record.label}",
                values=_pick(record, ORGANIZATION_FIELDS),
            )
        )
    for record in records.get("providers", []):
        slug = record.values["slug"]
        refs = {}
        if "organization" in record.refs:
            refs["organization"] = _ref(record.refs["organization"])
        batch.providers.append(
            ProviderRecord(
                external_id=slug,
                slug=slug,
                origin=f"{upload.name}: {record.label}",
                values=_pick(record, PROVIDER_FIELDS),
                refs=refs,
            )
        )
    ignored = set()
    model_records = records.get("models", [])
    for record in track(model_records, len(model_records), "reading models"):
        slug = record.values["slug"]
        ignored |= set(IGNORED_FIELDS) & (set(record.values) | set(record.m2m))
        values = _pick(record, MODEL_FIELDS)
        if "lifecycle_source" in record.refs:
            values["lifecycle_source"] = record.refs["lifecycle_source"]
        capabilities = {
            c.values["capability"]: CapabilityValue(
                value=c.values.get("value", "unknown"),
                source=c.refs.get("source"),
                note=c.values.get("note", ""),
            )
            for c in record.capabilities or []
        }
        batch.models.append(
            ModelRecord(
                external_id=slug,
                slug=slug,
                origin=f"{upload.name}: {record.label}",
                values=values,
                refs={"organization": _ref(record.refs["organization"])},
                capabilities=capabilities,
                sources=tuple(record.m2m.get("sources", ())),
            )
        )
    for record in records.get("routes", []):
        provider, identifier, region = record.natural_key()
        ignored |= set(IGNORED_FIELDS) & set(record.values)
        values = _pick(record, ROUTE_FIELDS)
        refs = {}
        if "model" in record.refs:
            refs["model"] = _ref(record.refs["model"])
        provenance = {}
        if "source" in record.refs:
            provenance["source"] = record.refs["source"]
        if "source_url" in record.values:
            provenance["source_url"] = record.values["source_url"]
        batch.routes.append(
            RouteRecord(
                external_id=f"{provider}/{identifier}"
                + (f"@{region}" if region else ""),
                slug="",
                origin=f"{upload.name}: {record.label}",
                identifier=identifier,
                region=region,
                values=values,
                refs=refs,
                create_refs={"provider": _ref(provider)},
                provenance=provenance,
            )
        )
    for kind in NOT_IMPORTED:
        count = len(records.get(kind, []))
        if count:
            batch.skipped.append(
                Skip(
                    kind,
                    f"{count} {kind.replace('_', ' ')}",
                    "not part of an import; load them with manage.py load_catalog",
                )
            )
    if ignored:
        batch.notes.append(
            f"Ignored {', '.join(sorted(ignored))}: publication and review are "
            "editors' decisions (new models arrive as drafts)."
        )
    return batch


def _pick(record, names):
    return {
        name: value
        for name, value in record.values.items()
        if name in names and name != "organization"
    }


def _ref(key):
    """Return a reference by natural key: the file's id, and the slug it bootstraps to."""
    return None if key is None else Ref(external_id=key, slug=key)
