"""
The Publisher's side of changes awaiting approval: a list, waiting ones
first, each with its diff; approve or reject the selected ones in one action,
or one from its page. Editors see them; only Publishers decide.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import pluralize
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join

from changes.models import PendingChange
from changes.services import ChangeRefused, approve, described, reject


def record_url(change: PendingChange) -> str:
    """Return the admin page of the record a change is about, or ""."""
    if change.object_id is None:
        return ""
    content_type = change.content_type
    try:
        return reverse(
            f"admin:{content_type.app_label}_{content_type.model}_change",
            args=[change.object_id],
        )
    except NoReverseMatch:
        return ""


def decide_selected(request, changes, decision, done):
    """
    Approve or reject (``decision``) each waiting one of ``changes`` and say how many were ``done`` and which were refused.
    Used by the changes list's actions and the review queue.
    """
    decided, refused = 0, []
    for change in changes.filter(status=PendingChange.Status.PENDING):
        try:
            decision(change, user=request.user)
        except ChangeRefused as error:
            refused.append(f"{change.label}: {error}")
        else:
            decided += 1
    if decided:
        messages.success(request, f"{decided} change{pluralize(decided)} {done}.")
    for text in refused:
        messages.error(request, f"Not {done}: {text}")


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ["record", "diff", "kind", "reason", "proposed", "status"]
    list_filter = ["status", "kind", "content_type"]
    search_fields = ["label", "reason", "source"]
    list_select_related = ["content_type", "proposed_by"]
    actions = ["approve_selected", "reject_selected"]
    change_form_template = "admin/changes/pendingchange/change_form.html"
    readonly_fields = [
        "record",
        "diff",
        "kind",
        "reason",
        "source",
        "proposed",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        waiting_first = Case(
            When(status=PendingChange.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return super().get_queryset(request).order_by(waiting_first, "-created", "-pk")

    def has_add_permission(self, request):
        return False  # changes are made on the records themselves

    def has_change_permission(self, request, obj=None):
        return False  # decided with the actions, never edited

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was decided stays

    def has_decide_permission(self, request):
        return request.user.has_perm("changes.decide_pendingchange")

    @admin.display(description="record")
    def record(self, change):
        url = record_url(change)
        name = change.label if change.object_id else f"New: {change.label}"
        return format_html('<a href="{}">{}</a>', url, name) if url else name

    @admin.display(description="change")
    def diff(self, change):
        return format_html(
            "<ul class='pending-diff'>{}</ul>",
            format_html_join(
                "",
                "<li>{}: <del>{}</del> → <ins>{}</ins></li>",
                described(change),
            ),
        )

    @admin.display(description="proposed", ordering="created")
    def proposed(self, change):
        who = change.proposed_by or change.source or "an import"
        return f"{who}, {change.created:%Y-%m-%d %H:%M}"

    def _decide(self, request, queryset, decision, done):
        decide_selected(request, queryset, decision, done)

    @admin.action(description="Approve the selected changes", permissions=["decide"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, approve, "approved")

    @admin.action(description="Reject the selected changes", permissions=["decide"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, reject, "rejected")

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_view)
        return [
            path("<int:pk>/decide/", decide, name="changes_pendingchange_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """Approve or reject one change from its page (POST only)."""
        if request.method != "POST" or not self.has_decide_permission(request):
            raise PermissionDenied
        change = get_object_or_404(PendingChange, pk=pk)
        note = request.POST.get("note", "")
        decision, done = (
            (approve, "approved")
            if "_approve" in request.POST
            else (reject, "rejected")
        )
        try:
            decision(change, user=request.user, note=note)
        except ChangeRefused as error:
            self.message_user(request, f"Not {done}: {error}", messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:changes_pendingchange_change", args=[pk])
            )
        self.message_user(request, f"Change {done}: {change.label}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:changes_pendingchange_changelist"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_decide": change is not None
            and change.is_pending
            and self.has_decide_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)
