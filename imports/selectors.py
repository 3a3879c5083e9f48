"""Reads of the import bookkeeping that other parts of the site show."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from imports.models import FieldLock, ImportRun


def field_lock_list_for(*, obj: Model) -> QuerySet[FieldLock]:
    """Return the locks on one catalog row, by field name, with who locked them."""
    return (
        FieldLock.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
        .select_related("locked_by")
        .order_by("field_name")
    )


def import_run_list_recent(*, limit: int = 10) -> QuerySet[ImportRun]:
    """Return the latest import runs, applied or previewed, with who started them."""
    return ImportRun.objects.select_related("created_by").defer("payload")[:limit]
