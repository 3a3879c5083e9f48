from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from sitecache.state import watch

        from . import models

        # Every row a public page or the API reads (comparisons watch theirs).
        watch(
            models.Source,
            models.Organization,
            models.DecisionTag,
            models.LanguageModel,
            models.ModelCapability,
            models.Provider,
            models.Route,
            models.ReportedFigure,
            models.Benchmark,
            models.BenchmarkResult,
        )
