"""
Export: the catalog in the database as a format document, the one the
API's ``/api/v1/export`` returns and ``load_catalog()`` reads back.
"""

from collections import defaultdict
from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog.formatting import plain_decimal
from catalog.models import (
    BenchmarkResult,
    LanguageModel,
    ModelCapability,
    PublicationStatus,
    ReportedFigure,
    Route,
)

from .kinds import (
    BENCHMARKS,
    CAPABILITIES,
    DATA_LICENSE,
    DECISION_TAGS,
    FORMAT_NAME,
    KIND_BY_MODEL,
    MODELS,
    ORGANIZATIONS,
    PRICE_HISTORY,
    PROVIDERS,
    REPORTED_FIGURES,
    RESULTS,
    ROUTES,
    SCHEMA_VERSION,
    SOURCES,
    _key_attribute,
)


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
            if pk is not None and pk not in keys[target.name]:
                # A published model's variant_of naming a draft, which a
                # published-only export leaves out: a record without the
                # key keeps the value the database has.
                continue
            record[field_.name] = None if pk is None else keys[target.name][pk]
        else:
            record[field_.name] = _export_value(field_, getattr(obj, field_.attname))
    return record


def _updated_at_by_pk(kind, queryset=None):
    """Return each row's ``updated_at`` (``catalog.selectors``), by pk, in one query."""
    from catalog import selectors

    expression = {
        SOURCES.name: selectors.source_updated_at,
        ORGANIZATIONS.name: selectors.organization_updated_at,
        PROVIDERS.name: selectors.provider_updated_at,
        MODELS.name: selectors.model_updated_at,
        ROUTES.name: selectors.route_updated_at,
        BENCHMARKS.name: selectors.benchmark_updated_at,
        RESULTS.name: selectors.result_updated_at,
    }[kind.name]()
    queryset = kind.model.objects.all() if queryset is None else queryset
    return dict(
        queryset.annotate(updated_at=expression).values_list("pk", "updated_at")
    )


def export_catalog(*, published_only=True, updated_at=False, updated_since=None):
    """
    Return the catalog as a format document (a dict ready for ``json.dump``).

    With ``published_only`` (the default, for the public API), draft models
    and their routes, results and capabilities are left out; every source,
    organization, tag, provider and benchmark is included.

    With ``updated_at`` (the API's), each record but a decision tag carries
    ``updated_at`` (when it, or a record it holds, last changed; the loader
    ignores it) and each route its ``price_history`` (ignored too); with ``updated_since`` too, only the records changed after
    that moment are listed (every decision tag still is).
    """
    updated_at = updated_at or updated_since is not None
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

    reported = {"model_id": defaultdict(list), "route_id": defaultdict(list)}
    figures = ReportedFigure.objects.filter(
        Q(model__in=exported) | Q(route__model__in=exported)
    )
    for figure in figures:
        attname = "model_id" if figure.model_id else "route_id"
        record = _export_record(REPORTED_FIGURES, figure, keys)
        reported[attname][getattr(figure, attname)].append(record)

    def reported_of(attname, pk):
        return sorted(
            reported[attname].get(pk, []), key=lambda r: (r["field"], r["source"])
        )

    exported_models = []
    for obj in language_models:
        record = _export_record(MODELS, obj, keys)
        for name, links in m2m.items():
            record[name] = sorted(links.get(obj.pk, []))
        record["capabilities"] = sorted(
            capabilities.get(obj.pk, []), key=lambda c: c["capability"]
        )
        record[REPORTED_FIGURES.name] = reported_of("model_id", obj.pk)
        exported_models.append(record)

    if updated_at:
        _stamp(exported_models, _updated_at_by_pk(MODELS, exported), language_models)

    routes = []
    route_rows = list(Route.objects.filter(model__in=exported))
    for route in route_rows:
        record = _export_record(ROUTES, route, keys)
        record[REPORTED_FIGURES.name] = reported_of("route_id", route.pk)
        routes.append(record)
    if updated_at:
        routes_of = Route.objects.filter(model__in=exported)
        _stamp(routes, _updated_at_by_pk(ROUTES, routes_of), route_rows)
        history = _price_history_by_route(model_ids)
        for record, row in zip(routes, route_rows, strict=True):
            record[PRICE_HISTORY] = history.get(row.pk, [])
    routes.sort(key=lambda r: (r["provider"], r["identifier"], r["region"]))

    results = []
    result_rows = list(BenchmarkResult.objects.filter(model__in=exported))
    for result in result_rows:
        record = _export_record(RESULTS, result, keys)
        if not record["key"]:
            record["key"] = f"{record['model']}:{record['benchmark']}:{result.pk}"
        results.append(record)
    if updated_at:
        results_of = BenchmarkResult.objects.filter(model__in=exported)
        _stamp(results, _updated_at_by_pk(RESULTS, results_of), result_rows)
    results.sort(key=lambda r: r["key"])

    def simple(kind):
        rows = list(kind.model.objects.all())
        records = [_export_record(kind, obj, keys) for obj in rows]
        if updated_at and kind is not DECISION_TAGS:
            _stamp(records, _updated_at_by_pk(kind), rows)
        return sorted(
            _since(records, updated_since) if kind is not DECISION_TAGS else records,
            key=lambda r: r[_key_attribute(kind)],
        )

    sources = simple(SOURCES)
    dates = [s["retrieved_on"] for s in sources if s["retrieved_on"]]
    if updated_since is not None:
        exported_models = _since(exported_models, updated_since)
        routes = _since(routes, updated_since)
        results = _since(results, updated_since)
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


def _price_history_by_route(model_ids) -> dict[int, list[dict]]:
    """
    Return each route's price changes (``route_price_changes()``, newest
    first) as the model detail's ``price_history`` items, by route pk; one
    query for every model.
    """
    from catalog.selectors import route_price_changes

    history = defaultdict(list)
    for change in route_price_changes(model_ids=model_ids):
        history[change.route_id].append(
            {
                "provider": change.provider,
                "identifier": change.identifier,
                "region": change.region,
                "field": change.field,
                "label": change.label,
                "old": None if change.old is None else plain_decimal(change.old),
                "new": None if change.new is None else plain_decimal(change.new),
                "changed_at": change.changed_at.isoformat(),
            }
        )
    return history


def _stamp(records, updated_at_by_pk, rows):
    """Give each of ``records`` (one per row of ``rows``, in order) its ``updated_at``."""
    for record, row in zip(records, rows, strict=True):
        record["updated_at"] = updated_at_by_pk[row.pk].isoformat()


def _since(records, since):
    if since is None:
        return records
    return [r for r in records if datetime.fromisoformat(r["updated_at"]) > since]
