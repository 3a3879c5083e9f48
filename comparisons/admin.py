from django import forms
from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from . import engine
from .facts import build_comparison
from .models import Comparison


class ComparisonAdminForm(forms.ModelForm):
    class Meta:
        model = Comparison
        fields = [
            "model_a",
            "model_b",
            "status",
            "featured",
            "verdict_override",
            "editor_notes",
            "last_reviewed",
        ]

    def clean(self):
        cleaned_data = super().clean()
        model_a, model_b = cleaned_data.get("model_a"), cleaned_data.get("model_b")
        if model_a and model_b and model_a != model_b:
            # save() stores the pair in slug order, so B vs A is the same row
            # as A vs B; the unique constraint only sees the order typed here.
            reversed_pair = Comparison.objects.filter(model_a=model_b, model_b=model_a)
            if self.instance.pk:
                reversed_pair = reversed_pair.exclude(pk=self.instance.pk)
            if reversed_pair.exists():
                raise forms.ValidationError(
                    "%(model_b)s vs %(model_a)s already exists; edit that comparison instead.",
                    code="duplicate_pair",
                    params={"model_a": model_a, "model_b": model_b},
                )
        return cleaned_data


@admin.register(Comparison)
class ComparisonAdmin(SimpleHistoryAdmin):
    form = ComparisonAdminForm
    list_display = ["pair", "status", "featured", "last_reviewed"]
    list_filter = ["status", "featured"]
    list_select_related = ["model_a", "model_b"]
    search_fields = ["model_a__name", "model_a__slug", "model_b__name", "model_b__slug"]
    autocomplete_fields = ["model_a", "model_b"]
    readonly_fields = ["computed_verdict", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["model_a", "model_b", "status", "featured"]}),
        (
            "Verdict",
            {
                "fields": ["computed_verdict", "verdict_override", "editor_notes"],
                "description": "The page shows your override when you write one; "
                "the computed verdict stays here for comparison.",
            },
        ),
        ("Review", {"fields": ["last_reviewed", "created", "updated"]}),
    ]

    @admin.display(description="pair", ordering="model_a__name")
    def pair(self, obj):
        return str(obj)

    @admin.display(description="computed verdict")
    def computed_verdict(self, obj):
        if not obj.pk:
            return "Shown once the comparison is saved."
        comparison = build_comparison(
            obj.model_a.slug,
            obj.model_b.slug,
            profile=engine.TrafficProfile(),
            today=timezone.localdate(),
            include_drafts=True,
        )
        if comparison is None:
            return "Not available: one of the models is missing."
        return comparison.verdict.computed_sentence
