from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = "Changes awaiting a Publisher"

    def ready(self):
        from sitecache.state import watch

        # A held figure shows as "not verified" on the pages until decided.
        watch(self.get_model("PendingChange"))
