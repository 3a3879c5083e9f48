from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _held_figure_moved(sender, instance, **kwargs):
    # Only a held figure shows on the pages ("Not verified (held for
    # review)"); an Editor's proposal or an import's disagreement leaves the
    # public record as it is until approved, and approval saves the record.
    if instance.kind == sender.Kind.CHECK:
        from sitecache.state import bump_generation

        bump_generation()


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = "Changes awaiting a Publisher"

    def ready(self):
        model = self.get_model("PendingChange")
        uid = "sitecache:changes.PendingChange"
        post_save.connect(_held_figure_moved, sender=model, dispatch_uid=uid)
        post_delete.connect(_held_figure_moved, sender=model, dispatch_uid=uid)
