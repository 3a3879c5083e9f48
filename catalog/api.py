"""
The catalog's read-only API: published models, providers, organizations,
benchmarks and the open data export.

Operations stay thin: a selector fetches, the schema in ``schemas.py``
shapes. Lists share one page-number pagination whose page size is capped.

The CSV downloads carry the data licence in response headers rather than
in the file, so that any CSV reader parses them: ``X-Data-License`` says
in a line under which terms the data may be used, and ``Link`` points to
the page crediting each source (``rel="license"``) and to the JSON export
(``rel="describedby"``), whose ``license`` and ``attribution`` fields hold
the full text and every credit line.
"""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from . import catalog_format
from .errors import NotFound
from .models import Capability, LanguageModel, TriState
from .schemas import (
    ERROR_RESPONSES,
    NO_NUL_PATTERN,
    BenchmarkDetailOut,
    BenchmarkOut,
    BenchmarkSlug,
    CatalogDocumentOut,
    LanguageModelDetailOut,
    LanguageModelOut,
    ModelSlug,
    OrganizationOut,
    ProviderDetailOut,
    ProviderOut,
    ProviderSlug,
)
from .selectors import (
    benchmark_list,
    benchmark_result_list_leaderboard,
    model_list,
    model_list_detailed,
    organization_list,
    provider_list,
    provider_list_detailed,
)
from .spreadsheets import csv_text

router = Router(tags=["catalog"])

MAX_PAGE_SIZE = 100
# Far past any real catalog, and small enough that no database overflows.
MAX_PAGE = 10_000
MAX_CONTEXT = 2_147_483_647  # the column's largest value

DATA_LICENSE_HEADER = (
    "Compiled from MIT and CC BY 4.0 sources; show the credit lines listed at "
    "the license link wherever the figures appear."
)


def _describe_items(schema: dict) -> None:
    schema["properties"]["items"].setdefault("description", "This page's items.")


class CappedPageNumberPagination(PageNumberPagination):
    """Page-number pagination whose page size is capped, refusing bigger ones."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1.")
        page_size: int = Field(
            50,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Items per page, at most {MAX_PAGE_SIZE}.",
        )

    class Output(Schema):
        # Ninja re-annotates items for each list, dropping its Field.
        model_config = ConfigDict(json_schema_extra=_describe_items)

        items: list = Field(description="This page's items.")
        count: int = Field(description="How many items all pages hold together.")


class ModelFilters(Schema):
    kind: Literal[tuple(LanguageModel.Kind.values)] | None = Field(  # type: ignore[valid-type]
        None,
        description=(
            "Only models of this kind: language (chat or completion), embedding, "
            "reranking, speech, image, video or other. Default: every kind (the "
            "site's pages list language models unless asked for another kind)."
        ),
    )
    organization: str | None = Field(
        None,
        description="Only models of this organization (its slug).",
        max_length=100,
        pattern=NO_NUL_PATTERN,
    )
    open_weights: Literal["yes", "no", "unknown"] | None = Field(
        None,
        description="Only models whose weights are open (yes), closed (no) or not sourced (unknown).",
    )
    capability: Literal[tuple(Capability.values)] | None = Field(  # type: ignore[valid-type]
        None, description="Only models that have this capability (value yes)."
    )
    min_context: int | None = Field(
        None,
        ge=1,
        le=MAX_CONTEXT,
        description="Only models with a context window of at least this many tokens.",
    )
    q: str | None = Field(
        None,
        max_length=100,
        pattern=NO_NUL_PATTERN,
        description="Only models whose name or slug contains this text.",
    )


def _found(queryset, what: str, slug: str):
    """Return the published ``what`` with ``slug``, or raise NotFound saying so."""
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise NotFound(
            f"No published {what} '{slug}'.", code=f"{what}_not_found", slug=slug
        )
    return found


@router.get(
    "/models",
    response={200: list[LanguageModelOut], **ERROR_RESPONSES},
    summary="List published models",
)
@paginate(CappedPageNumberPagination)
def list_models(request: HttpRequest, filters: Query[ModelFilters]):
    """Return published models of every kind (or of ``kind``) by name, filtered, with their cheapest paid prices."""
    return model_list(**filters.model_dump())


@router.get(
    "/models/{slug}",
    response={200: LanguageModelDetailOut, **ERROR_RESPONSES},
    summary="Get a published model",
)
def get_model(request: HttpRequest, slug: ModelSlug):
    """Return a published model with its specs, capabilities, routes and scores; drafts are 404."""
    return _found(model_list_detailed(), "model", slug)


@router.get(
    "/providers",
    response={200: list[ProviderOut], **ERROR_RESPONSES},
    summary="List providers",
)
@paginate(CappedPageNumberPagination)
def list_providers(request: HttpRequest):
    """Return every provider by name, with its routes to published models counted."""
    return provider_list()


@router.get(
    "/providers/{slug}",
    response={200: ProviderDetailOut, **ERROR_RESPONSES},
    summary="Get a provider",
)
def get_provider(request: HttpRequest, slug: ProviderSlug):
    """Return a provider with its routes to published models and their prices."""
    return _found(provider_list_detailed(), "provider", slug)


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **ERROR_RESPONSES},
    summary="List organizations",
)
@paginate(CappedPageNumberPagination)
def list_organizations(request: HttpRequest):
    """Return every organization by name, with its published models counted."""
    return organization_list()


@router.get(
    "/benchmarks",
    response={200: list[BenchmarkOut], **ERROR_RESPONSES},
    summary="List benchmarks",
)
@paginate(CappedPageNumberPagination)
def list_benchmarks(request: HttpRequest):
    """Return every benchmark by name, with its published primary results counted."""
    return benchmark_list()


@router.get(
    "/benchmarks/{slug}",
    response={200: BenchmarkDetailOut, **ERROR_RESPONSES},
    summary="Get a benchmark and its leaderboard",
)
def get_benchmark(request: HttpRequest, slug: BenchmarkSlug):
    """Return a benchmark with the primary scores of published models, best first."""
    benchmark = _found(benchmark_list(), "benchmark", slug)
    benchmark.leaderboard = benchmark_result_list_leaderboard(benchmark=benchmark)
    return benchmark


# Open data export -----------------------------------------------------------------


def _license_links() -> str:
    return (
        f'<{reverse("catalog:about-data")}>; rel="license", '
        f'<{reverse("api:export_catalog")}>; rel="describedby"'
    )


@router.get(
    "/export",
    response={200: CatalogDocumentOut, **ERROR_RESPONSES},
    summary="Export the published catalog",
)
def export_catalog(request: HttpRequest, response: HttpResponse):
    """
    Return the whole published catalog in the project's versioned JSON
    format, the one ``manage.py load_catalog`` reads, with the data licence
    and every source's credit line.
    """
    response["Link"] = _license_links()
    return catalog_format.export_catalog(published_only=True)


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(
        csv_text(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Data-License"] = DATA_LICENSE_HEADER
    response["Link"] = _license_links()
    return response


def _model_cell(model, column: str):
    if column == "organization":
        return model.organization.slug
    if column == "variant_of":
        parent = model.variant_of
        return parent.slug if parent and parent.is_published else ""
    return getattr(model, column)


CSV_DOCS = {
    "responses": {
        200: {
            "description": "OK",
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "headers": {
                "Content-Disposition": {
                    "description": "attachment, with the file name.",
                    "schema": {"type": "string"},
                },
                "X-Data-License": {
                    "description": "The data licence in a line; the Link header's rel=license page has every credit line.",
                    "schema": {"type": "string"},
                },
            },
        }
    }
}

MODEL_COLUMNS = [
    "slug",
    "name",
    "organization",
    "family",
    "kind",
    "variant_of",
    "release_date",
    "release_date_precision",
    "lifecycle_status",
    "context_window",
    "max_output_tokens",
    "parameter_count",
    "parameter_count_is_estimate",
    "architecture",
    "open_weights",
    "license_name",
    "license_is_osi_approved",
    "commercial_use",
    "knowledge_cutoff",
    "last_reviewed",
]
ROUTE_COLUMNS = [
    "identifier",
    "region",
    "lifecycle_status",
    "input_price",
    "output_price",
    "cache_read_price",
    "cache_write_price",
    "batch_input_price",
    "batch_output_price",
    "long_context_threshold",
    "long_context_input_price",
    "long_context_output_price",
    "output_tokens_per_second",
    "time_to_first_token_ms",
    "source_url",
    "last_verified",
]


@router.get(
    "/export/models.csv",
    response={200: None, **ERROR_RESPONSES},
    openapi_extra=CSV_DOCS,
    summary="Download published models as CSV",
)
def export_models_csv(request: HttpRequest):
    """
    Return one row per published model: its specs, one column per
    capability (yes, no or unknown) and the keys of its sources.
    """
    capability_keys = list(Capability.values)
    rows = []
    for model in model_list_detailed().order_by("slug"):
        values = {
            record.capability: record.value for record in model.capabilities.all()
        }
        rows.append(
            [_model_cell(model, column) for column in MODEL_COLUMNS]
            + [values.get(key, TriState.UNKNOWN) for key in capability_keys]
            + [" ".join(sorted(source.key for source in model.sources.all()))]
        )
    header = (
        MODEL_COLUMNS + [f"capability_{key}" for key in capability_keys] + ["sources"]
    )
    return _csv_response("models.csv", header, rows)


@router.get(
    "/export/routes.csv",
    response={200: None, **ERROR_RESPONSES},
    openapi_extra=CSV_DOCS,
    summary="Download the routes of published models as CSV",
)
def export_routes_csv(request: HttpRequest):
    """
    Return one row per route of a published model, prices in USD per 1M
    tokens (empty = not sourced, 0 = free), with the key of its source.
    """
    rows = []
    for model in model_list_detailed().order_by("slug"):
        for route in model.routes.all():
            rows.append(
                [model.slug, route.provider.slug]
                + [getattr(route, column) for column in ROUTE_COLUMNS]
                + [route.source.key if route.source else ""]
            )
    header = ["model", "provider", *ROUTE_COLUMNS, "source"]
    return _csv_response("routes.csv", header, rows)
