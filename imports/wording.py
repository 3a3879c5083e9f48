"""
An import's diff in plain words, for editors (issue 22, item 5): records
named by model and provider ("GPT-4o on Azure"), fields by their labels,
prices with $ and per 1M tokens, kinds with nothing to do left out, and a
one-line summary of what will change. Reads the JSON summary an ImportRun
keeps (``ImportDiff.as_dict``), so a preview and an applied run read alike.
"""

from decimal import Decimal, InvalidOperation

from catalog.formatting import format_price
from imports.diff import CAPABILITY_PREFIX
from imports.records import PRICE_FIELDS
from imports.state import KIND_MODELS

KIND_NAMES = {
    "source": ("source", "sources"),
    "organization": ("organization", "organizations"),
    "provider": ("provider", "providers"),
    "model": ("model", "models"),
    "route": ("route", "routes"),
}


def field_label(kind: str, name: str) -> str:
    """Return a field's label: "output price", "capability vision"."""
    if name in PRICE_FIELDS:  # "input price", not the column's "input $/1M"
        return name.replace("_", " ")
    if name.startswith(CAPABILITY_PREFIX):
        return f"capability {name.removeprefix(CAPABILITY_PREFIX).replace('_', ' ')}"
    model = KIND_MODELS.get(kind)
    try:
        return str(model._meta.get_field(name).verbose_name)
    except (AttributeError, LookupError):
        return name.replace("_", " ")


def _price(text: str) -> str:
    try:
        return format_price(Decimal(text))
    except (InvalidOperation, TypeError):
        return text  # "—", not sourced


def change_words(kind: str, name: str, old: str, new: str) -> str:
    """Return one field's change: "output price $10 → $8 per 1M tokens"."""
    label = field_label(kind, name)
    if name in PRICE_FIELDS:
        return f"{label} {_price(old)} → {_price(new)} per 1M tokens"
    return f"{label} {old} → {new}"


def value_words(name: str, text: str) -> str:
    """Return a value as text, a price with $ and per 1M tokens."""
    return f"{_price(text)} per 1M tokens" if name in PRICE_FIELDS else text


def kept_words(kind: str, name: str, current: str, incoming: str, why: str) -> str:
    """Return a value the import leaves, and why: "... keeps $10 (...); ..."."""
    return (
        f"{field_label(kind, name)} keeps {value_words(name, current)} ({why}); "
        f"the source says {value_words(name, incoming)}"
    )


def _count(number: int, kind: str) -> str:
    singular, plural = KIND_NAMES.get(kind, (kind, f"{kind}s"))
    return f"{number} {singular if number == 1 else plural}"


def _counts(summary: dict) -> dict:
    """
    Return the summary's counts in the import's order (sources first,
    routes last): PostgreSQL's jsonb keeps no key order.
    """
    order = {kind: index for index, kind in enumerate(KIND_NAMES)}
    counts = summary.get("counts", {})
    return dict(
        sorted(
            counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
        )
    )


def headline(summary: dict) -> str:
    """Return what the import will do, in one line."""
    counts = _counts(summary)
    parts = []
    for what, verb in (("changed", "changes"), ("created", "creates")):
        done = [_count(c[what], kind) for kind, c in counts.items() if c.get(what)]
        if done:
            parts.append(f"{verb} {', '.join(done)}")
    held = sum(c.get("disagreements", 0) for c in counts.values()) + len(
        summary.get("held", [])
    )
    if held:
        parts.append(f"leaves {held} value{'s' if held != 1 else ''} for a Publisher")
    if not parts:
        return "This import changes nothing."
    return f"This import {'; '.join(parts)}."


def plain(summary: dict) -> dict:
    """
    Return the summary in words: ``headline``, ``counts`` (kinds with
    something to do, as (kind, counts); kinds only left unchanged are not), ``changed`` (title and lines),
    ``protected`` (why each value waits) and ``created`` (titles).
    """
    counts = [
        (KIND_NAMES.get(kind, (kind,))[-1], c)
        for kind, c in _counts(summary).items()
        if any(value for what, value in c.items() if what != "unchanged")
    ]
    changed = [
        (
            change.get("title") or change["label"],
            [
                change_words(change["kind"], name, old, new)
                for name, old, new in change["fields"]
            ],
        )
        for change in summary.get("changed", [])
    ]
    protected = []
    for kind, label, name, current, incoming, *edited in summary.get(
        "disagreements", []
    ):
        why = (
            f"an editor changed this on {edited[0]}"
            if edited and edited[0]
            else "the field is locked"
        )
        protected.append(f"{label}: {kept_words(kind, name, current, incoming, why)}")
    return {
        "headline": headline(summary),
        "counts": counts,
        "changed": changed,
        "protected": protected,
        "created": [c.get("title") or c["label"] for c in summary.get("created", [])],
    }
