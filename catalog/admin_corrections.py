"""
Price typos in the admin (issue 22): a Publisher marks a route's history
record as a typo from the route's History page ("Mark as a typo"), and the
public price history leaves it out (``catalog.selectors``); the History page
keeps showing it, marked. Deleting the mark puts it back.
"""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from changes.services import may_publish

from .models import PriceCorrection
from .selectors import PRICE_LABELS, price_text


def typo_summary(record) -> str:
    """Return what a route's history ``record`` changed in its prices, in words."""
    previous = record.prev_record
    if previous is None:
        return "the route's first version"
    changes = [
        f"{label} {price_text(getattr(previous, name))} → {price_text(getattr(record, name))}"
        for name, label in PRICE_LABELS.items()
        if getattr(previous, name) != getattr(record, name)
    ]
    return "; ".join(changes) or "no price changed in this version"


def typo_column(record):
    """The route History page's column: the mark, or a link to mark the record."""
    correction = getattr(record, "correction", None) if record.pk else None
    if correction is not None:
        return format_html(
            "<strong>Typo</strong>, left out of the public price history "
            '(<a href="{}">marked by {}</a>)',
            reverse("admin:catalog_pricecorrection_change", args=[correction.pk]),
            correction.marked_by or "someone",
        )
    if record.history_type == "-":
        return ""
    if record.next_record is None:
        # The live price: a typo is marked once a later version fixes it.
        return "Current version: fix the price first, then mark this one"
    return format_html(
        '<a href="{}?record={}">Mark as a typo</a>',
        reverse("admin:catalog_pricecorrection_add"),
        record.history_id,
    )


@admin.register(PriceCorrection)
class PriceCorrectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "what_changed", "note", "marked_by", "marked_at"]
    list_select_related = ["marked_by", "record"]
    raw_id_fields = ["record"]
    fields = ["record", "what_changed", "note"]
    readonly_fields = ["what_changed"]

    @admin.display(description="the typo")
    def what_changed(self, obj):
        record = getattr(obj, "record", None) if obj is not None else None
        return typo_summary(record) if record is not None else "-"

    def get_fields(self, request, obj=None):
        return self.fields if obj is not None else ["record", "note"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["record", "what_changed"]
        return self.readonly_fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The add form opened from a route's History: say what the version changed.
        if db_field.name == "record" and request.GET.get("record", "").isdigit():
            record = db_field.related_model.objects.filter(
                history_id=request.GET["record"]
            ).first()
            if record is not None:
                kwargs["help_text"] = f"This version changed: {typo_summary(record)}."
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("catalog.view_route")

    def has_add_permission(self, request):
        return may_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return may_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.marked_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            f"Marked as a typo: {typo_summary(obj.record)}. The public price "
            "history leaves it out.",
        )
        return HttpResponseRedirect(
            reverse("admin:catalog_route_history", args=[obj.record.id])
        )
