"""Reads of the import bookkeeping that other parts of the site show."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from imports.models import Disagreement, FieldLock, ImportRun


def disagreement_list_open(
    *, model: type[Model] | None = None
) -> QuerySet[Disagreement]:
    """
    Return the disagreements no editor has resolved yet, newest import
    first, each with its run, its kind and (prefetched) its catalog row as
    ``target``. With ``model``, only those about rows of that catalog model.
    """
    queryset = Disagreement.objects.open()
    if model is not None:
        queryset = queryset.filter(
            content_type=ContentType.objects.get_for_model(model)
        )
    return (
        queryset.select_related("run", "content_type")
        .prefetch_related("target")
        .order_by("-run__created", "content_type_id", "object_id", "field_name")
    )


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
