"""
The sitemap: published models, curated published comparisons, and the
organizations, providers and benchmarks that have something published.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from catalog.models import (
    Benchmark,
    BenchmarkResult,
    LanguageModel,
    Organization,
    Provider,
    PublicationStatus,
    Route,
)
from comparisons.selectors import comparison_list_published


class StaticPageSitemap(Sitemap):
    def items(self):
        return [
            "comparisons:home",
            "catalog:model-list",
            "catalog:organization-list",
            "catalog:provider-list",
            "catalog:benchmark-list",
            "catalog:about-data",
        ]

    def location(self, item):
        return reverse(item)


class LanguageModelSitemap(Sitemap):
    def items(self):
        return LanguageModel.objects.published().order_by("slug")

    def lastmod(self, obj):
        return obj.last_reviewed


class ComparisonSitemap(Sitemap):
    def items(self):
        return comparison_list_published().order_by("pk")

    def lastmod(self, obj):
        return obj.last_reviewed


class OrganizationSitemap(Sitemap):
    def items(self):
        published = LanguageModel.objects.published().filter(
            organization=OuterRef("pk")
        )
        return Organization.objects.filter(Exists(published)).order_by("slug")


class ProviderSitemap(Sitemap):
    def items(self):
        routes = Route.objects.filter(
            provider=OuterRef("pk"), model__status=PublicationStatus.PUBLISHED
        )
        return Provider.objects.filter(Exists(routes)).order_by("slug")


class BenchmarkSitemap(Sitemap):
    def items(self):
        results = BenchmarkResult.objects.filter(
            benchmark=OuterRef("pk"),
            is_primary=True,
            model__status=PublicationStatus.PUBLISHED,
        )
        return Benchmark.objects.filter(Exists(results)).order_by("slug")


sitemaps = {
    "pages": StaticPageSitemap,
    "models": LanguageModelSitemap,
    "comparisons": ComparisonSitemap,
    "organizations": OrganizationSitemap,
    "providers": ProviderSitemap,
    "benchmarks": BenchmarkSitemap,
}
