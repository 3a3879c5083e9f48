from django.contrib import admin, messages
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
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .forms import (
    BenchmarkResultInlineFormSet,
    CapabilityInlineFormSet,
    LanguageModelAdminForm,
)
from .models import (
    Benchmark,
    BenchmarkResult,
    Capability,
    DecisionTag,
    LanguageModel,
    Lifecycle,
    ModelCapability,
    Organization,
    Provider,
    PublicationStatus,
    Route,
    Source,
    TriState,
)

admin.site.site_header = "LLM Compare administration"
admin.site.site_title = "LLM Compare administration"

# Retired routes can no longer be called, so their prices aren't "cheapest".
CALLABLE_ROUTES = Q(
    routes__lifecycle_status__in=[
        Lifecycle.ACTIVE,
        Lifecycle.PREVIEW,
        Lifecycle.DEPRECATED,
    ]
)


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
    """Return a $/1M price with at least two decimals, e.g. "$0.15", "$0.075"."""
    if value is None:
        return None
    whole, _, fraction = f"{value.normalize():f}".partition(".")
    return f"${whole}.{fraction.ljust(2, '0')}"


def format_tokens(value):
    """Return a token count the way editors say it, e.g. "128k" or "1.05M"."""
    if value is None:
        return None
    # Three significant digits; 999,500 would round to "1e+03k".
    if value >= 999_500:
        short = f"{value / 1_000_000:.3g}M"
    elif value >= 1_000:
        short = f"{value / 1_000:.3g}k"
    else:
        short = str(value)
    return format_html('<span title="{} tokens">{}</span>', f"{value:,}", short)


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
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
class OrganizationAdmin(SimpleHistoryAdmin):
    # Explicit, because an aggregate annotation drops Meta.ordering
    # (autocomplete paginates and warns on unordered querysets).
    ordering = ["name"]
    list_display = ["name", "slug", "website", "model_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(DecisionTag)
class DecisionTagAdmin(admin.ModelAdmin):
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


class RouteInline(admin.TabularInline):
    model = Route
    fields = [
        "provider",
        "identifier",
        "region",
        "input_price",
        "output_price",
        "cache_read_price",
        "lifecycle_status",
        "source",
        "last_verified",
    ]
    autocomplete_fields = ["provider", "source"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        # Each row is titled with str(route), which names model and provider.
        return super().get_queryset(request).select_related("model", "provider")


class BenchmarkResultInline(admin.TabularInline):
    model = BenchmarkResult
    formset = BenchmarkResultInlineFormSet
    fields = [
        "benchmark",
        "score",
        "provenance",
        "is_primary",
        "source",
        "source_url",
        "measured_on",
    ]
    autocomplete_fields = ["benchmark", "source"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        # Each row is titled with str(result), which names model and benchmark.
        return super().get_queryset(request).select_related("model", "benchmark")


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
class LanguageModelAdmin(SimpleHistoryAdmin):
    # Explicit, because an aggregate annotation drops Meta.ordering
    # (autocomplete paginates and warns on unordered querysets).
    ordering = ["name"]
    form = LanguageModelAdminForm
    list_display = [
        "name",
        "organization",
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
    autocomplete_fields = ["organization", "lifecycle_source", "sources"]
    filter_horizontal = ["decision_tags"]
    readonly_fields = ["created", "updated"]
    save_on_top = True
    actions = ["publish", "move_to_draft"]
    inlines = [CapabilityInline, RouteInline, BenchmarkResultInline]
    fieldsets = [
        (
            "Identity",
            {"fields": ["name", "slug", "organization", "family", "description"]},
        ),
        (
            "Release & lifecycle",
            {
                "fields": [
                    ("release_date", "release_date_precision"),
                    ("lifecycle_status", "lifecycle_date"),
                    "lifecycle_source",
                    "knowledge_cutoff",
                ]
            },
        ),
        (
            "Size & limits",
            {
                "fields": [
                    ("context_window", "max_output_tokens"),
                    ("parameter_count", "parameter_count_is_estimate"),
                    "parameter_count_note",
                    "active_parameter_count",
                    "architecture",
                ]
            },
        ),
        (
            "License & openness",
            {
                "fields": [
                    ("license_name", "license_is_osi_approved"),
                    "license_url",
                    "open_weights",
                    "commercial_use",
                ]
            },
        ),
        ("Modalities", {"fields": ["input_modalities", "output_modalities"]}),
        ("Decision tags & sources", {"fields": ["decision_tags", "sources"]}),
        ("Review", {"fields": ["status", "last_reviewed", "created", "updated"]}),
    ]

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

    @admin.display(description="context", ordering="context_window")
    def context(self, obj):
        return format_tokens(obj.context_window)

    @admin.display(description="cheapest input $/1M", ordering="cheapest_input_price")
    def cheapest_input_price(self, obj):
        return format_price(obj.cheapest_input_price)

    @admin.display(description="cheapest output $/1M", ordering="cheapest_output_price")
    def cheapest_output_price(self, obj):
        return format_price(obj.cheapest_output_price)

    @admin.display(description="routes", ordering="route_count")
    def route_count(self, obj):
        return obj.route_count

    @admin.action(description="Publish selected models", permissions=["change"])
    def publish(self, request, queryset):
        count = self.set_status(queryset, PublicationStatus.PUBLISHED)
        self.message_user(
            request,
            ngettext("%d model published.", "%d models published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description="Move selected models to draft", permissions=["change"])
    def move_to_draft(self, request, queryset):
        count = self.set_status(queryset, PublicationStatus.DRAFT)
        self.message_user(
            request,
            ngettext("%d model moved to draft.", "%d models moved to draft.", count)
            % count,
            messages.SUCCESS,
        )

    def set_status(self, queryset, status):
        """
        Give each model in ``queryset`` the publication ``status`` and return
        how many changed.

        Saving one by one (not ``update()``) records each change in the
        history, with the editor and a reason.
        """
        changed = 0
        for model in queryset.exclude(status=status):
            model.status = status
            model._change_reason = f"Set to {status.label.lower()} from the list"
            model.save(update_fields=["status", "updated"])
            changed += 1
        return changed


@admin.register(ModelCapability)
class ModelCapabilityAdmin(SimpleHistoryAdmin):
    list_display = ["model", "capability", "value", "source"]
    list_filter = ["capability", "value"]
    list_select_related = ["model", "source"]
    search_fields = ["model__name", "model__slug"]
    autocomplete_fields = ["model", "source"]


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
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
class RouteAdmin(SimpleHistoryAdmin):
    list_display = [
        "model",
        "provider",
        "identifier",
        "region",
        "input_price",
        "output_price",
        "cache_read_price",
        "lifecycle_status",
        "last_verified",
        "source",
    ]
    list_filter = [
        ("provider", admin.RelatedOnlyFieldListFilter),
        "lifecycle_status",
        ("source", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["model", "provider", "source"]
    search_fields = ["model__name", "model__slug", "provider__name", "identifier"]
    autocomplete_fields = ["model", "provider", "source"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "model",
                    "provider",
                    "identifier",
                    "region",
                    "lifecycle_status",
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
            {"fields": ["source", "source_url", "last_verified", "last_reviewed"]},
        ),
    ]


@admin.register(Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
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
class BenchmarkResultAdmin(SimpleHistoryAdmin):
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
        ("benchmark", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["model", "benchmark", "source"]
    search_fields = ["model__name", "model__slug", "benchmark__name"]
    autocomplete_fields = ["model", "benchmark", "source"]
