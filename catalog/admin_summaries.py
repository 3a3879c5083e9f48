"""
The model form's short read-only parts (issue 22, item 3): a line per route
(provider, prices per 1M tokens, last verified) and per benchmark result,
each list linking to its filtered changelist, where they are edited (the
routes in the price grid); and the help texts, with units, of the fields an
editor types into.
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from . import formatting
from .models import Lifecycle

# How many lines each summary shows; the link lists them all.
SUMMARY_LINES = 6
PER_1M = "US dollars per 1M tokens; empty = not sourced, 0 = free."
LAST_VERIFIED = (
    "Last verified: the day the figures were last checked against their "
    "source (by an import or an editor). Not the same as last reviewed."
)
LAST_REVIEWED = (
    "Last reviewed: the day a Publisher (or an Editor, for a routine item) "
    "marked the record reviewed with the “Mark reviewed” action; set by "
    "that action only. Not the same as last verified."
)
# Help text the admin shows where the model's own is missing or has no unit.
FIELD_HELP = {
    "languagemodel": {
        "name": "Required. As the lab writes it, e.g. “GPT-4o”.",
        "organization": "Required. The lab that made the model.",
        "family": "e.g. “GPT-4”; groups the model's versions.",
        "kind": "Language, embedding, reranking, speech, image, video or other; "
        "pages compare models of one kind.",
        "variant_of": "The model this one is a dated snapshot or preview of.",
        "description": "One or two plain sentences for the model's page.",
        "release_date": "YYYY-MM-DD, the day the lab released it.",
        "lifecycle_status": "Active, preview, deprecated or retired, on the lab's own API.",
        "context_window": "In tokens, input and output together, e.g. 128000.",
        "max_output_tokens": "In tokens, the most one answer may hold.",
        "parameter_count": "Total parameters as a whole number, e.g. 4000000000 for 4B.",
        "active_parameter_count": "Active parameters per token (mixture of experts), "
        "a whole number.",
        "lifecycle_source": "The page that says the lifecycle status.",
        "sources": "The pages the model's figures come from.",
        "status": "Drafts are hidden from the public site.",
        "last_reviewed": LAST_REVIEWED,
    },
    "route": {
        "region": "Empty = global (served from anywhere); else the provider's "
        "region, e.g. “eu”.",
        "input_price": PER_1M,
        "output_price": PER_1M,
        "cache_read_price": f"Cached input. {PER_1M}",
        "cache_write_price": f"Writing to the cache. {PER_1M}",
        "batch_input_price": f"Batch API. {PER_1M}",
        "batch_output_price": f"Batch API. {PER_1M}",
        "long_context_input_price": PER_1M,
        "long_context_output_price": PER_1M,
        "long_context_threshold": "In input tokens; above it the whole request "
        "pays the long-context prices.",
        "output_tokens_per_second": "Measured output speed, in tokens per second.",
        "time_to_first_token_ms": "In milliseconds.",
        "source": "Who published the prices; set with the URL by the source picker.",
        "last_verified": LAST_VERIFIED,
        "last_reviewed": LAST_REVIEWED,
    },
    "benchmarkresult": {
        "score": "On the benchmark's own scale and unit (its page says which): "
        "a percentage is 0-100 (“71.3”, not 0.713); an index or Elo as published.",
        "measured_on": "YYYY-MM-DD, the day the source measured it.",
        "source_url": "The page the score was read from.",
        "last_reviewed": LAST_REVIEWED,
    },
}


class FieldHelpMixin:
    """A ModelAdmin giving its form fields ``FIELD_HELP``'s texts."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        text = FIELD_HELP.get(self.opts.model_name, {}).get(db_field.name)
        if formfield is not None and text:
            formfield.help_text = text
        return formfield


def _summary(model, admin_name, rows, noun, line, values) -> str:
    """
    Return ``rows`` (routes or results of ``model``) as ``line``s filled with
    ``values(row)``, the first ``SUMMARY_LINES``, and a link to the changelist
    ``admin_name`` filtered to the model; or, without rows, a link to add one.
    """
    if not rows:
        return format_html(
            'No {}. <a href="{}">Add one</a>.',
            noun,
            reverse(f"admin:catalog_{admin_name}_add") + f"?model={model.pk}",
        )
    url = (
        reverse(f"admin:catalog_{admin_name}_changelist")
        + f"?model__id__exact={model.pk}"
    )
    shown = rows[:SUMMARY_LINES]
    more = (
        format_html('<a href="{}">All {} {} →</a>', url, len(rows), noun)
        if len(rows) > len(shown)
        else format_html('<a href="{}">Edit them in a list →</a>', url)
    )
    return format_html(
        '<ul class="record-summary">{}</ul><p>{}</p>',
        format_html_join("", line, (values(row) for row in shown)),
        more,
    )


def _price(value):
    return "—" if value is None else formatting.format_price(value)


def route_lines(model) -> str:
    """
    Return the model's routes, one line each (provider, region, input,
    output and cached input per 1M tokens, last verified), linking to the
    price grid filtered to the model. Callable routes first, cheapest first.
    """
    routes = sorted(
        model.routes.select_related("provider").only(
            "pk",
            "region",
            "identifier",
            "input_price",
            "output_price",
            "cache_read_price",
            "last_verified",
            "lifecycle_status",
            "provider__name",
        ),
        key=lambda route: (
            route.lifecycle_status == Lifecycle.RETIRED,
            route.input_price is None,
            route.input_price or 0,
            route.pk,
        ),
    )
    return _summary(
        model,
        "route",
        routes,
        "routes",
        '<li><a href="{}">{}{}</a>: in {} · out {} · cached {} per 1M · {}</li>',
        lambda route: (
            reverse("admin:catalog_route_change", args=[route.pk]),
            route.provider.name,
            f" ({route.region})" if route.region else "",
            _price(route.input_price),
            _price(route.output_price),
            _price(route.cache_read_price),
            f"verified {route.last_verified:%Y-%m-%d}"
            if route.last_verified
            else "never verified",
        ),
    )


def result_lines(model) -> str:
    """Return the model's benchmark results, one line each, linking to their list."""
    results = list(
        model.benchmark_results.select_related("benchmark").order_by(
            "benchmark__name", "pk"
        )
    )
    return _summary(
        model,
        "benchmarkresult",
        results,
        "benchmark results",
        '<li><a href="{}">{}</a>: {} {}{} · {}{}</li>',
        lambda result: (
            reverse("admin:catalog_benchmarkresult_change", args=[result.pk]),
            result.benchmark.name,
            formatting.format_score(result.score, result.benchmark.unit),
            result.benchmark.unit,
            f" of {formatting.plain_decimal(result.benchmark.scale_max)}"
            if result.benchmark.scale_max
            else "",
            result.get_provenance_display().lower(),
            f" · measured {result.measured_on:%Y-%m-%d}" if result.measured_on else "",
        ),
    )
