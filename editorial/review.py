"""
The review queue: which records need an editor's eyes, and why.

A record (model, route, benchmark result or curated comparison) needs review
when it was never reviewed, when its last review is older than
``REVIEW_STALE_AFTER_DAYS``, or when its data changed after the review. A
model's data is its own row plus its routes, results and capabilities; a
comparison's is its own row plus both models' data, so a price edit on a
route puts the route's model and every comparison using that model back in
the queue. A comparison whose verdict override was written before the
pair's data last changed is flagged as well, and so is any record with a
change waiting for a Publisher (an Editor's edit, a figure that failed a
check, an import disagreeing with a locked field); those come first.

Changes are read from the django-simple-history tables, with correlated
subqueries, so the whole queue takes one query per kind of record (and one
for the changes waiting for a Publisher). History records of editorial acts (marking
reviewed, publishing) are not changes.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DateTimeField,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from catalog.checks import PRICE_FIELDS
from catalog.models import BenchmarkResult, LanguageModel, PublicationStatus, Route
from catalog.selectors import NEVER, latest_change, model_data_changed_at
from catalog.services import REVIEW_CHANGE_REASON
from changes.models import PendingChange
from changes.services import described
from comparisons.models import Comparison
from comparisons.selectors import comparison_list_with_review_state

KIND_LABELS = {
    "model": "Model",
    "comparison": "Comparison",
    "route": "Route",
    "result": "Benchmark result",
}
ADMIN_CHANGE_URLS = {
    "model": "admin:catalog_languagemodel_change",
    "comparison": "admin:comparisons_comparison_change",
    "route": "admin:catalog_route_change",
    "result": "admin:catalog_benchmarkresult_change",
}


def _latest_review(model) -> Subquery:
    """Return when the outer row was last marked reviewed, or NULL."""
    rows = (
        model.history.model.objects.filter(
            id=OuterRef("pk"), history_change_reason=REVIEW_CHANGE_REASON
        )
        .order_by()
        .values("id")
        .annotate(latest=Max("history_date"))
        .values("latest")
    )
    return Subquery(rows, output_field=DateTimeField())


def _review_date_recorded(model) -> Subquery:
    """Return when the outer row's history first held its current review date."""
    rows = (
        model.history.model.objects.filter(
            id=OuterRef("pk"), last_reviewed=OuterRef("last_reviewed")
        )
        .order_by()
        .values("id")
        .annotate(earliest=Min("history_date"))
        .values("earliest")
    )
    return Subquery(rows, output_field=DateTimeField())


def _review_annotations(model) -> dict:
    return {
        "reviewed_at": _latest_review(model),
        "review_recorded_at": _review_date_recorded(model),
    }


@dataclass(frozen=True)
class ReviewRow:
    """One record in the review queue, with the reasons it is there."""

    kind: str  # "model", "comparison", "route" or "result"
    pk: int
    label: str
    status: str  # "draft" or "published"; "" for routes and results
    last_reviewed: dt.date | None
    last_reviewed_by: str
    age_days: int | None  # days since the last review; None if never reviewed
    is_stale: bool
    changed_at: dt.datetime | None  # the latest change after the review
    override_outdated: bool = False
    # Each change to this record waiting for a Publisher, in words.
    pending: tuple[str, ...] = ()
    # How visible the record is, for the ranking (see ``rank_key``): whether
    # it (or its model) is published, on how many curated comparisons its
    # model is, and how many routes its model has.
    published: bool = False
    curated: int = 0
    routes: int = 0
    model_pk: int | None = None  # the model of a route or result
    # A price waiting for a Publisher, or a route changed since its review.
    price_change: bool = False
    # A model's routes and results that need review, rolled up under it.
    routes_due: int = 0
    results_due: int = 0
    children_pending: bool = False  # a change to one of them waits

    @property
    def rollup(self) -> str:
        """Return "3 routes, 2 results need review", or ""."""
        parts = [
            f"{count} {noun}{'' if count == 1 else 's'}"
            for count, noun in (
                (self.routes_due, "route"),
                (self.results_due, "result"),
            )
            if count
        ]
        if not parts:
            return ""
        verb = "needs" if self.routes_due + self.results_due == 1 else "need"
        return f"{', '.join(parts)} {verb} review"

    @property
    def routine(self) -> bool:
        """
        Whether an Editor may mark it reviewed: a route or result only due
        by age (a re-verified, unchanged price), nothing changed or waiting.
        """
        return (
            self.kind in ("route", "result")
            and not self.pending
            and self.changed_at is None
            and not self.override_outdated
        )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def admin_url(self) -> str:
        return reverse(ADMIN_CHANGE_URLS[self.kind], args=[self.pk])

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.age_days is None:
            reasons.append("Never reviewed")
        elif self.is_stale:
            reasons.append(f"Last reviewed {self.age_days} days ago")
        if self.changed_at is not None:
            reasons.append(
                f"Changed since review, on {timezone.localdate(self.changed_at):%Y-%m-%d}"
            )
        if self.override_outdated:
            reasons.append("Verdict override older than the pair's data")
        if self.children_pending:
            reasons.append("A change to its routes or results waits for a Publisher")
        return [f"Waiting for a Publisher: {text}" for text in self.pending] + reasons


def _or_none(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None or moment <= NEVER else moment


def _review_moment(
    last_reviewed: dt.date | None,
    reviewed_at: dt.datetime | None,
    recorded_at: dt.datetime | None,
) -> dt.datetime | None:
    """
    Return when the record was last reviewed: its last "Mark reviewed".

    A review date typed or loaded without one has no time of day, so it
    covers that whole day, and everything up to when the date was recorded
    (a loaded file reviewed the data it came with).
    """
    if last_reviewed is None:
        return None
    if reviewed_at is not None and timezone.localdate(reviewed_at) >= last_reviewed:
        return reviewed_at
    end_of_day = dt.datetime.combine(
        last_reviewed + dt.timedelta(days=1),
        dt.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    return max(end_of_day, recorded_at or end_of_day)


def _row(
    kind,
    values,
    *,
    label,
    today,
    stale_after_days,
    changed,
    status="",
    weight=(False, 0, 0),
):
    last_reviewed = values["last_reviewed"]
    age_days = None if last_reviewed is None else (today - last_reviewed).days
    moment = _review_moment(
        last_reviewed, values["reviewed_at"], values["review_recorded_at"]
    )
    changed = _or_none(changed)
    return ReviewRow(
        kind=kind,
        pk=values["pk"],
        label=label,
        status=status,
        last_reviewed=last_reviewed,
        last_reviewed_by=values["reviewer"] or "",
        age_days=age_days,
        is_stale=age_days is None or age_days > stale_after_days,
        changed_at=changed if moment and changed and changed > moment else None,
        override_outdated=values.get("override_outdated", False),
        published=weight[0],
        curated=weight[1],
        routes=weight[2],
        model_pk=values.get("model_id"),
    )


def _needs_review(row: ReviewRow) -> bool:
    return (
        row.is_stale
        or row.changed_at is not None
        or row.override_outdated
        or bool(row.pending)
        or bool(row.routes_due or row.results_due)
    )


def _roll_up(rows: list[ReviewRow]) -> list[ReviewRow]:
    """Return ``rows`` with each model counting its routes and results due."""
    due: dict[tuple[int, str], int] = Counter()
    pending, priced = set(), set()
    for row in rows:
        if row.kind in ("route", "result") and _needs_review(row):
            due[row.model_pk, row.kind] += 1
            if row.pending:
                pending.add(row.model_pk)
            if row.price_change:
                priced.add(row.model_pk)
    return [
        replace(
            row,
            routes_due=due[row.pk, "route"],
            results_due=due[row.pk, "result"],
            children_pending=row.pk in pending,
            price_change=row.price_change or row.pk in priced,
        )
        if row.kind == "model"
        else row
        for row in rows
    ]


# The content types of the records the queue lists, by review-queue kind.
PENDING_KINDS = {
    ("catalog", "languagemodel"): "model",
    ("catalog", "route"): "route",
    ("catalog", "benchmarkresult"): "result",
    ("comparisons", "comparison"): "comparison",
}


def _pending_changes() -> tuple[dict[tuple[str, int], tuple[str, ...]], set]:
    """
    Return the changes waiting for a Publisher by (kind, pk), in words, and
    the (kind, pk) of those with a price among them.
    """
    found: dict[tuple[str, int], list[str]] = {}
    prices = set()
    changes = PendingChange.objects.pending().filter(object_id__isnull=False)
    for change in changes.select_related("content_type"):
        content_type = change.content_type
        kind = PENDING_KINDS.get((content_type.app_label, content_type.model))
        if kind is not None:
            fields = "; ".join(
                f"{label} {old} → {new}" for label, old, new in described(change)
            )
            found.setdefault((kind, change.object_id), []).append(
                f"{change.get_kind_display()}: {fields}"
            )
            if set(change.changes) & set(PRICE_FIELDS):
                prices.add((kind, change.object_id))
    return {key: tuple(texts) for key, texts in found.items()}, prices


def _count(model, field):
    """Return a subquery counting the ``model`` rows whose ``field`` is the outer row."""
    counts = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def review_queue_list(*, today: dt.date, stale_after_days: int) -> list[ReviewRow]:
    """
    Return every model, route, benchmark result and curated comparison that
    needs review, ranked by ``rank_key``, then the longest unreviewed first
    (never reviewed before all).

    Five queries, whatever the size of the catalog: one per kind of record
    and one for the changes waiting for a Publisher (listed first).
    """
    reviewer = f"last_reviewed_by__{get_user_model().USERNAME_FIELD}"
    common = {"reviewer": F(reviewer)}
    rows = []

    models = LanguageModel.objects.annotate(
        changed=model_data_changed_at(),
        route_count=_count(Route, "model"),
        curated_count=_count(Comparison, "model_a") + _count(Comparison, "model_b"),
        **_review_annotations(LanguageModel),
    ).values(
        "pk",
        "name",
        "status",
        "last_reviewed",
        "changed",
        "reviewed_at",
        "review_recorded_at",
        "route_count",
        "curated_count",
    )
    weights = {}
    for values in models.annotate(**common):
        weights[values["pk"]] = weight = (
            values["status"] == PublicationStatus.PUBLISHED,
            values["curated_count"],
            values["route_count"],
        )
        rows.append(
            _row(
                "model",
                values,
                label=values["name"],
                status=values["status"],
                today=today,
                stale_after_days=stale_after_days,
                changed=values["changed"],
                weight=weight,
            )
        )

    comparisons = (
        comparison_list_with_review_state()
        .annotate(
            own_changed=latest_change(Comparison),
            **_review_annotations(Comparison),
        )
        .values(
            "pk",
            "model_a__name",
            "model_b__name",
            "status",
            "last_reviewed",
            "own_changed",
            "pair_changed_at",
            "override_outdated",
            "reviewed_at",
            "review_recorded_at",
        )
    )
    for values in comparisons.annotate(**common):
        rows.append(
            _row(
                "comparison",
                values,
                label=f"{values['model_a__name']} vs {values['model_b__name']}",
                status=values["status"],
                today=today,
                stale_after_days=stale_after_days,
                changed=max(values["own_changed"], values["pair_changed_at"]),
                # A curated comparison is a page of its own.
                weight=(values["status"] == PublicationStatus.PUBLISHED, 1, 0),
            )
        )

    routes = Route.objects.annotate(
        changed=latest_change(Route), **_review_annotations(Route)
    ).values(
        "pk",
        "model_id",
        "model__name",
        "provider__name",
        "identifier",
        "last_reviewed",
        "changed",
        "reviewed_at",
        "review_recorded_at",
    )
    for values in routes.annotate(**common):
        rows.append(
            _row(
                "route",
                values,
                label=f"{values['model__name']} on {values['provider__name']} ({values['identifier']})",
                today=today,
                stale_after_days=stale_after_days,
                changed=values["changed"],
                weight=weights.get(values["model_id"], (False, 0, 0)),
            )
        )

    results = BenchmarkResult.objects.annotate(
        changed=latest_change(BenchmarkResult),
        **_review_annotations(BenchmarkResult),
    ).values(
        "pk",
        "model_id",
        "model__name",
        "benchmark__name",
        "score",
        "last_reviewed",
        "changed",
        "reviewed_at",
        "review_recorded_at",
    )
    for values in results.annotate(**common):
        rows.append(
            _row(
                "result",
                values,
                label=f"{values['model__name']} on {values['benchmark__name']}: {values['score']}",
                today=today,
                stale_after_days=stale_after_days,
                changed=values["changed"],
                weight=weights.get(values["model_id"], (False, 0, 0)),
            )
        )

    pending, prices = _pending_changes()
    rows = [
        replace(
            row,
            pending=pending.get((row.kind, row.pk), ()),
            price_change=(row.kind, row.pk) in prices
            or (row.kind == "route" and row.changed_at is not None),
        )
        for row in rows
    ]
    # A model whose route's price changed has a price change too.
    queue = [row for row in _roll_up(rows) if _needs_review(row)]
    # Sorts are stable: equal ages stay in kind, then label, order.
    queue.sort(key=lambda row: (list(KIND_LABELS).index(row.kind), row.label))
    queue.sort(key=review_age_key, reverse=True)
    queue.sort(key=rank_key)
    return queue


def rank_key(row: ReviewRow) -> tuple:
    """
    Return a sort key by importance, most important first: a change waiting
    for a Publisher, then a price change, then published before draft, then
    models on more curated comparisons, then models with more routes (a
    route or result ranks as its model).
    """
    return (
        not (row.pending or row.children_pending),
        not row.price_change,
        not row.published,
        -row.curated,
        -row.routes,
    )


def review_age_key(row: ReviewRow) -> tuple[bool, int]:
    """Return a sort key by age since review: never reviewed is the oldest."""
    return (row.age_days is None, row.age_days or 0)


def pending_first(rows: list[ReviewRow]) -> list[ReviewRow]:
    """Return the rows with a change waiting for a Publisher first, in order else."""
    return sorted(rows, key=lambda row: not (row.pending or row.children_pending))


def review_queue_counts(rows: list[ReviewRow]) -> dict[str, int]:
    """Return how many rows of each kind the queue holds, every kind listed."""
    counts = Counter(row.kind for row in rows)
    return {kind: counts.get(kind, 0) for kind in KIND_LABELS}
