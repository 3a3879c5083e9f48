from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class PendingChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=PendingChange.Status.PENDING)

    def about(self, obj):
        """Return the changes of one record (``obj`` a model instance)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class PendingChange(models.Model):
    """
    A change to a public record that waits for a Publisher: the fields it
    changes, each with the value it was proposed against (``old``) and the
    value proposed (``new``), as text (``Field.value_to_string()``), and why
    it waits. A change with no ``object_id`` creates a record.
    """

    class Kind(models.TextChoices):
        EDIT = "edit", "An Editor's change to a published record"
        CHECK = "check", "A figure that failed a consistency check"
        IMPORT = (
            "import",
            "An import that disagrees with a locked field or an editor's change",
        )

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a Publisher"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Empty for a record the change creates."
    )
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(
        max_length=300, help_text="The record, as named when the change was made."
    )
    changes = models.JSONField(
        help_text='Each field changed: {"field": {"old": "...", "new": "..."}}.'
    )
    fields = models.CharField(
        max_length=500,
        blank=True,
        editable=False,
        help_text="The names of the fields changed, comma-separated (for queries).",
    )
    kind = models.CharField(max_length=10, choices=Kind)
    reason = models.TextField(help_text="Why the change waits for a Publisher.")
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where it came from: an import run, a file.",
    )
    base_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The record's version the change was made on."
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [
            (
                "decide_pendingchange",
                "Can approve or reject changes, and publish directly",
            )
        ]

    def __str__(self):
        fields = ", ".join(self.changes)
        return f"{self.label}: {fields} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        self.fields = ",".join(sorted(self.changes))[:500]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "fields"}
        super().save(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
