"""
The project's admin site: Django's, titled for the project, with the review
queue's page and its counts on the index.

``EditorialAdminConfig`` (editorial.apps) makes it ``admin.site``, so every
``@admin.register`` lands here.
"""

from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import RedirectView

from catalog import services
from catalog.disagreements import disagreement_counts
from catalog.sourcing import missing_source_counts
from changes.models import PendingChange
from changes.services import approve, described, may_publish, reject

from .review import (
    KIND_LABELS,
    pending_first,
    review_age_key,
    review_queue_counts,
    review_queue_list,
)

QUEUE_PAGE_SIZE = 100
# How many changes waiting for a Publisher the queue lists above the records.
CHANGES_SHOWN = 50
# Kinds listed under their model unless asked for (?kind=route or result).
ROLLED_UP = ("route", "result")
# The record each queue kind lists, as "app_label.ModelName".
QUEUE_MODELS = {
    "model": "catalog.LanguageModel",
    "route": "catalog.Route",
    "result": "catalog.BenchmarkResult",
    "comparison": "comparisons.Comparison",
}
QUEUE_REASONS = {
    "never": ("Never reviewed", lambda row: row.age_days is None),
    "stale": (
        "Review too old",
        lambda row: row.is_stale and row.age_days is not None,
    ),
    "changed": ("Changed since review", lambda row: row.changed_at is not None),
    "override": ("Verdict override outdated", lambda row: row.override_outdated),
    "pending": ("Waiting for a Publisher", lambda row: bool(row.pending)),
}
MISSING_SOURCE_CHANGELISTS = {
    "route": ("routes", "admin:catalog_route_changelist"),
    "result": ("benchmark results", "admin:catalog_benchmarkresult_changelist"),
    "capability": ("capabilities", "admin:catalog_modelcapability_changelist"),
}


def missing_source_links():
    """Return ``(count, label, changelist URL filtered to them)`` per kind of figure."""
    return [
        (
            count,
            MISSING_SOURCE_CHANGELISTS[kind][0],
            f"{reverse(MISSING_SOURCE_CHANGELISTS[kind][1])}?has_source=no",
        )
        for kind, count in missing_source_counts().items()
    ]


def pending_link():
    """Return how many changes wait for a Publisher, and their list's URL."""
    url = reverse("admin:changes_pendingchange_changelist")
    return {
        "count": PendingChange.objects.pending().count(),
        "url": f"{url}?status__exact=pending",
    }


def disagreements_link():
    """
    Return how many models' sources disagree (``models``), on how many
    fields (``fields``), and the model list filtered to them (``url``).
    """
    counts = disagreement_counts()
    ids = ",".join(str(pk) for pk in counts["model_ids"])
    url = reverse("admin:catalog_languagemodel_changelist")
    return {**counts, "url": f"{url}?id__in={ids}" if ids else url}


def waiting_changes():
    """
    Return the first ``CHANGES_SHOWN`` changes waiting for a Publisher,
    oldest first, each as (change, its record's admin URL, [(label, old, new)]).
    """
    from changes.admin import record_url  # registers its admin: not at import

    changes = (
        PendingChange.objects.pending()
        .select_related("content_type", "proposed_by")
        .order_by("created", "pk")[:CHANGES_SHOWN]
    )
    return [(change, record_url(change), described(change)) for change in changes]


def _review_queue():
    return review_queue_list(
        today=timezone.localdate(),
        stale_after_days=settings.REVIEW_STALE_AFTER_DAYS,
    )


class LoginForm(AdminAuthenticationForm):
    """
    The admin's login form, refusing a username longer than the user
    model's field (150 characters) on the form. Django's form sets the
    length only on the widget, so any username reached the authentication
    backends, and django-axes failed writing one over 255 characters to
    its log of failed attempts (a 500 on PostgreSQL).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class EditorialAdminSite(admin.AdminSite):
    site_header = "LLM Compare administration"
    site_title = "LLM Compare administration"
    index_template = "admin/editorial/index.html"
    login_form = LoginForm

    def get_urls(self):
        return [
            path(
                "review-queue/",
                self.admin_view(self.review_queue_view),
                name="review_queue",
            ),
            # The queue's address before it moved here, for bookmarks.
            path(
                "catalog/languagemodel/review-queue/",
                RedirectView.as_view(
                    pattern_name="admin:review_queue", permanent=True, query_string=True
                ),
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        return super().index(
            request,
            extra_context={
                **self.review_index_context(request),
                **(extra_context or {}),
            },
        )

    def review_index_context(self, request):
        """Return the review queue's counts for the index, if the user may see them."""
        if not request.user.has_perm("catalog.view_languagemodel"):
            return {}
        rows = _review_queue()
        counts = review_queue_counts(rows)
        return {
            "review_queue": {
                "url": reverse("admin:review_queue"),
                "total": len(rows),
                "counts": [
                    (KIND_LABELS[key], count, f"?kind={key}")
                    for key, count in counts.items()
                ],
                "missing_sources": missing_source_links(),
                "pending": pending_link(),
                "disagreements": disagreements_link(),
            }
        }

    def review_queue_view(self, request):
        """
        List what needs review: stale or never reviewed, changed since the
        review, a verdict override older than its pair's data, or an open
        import disagreement. For those who may view or change models.
        """
        user = request.user
        if not (
            user.has_perm("catalog.view_languagemodel")
            or user.has_perm("catalog.change_languagemodel")
        ):
            raise PermissionDenied
        if request.method == "POST":
            return self.review_queue_action(request)
        rows = _review_queue()
        counts = review_queue_counts(rows)
        query = request.GET.get("q", "").strip()
        if query:
            rows = [row for row in rows if query.casefold() in row.label.casefold()]
        kind = request.GET.get("kind", "")
        if kind in KIND_LABELS:
            rows = [row for row in rows if row.kind == kind]
        else:  # a model's routes and results are counted on its row
            rows = [row for row in rows if row.kind not in ROLLED_UP]
        model = request.GET.get("model", "")
        if model.isdigit():
            rows = [row for row in rows if row.model_pk == int(model)]
        reason = request.GET.get("reason", "")
        if reason in QUEUE_REASONS:
            rows = [row for row in rows if QUEUE_REASONS[reason][1](row)]
        order = request.GET.get("o", "")
        if order not in ("age", "-age"):
            order = ""  # ranked (see editorial.review.rank_key)
        if order == "age":
            rows = pending_first(sorted(rows, key=review_age_key))
        elif order == "-age":
            rows = pending_first(sorted(rows, key=review_age_key, reverse=True))
        page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("p"))
        context = {
            **self.each_context(request),
            "title": "Needs review",
            "page": page,
            "counts": [(key, KIND_LABELS[key], count) for key, count in counts.items()],
            "total": sum(counts.values()),
            "kind": kind,
            "reason": reason,
            "reasons": [(key, label) for key, (label, _) in QUEUE_REASONS.items()],
            "order": order,
            "q": query,
            "may_mark_reviewed": any(
                self._may_review(request, kind) for kind in QUEUE_MODELS
            )
            or self._may_mark_routine(request),
            "reviewable": {
                key for key in QUEUE_MODELS if self._may_review(request, key)
            },
            "may_mark_routine": self._may_mark_routine(request),
            "may_decide": may_publish(user),
            "changes": waiting_changes(),
            "model": model,
            "missing_sources": missing_source_links(),
            "pending": pending_link(),
            "disagreements": disagreements_link(),
            "stale_after_days": settings.REVIEW_STALE_AFTER_DAYS,
        }
        return TemplateResponse(request, "admin/editorial/review_queue.html", context)

    def _may_mark_routine(self, request):
        """Editors mark routine routes and results reviewed (see ReviewRow.routine)."""
        return request.user.has_perm("catalog.change_route")

    def _may_review(self, request, kind):
        model = apps.get_model(QUEUE_MODELS[kind])
        opts = model._meta
        return request.user.has_perm(f"{opts.app_label}.review_{opts.model_name}")

    def review_queue_action(self, request):
        """
        Mark the selected queue rows ("kind:pk") reviewed, for those allowed
        to mark each kind reviewed; a model takes its routes and results along.
        """
        redirect = HttpResponseRedirect(
            f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path
        )
        action = request.POST.get("action")
        if action in ("approve_changes", "reject_changes"):
            return self.decide_changes(request, action, redirect)
        if action != "mark_reviewed":
            raise PermissionDenied
        selected = {}
        for value in request.POST.getlist("_selected"):
            kind, _, pk = value.partition(":")
            if kind in QUEUE_MODELS and pk.isdigit():
                selected.setdefault(kind, set()).add(int(pk))
        if any(
            not self._may_review(request, kind) for kind in selected
        ) and not self._only_routine(request, selected):
            raise PermissionDenied
        if not selected:
            messages.warning(request, "Select the records to mark reviewed.")
            return redirect
        today = timezone.localdate()
        said = []
        with transaction.atomic():
            for kind, pks in selected.items():
                objects = apps.get_model(QUEUE_MODELS[kind])._default_manager.filter(
                    pk__in=pks
                )
                if kind == "model":
                    said.append(
                        services.reviewed_message(
                            *services.mark_models_reviewed(
                                models=objects, user=request.user, today=today
                            )
                        )
                    )
                else:
                    count = services.mark_reviewed(
                        objects=objects, user=request.user, today=today
                    )
                    opts = objects.model._meta
                    name = opts.verbose_name if count == 1 else opts.verbose_name_plural
                    said.append(f"{count} {name} marked reviewed.")
        messages.success(request, " ".join(said))
        return redirect

    def _only_routine(self, request, selected):
        """
        Whether every selected row the user may not review is a routine one
        they may mark anyway (an Editor's re-verified, unchanged price).
        """
        if not self._may_mark_routine(request):
            return False
        routine = {(row.kind, row.pk) for row in _review_queue() if row.routine}
        return all(
            (kind, pk) in routine
            for kind, pks in selected.items()
            if not self._may_review(request, kind)
            for pk in pks
        )

    def decide_changes(self, request, action, redirect):
        """Approve or reject the selected changes waiting for a Publisher."""
        if not may_publish(request.user):
            raise PermissionDenied
        pks = [int(pk) for pk in request.POST.getlist("_change") if pk.isdigit()]
        if not pks:
            messages.warning(request, "Select the changes to approve or reject.")
            return redirect
        decision, done = (
            (approve, "approved")
            if action == "approve_changes"
            else (reject, "rejected")
        )
        from changes.admin import decide_selected  # registers its admin

        decide_selected(
            request, PendingChange.objects.filter(pk__in=pks), decision, done
        )
        return redirect
