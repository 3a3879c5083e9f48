"""
The public catalog pages: thin views over ``catalog.selectors``.

``PageMixin`` gives every page its breadcrumbs (base.html shows them and
writes them as schema.org JSON-LD), its canonical URL and the notices that
explain a bad parameter.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView

from catalog.formatting import format_parameters, format_tokens
from sitecache.pages import public_page
from sitecache.state import request_state

from .charts import price_score_svg
from .disagreements import OUTLIER_RATIO, model_disagreements
from .forms_public import LeaderboardForm, ModelFilterForm, SearchForm
from .models import Capability, LanguageModel
from .selectors import (
    benchmark_list,
    benchmark_result_list_leaderboard,
    benchmark_result_list_shown,
    benchmark_search,
    model_list,
    model_list_detailed,
    model_list_peers,
    model_search,
    organization_list,
    organization_list_detailed,
    organization_search,
    provider_list,
    provider_list_detailed,
    provider_search,
    route_price_changes,
    source_list_attributed,
    with_listing_figures,
)

SEARCH_LIMIT = 50


def unique_sources(sources):
    """Return the sources, ``None`` and repeats left out, by title."""
    unique = {source.pk: source for source in sources if source is not None}
    return sorted(unique.values(), key=lambda source: source.title.lower())


# A route table's optional columns and the route field that fills each.
ROUTE_COLUMNS = {
    "region": "region",
    "cached": "cache_read_price",
    "batch_input": "batch_input_price",
    "batch_output": "batch_output_price",
}


def route_columns(routes) -> frozenset[str]:
    """Return the optional route-table columns some of ``routes`` fills."""
    return frozenset(
        column
        for column, field in ROUTE_COLUMNS.items()
        if any(getattr(route, field) not in (None, "") for route in routes)
    )


def competition_ranks(scores, *, higher_is_better):
    """Return each score's rank, best = 1, ties sharing a rank ("1, 2, 2, 4")."""
    first_position = {}
    for position, score in enumerate(sorted(scores, reverse=higher_is_better), 1):
        first_position.setdefault(score, position)
    return [first_position[score] for score in scores]


class PageMixin:
    """
    Add breadcrumbs, the canonical URL and notices to the context, and
    answer the public from the page cache (``sitecache.pages.public_page``).
    """

    noindex = False

    @method_decorator(public_page)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.notices = []

    def get_breadcrumbs(self):
        """Return ``(name, path)`` pairs after "Home", the current page last."""
        return []

    def get_canonical_path(self):
        return self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        breadcrumbs = [("Home", reverse("comparisons:home")), *self.get_breadcrumbs()]
        context.update(
            breadcrumbs=breadcrumbs,
            canonical_url=self.request.build_absolute_uri(self.get_canonical_path()),
            noindex=self.noindex,
            notices=self.notices,
            # The day the page is computed for (its cache key's): a route
            # past its retirement date reads retired.
            today=request_state(self.request).day,
        )
        return context


class ModelListView(PageMixin, ListView):
    template_name = "catalog/languagemodel_list.html"
    context_object_name = "models"
    paginate_by = 50

    def get_breadcrumbs(self):
        return [("Models", reverse("catalog:model-list"))]

    def get_queryset(self):
        self.form = ModelFilterForm(self.request.GET)
        self.filters = self.form.valid_filters()
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label
            self.notices.append(f"{label}: {' '.join(errors)} This filter was ignored.")
        # Filtered variants repeat the list: keep them out of search engines.
        self.noindex = bool(set(self.filters) - {"sort"})
        # Language models unless the reader picks a kind, or any kind.
        kind = self.filters.get("kind", LanguageModel.Kind.LANGUAGE)
        filters = {
            **self.filters,
            "kind": None if kind == ModelFilterForm.ANY_KIND else kind,
        }
        return model_list(**filters)

    def paginate_queryset(self, queryset, page_size):
        """Show page 1 with a notice, never a 404, for a bad page number."""
        paginator = self.get_paginator(queryset, page_size)
        number = self.request.GET.get("page") or 1
        try:
            page = paginator.page(number)
        except (PageNotAnInteger, EmptyPage):
            self.notices.append(
                f"There is no page “{str(number)[:20]}”; showing page 1 instead."
            )
            page = paginator.page(1)
        self.page = page
        return paginator, page, page.object_list, page.has_other_pages()

    def get_canonical_path(self):
        path = reverse("catalog:model-list")
        return f"{path}?page={self.page.number}" if self.page.number > 1 else path

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            sort=self.filters.get("sort", "name"),
            kind=self.filters.get("kind", LanguageModel.Kind.LANGUAGE),
            **kwargs,
        )


class ModelDetailView(PageMixin, DetailView):
    template_name = "catalog/languagemodel_detail.html"
    context_object_name = "model"

    def get_queryset(self):
        # Staff preview drafts; everyone else gets a 404 for them. The
        # cheapest prices are the lists' (trusted routes only), in one query.
        return with_listing_figures(
            model_list_detailed(include_drafts=self.request.user.is_staff)
        )

    def get_breadcrumbs(self):
        return [
            ("Models", reverse("catalog:model-list")),
            (self.object.name, self.object.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        model = self.object
        self.noindex = not model.is_published
        capabilities = {row.capability: row for row in model.capabilities.all()}
        peers = model_list_peers(model=model)
        routes = model.routes.all()
        results = benchmark_result_list_shown(
            model=model, include_drafts=self.request.user.is_staff
        )
        return super().get_context_data(
            capability_rows=[
                (label, capabilities.get(key)) for key, label in Capability.choices
            ],
            routes=routes,
            route_columns=route_columns(routes),
            cheapest_input=model.cheapest_input,
            cheapest_output=model.cheapest_output,
            # The lists' count (selectors.FREE_ROUTE: plans are not free tiers).
            free_route_count=model.free_route_count,
            context_compact=model.context_window
            and format_tokens(model.context_window),
            results=results,
            peers=peers,
            parameters=model.parameter_count
            and format_parameters(model.parameter_count),
            active_parameters=model.active_parameter_count
            and format_parameters(model.active_parameter_count),
            sources=self.cited_sources(model, results),
            price_changes=self.price_changes(routes),
            disagreements=model_disagreements(model=model),
            outlier_ratio=OUTLIER_RATIO,
            **self.feed_context(model),
            **kwargs,
        )

    @staticmethod
    def feed_context(model):
        """Return the model's Atom feed for the page's <head>; none for a draft."""
        if not model.is_published:
            return {}
        return {
            "feed_url": reverse("catalog:model-feed", args=[model.slug]),
            "feed_title": f"{model.name}: changes",
        }

    def price_changes(self, routes):
        """
        Return the price history of the model's routes.

        A route at version 1 was never saved after it was created, so it has
        no change to show: the history query runs only when one was.
        """
        if not any(route.version > 1 for route in routes):
            return []
        return route_price_changes(model_ids=[self.object.pk])

    @staticmethod
    def cited_sources(model, results):
        """Return every source the page cites, once each (no query: all prefetched)."""
        return unique_sources(
            [
                *model.sources.all(),
                model.lifecycle_source,
                *(row.source for row in model.capabilities.all()),
                *(route.source for route in model.routes.all()),
                *(result.source for result in results),
            ]
        )


class OrganizationListView(PageMixin, ListView):
    template_name = "catalog/organization_list.html"
    context_object_name = "organizations"

    def get_queryset(self):
        return organization_list()

    def get_breadcrumbs(self):
        return [("Organizations", reverse("catalog:organization-list"))]


class OrganizationDetailView(PageMixin, DetailView):
    template_name = "catalog/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return organization_list_detailed()

    def get_breadcrumbs(self):
        return [
            ("Organizations", reverse("catalog:organization-list")),
            (self.object.name, self.object.get_absolute_url()),
        ]


class ProviderListView(PageMixin, ListView):
    template_name = "catalog/provider_list.html"
    context_object_name = "providers"

    def get_queryset(self):
        return provider_list()

    def get_breadcrumbs(self):
        return [("Providers", reverse("catalog:provider-list"))]


class ProviderDetailView(PageMixin, DetailView):
    template_name = "catalog/provider_detail.html"
    context_object_name = "provider"

    def get_queryset(self):
        return provider_list_detailed()

    def get_breadcrumbs(self):
        return [
            ("Providers", reverse("catalog:provider-list")),
            (self.object.name, self.object.get_absolute_url()),
        ]

    paginate_by = 50
    # ?sort=: model name (the default) or blended price, cheapest first.
    SORTS = {"model": "Model name", "price": "Price, cheapest first"}

    def get_context_data(self, **kwargs):
        routes = self.object.published_routes
        sort = self.request.GET.get("sort", "")
        if sort not in self.SORTS:
            sort = "model"
        ordered = routes if sort == "model" else sorted(routes, key=blended_price_key)
        paginator = Paginator(ordered, self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            routes=page_obj.object_list,
            route_columns=route_columns(page_obj.object_list),
            route_count=len(routes),
            page_obj=page_obj,
            is_paginated=page_obj.has_other_pages(),
            sort=sort,
            sorts=self.SORTS,
            model_count=len({route.model_id for route in routes}),
            sources=unique_sources(route.source for route in routes),
            **kwargs,
        )


def blended_price_key(route) -> tuple:
    """
    Return a route's sort key by price: 3 input tokens to 1 output token, as
    the price-against-score charts blend them; unpriced routes last.
    """
    if route.input_price is None or route.output_price is None:
        return (True, 0, route.model.name.casefold())
    blended = 3 * route.input_price + route.output_price
    return (False, blended, route.model.name.casefold())


class BenchmarkListView(PageMixin, ListView):
    template_name = "catalog/benchmark_list.html"
    context_object_name = "benchmarks"

    def get_queryset(self):
        return benchmark_list()

    def get_breadcrumbs(self):
        return [("Benchmarks", reverse("catalog:benchmark-list"))]


class BenchmarkDetailView(PageMixin, DetailView):
    template_name = "catalog/benchmark_detail.html"
    context_object_name = "benchmark"

    def get_queryset(self):
        return benchmark_list()

    def get_breadcrumbs(self):
        return [
            ("Benchmarks", reverse("catalog:benchmark-list")),
            (self.object.name, self.object.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        benchmark = self.object
        form = LeaderboardForm(self.request.GET)
        if not form.is_valid():
            self.notices.append("Unknown order; showing the best scores first.")
        best_first = form.cleaned_data.get("order") != "worst"
        results = list(
            benchmark_result_list_leaderboard(
                benchmark=benchmark, best_first=best_first
            )
        )
        ranks = competition_ranks(
            [result.score for result in results],
            higher_is_better=benchmark.higher_is_better,
        )
        plotted = [r for r in results if r.blended_price is not None]
        direction = "higher" if benchmark.higher_is_better else "lower"
        chart = price_score_svg(
            [(r.model.name, r.blended_price, r.score, False) for r in plotted],
            title=f"{benchmark.name} score against price",
            description=(
                f"Scatter plot of {len(plotted)} published models. Across: the "
                "cheapest blended price per 1M tokens (3 input tokens to 1 output "
                f"token), on a log scale. Up: the {benchmark.name} score "
                f"({benchmark.unit}); {direction} is better. The table after the "
                "chart lists the same figures."
            ),
            y_label=f"{benchmark.name} score ({benchmark.unit})",
            chart_id="price-score",
        )
        return super().get_context_data(
            best_first=best_first,
            rows=list(zip(ranks, results, strict=True)),
            plotted=plotted,
            # price_score_svg escapes every label and title it is given.
            chart=mark_safe(chart),
            sources=unique_sources(r.source for r in results),
            **kwargs,
        )


class SearchView(PageMixin, TemplateView):
    template_name = "search.html"
    noindex = True

    def get_breadcrumbs(self):
        return [("Search", reverse("catalog:search"))]

    def get_context_data(self, **kwargs):
        # A bare /search/ shows the empty form; "?q=" with nothing usable says why.
        form = SearchForm(self.request.GET if "q" in self.request.GET else None)
        query = ""
        sections = []
        if form.is_valid():
            query = form.cleaned_data["q"]
            searches = [
                ("Models", model_search),
                ("Organizations", organization_search),
                ("Providers", provider_search),
                ("Benchmarks", benchmark_search),
            ]
            for title, search in searches:
                # One row over the limit tells us there are more.
                rows = list(search(query=query, limit=SEARCH_LIMIT + 1))
                sections.append((title, rows[:SEARCH_LIMIT], len(rows) > SEARCH_LIMIT))
        return super().get_context_data(
            form=form,
            query=query,
            sections=sections,
            result_count=sum(len(rows) for _, rows, _ in sections),
            search_limit=SEARCH_LIMIT,
            **kwargs,
        )


class AboutDataView(PageMixin, TemplateView):
    template_name = "about_data.html"

    def get_breadcrumbs(self):
        return [("About the data", reverse("catalog:about-data"))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            attributed_sources=source_list_attributed(), **kwargs
        )
