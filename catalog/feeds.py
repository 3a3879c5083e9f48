"""
What changed in the catalog, as Atom feed entries, read from the
django-simple-history tables: a route's prices or lifecycle changing, a
model published, a model's lifecycle changing. Only published models'
changes are entries, so a draft never appears; ``ModelFeed`` is one model's
(``/models/<slug>/feed.atom``), and ``comparisons.feeds`` adds curated
verdicts and the site-wide and per-pair feeds.

Each entry names the old and the new value and where the new one came
from (the import or the editor's save that recorded it), and its id is
made from the history record's, so it never changes.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .models import LanguageModel, Lifecycle, PublicationStatus, Route
from .selectors import PRICE_LABELS, price_text
from .services import EDITORIAL_CHANGE_REASONS

# Entries a feed shows, newest first.
FEED_LENGTH = 50
# Route history records read to find them: recent changes that are not
# price or lifecycle changes (a context window) are skipped, so read more.
ROUTE_RECORDS_READ = 500
SITE_NAME = "LLM Compare"


@dataclass(frozen=True)
class FeedEntry:
    """One change, as a feed shows it."""

    key: str  # unique and stable: "route/<history id>"
    updated: dt.datetime
    title: str
    summary: str  # old → new, and the source
    link: str  # the path of the page that shows it


def source_text(reason: str | None, source_title: str | None = None) -> str:
    """
    Return where a change came from, as its history recorded it, and the
    source the row cites: "import: models.dev api.json, citing models.dev".
    """
    reason = reason or "an editor's edit"
    return f"{reason}, citing {source_title}" if source_title else reason


def newest(entries: Iterable[FeedEntry], limit: int = FEED_LENGTH) -> list[FeedEntry]:
    """Return ``entries`` newest first (ties by key), the first ``limit``."""
    return sorted(entries, key=lambda e: (e.updated, e.key), reverse=True)[:limit]


def route_change_entries(
    *, model_ids: Iterable[int] | None = None, link: str | None = None
) -> list[FeedEntry]:
    """
    Return the recent price and lifecycle changes of the routes of published
    models (of ``model_ids``, if given), each linking to its model's page or
    to ``link``; two queries.
    """
    # A record a Publisher marked as a typo is left out: its fix is no news.
    history = Route.history.filter(
        model__status=PublicationStatus.PUBLISHED, correction__isnull=True
    )
    if model_ids is not None:
        history = history.filter(model_id__in=list(model_ids))
    recent = (
        history.filter(history_type="~")
        .order_by("-history_date", "-history_id")
        .values_list("id", flat=True)[:ROUTE_RECORDS_READ]
    )
    fields = ["lifecycle_status", *PRICE_LABELS]
    records = (
        history.filter(id__in=list(set(recent)))
        .order_by("id", "history_date", "history_id")
        .values(
            "id",
            "history_id",
            "history_date",
            "history_type",
            "history_change_reason",
            "identifier",
            "region",
            "model__name",
            "model__slug",
            "provider__name",
            "source__title",
            *fields,
        )
    )
    entries = []
    previous = None
    for record in records:
        if previous is not None and previous["id"] == record["id"]:
            changes = [
                _route_change(field, previous[field], record[field])
                for field in fields
                if previous[field] != record[field]
            ]
            if changes:
                entries.append(_route_entry(record, changes, link))
        previous = record
    return newest(entries)


def _route_change(field: str, old, new) -> str:
    if field == "lifecycle_status":
        return (
            f"lifecycle {Lifecycle(old).label.lower()} → {Lifecycle(new).label.lower()}"
        )
    return f"{PRICE_LABELS[field]} {price_text(old)} → {price_text(new)}"


def _route_entry(record: dict, changes: list[str], link: str | None) -> FeedEntry:
    route = f"{record['model__name']} on {record['provider__name']}"
    identifier = record["identifier"] + (
        f", {record['region']}" if record["region"] else ""
    )
    source = source_text(record["history_change_reason"], record["source__title"])
    return FeedEntry(
        key=f"route/{record['history_id']}",
        updated=record["history_date"],
        title=f"{route}: {', '.join(changes)}",
        summary=(
            f"{route} ({identifier}): {'; '.join(changes)} (per 1M tokens). "
            f"Source: {source}."
        ),
        link=link or reverse("catalog:model-detail", args=[record["model__slug"]]),
    )


def model_change_entries(
    *, model_ids: Iterable[int] | None = None, link: str | None = None
) -> list[FeedEntry]:
    """
    Return published models' first publication ("new model") and lifecycle
    changes (of ``model_ids``, if given), each linking to the model's page
    or to ``link``; two queries.
    """
    published = LanguageModel.objects.published()
    if model_ids is not None:
        published = published.filter(pk__in=list(model_ids))
    first_published = LanguageModel.history.filter(
        id=OuterRef("pk"), status=PublicationStatus.PUBLISHED
    ).order_by("history_date", "history_id")
    new_models = (
        published.annotate(
            published_at=Subquery(first_published.values("history_date")[:1]),
            published_by=Subquery(first_published.values("history_change_reason")[:1]),
        )
        .filter(published_at__isnull=False)
        .select_related("organization")
        .order_by("-published_at", "pk")[:FEED_LENGTH]
    )
    entries = [
        FeedEntry(
            key=f"model/{model.pk}/published",
            updated=model.published_at,
            title=f"New model: {model.name} ({model.organization.name})",
            summary=(
                f"{model.name} by {model.organization.name}: status draft → "
                f"published on {SITE_NAME}. Source: {source_text(model.published_by)}."
            ),
            link=link or model.get_absolute_url(),
        )
        for model in new_models
    ]
    records = (
        LanguageModel.history.filter(id__in=published.values("pk"))
        .filter(~Q(history_change_reason__in=EDITORIAL_CHANGE_REASONS))
        .order_by("id", "history_date", "history_id")
        .values(
            "id",
            "history_id",
            "history_date",
            "history_change_reason",
            "name",
            "slug",
            "lifecycle_status",
            "lifecycle_date",
            "lifecycle_source__title",
        )
    )
    previous = None
    for record in records:
        if (
            previous is not None
            and previous["id"] == record["id"]
            and previous["lifecycle_status"] != record["lifecycle_status"]
        ):
            entries.append(_lifecycle_entry(previous, record, link))
        previous = record
    return newest(entries)


def _lifecycle_entry(previous: dict, record: dict, link: str | None) -> FeedEntry:
    old = Lifecycle(previous["lifecycle_status"]).label.lower()
    new = Lifecycle(record["lifecycle_status"]).label.lower()
    when = (
        f" from {record['lifecycle_date']:%Y-%m-%d}" if record["lifecycle_date"] else ""
    )
    source = source_text(
        record["history_change_reason"], record["lifecycle_source__title"]
    )
    return FeedEntry(
        key=f"model-lifecycle/{record['history_id']}",
        updated=record["history_date"],
        title=f"{record['name']}: lifecycle {old} → {new}",
        summary=f"{record['name']}: lifecycle {old} → {new}{when}. Source: {source}.",
        link=link or reverse("catalog:model-detail", args=[record["slug"]]),
    )


class ChangesFeed(Feed):
    """
    An Atom feed of ``FeedEntry`` items: subclasses give ``get_object`` (if
    any) and ``entries(obj)``, ``title``, ``link`` and ``subtitle``.
    """

    feed_type = Atom1Feed
    author_name = SITE_NAME

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The newest entry's date: the page cache's own (sitecache.pages,
        # from the content's generation) is the one conditional GETs check.
        del response["Last-Modified"]
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["id"] = request.build_absolute_uri(self.feed_url(obj))
        # Tag URIs (RFC 4151): an entry's page is the link of many entries.
        host = request.get_host().rsplit(":", 1)[0]
        for item in feed.items:
            item["unique_id"] = f"tag:{host},{item['unique_id']}"
        return feed

    def items(self, obj):
        return self.entries(obj)

    def item_title(self, entry: FeedEntry):
        return entry.title

    def item_description(self, entry: FeedEntry):
        return entry.summary

    def item_link(self, entry: FeedEntry):
        return entry.link

    def item_guid(self, entry: FeedEntry):
        # get_feed() puts "tag:<host>," in front.
        return f"{timezone.localdate(entry.updated):%Y-%m-%d}:{entry.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry: FeedEntry):
        return entry.updated

    def item_updateddate(self, entry: FeedEntry):
        return entry.updated


class ModelFeed(ChangesFeed):
    """``/models/<slug>/feed.atom``: one published model's changes."""

    def get_object(self, request, slug):
        model = (
            LanguageModel.objects.published()
            .select_related("organization")
            .filter(slug=slug)
            .first()
        )
        if model is None:
            raise Http404("No such model.")
        return model

    def title(self, model):
        return f"{model.name}: changes on {SITE_NAME}"

    def subtitle(self, model):
        return (
            f"Price and lifecycle changes of {model.name} and its routes, "
            "each with its old and new value and its source."
        )

    def link(self, model):
        return model.get_absolute_url()

    def feed_url(self, model):
        return reverse("catalog:model-feed", args=[model.slug])

    def entries(self, model):
        return newest(
            [
                *route_change_entries(model_ids=[model.pk]),
                *model_change_entries(model_ids=[model.pk]),
            ]
        )
