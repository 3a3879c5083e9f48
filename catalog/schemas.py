"""
The catalog API's response shapes, and the types every API schema shares.

Money, scores and speeds are decimal strings ("10", "0.035"): JSON numbers
are floats in most clients, and a float must never touch a price. Dates
are ISO 8601. Each field is described in the OpenAPI schema: a model
field's ``help_text`` describes it, and fields without one say what they
hold with ``Field(description=...)``.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from ninja import Field, ModelSchema, Path, Schema
from pydantic import BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from .disagreements import model_disagreements
from .format_schemas import (
    DECIMAL_PATTERN,
    BenchmarkRecord,
    DecisionTagRecord,
    ModelRecord,
    OrganizationRecord,
    ProviderRecord,
    ResultRecord,
    RouteRecord,
    SourceRecord,
)
from .formatting import plain_decimal
from .models import (
    Benchmark,
    BenchmarkResult,
    Capability,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    Route,
    Source,
    TriState,
)
from .selectors import benchmark_result_list_shown, route_price_changes

DecimalString = Annotated[
    Decimal,
    PlainSerializer(plain_decimal, return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": DECIMAL_PATTERN, "examples": ["10"]},
        mode="serialization",
    ),
]
# A moment to the microsecond (JSON encoders cut at the millisecond), so an
# ``updated_at`` sent back as ``?updated_since=`` leaves its own record out.
Timestamp = Annotated[
    datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}, mode="serialization"),
]

# Every field of an answer is written, null where its type allows: with this
# config a model field with a default is marked required all the same.
ALWAYS_WRITTEN = ConfigDict(json_schema_serialization_defaults_required=True)


def blank_text(model, name: str):
    """
    Return the Field of a model's blank text column: written as "" when
    empty, never null (ninja's ModelSchema makes a blank column nullable).
    """
    help_text = str(model._meta.get_field(name).help_text).rstrip(".")
    return Field(description=f"{help_text}; empty when none.")


def shared_enum(name: str, values, description: str) -> type[StrEnum]:
    """
    Return a string enum that the OpenAPI document holds once, as the
    component ``name``, for every field and parameter that takes it (a
    ``Literal`` would be written out, and named by a client, at each use).
    """
    enum = StrEnum(name, {str(value): str(value) for value in values})
    enum.__doc__ = description
    return enum


def or_null(enum: type[StrEnum]):
    """Return the type of a field holding ``enum`` or null (the engine's "")."""
    return Annotated[enum | None, BeforeValidator(lambda value: value or None)]


TriStateValue = shared_enum(
    "TriState",
    TriState.values,
    "yes, no or unknown (not sourced); unknown is never read as no.",
)
# An id another catalog (or a provider's API) uses, as a source gives it;
# null when no source gives it (the database keeps that as "").
SourcedId = Annotated[str | None, BeforeValidator(lambda value: value or None)]
_MODELS_DEV_ID = (
    "The model's id in models.dev (e.g. 'openai/gpt-4o'); null when not sourced."
)
_OPENROUTER_ID = "The model's id on OpenRouter, the model string its API takes (e.g. 'anthropic/claude-sonnet-4.5'); null when not sourced."
_HUGGINGFACE_ID = "The Hugging Face repository of the weights (e.g. 'Qwen/Qwen3-8B'); null when not sourced."

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# Query strings may carry any character, and PostgreSQL refuses NUL in text.
NO_NUL_PATTERN = r"^[^\x00]*$"


def slug_path(what: str, example: str):
    """Return the type of a path parameter naming a record by its slug."""
    return Annotated[
        str,
        Path(
            description=f"The {what}'s slug.",
            pattern=SLUG_PATTERN,
            max_length=100,
            examples=[example],
        ),
    ]


ModelSlug = slug_path("model", "gpt-4-turbo")
ProviderSlug = slug_path("provider", "openai-api")
BenchmarkSlug = slug_path("benchmark", "mmlu-pro")


# When a record last changed, as ``?updated_since=`` compares it.
_UPDATED_AT = (
    "When this record, or a record it holds or counts, last changed (publishing "
    "included): compare it with ?updated_since= to sync."
)
_UPDATED_AT_MODEL = (
    "When the model last changed: its own record, or any of its routes "
    "(a price), results or capabilities."
)
_UPDATED_AT_ROUTE = "When the route, or its model's record, last changed."
_UPDATED_AT_RESULT = "When the result, or its model's record, last changed."

# Errors -----------------------------------------------------------------------


class ErrorOut(Schema):
    """A 404: what was not found, with a stable code."""

    detail: str = Field(description="What went wrong, in words.")
    code: str = Field(
        description="A stable machine-readable code: 'model_not_found', 'provider_not_found', 'benchmark_not_found', 'same_model', 'kinds_differ', 'not_found'."
    )
    slug: str | SkipJsonSchema[None] = Field(
        None,
        description="The slug (or comma-separated slugs) not found; absent when the path named none.",
    )


class TooManyRequestsOut(Schema):
    """A 429: the address sent more requests than the rate limit allows."""

    detail: str = Field(description="What went wrong, and when to retry, in words.")


class FieldErrorOut(Schema):
    type: str = Field(description="Machine-readable error type, e.g. 'value_error'.")
    loc: list[str | int] = Field(
        description="Where the bad value is: ['query', '<parameter>'] or ['path', '<parameter>']."
    )
    msg: str = Field(description="What is wrong with the value and what is allowed.")
    ctx: dict[str, Any] | SkipJsonSchema[None] = Field(
        None, description="The constraint that failed, when there is one."
    )


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut] = Field(description="One entry per invalid parameter.")


ERROR_RESPONSES = {404: ErrorOut, 422: ValidationErrorOut, 429: TooManyRequestsOut}


# Shared pieces ------------------------------------------------------------------


class SourceOut(ModelSchema):
    """A citable origin of figures, with the credit line its licence asks for."""

    model_config = ALWAYS_WRITTEN
    license: str = blank_text(Source, "license")
    attribution: str = blank_text(Source, "attribution")

    title: str = Field(description="The source's title.")
    url: str = Field(description="Where the source can be read.")
    publisher: str = Field(description="Who publishes it; empty when not recorded.")

    class Meta:
        model = Source
        fields = [
            "key",
            "title",
            "url",
            "publisher",
            "license",
            "attribution",
            "retrieved_on",
        ]


class OrganizationRef(ModelSchema):
    """The lab or vendor behind a model or a first-party API."""

    slug: str = Field(description="The organization's identifier.")
    name: str = Field(description="The organization's name.")

    class Meta:
        model = Organization
        fields = ["slug", "name"]


def _api_url(view_name: str, slug: str) -> str:
    from django.urls import reverse

    return reverse(f"api:{view_name}", kwargs={"slug": slug})


class ModelRef(ModelSchema):
    """A published language model, in short."""

    slug: str = Field(description="The model's identifier, used in every URL.")
    name: str = Field(description="The model's name.")
    organization: OrganizationRef = Field(description="Who makes the model.")
    api_url: str = Field(description="This model in the API.")

    class Meta:
        model = LanguageModel
        fields = ["slug", "name"]

    @staticmethod
    def resolve_api_url(obj):
        return _api_url("get_model", obj.slug)


class ProviderRef(ModelSchema):
    """A place to call models."""

    slug: str = Field(description="The provider's identifier.")
    name: str = Field(description="The provider's name.")
    kind: str = Field(
        description="first_party (a lab's own API), cloud, router, inference_host or plan (a subscription or coding plan)."
    )

    class Meta:
        model = Provider
        fields = ["slug", "name", "kind"]


class BenchmarkRef(ModelSchema):
    """An evaluation, in short."""

    slug: str = Field(description="The benchmark's identifier.")
    name: str = Field(description="The benchmark's name.")
    category: str = Field(description="knowledge, reasoning, math, coding, ...")
    unit: str = Field(description="What a score counts: percent, index, elo, ...")
    higher_is_better: bool = Field(description="Whether a higher score is better.")

    class Meta:
        model = Benchmark
        fields = ["slug", "name", "category", "unit", "higher_is_better"]


# Routes ---------------------------------------------------------------------------

_PRICE = "USD per 1M tokens; null when not sourced (0 means free)."

ROUTE_FIELDS = [
    "identifier",
    "region",
    "lifecycle_status",
    "long_context_threshold",
    "time_to_first_token_ms",
    "source_url",
    "last_verified",
    "last_reviewed",
]


class RouteOut(ModelSchema):
    """One way to call a model: a provider's identifier, region and prices."""

    model_config = ALWAYS_WRITTEN
    source_url: str = blank_text(Route, "source_url")

    region: str = Field(description="The provider's region; empty when global.")
    api_model_id: SourcedId = Field(
        description=(
            "The model string to send to this provider's API (models.dev's id "
            "under the provider, e.g. 'anthropic/claude-sonnet-4.5' on "
            "OpenRouter); null when not sourced. identifier is the dataset's key."
        )
    )
    lifecycle_status: str = Field(description="active, preview, deprecated or retired.")
    input_price: DecimalString | None = Field(description=f"Input price, {_PRICE}")
    output_price: DecimalString | None = Field(description=f"Output price, {_PRICE}")
    cache_read_price: DecimalString | None = Field(
        description=f"Cached input price, {_PRICE}"
    )
    cache_write_price: DecimalString | None = Field(
        description=f"Cache write price, {_PRICE}"
    )
    batch_input_price: DecimalString | None = Field(
        description=f"Batch input price, {_PRICE}"
    )
    batch_output_price: DecimalString | None = Field(
        description=f"Batch output price, {_PRICE}"
    )
    long_context_input_price: DecimalString | None = Field(
        description=f"Input price above long_context_threshold, {_PRICE}"
    )
    long_context_output_price: DecimalString | None = Field(
        description=f"Output price above long_context_threshold, {_PRICE}"
    )
    output_tokens_per_second: DecimalString | None = Field(
        description="Measured output speed in tokens per second; null when not measured."
    )
    time_to_first_token_ms: int | None = Field(
        description="Measured time to the first token, in milliseconds."
    )
    updated_at: Timestamp = Field(description=_UPDATED_AT_ROUTE)
    source: SourceOut | None = Field(description="Where the prices come from.")
    last_verified: date | None = Field(
        description="When the prices were last checked against the source."
    )
    last_reviewed: date | None = Field(
        description="When an editor last reviewed the route."
    )

    class Meta:
        model = Route
        fields = ROUTE_FIELDS


class ModelRouteOut(RouteOut):
    """A route of the model, with the provider that serves it."""

    provider: ProviderRef = Field(description="The provider that serves the route.")


class ProviderRouteOut(RouteOut):
    """A route of the provider, with the model it serves."""

    model: ModelRef = Field(description="The model the route serves.")


# Models --------------------------------------------------------------------------


_KIND = (
    "The job the model does: language (chat or completion), embedding, reranking, "
    "speech (recognition or synthesis), image, video or other. Comparisons pair "
    "only models of one kind."
)
_VARIANT_OF = (
    "The model this one is a variant (dated snapshot or preview) of, whose pages "
    "show this one's results where it has none of its own; its slug, or null."
)


class LanguageModelOut(ModelSchema):
    """A published model as listed, with its cheapest paid prices."""

    model_config = ALWAYS_WRITTEN

    name: str = Field(description="The model's name.")
    organization: OrganizationRef = Field(description="Who makes the model.")
    family: str = Field(description="The model family, e.g. 'GPT-4'; empty when none.")
    kind: str = Field(description=_KIND)
    release_date: date | None = Field(
        description="Release date; see release_date_precision. Null when not sourced."
    )
    lifecycle_status: str = Field(description="active, preview, deprecated or retired.")
    open_weights: TriStateValue = Field(
        description="Whether the weights are published."
    )
    license_name: str = Field(description="The license; empty when not sourced.")
    cheapest_input_price: DecimalString | None = Field(
        description=(
            "Lowest input price among its trusted routes (free tiers, plans, "
            "deprecated routes and routes under a third of the lab's own API "
            f"price left out); {_PRICE}"
        )
    )
    cheapest_output_price: DecimalString | None = Field(
        description=(
            "Lowest output price among its trusted routes (as "
            f"cheapest_input_price); {_PRICE}"
        )
    )
    models_dev_id: SourcedId = Field(description=_MODELS_DEV_ID)
    openrouter_id: SourcedId = Field(description=_OPENROUTER_ID)
    huggingface_id: SourcedId = Field(description=_HUGGINGFACE_ID)
    route_count: int = Field(description="How many routes are tracked.")
    free_route_count: int = Field(description="How many of them are free tiers.")
    last_reviewed: date | None = Field(
        description="When an editor last reviewed the model."
    )
    updated_at: Timestamp = Field(description=_UPDATED_AT_MODEL)
    api_url: str = Field(description="This model in the API.")
    page_url: str = Field(description="This model's page on the site.")
    routes: list[ModelRouteOut] | None = Field(
        description="With ?include=routes, the model's routes as its detail gives them; otherwise null."
    )
    capabilities: "list[CapabilityOut] | None" = Field(
        description="With ?include=capabilities, every capability the site tracks, as the model's detail gives them; otherwise null."
    )

    class Meta:
        model = LanguageModel
        fields = [
            "slug",
            "name",
            "family",
            "kind",
            "release_date",
            "release_date_precision",
            "lifecycle_status",
            "context_window",
            "max_output_tokens",
            "parameter_count",
            "open_weights",
            "license_name",
            "last_reviewed",
        ]

    @staticmethod
    def resolve_routes(obj):
        return getattr(obj, "included_routes", None)

    @staticmethod
    def resolve_capabilities(obj):
        records = getattr(obj, "included_capabilities", None)
        return None if records is None else capability_list(records)

    @staticmethod
    def resolve_cheapest_input_price(obj):
        return obj.cheapest_input

    @staticmethod
    def resolve_cheapest_output_price(obj):
        return obj.cheapest_output

    @staticmethod
    def resolve_api_url(obj):
        return _api_url("get_model", obj.slug)

    @staticmethod
    def resolve_page_url(obj):
        return obj.get_absolute_url()


class CapabilityOut(Schema):
    key: str = Field(description="The capability, e.g. 'function_calling'.")
    label: str = Field(description="The capability in words.")
    value: TriStateValue = Field(
        description="yes, no or unknown; unknown is never read as no."
    )
    note: str = Field(description="The editor's note; empty when none.")
    source: SourceOut | None = Field(description="Where the value comes from.")


LanguageModelOut.model_rebuild()


def capability_list(records) -> list[dict]:
    """Return every tracked capability in a fixed order, from a model's records."""
    by_key: dict[str, ModelCapability] = {
        record.capability: record for record in records
    }
    capabilities = []
    for key, label in Capability.choices:
        record = by_key.get(key)
        capabilities.append(
            {
                "key": key,
                "label": label,
                "value": record.value if record else "unknown",
                "note": record.note if record else "",
                "source": record.source if record else None,
            }
        )
    return capabilities


class DecisionTagOut(Schema):
    slug: str = Field(description="The tag's identifier.")
    name: str = Field(description="A fit label such as Coding, RAG or Agents.")


class ModelResultOut(ModelSchema):
    """One of the model's benchmark scores (or a variant's), with its provenance."""

    model_config = ALWAYS_WRITTEN
    method: str = blank_text(BenchmarkResult, "method")
    comparable_group: str = blank_text(BenchmarkResult, "comparable_group")

    benchmark: BenchmarkRef = Field(description="The benchmark scored.")
    variant_slug: str = Field(
        description="The variant of the model the score was measured on; empty when measured on the model itself."
    )
    variant_name: str = Field(
        description="That variant's name, e.g. 'GPT-4o (2024-08-06)'; empty when measured on the model itself."
    )
    score: DecimalString = Field(description="The score, in the benchmark's unit.")
    provenance: str = Field(description="independent, self_reported or unknown.")
    measured_on: date | None = Field(description="When the score was measured.")
    source: SourceOut | None = Field(description="Where the score comes from.")
    updated_at: Timestamp = Field(description=_UPDATED_AT_RESULT)
    source_url: str = Field(description="The page the score was read from.")
    last_reviewed: date | None = Field(description="When an editor last reviewed it.")

    class Meta:
        model = BenchmarkResult
        fields = [
            "method",
            "comparable_group",
            "is_primary",
            "source_url",
            "last_reviewed",
        ]

    @staticmethod
    def resolve_variant_slug(obj):
        variant = getattr(obj, "variant", None)
        return variant.slug if variant else ""

    @staticmethod
    def resolve_variant_name(obj):
        variant = getattr(obj, "variant", None)
        return variant.name if variant else ""


class PriceChangeOut(Schema):
    """One dated change of one route's price, from the route's edit history."""

    provider: str = Field(description="The provider's name.")
    identifier: str = Field(description="The route's identifier at that provider.")
    region: str = Field(description="The route's region; empty when not stated.")
    field: str = Field(description="Which price changed, e.g. input_price.")
    label: str = Field(description="The price in words, e.g. 'input price'.")
    old: DecimalString | None = Field(
        description="The price before, per 1M tokens; null when it was not sourced."
    )
    new: DecimalString | None = Field(
        description="The price after, per 1M tokens; null when it is no longer sourced."
    )
    changed_at: datetime = Field(description="When the change was saved.")


class DisagreeingRouteOut(Schema):
    """The route a disagreement is about, in short."""

    provider: ProviderRef = Field(description="The provider that serves the route.")
    identifier: str = Field(description="The route's identifier at that provider.")
    region: str = Field(description="The route's region; empty when global.")


class SourcedFigureOut(Schema):
    """One source's figure for a field, beside the others."""

    value: str = Field(
        description=(
            "The figure: tokens as an integer ('128000'), a price in USD per 1M "
            "tokens as a decimal string ('2.5'), a date as YYYY-MM-DD (the shown "
            "release date of a model known to the month or year is its first day: "
            "see release_date_precision)."
        )
    )
    source: SourceOut | None = Field(
        description="The source that gives the figure; null for the catalog's own record of a model's figure."
    )
    figure_date: date | None = Field(
        description="The figure's date (see date_kind); null when none is given."
    )
    date_kind: Literal["reported", "checked", "reviewed", ""] = Field(
        description=(
            "reported: the source's own date for its figure; checked: the date "
            "the shown figure's source says it checked it; reviewed: an editor's "
            "review; empty when there is no date."
        )
    )
    is_live: bool = Field(description="Whether this is the figure the site shows.")
    is_outlier: bool = Field(
        description="Whether the figure is more than 3x off the shown figure, or off the median of the field's figures where it has three or more (numbers only)."
    )
    outlier_from: Literal["shown", "median", ""] = Field(
        description="What an outlier is more than 3x off: the shown figure, or the median; empty when not an outlier."
    )
    route: DisagreeingRouteOut | None = Field(
        description="For a route's own context window listed under its model's: that route; otherwise null."
    )

    @staticmethod
    def resolve_value(obj):
        if isinstance(obj.value, Decimal):
            return plain_decimal(obj.value)
        return obj.value.isoformat()

    @staticmethod
    def resolve_figure_date(obj):
        return obj.on


class DisagreementOut(Schema):
    """A field whose sources give different values, with each source's figure."""

    field: str = Field(
        description="The catalog field: context_window, max_output_tokens, release_date, or a route's input_price, output_price, ..."
    )
    label: str = Field(description="The field in words, e.g. 'input price'.")
    unit: Literal["tokens", "usd_per_1m_tokens", "date"] = Field(
        description="What the values count."
    )
    route: DisagreeingRouteOut | None = Field(
        description="The route whose field it is; null for the model's own field."
    )
    figures: list[SourcedFigureOut] = Field(
        description="The shown figure first (when known), then each source's; for the context window, also each route's own window."
    )


class LanguageModelDetailOut(ModelSchema):
    """A published model: specs, capabilities, routes and benchmark scores, each with its source."""

    model_config = ALWAYS_WRITTEN
    parameter_count_note: str = blank_text(LanguageModel, "parameter_count_note")
    knowledge_cutoff: str = blank_text(LanguageModel, "knowledge_cutoff")

    name: str = Field(description="The model's name.")
    organization: OrganizationRef = Field(description="Who makes the model.")
    family: str = Field(description="The model family; empty when none.")
    kind: str = Field(description=_KIND)
    variant_of: str | None = Field(description=_VARIANT_OF)
    description: str = Field(description="The editors' description.")
    release_date: date | None = Field(
        description="Release date; see release_date_precision. Null when not sourced."
    )
    lifecycle_status: str = Field(description="active, preview, deprecated or retired.")
    lifecycle_source: SourceOut | None = Field(
        description="Where the lifecycle status comes from."
    )
    architecture: str = Field(description="dense, mixture_of_experts or unknown.")
    license_name: str = Field(description="The license; empty when not sourced.")
    license_is_osi_approved: bool = Field(
        description="Whether the license is OSI-approved."
    )
    license_url: str = Field(description="The license text; empty when not sourced.")
    open_weights: TriStateValue = Field(
        description="Whether the weights are published."
    )
    commercial_use: str = Field(
        description="allowed, conditional, not_allowed or unknown."
    )
    input_modalities: list[str] = Field(description="text, image, audio, video, pdf.")
    output_modalities: list[str] = Field(description="text, image, audio, video, pdf.")
    models_dev_id: SourcedId = Field(description=_MODELS_DEV_ID)
    openrouter_id: SourcedId = Field(description=_OPENROUTER_ID)
    huggingface_id: SourcedId = Field(description=_HUGGINGFACE_ID)
    decision_tags: list[DecisionTagOut] = Field(description="The editors' fit labels.")
    sources: list[SourceOut] = Field(description="Where the specs come from.")
    capabilities: list[CapabilityOut] = Field(
        description="Every capability the site tracks, in a fixed order; a capability with no record is unknown."
    )
    routes: list[ModelRouteOut] = Field(description="Where the model can be called.")
    benchmark_results: list[ModelResultOut] = Field(
        description=(
            "Benchmark scores; is_primary marks the one the pages use. On a "
            "benchmark the model has no score of its own on, its newest "
            "variant's, named in variant_slug and variant_name."
        )
    )
    price_history: list[PriceChangeOut] = Field(
        description="Dated price changes on the model's routes, newest first."
    )
    disagreements: list[DisagreementOut] = Field(
        description=(
            "Where the sources disagree: the model's context window, max output "
            "and release date, and its routes' prices, each field listed only "
            "when its figures hold two different values. The model page's "
            "'Sources disagree' panel shows the same."
        )
    )
    last_reviewed: date | None = Field(
        description="When an editor last reviewed the model."
    )
    updated_at: Timestamp = Field(description=_UPDATED_AT_MODEL)
    updated: datetime = Field(description="When the model's record last changed.")
    api_url: str = Field(description="This model in the API.")
    page_url: str = Field(description="This model's page on the site.")

    class Meta:
        model = LanguageModel
        fields = [
            "slug",
            "name",
            "family",
            "kind",
            "description",
            "release_date",
            "release_date_precision",
            "lifecycle_status",
            "lifecycle_date",
            "context_window",
            "max_output_tokens",
            "parameter_count",
            "parameter_count_is_estimate",
            "parameter_count_note",
            "active_parameter_count",
            "knowledge_cutoff",
            "last_reviewed",
            "updated",
        ]

    @staticmethod
    def resolve_price_history(obj):
        return route_price_changes(model_ids=[obj.pk])

    @staticmethod
    def resolve_disagreements(obj):
        return list(model_disagreements(model=obj))

    @staticmethod
    def resolve_variant_of(obj):
        # A draft is not public: nor is its being the model of a variant.
        parent = obj.variant_of
        return parent.slug if parent and parent.is_published else None

    @staticmethod
    def resolve_benchmark_results(obj):
        return benchmark_result_list_shown(model=obj)

    @staticmethod
    def resolve_capabilities(obj):
        return capability_list(obj.capabilities.all())

    @staticmethod
    def resolve_api_url(obj):
        return _api_url("get_model", obj.slug)

    @staticmethod
    def resolve_page_url(obj):
        return obj.get_absolute_url()


# Providers, organizations, benchmarks --------------------------------------------


class ProviderOut(ModelSchema):
    """A provider, with how many published models it serves."""

    slug: str = Field(description="The provider's identifier.")
    name: str = Field(description="The provider's name.")
    kind: str = Field(
        description="first_party (a lab's own API), cloud, router, inference_host or plan (a subscription or coding plan)."
    )
    website: str = Field(description="The provider's website; empty when not recorded.")
    organization: OrganizationRef | None = Field(
        description="For a first-party API: the lab that runs it."
    )
    route_count: int = Field(description="Routes to published models.")
    model_count: int = Field(description="Published models it serves.")
    updated_at: Timestamp = Field(description=_UPDATED_AT)
    api_url: str = Field(description="This provider in the API.")
    page_url: str = Field(description="This provider's page on the site.")

    class Meta:
        model = Provider
        fields = ["slug", "name", "kind", "website"]

    @staticmethod
    def resolve_api_url(obj):
        return _api_url("get_provider", obj.slug)

    @staticmethod
    def resolve_page_url(obj):
        return obj.get_absolute_url()


class ProviderDetailOut(ModelSchema):
    """A provider and its routes to published models."""

    slug: str = Field(description="The provider's identifier.")
    name: str = Field(description="The provider's name.")
    kind: str = Field(
        description="first_party (a lab's own API), cloud, router, inference_host or plan (a subscription or coding plan)."
    )
    website: str = Field(description="The provider's website; empty when not recorded.")
    organization: OrganizationRef | None = Field(
        description="For a first-party API: the lab that runs it."
    )
    routes: list[ProviderRouteOut] = Field(
        description="Its routes to published models, by model name."
    )
    updated_at: Timestamp = Field(description=_UPDATED_AT)
    page_url: str = Field(description="This provider's page on the site.")

    class Meta:
        model = Provider
        fields = ["slug", "name", "kind", "website"]

    @staticmethod
    def resolve_routes(obj):
        return obj.published_routes

    @staticmethod
    def resolve_page_url(obj):
        return obj.get_absolute_url()


class OrganizationOut(ModelSchema):
    """A lab or vendor, with how many published models it makes."""

    slug: str = Field(description="The organization's identifier.")
    name: str = Field(description="The organization's name.")
    website: str = Field(description="Its website; empty when not recorded.")
    model_count: int = Field(description="How many of its models are published.")
    updated_at: Timestamp = Field(description=_UPDATED_AT)
    models_api_url: str = Field(description="Its published models in the API.")
    page_url: str = Field(description="The organization's page on the site.")

    class Meta:
        model = Organization
        fields = ["slug", "name", "website"]

    @staticmethod
    def resolve_models_api_url(obj):
        from django.urls import reverse

        return f"{reverse('api:list_models')}?organization={obj.slug}"

    @staticmethod
    def resolve_page_url(obj):
        return obj.get_absolute_url()


class BenchmarkOut(ModelSchema):
    """An evaluation that scores models."""

    slug: str = Field(description="The benchmark's identifier.")
    name: str = Field(description="The benchmark's name.")
    category: str = Field(description="knowledge, reasoning, math, coding, ...")
    unit: str = Field(description="What a score counts: percent, index, elo, ...")
    scale_max: DecimalString | None = Field(
        description="Best possible score, e.g. 100 for a percentage; null when unbounded."
    )
    higher_is_better: bool = Field(description="Whether a higher score is better.")
    description: str = Field(description="What the benchmark measures.")
    url: str = Field(description="The benchmark's own page; empty when not recorded.")
    result_count: int = Field(description="Primary results of published models.")
    updated_at: Timestamp = Field(description=_UPDATED_AT)
    api_url: str = Field(description="This benchmark and its leaderboard in the API.")
    page_url: str = Field(description="This benchmark's page on the site.")

    class Meta:
        model = Benchmark
        fields = [
            "slug",
            "name",
            "category",
            "unit",
            "higher_is_better",
            "description",
            "url",
        ]

    @staticmethod
    def resolve_api_url(obj):
        return _api_url("get_benchmark", obj.slug)

    @staticmethod
    def resolve_page_url(obj):
        return obj.get_absolute_url()


class LeaderboardEntryOut(ModelSchema):
    """A published model's primary score on the benchmark."""

    model_config = ALWAYS_WRITTEN
    method: str = blank_text(BenchmarkResult, "method")

    model: ModelRef = Field(description="The model scored.")
    score: DecimalString = Field(description="The score, in the benchmark's unit.")
    provenance: str = Field(description="independent, self_reported or unknown.")
    measured_on: date | None = Field(description="When the score was measured.")
    source: SourceOut | None = Field(description="Where the score comes from.")
    updated_at: Timestamp = Field(description=_UPDATED_AT_RESULT)
    source_url: str = Field(description="The page the score was read from.")
    blended_price: DecimalString | None = Field(
        description="The model's cheapest blended price (3 input : 1 output tokens), USD per 1M tokens, free tiers left out; null when not sourced."
    )

    class Meta:
        model = BenchmarkResult
        fields = ["method", "source_url"]


class BenchmarkDetailOut(ModelSchema):
    """A benchmark and its leaderboard, best first by its direction."""

    slug: str = Field(description="The benchmark's identifier.")
    name: str = Field(description="The benchmark's name.")
    category: str = Field(description="knowledge, reasoning, math, coding, ...")
    unit: str = Field(description="What a score counts: percent, index, elo, ...")
    scale_max: DecimalString | None = Field(
        description="Best possible score, e.g. 100 for a percentage; null when unbounded."
    )
    higher_is_better: bool = Field(description="Whether a higher score is better.")
    description: str = Field(description="What the benchmark measures.")
    url: str = Field(description="The benchmark's own page; empty when not recorded.")
    leaderboard: list[LeaderboardEntryOut] = Field(
        description="Primary results of published models, best first (highest when higher_is_better, else lowest)."
    )
    updated_at: Timestamp = Field(description=_UPDATED_AT)
    page_url: str = Field(description="This benchmark's page on the site.")

    class Meta:
        model = Benchmark
        fields = [
            "slug",
            "name",
            "category",
            "unit",
            "higher_is_better",
            "description",
            "url",
        ]

    @staticmethod
    def resolve_page_url(obj):
        return obj.get_absolute_url()


# Export ---------------------------------------------------------------------------


class CatalogDocumentOut(Schema):
    """The whole published catalog in the project's own versioned format."""

    format: Literal["llm-compare-catalog"] = Field(description="Names the format.")
    schema_version: int = Field(description="The format's version; 1 today.")
    generated_at: str = Field(description="When the document was written (ISO 8601).")
    data_date: date | None = Field(description="The newest source retrieval date.")
    license: str = Field(description="The data licence, in words.")
    attribution: list[str] = Field(
        description="Credit lines to show wherever the data is shown (CC BY 4.0 requires it)."
    )
    sources: list[SourceRecord] = Field(description="Sources, by key.")
    organizations: list[OrganizationRecord] = Field(
        description="Organizations, by slug."
    )
    decision_tags: list[DecisionTagRecord] = Field(
        description="Decision tags, by slug."
    )
    providers: list[ProviderRecord] = Field(description="Providers, by slug.")
    models: list[ModelRecord] = Field(
        description="Published models, by slug, each with its capabilities."
    )
    routes: list[RouteRecord] = Field(
        description="Routes of published models, by (provider, identifier, region)."
    )
    benchmarks: list[BenchmarkRecord] = Field(description="Benchmarks, by slug.")
    results: list[ResultRecord] = Field(
        description="Benchmark results of published models, by key."
    )
