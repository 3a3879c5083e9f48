"""
The Atom feeds: site-wide, per model and per pair, read as XML; a price
change an import makes appears in all three with its old and new value,
and a draft in none.
"""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from catalog.models import LanguageModel, PublicationStatus
from comparisons.models import Comparison
from tests.factories import make_comparison
from tests.imports.conftest import FIXTURES, import_catalog

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_FEED = "/feeds/changes.atom"
MODEL_FEED = "/models/gpt-4o/feed.atom"
PAIR_FEED = "/compare/claude-sonnet-4-5-vs-gpt-4o/feed.atom"


def publish(slug):
    model = LanguageModel.objects.get(slug=slug)
    model.status = PublicationStatus.PUBLISHED
    model.save()
    return model


@pytest.fixture
def repriced(tmp_path):
    """
    Import models.dev's api.json, publish GPT-4o and Claude Sonnet 4.5 (GPT-4o
    mini stays a draft), then import it again with GPT-4o's and GPT-4o
    mini's input prices changed.
    """
    import_catalog("models.dev", FIXTURES / "models_dev_api.json")
    publish("gpt-4o")
    publish("claude-sonnet-4-5")
    data = json.loads((FIXTURES / "models_dev_api.json").read_text())
    data["openai"]["models"]["gpt-4o"]["cost"]["input"] = 3
    mini = data["openai"]["models"]["gpt-4o-mini"]["cost"]
    mini["input"] = mini["input"] * 2
    changed = tmp_path / "api.json"
    changed.write_text(json.dumps(data))
    import_catalog("models.dev", changed)


def read_feed(client, path):
    """Return a feed's XML root, checking what every Atom feed must have."""
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id").startswith("http://testserver/")
    assert root.findtext(f"{ATOM}title")
    dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in root.iter(f"{ATOM}link")}
    assert links["self"] == f"http://testserver{path}"
    ids = [entry.findtext(f"{ATOM}id") for entry in root.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    for entry in root.iter(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id").startswith("tag:testserver,20")
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    return root


def entries(root):
    """Return each entry's title, summary and link."""
    return [
        (
            entry.findtext(f"{ATOM}title"),
            entry.findtext(f"{ATOM}summary"),
            entry.find(f"{ATOM}link").get("href"),
        )
        for entry in root.iter(f"{ATOM}entry")
    ]


def price_entry(root):
    """Return the entry of GPT-4o's input price change on OpenAI."""
    (found,) = [
        entry
        for entry in entries(root)
        if "input price $2.50 → $3" in entry[0] and "on OpenAI" in entry[0]
    ]
    return found


def test_site_feed_shows_an_imported_price_change_with_old_new_and_source(
    client, repriced
):
    root = read_feed(client, SITE_FEED)

    title, summary, link = price_entry(root)
    assert title == "GPT-4o on OpenAI: input price $2.50 → $3"
    assert "input price $2.50 → $3 (per 1M tokens)" in summary
    assert "Source: import: models.dev api.json, citing models.dev (import)." in summary
    assert link == "http://testserver/models/gpt-4o/"
    assert root.findtext(f"{ATOM}updated") == root.find(f"{ATOM}entry").findtext(
        f"{ATOM}updated"
    )


def test_site_feed_lists_new_models_but_never_a_draft(client, repriced):
    found = entries(read_feed(client, SITE_FEED))

    titles = [title for title, _, _ in found]
    assert "New model: GPT-4o (OpenAI)" in titles
    (summary,) = [s for t, s, _ in found if t == "New model: GPT-4o (OpenAI)"]
    assert summary == (
        "GPT-4o by OpenAI: status draft → published on LLM Compare. "
        "Source: an editor's edit."
    )
    assert not [entry for entry in found if "mini" in str(entry).lower()]


def test_model_feed_shows_its_price_change(client, repriced):
    root = read_feed(client, MODEL_FEED)

    _, summary, link = price_entry(root)
    assert "Source: import: models.dev api.json" in summary
    assert link == "http://testserver/models/gpt-4o/"
    assert "GPT-4o" in root.findtext(f"{ATOM}title")


def test_comparison_feed_shows_either_models_price_change_linking_the_pair(
    client, repriced
):
    root = read_feed(client, PAIR_FEED)

    _, _, link = price_entry(root)
    assert link == "http://testserver/compare/claude-sonnet-4-5-vs-gpt-4o/"


def test_comparison_feed_in_reverse_order_redirects(client, repriced):
    response = client.get("/compare/gpt-4o-vs-claude-sonnet-4-5/feed.atom")

    assert response.status_code == 301
    assert response["Location"] == PAIR_FEED


@pytest.mark.parametrize(
    "path",
    [
        "/models/gpt-4o-mini/feed.atom",
        "/compare/gpt-4o-vs-gpt-4o-mini/feed.atom",
        "/models/no-such-model/feed.atom",
    ],
)
def test_a_drafts_feed_is_a_404_even_for_staff(admin_client, repriced, path):
    assert admin_client.get(path).status_code == 404


def test_curated_verdict_change_appears_with_old_and_new_text(client, repriced):
    comparison = make_comparison(
        model_a=LanguageModel.objects.get(slug="claude-sonnet-4-5"),
        model_b=LanguageModel.objects.get(slug="gpt-4o"),
        verdict_override="Claude for long documents.",
    )
    comparison.verdict_override = "GPT-4o for most teams."
    comparison.save()

    for path in (SITE_FEED, PAIR_FEED):
        (entry,) = [e for e in entries(read_feed(client, path)) if "verdict" in e[0]]
        title, summary, link = entry
        assert title == "Claude Sonnet 4.5 vs GPT-4o: the editors' verdict changed"
        assert "“Claude for long documents.” → “GPT-4o for most teams.”" in summary
        assert link == "http://testserver/compare/claude-sonnet-4-5-vs-gpt-4o/"


def test_a_draft_comparisons_verdict_never_appears(client, repriced):
    comparison = make_comparison(
        model_a=LanguageModel.objects.get(slug="claude-sonnet-4-5"),
        model_b=LanguageModel.objects.get(slug="gpt-4o"),
        status=PublicationStatus.DRAFT,
        verdict_override="First draft.",
    )
    comparison.verdict_override = "Second draft."
    comparison.save()

    for path in (SITE_FEED, PAIR_FEED):
        assert "draft." not in str(entries(read_feed(client, path)))
    assert Comparison.history.count() == 2


def test_feeds_answer_conditional_gets_and_change_with_the_catalog(
    client, repriced, site_clock
):
    site_clock.advance()
    first = client.get(SITE_FEED)
    etag = first["ETag"]

    again = client.get(SITE_FEED, headers={"if-none-match": etag})
    since = client.get(SITE_FEED, headers={"if-modified-since": first["Last-Modified"]})
    publish("gpt-4o-mini")
    after = client.get(SITE_FEED, headers={"if-none-match": etag})

    assert again.status_code == 304
    assert since.status_code == 304
    assert "public" in first["Cache-Control"]
    assert after.status_code == 200
    assert after["ETag"] != etag
    assert b"New model: GPT-4o mini" in after.content


def test_a_cached_feed_runs_no_query(client, repriced, django_assert_num_queries):
    client.get(SITE_FEED)

    with django_assert_num_queries(0):
        assert client.get(SITE_FEED).status_code == 200


@pytest.mark.parametrize("path", [SITE_FEED, MODEL_FEED, PAIR_FEED])
def test_feed_queries_are_bounded(
    client, repriced, path, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(path)


def test_pages_link_their_feeds(client, repriced):
    model_page = client.get("/models/gpt-4o/").content.decode()
    pair_page = client.get("/compare/claude-sonnet-4-5-vs-gpt-4o/").content.decode()
    home = client.get(reverse("comparisons:home")).content.decode()

    alternate = '<link rel="alternate" type="application/atom+xml"'
    assert f'{alternate} title="GPT-4o: changes" href="{MODEL_FEED}">' in model_page
    assert f'href="{PAIR_FEED}"' in pair_page
    for page in (model_page, pair_page, home):
        assert (
            f'{alternate} title="LLM Compare: what changed" href="{SITE_FEED}">' in page
        )


def test_model_feed_shows_lifecycle_changes_of_the_model_and_its_routes(
    client, repriced
):
    model = LanguageModel.objects.get(slug="gpt-4o")
    model.lifecycle_status = "deprecated"
    model.lifecycle_date = dt.date(2026, 12, 1)
    model.save()
    route = model.routes.get(identifier="openai/gpt-4o")
    route.lifecycle_status = "retired"
    route.save()

    found = entries(read_feed(client, MODEL_FEED))

    titles = [title for title, _, _ in found]
    assert "GPT-4o: lifecycle active → deprecated" in titles
    assert "GPT-4o on OpenAI: lifecycle active → retired" in titles
    (summary,) = [s for t, s, _ in found if t.startswith("GPT-4o: lifecycle")]
    assert "from 2026-12-01" in summary
    assert "Source: an editor's edit" in summary
