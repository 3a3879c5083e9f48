"""
Bookkeeping of catalog imports: which row each source's id stands for,
which values editors have locked, each run with its diff, and the values a
source disagrees with.

None of these point at catalog tables with a real foreign key (they use
content types), so the catalog's migrations and these never depend on each
other.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from catalog.models import Capability
from imports.records import (
    MODEL_FIELDS,
    ORGANIZATION_FIELDS,
    PROVIDER_FIELDS,
    ROUTE_FIELDS,
    SOURCE_FIELDS,
)

# The catalog models an import writes, by content-type model name.
CATALOG_MODELS = ("source", "organization", "provider", "languagemodel", "route")
CATALOG_CONTENT_TYPES = models.Q(app_label="catalog", model__in=CATALOG_MODELS)
CAPABILITY_FIELD_PREFIX = "capabilities."


class ImportFormat(models.TextChoices):
    MODELS_DEV = "models.dev", "models.dev (tree or api.json)"
    LITELLM = "litellm", "LiteLLM model_prices_and_context_window.json"
    GENAI_PRICES = "genai-prices", "genai-prices (data.json or provider YAML)"
    CATALOG = "catalog", "Catalog file (this site's format)"


class ExternalSource(models.TextChoices):
    MODELS_DEV = "models-dev", "models.dev"
    LITELLM = "litellm", "LiteLLM"
    GENAI_PRICES = "genai-prices", "genai-prices"
    CATALOG = "catalog", "Catalog file"


def lockable_fields(model):
    """Return the names of the fields of a catalog model that imports write, and so may be locked."""
    names = {
        "source": SOURCE_FIELDS,
        "organization": ORGANIZATION_FIELDS,
        "provider": PROVIDER_FIELDS,
        "languagemodel": MODEL_FIELDS
        | {f"{CAPABILITY_FIELD_PREFIX}{c}" for c in Capability.values},
        "route": ROUTE_FIELDS,
    }
    return set(names.get(model._meta.model_name, ()))


class ExternalId(models.Model):
    """
    A source's id for a catalog row, so the next import finds the row again
    even if its slug or identifier changed. Imports record these; an editor
    may add or correct one to match what an import could not.
    """

    source = models.CharField(max_length=20, choices=ExternalSource)
    external_id = models.CharField(
        max_length=300,
        help_text="The id in the source, e.g. 'openai/gpt-4o' (models.dev) or a LiteLLM key.",
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        limit_choices_to=CATALOG_CONTENT_TYPES,
        verbose_name="kind",
    )
    object_id = models.PositiveBigIntegerField(
        "row id", help_text="The id of the catalog row (see its admin URL)."
    )
    target = GenericForeignKey("content_type", "object_id")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "external id"
        ordering = ["source", "external_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id", "content_type"],
                name="unique_external_id_per_source_and_kind",
                violation_error_message="This source's id already stands for a row of this kind.",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_source_display()}: {self.external_id}"

    def clean(self):
        if self.content_type_id and self.object_id is not None:
            model = self.content_type.model_class()
            if (
                model is not None
                and not model.objects.filter(pk=self.object_id).exists()
            ):
                raise ValidationError(
                    {
                        "object_id": f"There is no {model._meta.verbose_name} with id {self.object_id}."
                    }
                )


class FieldLock(models.Model):
    """
    A value an editor holds authoritative: imports never overwrite it and
    report a disagreement instead. A model's capability is locked as
    ``capabilities.<capability>`` on the model.
    """

    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        limit_choices_to=CATALOG_CONTENT_TYPES,
        verbose_name="kind",
    )
    object_id = models.PositiveBigIntegerField(
        "row id", help_text="The id of the catalog row (see its admin URL)."
    )
    target = GenericForeignKey("content_type", "object_id")
    field_name = models.CharField(
        max_length=100,
        help_text="A field of that row, e.g. 'input_price' or 'capabilities.vision'.",
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="Why the value is authoritative."
    )
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "field lock"
        ordering = ["content_type", "object_id", "field_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field_name"],
                name="unique_field_lock",
                violation_error_message="This field is already locked.",
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id}: {self.field_name}"

    def clean(self):
        if not self.content_type_id:
            return
        model = self.content_type.model_class()
        if model is None:
            return
        errors = {}
        if self.field_name and self.field_name not in lockable_fields(model):
            errors["field_name"] = (
                f"{model._meta.verbose_name.capitalize()} has no field "
                f"{self.field_name!r} to lock. Choose one of: "
                f"{', '.join(sorted(lockable_fields(model)))}."
            )
        if (
            self.object_id is not None
            and not model.objects.filter(pk=self.object_id).exists()
        ):
            errors["object_id"] = (
                f"There is no {model._meta.verbose_name} with id {self.object_id}."
            )
        if errors:
            raise ValidationError(errors)


class ImportRun(models.Model):
    """One import: a preview waiting for confirmation, or an applied run."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Preview (not applied)"
        APPLIED = "applied", "Applied"
        UNCHANGED = "unchanged", "Unchanged upstream (nothing to import)"
        FAILED = "failed", "Failed"

    format = models.CharField(max_length=20, choices=ImportFormat)
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status, default=Status.PREVIEW)
    import_date = models.DateField(
        help_text="The day the import ran as: route prices are verified on it, "
        "and date-constrained prices are those in force on it."
    )
    created = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The uploaded file, kept between the preview and the confirmation and
    # read (and validated) again on apply; emptied once applied.
    payload = models.BinaryField(blank=True, default=b"", editable=False)
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="Hash of the previewed diff."
    )
    counts = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(
        default=dict, blank=True, help_text="The diff, each list cut short."
    )
    error = models.TextField(blank=True)
    # A refresh from upstream (manage.py refresh_catalog): where it fetched
    # from, the validators the next refresh sends back, and the body's hash.
    source_url = models.URLField("source URL", max_length=500, blank=True)
    etag = models.CharField("ETag", max_length=300, blank=True)
    last_modified = models.CharField(
        "Last-Modified", max_length=100, blank=True, help_text="As the server sent it."
    )
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the fetched body."
    )
    duration = models.DurationField(
        null=True, blank=True, help_text="Fetch and import, for a refresh."
    )

    class Meta:
        verbose_name = "import run"
        ordering = ["-created"]
        # Adding a run is uploading a file and reading its dry run; applying
        # writes it (Publishers: imports/migrations' role grants).
        permissions = [("apply_importrun", "Can apply an import to the catalog")]

    def __str__(self):
        return f"{self.get_format_display().split(' ')[0]} {self.file_name} ({self.created:%Y-%m-%d %H:%M})"

    def total(self, what):
        """Return the sum of one count ("created", "changed", ...) over every kind."""
        return sum(kind.get(what, 0) for kind in self.counts.values())


class RefreshLock(models.Model):
    """
    The lock that keeps two ``refresh_catalog`` runs from importing at once
    on databases without advisory locks (SQLite): a row exists while a run
    holds it. A row older than ``imports.refresh.LOCK_EXPIRES`` was left by
    a run that died, and the next run takes it over.
    """

    name = models.CharField(max_length=50, unique=True)
    holder = models.CharField(max_length=200, help_text="host:pid of the run.")
    acquired_at = models.DateTimeField()

    class Meta:
        verbose_name = "refresh lock"

    def __str__(self):
        return (
            f"{self.name} held by {self.holder} since {self.acquired_at:%Y-%m-%d %H:%M}"
        )
