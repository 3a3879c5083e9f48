"""
Reads about curated comparisons: the lists the home page, model pages and
sitemap show, and a pair's history (its price changes and, once published,
its changelog) in one query.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    F,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from catalog.formatting import format_score
from catalog.models import LanguageModel, PublicationStatus
from catalog.selectors import (
    HISTORY_COLUMNS,
    PriceChange,
    history_records,
    model_data_changed_at,
    price_changes_from,
    records_by_table,
    result_history_records,
    route_history_records,
    route_price_changes,
)

from .models import Comparison

# The pair history's UNION: routes, results and the curated comparison.
PAIR_HISTORY_COLUMNS = {
    **HISTORY_COLUMNS,
    "comparison_status": TextField(),
    "comparison_verdict": TextField(),
}


def comparison_list_published() -> QuerySet[Comparison]:
    """
    Return curated, published comparisons with both models joined; a pair
    of two kinds, which has no page, is left out.
    """
    return (
        Comparison.objects.published()
        .of_one_kind()
        .select_related("model_a", "model_b")
    )


def comparison_list_featured(*, limit: int = 12) -> QuerySet[Comparison]:
    """Return the curated comparisons editors feature on the home page."""
    return comparison_list_published().filter(featured=True)[:limit]


def comparison_list_recently_reviewed(*, limit: int = 6) -> QuerySet[Comparison]:
    """Return the curated comparisons reviewed most recently."""
    return (
        comparison_list_published()
        .filter(last_reviewed__isnull=False)
        .order_by("-last_reviewed", "pk")[:limit]
    )


def comparison_list_for_home(
    *, featured: int = 12, recent: int = 6
) -> tuple[list[Comparison], list[Comparison]]:
    """
    Return the featured comparisons and the most recently reviewed ones, in
    one query: the featured first, then by review date, as many as both
    lists can use.
    """
    rows = list(
        comparison_list_published()
        .filter(Q(featured=True) | Q(last_reviewed__isnull=False))
        .order_by("-featured", F("last_reviewed").desc(nulls_last=True), "pk")[
            : featured + recent
        ]
    )
    reviewed = sorted(
        (row for row in rows if row.last_reviewed),
        key=lambda row: (-row.last_reviewed.toordinal(), row.pk),
    )
    return [row for row in rows if row.featured][:featured], reviewed[:recent]


def comparison_list_involving(*, model: LanguageModel) -> QuerySet[Comparison]:
    """Return the curated, published comparisons that include ``model``."""
    return comparison_list_published().involving(model)


@dataclass(frozen=True)
class ChangelogEntry:
    """One public change to a curated comparison: a price, the verdict or a score."""

    changed_at: dt.datetime
    kind: str  # "price", "verdict" or "benchmark"
    subject: str  # "GPT-4o on OpenAI (gpt-4o)", "Editors' verdict", "GPT-4o on MMLU"
    description: str  # "input price $10 → $5", "rewritten", "score 85.2 → 86.4"

    @property
    def changed_on(self) -> dt.date:
        return timezone.localdate(self.changed_at)


@dataclass(frozen=True)
class PairHistory:
    """What a comparison page shows of the past: price changes and its changelog."""

    price_changes: list[PriceChange]
    changelog: list[ChangelogEntry]  # empty unless curated and published


def pair_history(
    *, model_ids: Iterable[int], comparison_id: int | None = None
) -> PairHistory:
    """
    Return the price changes on the routes of the models ``model_ids`` and,
    given the curated comparison of those models ``comparison_id``, its
    changelog (see ``comparison_changelog()``), in one query: a UNION ALL
    of the history records of the routes, of the benchmark results and of
    the comparison.
    """
    if comparison_id is None:
        return PairHistory(route_price_changes(model_ids=model_ids), changelog=[])
    model_ids = list(model_ids)
    shape = PAIR_HISTORY_COLUMNS
    records = route_history_records(model_ids, shape=shape).union(
        result_history_records(model_ids, shape=shape),
        history_records(
            Comparison.history.filter(id=comparison_id),
            table="comparison",
            shape=shape,
            comparison_status=F("status"),
            comparison_verdict=F("verdict_override"),
        ),
        all=True,
    )
    by_table = records_by_table(records, shape)
    price_changes = price_changes_from(by_table.get("route", []))
    changelog = _changelog(
        by_table.get("comparison", []), by_table.get("result", []), price_changes
    )
    return PairHistory(price_changes=price_changes, changelog=changelog)


def _published_at(records: list[dict]) -> dt.datetime | None:
    """Return when the first of ``records`` (oldest first) with status published was written."""
    for record in records:
        if record["comparison_status"] == PublicationStatus.PUBLISHED:
            return record["changed_at"]
    return None


def _verdict_entries(records: list[dict], since: dt.datetime) -> list[ChangelogEntry]:
    entries = []
    for previous, record in zip(records, records[1:], strict=False):
        old, new = previous["comparison_verdict"], record["comparison_verdict"]
        if old == new or record["changed_at"] <= since:
            continue
        if not old:
            description = "written by the editors"
        elif not new:
            description = "withdrawn; the computed verdict is shown"
        else:
            description = "rewritten"
        entries.append(
            ChangelogEntry(
                record["changed_at"], "verdict", "Editors' verdict", description
            )
        )
    return entries


def _result_entries(records: list[dict], since: dt.datetime) -> list[ChangelogEntry]:
    entries = []
    previous = None
    for record in records:
        same_row = previous is not None and previous["row_id"] == record["row_id"]
        unit = record["benchmark_unit"] or "percent"
        score = format_score(record["result_score"], unit)
        description = None
        if record["change_type"] == "+":
            description = f"new result: score {score}"
        elif record["change_type"] == "-":
            description = "result withdrawn"
        elif same_row and previous["result_score"] != record["result_score"]:
            old_score = format_score(previous["result_score"], unit)
            description = f"score {old_score} → {score}"
        if description and record["changed_at"] > since:
            entries.append(
                ChangelogEntry(
                    record["changed_at"],
                    "benchmark",
                    f"{record['model_name']} on {record['benchmark_name']}",
                    description,
                )
            )
        previous = record
    return entries


def _changelog(
    comparison_records: list[dict],
    result_records: list[dict],
    price_changes: list[PriceChange],
) -> list[ChangelogEntry]:
    published_at = _published_at(comparison_records)
    if published_at is None:
        return []
    entries = [
        ChangelogEntry(
            change.changed_at,
            "price",
            f"{change.model} on {change.provider} ({change.identifier})",
            f"{change.label} {change.old_text} → {change.new_text}",
        )
        for change in price_changes
        if change.changed_at > published_at
    ]
    entries += _verdict_entries(comparison_records, published_at)
    entries += _result_entries(result_records, published_at)
    entries.sort(key=lambda entry: entry.changed_at, reverse=True)
    return entries


def comparison_changelog(*, comparison: Comparison) -> list[ChangelogEntry]:
    """
    Return what changed on a curated comparison since it was first
    published, newest first: prices on its models' routes, the editors'
    verdict override and benchmark results. Empty while it was never
    published. One query (``pair_history()``, which a page calls to read
    its price changes at the same time).
    """
    return pair_history(
        model_ids=[comparison.model_a_id, comparison.model_b_id],
        comparison_id=comparison.pk,
    ).changelog


def comparison_list_with_review_state(
    queryset: QuerySet[Comparison] | None = None,
) -> QuerySet[Comparison]:
    """
    Return comparisons with ``pair_changed_at`` (when either model's data
    last changed) and ``override_outdated`` (an override written before
    that; an override of unknown date counts as outdated).
    """
    if queryset is None:
        queryset = Comparison.objects.all()
    return queryset.annotate(
        pair_changed_at=Greatest(
            model_data_changed_at("model_a_id"), model_data_changed_at("model_b_id")
        ),
    ).annotate(
        override_outdated=Case(
            When(verdict_override="", then=Value(False)),
            When(verdict_override_updated__isnull=True, then=Value(True)),
            When(verdict_override_updated__lt=F("pair_changed_at"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
