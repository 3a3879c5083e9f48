"""
Where the sources disagree: a model's context window, max output and
release date, and each of its routes' prices, with every source's figure
beside the one the pages show.

A field is listed only when its known figures hold at least two different
values (an unknown is not a value: a price one source gives and the
catalog lacks is a gap, not a disagreement). A release date is compared at
the precision the catalog knows it to (2025-02-14 agrees with 2025-02).

A number is an **outlier** when it is more than ``OUTLIER_RATIO`` times
away from the shown figure, or from the median of the field's figures
when it has three or more (0 against anything above it counts as
infinitely far). Dates are never
flagged: a release a few weeks apart is a disagreement, not an outlier.

``model_disagreements()`` reads what one model's page needs in one query;
``disagreement_counts()`` counts them across the catalog for the review queue.
"""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

from django.db.models import Q
from django.db.models.functions import Coalesce

from .models import LanguageModel, ReportedFigure, Route, Source
from .selectors import PRICE_LABELS

OUTLIER_RATIO = Decimal(3)

Unit = Literal["tokens", "usd_per_1m_tokens", "date"]
Value = Decimal | dt.date

MODEL_FIELDS: dict[str, tuple[str, Unit]] = {
    "context_window": ("context window", "tokens"),
    "max_output_tokens": ("max output", "tokens"),
    "release_date": ("release date", "date"),
}
ROUTE_FIELDS: dict[str, tuple[str, Unit]] = {
    **{field: (label, "usd_per_1m_tokens") for field, label in PRICE_LABELS.items()},
    "long_context_threshold": ("long-context threshold", "tokens"),
}


@dataclass(frozen=True)
class SourcedFigure:
    """One source's figure for a field, with the source's own date for it."""

    value: Value
    source: Source | None
    on: dt.date | None
    # "reported": the other source's own date; "checked" or "reviewed": the
    # shown figure's latest check (Route.verification); "": no date.
    date_kind: Literal["reported", "checked", "reviewed", ""]
    is_live: bool = False
    # A route's own context window, listed under its model's.
    route: Route | None = None
    outlier_from: Literal["shown", "median", ""] = ""

    @property
    def is_outlier(self) -> bool:
        return bool(self.outlier_from)


@dataclass(frozen=True)
class Disagreement:
    """A field whose sources give different values: the model's, or one route's."""

    field: str
    label: str
    unit: Unit
    figures: tuple[SourcedFigure, ...]
    route: Route | None = None

    @property
    def own_figures(self) -> tuple[SourcedFigure, ...]:
        """Return the figures about the record itself (not its routes' windows)."""
        return tuple(f for f in self.figures if f.route is None)

    @property
    def route_figures(self) -> tuple[SourcedFigure, ...]:
        """Return the routes' own figures listed under the model's."""
        return tuple(f for f in self.figures if f.route is not None)


@dataclass(frozen=True)
class ModelDisagreements:
    """Everything a model's "Sources disagree" panel shows."""

    model_fields: tuple[Disagreement, ...]
    routes: tuple[tuple[Route, tuple[Disagreement, ...]], ...]

    def __bool__(self) -> bool:
        return bool(self.model_fields or self.routes)

    def __len__(self) -> int:
        return len(self.model_fields) + sum(len(rows) for _, rows in self.routes)

    def __iter__(self):
        yield from self.model_fields
        for _, rows in self.routes:
            yield from rows


# Pure rules -------------------------------------------------------------------


def parse_value(text: str, unit: Unit) -> Value | None:
    """Return a reported figure's text as a value of ``unit``; None when unreadable."""
    try:
        if unit == "date":
            return dt.date.fromisoformat(text)
        number = Decimal(text)
    except (ValueError, InvalidOperation):
        return None
    return number if number.is_finite() and number >= 0 else None


def far_apart(a: Decimal, b: Decimal, ratio: Decimal = OUTLIER_RATIO) -> bool:
    """Whether ``a`` and ``b`` are more than ``ratio`` times apart (0 is far from any positive)."""
    low, high = sorted((a, b))
    if low == 0:
        return high > 0
    return high / low > ratio


def flag_outliers(figures: Sequence[SourcedFigure]) -> list[SourcedFigure]:
    """
    Return ``figures`` with ``outlier_from`` set: "shown" for a number more
    than ``OUTLIER_RATIO`` times away from the live figure, else "median"
    for one that far from the median of all of them (three or more).
    Dates are left as they are.
    """
    numbers = [f.value for f in figures if isinstance(f.value, Decimal)]
    if len(numbers) < 2:
        return list(figures)
    # The median of two figures is their midpoint, which both are as far
    # from: it tells an outlier only among three or more.
    median = Decimal(statistics.median(numbers)) if len(numbers) > 2 else None
    live = next((f.value for f in figures if f.is_live), None)
    flagged = []
    for figure in figures:
        reason = ""
        if isinstance(figure.value, Decimal):
            if live is not None and far_apart(figure.value, live):
                reason = "shown"
            elif median is not None and far_apart(figure.value, median):
                reason = "median"
        flagged.append(replace(figure, outlier_from=reason))
    return flagged


def comparable(value: Value, precision: str) -> Value | tuple:
    """Return what two values of one field are compared by: a date at ``precision``."""
    if isinstance(value, dt.date):
        if precision == LanguageModel.DatePrecision.YEAR:
            return (value.year,)
        if precision == LanguageModel.DatePrecision.MONTH:
            return (value.year, value.month)
    return value


def disagreement(
    field: str,
    figures: Iterable[SourcedFigure],
    *,
    labels: dict[str, tuple[str, Unit]],
    route: Route | None = None,
    precision: str = LanguageModel.DatePrecision.DAY,
) -> Disagreement | None:
    """Return the field's disagreement, or None when its figures agree."""
    figures = list(figures)
    if len({comparable(f.value, precision) for f in figures}) < 2:
        return None
    label, unit = labels[field]
    # The shown figure first, then the model's sources, then its routes'.
    figures.sort(key=lambda f: (not f.is_live, f.route is not None))
    return Disagreement(
        field=field,
        label=label,
        unit=unit,
        figures=tuple(flag_outliers(figures)),
        route=route,
    )


def _reported(figures: Iterable[ReportedFigure], unit: Unit) -> list[SourcedFigure]:
    sourced = []
    for figure in figures:
        value = parse_value(figure.value, unit)
        if value is not None:
            sourced.append(
                SourcedFigure(
                    value=value,
                    source=figure.source,
                    on=figure.reported_on,
                    date_kind="reported" if figure.reported_on else "",
                )
            )
    return sourced


def _live_value(value) -> Value | None:
    return Decimal(value) if isinstance(value, int) else value


def disagreements_of(
    model: LanguageModel,
    routes: Sequence[Route],
    figures: Iterable[ReportedFigure],
) -> ModelDisagreements:
    """
    Return where ``model``'s sources disagree, from its ``routes`` and the
    ``figures`` reported for it and them (no query: ``source`` joined).
    """
    by_model: dict[str, list[ReportedFigure]] = defaultdict(list)
    by_route: dict[tuple[int, str], list[ReportedFigure]] = defaultdict(list)
    for figure in figures:
        if figure.route_id is None:
            by_model[figure.field].append(figure)
        else:
            by_route[figure.route_id, figure.field].append(figure)

    model_fields = []
    for field, (_, unit) in MODEL_FIELDS.items():
        found = _reported(by_model[field], unit)
        live = _live_value(getattr(model, field))
        if live is not None:
            reviewed = model.last_reviewed
            found.append(
                SourcedFigure(
                    value=live,
                    source=None,
                    on=reviewed,
                    date_kind="reviewed" if reviewed else "",
                    is_live=True,
                )
            )
        if field == "context_window":
            found += [
                SourcedFigure(
                    value=Decimal(route.context_window),
                    source=route.source,
                    on=route.last_verified,
                    date_kind="checked" if route.last_verified else "",
                    route=route,
                )
                for route in routes
                if route.context_window is not None
            ]
        precision = model.release_date_precision if field == "release_date" else ""
        if row := disagreement(
            field, found, labels=MODEL_FIELDS, precision=precision or "day"
        ):
            model_fields.append(row)

    route_rows = []
    for route in routes:
        rows = []
        for field, (_, unit) in ROUTE_FIELDS.items():
            found = _reported(by_route[route.pk, field], unit)
            if not found:
                continue
            live = _live_value(getattr(route, field))
            if live is not None:
                kind, checked_on, _ = route.verification
                found.append(
                    SourcedFigure(
                        value=live,
                        source=route.source,
                        on=checked_on,
                        date_kind=kind if checked_on else "",
                        is_live=True,
                    )
                )
            if row := disagreement(field, found, labels=ROUTE_FIELDS, route=route):
                rows.append(row)
        if rows:
            route_rows.append((route, tuple(rows)))
    return ModelDisagreements(
        model_fields=tuple(model_fields), routes=tuple(route_rows)
    )


# Reads ------------------------------------------------------------------------


def model_disagreements(*, model: LanguageModel) -> ModelDisagreements:
    """
    Return where ``model``'s sources disagree, in one query: its routes
    must be prefetched (``model_list_detailed()``), with their sources.
    """
    routes = list(model.routes.all())
    figures = ReportedFigure.objects.filter(
        Q(model=model) | Q(route__model=model)
    ).select_related("source")
    return disagreements_of(model, routes, figures)


def disagreement_counts() -> dict[str, object]:
    """
    Return, across the catalog (drafts too), how many models have a field
    their sources disagree on (``model_ids``, ``models``) and how many
    fields disagree in all (``fields``), in three queries.
    """
    figures = ReportedFigure.objects.select_related("source").annotate(
        owner=Coalesce("model_id", "route__model_id")
    )
    by_model: dict[int, list[ReportedFigure]] = defaultdict(list)
    for figure in figures:
        by_model[figure.owner].append(figure)
    routes_by_model: dict[int, list[Route]] = defaultdict(list)
    for route in (
        Route.objects.filter(
            Q(context_window__isnull=False) | Q(reported_figures__isnull=False)
        )
        .select_related("source")
        .distinct()
    ):
        routes_by_model[route.model_id].append(route)
    model_ids, fields = [], 0
    for model in LanguageModel.objects.filter(
        pk__in=by_model.keys() | routes_by_model.keys()
    ).order_by("pk"):
        found = len(
            disagreements_of(model, routes_by_model[model.pk], by_model[model.pk])
        )
        if found:
            model_ids.append(model.pk)
            fields += found
    return {"model_ids": model_ids, "models": len(model_ids), "fields": fields}
