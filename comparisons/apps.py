from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Comparisons"

    def ready(self):
        from sitecache.state import watch

        from .models import Comparison

        watch(Comparison)
