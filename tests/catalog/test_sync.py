"""Incremental sync through the API: updated_at, ?updated_since=, /changes."""

import datetime as dt
from decimal import Decimal

import pytest

from catalog import sync
from catalog.models import PublicationStatus
from tests.factories import (
    make_benchmark,
    make_capability,
    make_model,
    make_organization,
    make_provider,
    make_result,
    make_route,
)

pytestmark = pytest.mark.django_db

# The export's lists and the fields that key their records.
KEYED = {
    "sources": ("key",),
    "organizations": ("slug",),
    "decision_tags": ("slug",),
    "providers": ("slug",),
    "models": ("slug",),
    "routes": ("provider", "identifier", "region"),
    "benchmarks": ("slug",),
    "results": ("key",),
}
HEADER = ("data_date", "license", "attribution")


def _key(name, record):
    return tuple(str(record[field] or "") for field in KEYED[name])


def _latest(document) -> str:
    return max(
        record["updated_at"]
        for name in KEYED
        for record in document[name]
        if "updated_at" in record
    )


def _follow(client, cursor=None, **params) -> tuple[list, str]:
    """Return every change after ``cursor`` and the cursor to resume from."""
    changes = []
    while True:
        query = {**params, "limit": 2}
        if cursor:
            query["cursor"] = cursor
        page = client.get("/api/v1/changes", query).json()
        changes += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes, cursor


def _sync(client, copy: dict, since: str, cursor: str) -> tuple[str, str]:
    """Bring ``copy`` up to date: what changed since ``since``, what went since ``cursor``."""
    changes, cursor = _follow(client, cursor)
    for change in changes:
        if change["change"] not in {"deleted", "unpublished"}:
            continue
        name = change["kind"] + "s"
        if name not in KEYED:
            continue
        gone = tuple(change["key"][field] for field in KEYED[name])
        copy[name] = [r for r in copy[name] if _key(name, r) != gone]
        if change["kind"] == "model":
            for child in ("routes", "results"):
                copy[child] = [r for r in copy[child] if r["model"] != gone[0]]
    delta = client.get("/api/v1/export", {"updated_since": since}).json()
    for name in KEYED:
        records = {_key(name, r): r for r in copy[name]}
        records.update({_key(name, r): r for r in delta[name]})
        copy[name] = sorted(records.values(), key=lambda r: _key(name, r))
    for field in HEADER:
        copy[field] = delta[field]
    return max(since, _latest(delta)), cursor


def _comparable(document):
    return {
        name: sorted(document[name], key=lambda r: _key(name, r))
        if name in KEYED
        else value
        for name, value in document.items()
        if name != "generated_at"
    }


def test_a_copy_synced_through_changes_and_updated_since_equals_the_export(
    client, django_capture_on_commit_callbacks
):
    organization = make_organization()
    provider = make_provider()
    kept = make_model(slug="kept", organization=organization, openrouter_id="o/kept")
    route = make_route(model=kept, provider=provider, api_model_id="kept-1")
    make_capability(model=kept)
    make_result(model=kept, benchmark=make_benchmark())
    leaving = make_model(slug="leaving", organization=organization)
    make_route(model=leaving, provider=provider)
    copy = client.get("/api/v1/export").json()
    since = _latest(copy)
    _, cursor = _follow(client)

    with django_capture_on_commit_callbacks(execute=True):
        route.input_price = Decimal("0.75")
        route.api_model_id = "kept-2"
        route.save()
        kept.huggingface_id = "lab/kept"
        kept.save()
        new = make_model(slug="new", organization=organization, models_dev_id="l/new")
        make_route(
            model=new, provider=provider, identifier="new-route", api_model_id="new"
        )
        make_model(slug="draft", status=PublicationStatus.DRAFT)
        leaving.status = PublicationStatus.DRAFT
        leaving.save()

    changes, _ = _follow(client, cursor)
    by_kind = {
        (c["kind"], c["change"], c["model"] or c["key"].get("slug")): c for c in changes
    }
    price = by_kind["route", "changed", "kept"]
    assert {"name": "input_price", "old": "1", "new": "0.75"} in price["fields"]
    assert {"name": "api_model_id", "old": "kept-1", "new": "kept-2"} in price["fields"]
    ids = by_kind["model", "changed", "kept"]["fields"]
    assert ids == [{"name": "huggingface_id", "old": "", "new": "lab/kept"}]
    assert ("model", "created", "new") in by_kind
    assert ("model", "unpublished", "leaving") in by_kind
    assert not any("draft" in str(c["key"].values()) for c in changes)

    _sync(client, copy, since, cursor)

    assert _comparable(copy) == _comparable(client.get("/api/v1/export").json())
    (synced,) = [r for r in copy["routes"] if r["model"] == "kept"]
    assert synced["api_model_id"] == "kept-2"
    assert [(c["field"], c["old"], c["new"]) for c in synced["price_history"]] == [
        ("input_price", "1", "0.75")
    ]


def test_the_export_lists_each_routes_price_history_as_the_detail_does(client):
    model = make_model(slug="m")
    route = make_route(model=model, identifier="p/m")
    make_route(model=model, identifier="p/unchanged")
    for price in ("0.9", "0.8"):
        route.input_price = Decimal(price)
        route.save()

    exported = client.get("/api/v1/export").json()["routes"]
    detail = client.get("/api/v1/models/m").json()["price_history"]

    history = {r["identifier"]: r["price_history"] for r in exported}
    assert history["p/unchanged"] == []
    assert [(c["old"], c["new"]) for c in history["p/m"]] == [
        ("0.9", "0.8"),
        ("1", "0.9"),
    ]
    for item, shown in zip(history["p/m"], detail, strict=True):
        assert item.keys() == shown.keys()
        # The detail's is cut to the millisecond; the export keeps microseconds.
        exact = dt.datetime.fromisoformat(item.pop("changed_at"))
        shown_at = dt.datetime.fromisoformat(shown.pop("changed_at"))
        assert dt.timedelta(0) <= exact - shown_at < dt.timedelta(milliseconds=1)
        assert item == shown


def test_a_route_price_edit_moves_its_model_updated_at(client):
    route = make_route()
    before = client.get("/api/v1/models").json()["items"][0]["updated_at"]
    route.output_price = Decimal("9")
    route.save()
    from django.core.cache import cache

    cache.clear()
    model = client.get("/api/v1/models").json()["items"][0]
    assert model["updated_at"] > before
    since = dt.datetime.fromisoformat(before).isoformat()
    changed = client.get("/api/v1/models", {"updated_since": since}).json()
    assert [item["slug"] for item in changed["items"]] == [route.model.slug]
    later = client.get("/api/v1/models", {"updated_since": model["updated_at"]}).json()
    assert later["items"] == []
    detail = client.get(f"/api/v1/models/{route.model.slug}").json()
    assert detail["updated_at"] == model["updated_at"]
    assert detail["routes"][0]["updated_at"]


@pytest.mark.parametrize(
    "path", ["/api/v1/models", "/api/v1/providers", "/api/v1/export", "/api/v1/changes"]
)
@pytest.mark.parametrize("value", ["yesterday", "0.5", "2026-01-01T00:00:00"])
def test_a_bad_updated_since_is_a_422_naming_it(client, path, value):
    response = client.get(path, {"updated_since": value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "updated_since"]


def test_a_bad_cursor_is_a_422_naming_it(client):
    response = client.get("/api/v1/changes", {"cursor": "bm90LWEtY3Vyc29y"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_lists_link_their_next_and_previous_pages_and_sort(client):
    organization = make_organization()
    for index, context in enumerate([1000, 3000, 2000]):
        make_model(name=f"M{index}", organization=organization, context_window=context)
    first = client.get("/api/v1/models", {"page_size": 2, "sort": "context"}).json()
    assert [m["context_window"] for m in first["items"]] == [3000, 2000]
    assert first["prev"] is None
    assert first["count"] == 3
    second = client.get(first["next"]).json()
    assert [m["context_window"] for m in second["items"]] == [1000]
    assert second["next"] is None
    assert client.get(second["prev"]).json() == first
    assert client.get("/api/v1/models", {"sort": "size"}).status_code == 422


def test_a_change_committed_late_with_an_earlier_time_is_not_skipped(
    client, django_capture_on_commit_callbacks
):
    route = make_route(identifier="late")
    make_model(slug="read-first")
    changes, cursor = _follow(client)
    read_up_to = max(change["at"] for change in changes)

    with django_capture_on_commit_callbacks(execute=True):
        # A transaction that began before the last change read, timestamped
        # then, commits only now: its history_date is before the cursor's.
        route._history_date = dt.datetime.fromisoformat(read_up_to) - dt.timedelta(
            seconds=5
        )
        route.output_price = Decimal("7")
        route.save()

    late, _ = _follow(client, cursor)

    assert [(c["kind"], c["change"], c["key"]["identifier"]) for c in late] == [
        ("route", "changed", "late")
    ]
    assert late[0]["at"] < read_up_to
    assert {"name": "output_price", "old": "2", "new": "7"} in late[0]["fields"]


def test_a_cursor_of_the_first_form_still_resumes_at_its_moment(client):
    make_model(slug="before")
    first = client.get("/api/v1/changes").json()
    moment = dt.datetime.fromisoformat(first["changes"][-1]["at"])
    micros = (moment - sync.EPOCH) // dt.timedelta(microseconds=1)
    make_model(slug="after")
    from django.core.cache import cache

    cache.clear()
    page = client.get("/api/v1/changes", {"cursor": f"{micros}-8-0"}).json()

    assert [c["key"].get("slug") for c in page["changes"] if c["kind"] == "model"] == [
        "after"
    ]
    assert sync.decode_cursor(page["next_cursor"]).ids  # answered in the new form


def test_every_history_write_takes_the_history_lock_in_its_transaction(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import connection
    from simple_history.utils import bulk_create_with_history

    from catalog import history
    from catalog.models import Organization

    calls = []
    monkeypatch.setattr(
        history,
        "serialize_history_writes",
        lambda using=None: calls.append(connection.in_atomic_block),
    )

    make_organization()  # a save
    bulk_create_with_history(
        [Organization(name="Bulk", slug="bulk")], Organization
    )  # an import's bulk write

    assert calls == [True, True]


@pytest.mark.parametrize(
    "path", ["/api/v1/models", "/api/v1/providers", "/api/v1/export", "/api/v1/changes"]
)
@pytest.mark.parametrize(
    ("value", "listed"),
    [("0001-01-01T00:00:00+01:00", True), ("9999-12-31T23:00:00-01:00", False)],
)
def test_an_updated_since_beyond_the_calendar_in_utc_is_before_or_after_everything(
    client, path, value, listed
):
    # Schemathesis found the first: a valid date-time, out of range once in UTC.
    make_route()
    response = client.get(path, {"updated_since": value})
    assert response.status_code == 200, response.content
    body = response.json()
    items = body.get("items", body.get("models"))
    if items is not None:
        assert bool(items) is listed
