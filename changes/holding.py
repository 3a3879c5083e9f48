"""
``HoldChangesAdmin``: a ModelAdmin mixin that keeps what may not go public by
itself as a ``PendingChange`` instead of writing it:

- an Editor's change to a public record, the record's own fields and its
  inline rows alike, and an Editor's new record that would be public at once
  (a Publisher's changes are saved at once);
- a figure that fails a consistency check, whoever saves it: the record is
  saved with the field's previous value (or none) and the figure waits.
  A new record whose required field fails gets a form error instead.

The admin using it says which records are public (``is_public()``) and how
a record is checked (``check_figures()``).
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from changes.models import PendingChange
from changes.services import described, differences, may_publish, propose, value_of

HELD_REASON = "An Editor's change to a published record"


def _field_names(model, names):
    """Return the names among ``names`` that are fields of ``model`` (not form-only)."""
    fields = {f.name for f in model._meta.get_fields() if f.concrete or f.many_to_many}
    return [name for name in names if name in fields]


def _is_m2m(obj, name) -> bool:
    return obj._meta.get_field(name).many_to_many


def _set_fields(form) -> list[str]:
    """
    Return the fields a form for a new record sets: those typed, and those
    it was offered with a value (an inline row offered for one capability
    holds that capability without anyone typing it).
    """
    return [
        name
        for name in form.fields
        if name in form.changed_data or form.initial.get(name) not in (None, "")
    ]


def _form_changes(obj, live, form) -> dict:
    """
    Return ``{field: {"old", "new"}}`` for what ``form`` changes on ``obj``;
    ``live`` is the saved row (None for a new record: every field it sets).
    A many-to-many field's new value comes from the form, the row having none.
    """
    changes = {}
    names = form.changed_data if live is not None else _set_fields(form)
    for name in _field_names(type(obj), names):
        old = None if live is None else value_of(live, name)
        if _is_m2m(obj, name):
            new = ",".join(sorted(str(o.pk) for o in form.cleaned_data[name]))
        else:
            new = value_of(obj, name)
        if live is None or new != old:
            changes[name] = {"old": old, "new": new}
    return changes


def _live(obj):
    return None if obj.pk is None else type(obj)._base_manager.get(pk=obj.pk)


class HoldChangesAdmin:
    change_form_template = "admin/changes/held_change_form.html"

    def is_public(self, obj) -> bool:
        """Whether the saved record ``obj`` is on the public site."""
        raise NotImplementedError

    def check_figures(self, obj, live) -> list:
        """Return the failed checks (``.field``, ``.message``) of ``obj`` as it would be saved."""
        return []

    def holds_addition(self, request, obj) -> bool:
        """
        Whether a new record by this user waits for a Publisher: an Editor's
        record that would be public at once (one with a status starts as a
        draft instead).
        """
        return not may_publish(request.user) and self.is_public(obj)

    def holds_changes(self, request, obj) -> bool:
        """Whether a change to the saved record ``obj`` by this user waits for a Publisher."""
        if obj is None or obj.pk is None or may_publish(request.user):
            return False
        return self.is_public(_live(obj))

    # A form error where a figure cannot be held --------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return self._checked(form)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = self._checked(formset.form)
            yield formset, inline

    def _checked(self, form_class):
        admin = self

        class CheckedForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                instance = self.instance
                if instance.pk is not None or not self.has_changed():
                    return
                for failure in admin.check_figures(instance, None):
                    field = instance._meta.get_field(failure.field)
                    if not field.null and failure.field in self.fields:
                        self.add_error(failure.field, failure.message)

        CheckedForm.__name__ = form_class.__name__
        return CheckedForm

    # Saving --------------------------------------------------------------------

    def _propose(self, request, obj, changes, live=None, failures=()):
        if changes:
            note = getattr(request, "change_note", "")
            reason = " ".join(
                [
                    HELD_REASON + ".",
                    *([f"Note: {note}."] if note else []),
                    *(f.message for f in failures),
                ]
            )
            change = propose(
                live if live is not None else obj,
                changes,
                kind=PendingChange.Kind.EDIT,
                reason=reason,
                user=request.user,
            )
            request.held_changes.append(change)

    def _hold_failures(self, request, obj, live):
        """
        Put back the previous value (or none) of each of ``obj``'s fields that
        fail a check, and return the figures held as a change's ``changes``.
        """
        failures = [
            f
            for f in self.check_figures(obj, live)
            if live is not None or obj._meta.get_field(f.field).null
        ]
        held = {}
        for failure in failures:
            field = obj._meta.get_field(failure.field)
            held[failure.field] = {
                "old": value_of(live, failure.field) if live is not None else None,
                "new": value_of(obj, failure.field),
            }
            previous = getattr(live, field.attname) if live is not None else None
            setattr(obj, field.attname, previous)
        return held, failures

    def _save_checked(self, request, obj, save):
        """Save ``obj`` with ``save()``, holding the figures that fail a check."""
        held, failures = self._hold_failures(request, obj, _live(obj))
        save()
        if held:
            change = propose(
                obj,
                held,
                kind=PendingChange.Kind.CHECK,
                reason=" ".join(f.message for f in failures),
                user=request.user,
            )
            if getattr(request, "checked_changes", None) is None:
                request.checked_changes = []
            request.checked_changes.append(change)

    def save_model(self, request, obj, form, change):
        self._save_model(request, obj, form, change)
        grid = getattr(request, "grid_saves", None)
        if grid is not None:
            # A row of the changelist's grid: remember what became of it for
            # the one message after the whole grid is saved.
            held = getattr(request, "held_changes", None)
            if held is None:
                grid["saved"] += 1
            else:
                grid["held"].extend(held)

    def _save_model(self, request, obj, form, change):
        # The editor's note, kept as the history's change reason (rows too).
        request.change_note = (
            form.cleaned_data.get("change_note")
            or getattr(request, "grid_change_note", "")
            or ""
        ).strip()
        if request.change_note:
            obj._change_reason = request.change_note
        if not change and self.holds_addition(request, obj):
            request.held_changes = []
            changes = _form_changes(obj, None, form)
            self._propose(request, obj, changes, failures=self.check_figures(obj, None))
            return None
        if not (change and self.holds_changes(request, obj)):
            request.held_changes = None
            return self._save_checked(
                request,
                obj,
                lambda: super(HoldChangesAdmin, self).save_model(
                    request, obj, form, change
                ),
            )
        request.held_changes = []
        live = _live(obj)
        changes = _form_changes(obj, live, form)
        self._propose(request, obj, changes, live, self.check_figures(obj, live))

    def save_formset(self, request, form, formset, change):
        """Save the inline rows, holding the figures that fail a check."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if getattr(request, "change_note", ""):
                instance._change_reason = request.change_note
            self._save_checked(request, instance, instance.save)
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        if getattr(request, "held_changes", None) is None:
            return super().save_related(request, form, formsets, change)
        if form.instance.pk is None:
            return None  # a held new record: its rows come once it exists
        with transaction.atomic():
            for formset in formsets:
                for row in formset.forms:
                    if not row.has_changed() or formset._should_delete_form(row):
                        continue
                    self._propose_row(request, formset, row)

    def _propose_row(self, request, formset, row):
        instance = row.instance
        model = type(instance)
        live = _live(instance)
        failures = self.check_figures(instance, live)
        if live is None:
            names = [*_field_names(model, _set_fields(row)), formset.fk.name]
            changes = {
                name: {"old": None, "new": value_of(instance, name)} for name in names
            }
            self._propose(request, instance, changes, failures=failures)
        else:
            changes = differences(live, instance, _field_names(model, row.changed_data))
            self._propose(request, instance, changes, live, failures)

    # Saying what happened --------------------------------------------------------

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "held_changes", None) is not None:
            return ""  # nothing was saved; log_change says what was proposed
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        held = getattr(request, "held_changes", None)
        if held is None:
            return super().log_change(request, obj, message)
        if held:
            names = sorted({name for change in held for name in change.changes})
            return super().log_change(
                request, obj, f"Proposed for a Publisher: {', '.join(names)}."
            )
        return None

    def _message_checked(self, request):
        for change in getattr(request, "checked_changes", None) or ():
            figures = "; ".join(
                f"{label} {new} (kept: {old})" for label, old, new in described(change)
            )
            self.message_user(
                request,
                f"Held for a Publisher by a check: {change.label}: {figures}. "
                f"{change.reason}",
                messages.WARNING,
            )

    def log_addition(self, request, obj, message):
        if getattr(request, "held_changes", None) is not None:
            return None  # nothing was created
        return super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        held = getattr(request, "held_changes", None)
        if held is None:
            self._message_checked(request)
            return super().response_add(request, obj, post_url_continue)
        for change in held:
            self.message_user(
                request,
                f"The new {self.opts.verbose_name} “{change.label}” waits for a "
                "Publisher's approval; it is created once approved.",
                messages.WARNING,
            )
        return HttpResponseRedirect(
            reverse("admin:changes_pendingchange_change", args=[held[0].pk])
            if held
            else request.path
        )

    def response_change(self, request, obj):
        held = getattr(request, "held_changes", None)
        if held is None:
            self._message_checked(request)
            return super().response_change(request, obj)
        if held:
            fields = "; ".join(
                f"{change.label}: {label} {old} → {new}"
                for change in held
                for label, old, new in described(change)
            )
            checks = " ".join(
                change.reason.removeprefix(HELD_REASON + ".").strip() for change in held
            ).strip()
            self.message_user(
                request,
                f"Saved for a Publisher's approval: {fields}. The public site keeps "
                f"the published values until a Publisher approves. {checks}".strip(),
                messages.WARNING,
            )
        else:
            self.message_user(request, "Nothing changed.", messages.INFO)
        return HttpResponseRedirect(request.path)

    # The changelist's grid (list_editable) ----------------------------------------

    def changelist_view(self, request, extra_context=None):
        """
        Save the grid's rows through ``save_model()`` like the change form
        (Django's changelist calls it for each changed row), and say what
        was saved and what waits, instead of "changed successfully" for all.
        """
        if request.method == "POST" and "_save" in request.POST:
            request.grid_saves = {"saved": 0, "held": []}
            request.grid_saves_said = False
            # One note for the grid's save, kept on each changed row's history.
            request.grid_change_note = request.POST.get("change_note", "")[:100]
        return super().changelist_view(request, extra_context)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        grid = getattr(request, "grid_saves", None)
        if grid is None or level != messages.SUCCESS or request.grid_saves_said:
            return super().message_user(request, message, level, *args, **kwargs)
        # The changelist's "N records were changed successfully.": say it right.
        request.grid_saves_said = True
        if grid["saved"]:
            name = (
                self.opts.verbose_name
                if grid["saved"] == 1
                else self.opts.verbose_name_plural
            )
            super().message_user(
                request, f"{grid['saved']} {name} saved.", messages.SUCCESS
            )
        if grid["held"]:
            fields = "; ".join(
                f"{change.label}: {label} {old} → {new}"
                for change in grid["held"]
                for label, old, new in described(change)
            )
            checks = " ".join(
                change.reason.removeprefix(HELD_REASON + ".").strip()
                for change in grid["held"]
            ).strip()
            super().message_user(
                request,
                f"Not saved, waiting for a Publisher's approval: {fields}. The public "
                f"site keeps the published values until a Publisher approves. "
                f"{checks}".strip(),
                messages.WARNING,
            )
        self._message_checked(request)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk is not None:
            context["pending_changes"] = [
                (pending, described(pending))
                for pending in PendingChange.objects.pending()
                .about(obj)
                .select_related("proposed_by")
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)
