import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from catalog.spreadsheets import csv_cell, csv_text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (
            '=HYPERLINK("https://x.example","a")',
            '\'=HYPERLINK("https://x.example","a")',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("-1", "'-1"),  # editor text, even when it reads as a number
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("GPT-4o", "GPT-4o"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (Decimal("-0.5"), "-0.5"),  # a number stays a number
        (Decimal("2.50"), "2.5"),
        (-3, "-3"),
        (dt.date(2026, 11, 25), "2026-11-25"),
    ],
)
def test_csv_cell_makes_text_inert_and_leaves_numbers(value, cell):
    assert csv_cell(value) == cell


def test_csv_text_reads_back_as_the_cells():
    text = csv_text(["name", "price"], [["=1,2", Decimal("-1")], ["plain", None]])

    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "price"],
        ["'=1,2", "-1"],
        ["plain", ""],
    ]
