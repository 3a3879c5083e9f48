"""
Forms for the catalog admin.

Model and database constraints stay the source of truth; these forms add
what an editor needs on top: checkboxes for the modality lists, one row per
capability, and the checks a formset cannot run one form at a time.
"""

from django import forms
from django.core.validators import MinValueValidator
from django.forms.models import BaseInlineFormSet

from .models import BenchmarkResult, Capability, LanguageModel, Modality


def constraint_message(model, name):
    """Return the ``violation_error_message`` of the constraint called ``name``."""
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return constraint.get_violation_error_message()
    raise LookupError(f"{model.__name__} has no constraint named {name!r}.")


class ModalitiesField(forms.MultipleChoiceField):
    """A JSON list of modalities, edited as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=Modality.choices, **kwargs)

    def keep_values(self, values):
        """
        Add a checkbox for each stored value that isn't a ``Modality``.

        Imported data may hold values the choices don't know yet; showing
        them keeps a save from silently dropping them.
        """
        known = {value for value, _ in self.choices}
        extra = [value for value in values or [] if value not in known]
        if extra:
            self.choices = [*self.choices, *((value, value) for value in extra)]

    def clean(self, value):
        selected = set(super().clean(value))
        # Store in choice order, whatever order the browser sent, so the
        # history shows no change when nothing changed.
        return [choice for choice, _ in self.choices if choice in selected]


class LanguageModelAdminForm(forms.ModelForm):
    input_modalities = ModalitiesField(help_text="What the model accepts.")
    output_modalities = ModalitiesField(help_text="What the model produces.")

    class Meta:
        model = LanguageModel
        # The admin adds every other field from its fieldsets.
        fields = ["input_modalities", "output_modalities"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("input_modalities", "output_modalities"):
            if name in self.fields:
                self.fields[name].keep_values(getattr(self.instance, name))
        # The database refuses 0 here; say why next to the field rather than
        # as a generic "constraint is violated" message.
        for name in ("context_window", "max_output_tokens"):
            if name in self.fields:
                self.fields[name].validators.append(
                    MinValueValidator(
                        1, "Enter at least 1 token, or leave empty when unknown."
                    )
                )
                self.fields[name].widget.attrs["min"] = 1


class CapabilityInlineFormSet(BaseInlineFormSet):
    """
    Offer a row for every capability: the ones on record, then the missing
    ones, prefilled and left unknown.

    A prefilled row that the editor doesn't touch is not saved, so "no row"
    keeps meaning "unknown".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listed = {row.capability for row in self.get_queryset()}
        self.initial_extra = [
            {"capability": capability}
            for capability in Capability.values
            if capability not in listed
        ]


class BenchmarkResultInlineFormSet(BaseInlineFormSet):
    """
    Refuse two results "used on pages" for one benchmark in the same save.

    Each form checks the database on its own, but the conditional unique
    constraint isn't checked across the rows of one formset, and saving them
    would fail in the database.
    """

    def clean(self):
        super().clean()
        message = constraint_message(
            BenchmarkResult, "one_primary_result_per_model_benchmark"
        )
        primary_benchmarks = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", {})
            benchmark = data.get("benchmark")
            if not data.get("is_primary") or benchmark is None:
                continue
            # The form may already have said so after checking the database.
            if (
                benchmark in primary_benchmarks
                and message not in form.non_field_errors()
            ):
                form.add_error(None, message)
            primary_benchmarks.add(benchmark)
