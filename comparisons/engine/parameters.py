"""
Reading the reader's input: a traffic profile, priorities and a list of
models from GET-style parameters.

Each reader returns what it could use and the problems as data
(ParameterProblem); wording.page_message() and wording.api_message() put a
problem in words. parse_traffic_profile(), parse_priorities() and
parse_model_list() return the page's messages directly. None of them raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from catalog.formatting import format_count

from . import wording
from .inputs import TrafficProfile
from .results import ParameterProblem
from .vocabulary import (
    MAX_MANY,
    MAX_MODEL_LIST_LENGTH,
    MIN_MANY,
    PRESETS_BY_SLUG,
    PRICE_BASES,
    PRIORITY_KEYS,
    REQUESTS_RANGE,
    TOKENS_RANGE,
    TRAFFIC_PRESETS,
)

_WHOLE_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
_SHARE = re.compile(r"[0-9]+(?:\.[0-9]{0,6})?|\.[0-9]{1,6}")
_SAFE_WORD = re.compile(r"[a-z][a-z_-]{0,23}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
_SWITCH_WORDS = dict.fromkeys(("1", "true", "on", "yes"), True) | dict.fromkeys(
    ("0", "false", "off", "no"), False
)


def _parse_whole(raw: str, bounds: tuple[int, int]) -> int | None:
    """Return raw as an int within bounds, or None."""
    text = raw.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        return None
    digits = text.replace(",", "").lstrip("0") or "0"
    # Length first: int() on 10,000 digits is slow and then refused by Python.
    if len(digits) > len(str(bounds[1])):
        return None
    number = int(digits)
    return number if bounds[0] <= number <= bounds[1] else None


def _parse_share(raw: str) -> Decimal | None:
    """Return raw as a Decimal within [0, 1], or None."""
    text = raw.strip()
    if not _SHARE.fullmatch(text):
        return None
    share = Decimal(text)
    return share if share <= 1 else None


def _show(value: object) -> str:
    """Return a profile value as the reader typed it."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, Decimal):
        return wording.share_text(value)
    return format_count(value) if isinstance(value, int) else str(value)


def _whole_numbers(bounds: tuple[int, int]) -> str:
    return f"a whole number from {format_count(bounds[0])} to {format_count(bounds[1])}"


_SHARE_RULE = "a number from 0 to 1 with at most 6 decimals (0.25 is 25%)"

# (GET parameter, TrafficProfile field, label, parser, what a valid value is)
_PROFILE_FIELDS: tuple[tuple[str, str, str, Callable[[str], Any], str], ...] = (
    (
        "requests",
        "requests_per_month",
        "Requests per month",
        lambda raw: _parse_whole(raw, REQUESTS_RANGE),
        _whole_numbers(REQUESTS_RANGE),
    ),
    (
        "input_tokens",
        "input_tokens",
        "Input tokens per request",
        lambda raw: _parse_whole(raw, TOKENS_RANGE),
        _whole_numbers(TOKENS_RANGE),
    ),
    (
        "output_tokens",
        "output_tokens",
        "Output tokens per request",
        lambda raw: _parse_whole(raw, TOKENS_RANGE),
        _whole_numbers(TOKENS_RANGE),
    ),
    ("cached_share", "cached_share", "Cached input share", _parse_share, _SHARE_RULE),
    ("batch_share", "batch_share", "Batch share", _parse_share, _SHARE_RULE),
    (
        "include_free",
        "include_free_tiers",
        "Include free tiers",
        lambda raw: _SWITCH_WORDS.get(raw.strip().lower()),
        "on or off",
    ),
    (
        "include_untrusted",
        "include_untrusted",
        "Include routes left out",
        lambda raw: _SWITCH_WORDS.get(raw.strip().lower()),
        "on or off",
    ),
    (
        "price_basis",
        "price_basis",
        "Price basis",
        lambda raw: raw.strip().lower() if raw.strip().lower() in PRICE_BASES else None,
        "list or cheapest",
    ),
)


# Every GET parameter read_traffic_profile() reads, in the order it reports them.
PROFILE_PARAMETERS = ("preset", *(param for param, *_ in _PROFILE_FIELDS))


def _last_value(params: Mapping[str, Any], key: str) -> str | None:
    """
    Return the last value given for key, as Django's QueryDict.get() does, for
    plain dicts of strings and dicts of lists alike.
    """
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _values(values: Iterable[str] | str | None) -> list[str]:
    """Return a list (QueryDict.getlist()), a string or None as a list of strings."""
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return [str(value) for value in values]


def read_traffic_profile(
    params: Mapping[str, Any],
) -> tuple[TrafficProfile, tuple[ParameterProblem, ...]]:
    """
    Return the traffic profile asked for by GET-style params, and a problem
    for each value that could not be used, in parameter order (preset first).

    `preset` picks a starting profile; `requests`, `input_tokens`,
    `output_tokens`, `cached_share`, `batch_share` and `include_free` override
    it. A missing field keeps the starting value silently; an empty, malformed
    or out-of-range one keeps it too, with a problem whose fallback is that
    value. Never raises.
    """
    problems: list[ParameterProblem] = []
    base = TrafficProfile()
    if preset_slug := _last_value(params, "preset"):
        preset = PRESETS_BY_SLUG.get(preset_slug.strip())
        if preset is None:
            problems.append(
                ParameterProblem(
                    parameter="preset",
                    kind="unknown_preset",
                    label="Traffic preset",
                    fallback="the default profile",
                    choices=tuple(p.slug for p in TRAFFIC_PRESETS),
                )
            )
        else:
            base = preset.profile
    changes = {}
    for param, field, label, parse, rule in _PROFILE_FIELDS:
        raw = _last_value(params, param)
        if raw is None:
            continue
        if raw.strip() and (value := parse(raw)) is not None:
            changes[field] = value
            continue
        problems.append(
            ParameterProblem(
                parameter=param,
                kind="invalid" if raw.strip() else "empty",
                label=label,
                rule=rule,
                fallback=_show(getattr(base, field)),
            )
        )
    return replace(base, **changes), tuple(problems)


def parse_traffic_profile(
    params: Mapping[str, Any],
) -> tuple[TrafficProfile, tuple[str, ...]]:
    """
    Return read_traffic_profile()'s profile, and its problems as the page's
    messages (each with the value used instead).
    """
    profile, problems = read_traffic_profile(params)
    return profile, tuple(wording.page_message(problem) for problem in problems)


def read_priorities(
    values: Iterable[str] | str | None,
) -> tuple[tuple[str, ...], tuple[ParameterProblem, ...]]:
    """
    Return the known priority keys in the order first given (each once, however
    often repeated), and one problem naming any unknown ones. Accepts a list
    (QueryDict.getlist()) or a comma-separated string. Never raises.
    """
    chosen: list[str] = []
    unknown: list[str] = []
    for value in _values(values):
        for part in value.split(","):
            key = part.strip().lower()
            if key in PRIORITY_KEYS:
                if key not in chosen:
                    chosen.append(key)
            elif key and key not in unknown:
                unknown.append(key)
    if not unknown:
        return tuple(chosen), ()
    problem = ParameterProblem(
        parameter="priority",
        kind="unknown_priorities",
        label="Priority",
        choices=PRIORITY_KEYS,
        count=len(unknown),
        # Echo only short plain words: the rest may be anything a URL can carry.
        shown=tuple(key for key in unknown if _SAFE_WORD.fullmatch(key))[:3],
    )
    return tuple(chosen), (problem,)


def parse_priorities(
    values: Iterable[str] | str | None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return read_priorities()'s keys, and its problem as the page's message."""
    priorities, problems = read_priorities(values)
    return priorities, tuple(wording.page_message(problem) for problem in problems)


def read_model_list(
    values: Iterable[str] | str | None,
) -> tuple[tuple[str, ...], ParameterProblem | None]:
    """
    Return the model slugs asked for, in order, and the problem when the list
    cannot be used: too long, fewer than MIN_MANY or more than MAX_MANY
    models, a value that cannot be a slug or a model named twice. Accepts a
    list (QueryDict.getlist()) or a comma-separated string. Never raises.

    Whether the slugs name published models is for the caller to check.
    """
    values = _values(values)

    def problem(kind: str, **kwargs: Any) -> ParameterProblem:
        return ParameterProblem(
            parameter="models",
            kind=kind,
            label="Models",
            rule=f"{MIN_MANY} to {MAX_MANY} models",
            **kwargs,
        )

    # Length first, so a huge parameter is never split or echoed.
    if sum(len(value) + 1 for value in values) - 1 > MAX_MODEL_LIST_LENGTH:
        return (), problem("too_long")
    slugs = tuple(
        part.strip() for value in values for part in value.split(",") if part.strip()
    )
    if len(slugs) < MIN_MANY:
        return slugs, problem("too_few", count=len(slugs))
    if len(slugs) > MAX_MANY:
        return slugs, problem("too_many", count=len(slugs))
    # Only slug-shaped values are echoed: the rest may be anything a URL can carry.
    if not all(_SLUG.fullmatch(slug) for slug in slugs):
        return slugs, problem("not_slugs", count=len(slugs))
    repeated = [slug for index, slug in enumerate(slugs) if slug in slugs[:index]]
    if repeated:
        return slugs, problem("repeated", count=len(slugs), shown=(repeated[0],))
    return slugs, None


def parse_model_list(
    values: Iterable[str] | str | None,
) -> tuple[tuple[str, ...], str]:
    """Return read_model_list()'s slugs, and its problem as the page's message ("" for none)."""
    slugs, problem = read_model_list(values)
    return slugs, wording.page_message(problem) if problem else ""
