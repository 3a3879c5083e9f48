"""
Forms for the catalog admin.

Model and database constraints stay the source of truth; these forms add
what an editor needs on top: checkboxes for the modality lists, one row per
capability, the checks a formset cannot run one form at a time, and the
version a page was opened at, so that a save over someone else's newer
edit is caught and shown side by side (optimistic locking, see
``VersionedModel`` and ``catalog.conflicts``); number inputs that read what
editors type (``ReadableNumberField``) and a confirmation for a big price
move (``ConfirmPriceMoveMixin``).
"""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db import transaction
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils import timezone
from django.utils.text import capfirst

from . import conflicts, numbers
from .formatting import format_price, plain_decimal
from .models import BenchmarkResult, Capability, LanguageModel, Modality, Source
from .sourcing import site_of, source_for_url


class ReadableNumberField(forms.DecimalField):
    """
    A number input that reads what editors type (``catalog.numbers``):
    "$2.50", "0,48", "1 000 000", "128k", "120B"; or refuses it saying what
    to write. A text input, so the browser sends what was typed ("0,48" in
    a number input is sent as nothing, or as 48 by some keyboards).

    ``kind`` is ``numbers.PRICE``, ``TOKENS``, ``PARAMETERS`` or ``SCORE``;
    token and parameter counts are cleaned to an ``int``.
    """

    widget = forms.TextInput

    def __init__(self, *, kind, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "decimal"
        attrs["autocomplete"] = "off"
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)):
            return Decimal(value)
        try:
            return numbers.read_number(value, self.kind)
        except numbers.NumberError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def clean(self, value):
        value = super().clean(value)
        if value is not None and self.kind in numbers.WHOLE_KINDS:
            return int(value)
        return value

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return plain_decimal(value)
        return value


# The catalog's number fields an editor types, by field name (prices: every
# decimal field whose name ends in "_price").
NUMBER_KINDS = {
    "context_window": numbers.TOKENS,
    "max_output_tokens": numbers.TOKENS,
    "long_context_threshold": numbers.TOKENS,
    "parameter_count": numbers.PARAMETERS,
    "active_parameter_count": numbers.PARAMETERS,
    "score": numbers.SCORE,
}


def readable_number_formfield(db_field, **kwargs):
    """
    Return a ``ReadableNumberField`` for the model field ``db_field`` if it
    is a number editors type (a price, a token or parameter count, a
    score), else None. For a ModelAdmin's ``formfield_for_dbfield()``.
    """
    if db_field.choices:
        return None
    if db_field.get_internal_type() == "DecimalField" and db_field.name.endswith(
        "_price"
    ):
        kind = numbers.PRICE
    else:
        kind = NUMBER_KINDS.get(db_field.name)
    if kind is None:
        return None
    kwargs.pop("widget", None)  # a number input would refuse "0,48" itself
    kwargs["form_class"] = ReadableNumberField
    formfield = db_field.formfield(kind=kind, **kwargs)
    if kind == numbers.PRICE:
        formfield.widget.attrs["class"] = "price-input"
    return formfield


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
        f"saved.{changed} {REBASED}"
    )


REBASED = (
    "Your typing is kept: the form now holds their version with your changes "
    "on top. Save again to save only the fields you changed; the others keep "
    "their values."
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
    does not save over a newer one blindly.

    The check runs in ``clean()`` (locking the row until the admin's
    transaction ends, where the database can); the save itself claims the
    row with a conditional UPDATE. On a newer version, the fields the
    editor changed from the version they opened are theirs to save; the
    others are the newer version's:

    - none changed (an untouched row, a record saved unchanged): nothing is
      saved and nothing is refused;
    - otherwise the form comes back with a ``conflict`` (original, theirs,
      yours, for the conflict screen) and its data rebased on the newer
      version, so saving again writes only the editor's fields.
    """

    opened_version = OpenedVersionField()
    change_note = forms.CharField(
        required=False,
        max_length=100,
        label="Change note",
        help_text="Why you made this change (e.g. “price cut on the pricing page”); "
        "kept in the history beside who and when.",
    )
    # Only a changed inline row is saved, so only then can it overwrite.
    check_unchanged = True
    conflict_target = "it"
    conflict = None

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
        current = rows.first()
        if current is None or current.version == opened:
            self.instance._expected_version = opened
            return cleaned_data
        original = conflicts.version_at(self.instance, opened)
        fields = conflicts.merged_fields(self)
        if original is None:  # no history: what differs from theirs is yours
            mine = {f.name for f in fields if f.name in self.changed_data}
        else:
            mine = {
                f.name
                for f in fields
                if not conflicts.same(
                    cleaned_data[f.name], conflicts.value_on(original, f)
                )
            }
        # Changed fields not compared (many-to-many): yours, as typed.
        model_fields = {f.name for f in self._meta.model._meta.get_fields()}
        others = (set(self.changed_data) & model_fields) - {f.name for f in fields}
        if not mine and not others:
            # Nothing of the editor's on this record: keep theirs, save nothing.
            for f in fields:
                cleaned_data[f.name] = conflicts.value_on(current, f)
            names = {f.name for f in fields}
            self.changed_data = [n for n in self.changed_data if n not in names]
            self.instance._expected_version = current.version
            return cleaned_data
        editors, when, _ = changes_since(self.instance, opened)
        self.conflict = conflicts.Conflict(
            title=str(current),
            editors=editors,
            when=when,
            rows=conflicts.conflict_rows(self, original, current, mine, _display),
        )
        conflicts.rebase(self, current, mine | others)
        raise forms.ValidationError(
            conflict_message(self.instance, opened, target=self.conflict_target),
            code="edit_conflict",
        )


class VersionedInlineForm(VersionedModelForm):
    """A row of an inline: checked only when the editor changed it."""

    check_unchanged = False
    conflict_target = "this row"
    change_note = None  # the record's form carries one note for its rows too


# A price moving more than this share of its current value, up or down,
# is saved only once the editor ticks "I confirm the new prices".
BIG_PRICE_MOVE = Decimal("0.5")
CONFIRM_PRICES = "confirm_prices"
CONFIRM_PRICES_LABEL = "I confirm the new prices"


def price_label(name):
    """Return a price field's name in words: "cache_read_price" -> "cached input price"."""
    words = name.removesuffix("_price").replace("cache_read", "cached input")
    return f"{words.replace('_', ' ')} price"


def price_move_message(name, old, new):
    """Return the message asking to confirm a price moving from ``old`` to ``new``."""
    percent = round((new - old) / old * 100)
    sign = "+" if percent > 0 else "\u2212" if percent < 0 else ""
    return (
        f"This changes the {price_label(name)} from {format_price(old)} to "
        f"{format_price(new)} ({sign}{abs(percent)}%). "
        f"Tick '{CONFIRM_PRICES_LABEL}' to save."
    )


class ConfirmPriceMoveMixin:
    """
    A route form refusing a price that moves more than ``BIG_PRICE_MOVE``
    from its current value until the page's "I confirm the new prices"
    box (``confirm_prices``, one for the whole page) is ticked.
    ``price_moves`` names the refused fields, for the page to show the box.
    """

    price_moves = ()
    price_move_on_row = False  # the message on the row, not the field

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or self.data.get(CONFIRM_PRICES):
            return cleaned_data
        moves = []
        for name in self.changed_data:
            if not name.endswith("_price") or name not in cleaned_data:
                continue
            old, new = getattr(self.instance, name), cleaned_data[name]
            if old is None or old == 0 or new is None:
                continue
            if abs(new - old) / old > BIG_PRICE_MOVE:
                moves.append(name)
        for name in moves:
            message = price_move_message(
                name, getattr(self.instance, name), cleaned_data[name]
            )
            self.add_error(
                None if self.price_move_on_row else name,
                forms.ValidationError(message, code="price_move"),
            )
        self.price_moves = moves
        return cleaned_data


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


class RouteForm(
    SourcePickerMixin, ConfirmPriceMoveMixin, SourceFromURLMixin, VersionedModelForm
):
    verified_from = forms.ModelChoiceField(
        Source.objects.order_by("title"),
        required=False,
        label="Verified today against",
        help_text="Pick the source you just checked the prices on: it sets "
        "Source, Source URL (the source's page) and Last verified (today).",
    )


class RouteInlineForm(ConfirmPriceMoveMixin, SourceFromURLMixin, VersionedInlineForm):
    pass


class RouteGridForm(ConfirmPriceMoveMixin, VersionedInlineForm):
    """A row of the price grid (the route changelist): its messages above the grid."""

    price_move_on_row = True


class RouteGridFormSet(BaseModelFormSet):
    """The price grid's rows; ``price_moves`` asks for the one confirmation box."""

    @property
    def price_moves(self):
        return any(form.price_moves for form in self.forms)


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
