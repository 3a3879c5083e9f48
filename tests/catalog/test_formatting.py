import datetime as dt
from decimal import Decimal

import pytest

from catalog.formatting import (
    capitalize_first,
    format_count,
    format_money,
    format_money_delta,
    format_parameters,
    format_points,
    format_price,
    format_ratio,
    format_release,
    format_score,
    format_tokens,
    join_list,
    pluralize,
    possessive,
)


@pytest.mark.parametrize(
    ("items", "conjunction", "expected"),
    [
        ([], "and", ""),
        (["A"], "and", "A"),
        (["A", "B"], "and", "A and B"),
        (["A", "B", "C"], "and", "A, B, and C"),
        (["Coding", "RAG", "Agents"], "and", "Coding, RAG, and Agents"),
        (["A", "B", "C", "D"], "or", "A, B, C, or D"),
        (["A", "", "B"], "and", "A and B"),
    ],
)
def test_join_list_uses_oxford_comma(items, conjunction, expected):
    assert join_list(items, conjunction) == expected


@pytest.mark.parametrize(
    ("count", "singular", "plural", "expected"),
    [
        (0, "route", "", "0 routes"),
        (1, "route", "", "1 route"),
        (2, "route", "", "2 routes"),
        (1, "shared benchmark", "", "1 shared benchmark"),
        (1_000, "request", "", "1,000 requests"),
        (1, "unknown priority", "unknown priorities", "1 unknown priority"),
        (3, "unknown priority", "unknown priorities", "3 unknown priorities"),
    ],
)
def test_pluralize_agrees_with_count(count, singular, plural, expected):
    assert pluralize(count, singular, plural) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (4_096, "4k"),
        (8_192, "8k"),
        (16_384, "16k"),
        (8_000, "8k"),
        (32_768, "33k"),
        (128_000, "128k"),
        (131_072, "131k"),
        (262_144, "262k"),
        (999_999, "1M"),
        (1_000_000, "1M"),
        (1_048_576, "1M"),
        (2_097_152, "2.1M"),
        (10_000_000, "10M"),
        (2_000_000_000, "2B"),
    ],
)
def test_format_tokens(count, expected):
    assert format_tokens(count) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1_760_000_000_000, "1.76T"),
        (4_000_000_000, "4B"),
        (8_030_000_000, "8.03B"),
        (72_700_000_000, "72.7B"),
        (235_000_000_000, "235B"),
        (999_600_000_000, "1T"),
        (350_000_000, "350M"),
    ],
)
def test_format_parameters_keeps_three_significant_digits(count, expected):
    assert format_parameters(count) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal(0), "$0"),
        (Decimal("0.000005"), "under $0.01"),
        (Decimal("0.04"), "$0.04"),
        (Decimal("0.045"), "$0.05"),
        (Decimal("12.344"), "$12.34"),
        (Decimal("99.99"), "$99.99"),
        (Decimal("99.996"), "$100"),
        (Decimal("100.49"), "$100"),
        (Decimal("7750"), "$7,750"),
        (Decimal("7750.000"), "$7,750"),
        (Decimal("1234.5"), "$1,235"),
        (Decimal(10**21), "$1,000,000,000,000,000,000,000"),
    ],
)
def test_format_money_whole_dollars_from_100_cents_below(amount, expected):
    assert format_money(amount) == expected


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (Decimal(0), "$0"),
        (Decimal(5), "$5"),
        (Decimal("10.00"), "$10"),
        (Decimal("2.5"), "$2.50"),
        (Decimal("0.1"), "$0.10"),
        (Decimal("1.25"), "$1.25"),
        (Decimal("0.035"), "$0.035"),
        (Decimal("0.0001"), "$0.0001"),
        (Decimal("1500"), "$1,500"),
        # Cents from $1 up, three significant digits below.
        (Decimal("4.2929"), "$4.29"),
        (Decimal("27.2727"), "$27.27"),
        (Decimal("4.999"), "$5"),
        (Decimal("0.0375"), "$0.0375"),
        (Decimal("0.123456"), "$0.123"),
    ],
)
def test_format_price_per_million_tokens(price, expected):
    assert format_price(price) == expected


@pytest.mark.parametrize(
    ("margin", "expected"),
    [
        (Decimal("9.7"), "9.7 points"),
        (Decimal("9.66"), "9.7 points"),
        (Decimal("1"), "1.0 point"),
        (Decimal("0"), "0.0 points"),
        (Decimal("12.25"), "12.3 points"),
    ],
)
def test_format_points_one_decimal(margin, expected):
    assert format_points(margin) == expected


@pytest.mark.parametrize(
    ("score", "unit", "expected"),
    [
        (Decimal("69.4"), "percent", "69.4"),
        (Decimal("69.400"), "percent", "69.4"),
        (Decimal("80"), "percent", "80.0"),
        (Decimal("1250"), "elo", "1250"),
        (Decimal("57.254"), "index", "57.25"),
    ],
)
def test_format_score(score, unit, expected):
    assert format_score(score, unit) == expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (Decimal("2.048"), "2x"),
        (Decimal("2.44"), "2.4x"),
        (Decimal("12.3"), "12x"),
    ],
)
def test_format_ratio(ratio, expected):
    assert format_ratio(ratio) == expected


@pytest.mark.parametrize(
    ("released", "precision", "expected"),
    [
        (dt.date(2024, 4, 9), "day", "2024-04-09"),
        (dt.date(2025, 4, 1), "month", "2025-04"),
        (dt.date(2025, 1, 1), "year", "2025"),
        (None, "day", "Unknown"),
    ],
)
def test_format_release_honours_precision(released, precision, expected):
    assert format_release(released, precision) == expected


def test_small_helpers():
    assert format_count(1_000_000) == "1,000,000"
    assert possessive("Qwen3.5-4B") == "Qwen3.5-4B's"
    assert capitalize_first("only GPT-4 Turbo") == "Only GPT-4 Turbo"
    assert capitalize_first("") == ""


def test_a_money_delta_is_rounded_like_the_amounts_beside_it():
    # "$58 less" beside "$112 vs $170", not "$58.15 less".
    assert (
        format_money_delta(Decimal("58.15"), Decimal("170.3"), Decimal("112.15"))
        == "$58"
    )
    assert (
        format_money_delta(Decimal("5.15"), Decimal("12.3"), Decimal("7.15")) == "$5.15"
    )
    assert (
        format_money_delta(Decimal("0.5"), Decimal("99.996"), Decimal("99.496")) == "$1"
    )
