from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SitecacheConfig(AppConfig):
    name = "sitecache"
    verbose_name = "Site cache"

    def ready(self):
        from .state import create_cache_tables, moved_on_by_migrate

        post_migrate.connect(
            create_cache_tables, sender=self, dispatch_uid="sitecache.tables"
        )
        # After the table exists: a migration or a flush may change content.
        post_migrate.connect(
            moved_on_by_migrate, sender=self, dispatch_uid="sitecache.migrate"
        )
