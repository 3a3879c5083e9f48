"""
Parse genai-prices (https://github.com/pydantic/genai-prices, MIT): the
generated ``prices/data.json`` (a list of providers), one provider's
``prices/providers/<id>.yml``, or a folder (or .zip) of those YAML files.

A provider has ``id``, ``name``, ``pricing_urls`` and ``models``; a model
has ``id``, ``name``, ``context_window`` and ``prices`` in USD per 1M
tokens. A price is a number or ``{base, tiers: [{start, price}]}``, where a
tier starts at a number of input tokens: the base is the route's price and
the first tier its long-context price. ``prices`` may also be a list of
``{constraint: {start_date, end_date}, prices}``: the import takes the one
in force on the day it runs (passed in, never read from the clock).
"""

from datetime import date

from catalog.documents import brief
from imports.mappings import model_slug, provider_kind, provider_slug
from imports.records import (
    Batch,
    ModelRecord,
    ProviderRecord,
    Ref,
    RouteRecord,
    Skip,
)

from .base import (
    Errors,
    ImportFormatError,
    Track,
    Upload,
    exact,
    identifier_aliases,
    import_source,
    load_json,
    load_yaml,
    no_progress,
    parse_date,
    positive_or_none,
    slug_or_id,
    wrong_format,
)

FORMAT = "genai-prices"
REPOSITORY = "https://github.com/pydantic/genai-prices"
PRICES = {
    "input_mtok": "input_price",
    "output_mtok": "output_price",
    "cache_read_mtok": "cache_read_price",
    "cache_write_mtok": "cache_write_price",
}
SHAPE = (
    "data.json (a list of providers) or a provider YAML file with id, name and models"
)


def parse(upload: Upload, *, today: date, track: Track = no_progress) -> Batch:
    """Return the normalised records of genai-prices data."""
    source = import_source(
        FORMAT,
        title="genai-prices (import)",
        url=REPOSITORY,
        publisher="Pydantic",
        license="MIT",
        today=today,
    )
    batch = Batch(source=FORMAT, file_name=upload.name, import_source=source)
    errors = Errors()
    documents = []  # (file label, provider dict)
    paths = sorted(upload.files)
    if upload.is_tree:
        # The YAML files are the source of truth; data.json is generated from them.
        yaml_paths = [p for p in paths if p.lower().endswith((".yml", ".yaml"))]
        paths = yaml_paths or [p for p in paths if p.lower().endswith(".json")]
    for path in paths:
        name = f"{upload.name}/{path}" if upload.is_tree else upload.name
        if path.lower().endswith((".yml", ".yaml")):
            data = load_yaml(name, upload.files[path])
        else:
            data = load_json(name, upload.files[path])
        if upload.is_tree and not isinstance(data, dict | list):
            continue  # units.yml and other files that are not price lists
        if isinstance(data, dict) and {"id", "models"} <= set(data):
            documents.append((name, data))
        elif isinstance(data, list) and all(
            isinstance(p, dict) and "models" in p for p in data
        ):
            documents += [(name, provider) for provider in data]
        elif not upload.is_tree:
            raise wrong_format(name, data, "genai-prices", SHAPE)
    if not documents:
        raise ImportFormatError(
            f"{upload.name}: no genai-prices provider found ({SHAPE})"
        )
    total = sum(len(p.get("models") or []) for _, p in documents)
    models = _iterate(documents, batch, errors, today)
    for _ in track(models, total, "reading prices"):
        pass
    errors.raise_if_any()
    return batch


def _iterate(documents, batch, errors, today):
    """Add every provider and model to the batch, yielding once per model."""
    seen_providers = set()
    for name, provider in documents:
        raw_id = provider.get("id")
        # The type first: a label made from any value could be huge.
        if not isinstance(raw_id, str) or not raw_id:
            errors.add(f"{name}: a provider has no id (a string)")
            continue
        label = f"{name}: provider {brief(raw_id)}"
        if not isinstance(provider.get("name"), str) or not provider["name"].strip():
            errors.add(f"{label}: name is required")
            continue
        models = provider.get("models")
        if not isinstance(models, list):
            errors.add(f"{label}: models must be a list")
            continue
        slug = provider_slug(FORMAT, raw_id)
        kind, organization = provider_kind(slug)
        urls = provider.get("pricing_urls") or []
        website = next(
            (u for u in urls if isinstance(u, str) and u.startswith("http")), ""
        )
        if raw_id in seen_providers:
            errors.add(f"{label}: the provider is listed twice")
            continue
        seen_providers.add(raw_id)
        batch.providers.append(
            ProviderRecord(
                external_id=raw_id,
                slug=slug,
                origin=label,
                create_values={
                    "name": provider["name"].strip()[:200],
                    "kind": kind,
                    "website": website[:500],
                },
                create_refs={
                    "organization": Ref(slug=organization) if organization else None
                },
            )
        )
        for model in models:
            yield
            _model(
                name, raw_id, kind, organization, website, model, batch, errors, today
            )


def _model(name, provider_id, kind, organization, website, model, batch, errors, today):
    model_id = model.get("id") if isinstance(model, dict) else None
    if not isinstance(model_id, str) or not model_id:
        errors.add(f"{name}: provider {brief(provider_id)}: a model has no id")
        return
    label = f"{name}: provider {brief(provider_id)} model {brief(model_id)}"
    if "prices" not in model:
        errors.add(f"{label}: prices is required")
        return
    key = f"{provider_id}/{model_id}"
    try:
        prices = prices_in_force(model["prices"], today)
        if prices is None:
            batch.skipped.append(
                Skip("route", key, f"no price is in force on {today.isoformat()}")
            )
            return
        values = price_fields(prices)
        context = positive_or_none(model.get("context_window"))
    except ValueError as error:
        errors.add(f"{label}: {error}")
        return
    if values.get("input_price") is None and values.get("output_price") is None:
        batch.skipped.append(Skip("route", key, "no input or output token price"))
        return
    values["lifecycle_status"] = "deprecated" if model.get("deprecated") else "active"
    source_key = batch.import_source.key
    model_ref = Ref(external_id=key, slug=model_slug(slug_or_id(model_id)))
    if kind == "first_party" and organization:
        display = model.get("name") if isinstance(model.get("name"), str) else ""
        batch.models.append(
            ModelRecord(
                external_id=key,
                slug=model_ref.slug,
                origin=label,
                values={"context_window": context} if context else {},
                create_values={"name": (display.strip() or model_id)[:200]},
                create_refs={"organization": Ref(slug=organization)},
                sources=(source_key,),
                fill_only=True,
                may_create=False,
            )
        )
    batch.routes.append(
        RouteRecord(
            external_id=key,
            slug="",
            origin=label,
            identifier=key[:200],
            identifier_aliases=identifier_aliases(
                key, model_id, provider_slug(FORMAT, provider_id)
            ),
            values=values,
            create_refs={"model": model_ref, "provider": Ref(external_id=provider_id)},
            provenance={
                "source": source_key,
                "source_url": (website or REPOSITORY)[:500],
            },
        )
    )


def prices_in_force(prices, today: date) -> dict | None:
    """
    Return the price table in force on ``today``.

    A plain table always is. In a list, a date-constrained entry in force
    (start_date <= today < end_date) wins over an unconstrained one, the
    latest start first; entries constrained to a time of day (off-peak
    discounts) are not list prices and are left out.
    """
    if isinstance(prices, dict):
        return prices
    if not isinstance(prices, list) or not prices:
        raise ValueError("prices must be a table or a non-empty list")
    default, dated = None, []
    for index, entry in enumerate(prices):
        if not isinstance(entry, dict) or not isinstance(entry.get("prices"), dict):
            raise ValueError(f"prices[{index}] must have a prices table")
        constraint = entry.get("constraint")
        if constraint is None:
            if default is None:
                default = entry["prices"]
            continue
        if not isinstance(constraint, dict):
            raise ValueError(f"prices[{index}].constraint must be a table")
        if "start_time" in constraint or "end_time" in constraint:
            continue
        try:
            start = parse_date(constraint.get("start_date"))
            end = parse_date(constraint.get("end_date"))
        except ValueError as error:
            raise ValueError(f"prices[{index}].constraint: {error}") from None
        if (start is None or start <= today) and (end is None or today < end):
            dated.append((start or date.min, index, entry["prices"]))
    if dated:
        return max(dated)[2]
    return default


def price_fields(prices: dict) -> dict:
    """Return Route price fields from a genai-prices table (USD per 1M tokens)."""
    values = {
        "long_context_threshold": None,
        "long_context_input_price": None,
        "long_context_output_price": None,
    }
    for key, field_name in PRICES.items():
        if key not in prices:
            continue
        price = prices[key]
        if isinstance(price, dict):
            if "base" not in price:
                raise ValueError(f"{key} needs a base price")
            values[field_name] = _number(key, price["base"])
            tiers = price.get("tiers") or []
            if not isinstance(tiers, list) or not all(
                isinstance(t, dict) and "start" in t and "price" in t for t in tiers
            ):
                raise ValueError(f"{key}.tiers must be a list of {{start, price}}")
            if tiers and key in ("input_mtok", "output_mtok"):
                first = min(tiers, key=lambda t: t["start"])
                threshold = positive_or_none(first["start"])
                if values["long_context_threshold"] not in (None, threshold):
                    raise ValueError(
                        f"{key} tiers start at {threshold}, the input tiers at "
                        f"{values['long_context_threshold']}; the catalog stores one threshold"
                    )
                values["long_context_threshold"] = threshold
                lc_field = f"long_context_{field_name}"
                values[lc_field] = _number(key, first["price"])
        else:
            values[field_name] = _number(key, price)
    return values


def _number(key, value):
    try:
        return exact(value)
    except ValueError as error:
        raise ValueError(f"{key}: {error}") from None
