"""
The catalog: organizations, language models, providers and their routes,
benchmarks and results, each figure with the source it came from.

"Unknown" is a value of its own (``TriState.UNKNOWN``), never stored as "no".
Prices are ``Decimal`` per 1M tokens; an empty price means "not sourced",
which is different from 0 ("free").
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from .history import SerialHistoricalRecords

PRICE_FIELD_OPTIONS = {
    "max_digits": 14,
    "decimal_places": 6,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(0)],
}

MONTH_VALIDATOR = RegexValidator(
    r"^\d{4}-(0[1-9]|1[0-2])$", "Enter a month as YYYY-MM, for example 2023-12."
)


class TriState(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Lifecycle(models.TextChoices):
    ACTIVE = "active", "Active"
    PREVIEW = "preview", "Preview"
    DEPRECATED = "deprecated", "Deprecated"
    RETIRED = "retired", "Retired"


def slug_constraint(name):
    """Return a constraint refusing an empty slug at the database level."""
    return models.CheckConstraint(condition=~Q(slug=""), name=name)


def last_reviewed_by_field():
    """Return the "who marked it reviewed" field that reviewed records share."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class EditConflict(Exception):
    """A save expected a version of the row that another save has replaced."""

    def __init__(self, obj, expected_version):
        self.obj = obj
        self.expected_version = expected_version
        super().__init__(
            f"{obj._meta.verbose_name} {obj.pk} is no longer at version "
            f"{expected_version}: someone else saved it in between."
        )


class VersionedModel(models.Model):
    """
    A row that counts its saves, so an edit made on an old copy is refused
    rather than silently overwriting a newer one (optimistic locking).

    Every ``save()`` of an existing row adds one to ``version`` in the
    database (``version = version + 1``). A caller that read the row at a
    known version (the admin's change form) sets ``_expected_version``
    first; the save then claims the row with ``UPDATE ... WHERE version =
    <expected>`` and raises ``EditConflict`` when another save got there
    first.
    """

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the saves of this row; the admin refuses a save from a page opened at an older version.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            expected = getattr(self, "_expected_version", None)
            if expected is None:
                # Read back through RETURNING, so history records the new number.
                self.version = F("version") + 1
            else:
                claimed = (
                    type(self)
                    ._base_manager.filter(pk=self.pk, version=expected)
                    .update(version=F("version") + 1)
                )
                if not claimed:
                    raise EditConflict(self, expected)
                self._expected_version = None
                self.version = expected + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class Source(VersionedModel):
    """A citable origin of figures: a dataset, a model card, a pricing page."""

    key = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Stable identifier, e.g. 'models-dev' or 'openai-pricing'.",
    )
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    retrieved_on = models.DateField(
        null=True, blank=True, help_text="When the figures were taken from it."
    )
    license = models.CharField(
        max_length=100, blank=True, help_text="For example 'CC BY 4.0' or 'MIT'."
    )
    attribution = models.CharField(
        max_length=300,
        blank=True,
        help_text="Credit line shown wherever its figures appear (required by CC BY).",
    )

    history = SerialHistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~Q(key=""), name="source_key_not_empty"),
        ]

    def __str__(self):
        return self.title

    @property
    def requires_attribution(self):
        return bool(self.attribution)


class Organization(VersionedModel):
    """The lab or vendor that makes models."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    website = models.URLField(max_length=500, blank=True)

    history = SerialHistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [slug_constraint("organization_slug_not_empty")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:organization-detail", kwargs={"slug": self.slug})


class DecisionTag(models.Model):
    """An editor-managed fit label such as Coding, RAG, Agents or Long context."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [slug_constraint("decisiontag_slug_not_empty")]

    def __str__(self):
        return self.name


class LanguageModelQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)


class Modality(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"
    VIDEO = "video", "Video"
    PDF = "pdf", "PDF"


class LanguageModel(VersionedModel):
    """
    A model as a lab ships it: a language model, or a model of another kind
    (embedding, speech, ...) that the catalog lists but never compares with
    a language model.
    """

    class Kind(models.TextChoices):
        """The job a model does; only models of one kind are compared."""

        LANGUAGE = "language", "Language"
        EMBEDDING = "embedding", "Embedding"
        RERANKING = "reranking", "Reranking"
        SPEECH = "speech", "Speech"
        IMAGE = "image", "Image"
        VIDEO = "video", "Video"
        OTHER = "other", "Other"

    class Architecture(models.TextChoices):
        DENSE = "dense", "Dense"
        MIXTURE_OF_EXPERTS = "mixture_of_experts", "Mixture of experts"
        UNKNOWN = "unknown", "Unknown"

    class CommercialUse(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        CONDITIONAL = "conditional", "Allowed with conditions"
        NOT_ALLOWED = "not_allowed", "Not allowed"
        UNKNOWN = "unknown", "Unknown"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Part of every URL of this model, e.g. 'qwen3-5-4b'. Lowercase letters, digits and hyphens.",
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="models"
    )
    family = models.CharField(max_length=100, blank=True)
    kind = models.CharField(
        max_length=10,
        choices=Kind,
        default=Kind.LANGUAGE,
        db_index=True,
        help_text="Language (chat or completion), embedding, reranking, speech "
        "(recognition or synthesis), image, video, or other (e.g. protein "
        "folding). Pages compare only models of one kind.",
    )
    variant_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="variants",
        help_text="The model this one is a dated snapshot or preview of, e.g. "
        "GPT-4o for GPT-4o (2024-08-06). The model's pages show its "
        "variants' benchmark results where it has none of its own.",
    )
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=10,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        help_text="Drafts are hidden from the public site and API.",
    )

    release_date = models.DateField(null=True, blank=True)
    release_date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text="A release known only to the month is stored as the 1st and shown as YYYY-MM.",
    )
    lifecycle_status = models.CharField(
        max_length=10, choices=Lifecycle, default=Lifecycle.ACTIVE
    )
    lifecycle_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the lifecycle status took (or takes) effect.",
    )
    lifecycle_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    retirement_date = models.DateField(
        null=True,
        blank=True,
        help_text="The day the lab stops (or stopped) serving the model on its "
        "own API, as the retirement source gives it.",
    )
    retirement_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    context_window = models.PositiveIntegerField(
        null=True, blank=True, help_text="In tokens."
    )
    max_output_tokens = models.PositiveIntegerField(
        null=True, blank=True, help_text="In tokens."
    )
    parameter_count = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Total parameters, e.g. 4000000000 for 4B."
    )
    parameter_count_is_estimate = models.BooleanField(
        default=False, help_text="Tick when the figure is not published by the lab."
    )
    parameter_count_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown next to the figure, e.g. '8x222B MoE, unofficial estimate'.",
    )
    active_parameter_count = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="Active parameters per token (mixture of experts).",
    )
    architecture = models.CharField(
        max_length=20, choices=Architecture, default=Architecture.UNKNOWN
    )

    license_name = models.CharField(max_length=200, blank=True)
    license_is_osi_approved = models.BooleanField("OSI-approved license", default=False)
    license_url = models.URLField(max_length=500, blank=True)
    open_weights = models.CharField(
        max_length=7, choices=TriState, default=TriState.UNKNOWN
    )
    commercial_use = models.CharField(
        max_length=11, choices=CommercialUse, default=CommercialUse.UNKNOWN
    )
    knowledge_cutoff = models.CharField(
        max_length=7,
        blank=True,
        validators=[MONTH_VALIDATOR],
        help_text="YYYY-MM; leave empty when unknown.",
    )
    input_modalities = models.JSONField(default=list, blank=True)
    output_modalities = models.JSONField(default=list, blank=True)

    # Cross-reference ids, as a source gives them; empty = not sourced.
    models_dev_id = models.CharField(
        "models.dev id",
        max_length=200,
        blank=True,
        help_text="The model's id in models.dev, e.g. 'openai/gpt-4o'.",
    )
    openrouter_id = models.CharField(
        "OpenRouter id",
        max_length=200,
        blank=True,
        help_text="The model's id on OpenRouter, e.g. 'anthropic/claude-sonnet-4.5'.",
    )
    huggingface_id = models.CharField(
        "Hugging Face repo id",
        max_length=200,
        blank=True,
        help_text="The weights' Hugging Face repository, e.g. 'meta-llama/Llama-3.1-8B'.",
    )

    decision_tags = models.ManyToManyField(
        DecisionTag, blank=True, related_name="models"
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="models",
        help_text="Where the specs on this page come from.",
    )

    last_reviewed = models.DateField(null=True, blank=True)
    last_reviewed_by = last_reviewed_by_field()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = SerialHistoricalRecords(m2m_fields=[decision_tags])

    objects = LanguageModelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("publish_languagemodel", "Can publish and unpublish models"),
            ("review_languagemodel", "Can mark models reviewed"),
        ]
        constraints = [
            slug_constraint("languagemodel_slug_not_empty"),
            models.CheckConstraint(
                condition=~Q(variant_of=F("pk")),
                name="languagemodel_not_variant_of_itself",
                violation_error_message="A model cannot be a variant of itself.",
            ),
            models.CheckConstraint(
                condition=Q(context_window__isnull=True) | Q(context_window__gt=0),
                name="languagemodel_context_window_positive",
                violation_error_message="Enter a context window of at least 1 token, or leave it empty when unknown.",
            ),
            models.CheckConstraint(
                condition=Q(max_output_tokens__isnull=True)
                | Q(max_output_tokens__gt=0),
                name="languagemodel_max_output_positive",
                violation_error_message="Enter a max output of at least 1 token, or leave it empty when unknown.",
            ),
            models.CheckConstraint(
                condition=Q(knowledge_cutoff="")
                | Q(knowledge_cutoff__regex=r"^[0-9]{4}-(0[1-9]|1[0-2])$"),
                name="languagemodel_knowledge_cutoff_is_month",
                violation_error_message="Enter the knowledge cutoff as YYYY-MM, for example 2023-12.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:model-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED


class Capability(models.TextChoices):
    VISION = "vision", "Vision"
    MULTIMODAL_INPUT = "multimodal_input", "Multimodal input"
    REASONING = "reasoning", "Reasoning"
    FUNCTION_CALLING = "function_calling", "Function calling"
    TOOL_USE = "tool_use", "Tool use"
    STRUCTURED_OUTPUTS = "structured_outputs", "Structured outputs"
    CODE_EXECUTION = "code_execution", "Code execution"
    IDE_INTEGRATION = "ide_integration", "IDE integration"
    COMPUTER_USE = "computer_use", "Computer use"
    PARALLEL_AGENTS = "parallel_agents", "Parallel agents"


class ModelCapability(models.Model):
    """
    Whether a model has a capability: yes, no or unknown, with its source.

    A capability with no row is unknown too; a row lets an editor say "no"
    (or "unknown") on the record, with a source.
    """

    model = models.ForeignKey(
        LanguageModel, on_delete=models.CASCADE, related_name="capabilities"
    )
    capability = models.CharField(max_length=20, choices=Capability)
    value = models.CharField(max_length=7, choices=TriState, default=TriState.UNKNOWN)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    history = SerialHistoricalRecords()

    class Meta:
        ordering = ["model", "capability"]
        verbose_name_plural = "capabilities"
        constraints = [
            models.UniqueConstraint(
                fields=["model", "capability"], name="unique_capability_per_model"
            ),
        ]

    def __str__(self):
        return f"{self.model}: {self.get_capability_display()} = {self.get_value_display()}"


class Provider(VersionedModel):
    """A place to call models: a lab's own API, a cloud, a router or a host."""

    class Kind(models.TextChoices):
        FIRST_PARTY = "first_party", "First-party API"
        CLOUD = "cloud", "Cloud platform"
        ROUTER = "router", "Router / aggregator"
        INFERENCE_HOST = "inference_host", "Inference host"
        # A subscription or coding plan: its per-token figures are not what
        # an API customer pays, so they are never a list price.
        PLAN = "plan", "Subscription or coding plan"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    website = models.URLField(max_length=500, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.INFERENCE_HOST)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="providers",
        help_text="For a first-party API: the lab that runs it.",
    )

    history = SerialHistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [slug_constraint("provider_slug_not_empty")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:provider-detail", kwargs={"slug": self.slug})


class Route(VersionedModel):
    """A model offered by a provider under one identifier, region and price list."""

    model = models.ForeignKey(
        LanguageModel, on_delete=models.CASCADE, related_name="routes"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="routes"
    )
    identifier = models.CharField(
        max_length=200,
        help_text="The route's key in its dataset, e.g. "
        "'openrouter/anthropic/claude-sonnet-4.5' (see API model id for what "
        "to send to the provider).",
    )
    region = models.CharField(max_length=50, blank=True)
    api_model_id = models.CharField(
        "API model id",
        max_length=200,
        blank=True,
        help_text="The model string to send to this provider's API (e.g. "
        "'anthropic/claude-sonnet-4.5' on OpenRouter), as a source gives it; "
        "empty when not sourced. The identifier is the dataset's key.",
    )
    lifecycle_status = models.CharField(
        max_length=10, choices=Lifecycle, default=Lifecycle.ACTIVE
    )

    input_price = models.DecimalField(
        "input $/1M", help_text="Empty = not sourced; 0 = free.", **PRICE_FIELD_OPTIONS
    )
    output_price = models.DecimalField("output $/1M", **PRICE_FIELD_OPTIONS)
    cache_read_price = models.DecimalField("cached input $/1M", **PRICE_FIELD_OPTIONS)
    cache_write_price = models.DecimalField("cache write $/1M", **PRICE_FIELD_OPTIONS)
    batch_input_price = models.DecimalField("batch input $/1M", **PRICE_FIELD_OPTIONS)
    batch_output_price = models.DecimalField("batch output $/1M", **PRICE_FIELD_OPTIONS)
    long_context_threshold = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Input tokens above which the whole request pays the long-context prices.",
    )
    long_context_input_price = models.DecimalField(
        "long-context input $/1M", **PRICE_FIELD_OPTIONS
    )
    long_context_output_price = models.DecimalField(
        "long-context output $/1M", **PRICE_FIELD_OPTIONS
    )

    output_tokens_per_second = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Measured output speed.",
    )
    time_to_first_token_ms = models.PositiveIntegerField(
        "time to first token (ms)", null=True, blank=True
    )

    retirement_date = models.DateField(
        null=True,
        blank=True,
        help_text="The day the provider stops (or stopped) serving this route, "
        "as the retirement source gives it (LiteLLM's deprecation_date).",
    )
    retirement_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    context_window = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The route's own window, in tokens, where its source gives one "
        "other than the model's (a host serving a shorter context).",
    )
    discrepancy = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the route's source says that contradicts the model's "
        "record, kept as the route's own figure rather than merged into the model.",
    )

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="routes"
    )
    source_url = models.URLField(
        max_length=500, blank=True, help_text="The page the prices were read from."
    )
    last_verified = models.DateField(
        null=True,
        blank=True,
        help_text="The date the source itself says it checked these prices "
        "(genai-prices prices_checked, models.dev last_updated); never the "
        "date its data was copied.",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    last_reviewed_by = last_reviewed_by_field()

    history = SerialHistoricalRecords()

    class Meta:
        ordering = ["model", "provider", "identifier"]
        permissions = [("review_route", "Can mark routes reviewed")]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "identifier", "region"],
                name="unique_route_identifier_per_provider_region",
                violation_error_message="This provider already has a route with this identifier in this region.",
            ),
            models.CheckConstraint(
                condition=~Q(identifier=""), name="route_identifier_not_empty"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | Q(**{f"{field}__gte": 0}),
                    name=f"route_{field}_not_negative",
                    violation_error_message="Prices cannot be negative.",
                )
                for field in (
                    "input_price",
                    "output_price",
                    "cache_read_price",
                    "cache_write_price",
                    "batch_input_price",
                    "batch_output_price",
                    "long_context_input_price",
                    "long_context_output_price",
                    "output_tokens_per_second",
                )
            ],
        ]

    def __str__(self):
        return f"{self.model} on {self.provider} ({self.identifier})"

    @property
    def is_free(self):
        return self.input_price == 0 and self.output_price == 0

    @property
    def verification(self):
        """
        Return ("reviewed" or "checked", date, who) for the latest check of
        the prices: an editor's review, or the source's own check date.
        """
        reviewed, checked = self.last_reviewed, self.last_verified
        if reviewed and (checked is None or reviewed >= checked):
            return "reviewed", reviewed, ""
        return "checked", checked, self.source.title if self.source and checked else ""


class ReportedFigure(models.Model):
    """
    One figure another source reports for a model or a route, kept beside
    the one the catalog shows: the input price LiteLLM gives for a route
    whose prices come from models.dev, LLM Stats' context window for a model.
    """

    model = models.ForeignKey(
        LanguageModel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reported_figures",
    )
    route = models.ForeignKey(
        Route,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reported_figures",
    )
    field = models.CharField(
        max_length=50, help_text="The catalog field, e.g. 'input_price'."
    )
    value = models.CharField(
        max_length=100, help_text="As the source gives it, e.g. '2.5' or '2025-02-24'."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    source_identifier = models.CharField(
        max_length=200, blank=True, help_text="The source's own id for the record."
    )
    reported_on = models.DateField(
        null=True, blank=True, help_text="The source's own date for the figure."
    )

    class Meta:
        ordering = ["field", "source"]
        constraints = [
            models.CheckConstraint(
                condition=Q(model__isnull=True, route__isnull=False)
                | Q(model__isnull=False, route__isnull=True),
                name="reportedfigure_model_or_route",
                violation_error_message="A reported figure is about a model or a route, not both.",
            ),
            models.UniqueConstraint(
                fields=["model", "field", "source"],
                condition=Q(model__isnull=False),
                name="unique_reported_figure_per_model",
            ),
            models.UniqueConstraint(
                fields=["route", "field", "source"],
                condition=Q(route__isnull=False),
                name="unique_reported_figure_per_route",
            ),
        ]

    def __str__(self):
        return (
            f"{self.model or self.route}: {self.field} = {self.value} ({self.source})"
        )


class Benchmark(VersionedModel):
    """An evaluation that scores models."""

    class Category(models.TextChoices):
        KNOWLEDGE = "knowledge", "Knowledge"
        REASONING = "reasoning", "Reasoning"
        MATH = "math", "Math"
        CODING = "coding", "Coding"
        AGENTIC = "agentic", "Agentic"
        MULTIMODAL = "multimodal", "Multimodal"
        LONG_CONTEXT = "long_context", "Long context"
        INSTRUCTION_FOLLOWING = "instruction_following", "Instruction following"
        COMPOSITE = "composite", "Composite index"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    category = models.CharField(max_length=25, choices=Category, default=Category.OTHER)
    unit = models.CharField(
        max_length=20, default="percent", help_text="percent, index, elo, ..."
    )
    scale_max = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Best possible score, e.g. 100 for a percentage.",
    )
    higher_is_better = models.BooleanField(default=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)

    history = SerialHistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [slug_constraint("benchmark_slug_not_empty")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:benchmark-detail", kwargs={"slug": self.slug})


class BenchmarkResult(VersionedModel):
    """One model's score on one benchmark, from one source and setting."""

    class Provenance(models.TextChoices):
        INDEPENDENT = "independent", "Independent"
        SELF_REPORTED = "self_reported", "Self-reported"
        UNKNOWN = "unknown", "Unknown"

    model = models.ForeignKey(
        LanguageModel, on_delete=models.CASCADE, related_name="benchmark_results"
    )
    benchmark = models.ForeignKey(
        Benchmark, on_delete=models.PROTECT, related_name="results"
    )
    score = models.DecimalField(max_digits=10, decimal_places=3)
    provenance = models.CharField(
        max_length=13, choices=Provenance, default=Provenance.UNKNOWN
    )
    method = models.CharField(
        max_length=300, blank=True, help_text="Shots, harness, version, setting."
    )
    comparable_group = models.CharField(
        max_length=100,
        blank=True,
        help_text=(
            "Results with the same group are compared with each other even from "
            "different sources: set it only after checking they used one harness "
            "and one setting. Empty: compared only with results of the same "
            "source (a lab's own scores, only with the same page)."
        ),
    )
    notes = models.TextField(blank=True)
    measured_on = models.DateField("date", null=True, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="results"
    )
    source_url = models.URLField(max_length=500, blank=True)
    is_primary = models.BooleanField(
        "used on pages",
        default=False,
        help_text="The result the pages show for this model and benchmark (one at most).",
    )
    key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Stable id of an imported result, so a reload updates it in place.",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    last_reviewed_by = last_reviewed_by_field()

    history = SerialHistoricalRecords()

    class Meta:
        ordering = ["benchmark", "-score"]
        permissions = [
            ("review_benchmarkresult", "Can mark benchmark results reviewed")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "benchmark"],
                condition=Q(is_primary=True),
                name="one_primary_result_per_model_benchmark",
                violation_error_message="Another result is already used on pages for this model and benchmark.",
            ),
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="unique_result_key"
            ),
        ]

    def __str__(self):
        return f"{self.model} on {self.benchmark}: {self.score}"


class PriceCorrection(models.Model):
    """
    A route's history record marked by a Publisher as a typo (issue 22): the
    public price history (model page, API ``price_history``, a comparison's
    history) leaves the record out, so the typo and its fix read as if the
    right price had been entered; the admin's history shows both, marked.
    Marking saves no route, so neither ``updated_at`` nor ``/changes`` moves.
    """

    record = models.OneToOneField(
        "catalog.HistoricalRoute",
        on_delete=models.CASCADE,
        related_name="correction",
        help_text="The route's version that holds the typo.",
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="What was mistyped, e.g. “0,48 read as 48”.",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "price typo (correction)"
        verbose_name_plural = "price typos (corrections)"

    def __str__(self):
        return f"Typo in {self.record.instance} of {self.record.history_date:%Y-%m-%d %H:%M}"

    def clean(self):
        """A typo is marked once fixed: a later version of the route must exist."""
        record = getattr(self, "record", None)
        if record is None:
            return
        if record.history_type == "-":
            raise ValidationError({"record": "A deletion is not a price typo."})
        fixed = (
            type(record)
            .objects.filter(id=record.id)
            .filter(
                Q(history_date__gt=record.history_date)
                | Q(history_date=record.history_date, history_id__gt=record.history_id)
            )
            .exists()
        )
        if not fixed:
            raise ValidationError(
                {
                    "record": "This is the route's current version: fix the price "
                    "first, then mark the version with the typo."
                }
            )
