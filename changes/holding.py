"""
``HoldChangesAdmin``: a ModelAdmin mixin that saves an Editor's change to a
public record as a ``PendingChange`` instead of writing it, the record's own
fields and its inline rows alike; a Publisher's changes are saved at once.

The admin using it says which records are public (``is_public()``).
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect

from changes.models import PendingChange
from changes.services import described, differences, may_publish, propose, value_of

HELD_REASON = "An Editor's change to a published record"


def _field_names(model, names):
    """Return the names among ``names`` that are fields of ``model`` (not form-only)."""
    fields = {f.name for f in model._meta.get_fields() if f.concrete or f.many_to_many}
    return [name for name in names if name in fields]


class HoldChangesAdmin:
    change_form_template = "admin/changes/held_change_form.html"

    def is_public(self, obj) -> bool:
        """Whether the saved record ``obj`` is on the public site."""
        raise NotImplementedError

    def holds_changes(self, request, obj) -> bool:
        """Whether a change to the saved record ``obj`` by this user waits for a Publisher."""
        if obj is None or obj.pk is None or may_publish(request.user):
            return False
        return self.is_public(self.model._base_manager.get(pk=obj.pk))

    def _propose(self, request, obj, changes, live=None):
        if changes:
            change = propose(
                live if live is not None else obj,
                changes,
                kind=PendingChange.Kind.EDIT,
                reason=HELD_REASON,
                user=request.user,
            )
            request.held_changes.append(change)

    def save_model(self, request, obj, form, change):
        if not (change and self.holds_changes(request, obj)):
            request.held_changes = None
            return super().save_model(request, obj, form, change)
        request.held_changes = []
        live = self.model._base_manager.get(pk=obj.pk)
        names = _field_names(self.model, form.changed_data)
        changes = differences(live, obj, [n for n in names if not _is_m2m(obj, n)])
        for name in names:
            if _is_m2m(obj, name):
                new = ",".join(sorted(str(o.pk) for o in form.cleaned_data[name]))
                if new != value_of(live, name):
                    changes[name] = {"old": value_of(live, name), "new": new}
        self._propose(request, obj, changes, live=live)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "held_changes", None) is None:
            return super().save_related(request, form, formsets, change)
        with transaction.atomic():
            for formset in formsets:
                for row in formset.forms:
                    if not row.has_changed() or formset._should_delete_form(row):
                        continue
                    self._propose_row(request, formset, row)

    def _propose_row(self, request, formset, row):
        instance = row.instance
        model = type(instance)
        names = _field_names(model, row.changed_data)
        if instance.pk is None:
            names.append(formset.fk.name)
            changes = {
                name: {"old": None, "new": value_of(instance, name)} for name in names
            }
            self._propose(request, instance, changes)
        else:
            live = model._base_manager.get(pk=instance.pk)
            self._propose(
                request, instance, differences(live, instance, names), live=live
            )

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

    def response_change(self, request, obj):
        held = getattr(request, "held_changes", None)
        if held is None:
            return super().response_change(request, obj)
        if held:
            fields = "; ".join(
                f"{change.label}: {label} {old} → {new}"
                for change in held
                for label, old, new in described(change)
            )
            self.message_user(
                request,
                f"Saved for a Publisher's approval: {fields}. The public site keeps "
                "the published values until a Publisher approves.",
                messages.WARNING,
            )
        else:
            self.message_user(request, "Nothing changed.", messages.INFO)
        return HttpResponseRedirect(request.path)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk is not None:
            context["pending_changes"] = [
                (change, described(change))
                for change in PendingChange.objects.pending()
                .about(obj)
                .select_related("proposed_by")
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)


def _is_m2m(obj, name) -> bool:
    return obj._meta.get_field(name).many_to_many
