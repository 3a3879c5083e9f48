"""
Complete the demo catalog's routes from the raw sources (``raw_sources``):
long-context tiers, batch and cache-write prices, retirement dates, each
source's own check date, the route's own context window where it
contradicts its model's, and every other source's figures for the route.

The rule for a price the snapshot leaves out: it comes from the route's own
source, else from another source that lists the same route at the same
input and output prices (a tier or a batch price belongs to one price
list; another list's would be a guess).
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

PRICE_QUANTUM = Decimal("0.000001")  # Route prices: decimal_places=6.
# Groups of route fields taken together from one source.
PRICE_GROUPS = {
    "long-context tier": (
        "long_context_threshold",
        "long_context_input_price",
        "long_context_output_price",
    ),
    "batch price": ("batch_input_price", "batch_output_price"),
    "cache-write price": ("cache_write_price",),
}
# Figures another source reports for a route, from the snapshot's
# also_reported: snapshot key -> route field.
ALSO_REPORTED = {
    "input_per_mtok": "input_price",
    "output_per_mtok": "output_price",
    "cached_input_per_mtok": "cache_read_price",
}
RAW_REPORTED = (
    "cache_write_price",
    "batch_input_price",
    "batch_output_price",
    "long_context_threshold",
    "long_context_input_price",
    "long_context_output_price",
)


def plain(value):
    """Return a price as a plain decimal string; an int (a threshold) or None as is."""
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        value = repr(value)  # the shortest string that round-trips
    number = Decimal(value).quantize(PRICE_QUANTUM, rounding=ROUND_HALF_UP)
    text = format(number.normalize(), "f")
    return "0" if text in {"-0", "0"} else text


def _decimal(text):
    return None if text is None else Decimal(text)


# A route's check date may precede its model's published release by a
# little (time zones, early access); by more than this it is not a check of
# the model's price.
RELEASE_SLACK = timedelta(days=31)


def checked_before_release(checked, released):
    """Whether ISO date ``checked`` is over RELEASE_SLACK before ``released``."""
    if not checked or not released:
        return False
    return date.fromisoformat(checked) < date.fromisoformat(released) - RELEASE_SLACK


def complete_route(route, offering, raw, datasets, model, notes):
    """
    Fill ``route`` (a format record built from ``offering``) from the raw
    sources, and return it. ``model`` is the route's model record.
    """
    key = datasets[offering["source"]]["key"]
    own = raw.figures(offering["source"], offering["source_model_id"])
    others = [
        (also, raw.figures(also["source"], also["source_model_id"]))
        for also in offering["also_reported"]
    ]
    prices = (_decimal(route["input_price"]), _decimal(route["output_price"]))
    same_list = [
        figures
        for figures in [own, *(figures for _, figures in others)]
        if (figures.input_price, figures.output_price) == prices
    ]
    for group, fields in PRICE_GROUPS.items():
        for figures in same_list:
            values = [getattr(figures, name) for name in fields]
            if all(value is not None for value in values):
                route.update(zip(fields, map(plain, values), strict=True))
                notes[f"routes with a {group}"] += 1
                if figures is not own:
                    notes[f"routes with a {group} from another source"] += 1
                break

    route["last_verified"] = own.checked_on or offering.get("updated_at")
    if checked_before_release(route["last_verified"], model.get("release_date")):
        # A check long before the model existed is not a check of this
        # route's prices (a file's stale or placeholder date): the route
        # says "never" instead.
        route["last_verified"] = None
        notes["route check dates over a month before the release, dropped"] += 1
    if route["last_verified"]:
        notes[f"routes checked by {key} on its own date"] += 1

    for dataset, figures in [(offering["source"], own)] + [
        (also["source"], figures) for also, figures in others
    ]:
        if figures.retirement_date:
            route["retirement_date"] = figures.retirement_date
            route["retirement_source"] = datasets[dataset]["key"]
            notes["routes with a retirement date"] += 1
            break

    window = model["context_window"]
    if own.context_window and window and own.context_window != window:
        route["context_window"] = own.context_window
        route["discrepancy"] = (
            f"{datasets[offering['source']]['title']} lists this route with a "
            f"{own.context_window:,}-token context window; the model's is {window:,}."
        )
        notes["routes whose own context window differs from the model's"] += 1

    route["reported_figures"] = reported_figures(others, datasets)
    return route


def reported_figures(others, datasets):
    """Return the figures each other source gives for a route."""
    figures = []
    for also, raw_figures in others:
        source = datasets[also["source"]]["key"]
        values = {field: also[key] for key, field in ALSO_REPORTED.items()}
        values |= {field: getattr(raw_figures, field) for field in RAW_REPORTED}
        for field, value in sorted(values.items()):
            if value is None:
                continue
            figures.append(
                {
                    "field": field,
                    "value": str(plain(value)),
                    "source": source,
                    "source_identifier": also["source_model_id"],
                    "reported_on": raw_figures.checked_on,
                }
            )
    return figures


def api_model_id(offering):
    """
    Return the model id to send to the route's provider, as models.dev
    gives it (its route file's id under the provider: ``openrouter/
    anthropic/claude-sonnet-4.5`` -> ``anthropic/claude-sonnet-4.5``), from
    the route's own source or a models.dev listing of the same route; ""
    when models.dev does not list the route.
    """
    listings = [offering, *offering["also_reported"]]
    for listing in listings:
        if listing["source"] == "models.dev":
            provider, _, model_id = listing["source_model_id"].partition("/")
            if provider and model_id:
                return model_id[:200]
    return ""
