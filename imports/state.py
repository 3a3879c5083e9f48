"""
Read the catalog into the plain ``CurrentState`` that ``diff.py`` compares
an import with: a handful of queries, whole tables (the catalog has
thousands of rows, not millions).
"""

from django.contrib.contenttypes.models import ContentType

from catalog.models import (
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    Route,
    Source,
)
from imports.diff import CapabilityRow, CurrentState, Row
from imports.edited import edited_fields
from imports.models import CAPABILITY_FIELD_PREFIX, ExternalId, FieldLock
from imports.records import (
    MODEL_FIELDS,
    ORGANIZATION_FIELDS,
    PROVIDER_FIELDS,
    ROUTE_FIELDS,
    SOURCE_FIELDS,
)

KIND_MODELS = {
    "source": Source,
    "organization": Organization,
    "provider": Provider,
    "model": LanguageModel,
    "route": Route,
}
MODEL_KINDS = {model: kind for kind, model in KIND_MODELS.items()}


def kind_of(model) -> str:
    """Return the import kind ("model", "route", ...) of a catalog model class."""
    return MODEL_KINDS[model]


def content_types() -> dict[str, ContentType]:
    """Return {kind: ContentType} for the catalog models an import writes."""
    by_model = ContentType.objects.get_for_models(*KIND_MODELS.values())
    return {MODEL_KINDS[model]: ct for model, ct in by_model.items()}


def _rows(model, names, source_keys, slug="slug"):
    """Return {pk: Row} with foreign keys as pks and Source references as keys."""
    attnames = {}
    for name in names:
        field = model._meta.get_field(name)
        attnames[name] = field.attname
    rows = {}
    for values in model.objects.values(
        "pk", *attnames.values(), *([slug] if slug else [])
    ):
        row_values = {}
        for name, attname in attnames.items():
            value = values[attname]
            field = model._meta.get_field(name)
            if field.is_relation and field.related_model is Source:
                value = source_keys.get(value)
            row_values[name] = value
        rows[values["pk"]] = Row(
            values["pk"], values.get(slug, "") if slug else "", row_values
        )
    return rows


def load_state(external_source: str) -> CurrentState:
    """Return the catalog as an import from ``external_source`` compares with it."""
    source_rows = {
        values["key"]: Row(values["pk"], values["key"], values)
        for values in Source.objects.values("pk", "key", *SOURCE_FIELDS)
    }
    source_keys = {row.pk: key for key, row in source_rows.items()}
    fields = {
        "organization": ORGANIZATION_FIELDS,
        "provider": PROVIDER_FIELDS,
        "model": MODEL_FIELDS,
        "route": ROUTE_FIELDS
        | {"provider", "identifier", "region", "source", "source_url", "last_verified"},
    }
    rows = {
        kind: _rows(
            KIND_MODELS[kind],
            names,
            source_keys,
            slug=None if kind == "route" else "slug",
        )
        for kind, names in fields.items()
    }
    capabilities = {
        (model_id, capability): CapabilityRow(
            pk, value, source_keys.get(source_id), note
        )
        for pk, model_id, capability, value, source_id, note in ModelCapability.objects.values_list(
            "pk", "model_id", "capability", "value", "source_id", "note"
        )
    }
    model_sources = {}
    through = LanguageModel.sources.through
    for model_id, source_id in through.objects.values_list(
        "languagemodel_id", "source_id"
    ):
        model_sources.setdefault(model_id, set()).add(source_keys.get(source_id))

    types = content_types()
    kinds = {ct.pk: kind for kind, ct in types.items()}
    external_ids = {
        (kinds[ct_id], external_id): object_id
        for ct_id, external_id, object_id in ExternalId.objects.filter(
            source=external_source, content_type__in=types.values()
        ).values_list("content_type_id", "external_id", "object_id")
    }
    locks = set()
    capability_type = ContentType.objects.get_for_model(ModelCapability)
    capability_locks = []
    for ct_id, object_id, field_name in FieldLock.objects.values_list(
        "content_type_id", "object_id", "field_name"
    ):
        if ct_id in kinds:
            locks.add((kinds[ct_id], object_id, field_name))
        elif ct_id == capability_type.pk and field_name == "value":
            capability_locks.append(object_id)
    # A lock on a capability row is a lock on the model's capability.
    for model_id, capability in ModelCapability.objects.filter(
        pk__in=capability_locks
    ).values_list("model_id", "capability"):
        locks.add(("model", model_id, f"{CAPABILITY_FIELD_PREFIX}{capability}"))
    edited = {
        (kind, pk, name): day
        for kind, names in fields.items()
        for (pk, name), day in edited_fields(KIND_MODELS[kind], names).items()
    }
    return CurrentState(
        edited=edited,
        sources=source_rows,
        rows=rows,
        capabilities=capabilities,
        model_sources=model_sources,
        external_ids=external_ids,
        locks=locks,
    )
