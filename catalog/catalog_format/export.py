"""
Export: the catalog in the database as a format document, the one the
API's ``/api/v1/export`` returns and ``load_catalog()`` reads back.
"""

from collections import defaultdict

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

    routes = []
    for route in Route.objects.filter(model__in=exported):
        record = _export_record(ROUTES, route, keys)
        record[REPORTED_FIGURES.name] = reported_of("route_id", route.pk)
        routes.append(record)
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
