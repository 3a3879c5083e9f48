"""
Reading the numbers editors type: "$2.50", "2,50", "1 000 000", "128k", "120B".

The rule, one for every number input of the catalog admin:

- Spaces around are ignored; a price may start with "$" (or "US$", "USD")
  and end with "/1M" or "per 1M tokens"; a score may end with "%".
- A point is the decimal mark. A comma is a decimal mark when it cannot be
  a thousands separator: one comma not followed by exactly three digits
  ("0,48" is 0.48, "2,50" is 2.5), or after a lone 0 ("0,480").
- Commas or spaces are thousands separators when every group after the
  first has exactly three digits and there are several groups ("1,000,000",
  "1 000 000") or a point follows ("1,234.5"). In a whole number (a token
  or parameter count) one comma before three digits is a thousands
  separator too ("128,000").
- Anything else is refused with what to write instead: "1,250" in a price
  (1250 or 1.25?), "1.234,5", "1.000.000".
- Token counts may end with k (thousand) or M (million): "128k" is 128,000
  exactly, not 131,072; parameter counts with M, B (billion) or T:
  "120B" is 120,000,000,000.

``read_number()`` is pure Python; ``catalog.forms.ReadableNumberField`` is
the form field that uses it.
"""

import re
from decimal import Decimal

PRICE = "price"
TOKENS = "tokens"
PARAMETERS = "parameters"
SCORE = "score"

SUFFIXES = {
    TOKENS: {"k": 10**3, "m": 10**6},
    PARAMETERS: {"m": 10**6, "b": 10**9, "t": 10**12},
}
SUFFIX_WORDS = {TOKENS: "k or M", PARAMETERS: "M, B or T"}
WHOLE_KINDS = {TOKENS, PARAMETERS}
NOUNS = {
    PRICE: "a price in US dollars per 1M tokens",
    TOKENS: "a number of tokens",
    PARAMETERS: "a number of parameters",
    SCORE: "a score",
}

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_DOLLAR = re.compile(r"^(?:us\$|usd|\$)\s*|\s*\$$", re.IGNORECASE)
_PER_MILLION = re.compile(
    r"\s*(?:/|per)\s*(?:1\s*)?m(?:illion)?(?:\s*tok(?:en)?s?)?$", re.IGNORECASE
)
_OTHER_CURRENCY = re.compile(r"[€£¥₹]|\b(?:eur|gbp|jpy|cny|rmb)\b", re.IGNORECASE)
_PLAIN = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^-?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$")


class NumberError(ValueError):
    """Typed text that is not a number of the kind asked for; the message says what to write."""


def _refuse(typed: str, advice: str) -> NumberError:
    return NumberError(f"“{typed}” — {advice}")


def _grouping(text: str, typed: str, whole_number: bool, suffix: str = "") -> str:
    """Return ``text`` without thousands separators, or refuse it when ambiguous."""
    if "," in text and "." in text and text.rfind(",") > text.find("."):
        plain = text.replace(".", "").replace(",", ".")
        raise _refuse(
            typed, f"write {plain} (a point for decimals, no thousands separator)."
        )
    if text.count(".") > 1:
        raise _refuse(
            typed, "write one point, for decimals, and no thousands separator."
        )
    separators = text.count(",") + text.count(" ")
    if separators == 0:
        return text
    if _GROUPED.match(text) and (separators > 1 or "." in text or " " in text):
        return text.replace(",", "").replace(" ", "")
    if " " in text:
        raise _refuse(typed, f"write {text.replace(' ', '')} (no spaces in a number).")
    if separators > 1:
        raise _refuse(
            typed, "write the number with a point for decimals and no commas."
        )
    whole, _, fraction = text.partition(",")
    if len(fraction) != 3 or whole.lstrip("-") == "0":
        return f"{whole}.{fraction}"  # a decimal comma: "0,48", "2,50"
    if whole_number:
        return whole + fraction  # "128,000" tokens
    decimal = f"{whole}.{fraction.rstrip('0')}".rstrip(".")
    raise _refuse(
        typed,
        f"write {whole}{fraction}{suffix} or {decimal}{suffix}: a comma before "
        "three digits may be a thousands separator or a decimal comma.",
    )


def read_number(typed: str, kind: str) -> Decimal | None:
    """
    Return the number ``typed`` as ``kind`` (PRICE, TOKENS, PARAMETERS or
    SCORE) reads it, None for nothing typed, or raise ``NumberError``.
    """
    text = _SPACES.sub(" ", str(typed)).strip()
    if not text:
        return None
    noun = NOUNS.get(kind, "a number")
    if _OTHER_CURRENCY.search(text):
        raise _refuse(
            typed,
            "prices are in US dollars per 1M tokens; convert it and write e.g. 2.50.",
        )
    if kind == PRICE:
        text = _PER_MILLION.sub("", _DOLLAR.sub("", text)).strip()
    elif kind == SCORE:
        text = text.removesuffix("%").strip()
    multiplier = 1
    suffixes = SUFFIXES.get(kind, {})
    if text and text[-1].isalpha():
        letter = text[-1].lower()
        if letter not in suffixes:
            allowed = (
                f"; {SUFFIX_WORDS[kind]} may follow the number"
                if kind in SUFFIX_WORDS
                else ""
            )
            raise _refuse(typed, f"write {noun} with digits only{allowed}.")
        multiplier = suffixes[letter]
        text = text[:-1].strip()
    # "1,500M" may be 1.5M or 1500M: a comma before three digits is a
    # thousands separator only in a whole number without a suffix.
    number = _grouping(
        text,
        typed,
        kind in WHOLE_KINDS and multiplier == 1,
        typed.strip()[-1:] if multiplier > 1 else "",
    )
    if not _PLAIN.match(number):
        raise _refuse(typed, f"write {noun} with digits, e.g. {_example(kind)}.")
    value = Decimal(number)
    value *= multiplier
    if kind in WHOLE_KINDS and value != value.to_integral_value():
        raise _refuse(typed, f"{noun} is a whole number; write e.g. {_example(kind)}.")
    return value


def _example(kind: str) -> str:
    return {PRICE: "2.50", TOKENS: "128000 or 128k", PARAMETERS: "120B"}.get(
        kind, "85.2"
    )
