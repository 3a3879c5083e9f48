from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from . import cache, models

        # Every row a public page or the API reads (comparisons register theirs).
        cache.connect_receivers(
            models.Source,
            models.Organization,
            models.DecisionTag,
            models.LanguageModel,
            models.ModelCapability,
            models.Provider,
            models.Route,
            models.Benchmark,
            models.BenchmarkResult,
        )
