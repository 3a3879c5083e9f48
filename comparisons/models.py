"""
Curated comparisons: the editors' layer over a computed pair.

Any two published models have a computed comparison page; a ``Comparison``
row adds the editors' verdict override, notes, review date and the
featured flag. The engine never imports this module.

``verdict_override_updated`` records when the override text was last
written, so the admin can flag an override older than the pair's data.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from catalog.models import (
    LanguageModel,
    PublicationStatus,
    VersionedModel,
    last_reviewed_by_field,
)
from comparisons import engine


def pair_url(slug_a: str, slug_b: str) -> str:
    """Return the path of the comparison page of two models, in either order."""
    return reverse(
        "comparisons:detail", kwargs={"pair": engine.pair_slug(slug_a, slug_b)}
    )


class ComparisonQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            status=PublicationStatus.PUBLISHED,
            model_a__status=PublicationStatus.PUBLISHED,
            model_b__status=PublicationStatus.PUBLISHED,
        )

    def involving(self, *models):
        return self.filter(Q(model_a__in=models) | Q(model_b__in=models))

    def of_one_kind(self):
        """Return the pairs of two models of one kind: the only ones pages show."""
        return self.filter(model_a__kind=F("model_b__kind"))


class Comparison(VersionedModel):
    """A pair of models that editors curate. Stored in canonical (slug) order."""

    model_a = models.ForeignKey(
        LanguageModel, on_delete=models.CASCADE, related_name="+"
    )
    model_b = models.ForeignKey(
        LanguageModel, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=PublicationStatus, default=PublicationStatus.DRAFT
    )
    featured = models.BooleanField(default=False, help_text="Listed on the home page.")
    verdict_override = models.TextField(
        blank=True,
        help_text="Replaces the computed verdict sentence on the page. Leave empty to use the computed one.",
    )
    verdict_override_updated = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the verdict override text was last written.",
    )
    editor_notes = models.TextField(
        blank=True, help_text="Shown on the page under the verdict."
    )
    last_reviewed = models.DateField(null=True, blank=True)
    last_reviewed_by = last_reviewed_by_field()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = ComparisonQuerySet.as_manager()

    class Meta:
        ordering = ["-featured", "-last_reviewed", "pk"]
        permissions = [
            ("publish_comparison", "Can publish and unpublish comparisons"),
            ("review_comparison", "Can mark comparisons reviewed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["model_a", "model_b"], name="unique_comparison_pair"
            ),
            models.CheckConstraint(
                condition=~Q(model_a=F("model_b")),
                name="comparison_models_differ",
                violation_error_message="Pick two different models.",
            ),
        ]

    def __str__(self):
        return f"{self.model_a} vs {self.model_b}"

    def save(self, *args, **kwargs):
        # Canonical order is alphabetical by slug, so /compare/a-vs-b/ has one row.
        if (
            self.model_a_id
            and self.model_b_id
            and self.model_a.slug > self.model_b.slug
        ):
            self.model_a, self.model_b = self.model_b, self.model_a
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return pair_url(self.model_a.slug, self.model_b.slug)

    @property
    def slug(self):
        return engine.pair_slug(self.model_a.slug, self.model_b.slug)
