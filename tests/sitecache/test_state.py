"""The state every cached answer is keyed by: build, content generation, day."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.http import http_date

from catalog.models import LanguageModel
from sitecache.state import State, bump_generation, current_state, generation

pytestmark = pytest.mark.django_db

GOLDEN_URL = "/compare/gpt-4-turbo-vs-qwen3-5-4b/"
GOLDEN_API = "/api/v1/comparisons/gpt-4-turbo/qwen3-5-4b"


def days_ago(text):
    """Return the N of "Last reviewed 2026-05-22 (N days ago)" in ``text``."""
    return int(re.search(r"Last reviewed 2026-05-22 \(([\d,]+) days ago\)", text)[1])


def later(days):
    """Patch the clock ``days`` ahead of now."""
    moved = timezone.now() + dt.timedelta(days=days)
    return mock.patch("django.utils.timezone.now", return_value=moved)


def test_a_page_a_month_later_has_a_new_etag_and_the_new_relative_date(client, golden):
    first = client.get(GOLDEN_URL)
    today = days_ago(first.text)

    with later(30):
        revalidated = client.get(GOLDEN_URL, headers={"if-none-match": first["ETag"]})
        again = client.get(GOLDEN_URL)

    assert revalidated.status_code == 200  # not a 304 confirming last month's page
    assert revalidated["ETag"] != first["ETag"]
    assert days_ago(revalidated.text) == today + 30
    assert again["ETag"] == revalidated["ETag"]  # cached for the new day
    assert client.get(GOLDEN_URL)["ETag"] == first["ETag"]  # today's, still


def test_an_api_answer_a_month_later_has_a_new_etag_and_the_new_relative_date(
    client, golden
):
    first = client.get(GOLDEN_API)
    review = first.json()["display"]["review"]["text"]

    with later(30):
        revalidated = client.get(GOLDEN_API, headers={"if-none-match": first["ETag"]})

    assert revalidated.status_code == 200
    assert revalidated["ETag"] != first["ETag"]
    text = revalidated.json()["display"]["review"]["text"]
    assert days_ago(text) == days_ago(review) + 30


def test_if_modified_since_from_yesterday_gets_todays_page(client, golden, site_clock):
    site_clock.advance()
    first = client.get(GOLDEN_URL)

    with later(1):
        response = client.get(
            GOLDEN_URL, headers={"if-modified-since": first["Last-Modified"]}
        )

    assert response.status_code == 200


TEN_AM = int(dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC).timestamp()) * 10**9


def test_last_modified_is_the_content_change_or_the_start_of_the_day():
    day = dt.date(2026, 12, 4)
    changed_yesterday = State("b", 1_764_700_000 * 10**9, day, TEN_AM)  # 2025-12-02
    assert changed_yesterday.last_modified == dt.datetime(2026, 12, 4, tzinfo=dt.UTC)
    changed_today = int(dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.UTC).timestamp())
    state = State("b", changed_today * 10**9 + 5, day, (changed_today + 1) * 10**9)
    assert state.last_modified == dt.datetime(2026, 12, 4, 9, 30, 1, tzinfo=dt.UTC)
    assert state.key == f"b-{changed_today * 10**9 + 5}-20261204"


def test_every_write_to_watched_content_moves_the_generation(golden):
    before = current_state()
    model = LanguageModel.objects.get(slug="qwen3-5-4b")
    model.name = "Renamed"
    model.save()
    after_save = generation()
    model.decision_tags.clear()
    after_m2m = generation()

    assert before.generation < after_save < after_m2m
    assert current_state().key != before.key


def test_a_lost_generation_starts_a_new_one_never_an_old_one():
    from django.core.cache import cache

    first = generation()
    cache.clear()
    assert generation() > first


def test_bump_generation_outside_a_transaction_moves_it_twice_at_once():
    first = generation()
    bump_generation()
    assert generation() > first


def test_last_modified_is_left_out_until_the_second_of_the_change_is_over():
    day = dt.date(2026, 12, 4)
    changed = TEN_AM + 200_000_000  # 10:00:00.2

    within = State("b", changed, day, TEN_AM + 300_000_000)
    after = State("b", changed, day, TEN_AM + 10**9)

    assert within.last_modified is None
    assert after.last_modified == dt.datetime(2026, 12, 4, 10, 0, 1, tzinfo=dt.UTC)


class Clock:
    """A clock for ``sitecache.state.now_ns`` that moves only when told."""

    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at


@pytest.mark.parametrize("seen_at", [300_000_000, 1_300_000_000])
def test_if_modified_since_never_confirms_a_page_unpublished_after_it(
    client, golden, seen_at
):
    # Publish at .2 s, a client fetches at ``seen_at``, unpublish 200 ms later:
    # within one second of HTTP dates, or in the next one.
    start = (timezone.now().replace(microsecond=0).timestamp() + 10) * 10**9
    clock = Clock(int(start))
    model = LanguageModel.objects.get(slug="qwen3-5-4b")
    url = model.get_absolute_url()
    with mock.patch("sitecache.state.now_ns", clock):
        clock.at = int(start) + 200_000_000
        model.status = "published"
        model.save()
        clock.at = int(start) + seen_at
        seen = client.get(url)
        clock.at += 200_000_000
        model.status = "draft"
        model.save()
        clock.at += 100_000_000
        # The latest date the client can hold: the one it got, or that second.
        held = seen.get("Last-Modified") or http_date(start // 10**9 + 1)
        again = client.get(url, headers={"if-modified-since": held})

    assert seen.status_code == 200
    assert again.status_code == 404
