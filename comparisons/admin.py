from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from catalog.admin import EditorialAdmin, PublishActionsMixin
from catalog.forms import VersionedModelForm
from comparisons.selectors import comparison_list_with_review_state

from . import engine
from .facts import KindsDiffer, build_comparison
from .models import Comparison


class ComparisonAdminForm(VersionedModelForm):
    class Meta:
        model = Comparison
        fields = [
            "model_a",
            "model_b",
            "status",
            "featured",
            "verdict_override",
            "editor_notes",
        ]

    def clean(self):
        cleaned_data = super().clean()
        model_a, model_b = cleaned_data.get("model_a"), cleaned_data.get("model_b")
        pair_changed = self.instance.pk is None or {"model_a", "model_b"} & set(
            self.changed_data
        )
        # A pair of two kinds is refused; one saved before the rule stays
        # editable (to move it to draft, say), and its page is a 404.
        refused = (
            model_a and model_b and engine.kinds_differ_message((model_a, model_b))
        )
        if refused and pair_changed:
            raise forms.ValidationError(
                "%(refused)s Pick two models of one kind.",
                code="kinds_differ",
                params={"refused": refused},
            )
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


class VerdictOverrideListFilter(admin.SimpleListFilter):
    title = "verdict override"
    parameter_name = "override"

    def lookups(self, request, model_admin):
        return [
            ("outdated", "Older than the pair's data"),
            ("current", "Up to date"),
            ("none", "No override"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "outdated":
            return queryset.filter(override_outdated=True)
        if self.value() == "current":
            return queryset.exclude(verdict_override="").filter(override_outdated=False)
        if self.value() == "none":
            return queryset.filter(verdict_override="")
        return queryset


def override_warning(comparison):
    """Return the warning for an override older than the pair's data, or ""."""
    if not getattr(comparison, "override_outdated", False):
        return ""
    changed = timezone.localtime(comparison.pair_changed_at)
    if comparison.verdict_override_updated is None:
        written = "at an unknown date"
    else:
        written = f"on {timezone.localtime(comparison.verdict_override_updated):%Y-%m-%d %H:%M}"
    return (
        f"The verdict override was written {written}, before the pair's data "
        f"last changed ({changed:%Y-%m-%d %H:%M}). Check that it still holds, "
        "then save it again (or clear it)."
    )


@admin.register(Comparison)
class ComparisonAdmin(PublishActionsMixin, EditorialAdmin):
    form = ComparisonAdminForm
    list_display = ["pair", "status", "featured", "last_reviewed", "override_state"]
    list_filter = ["status", "featured", VerdictOverrideListFilter]
    list_select_related = ["model_a", "model_b"]
    search_fields = ["model_a__name", "model_a__slug", "model_b__name", "model_b__slug"]
    autocomplete_fields = ["model_a", "model_b"]
    readonly_fields = [
        "computed_verdict",
        "override_check",
        "verdict_override_updated",
        "created",
        "updated",
    ]
    actions = ["publish", "move_to_draft", "mark_reviewed"]
    noun = ("comparison", "comparisons")
    fieldsets = [
        (
            None,
            {"fields": ["model_a", "model_b", "status", "featured", "opened_version"]},
        ),
        (
            "Verdict",
            {
                "fields": [
                    "computed_verdict",
                    "verdict_override",
                    "override_check",
                    "verdict_override_updated",
                    "editor_notes",
                ],
                "description": "The page shows your override when you write one; "
                "the computed verdict stays here for comparison.",
            },
        ),
        (
            "Review",
            {
                "fields": [
                    ("last_reviewed", "last_reviewed_by"),
                    "created",
                    "updated",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return comparison_list_with_review_state(super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        if "verdict_override" in form.changed_data:
            obj.verdict_override_updated = timezone.now()
        super().save_model(request, obj, form, change)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and (warning := override_warning(obj)):
            self.message_user(request, warning, messages.WARNING)
        if obj is not None and (
            refused := engine.kinds_differ_message((obj.model_a, obj.model_b))
        ):
            self.message_user(
                request,
                f"{refused} This comparison's page answers 404 and no list shows it.",
                messages.WARNING,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="pair", ordering="model_a__name")
    def pair(self, obj):
        return str(obj)

    @admin.display(description="override", ordering="override_outdated")
    def override_state(self, obj):
        if not obj.verdict_override:
            return "—"
        if obj.override_outdated:
            return format_html('<strong class="errornote">{}</strong>', "Outdated")
        return "Up to date"

    @admin.display(description="override check")
    def override_check(self, obj):
        if not obj.pk or not obj.verdict_override:
            return "No override."
        if warning := override_warning(obj):
            return format_html('<strong class="errornote">{}</strong>', warning)
        return "Written after the pair's data last changed."

    @admin.display(description="computed verdict")
    def computed_verdict(self, obj):
        if not obj.pk:
            return "Shown once the comparison is saved."
        try:
            comparison = build_comparison(
                obj.model_a.slug,
                obj.model_b.slug,
                profile=engine.TrafficProfile(),
                today=timezone.localdate(),
                include_drafts=True,
            )
        except KindsDiffer as refused:
            return f"Not computed: {refused}"
        if comparison is None:
            return "Not available: one of the models is missing."
        return comparison.verdict.computed_sentence
