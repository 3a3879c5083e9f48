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

import datetime as dt
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    field_validator,
)

from . import catalog_format, sync
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
    Timestamp,
    TriStateValue,
    shared_enum,
)
from .selectors import (
    MODEL_INCLUDES,
    MODEL_SORTS,
    benchmark_list,
    benchmark_result_list_leaderboard,
    model_list,
    model_list_detailed,
    model_list_including,
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


def _in_range(value: dt.datetime) -> dt.datetime:
    # A moment whose UTC time falls outside years 1-9999 (0001-01-01T00:00+01:00)
    # is still a valid date-time: it is before, or after, every record.
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        if value.year == 1:
            return dt.datetime.min.replace(tzinfo=dt.UTC)
        return dt.datetime.max.replace(tzinfo=dt.UTC)


def _iso_text(value):
    # Pydantic would also read a number as a Unix time.
    if isinstance(value, str) and not ISO_DATETIME.match(value):
        raise ValueError("must be an ISO 8601 date and time with its offset")
    return value


ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

UpdatedSince = Annotated[
    AwareDatetime | None,
    BeforeValidator(_iso_text),
    AfterValidator(lambda value: None if value is None else _in_range(value)),
    Field(
        None,
        description=(
            "Only records changed after this moment (``updated_at`` later than "
            "it): an ISO 8601 date and time with its offset, e.g. "
            "2026-01-31T12:00:00Z."
        ),
    ),
]


class ChangedSince(Schema):
    updated_since: UpdatedSince


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{query.urlencode()}"


class CappedPageNumberPagination(PageNumberPagination):
    """
    Page-number pagination whose page size is capped, refusing bigger ones,
    with links to the next and previous pages.
    """

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
        next: str | None = Field(
            description="The next page (path and query), or null on the last."
        )
        prev: str | None = Field(
            description="The previous page (path and query), or null on the first."
        )

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = pagination.page_size
        offset = (pagination.page - 1) * page_size
        items = list(queryset[offset : offset + page_size + 1])
        has_next = len(items) > page_size
        items = items[:page_size]
        if pagination.page == 1 and not has_next:
            count = len(items)
        else:
            count = self._items_count(queryset)
        return {
            "items": items,
            "count": count,
            "next": _page_link(request, pagination.page + 1) if has_next else None,
            "prev": (
                _page_link(request, pagination.page - 1)
                if pagination.page > 1
                else None
            ),
        }


ModelKind = shared_enum("ModelKind", LanguageModel.Kind.values, "The job a model does.")
CapabilityKey = shared_enum(
    "CapabilityKey", Capability.values, "A capability the catalog tracks."
)
ModelSort = shared_enum("ModelSort", MODEL_SORTS, "An order of the model list.")


INCLUDE_PATTERN = rf"^(({'|'.join(MODEL_INCLUDES)})(,({'|'.join(MODEL_INCLUDES)}))*)?$"


def _includes(value: str | None) -> str | None:
    """Refuse an ``include`` naming anything but MODEL_INCLUDES ("" is none)."""
    if not value:
        return None
    unknown = sorted(set(value.split(",")) - set(MODEL_INCLUDES))
    if unknown:
        raise ValueError(
            f"include may list only {', '.join(MODEL_INCLUDES)} (comma-separated); "
            f"unknown: {', '.join(repr(name[:40]) for name in unknown[:5])}"
        )
    return value


class ModelFilters(ChangedSince):
    kind: ModelKind | None = Field(
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
    open_weights: TriStateValue | None = Field(
        None,
        description="Only models whose weights are open (yes), closed (no) or not sourced (unknown).",
    )
    capability: CapabilityKey | None = Field(
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
    include: Annotated[str | None, AfterValidator(_includes)] = Field(
        None,
        description=(
            "Embed more in each item: routes, capabilities, or both "
            "comma-separated (routes,capabilities). Default: neither (null)."
        ),
        examples=["routes,capabilities"],
        # Documented for clients; _includes() says what is wrong in words.
        json_schema_extra={"pattern": INCLUDE_PATTERN},
    )
    # Nullable, so that the document names the enum (ninja writes a
    # non-nullable one out); no sort is by name.
    sort: ModelSort | None = Field(
        None,
        description=(
            "The order: name (A to Z, the default), newest (release date), context "
            "(largest window first) or price (cheapest paid input price first)."
        ),
    )

    @field_validator("sort")
    @classmethod
    def sort_by_name(cls, value):
        return value or ModelSort("name")


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
    models = model_list(**filters.model_dump(exclude={"include"}))
    if filters.include:
        models = model_list_including(models, filters.include.split(","))
    return models


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
def list_providers(request: HttpRequest, filters: Query[ChangedSince]):
    """Return every provider by name, with its routes to published models counted."""
    return provider_list(**filters.model_dump())


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
def list_organizations(request: HttpRequest, filters: Query[ChangedSince]):
    """Return every organization by name, with its published models counted."""
    return organization_list(**filters.model_dump())


@router.get(
    "/benchmarks",
    response={200: list[BenchmarkOut], **ERROR_RESPONSES},
    summary="List benchmarks",
)
@paginate(CappedPageNumberPagination)
def list_benchmarks(request: HttpRequest, filters: Query[ChangedSince]):
    """Return every benchmark by name, with its published primary results counted."""
    return benchmark_list(**filters.model_dump())


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


# Change feed -------------------------------------------------------------------


class ChangesQuery(ChangedSince):
    # Every cursor the pattern lets in names a position (sync.decode_cursor).
    cursor: str | None = Field(
        None,
        # An empty cursor= is no cursor.
        pattern=f"^$|{sync.CURSOR_PATTERN}",
        description=(
            "Resume after this position: a previous answer's next_cursor. "
            "Without it, the feed starts after updated_since, or at the first change."
        ),
    )
    limit: int = Field(100, ge=1, le=500, description="Changes per page, at most 500.")


class ChangeFieldOut(Schema):
    name: str = Field(description="The field, as the export names it.")
    old: Any = Field(description="Its value before, as the export writes it.")
    new: Any = Field(description="Its value after.")


class ChangeOut(Schema):
    cursor: str = Field(description="This change's position in the feed.")
    kind: Literal[tuple(sync.KIND_NAMES.values())] = Field(  # type: ignore[valid-type]
        description="What changed: model, route, result, capability, provider, organization, benchmark or source."
    )
    change: Literal["created", "changed", "unpublished", "deleted"] = Field(
        description=(
            "created (new, or a model published), changed, unpublished (a model "
            "moved out of published: drop it with its routes and results) or deleted."
        )
    )
    at: Timestamp = Field(description="When the change was saved.")
    key: dict[str, str] = Field(
        description="The record's natural key, with the export's field names (e.g. slug; provider, identifier, region)."
    )
    model: str | None = Field(
        description="For a route, result or capability: its model's slug."
    )
    fields: list[ChangeFieldOut] = Field(
        description="For a change: each field that changed, with its old and new value."
    )


class ChangesOut(Schema):
    changes: list[ChangeOut] = Field(description="The changes, oldest first.")
    next_cursor: str | None = Field(
        description="Where to resume (send it as cursor); null only for an empty feed."
    )
    has_more: bool = Field(description="Whether more changes wait after this page.")


@router.get(
    "/changes",
    response={200: ChangesOut, **ERROR_RESPONSES},
    summary="List changes to the published catalog",
)
def list_changes(request: HttpRequest, query: Query[ChangesQuery]):
    """
    Return the published catalog's changes in the order they were saved:
    records created, changed (old and new values), unpublished and deleted;
    drafts never show. Follow next_cursor while has_more; poll with the last
    next_cursor to stay in sync.
    """
    return sync.catalog_changes(
        cursor=sync.decode_cursor(query.cursor) if query.cursor else None,
        since=query.updated_since,
        limit=query.limit,
    )


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
def export_catalog(
    request: HttpRequest, response: HttpResponse, filters: Query[ChangedSince]
):
    """
    Return the whole published catalog in the project's versioned JSON
    format, the one ``manage.py load_catalog`` reads, with the data licence
    and every source's credit line. Each record but a decision tag carries
    ``updated_at``; with ``updated_since``, only the records changed after
    it are listed (removals are in ``/changes``).
    """
    response["Link"] = _license_links()
    return catalog_format.export_catalog(
        published_only=True, updated_at=True, updated_since=filters.updated_since
    )


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
    "models_dev_id",
    "openrouter_id",
    "huggingface_id",
]
ROUTE_COLUMNS = [
    "identifier",
    "api_model_id",
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
