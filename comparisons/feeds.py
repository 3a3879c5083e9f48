"""
The site-wide feed of changes (``/feeds/changes.atom``) and each pair's
(``/compare/<a>-vs-<b>/feed.atom``): the catalog's entries
(``catalog.feeds``) and curated comparisons' verdict changes, published
records only. Both are public pages (``sitecache.pages.public_page``):
cached under the content's generation, with its ETag and Last-Modified.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import F
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from catalog.feeds import (
    SITE_NAME,
    ChangesFeed,
    FeedEntry,
    model_change_entries,
    newest,
    route_change_entries,
    source_text,
)
from catalog.models import LanguageModel, PublicationStatus
from sitecache.pages import public_page

from . import engine
from .models import Comparison, pair_url
from .selectors import comparison_changelog
from .views import split_pair

# How much of an editors' verdict an entry quotes.
VERDICT_QUOTE_LENGTH = 300


def _quote(text: str) -> str:
    if not text:
        return "none (the computed verdict is shown)"
    text = " ".join(text.split())
    if len(text) > VERDICT_QUOTE_LENGTH:
        text = f"{text[: VERDICT_QUOTE_LENGTH - 1]}…"
    return f"“{text}”"


def verdict_change_entries(*, comparison_id: int | None = None) -> list[FeedEntry]:
    """
    Return the changes to the editors' verdict of published curated
    comparisons (or of ``comparison_id``) since each was first published,
    quoting the old and the new verdict; one query.
    """
    published = Comparison.objects.published()
    if comparison_id is not None:
        published = published.filter(pk=comparison_id)
    records = (
        Comparison.history.filter(id__in=published.values("pk"))
        .order_by("id", "history_date", "history_id")
        .values(
            "id",
            "history_id",
            "history_date",
            "history_change_reason",
            "status",
            "verdict_override",
            slug_a=F("model_a__slug"),
            slug_b=F("model_b__slug"),
            name_a=F("model_a__name"),
            name_b=F("model_b__name"),
        )
    )
    entries = []
    previous = None
    published_ids = set()
    for record in records:
        same = previous is not None and previous["id"] == record["id"]
        if (
            same
            and record["id"] in published_ids
            and previous["verdict_override"] != record["verdict_override"]
        ):
            pair = f"{record['name_a']} vs {record['name_b']}"
            old, new = previous["verdict_override"], record["verdict_override"]
            entries.append(
                FeedEntry(
                    key=f"comparison-verdict/{record['history_id']}",
                    updated=record["history_date"],
                    title=f"{pair}: the editors' verdict changed",
                    summary=(
                        f"{pair}, editors' verdict: {_quote(old)} → {_quote(new)}. "
                        f"Source: {source_text(record['history_change_reason'])}."
                    ),
                    link=pair_url(record["slug_a"], record["slug_b"]),
                )
            )
        if record["status"] == PublicationStatus.PUBLISHED:
            published_ids.add(record["id"])
        previous = record
    return newest(entries)


class SiteChangesFeed(ChangesFeed):
    """``/feeds/changes.atom``: every published change on the site."""

    title = f"{SITE_NAME}: what changed"
    subtitle = (
        "Price changes, new models, lifecycle changes and the editors' "
        "verdicts, each with its old and new value and its source."
    )

    def link(self):
        return reverse("comparisons:home")

    def feed_url(self, obj):
        return reverse("comparisons:changes-feed")

    def entries(self, obj):
        return newest(
            [
                *route_change_entries(),
                *model_change_entries(),
                *verdict_change_entries(),
            ]
        )


@dataclass(frozen=True)
class Pair:
    a: LanguageModel
    b: LanguageModel
    comparison: Comparison | None  # curated and published

    @property
    def path(self) -> str:
        return pair_url(self.a.slug, self.b.slug)


class ComparisonFeed(ChangesFeed):
    """
    ``/compare/<a>-vs-<b>/feed.atom``: the changes to either model and its
    routes, and the curated comparison's changelog.
    """

    def get_object(self, request, slugs):
        models = {
            model.slug: model
            for model in LanguageModel.objects.published().filter(slug__in=slugs)
        }
        if len(models) != 2:
            raise Http404("No such comparison.")
        a, b = (models[slug] for slug in slugs)
        if a.kind != b.kind:
            raise Http404("The site does not compare models of two kinds.")
        curated = Comparison.objects.published().filter(model_a=a, model_b=b).first()
        return Pair(a, b, curated)

    def title(self, pair):
        return f"{pair.a.name} vs {pair.b.name}: changes on {SITE_NAME}"

    def subtitle(self, pair):
        return (
            f"Price and lifecycle changes of {pair.a.name} and {pair.b.name} "
            "and their routes, and the comparison's changelog."
        )

    def link(self, pair):
        return pair.path

    def feed_url(self, pair):
        return reverse(
            "comparisons:feed",
            kwargs={"pair": engine.pair_slug(pair.a.slug, pair.b.slug)},
        )

    def entries(self, pair):
        model_ids = [pair.a.pk, pair.b.pk]
        entries = [
            *route_change_entries(model_ids=model_ids, link=pair.path),
            *model_change_entries(model_ids=model_ids, link=pair.path),
        ]
        if pair.comparison is not None:
            entries += verdict_change_entries(comparison_id=pair.comparison.pk)
            entries += [
                _changelog_entry(pair, entry)
                for entry in comparison_changelog(comparison=pair.comparison)
                if entry.kind == "benchmark"  # prices and verdicts are above
            ]
        return newest(entries)


def _changelog_entry(pair: Pair, entry) -> FeedEntry:
    digest = hashlib.sha256(
        f"{entry.changed_at.isoformat()}|{entry.subject}|{entry.description}".encode()
    ).hexdigest()[:16]
    return FeedEntry(
        key=f"comparison/{pair.comparison.pk}/{entry.kind}/{digest}",
        updated=entry.changed_at,
        title=f"{entry.subject}: {entry.description}",
        summary=f"{pair.a.name} vs {pair.b.name}: {entry.subject}, {entry.description}.",
        link=pair.path,
    )


site_changes_feed = public_page(SiteChangesFeed())
_comparison_feed = ComparisonFeed()


@public_page
def comparison_feed(request, pair):
    """Answer a pair's feed; the pair in reverse order is a 301 to it."""
    slugs = split_pair(pair)
    if slugs is None or slugs[0] == slugs[1]:
        raise Http404("No such comparison.")
    canonical = engine.canonical_pair(*slugs)
    if canonical != slugs:
        return HttpResponsePermanentRedirect(
            reverse("comparisons:feed", kwargs={"pair": engine.pair_slug(*canonical)})
        )
    return _comparison_feed(request, slugs=canonical)
