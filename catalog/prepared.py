"""
Querysets built and compiled once, then run with new values.

Django builds a queryset and compiles its SQL on every evaluation. For the
small, fixed queries that read one comparison's pair that costs five to ten
times what the database takes to answer them (``bench/profile_comparison.py``:
about 0.1 ms to run each, 0.4 to 3 ms to build and compile). A
``PreparedQuery`` builds its ``values()`` queryset once per shape of its
arguments, from placeholders, keeps the compiled SQL, and then runs it with
the caller's values, converting each row as the queryset would have.

    ROUTES = PreparedQuery(
        lambda model_ids: Route.objects.filter(model_id__in=model_ids).values("id")
    )
    ROUTES(model_ids=[1, 2])  # [{"id": 3}, ...], as list(queryset) would be

Arguments are strings, integers, None or lists of them, which reach the
SQL as parameters, and booleans, which the builder sees as given. A shape
is the arguments' names and, for each, its list's length, its boolean, or
whether it is None, so a builder may branch on those (``include_drafts``
may drop a filter, ``comparison_id=None`` a table). The builder must pass
the other values through to SQL unchanged, as exact and ``__in`` lookups
do: a placeholder that does not reach the SQL parameters as given raises
``ImproperlyConfigured`` when the query is compiled. The builder runs once
per shape, so it must not read anything that changes (the clock, a
setting).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet

# Placeholders: integers in the range of every integer column, and strings
# no form or import lets a value hold.
_INTEGER_PLACEHOLDER_BASE = 2_146_000_000
_STRING_PLACEHOLDER = "\x00prepared-query:{}\x00"

type Value = str | int | None
type Argument = Value | bool | list[Value] | tuple[Value, ...]


@dataclass(frozen=True)
class _Compiled:
    """A shape's SQL and what is needed to run it and read its rows."""

    alias: str
    sql: str
    params: tuple  # the compiled parameters, placeholders included
    slots: tuple[tuple[int, str, int | None], ...]  # (position, argument, index)
    names: tuple[str, ...]
    compiler: object  # the SQLCompiler, which applies its converters
    converters: dict  # column position -> (converters, expression)

    def run(self, arguments: dict[str, Argument]) -> list[dict]:
        params = list(self.params)
        for position, name, index in self.slots:
            value = arguments[name]
            params[position] = value if index is None else value[index]
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in rows]


def _shape(value: Argument) -> tuple:
    if isinstance(value, list | tuple):
        return ("list", len(value))
    if isinstance(value, bool):
        return ("flag", value)
    return ("none",) if value is None else ("value",)


class PreparedQuery:
    """
    A ``values()`` queryset built by ``build(**arguments)``, compiled once
    per shape, for up to ``max_shapes`` shapes; others (lists of many
    lengths) are compiled on every call, as a queryset is.
    """

    def __init__(self, build: Callable[..., QuerySet], *, max_shapes: int = 32):
        self.build = build
        self.max_shapes = max_shapes
        self._compiled: dict[tuple, _Compiled | None] = {}

    def __call__(self, **arguments: Argument) -> list[dict]:
        """Return the queryset's rows for ``arguments``, as ``values()`` dicts."""
        shape = tuple(
            (name, _shape(value)) for name, value in sorted(arguments.items())
        )
        try:
            compiled = self._compiled[shape]
        except KeyError:
            compiled = self._compile(arguments)
            if len(self._compiled) < self.max_shapes:
                self._compiled[shape] = compiled
        if compiled is None:  # Django knows the shape matches nothing
            return []
        return compiled.run(arguments)

    def _compile(self, arguments: dict[str, Argument]) -> _Compiled | None:
        placeholders: dict[object, tuple[str, int | None]] = {}

        def placeholder(name: str, value: Value, index: int | None) -> Value:
            if value is None:
                return None
            number = len(placeholders)
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise TypeError(
                    f"{name}: a prepared query takes strings, integers and None, "
                    f"not {type(value).__name__}"
                )
            made = (
                _INTEGER_PLACEHOLDER_BASE + number
                if isinstance(value, int)
                else _STRING_PLACEHOLDER.format(number)
            )
            placeholders[made] = (name, index)
            return made

        built = {
            name: [placeholder(name, item, i) for i, item in enumerate(value)]
            if isinstance(value, list | tuple)
            else value
            if isinstance(value, bool)
            else placeholder(name, value, None)
            for name, value in arguments.items()
        }
        queryset = self.build(**built)
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        slots = tuple(
            (position, *placeholders[param])
            for position, param in enumerate(params)
            if isinstance(param, int | str) and param in placeholders
        )
        if missing := set(placeholders.values()) - {
            (name, index) for _, name, index in slots
        }:
            raise ImproperlyConfigured(
                f"{self.build.__qualname__} changed or dropped the values of "
                f"{sorted(missing, key=str)}: a prepared query's lookups must "
                "pass them through to SQL as given."
            )
        columns = [column for column, *_ in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ImproperlyConfigured(
                f"{self.build.__qualname__}: a prepared query cannot read a "
                "composite primary key."
            )
        return _Compiled(
            alias=queryset.db,
            sql=sql,
            params=tuple(params),
            slots=slots,
            # As ValuesIterable names a row's columns.
            names=tuple(query.selected)
            if query.selected
            else (*query.extra_select, *query.values_select, *query.annotation_select),
            compiler=compiler,
            converters=compiler.get_converters(columns),
        )
