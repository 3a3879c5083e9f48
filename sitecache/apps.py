from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SitecacheConfig(AppConfig):
    name = "sitecache"
    verbose_name = "Site cache"

    def ready(self):
        from .state import create_cache_tables

        post_migrate.connect(
            create_cache_tables, sender=self, dispatch_uid="sitecache.tables"
        )
