"""
Parse LiteLLM's ``model_prices_and_context_window.json``
(https://github.com/BerriAI/litellm, MIT): ``{key: {"litellm_provider",
"mode", "input_cost_per_token", ...}}``, prices in USD per token.

Each chat entry is a route, keyed by the LiteLLM key. Prices become per 1M
tokens exactly: ``Decimal(str(value)) * 1_000_000``, normalised, so 3.5e-08
is 0.035 and never 0.034999.... A price above N tokens
(``input_cost_per_token_above_200k_tokens``) or a second ``tiered_pricing``
range is the route's long-context tier. An entry of a lab's own API also
describes the model, but only fills what the catalog does not know yet
(LiteLLM's limits and flags are per endpoint, not per model).
"""

import re
from datetime import date

from catalog.documents import brief
from imports.mappings import model_slug, provider_kind, provider_slug
from imports.records import (
    Batch,
    CapabilityValue,
    ModelRecord,
    ProviderRecord,
    Ref,
    RouteRecord,
    Skip,
)

from .base import (
    Errors,
    Track,
    Upload,
    exact,
    identifier_aliases,
    import_source,
    load_json,
    modalities,
    no_progress,
    parse_date,
    per_token_to_per_mtok,
    positive_or_none,
    slug_or_id,
    tristate,
    wrong_format,
)

FORMAT = "litellm"
REPOSITORY = "https://github.com/BerriAI/litellm"
TEXT_MODES = frozenset({"chat", "responses", "completion"})
# The entry documenting the format itself, not a model.
DOCUMENTATION_KEYS = frozenset({"sample_spec"})

PRICES = {
    "input_cost_per_token": "input_price",
    "output_cost_per_token": "output_price",
    "cache_read_input_token_cost": "cache_read_price",
    "cache_creation_input_token_cost": "cache_write_price",
    "input_cost_per_token_batches": "batch_input_price",
    "output_cost_per_token_batches": "batch_output_price",
}
ABOVE_RE = re.compile(r"^(input|output)_cost_per_token_above_(\d+)k_tokens$")
CAPABILITIES = {
    "supports_vision": ("vision",),
    "supports_function_calling": ("function_calling", "tool_use"),
    "supports_response_schema": ("structured_outputs",),
    "supports_reasoning": ("reasoning",),
    "supports_computer_use": ("computer_use",),
}


def parse(upload: Upload, *, today: date, track: Track = no_progress) -> Batch:
    """Return the normalised records of a LiteLLM price file."""
    source = import_source(
        FORMAT,
        title="LiteLLM model prices (import)",
        url=REPOSITORY,
        publisher="BerriAI",
        license="MIT",
        today=today,
    )
    batch = Batch(source=FORMAT, file_name=upload.name, import_source=source)
    data = load_json(upload.name, upload.content)
    if not isinstance(data, dict) or not any(
        isinstance(v, dict) and "litellm_provider" in v for v in data.values()
    ):
        raise wrong_format(
            upload.name,
            data,
            "litellm",
            'an object of {"<model key>": {"litellm_provider": ..., "input_cost_per_token": ...}}',
        )
    errors = Errors()
    providers = {}
    for key in track(sorted(data), len(data), "reading entries"):
        entry = data[key]
        label = f"{upload.name}: entry {key!r}"
        if key in DOCUMENTATION_KEYS:
            continue
        if not isinstance(entry, dict):
            errors.add(f"{label}: must be an object, got {type(entry).__name__}")
            continue
        mode = entry.get("mode")
        if mode not in TEXT_MODES:
            batch.skipped.append(
                Skip("route", f"entry {key}", f"mode {mode!r} is not a text model")
            )
            continue
        raw_provider = entry.get("litellm_provider")
        if not isinstance(raw_provider, str) or not raw_provider:
            errors.add(f"{label}: litellm_provider is required")
            continue
        try:
            values = _prices(entry)
            lifecycle = _lifecycle(entry, today)
        except ValueError as error:
            errors.add(f"{label}: {error}")
            continue
        if values.get("input_price") is None and values.get("output_price") is None:
            batch.skipped.append(
                Skip("route", f"entry {key}", "no per-token input or output price")
            )
            continue
        values["lifecycle_status"] = lifecycle
        slug = provider_slug(FORMAT, raw_provider)
        kind, organization = provider_kind(slug)
        providers.setdefault(raw_provider, (slug, kind, organization))
        model = Ref(external_id=key, slug=model_slug(slug_or_id(key)))
        if kind == "first_party" and organization:
            try:
                record = _model_record(key, label, entry, organization, source.key)
            except ValueError as error:
                errors.add(f"{label}: {error}")
                continue
            batch.models.append(record)
        url = entry.get("source")
        if not (isinstance(url, str) and url.startswith(("https://", "http://"))):
            url = REPOSITORY
        batch.routes.append(
            RouteRecord(
                external_id=key,
                slug="",
                origin=label,
                identifier=key[:200],
                identifier_aliases=identifier_aliases(
                    key, _model_id(key, raw_provider), slug
                ),
                values=values,
                create_refs={"model": model, "provider": Ref(external_id=raw_provider)},
                provenance={"source": source.key, "source_url": url[:500]},
            )
        )
    errors.raise_if_any()
    for raw_provider, (slug, kind, organization) in sorted(providers.items()):
        batch.providers.append(
            ProviderRecord(
                external_id=raw_provider,
                slug=slug,
                origin=f"{upload.name}: litellm_provider {raw_provider!r}",
                # LiteLLM has no display names: the id names a new provider.
                create_values={"name": raw_provider, "kind": kind},
                create_refs={
                    "organization": Ref(slug=organization) if organization else None
                },
            )
        )
    return batch


def _model_id(key, provider):
    """
    Return a LiteLLM key without its provider prefix ("gemini/gemini-2.5-pro"
    -> "gemini-2.5-pro"; "vertex_ai/..." for "vertex_ai-anthropic_models").
    """
    prefix, _, rest = key.partition("/")
    return rest if rest and provider.startswith(prefix) else key


def _prices(entry):
    """Return the Route price fields of an entry, per 1M tokens."""
    values = {}
    for key, field_name in PRICES.items():
        if key in entry:
            values[field_name] = _price(entry, key)
    tiers = entry.get("tiered_pricing")
    if tiers:
        if not isinstance(tiers, list) or not all(isinstance(t, dict) for t in tiers):
            raise ValueError("tiered_pricing must be a list of objects")
        ranges = sorted(tiers, key=lambda t: _range_start(t))
        first = ranges[0]
        # The first range is the base price when the entry has none of its own.
        for key in ("input_cost_per_token", "output_cost_per_token"):
            if key in first and values.get(PRICES[key]) is None:
                values[PRICES[key]] = _price(first, key)
        if len(ranges) > 1:
            second = ranges[1]
            values["long_context_threshold"] = positive_or_none(
                int(_range_start(second))
            )
            values["long_context_input_price"] = _price(second, "input_cost_per_token")
            values["long_context_output_price"] = _price(
                second, "output_cost_per_token"
            )
            return values
    above = {}
    for key in entry:
        if match := ABOVE_RE.match(key):
            above.setdefault(int(match[2]) * 1000, {})[match[1]] = _price(entry, key)
    if above:
        # The catalog stores one long-context tier: the lowest threshold.
        threshold = min(above)
        values["long_context_threshold"] = threshold
        values["long_context_input_price"] = above[threshold].get("input")
        values["long_context_output_price"] = above[threshold].get("output")
    else:
        values.update(
            long_context_threshold=None,
            long_context_input_price=None,
            long_context_output_price=None,
        )
    return values


def _price(entry, key):
    try:
        return per_token_to_per_mtok(entry.get(key))
    except ValueError as error:
        raise ValueError(f"{key}: {error}") from None


def _range_start(tier):
    bounds = tier.get("range")
    if not isinstance(bounds, list) or len(bounds) != 2:
        raise ValueError("each tiered_pricing item needs a range [start, end]")
    try:
        start = exact(bounds[0])
    except ValueError:
        start = None
    if start is None:
        raise ValueError(f"tiered_pricing range {brief(bounds)} is not numeric")
    return start


def _lifecycle(entry, today):
    """
    Return a route's lifecycle from ``deprecation_date``: LiteLLM gives the
    date the endpoint shuts down, so a past date means retired.
    """
    shutdown = parse_date(entry.get("deprecation_date"))
    if shutdown is None:
        return "active"
    return "retired" if shutdown <= today else "deprecated"


def _model_record(key, label, entry, organization, source_key):
    """
    Return the model that a lab's own API entry describes (fill-only), or
    raise ValueError naming the bad field.
    """
    values = {}
    context = positive_or_none(entry.get("max_input_tokens"))
    output = positive_or_none(entry.get("max_output_tokens"))
    inputs = modalities(entry.get("supported_modalities"))
    capabilities = {}
    for flag, names in CAPABILITIES.items():
        try:
            value = tristate(entry.get(flag))
        except ValueError as error:
            raise ValueError(f"{flag}: {error}") from None
        if value is not None:
            for name in names:
                capabilities[name] = CapabilityValue(value, source_key)
    if context:
        values["context_window"] = context
    if output:
        values["max_output_tokens"] = output
    if inputs:
        values["input_modalities"] = inputs
    name = slug_or_id(key)
    return ModelRecord(
        external_id=key,
        slug=model_slug(name),
        origin=label,
        values=values,
        create_values={"name": name[:200]},
        create_refs={"organization": Ref(slug=organization)},
        capabilities=capabilities,
        sources=(source_key,),
        fill_only=True,
        may_create=False,
    )
