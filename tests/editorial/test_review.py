import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import (
    BenchmarkResult,
    LanguageModel,
    PublicationStatus,
    Route,
)
from catalog.services import REVIEW_CHANGE_REASON, mark_reviewed
from changes.models import PendingChange
from comparisons.models import Comparison
from editorial.review import review_queue_list
from imports.models import ImportRun
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import (
    make_capability,
    make_comparison,
    make_model,
    make_result,
    make_route,
    make_source,
    make_staff,
)

QUEUE_URL = reverse("admin:review_queue")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def publisher_user():
    return make_staff(role="Publisher", username="paula")


@pytest.fixture
def publisher(publisher_user):
    return client_for(publisher_user)


@pytest.fixture
def editor():
    return client_for(make_staff(role="Editor", username="eddie"))


def today():
    return timezone.localdate()


def queue(*, stale_after_days=90, on=None):
    return review_queue_list(today=on or today(), stale_after_days=stale_after_days)


def queued(obj, *, kind, **kwargs):
    """Return the queue row of ``obj``, or None when it is not in the queue."""
    rows = [row for row in queue(**kwargs) if row.kind == kind and row.pk == obj.pk]
    return rows[0] if rows else None


def reviewed(*objects, user=None, on=None):
    mark_reviewed(objects=objects, user=user, today=on or today())


def edit_in_admin(client, model, obj, **changes):
    url = admin_url(model, "change", obj.pk)
    data = changeform_data(client.get(url))
    # A price moved by more than 50% here: confirmed, as issue 22 asks first.
    data["confirm_prices"] = "on"
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


# Marking reviewed ------------------------------------------------------------


@pytest.mark.django_db
def test_mark_reviewed_records_date_reviewer_and_reason(publisher_user):
    model = make_model()

    count = mark_reviewed(
        objects=[model], user=publisher_user, today=dt.date(2026, 11, 25)
    )

    model.refresh_from_db()
    assert count == 1
    assert (model.last_reviewed, model.last_reviewed_by) == (
        dt.date(2026, 11, 25),
        publisher_user,
    )
    record = model.history.first()
    assert record.history_change_reason == REVIEW_CHANGE_REASON
    assert record.history_user == publisher_user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory", "message"),
    [
        (LanguageModel, make_model, "2 language models marked reviewed."),
        (Route, make_route, "2 routes marked reviewed."),
        (BenchmarkResult, make_result, "2 benchmark results marked reviewed."),
        (Comparison, make_comparison, "2 comparisons marked reviewed."),
    ],
)
def test_publisher_marks_selected_records_reviewed_from_the_list(
    publisher, publisher_user, model, factory, message
):
    first, second, other = factory(), factory(), factory()

    response = publisher.post(
        admin_url(model, "changelist"),
        {"action": "mark_reviewed", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [message]
    reviewers = dict(model.objects.values_list("pk", "last_reviewed_by"))
    assert reviewers == {
        first.pk: publisher_user.pk,
        second.pk: publisher_user.pk,
        other.pk: None,
    }
    assert first.history.first().history_change_reason == REVIEW_CHANGE_REASON


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory"),
    [
        (LanguageModel, make_model),
        (Route, make_route),
        (BenchmarkResult, make_result),
        (Comparison, make_comparison),
    ],
)
def test_publisher_marks_a_record_reviewed_from_its_change_form(
    publisher, publisher_user, model, factory
):
    obj = factory()
    url = admin_url(model, "change", obj.pk)
    page = publisher.get(url)
    assert "Mark this" in page.text

    response = publisher.post(
        url,
        {"CHANGE_FORM-action": "mark_reviewed", "_selected_action": obj.pk, "index": 0},
        follow=True,
    )

    assert response.redirect_chain == [(url, 302)]
    obj.refresh_from_db()
    assert (obj.last_reviewed, obj.last_reviewed_by) == (today(), publisher_user)
    assert "reviewed" in str(next(iter(response.context["messages"])))


@pytest.mark.django_db
def test_review_fields_are_read_only_on_the_change_form(publisher):
    model = make_model()

    response = publisher.get(admin_url(LanguageModel, "change", model.pk))

    form = response.context["adminform"].form
    assert "last_reviewed" not in form.fields
    assert "last_reviewed_by" not in form.fields


# Stale records -----------------------------------------------------------------


@pytest.mark.django_db
def test_never_reviewed_records_are_in_the_queue():
    route = make_route()

    for obj, kind in [(route.model, "model"), (route, "route")]:
        row = queued(obj, kind=kind)
        assert (row.age_days, row.reasons) == (None, ["Never reviewed"])


@pytest.mark.django_db
@pytest.mark.parametrize(("age", "is_queued"), [(0, False), (90, False), (91, True)])
def test_review_older_than_the_setting_is_stale(age, is_queued):
    model = make_model(last_reviewed=today() - dt.timedelta(days=age))

    row = queued(model, kind="model", stale_after_days=90)

    assert (row is not None) == is_queued
    if row:
        assert row.reasons == [f"Last reviewed {age} days ago"]


@pytest.mark.django_db
def test_stale_after_days_comes_from_the_setting(editor, settings):
    make_model(name="Reviewed a month ago", last_reviewed=today() - dt.timedelta(30))
    settings.REVIEW_STALE_AFTER_DAYS = 20

    response = editor.get(QUEUE_URL)

    assert [row.label for row in response.context["page"]] == ["Reviewed a month ago"]


# Changed since review -----------------------------------------------------------


@pytest.mark.django_db
def test_price_edit_after_review_puts_model_and_its_comparisons_in_queue(
    publisher, editor, publisher_user
):
    model, other, third = make_model(), make_model(), make_model()
    route = make_route(model=model, input_price=Decimal(10))
    using_it = make_comparison(model_a=model, model_b=other)
    not_using_it = make_comparison(model_a=other, model_b=third)
    reviewed(model, other, third, route, using_it, not_using_it, user=publisher_user)
    assert queue() == []

    edit_in_admin(publisher, Route, route, input_price="5")

    rows = {(row.kind, row.pk): row for row in queue()}
    assert set(rows) == {
        ("model", model.pk),
        ("route", route.pk),
        ("comparison", using_it.pk),
    }
    row = rows["comparison", using_it.pk]
    assert row.reasons == [f"Changed since review, on {today():%Y-%m-%d}"]
    assert not row.is_stale


@pytest.mark.django_db
@pytest.mark.parametrize(
    "edit",
    [
        lambda model: make_result(model=model),
        lambda model: make_capability(model=model),
        lambda model: LanguageModel.objects.get(pk=model.pk).save(),
    ],
    ids=["new result", "capability", "own row"],
)
def test_model_data_edit_after_review_puts_model_in_queue(edit):
    model = make_model()
    reviewed(model)

    edit(model)

    assert queued(model, kind="model").changed_at is not None


@pytest.mark.django_db
def test_reviewing_again_takes_the_record_out_of_the_queue(publisher_user):
    route = make_route()
    reviewed(route.model, route, user=publisher_user)
    route.input_price = Decimal(3)
    route.save()
    assert queued(route.model, kind="model") is not None

    reviewed(route.model, route, user=publisher_user)

    assert queue() == []


@pytest.mark.django_db
def test_publishing_after_review_is_not_a_change(publisher, publisher_user):
    model = make_model(status=PublicationStatus.DRAFT)
    reviewed(model, user=publisher_user)

    publisher.post(
        admin_url(LanguageModel, "changelist"),
        {"action": "publish", "_selected_action": [model.pk]},
    )

    model.refresh_from_db()
    assert model.status == PublicationStatus.PUBLISHED
    assert queue() == []


@pytest.mark.django_db
def test_saving_an_unchanged_form_is_not_a_change(publisher, publisher_user):
    model = make_model()
    reviewed(model, user=publisher_user)
    history = model.history.count()

    edit_in_admin(publisher, LanguageModel, model)

    assert model.history.count() == history
    assert queue() == []


@pytest.mark.django_db
def test_review_date_without_a_review_record_counts_until_the_end_of_that_day():
    reviewed_yesterday = make_model(last_reviewed=today() - dt.timedelta(days=1))
    reviewed_today = make_model(last_reviewed=today())

    for model in (reviewed_yesterday, reviewed_today):
        LanguageModel.objects.get(pk=model.pk).save()

    assert queued(reviewed_yesterday, kind="model").changed_at is not None
    assert queued(reviewed_today, kind="model") is None


# Verdict overrides --------------------------------------------------------------


def write_override(client, comparison, text):
    edit_in_admin(client, Comparison, comparison, verdict_override=text)
    comparison.refresh_from_db()


@pytest.mark.django_db
def test_override_written_before_the_pair_changed_is_flagged_everywhere(publisher):
    route = make_route(input_price=Decimal(10))
    comparison = make_comparison(model_a=route.model)
    write_override(publisher, comparison, "Editors prefer A.")
    assert comparison.verdict_override_updated is not None
    assert not queued(comparison, kind="comparison").override_outdated

    edit_in_admin(publisher, Route, route, input_price="5")

    row = queued(comparison, kind="comparison")
    assert row.override_outdated
    assert "Verdict override older than the pair's data" in row.reasons
    changelist = publisher.get(
        admin_url(Comparison, "changelist"), {"override": "outdated"}
    )
    assert list(changelist.context["cl"].result_list) == [comparison]
    assert "Outdated" in changelist.text
    current = publisher.get(
        admin_url(Comparison, "changelist"), {"override": "current"}
    )
    assert list(current.context["cl"].result_list) == []
    change_page = publisher.get(admin_url(Comparison, "change", comparison.pk))
    [message] = [str(m) for m in change_page.context["messages"]]
    assert message.startswith("The verdict override was written on ")
    assert "before the pair&#x27;s data last changed" in change_page.text


@pytest.mark.django_db
def test_rewriting_the_override_clears_the_flag(publisher):
    route = make_route()
    comparison = make_comparison(model_a=route.model)
    write_override(publisher, comparison, "Editors prefer A.")
    edit_in_admin(publisher, Route, route, input_price="5")

    write_override(publisher, comparison, "Editors still prefer A.")

    assert not queued(comparison, kind="comparison").override_outdated
    page = publisher.get(admin_url(Comparison, "change", comparison.pk))
    assert "Written after the pair&#x27;s data last changed." in page.text


@pytest.mark.django_db
def test_comparison_without_override_is_never_flagged(publisher):
    route = make_route()
    comparison = make_comparison(model_a=route.model)
    edit_in_admin(publisher, Route, route, input_price="5")

    assert not queued(comparison, kind="comparison").override_outdated
    changelist = publisher.get(
        admin_url(Comparison, "changelist"), {"override": "none"}
    )
    assert list(changelist.context["cl"].result_list) == [comparison]


# The queue page ------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_page_lists_records_oldest_review_first_with_links(editor):
    old = make_model(name="Old", last_reviewed=today() - dt.timedelta(days=200))
    older = make_model(name="Older", last_reviewed=today() - dt.timedelta(days=300))
    never = make_model(name="Never")

    response = editor.get(QUEUE_URL)

    assert response.status_code == 200
    assert [row.label for row in response.context["page"]] == ["Never", "Older", "Old"]
    for model in (old, older, never):
        assert admin_url(LanguageModel, "change", model.pk) in response.text
    newest_first = editor.get(QUEUE_URL, {"o": "age"})
    assert [row.label for row in newest_first.context["page"]] == [
        "Old",
        "Older",
        "Never",
    ]


@pytest.mark.django_db
def test_queue_page_filters_by_kind_and_reason(editor):
    route = make_route()
    reviewed(route.model, route)
    route.input_price = Decimal(7)
    route.save()

    by_kind = editor.get(QUEUE_URL, {"kind": "route"})
    by_reason = editor.get(QUEUE_URL, {"reason": "changed"})

    assert [row.pk for row in by_kind.context["page"]] == [route.pk]
    # Without a kind, the route is counted on its model's row (issue 22).
    [row] = by_reason.context["page"]
    assert (row.kind, row.pk, row.rollup) == (
        "model",
        route.model.pk,
        "1 route needs review",
    )


@pytest.mark.django_db
def test_queue_page_needs_staff(client):
    response = client.get(QUEUE_URL)

    assert response.status_code == 302


def make_queued_pair():
    route = make_route(source=make_source())
    make_result(model=route.model)
    make_capability(model=route.model)
    comparison = make_comparison(model_a=route.model, verdict_override="Prefer A")
    reviewed(route.model, comparison)
    route.input_price = Decimal(9)
    route.save()


@pytest.mark.django_db
def test_queue_page_queries_do_not_grow_with_rows(editor, django_assert_num_queries):
    make_queued_pair()
    with CaptureQueriesContext(connection) as one:
        editor.get(QUEUE_URL)
    for _ in range(10):
        make_queued_pair()

    with django_assert_num_queries(len(one)):
        response = editor.get(QUEUE_URL)

    assert response.context["total"] > 40


@pytest.mark.django_db
def test_admin_index_links_the_queue_with_counts(editor):
    make_route()
    make_capability(source=None)

    response = editor.get(reverse("admin:index"))

    review = response.context["review_queue"]
    assert review["url"] == QUEUE_URL
    assert {label: count for label, count, _ in review["counts"]} == {
        "Model": 2,
        "Comparison": 0,
        "Route": 1,
        "Benchmark result": 0,
    }
    assert "Needs review (3)" in response.text
    assert "Capabilities without a source" in response.text


@pytest.mark.django_db
def test_a_change_waiting_for_a_publisher_puts_a_reviewed_model_first_in_the_queue():
    today = dt.date(2026, 11, 25)
    model = make_model(last_reviewed=today)
    run = ImportRun.objects.create(
        format="litellm", file_name="prices.json", import_date=today
    )
    held = PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=model.pk,
        label=str(model),
        changes={"context_window": {"old": "128000", "new": "200000"}},
        kind=PendingChange.Kind.IMPORT,
        reason="The field is locked.",
        source=str(run),
    )

    [row] = [
        r
        for r in review_queue_list(today=today, stale_after_days=90)
        if r.pk == model.pk and r.kind == "model"
    ]
    assert row.reasons[0] == (
        "Waiting for a Publisher: An import that disagrees with a locked field or an editor's change: "
        "context window 128000 → 200000"
    )

    held.status = PendingChange.Status.REJECTED
    held.save()
    assert not [
        r
        for r in review_queue_list(today=today, stale_after_days=90)
        if r.pk == model.pk and r.kind == "model"
    ]
