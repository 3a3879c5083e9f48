"""
Consistency checks on catalog figures (../shared/spec/trust.md, section 7).

A figure that fails one is not published as fact: the admin, the importer
and ``load_catalog`` hold it for a Publisher (``changes.PendingChange``,
kind "check") and keep the previous value live, or none.

Each check reads a record's values as they would be saved (``new``, by
attribute name) and as they are now (``old``, None for a new record), and
returns the failures: the field held and why, in words for an editor.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from catalog.formatting import format_count, plain_decimal

# A price more than this many times its previous value, or less than its
# inverse, is held: the classic 100x and 1/7 slips of price maps.
PRICE_JUMP = Decimal(3)
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
PERCENT_MAX = Decimal(100)
# No model's output price is this many times its input price (image models
# reach 120x), nor its input price this many times its output price: a pair
# this far apart is a unit slip (a per-run price read as per token).
OUTPUT_OVER_INPUT_MAX = Decimal(150)
INPUT_OVER_OUTPUT_MAX = Decimal(10)
PAIR = ("input_price", "output_price")


@dataclass(frozen=True)
class Failure:
    field: str  # the model field held
    message: str


def check_model(
    new: Mapping, old: Mapping | None, *, today: dt.date, vision: str = ""
) -> list[Failure]:
    """Check a language model: max output within the window, released, vision."""
    failures = []
    window, output = new.get("context_window"), new.get("max_output_tokens")
    if window and output and output > window:
        failures.append(
            Failure(
                "max_output_tokens",
                f"Max output {format_count(output)} tokens is larger than the "
                f"context window ({format_count(window)}).",
            )
        )
    released = new.get("release_date")
    if released and released > today:
        failures.append(
            Failure(
                "release_date", f"Release date {released:%Y-%m-%d} is in the future."
            )
        )
    if vision == "no" and "image" in (new.get("input_modalities") or ()):
        failures.append(
            Failure(
                "input_modalities",
                "Image input contradicts the model's vision capability, which is no.",
            )
        )
    return failures


def check_capability(capability: str, value: str, input_modalities) -> list[Failure]:
    """Check a capability against the model's other fields."""
    if capability == "vision" and value == "no" and "image" in (input_modalities or ()):
        return [
            Failure(
                "value",
                "Vision no contradicts the model's image input; set one of them right.",
            )
        ]
    return []


def _far(value: Decimal, reference: Decimal) -> bool:
    ratio = value / reference
    return ratio > PRICE_JUMP or ratio < 1 / PRICE_JUMP


def check_route(
    new: Mapping, old: Mapping | None, others: Mapping[str, list[Decimal]] | None = None
) -> list[Failure]:
    """
    Check a route's changed prices against their previous values and, where
    other sources report the route's price (``others``, by field), against
    the median of theirs; and a new or changed input and output price
    against each other.
    """
    failures = []
    for field in PRICE_FIELDS if old is not None else ():
        before, after = old.get(field), new.get(field)
        if after is None or before == after:
            continue
        label = field.replace("_", " ")
        if before is not None and before != 0 and _far(after, before):
            failures.append(
                Failure(
                    field,
                    f"The {label} goes from ${plain_decimal(before)} to "
                    f"${plain_decimal(after)} per 1M tokens, more than "
                    f"{PRICE_JUMP}x either way: check the source's unit and digits.",
                )
            )
            continue
        reported = sorted(v for v in (others or {}).get(field, ()) if v)
        if reported and after != 0:
            median = reported[len(reported) // 2]
            if _far(after, median):
                failures.append(
                    Failure(
                        field,
                        f"The {label} ${plain_decimal(after)} per 1M tokens is more "
                        f"than {PRICE_JUMP}x away from what other sources report "
                        f"for this route (${plain_decimal(median)}).",
                    )
                )
    held = {failure.field for failure in failures}
    return failures + [f for f in _price_pair(new, old) if f.field not in held]


def _price_pair(new: Mapping, old: Mapping | None) -> list[Failure]:
    """
    Check a route's input and output prices against each other; hold the one
    that changed (the output price on a new route whose pair is too steep,
    the input price where it is the larger).
    """
    prices = new.get("input_price"), new.get("output_price")
    if not all(prices):
        return []
    if old is not None and all(old.get(name) == new.get(name) for name in PAIR):
        return []  # not changed here: held, or let through, when it was
    input_price, output_price = prices
    ratio = output_price / input_price
    if ratio > OUTPUT_OVER_INPUT_MAX:
        larger, limit = "output_price", OUTPUT_OVER_INPUT_MAX
    elif ratio * INPUT_OVER_OUTPUT_MAX < 1:
        larger, limit = "input_price", INPUT_OVER_OUTPUT_MAX
    else:
        return []
    smaller = "input_price" if larger == "output_price" else "output_price"
    unchanged = old is not None and old.get(larger) == new.get(larger)
    field = smaller if unchanged else larger
    times = max(ratio, 1 / ratio)
    return [
        Failure(
            field,
            f"The {larger.replace('_', ' ')} ${plain_decimal(new[larger])} per 1M "
            f"tokens is {times:.0f}x the {smaller.replace('_', ' ')} "
            f"(${plain_decimal(new[smaller])}); no model's prices are over "
            f"{limit}x apart: check the source's unit and digits.",
        )
    ]


def check_result(
    score: Decimal, *, unit: str, scale_max: Decimal | None
) -> list[Failure]:
    """Check a benchmark score against its benchmark's scale."""
    top = (
        scale_max
        if scale_max is not None
        else (PERCENT_MAX if unit == "percent" else None)
    )
    if top is not None and not (0 <= score <= top):
        return [
            Failure(
                "score",
                f"The score {plain_decimal(score)} is outside the benchmark's "
                f"scale (0 to {plain_decimal(top)}).",
            )
        ]
    return []


def _values(obj) -> dict:
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def check_record(obj, live=None, *, today: dt.date) -> list[Failure]:
    """
    Return the failures of a catalog record ``obj`` as it would be saved;
    ``live`` is the record as saved now (None for a new one).
    """
    name = obj._meta.model_name
    new, old = _values(obj), (_values(live) if live is not None else None)
    if name == "languagemodel":
        vision = ""
        if obj.pk is not None:
            found = obj.capabilities.filter(capability="vision").values_list("value")
            vision = next(iter(found), ("",))[0]
        return check_model(new, old, today=today, vision=vision)
    if name == "route":
        others: dict[str, list[Decimal]] = {}
        if obj.pk is not None:
            for field, value in obj.reported_figures.values_list("field", "value"):
                try:
                    others.setdefault(field, []).append(Decimal(value))
                except ArithmeticError:
                    continue  # not a number: nothing to weigh a price against
        return check_route(new, old, others)
    if name == "modelcapability" and obj.model_id is not None:
        return check_capability(obj.capability, obj.value, obj.model.input_modalities)
    if name == "benchmarkresult" and obj.benchmark_id is not None:
        benchmark = obj.benchmark
        if obj.score is None:
            return []
        return check_result(
            obj.score, unit=benchmark.unit, scale_max=benchmark.scale_max
        )
    return []


def check_values(
    kind: str, new: Mapping, old: Mapping | None, *, today: dt.date
) -> list[Failure]:
    """
    Return the failures of a model's or a route's values (by field name) as
    an import or a catalog file would write them; ``old`` is what the row
    holds now, None for a new row.
    """
    merged = {**(old or {}), **new}
    if kind in ("model", "languagemodel"):
        return check_model(merged, old, today=today)
    if kind == "route":
        return check_route(merged, old)
    return []
