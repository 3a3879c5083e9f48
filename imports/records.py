"""
The normalised intermediate that every parser produces and ``diff.py``
reads: plain dataclasses, no Django.

Values are ready for the catalog's fields: prices are ``Decimal`` per 1M
tokens, dates are ``date``, tri-states are "yes", "no" or "unknown". A
record names itself by its id in the source (``external_id``, the key of
``imports.ExternalId``) and by the catalog slug it would have, which is used
only to bootstrap a first import. It points at other records with a ``Ref``.
"""

from dataclasses import dataclass, field
from typing import Any

# Import formats and the key of the ``ExternalId.source`` they write.
SOURCE_KEYS = {
    "models.dev": "models-dev",
    "litellm": "litellm",
    "genai-prices": "genai-prices",
    "catalog": "catalog",
}

# Fields of a catalog row the import may compare and write. Publication
# status, review dates and decision tags are editors' decisions, so no
# format sets them on an existing row.
ORGANIZATION_FIELDS = frozenset({"name", "website"})
PROVIDER_FIELDS = frozenset({"name", "website", "kind", "organization"})
MODEL_FIELDS = frozenset(
    {
        "name",
        "organization",
        "family",
        "description",
        "release_date",
        "release_date_precision",
        "lifecycle_status",
        "lifecycle_date",
        "lifecycle_source",
        "context_window",
        "max_output_tokens",
        "parameter_count",
        "parameter_count_is_estimate",
        "parameter_count_note",
        "active_parameter_count",
        "architecture",
        "license_name",
        "license_is_osi_approved",
        "license_url",
        "open_weights",
        "commercial_use",
        "knowledge_cutoff",
        "input_modalities",
        "output_modalities",
        "models_dev_id",
        "openrouter_id",
        "huggingface_id",
    }
)
PRICE_FIELDS = (
    "input_price",
    "output_price",
    "cache_read_price",
    "cache_write_price",
    "batch_input_price",
    "batch_output_price",
    "long_context_input_price",
    "long_context_output_price",
)
ROUTE_FIELDS = frozenset(
    {
        "model",
        "api_model_id",
        "lifecycle_status",
        *PRICE_FIELDS,
        "long_context_threshold",
        "output_tokens_per_second",
        "time_to_first_token_ms",
        # Only the catalog format carries it; public sources are verified
        # on the day of the import (Batch.stamps_verified).
        "last_verified",
    }
)
SOURCE_FIELDS = frozenset(
    {"title", "url", "publisher", "retrieved_on", "license", "attribution"}
)


@dataclass(frozen=True)
class Ref:
    """
    A pointer to another record: by its id in this source, else by an
    exact catalog slug (to bootstrap a first import).
    """

    external_id: str = ""
    slug: str = ""

    def __str__(self):
        return self.external_id or self.slug


@dataclass(frozen=True)
class CapabilityValue:
    """A capability as the source states it: "yes", "no" or "unknown"."""

    value: str
    source: str | None  # a Source key
    note: str = ""


@dataclass
class SourceRecord:
    """A catalog Source, matched by its key."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self):
        return f"source {self.key}"


@dataclass
class Record:
    """
    What every kind of record has: its identity, the values compared with a
    matched row (``values``, ``refs``) and those only a new row gets
    (``create_values``, ``create_refs``).
    """

    external_id: str
    slug: str
    origin: str = ""  # where in the input it came from, for messages
    values: dict[str, Any] = field(default_factory=dict)
    create_values: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, Ref | None] = field(default_factory=dict)
    create_refs: dict[str, Ref | None] = field(default_factory=dict)

    kind = ""

    @property
    def label(self):
        if self.slug and self.slug != self.external_id:
            return f"{self.kind} {self.external_id} ({self.slug})"
        return f"{self.kind} {self.external_id}"


@dataclass
class OrganizationRecord(Record):
    kind = "organization"


@dataclass
class ProviderRecord(Record):
    kind = "provider"


@dataclass
class ModelRecord(Record):
    """
    A language model. ``fill_only`` records (from price lists) only fill
    empty fields and unknown capabilities; ``may_create`` is false for
    records that may describe an existing model but must not add one.
    """

    capabilities: dict[str, CapabilityValue] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    fill_only: bool = False
    may_create: bool = True

    kind = "model"


@dataclass
class RouteRecord(Record):
    """
    A route. ``identifier`` (and ``region``) are used for a new row;
    ``identifier_aliases`` are other exact spellings an existing row may
    have. ``provenance`` (source, source_url) is written with any change.
    """

    identifier: str = ""
    region: str = ""
    identifier_aliases: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)

    kind = "route"

    @property
    def label(self):
        return f"route {self.external_id}"


@dataclass(frozen=True)
class Skip:
    """A record of the input that the import leaves out, and why."""

    kind: str
    label: str
    reason: str


@dataclass
class Batch:
    """Everything one input file (or tree) says, normalised."""

    source: str  # an import format, e.g. "litellm"
    file_name: str
    # The Source that credits the import (None: records name their own).
    import_source: SourceRecord | None
    sources: list[SourceRecord] = field(default_factory=list)
    organizations: list[OrganizationRecord] = field(default_factory=list)
    providers: list[ProviderRecord] = field(default_factory=list)
    models: list[ModelRecord] = field(default_factory=list)
    routes: list[RouteRecord] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Whether the routes it names are verified on the day of the import (a
    # public source read today), rather than carrying their own date.
    stamps_verified: bool = True

    @property
    def external_source(self):
        """Return the ``ExternalId.source`` key of this batch."""
        return SOURCE_KEYS[self.source]

    def records(self):
        """Return every record, parents before children."""
        return [*self.organizations, *self.providers, *self.models, *self.routes]
