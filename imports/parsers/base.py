"""
What the parsers share: the input they read (``Upload``), the error they
raise (``ImportFormatError``), exact number and date handling, and a guess
at the format of a document so that a file given with the wrong
``--format`` gets a useful message. No Django.
"""

import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import yaml

from catalog.documents import (
    brief,
    check_depth,
    read_json,
    too_deep,
    unreadable_number,
)
from catalog.errors import FormatError
from catalog.formatting import plain_decimal
from imports.records import PRICE_FIELDS, Batch, SourceRecord

# Stop collecting after this many problems: the first ones say enough.
MAX_ERRORS = 50

MODALITIES = ("text", "image", "audio", "video", "pdf")
# Route prices have 6 decimal places (catalog.models.PRICE_FIELD_OPTIONS).
PRICE_QUANTUM = Decimal("0.000001")
# No price or count is within a hundred powers of ten of these: a number
# beyond them is refused before any arithmetic (1e999999 * 1e6 overflows).
LARGEST_EXPONENT = 100
# Token counts fit PostgreSQL's bigint.
MAX_COUNT = 2**63 - 1
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

type Track = Callable[[Iterable, int, str], Iterable]


def no_progress(iterable, total, description):
    """Return ``iterable`` unchanged: the default, silent progress tracker."""
    return iterable


class ImportFormatError(FormatError):
    """An input the import refuses; every message names the file and the record."""


@dataclass
class Upload:
    """
    The input of one import: a single file, or a tree of files (a models.dev
    checkout or a .zip of one) as {path relative to the tree's root: bytes}.
    """

    name: str
    files: Mapping[str, bytes]
    is_tree: bool = False

    @property
    def content(self):
        """Return the bytes of a single-file upload."""
        (content,) = self.files.values()
        return content


class Errors:
    """Collect problems, then raise them all at once."""

    def __init__(self):
        self.items = []

    def add(self, message):
        self.items.append(message)
        if len(self.items) >= MAX_ERRORS:
            raise ImportFormatError(self.items)

    def raise_if_any(self):
        if self.items:
            raise ImportFormatError(self.items)


# Reading documents -------------------------------------------------------------


def decode(name: str, content: bytes) -> str:
    """Return the text of a file, or raise ImportFormatError if it is not UTF-8."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFormatError(
            f"{name}: not UTF-8 text (byte {error.start})"
        ) from None


def load_json(name: str, content: bytes) -> Any:
    """Return a JSON document with every non-integer number as an exact Decimal."""
    try:
        return read_json(name, decode(name, content), parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            f"{name}: malformed JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except FormatError as error:
        raise ImportFormatError(error.errors) from None


def load_toml(name: str, content: bytes) -> dict:
    """Return a TOML document with floats read as exact Decimals."""
    try:
        data = tomllib.loads(decode(name, content), parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise ImportFormatError(f"{name}: malformed TOML: {error}") from None
    except RecursionError:
        raise ImportFormatError(too_deep(name)) from None
    except ValueError as error:  # an integer of more than 4,300 digits
        raise ImportFormatError(unreadable_number(name, error)) from None
    return _checked_depth(name, data)


def _checked_depth(name, data):
    try:
        check_depth(name, data)
    except FormatError as error:
        raise ImportFormatError(error.errors) from None
    return data


class _DecimalLoader(yaml.SafeLoader):
    """
    A safe YAML loader that reads floats as exact Decimals and refuses
    aliases (``*name``): nine nested ones make a few hundred bytes stand for
    billions of values ("billion laughs"), and price files use none.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"aliases are not accepted (*{event.anchor[:40]})",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def _construct_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        # .inf and .nan: let the range checks refuse them by name.
        return Decimal(text.replace(".", "", 1))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def load_yaml(name: str, content: bytes) -> Any:
    """
    Return a YAML document (safe loader, no aliases) with floats as exact
    Decimals.
    """
    try:
        data = yaml.load(decode(name, content), Loader=_DecimalLoader)
    except yaml.YAMLError as error:
        where = ""
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(error, "problem", None) or str(error)
        raise ImportFormatError(f"{name}: malformed YAML: {problem}{where}") from None
    except RecursionError:
        raise ImportFormatError(too_deep(name)) from None
    except ValueError as error:  # an integer of more than 4,300 digits
        raise ImportFormatError(unreadable_number(name, error)) from None
    return _checked_depth(name, data)


# Guessing a document's format ------------------------------------------------


def guess_format(data: Any) -> str | None:
    """Return the import format a parsed document looks like, or None."""
    if isinstance(data, dict):
        if data.get("format") == "llm-compare-catalog":
            return "catalog"
        if "models" in data and "id" in data and isinstance(data["models"], list):
            return "genai-prices"
        values = [v for v in list(data.values())[:50] if isinstance(v, dict)]
        if values and all(isinstance(v.get("models"), dict) for v in values):
            return "models.dev"
        if values and any(
            "litellm_provider" in v or "input_cost_per_token" in v for v in values
        ):
            return "litellm"
    if (
        isinstance(data, list)
        and data
        and all(isinstance(p, dict) and isinstance(p.get("models"), list) for p in data)
    ):
        return "genai-prices"
    return None


def wrong_format(name: str, data: Any, expected: str, shape: str) -> ImportFormatError:
    """Return the error for a document that is not in the ``expected`` format."""
    guess = guess_format(data)
    hint = f"; it looks like {guess} data, so use --format {guess}" if guess else ""
    return ImportFormatError(f"{name}: not {expected} data (expected {shape}){hint}")


# Values ------------------------------------------------------------------------


def exact(value: Any) -> Decimal | None:
    """
    Return a number from a document as an exact Decimal (None stays None).

    Decimals and ints pass through; a float (from a loader that made one)
    goes through ``str`` so 3.5e-08 is read as written, never as its binary
    approximation. Anything else, or a number beyond 10**±100, raises
    ValueError.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {brief(value)}")
    if isinstance(value, Decimal | int | float):
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"expected a number, got {brief(value)}") from None
    else:
        raise ValueError(f"expected a number, got {brief(value)}")
    if not number.is_finite():
        raise ValueError(f"expected a finite number, got {brief(value)}")
    if number and number.adjusted() > LARGEST_EXPONENT:
        raise ValueError(f"{brief(value)} is too large to be a price or a count")
    if number and number.adjusted() < -LARGEST_EXPONENT:
        raise ValueError(
            f"{brief(value)} is not zero but too small to be a price: it would "
            "round to $0, which means free"
        )
    return normalized(number)


def normalized(number: Decimal) -> Decimal:
    """Return ``number`` without trailing zeros or an exponent: 0.035000 -> 0.035."""
    return Decimal(plain_decimal(number))


def per_token_to_per_mtok(value: Any) -> Decimal | None:
    """
    Return a price per token as the exact price per 1M tokens:
    Decimal(str(value)) * 1_000_000, normalised (3.5e-08 -> 0.035).
    """
    number = exact(value)
    if number is None:
        return None
    return normalized(number * 1_000_000)


def tristate(value: Any) -> str | None:
    """Return "yes"/"no" for a boolean, None when the source says nothing."""
    if value is None:
        return None
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {brief(value)}")
    return "yes" if value else "no"


def parse_date(value: Any) -> date | None:
    """Return a date from an ISO string (or a date a loader already made)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected a date such as 2024-05-13, got {brief(value)}")


def release_date(value: Any) -> tuple[date | None, str | None]:
    """Return (date, precision) for "YYYY-MM-DD", "YYYY-MM" or "YYYY"."""
    if value is None or value == "":
        return None, None
    if isinstance(value, date):
        return value, "day"
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1), "year"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return parse_date(f"{text}-01"), "month"
    return parse_date(text), "day"


def month(value: Any) -> str | None:
    """Return a knowledge cutoff as YYYY-MM ("2024-04-30" -> "2024-04")."""
    if value is None or value == "":
        return None
    text = value.isoformat() if isinstance(value, date) else str(value).strip()
    text = text[:7]
    if not MONTH_RE.match(text):
        raise ValueError(f"expected a month such as 2023-12, got {brief(value)}")
    return text


def modalities(values: Any) -> list[str] | None:
    """Return the modalities the catalog knows, in its order ("file" etc. dropped)."""
    if values is None:
        return None
    if not isinstance(values, list):
        raise ValueError(f"expected a list of modalities, got {brief(values)}")
    given = {str(v).lower() for v in values}
    return [m for m in MODALITIES if m in given]


def positive_or_none(value: Any) -> int | None:
    """
    Return a token count, with 0 read as "unknown": models.dev gives 0 for
    image models, and the catalog wants a positive count or nothing.
    """
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | Decimal)
        or (isinstance(value, Decimal) and not value.is_finite())
        or not 0 <= value <= MAX_COUNT
        or value != int(value)
    ):
        raise ValueError(f"expected a whole number of tokens, got {brief(value)}")
    return int(value) or None


def import_source(format_name: str, *, title, url, publisher, license, today):
    """Return the catalog Source that credits one import format."""
    return SourceRecord(
        key=f"import-{format_name.replace('.', '-')}",
        values={
            "title": title,
            "url": url,
            "publisher": publisher,
            "license": license,
            "attribution": "",
            "retrieved_on": today,
        },
    )


def slug_or_id(text: str) -> str:
    """Return the last path segment of a model id ("openai/gpt-4o" -> "gpt-4o")."""
    return text.rsplit("/", 1)[-1]


def round_prices(batch: Batch) -> None:
    """
    Round every route price to the catalog's 6 decimal places, in place,
    and say how many needed it. Sources carry float artefacts
    (2.9999900000000002 for 2.99999) that no price list means. A price
    that is not zero but rounds to zero is refused: $0 means free, and a
    source that gives a price means there is one.
    """
    rounded, vanished = [], []
    for record in batch.routes:
        for name in PRICE_FIELDS:
            value = record.values.get(name)
            if (
                isinstance(value, Decimal)
                # Far above any price, which validation refuses by name; the
                # 28 digits of Decimal's context could not quantize it.
                and value.adjusted() < 15
                and value != value.quantize(PRICE_QUANTUM)
            ):
                fitted = normalized(
                    value.quantize(PRICE_QUANTUM, rounding=ROUND_HALF_UP)
                )
                if not fitted:
                    vanished.append(
                        f"{record.origin or batch.file_name}: {name} of {value} $ "
                        "per 1M tokens is not zero but rounds to $0 at 6 decimal "
                        "places, which would make it free"
                    )
                rounded.append(f"{record.external_id} {name} {value} -> {fitted}")
                record.values[name] = fitted
    if vanished:
        raise ImportFormatError(vanished)
    if rounded:
        batch.notes.append(
            f"Rounded {len(rounded)} price(s) with more than 6 decimal places, "
            f"e.g. {rounded[0]}."
        )


def identifier_aliases(
    identifier: str, model_id: str, provider_slug: str
) -> tuple[str, ...]:
    """
    Return the other exact identifiers an existing route of the same
    provider may have for this one: the bare model id, and the
    "<provider>/<model id>" form the demo catalog used. Matching them makes
    two price lists describe one route rather than add a twin.
    """
    aliases = (model_id, f"{provider_slug}/{model_id}")
    return tuple(dict.fromkeys(a[:200] for a in aliases if a and a != identifier))
