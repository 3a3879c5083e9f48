"""
The CSV files the site writes, safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or
a tab or carriage return before one) as a formula, so a model named
``=HYPERLINK(...)`` would run on the reader's machine. As OWASP's "CSV
Injection" page recommends, such text gets a leading apostrophe, which
spreadsheets show as text and do not display. Only text is changed:
numbers, dates and yes/no are written as they are, so a negative number
stays a number.

    >>> csv_cell("=1+2"), csv_cell(Decimal("-0.5")), csv_cell("-1")
    ("'=1+2", '-0.5', "'-1")
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from .formatting import plain_decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_text(text: str) -> str:
    """Return ``text`` as a spreadsheet shows it: never a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    """Return the CSV cell of a value: empty for None, text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return inert_text(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Return a CSV document: ``header``, then one line per row of values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([inert_text(name) for name in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
