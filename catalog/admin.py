from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.utils import flatten, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from changes.holding import HoldChangesAdmin

from . import admin_summaries, formatting, services
from .admin_corrections import typo_column
from .admin_summaries import FieldHelpMixin
from .checks import check_record
from .forms import (
    BenchmarkResultInlineFormSet,
    CapabilityInlineFormSet,
    LanguageModelAdminForm,
    RouteForm,
    RouteGridForm,
    RouteGridFormSet,
    RouteInlineForm,
    VersionedInlineForm,
    VersionedModelForm,
    readable_number_formfield,
)
from .models import (
    Benchmark,
    BenchmarkResult,
    Capability,
    DecisionTag,
    EditConflict,
    LanguageModel,
    Lifecycle,
    ModelCapability,
    Organization,
    Provider,
    PublicationStatus,
    ReportedFigure,
    Route,
    Source,
    TriState,
)
from .selectors import is_public_record
from .sourcing import has_source_filter

# Retired routes can no longer be called, so their prices aren't "cheapest".
# Routes a reader could pay for today: not retired, and not a free tier
# (the public pages leave free tiers out of "cheapest" too).
CALLABLE_ROUTES = Q(
    routes__lifecycle_status__in=[
        Lifecycle.ACTIVE,
        Lifecycle.PREVIEW,
        Lifecycle.DEPRECATED,
    ]
) & ~Q(routes__input_price=0, routes__output_price=0)


def count_of(model, field):
    """
    Return a subquery counting the ``model`` rows whose ``field`` points at
    the outer row.

    Unlike ``Count()``, several of these on one queryset don't multiply each
    other's joins.
    """
    counts = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def lower_first(label):
    """Return ``label`` for use mid-sentence: "Vision" -> "vision", "IDE" stays."""
    if label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def format_price(value):
    """Return a $/1M price as the public pages write it ("$0.15", "$2"), or None."""
    return None if value is None else formatting.format_price(value)


def format_tokens(value):
    """Return a token count as the public pages write it ("128k"), exact on hover."""
    if value is None:
        return None
    short = formatting.format_tokens(value)
    return format_html('<span title="{} tokens">{}</span>', f"{value:,}", short)


def _has_field(model, name):
    return any(f.name == name for f in model._meta.concrete_fields)


class ReadableNumbersMixin:
    """Price and number inputs that read "$2.50", "0,48", "128k" (see ``ReadableNumberField``)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = readable_number_formfield(db_field, **kwargs)
        if formfield is not None:
            return formfield
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def guarded_forms(context):
    """Return the record's form and its inline rows' forms in a change form's ``context``."""
    found = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", ()):
        found += inline.formset.forms
    return found


class HistoryAdmin(SimpleHistoryAdmin):
    """
    django-simple-history's admin, with a 404 for an object or version id
    that is not a number (its own views let the database refuse it: a 500).
    """

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404("No such record.") from None
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            self.opts.pk.to_python(unquote(object_id))
            int(version_id)
        except (ValidationError, ValueError):
            raise Http404("No such version.") from None
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        # Saving an unchanged form is not an edit: no new version (which would
        # refuse other editors' open pages), no history record (nor "changed
        # since review" in the review queue).
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)


class EditorialAdmin(ReadableNumbersMixin, HoldChangesAdmin, HistoryAdmin):
    """
    The admin of a catalog record that editors keep: each save is checked
    against the version the page was opened at (see ``VersionedModelForm``),
    the publication status and review fields are only set by those allowed
    to, and the history is read-only.

    Roles come from permissions: ``publish_<model>`` to change the status,
    ``review_<model>`` to mark reviewed, Django's ``delete_<model>`` to
    delete.
    """

    form = VersionedModelForm
    is_public = staticmethod(is_public_record)
    # The held changes' form, with the conflict screen and the price confirmation.
    change_form_template = "admin/catalog/guarded_change_form.html"

    def check_figures(self, obj, live):
        return check_record(obj, live, today=timezone.localdate())

    # Set by the "Mark reviewed" action only, so read-only for everyone.
    review_fields = ["last_reviewed", "last_reviewed_by"]

    def _has_perm(self, request, action):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def has_publish_permission(self, request):
        return self._has_perm(request, "publish")

    def has_review_permission(self, request):
        return self._has_perm(request, "review")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        named = {
            name for _, options in fieldsets for name in flatten(options["fields"])
        }
        if "change_note" not in named and "change_note" in self.form.base_fields:
            fieldsets.append(("Change note", {"fields": ["change_note"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        readonly += [
            name
            for name in self.review_fields
            if _has_field(self.model, name) and name not in readonly
        ]
        if _has_field(self.model, "status") and not self.has_publish_permission(
            request
        ):
            readonly.append("status")
        return readonly

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # The conflict screen (original, theirs, yours) of the record and of
        # each row, and the page's "I confirm the new prices" box if asked.
        found = guarded_forms(context)
        context["edit_conflicts"] = [
            f.conflict for f in found if getattr(f, "conflict", None)
        ]
        context["price_moves"] = any(getattr(f, "price_moves", ()) for f in found)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Only when two saves pass the form's check at the same instant
            # (no row lock, as on SQLite); the transaction was rolled back.
            self.message_user(
                request,
                "Someone else saved this record at the same moment, so nothing "
                "was saved. Here is the current version; make your changes again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    # The history is for reading: reverting would bypass the version check
    # and the status and review permissions.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _message_count(self, request, count, done):
        name = ngettext(self.opts.verbose_name, self.opts.verbose_name_plural, count)
        self.message_user(request, f"{count} {name} {done}.", messages.SUCCESS)

    @admin.action(
        description="Mark this %(verbose_name)s reviewed",
        description_plural="Mark selected %(verbose_name_plural)s reviewed",
        permissions=["review"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def mark_reviewed(self, request, queryset):
        count = services.mark_reviewed(
            objects=queryset, user=request.user, today=timezone.localdate()
        )
        self._message_count(request, count, "marked reviewed")


class PublishActionsMixin:
    """The publish and move-to-draft actions, for those allowed to publish."""

    # Names in the success messages, e.g. "2 models published."
    noun = ("item", "items")

    @admin.action(
        description="Publish selected %(verbose_name_plural)s", permissions=["publish"]
    )
    def publish(self, request, queryset):
        count = services.set_publication_status(
            objects=queryset, status=PublicationStatus.PUBLISHED, user=request.user
        )
        self._message_status(request, count, "published")

    @admin.action(
        description="Move selected %(verbose_name_plural)s to draft",
        permissions=["publish"],
    )
    def move_to_draft(self, request, queryset):
        count = services.set_publication_status(
            objects=queryset, status=PublicationStatus.DRAFT, user=request.user
        )
        self._message_status(request, count, "moved to draft")

    def _message_status(self, request, count, done):
        noun = self.noun[0] if count == 1 else self.noun[1]
        self.message_user(request, f"{count} {noun} {done}.", messages.SUCCESS)


class HasSourceListFilter(admin.SimpleListFilter):
    """Rows with or without a source (a source record, or a source URL)."""

    title = "has source"
    parameter_name = "has_source"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() not in {"yes", "no"}:
            return queryset
        return queryset.filter(has_source_filter(queryset.model, self.value() == "yes"))


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    list_display = [
        "title",
        "key",
        "publisher",
        "license",
        "retrieved_on",
        "model_count",
        "route_count",
        "result_count",
    ]
    search_fields = ["title", "key", "url", "publisher"]
    prepopulated_fields = {"key": ["title"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                model_count=count_of(LanguageModel.sources.through, "source"),
                route_count=count_of(Route, "source"),
                result_count=count_of(BenchmarkResult, "source"),
            )
        )

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count

    @admin.display(description="routes", ordering="route_count")
    def route_count(self, obj):
        return obj.route_count

    @admin.display(description="results", ordering="result_count")
    def result_count(self, obj):
        return obj.result_count


@admin.register(Organization)
class OrganizationAdmin(EditorialAdmin):
    # Explicit, because an aggregate annotation drops Meta.ordering
    # (autocomplete paginates and warns on unordered querysets).
    ordering = ["name"]
    list_display = ["name", "slug", "website", "model_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    is_public = staticmethod(is_public_record)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(DecisionTag)
class DecisionTagAdmin(HoldChangesAdmin, admin.ModelAdmin):
    # Explicit, because an aggregate annotation drops Meta.ordering
    # (autocomplete paginates and warns on unordered querysets).
    ordering = ["name"]
    list_display = ["name", "slug", "description", "model_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


class CapabilityInline(admin.TabularInline):
    model = ModelCapability
    formset = CapabilityInlineFormSet
    fields = ["capability", "value", "source", "note"]
    autocomplete_fields = ["source"]
    # One row per capability: the ones on record plus the missing ones.
    extra = max_num = len(Capability)
    # Folded on the model form (opened by the browser on an error).
    classes = ["collapse"]

    def get_queryset(self, request):
        in_choice_order = Case(
            *(When(capability=value, then=i) for i, value in enumerate(Capability)),
            output_field=IntegerField(),
        )
        return (
            super()
            .get_queryset(request)
            .select_related("model")
            .order_by(in_choice_order)
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "value":
            formfield.help_text = (
                "A capability with no row is unknown; "
                "rows left untouched as Unknown are not saved."
            )
        return formfield


class RouteInline(ReadableNumbersMixin, admin.TabularInline):
    """
    The model's routes, one short row each so that provider, identifier,
    prices and source URL fit at 1280 px; lifecycle, source, cache-write and
    batch prices are on the route's own form (the row's change link).
    """

    model = Route
    form = RouteInlineForm
    fields = [
        "opened_version",
        "provider",
        "identifier",
        # In the row, so the form checks a route's uniqueness by provider,
        # identifier and region (empty = global).
        "region",
        "input_price",
        "output_price",
        "cache_read_price",
        "source_url",
    ]
    autocomplete_fields = ["provider"]
    show_change_link = True
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        # Only on the add form: a new model's first route.
        return 1 if obj is None else 0

    def get_queryset(self, request):
        # Each row is titled with str(route), which names model and provider.
        return super().get_queryset(request).select_related("model", "provider")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return formfield
        if db_field.name == "source_url":
            formfield.widget.attrs["class"] = "url-input"
        elif db_field.name == "identifier":
            formfield.widget.attrs["class"] = "identifier-input"
        elif db_field.name == "region":
            formfield.widget.attrs.update(
                {"class": "region-input", "placeholder": "global"}
            )
        return formfield


class BenchmarkResultInline(ReadableNumbersMixin, admin.TabularInline):
    model = BenchmarkResult
    form = VersionedInlineForm
    formset = BenchmarkResultInlineFormSet
    fields = [
        "opened_version",
        "benchmark",
        "score",
        "provenance",
        "is_primary",
        "source",
        "source_url",
        "measured_on",
        "comparable_group",
    ]
    autocomplete_fields = ["benchmark", "source"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        # Each row is titled with str(result), which names model and benchmark.
        return super().get_queryset(request).select_related("model", "benchmark")


class ReportedFigureInline(admin.TabularInline):
    """Each other source's figure for the record, read-only: imports keep them."""

    model = ReportedFigure
    fields = ["field", "value", "source", "source_identifier", "reported_on"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "figures other sources report (read-only)"
    classes = ["collapse"]

    def get_queryset(self, request):
        # Each row is titled with str(figure), which names its model or route.
        return (
            super()
            .get_queryset(request)
            .select_related("source", "model", "route__model", "route__provider")
        )

    def has_view_permission(self, request, obj=None):
        # Shown on the record's form, which checks the record's own permission.
        return True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CapabilityListFilter(admin.SimpleListFilter):
    title = "capability"
    parameter_name = "capability"

    def lookups(self, request, model_admin):
        return [
            (value, f"Has {lower_first(label)}") for value, label in Capability.choices
        ]

    def queryset(self, request, queryset):
        if self.value() not in Capability.values:
            return queryset
        return queryset.filter(
            capabilities__capability=self.value(), capabilities__value=TriState.YES
        )


class ProviderListFilter(admin.SimpleListFilter):
    title = "provider"
    parameter_name = "provider"

    def lookups(self, request, model_admin):
        # Only providers that offer something; the sidebar stays a list of
        # answers rather than every provider on record.
        return (
            Provider.objects.filter(routes__isnull=False)
            .distinct()
            .values_list("slug", "name")
        )

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(routes__provider__slug=self.value())


@admin.register(LanguageModel)
class LanguageModelAdmin(FieldHelpMixin, PublishActionsMixin, EditorialAdmin):
    # Explicit, because an aggregate annotation drops Meta.ordering
    # (autocomplete paginates and warns on unordered querysets).
    ordering = ["name"]
    form = LanguageModelAdminForm
    list_display = [
        "name",
        "organization",
        "kind",
        "status",
        "lifecycle_status",
        "context",
        "cheapest_input_price",
        "cheapest_output_price",
        "route_count",
        "open_weights",
        "last_reviewed",
    ]
    list_filter = [
        ("organization", admin.RelatedOnlyFieldListFilter),
        "kind",
        "status",
        "lifecycle_status",
        "open_weights",
        "architecture",
        CapabilityListFilter,
        ProviderListFilter,
        "decision_tags",
    ]
    list_select_related = ["organization"]
    list_per_page = 50
    search_fields = ["name", "slug", "organization__name", "family"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization", "variant_of", "lifecycle_source", "sources"]
    filter_horizontal = ["decision_tags"]
    # Cross-reference ids: imports fill them (issue 21); shown, not edited.
    readonly_fields = [
        "created",
        "updated",
        "models_dev_id",
        "openrouter_id",
        "huggingface_id",
    ]
    # The form fits in under 3 screens: one row of buttons, at the end.
    save_on_top = False
    actions = ["publish", "move_to_draft", "mark_reviewed"]
    noun = ("model", "models")
    # The change form edits the model itself and its capabilities; its
    # routes and results are one line each, linking to their filtered lists
    # (the routes to the price grid). Adding a model may add its first route.
    inlines = [CapabilityInline, ReportedFigureInline]
    add_inlines = [CapabilityInline, RouteInline, BenchmarkResultInline]
    # Fields side by side, so the form of a model with 65 routes fits in
    # under 3 screens at 1280 px (tests/browser/test_editor_day.py).
    fieldsets = [
        (
            "Identity",
            {
                "fields": [
                    ("name", "slug", "organization"),
                    ("family", "kind", "variant_of"),
                    "description",
                    "opened_version",
                ]
            },
        ),
        (
            "Specs",
            {
                "fields": [
                    ("release_date", "release_date_precision", "knowledge_cutoff"),
                    ("lifecycle_status", "lifecycle_date", "architecture"),
                    ("context_window", "max_output_tokens", "parameter_count_note"),
                    (
                        "parameter_count",
                        "active_parameter_count",
                        "parameter_count_is_estimate",
                    ),
                    ("input_modalities", "output_modalities"),
                ]
            },
        ),
        ("Sources", {"fields": [("lifecycle_source", "sources")]}),
        # Rarely edited: folded (and opened by the browser on an error).
        (
            "License, openness & decision tags",
            {
                "fields": [
                    ("license_name", "license_is_osi_approved"),
                    "license_url",
                    ("open_weights", "commercial_use"),
                    "decision_tags",
                ],
                "classes": ["collapse"],
            },
        ),
        (
            "Ids in other catalogs",
            {
                "fields": [("models_dev_id", "openrouter_id", "huggingface_id")],
                "classes": ["collapse"],
            },
        ),
        ("Routes", {"fields": ["route_summary"]}),
        ("Benchmark results", {"fields": ["result_summary"]}),
        (
            "Review",
            {
                "description": admin_summaries.LAST_REVIEWED,
                "fields": [
                    (
                        "status",
                        "last_reviewed",
                        "last_reviewed_by",
                        "created",
                        "updated",
                    )
                ],
            },
        ),
    ]
    # Not on the add form: a new model has no routes or results to list.
    summary_fields = ["route_summary", "result_summary"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else self.add_inlines

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        return [
            (name, options)
            for name, options in fieldsets
            if not set(flatten(options["fields"])) & set(self.summary_fields)
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.summary_fields]

    @admin.display(description="routes")
    def route_summary(self, obj):
        return admin_summaries.route_lines(obj)

    @admin.display(description="benchmark results")
    def result_summary(self, obj):
        return admin_summaries.result_lines(obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                route_count=Count("routes", distinct=True),
                cheapest_input_price=Min("routes__input_price", filter=CALLABLE_ROUTES),
                cheapest_output_price=Min(
                    "routes__output_price", filter=CALLABLE_ROUTES
                ),
            )
        )

    @admin.action(
        description="Mark this %(verbose_name)s reviewed",
        description_plural="Mark selected %(verbose_name_plural)s reviewed",
        permissions=["review"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def mark_reviewed(self, request, queryset):
        count, routes, results = services.mark_models_reviewed(
            models=queryset, user=request.user, today=timezone.localdate()
        )
        self.message_user(
            request, services.reviewed_message(count, routes, results), messages.SUCCESS
        )

    @admin.display(description="context", ordering="context_window")
    def context(self, obj):
        return format_tokens(obj.context_window)

    @admin.display(
        description="cheapest paid input $/1M", ordering="cheapest_input_price"
    )
    def cheapest_input_price(self, obj):
        return format_price(obj.cheapest_input_price)

    @admin.display(
        description="cheapest paid output $/1M", ordering="cheapest_output_price"
    )
    def cheapest_output_price(self, obj):
        return format_price(obj.cheapest_output_price)

    @admin.display(description="routes", ordering="route_count")
    def route_count(self, obj):
        return obj.route_count


@admin.register(ModelCapability)
class ModelCapabilityAdmin(HoldChangesAdmin, HistoryAdmin):
    is_public = staticmethod(is_public_record)

    def check_figures(self, obj, live):
        return check_record(obj, live, today=timezone.localdate())

    list_display = ["model", "capability", "value", "source"]
    list_filter = ["capability", "value", HasSourceListFilter]
    list_select_related = ["model", "source"]
    search_fields = ["model__name", "model__slug"]
    autocomplete_fields = ["model", "source"]


@admin.register(Provider)
class ProviderAdmin(EditorialAdmin):
    # Explicit, because an aggregate annotation drops Meta.ordering
    # (autocomplete paginates and warns on unordered querysets).
    ordering = ["name"]
    list_display = ["name", "kind", "organization", "route_count"]
    list_filter = ["kind"]
    list_select_related = ["organization"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(route_count=Count("routes"))

    @admin.display(description="routes", ordering="route_count")
    def route_count(self, obj):
        return obj.route_count


@admin.register(Route)
class RouteAdmin(FieldHelpMixin, EditorialAdmin):
    form = RouteForm
    # The price grid: model and provider first, then the prices, edited in
    # place (one cell, one Save); the columns fit at 1280 px. Each changed
    # row goes through save_model() like the change form: an Editor's edit
    # of a published model's route waits for a Publisher, a failing figure
    # is held.
    list_display = [
        "model",
        "provider_and_region",
        "input_price",
        "output_price",
        "cache_read_price",
        "lifecycle_status",
        "last_verified",
        "source",
    ]
    list_display_links = ["model"]
    list_editable = [
        "input_price",
        "output_price",
        "cache_read_price",
        "lifecycle_status",
    ]
    list_filter = [
        ("provider", admin.RelatedOnlyFieldListFilter),
        ("model", admin.RelatedOnlyFieldListFilter),
        "lifecycle_status",
        HasSourceListFilter,
        ("source", admin.RelatedOnlyFieldListFilter),
    ]
    list_per_page = 50
    list_select_related = ["model", "provider", "source"]
    search_fields = ["model__name", "model__slug", "provider__name", "identifier"]

    def changelist_view(self, request, extra_context=None):
        # The grid needs the width at 1280 px: no app list beside it (the
        # breadcrumbs lead back), so every column shows next to the filters.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    autocomplete_fields = ["model", "provider", "source"]
    actions = ["mark_reviewed"]
    inlines = [ReportedFigureInline]
    readonly_fields = ["api_model_id"]  # imports fill it (issue 21)
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "model",
                    "provider",
                    ("identifier", "api_model_id"),
                    "region",
                    "lifecycle_status",
                    "opened_version",
                ]
            },
        ),
        (
            "Prices per 1M tokens",
            {
                "fields": [
                    ("input_price", "output_price"),
                    ("cache_read_price", "cache_write_price"),
                    ("batch_input_price", "batch_output_price"),
                ]
            },
        ),
        (
            "Long context",
            {
                "fields": [
                    "long_context_threshold",
                    ("long_context_input_price", "long_context_output_price"),
                ]
            },
        ),
        (
            "Speed",
            {"fields": ["output_tokens_per_second", "time_to_first_token_ms"]},
        ),
        (
            "Source & review",
            {
                "description": admin_summaries.LAST_REVIEWED,
                "fields": [
                    "verified_from",
                    "source",
                    "source_url",
                    "last_verified",
                    ("last_reviewed", "last_reviewed_by"),
                ],
            },
        ),
    ]

    # A Publisher marks a version with a price typo (see admin_corrections).
    history_list_display = ["typo"]

    def typo(self, record):
        return typo_column(record)

    @admin.display(description="provider", ordering="provider__name")
    def provider_and_region(self, obj):
        # A region only where one is named (empty is global), so routes that
        # differ by region tell apart without a column of "global".
        return f"{obj.provider} ({obj.region})" if obj.region else str(obj.provider)

    def get_changelist_form(self, request, **kwargs):
        # Prices as "2.5", not the column's "2.500000", in narrow inputs that
        # read "$2.50" and "0,48"; a big price move asks for a confirmation.
        kwargs.setdefault("form", RouteGridForm)
        return super().get_changelist_form(request, **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        kwargs.setdefault("formset", RouteGridFormSet)
        return super().get_changelist_formset(request, **kwargs)


@admin.register(Benchmark)
class BenchmarkAdmin(EditorialAdmin):
    # Explicit, because an aggregate annotation drops Meta.ordering
    # (autocomplete paginates and warns on unordered querysets).
    ordering = ["name"]
    list_display = ["name", "category", "unit", "higher_is_better", "result_count"]
    list_filter = ["category"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(result_count=Count("results"))

    @admin.display(description="results", ordering="result_count")
    def result_count(self, obj):
        return obj.result_count


@admin.register(BenchmarkResult)
class BenchmarkResultAdmin(FieldHelpMixin, EditorialAdmin):
    list_display = [
        "model",
        "benchmark",
        "score",
        "provenance",
        "is_primary",
        "measured_on",
        "source",
    ]
    list_filter = [
        "provenance",
        "is_primary",
        HasSourceListFilter,
        ("benchmark", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["model", "benchmark", "source"]
    search_fields = [
        "model__name",
        "model__slug",
        "benchmark__name",
        "comparable_group",
    ]
    autocomplete_fields = ["model", "benchmark", "source"]
    actions = ["mark_reviewed"]
