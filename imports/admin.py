from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from catalog.documents import MAX_DOCUMENT_BYTES
from imports import parsers
from imports.models import (
    ExternalId,
    FieldLock,
    ImportFormat,
    ImportRun,
    RefreshLock,
)
from imports.parsers.base import ImportFormatError
from imports.services import StalePreview, prepare, preview, run_import, save_preview
from imports.wording import plain

# An upload bigger than this is refused (the whole models.dev tree zips to a few MB).
MAX_UPLOAD_BYTES = MAX_DOCUMENT_BYTES


def target_link(obj):
    """Return a link to the admin page of a row a generic relation points at."""
    target = obj.target
    if target is None:
        return format_html(
            "<em>deleted {} #{}</em>", obj.content_type.model, obj.object_id
        )
    try:
        url = reverse(
            f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
            args=[quote(obj.object_id)],
        )
    except NoReverseMatch:
        return str(target)
    return format_html('<a href="{}">{}</a>', url, target)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text="A JSON, TOML or YAML file, or a .zip of a models.dev tree "
        "(or of genai-prices provider YAML files)."
    )
    format = forms.ChoiceField(choices=ImportFormat.choices)
    import_date = forms.DateField(
        required=False,
        help_text="Import as of this day (default today): routes are verified "
        "on it, and date-constrained prices are those in force on it.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size // 1_000_000} MB; the limit is "
                f"{MAX_UPLOAD_BYTES // 1_000_000} MB."
            )
        return upload


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "created",
        "format",
        "file_name",
        "status",
        "created_by",
        "created_count",
        "changed_count",
        "disagreement_count",
        "duration",
    ]
    list_filter = ["status", "format"]
    search_fields = ["file_name", "source_url"]
    list_select_related = ["created_by"]
    date_hierarchy = "created"
    readonly_fields = [
        "format",
        "file_name",
        "status",
        "import_date",
        "created",
        "applied_at",
        "created_by",
        "source_url",
        "etag",
        "last_modified",
        "content_hash",
        "duration",
        "error",
        "diff",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("payload")

    def has_change_permission(self, request, obj=None):
        # Runs are a record; the change page only shows them.
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may import may see the runs the upload pages link to.
        return super().has_view_permission(request, obj) or self.has_add_permission(
            request
        )

    @admin.display(description="created")
    def created_count(self, obj):
        return obj.total("created")

    @admin.display(description="changed")
    def changed_count(self, obj):
        return obj.total("changed")

    @admin.display(description="locked")
    def disagreement_count(self, obj):
        return obj.total("disagreements")

    @admin.display(description="diff")
    def diff(self, obj):
        return render_to_string(
            "admin/imports/includes/diff.html",
            {"summary": obj.summary, "plain": plain(obj.summary)},
        )

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name=f"{prefix}_upload",
            ),
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{prefix}_preview",
            ),
            path(
                "<int:pk>/apply/",
                self.admin_site.admin_view(require_POST(self.apply_view)),
                name=f"{prefix}_apply",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:imports_importrun_upload")

    def check_add_permission(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied

    def has_apply_permission(self, request):
        """Publishers apply imports; Editors upload and read the dry run."""
        return request.user.has_perm("imports.apply_importrun")

    def upload_view(self, request):
        """Read an upload, validate it and show its diff, writing only the preview."""
        self.check_add_permission(request)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload_file = form.cleaned_data["file"]
            content = upload_file.read()
            today = form.cleaned_data["import_date"] or timezone.localdate()
            format_name = form.cleaned_data["format"]
            try:
                upload = parsers.read_upload(upload_file.name, content)
                batch = prepare(format_name, upload, today=today)
                diff = preview(batch, today=today)
            except ImportFormatError as error:
                form.add_error("file", str(error))
            else:
                run = save_preview(
                    diff, format_name=format_name, payload=content, user=request.user
                )
                return redirect("admin:imports_importrun_preview", pk=run.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import a catalog file",
            "form": form,
        }
        return TemplateResponse(request, "admin/imports/importrun/upload.html", context)

    def preview_view(self, request, pk):
        """Show a previewed diff with the button that applies it."""
        self.check_add_permission(request)
        run = get_object_or_404(ImportRun, pk=pk)
        if run.status != ImportRun.Status.PREVIEW:
            return redirect("admin:imports_importrun_change", run.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Preview: {run.file_name}",
            "run": run,
            "summary": run.summary,
            "plain": plain(run.summary),
            "may_apply": self.has_apply_permission(request),
        }
        return TemplateResponse(
            request, "admin/imports/importrun/preview.html", context
        )

    def apply_view(self, request, pk):
        """Apply a previewed import: read the kept upload again, check, write."""
        if not self.has_apply_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        if run.status != ImportRun.Status.PREVIEW:
            messages.warning(request, "This import was already applied or has failed.")
            return redirect("admin:imports_importrun_change", run.pk)
        try:
            upload = parsers.read_upload(run.file_name, bytes(run.payload))
            batch = prepare(run.format, upload, today=run.import_date)
            diff, run = run_import(
                batch,
                today=run.import_date,
                user=request.user,
                run=run,
                expect=run.fingerprint,
            )
        except StalePreview as stale:
            save_preview(
                stale.diff,
                format_name=run.format,
                payload=bytes(run.payload),
                user=run.created_by,
                run=run,
            )
            messages.warning(
                request,
                "The catalog changed since this preview, so nothing was written. "
                "Here is the diff as it stands now.",
            )
            return redirect("admin:imports_importrun_preview", pk=run.pk)
        except ImportFormatError as error:
            run.status = ImportRun.Status.FAILED
            run.error = str(error)
            run.save(update_fields=["status", "error"])
            messages.error(request, f"Nothing was imported. {error}")
            return redirect("admin:imports_importrun_change", run.pk)
        messages.success(
            request,
            f"Imported {run.file_name}: {len(diff.created)} created, "
            f"{len(diff.changed)} changed, {len(diff.conflicts)} locked disagreement(s).",
        )
        return redirect("admin:imports_importrun_change", run.pk)


@admin.register(ExternalId)
class ExternalIdAdmin(admin.ModelAdmin):
    list_display = ["external_id", "source", "content_type", "object_id", "row"]
    list_filter = ["source", "content_type"]
    search_fields = ["external_id"]
    list_select_related = ["content_type"]
    fields = ["source", "external_id", "content_type", "object_id", "created"]
    readonly_fields = ["created"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    @admin.display(description="row")
    def row(self, obj):
        return target_link(obj)


@admin.register(FieldLock)
class FieldLockAdmin(admin.ModelAdmin):
    list_display = ["row", "content_type", "field_name", "note", "locked_by", "created"]
    list_filter = ["content_type"]
    search_fields = ["field_name", "note"]
    list_select_related = ["content_type", "locked_by"]
    fields = ["content_type", "object_id", "field_name", "note", "locked_by", "created"]
    readonly_fields = ["locked_by", "created"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    @admin.display(description="row")
    def row(self, obj):
        return target_link(obj)

    def save_model(self, request, obj, form, change):
        if obj.locked_by_id is None:
            obj.locked_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RefreshLock)
class RefreshLockAdmin(admin.ModelAdmin):
    """
    The lock row of a refresh_catalog run (not on PostgreSQL, which uses an
    advisory lock): delete one a run that died left, rather than wait for
    it to expire.
    """

    list_display = ["name", "holder", "acquired_at"]
    readonly_fields = ["name", "holder", "acquired_at"]

    def has_add_permission(self, request):
        return False
