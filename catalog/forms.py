"""
Forms for the catalog admin.

Model and database constraints stay the source of truth; these forms add
what an editor needs on top: checkboxes for the modality lists, one row per
capability, the checks a formset cannot run one form at a time, and the
version a page was opened at, so that a save over someone else's newer
edit is refused with what they changed (optimistic locking, see
``VersionedModel``).
"""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.text import capfirst

from .formatting import plain_decimal
from .models import BenchmarkResult, Capability, LanguageModel, Modality, Source
from .sourcing import site_of, source_for_url


def _display(field, value):
    """Return a field's value as an editor reads it in a message."""
    if value is None or value == "" or value == []:
        return "empty"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, list):
        names = [
            str(item.get(field.m2m_reverse_field_name(), item))
            if isinstance(item, dict)
            else str(item)
            for item in value
        ]
        return ", ".join(sorted(names)) or "empty"
    return str(value)


def changes_since(instance, opened_version):
    """
    Return ``(editors, when, changes)`` for what was saved on ``instance``'s
    row after ``opened_version``: the editors' names, the time of the latest
    save and ``"Field: value then → value now"`` lines, from its history.
    """
    model = type(instance)
    history = model.history.filter(id=instance.pk)
    newer = list(
        history.filter(version__gt=opened_version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if not newer:
        return [], None, []
    editors = []
    for record in newer:
        name = (
            record.history_user.get_username()
            if record.history_user
            else "an import or script"
        )
        if name not in editors:
            editors.append(name)
    latest = newer[-1]
    base = history.filter(version__lte=opened_version).order_by(
        "-history_date", "-history_id"
    )[:1]
    lines = []
    if base:
        delta = latest.diff_against(base[0], foreign_keys_are_objs=True)
        for change in delta.changes:
            field = model._meta.get_field(change.field)
            lines.append(
                f"{capfirst(field.verbose_name)}: "
                f"{_display(field, change.old)} → {_display(field, change.new)}"
            )
    return editors, latest.history_date, lines


def conflict_message(instance, opened_version, *, target="it"):
    """Return the error shown when ``instance`` changed after the page was opened."""
    editors, when, lines = changes_since(instance, opened_version)
    name = instance._meta.verbose_name
    if editors:
        who = f"{' and '.join(editors)} saved this {name} on {timezone.localtime(when):%Y-%m-%d at %H:%M}"
    else:
        who = f"Someone else saved this {name}"
    changed = f" Their changes: {'; '.join(lines)}." if lines else ""
    return (
        f"{who}, after you opened this page, so your changes to {target} were not "
        f"saved.{changed} Reload the page to edit the current version."
    )


SAVE_OVER_HELP = (
    "Your typing is kept on this form. Tick this and save to write your version "
    "over theirs: every field as this form shows it is saved, so their changes "
    "listed above are replaced. Leave it and reload to start from their version."
)


class OpenedVersionField(forms.IntegerField):
    """The version a page was opened at: bookkeeping, never a change by the editor."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)

    def has_changed(self, initial, data):
        return False


class VersionedModelForm(forms.ModelForm):
    """
    A model form that remembers the row's version when it was opened and
    refuses to save over a newer one.

    The check runs in ``clean()`` (locking the row until the admin's
    transaction ends, where the database can), so the editor gets a form
    error; the save itself claims the row with a conditional UPDATE.
    """

    opened_version = OpenedVersionField()
    change_note = forms.CharField(
        required=False,
        max_length=100,
        label="Change note",
        help_text="Why you made this change (e.g. “price cut on the pricing page”); "
        "kept in the history beside who and when.",
    )
    # Offered after an edit conflict (see clean()): save over the version
    # the conflict was shown for (``seen_version``), not over a later one.
    save_over = forms.BooleanField(
        required=False,
        label="Save my version over the newer one",
        widget=forms.HiddenInput,
    )
    seen_version = OpenedVersionField()
    # Only a changed inline row is saved, so only then can it overwrite.
    check_unchanged = True
    conflict_target = "it"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("opened_version", self.instance.version)
        # "2.5", not the column's "2.500000".
        for name, field in self.fields.items():
            value = self.initial.get(name)
            if isinstance(field, forms.DecimalField) and isinstance(value, Decimal):
                # A Decimal still, so has_changed() compares numbers.
                self.initial[name] = Decimal(plain_decimal(value))

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("opened_version")
        if (
            opened is None
            or self.instance.pk is None
            or not (self.check_unchanged or self.has_changed())
        ):
            return cleaned_data
        rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        current = rows.values_list("version", flat=True).first()
        if current is not None and current != opened:
            if (
                cleaned_data.get("save_over")
                and cleaned_data.get("seen_version") == current
            ):
                # The editor saw this version's changes and chose to save over
                # them: re-read, the save expects the current version.
                self.instance._expected_version = current
                return cleaned_data
            self._offer_save_over(current)
            raise forms.ValidationError(
                conflict_message(self.instance, opened, target=self.conflict_target),
                code="edit_conflict",
            )
        self.instance._expected_version = opened
        return cleaned_data

    def _offer_save_over(self, current):
        """Show the "save over" checkbox, for the version ``current`` just read."""
        if "save_over" not in self.fields or "seen_version" not in self.fields:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = current
        self.data.pop(self.add_prefix("save_over"), None)
        field = self.fields["save_over"]
        field.widget = forms.CheckboxInput()
        field.help_text = SAVE_OVER_HELP


class VersionedInlineForm(VersionedModelForm):
    """A row of an inline: checked only when the editor changed it."""

    check_unchanged = False
    conflict_target = "this row"
    change_note = None  # the record's form carries one note for its rows too
    save_over = seen_version = None  # the record's form only


class SourceFromURLMixin:
    """
    A route form that keeps its Source with its source URL: pasting a URL
    from another site (without picking a Source too) sets the Source to the
    one of that URL's site, created with the domain as its title if none.
    """

    def clean(self):
        cleaned_data = super().clean()
        url = cleaned_data.get("source_url")
        if not url or "source_url" not in self.changed_data:
            return cleaned_data
        if "source" in self.fields and "source" in self.changed_data:
            return cleaned_data  # the editor picked one
        current = (
            cleaned_data.get("source")
            if "source" in self.fields
            else self.instance.source
        )
        if current is not None and site_of(current.url) == site_of(url):
            return cleaned_data
        source = source_for_url(url)
        if source is not None:
            if "source" in self.fields:
                cleaned_data["source"] = source
            self._source_from_url = source
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        source = getattr(self, "_source_from_url", None)
        if source is not None:
            self.instance.source = source
            if "source" not in self.changed_data:
                # So the history and a change held for a Publisher include it.
                self.changed_data.append("source")


class SourcePickerMixin:
    """
    A route form with a source picker: picking the Source the prices were
    just checked against sets the route's source, its URL and last verified
    (today) together.
    """

    picked_fields = ("source", "source_url", "last_verified")

    def clean(self):
        cleaned_data = super().clean()
        picked = cleaned_data.get("verified_from")
        if picked is not None:
            cleaned_data.update(
                source=picked, source_url=picked.url, last_verified=timezone.localdate()
            )
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        picked = self.cleaned_data.get("verified_from")
        if picked is None:
            return
        self.instance.source = picked
        self.instance.source_url = picked.url
        self.instance.last_verified = self.cleaned_data["last_verified"]
        # So the history and a change held for a Publisher include them.
        self.changed_data.extend(
            name for name in self.picked_fields if name not in self.changed_data
        )


class RouteForm(SourcePickerMixin, SourceFromURLMixin, VersionedModelForm):
    verified_from = forms.ModelChoiceField(
        Source.objects.order_by("title"),
        required=False,
        label="Verified today against",
        help_text="Pick the source you just checked the prices on: it sets "
        "Source, Source URL (the source's page) and Last verified (today).",
    )


class RouteInlineForm(SourceFromURLMixin, VersionedInlineForm):
    pass


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


class LanguageModelAdminForm(VersionedModelForm):
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

    def clean(self):
        """
        Keep variants one level deep and of their model's kind: a variant's
        benchmark results are shown on its model's pages, and only there.
        """
        cleaned_data = super().clean()
        parent = cleaned_data.get("variant_of")
        if parent is None:
            return cleaned_data
        instance = self.instance
        if instance.pk is not None and parent.pk == instance.pk:
            self.add_error("variant_of", "A model cannot be a variant of itself.")
        elif parent.variant_of_id is not None:
            self.add_error(
                "variant_of",
                f"{parent} is itself a variant of {parent.variant_of}; pick "
                f"{parent.variant_of} instead.",
            )
        elif instance.pk is not None and (
            variants := list(instance.variants.order_by("name"))
        ):
            names = ", ".join(str(variant) for variant in variants)
            self.add_error(
                "variant_of",
                f"This model has variants of its own ({names}): a variant "
                "cannot have variants. Make those variants of the other model first.",
            )
        elif "kind" in cleaned_data and parent.kind != cleaned_data["kind"]:
            self.add_error(
                "variant_of",
                f"{parent} is a model of another kind "
                f"({parent.get_kind_display().lower()}): a variant is of its model's kind.",
            )
        return cleaned_data


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
