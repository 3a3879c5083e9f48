from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Comparisons"

    def ready(self):
        from catalog.cache import connect_receivers

        from .models import Comparison

        connect_receivers(Comparison)
