"""
Read what ``catalog-snapshot.json`` leaves out from the raw source folders
beside it: long-context tiers, batch and cache-write prices, retirement
dates, the context window a route's source gives, and each source's own
check date for a route.

The folders are those ../shared/data/SOURCES.md describes::

    models.dev/providers/<provider>/models/<id>.toml   [cost], [[cost.tiers]],
                                                       [limit], last_updated
    models.dev/models/<lab>/<id>.toml                  what base_model inherits
    genai-prices/prices/providers/*.yml                prices (tiers) and
                                                       prices_checked
    litellm/model_prices_and_context_window.json       *_batches, *_above_Nk_tokens,
                                                       deprecation_date

``figures(source, source_model_id)`` returns one ``Figures`` per route as
a source lists it, in the snapshot's ids ("<provider>/<model id>" for
models.dev and genai-prices, the LiteLLM key as it is). Prices are Decimal
per 1M tokens. Only the standard library and PyYAML (a dependency of the
importers) are used, so the builder still runs without Django.
"""

import json
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import yaml

MILLION = Decimal(1_000_000)
LITELLM_TIER_RE = re.compile(r"^input_cost_per_token_above_(\d+)k_tokens$")


@dataclass(frozen=True)
class Figures:
    """What one source says about one route, beyond the snapshot's prices."""

    input_price: Decimal | None = None
    output_price: Decimal | None = None
    cache_write_price: Decimal | None = None
    batch_input_price: Decimal | None = None
    batch_output_price: Decimal | None = None
    long_context_threshold: int | None = None
    long_context_input_price: Decimal | None = None
    long_context_output_price: Decimal | None = None
    context_window: int | None = None
    checked_on: str | None = None  # ISO date the source gives for the record
    retirement_date: str | None = None
    retirement_url: str = ""


def mtok(value):
    """Return a per-1M price as a Decimal (None stays None)."""
    return None if value is None else Decimal(repr(value))


def per_token(value):
    """Return a LiteLLM per-token price as a Decimal per 1M tokens."""
    return None if value is None else Decimal(repr(value)) * MILLION


ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso(value):
    """
    Return a TOML or YAML date (or a string) as an ISO date string; a date
    given to the month only ("2026-01") is no day's check, so it is None.
    """
    text = None if value is None else str(value)[:10]
    return text if text and ISO_DATE_RE.match(text) else None


# No LLM API price was checked before this: an earlier "last updated" (some
# models.dev files say 1970-01-01) is a placeholder, not a day's check.
EARLIEST_CHECK = "2020-01-01"


def check_date(value):
    """Return a source's own check date as ISO text, or None for a placeholder."""
    text = iso(value)
    return text if text and text >= EARLIEST_CHECK else None


class RawSources:
    """The raw source folders under one root, read once each, on demand."""

    def __init__(self, root):
        self.root = Path(root)

    def figures(self, source, source_model_id):
        """Return the Figures a source gives for a route, or empty ones."""
        reader = {
            "models.dev": self.models_dev,
            "genai-prices": self.genai_prices,
            "litellm": self.litellm,
        }.get(source)
        return (reader(source_model_id) if reader else None) or Figures()

    # models.dev --------------------------------------------------------

    def _toml(self, path):
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def models_dev(self, source_model_id):
        provider, _, model_id = source_model_id.partition("/")
        folder = self.root / "models.dev"
        route = self._toml(
            folder / "providers" / provider / "models" / f"{model_id}.toml"
        )
        if not route:
            return None
        base = {}
        if route.get("base_model"):
            base = self._toml(folder / "models" / f"{route['base_model']}.toml")
        cost = route.get("cost", {})
        tiers = sorted(cost.get("tiers", []), key=lambda tier: tier["tier"]["size"])
        tier = tiers[0] if tiers else {}
        limit = route.get("limit") or base.get("limit") or {}
        return Figures(
            input_price=mtok(cost.get("input")),
            output_price=mtok(cost.get("output")),
            cache_write_price=mtok(cost.get("cache_write")),
            long_context_threshold=tier["tier"]["size"] if tier else None,
            long_context_input_price=mtok(tier.get("input")),
            # A tier that prices input only leaves output at its base price.
            long_context_output_price=mtok(tier.get("output", cost.get("output")))
            if tier
            else None,
            context_window=limit.get("context") or None,
            checked_on=check_date(
                route.get("last_updated") or base.get("last_updated")
            ),
        )

    # genai-prices ------------------------------------------------------

    @cached_property
    def _genai_models(self):
        models = {}
        folder = self.root / "genai-prices" / "prices" / "providers"
        for path in sorted(folder.glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for model in data.get("models", []):
                models[data["id"], model["id"]] = model
        return models

    def genai_prices(self, source_model_id):
        provider, _, model_id = source_model_id.partition("/")
        model = self._genai_models.get((provider, model_id))
        if model is None:
            return None
        prices = model.get("prices", {})
        if isinstance(prices, list):
            # Date-constrained price lists: the last one is today's.
            prices = prices[-1]["prices"]

        def base(key):
            value = prices.get(key)
            return mtok(value["base"] if isinstance(value, dict) else value)

        def first_tier(key):
            value = prices.get(key)
            if isinstance(value, dict) and value.get("tiers"):
                return min(value["tiers"], key=lambda tier: tier["start"])
            return None

        input_tier, output_tier = first_tier("input_mtok"), first_tier("output_mtok")
        return Figures(
            input_price=base("input_mtok"),
            output_price=base("output_mtok"),
            cache_write_price=base("cache_write_mtok"),
            long_context_threshold=input_tier["start"] if input_tier else None,
            long_context_input_price=mtok(input_tier["price"]) if input_tier else None,
            long_context_output_price=(
                mtok(output_tier["price"]) if output_tier else base("output_mtok")
            )
            if input_tier
            else None,
            context_window=model.get("context_window"),
            checked_on=check_date(model.get("prices_checked")),
        )

    # LiteLLM -----------------------------------------------------------

    @cached_property
    def _litellm(self):
        path = self.root / "litellm" / "model_prices_and_context_window.json"
        return json.loads(path.read_text(encoding="utf-8"))

    def litellm(self, key):
        entry = self._litellm.get(key)
        if not isinstance(entry, dict):
            return None
        thresholds = sorted(
            int(match[1]) * 1000
            for name in entry
            if (match := LITELLM_TIER_RE.match(name))
        )
        threshold = thresholds[0] if thresholds else None
        suffix = f"_above_{threshold // 1000}k_tokens" if threshold else ""
        return Figures(
            input_price=per_token(entry.get("input_cost_per_token")),
            output_price=per_token(entry.get("output_cost_per_token")),
            cache_write_price=per_token(entry.get("cache_creation_input_token_cost")),
            batch_input_price=per_token(entry.get("input_cost_per_token_batches")),
            batch_output_price=per_token(entry.get("output_cost_per_token_batches")),
            long_context_threshold=threshold,
            long_context_input_price=per_token(
                entry.get(f"input_cost_per_token{suffix}") if threshold else None
            ),
            long_context_output_price=per_token(
                entry.get(
                    f"output_cost_per_token{suffix}", entry.get("output_cost_per_token")
                )
                if threshold
                else None
            ),
            context_window=entry.get("max_input_tokens"),
            retirement_date=iso(entry.get("deprecation_date")),
            retirement_url=entry.get("deprecation_source") or "",
        )

    def litellm_max_output(self, key):
        """Return LiteLLM's (max input, max output) for an entry."""
        entry = self._litellm.get(key) or {}
        return entry.get("max_input_tokens"), entry.get("max_output_tokens")

    def models_dev_lab_limit(self, lab_id):
        """Return the [limit] of a models.dev lab model, "<lab>/<id>"."""
        return self._toml(self.root / "models.dev" / "models" / f"{lab_id}.toml").get(
            "limit", {}
        )

    def models_dev_lab_weights(self, lab_id):
        """Return the [[weights]] of a models.dev lab model, "<lab>/<id>"."""
        document = self._toml(self.root / "models.dev" / "models" / f"{lab_id}.toml")
        return [w for w in document.get("weights", []) if isinstance(w, dict)]
