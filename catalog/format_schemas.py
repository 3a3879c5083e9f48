"""
The export's records typed (``/api/v1/export``): one schema per kind of the
catalog format (``catalog_format.kinds``), built from the same model fields
the export writes, each typed as the export writes it (a decimal as a
string, a date as ISO 8601, a reference as the other record's key), so the
OpenAPI document describes every record and stays in step with the format.
"""

from typing import Annotated, Any

from django.db import models
from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema, create_model
from pydantic.json_schema import SkipJsonSchema

from .catalog_format.kinds import (
    BENCHMARKS,
    CAPABILITIES,
    DECISION_TAGS,
    MODELS,
    ORGANIZATIONS,
    PROVIDERS,
    REPORTED_FIGURES,
    RESULTS,
    ROUTES,
    SOURCES,
)

# A decimal as the API writes one (catalog.formatting.plain_decimal).
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
DecimalText = Annotated[
    str, WithJsonSchema({"type": "string", "pattern": DECIMAL_PATTERN})
]
DateText = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
MomentText = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
UPDATED_AT = (
    "When the record, or a record it holds, last changed (as in the other "
    "operations): compare it with ?updated_since= to sync."
)


class RecordSchema(Schema):
    # A field the format gains reaches the client before its schema does.
    model_config = ConfigDict(extra="allow")


def _value_type(field_: models.Field):
    if field_.many_to_many:
        return list[str]
    if field_.many_to_one:
        return str
    if isinstance(field_, models.DecimalField):
        return DecimalText
    if isinstance(field_, models.DateTimeField):
        return MomentText
    if isinstance(field_, models.DateField):
        return DateText
    if isinstance(field_, models.BooleanField):
        return bool
    if isinstance(field_, models.IntegerField):
        return int
    if isinstance(field_, models.CharField | models.TextField):
        return str
    return Any


def _field(field_: models.Field):
    value_type = _value_type(field_)
    description = str(field_.help_text or field_.verbose_name.capitalize())
    if field_.many_to_one:
        description = f"{description.rstrip('.')}: its key."
    elif field_.many_to_many:
        description = f"{description.rstrip('.')}: their keys."
    if field_.null:
        value_type = value_type | None
    if field_.many_to_one and field_.model is field_.related_model is MODELS.model:
        # A published model's variant_of naming a draft is left out.
        description = f"{description} Absent when it names a draft."
        return value_type | SkipJsonSchema[None], Field(None, description=description)
    return value_type, Field(description=description)


def record_schema(kind, name: str, description: str, **extra):
    """Return the schema of ``kind``'s records, with ``extra`` fields."""
    fields = {field_.name: _field(field_) for field_ in kind.fields}
    schema = create_model(name, __base__=RecordSchema, **fields, **extra)
    schema.__doc__ = description
    return schema


def _updated_at():
    return MomentText, Field(description=UPDATED_AT)


CapabilityRecord = record_schema(
    CAPABILITIES, "CapabilityRecord", "A model's value for one capability."
)
ReportedFigureRecord = record_schema(
    REPORTED_FIGURES,
    "ReportedFigureRecord",
    "Another source's figure for a field of a model or a route.",
)
_REPORTED = (
    list[ReportedFigureRecord],
    Field(description="Other sources' figures for its fields."),
)
SourceRecord = record_schema(
    SOURCES, "SourceRecord", "A source of figures.", updated_at=_updated_at()
)
OrganizationRecord = record_schema(
    ORGANIZATIONS, "OrganizationRecord", "A lab or vendor.", updated_at=_updated_at()
)
DecisionTagRecord = record_schema(DECISION_TAGS, "DecisionTagRecord", "A fit label.")
ProviderRecord = record_schema(
    PROVIDERS, "ProviderRecord", "A place to call models.", updated_at=_updated_at()
)
ModelRecord = record_schema(
    MODELS,
    "ModelRecord",
    "A published model.",
    capabilities=(
        list[CapabilityRecord],
        Field(description="Its capabilities with a record."),
    ),
    reported_figures=_REPORTED,
    updated_at=_updated_at(),
)


class PriceChangeRecord(Schema):
    """One dated change of one of the route's prices, as the model detail lists it."""

    provider: str = Field(description="The provider's name.")
    identifier: str = Field(description="The route's identifier at that provider.")
    region: str = Field(description="The route's region; empty when not stated.")
    field: str = Field(description="Which price changed, e.g. input_price.")
    label: str = Field(description="The price in words, e.g. 'input price'.")
    old: DecimalText | None = Field(
        description="The price before, per 1M tokens; null when it was not sourced."
    )
    new: DecimalText | None = Field(
        description="The price after, per 1M tokens; null when it is no longer sourced."
    )
    changed_at: MomentText = Field(description="When the change was saved.")


RouteRecord = record_schema(
    ROUTES,
    "RouteRecord",
    "A route of a published model.",
    reported_figures=_REPORTED,
    price_history=(
        list[PriceChangeRecord],
        Field(description="Its price changes, newest first (loading ignores them)."),
    ),
    updated_at=_updated_at(),
)
BenchmarkRecord = record_schema(
    BENCHMARKS, "BenchmarkRecord", "A benchmark.", updated_at=_updated_at()
)
ResultRecord = record_schema(
    RESULTS,
    "ResultRecord",
    "A benchmark result of a published model.",
    updated_at=_updated_at(),
)
