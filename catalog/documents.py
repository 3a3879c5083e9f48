"""
Limits on the documents the catalog reads (``load_catalog`` and every
import format), and a bounded rendering of a bad value for messages.

A hostile file must be refused with a message naming it, never crash the
reader or grow its memory without bound: a document larger than
``MAX_DOCUMENT_BYTES``, nested deeper than ``MAX_DEPTH`` (real catalogs
nest a dozen levels at most; Python's parsers recurse, so a deep one raises
RecursionError), or with a number too long for Python to read is refused.
No Django, so the importer's parsers can use it.
"""

import json
import reprlib
from typing import Any

from .errors import FormatError

# The admin's upload limit, and the largest file a command reads.
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
MAX_DEPTH = 32


class _Brief(reprlib.Repr):
    def repr_Decimal(self, value, level):
        return self.repr_str(str(value), level)[1:-1]


_brief = _Brief(maxlevel=2, maxstring=60, maxother=60, maxlong=40)
_brief.maxlist = _brief.maxdict = _brief.maxtuple = _brief.maxset = 4


def brief(value: Any) -> str:
    """
    Return a short ``repr()`` of ``value`` for an error message, at most a
    hundred or so characters whatever its size or nesting.
    """
    return _brief.repr(value)


def check_size(name: str, size: int) -> None:
    """Raise FormatError if a document of ``size`` bytes is over the limit."""
    if size > MAX_DOCUMENT_BYTES:
        raise FormatError(
            f"{name}: the file is {size // 1_000_000} MB; the limit is "
            f"{MAX_DOCUMENT_BYTES // 1_000_000} MB"
        )


def check_depth(name: str, data: Any) -> None:
    """Raise FormatError if ``data`` nests lists and objects deeper than MAX_DEPTH."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            raise FormatError(too_deep(name))
        pending.extend((child, depth + 1) for child in children)


def too_deep(name: str) -> str:
    """Return the message for a document nested too deeply."""
    return f"{name}: lists and objects are nested more than {MAX_DEPTH} levels deep"


def unreadable_number(name: str, error: ValueError) -> str:
    """Return the message for a number Python refuses (over 4,300 digits)."""
    return f"{name}: unreadable number: {str(error).split(';')[0]}"


def read_json(name: str, text: str, **options) -> Any:
    """
    Return a JSON document (``json.loads`` with ``options``), or raise
    FormatError naming ``name`` if it is nested too deeply or holds a number
    Python refuses to read. A malformed one raises json.JSONDecodeError,
    which each caller words.
    """
    try:
        data = json.loads(text, **options)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise FormatError(too_deep(name)) from None
    except ValueError as error:
        raise FormatError(unreadable_number(name, error)) from None
    check_depth(name, data)
    return data
