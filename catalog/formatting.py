"""
How the site writes numbers and lists: token and parameter counts, money,
prices, benchmark scores and margins, dates, plurals, English lists and a
model's kind.

Pure Python (no Django), so the comparison engine, the catalog's pages, the
admin, the JSON API and the exports all write a figure the same way. Every
helper returns a plain string. Rounding is ROUND_HALF_UP, the rounding
readers expect on a price tag, not Python's default banker's rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal

# Wide enough that quantize() never runs out of digits, even for 10**12 requests
# of 10**7 tokens each.
_PRECISION = 100

_TOKEN_UNITS = ((1, ""), (10**3, "k"), (10**6, "M"), (10**9, "B"))
_PARAMETER_UNITS = ((1, ""), (10**3, "K"), (10**6, "M"), (10**9, "B"), (10**12, "T"))


def join_list(items: Sequence[str], conjunction: str = "and") -> str:
    """
    Return the items as English prose with an Oxford comma: "A", "A and B",
    "A, B, and C".
    """
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return f"{', '.join(items[:-1])}, {conjunction} {items[-1]}"


def pluralize(count: int, singular: str, plural: str = "") -> str:
    """Return "1 route" or "2 routes", with thousands separators."""
    word = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {word}"


def format_count(number: int) -> str:
    """Return an integer with thousands separators: "1,000,000"."""
    return f"{number:,}"


def plain_decimal(value: Decimal) -> str:
    """Return a Decimal as its shortest exact string: 0.035000 -> "0.035", 10.000 -> "10"."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


# quantize() with a context of its own rather than in a localcontext():
# formatting a page rounds a hundred figures.
_ROUNDING = Context(prec=_PRECISION, rounding=ROUND_HALF_UP)


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), context=_ROUNDING)


def _compact(
    number: int,
    units: Sequence[tuple[int, str]],
    places: Callable[[Decimal], int],
) -> str:
    """
    Return number scaled to the largest unit it reaches, rounded to
    places(scaled) decimals; 999,999 tokens becomes "1M", not "1000k".
    """
    index = max(i for i, (size, _) in enumerate(units) if number >= size or i == 0)
    while True:
        size, suffix = units[index]
        scaled = Decimal(number) / size
        rounded = _round(scaled, places(scaled))
        if rounded >= 1000 and index + 1 < len(units):
            index += 1
            continue
        return f"{plain_decimal(rounded)}{suffix}"


def format_tokens(count: int) -> str:
    """
    Return a token count the way model cards write it, thousands whole (so
    8k sits beside 16k, not 8.2k), millions and billions to one decimal below
    ten: 128000 -> "128k", 262144 -> "262k", 8192 -> "8k", 1048576 -> "1M",
    2097152 -> "2.1M".
    """
    return _compact(
        count,
        _TOKEN_UNITS,
        lambda scaled: 1 if scaled < 10 and count >= 10**6 else 0,
    )


def format_parameters(count: int) -> str:
    """
    Return a parameter count to three significant digits: "1.76T", "4B",
    "72.7B".
    """
    return _compact(
        count, _PARAMETER_UNITS, lambda scaled: max(0, 2 - scaled.adjusted())
    )


def format_money(amount: Decimal) -> str:
    """
    Return a monthly amount in US dollars: whole dollars from $100 up ("$7,750"),
    cents below ("$12.34", "$0.04"), and "under $0.01" rather than a misleading
    "$0.00" for a tiny but non-zero cost.
    """
    if amount == 0:
        return "$0"
    cents = _round(amount, 2)
    if cents == 0:
        return "under $0.01"
    # Decide on the rounded figure, so $99.996 reads "$100", not "$100.00".
    if cents >= 100:
        return f"${_round(amount, 0):,.0f}"
    return f"${cents:,.2f}"


def format_money_delta(difference: Decimal, *beside: Decimal) -> str:
    """
    Return a difference between monthly amounts rounded like the amounts
    beside it: whole dollars when any of them is written in whole dollars
    ("$58" beside "$112" and "$170"), else as format_money() writes it.
    """
    if any(_round(amount, 2) >= 100 for amount in beside):
        return f"${_round(difference, 0):,.0f}"
    return format_money(difference)


def format_price(price: Decimal) -> str:
    """
    Return a price per 1M tokens, the one rule for every page: whole prices
    without cents ("$5"), cents from $1 up ("$4.29", not "$4.2929"), three
    significant digits below $1 with at least two and at most six decimals
    ("$0.10", "$0.035", "$0.0375").
    """
    if price == price.to_integral_value():
        return f"${_round(price, 0):,.0f}"
    # Cents from $1 up; below, three significant digits.
    places = 2 if abs(price) >= 1 else min(max(2, 2 - price.adjusted()), 6)
    rounded = _round(price, places)
    if rounded == rounded.to_integral_value() and abs(rounded) >= 1:
        return f"${rounded:,.0f}"
    shown = max(2, -int(rounded.normalize().as_tuple().exponent))
    return f"${rounded:,.{shown}f}"


def format_points(margin: Decimal) -> str:
    """Return a benchmark margin to one decimal: "9.7 points", "1.0 point"."""
    rounded = _round(margin, 1)
    return f"{rounded} {'point' if rounded == 1 else 'points'}"


def format_score(score: Decimal, unit: str = "percent") -> str:
    """
    Return a benchmark score: one decimal for percentages ("69.4"), otherwise
    as sourced, up to two decimals ("1250", "57.25").
    """
    if unit == "percent":
        return str(_round(score, 1))
    return plain_decimal(_round(score, 2))


def format_ratio(ratio: Decimal) -> str:
    """Return a multiplier: "2x", "2.4x", "12x"."""
    return f"{plain_decimal(_round(ratio, 1 if ratio < 10 else 0))}x"


def format_release(released: date | None, precision: str = "day") -> str:
    """Return a release date at its known precision: "2024-04-09", "2024-04", "2024"."""
    if released is None:
        return "Unknown"
    if precision == "year":
        return f"{released.year}"
    if precision == "month":
        return f"{released.year}-{released.month:02d}"
    return released.isoformat()


def possessive(name: str) -> str:
    """Return "GPT-4 Turbo's"."""
    return f"{name}'s"


def capitalize_first(text: str) -> str:
    """Return text with only its first character upper-cased ("IDE" stays "IDE")."""
    return text[:1].upper() + text[1:]


# A model's kind (catalog.models.LanguageModel.Kind) in a sentence: with its
# article, and in the plural.
_KIND_NOUNS = {
    "language": ("a language model", "language models"),
    "embedding": ("an embedding model", "embedding models"),
    "reranking": ("a reranking model", "reranking models"),
    "speech": ("a speech model", "speech models"),
    "image": ("an image model", "image models"),
    "video": ("a video model", "video models"),
    "other": ("a specialised model", "specialised models"),
}


def kind_noun(kind: str, *, plural: bool = False) -> str:
    """Return a model kind in words: "a speech model", or "speech models"."""
    singular, many = _KIND_NOUNS.get(kind, (f"a {kind} model", f"{kind} models"))
    return many if plural else singular
