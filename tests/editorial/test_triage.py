"""
Review queue triage (issue 22, item 2): search by name, a ranking by how
visible a record is and what changed, and "Mark reviewed" on selected rows
for Publishers, a model taking its routes and results along.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import LanguageModel, PublicationStatus
from catalog.services import mark_reviewed
from changes.models import PendingChange
from changes.services import propose
from tests.catalog.test_admin import admin_url
from tests.factories import (
    make_comparison,
    make_model,
    make_result,
    make_route,
    make_staff,
)

pytestmark = pytest.mark.django_db
QUEUE_URL = reverse("admin:review_queue")


def client_for(role, username):
    user = make_staff(role=role, username=username)
    client = Client()
    client.force_login(user)
    return client, user


def labels(response):
    return [row.label for row in response.context["page"]]


def test_search_by_name():
    editor, _ = client_for("Editor", "eddie")
    make_model(name="Claude Sonnet")
    make_model(name="GPT-4o")

    response = editor.get(QUEUE_URL, {"q": "sonnet", "kind": "model"})

    assert labels(response) == ["Claude Sonnet"]
    assert 'value="sonnet"' in response.text


def test_ranked_published_curated_and_routed_models_first_then_drafts():
    editor, _ = client_for("Editor", "eddie")
    old = timezone.localdate() - dt.timedelta(days=400)
    make_model(name="Draft", status=PublicationStatus.DRAFT)
    plain = make_model(name="Plain", last_reviewed=old)
    routed = make_model(name="Routed")
    make_route(model=routed)
    make_route(model=routed)
    curated = make_model(name="Curated")
    make_comparison(model_a=curated, model_b=plain)
    mark_reviewed(
        objects=list(LanguageModel.objects.filter(name__in=["Routed", "Curated"]))
        + list(routed.routes.all()),
        user=None,
        today=old,
    )

    response = editor.get(QUEUE_URL, {"kind": "model"})

    assert labels(response) == ["Curated", "Plain", "Routed", "Draft"]


def test_a_changed_price_ranks_above_stale_records():
    editor, _ = client_for("Editor", "eddie")
    old = timezone.localdate() - dt.timedelta(days=400)
    stale = make_model(name="Stale", last_reviewed=old)
    make_route(model=stale)
    make_route(model=stale)
    priced = make_model(name="Priced")
    route = make_route(model=priced)
    mark_reviewed(objects=[priced, route], user=None, today=timezone.localdate())
    route.input_price = Decimal(7)
    route.save()

    response = editor.get(QUEUE_URL)

    # Routes are counted on their model's row (issue 22).
    first, second = response.context["page"]
    assert (first.kind, first.pk, first.price_change) == ("model", priced.pk, True)
    assert first.rollup == "1 route needs review"
    assert (second.pk, second.rollup) == (stale.pk, "2 routes need review")
    assert f'href="?kind=route&amp;model={stale.pk}"' in response.text


def test_a_publisher_marks_selected_rows_reviewed_a_model_with_its_routes_and_results():
    publisher, paula = client_for("Publisher", "paula")
    model = make_model(name="Big")
    route = make_route(model=model)
    result = make_result(model=model)
    other = make_model(name="Other")
    loose = make_route(model=other)

    response = publisher.post(
        f"{QUEUE_URL}?kind=model",
        {
            "action": "mark_reviewed",
            "_selected": [f"model:{model.pk}", f"route:{loose.pk}"],
        },
        follow=True,
    )

    assert response.redirect_chain == [(f"{QUEUE_URL}?kind=model", 302)]
    for obj in (model, route, result, loose):
        obj.refresh_from_db()
        assert (obj.last_reviewed, obj.last_reviewed_by) == (
            timezone.localdate(),
            paula,
        )
    other.refresh_from_db()
    assert other.last_reviewed is None
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert (
        "1 language model marked reviewed, with its 1 route and 1 benchmark result."
        in message
    )
    assert "1 route marked reviewed." in message
    assert {row.label for row in response.context["page"]} == {"Other"}


def test_editors_see_no_selection_and_may_not_mark_reviewed():
    editor, _ = client_for("Editor", "eddie")
    model = make_model()

    page = editor.get(QUEUE_URL)
    response = editor.post(
        QUEUE_URL, {"action": "mark_reviewed", "_selected": [f"model:{model.pk}"]}
    )

    assert 'name="_selected"' not in page.text
    assert response.status_code == 403
    model.refresh_from_db()
    assert model.last_reviewed is None


def test_the_model_changelist_action_marks_routes_and_results_too():
    publisher, _ = client_for("Publisher", "paula")
    model = make_model()
    route = make_route(model=model)
    make_route(model=model)

    response = publisher.post(
        admin_url(LanguageModel, "changelist"),
        {"action": "mark_reviewed", "_selected_action": [model.pk]},
        follow=True,
    )

    route.refresh_from_db()
    assert route.last_reviewed == timezone.localdate()
    assert [str(m) for m in response.context["messages"]] == [
        "1 language model marked reviewed, with its 2 routes."
    ]


def test_changes_waiting_come_first_with_who_what_and_the_note():
    editor, eddie = client_for("Editor", "eddie")
    route = make_route(input_price=Decimal(10))
    propose(
        route,
        {"input_price": {"old": "10", "new": "8"}},
        kind=PendingChange.Kind.EDIT,
        reason="Held for a Publisher. Note: price cut on the pricing page.",
        user=eddie,
    )

    response = editor.get(QUEUE_URL)

    [(change, url, fields)] = response.context["changes"]
    assert fields == [("input $/1M", "10", "8")]
    text = response.text
    assert "<del>10</del> → <ins>8</ins>" in text
    assert "Note: price cut on the pricing page." in text
    assert "eddie" in text
    assert 'name="_change"' not in text  # Editors do not decide
    assert text.index("waiting-changes") < text.index("result_list")


def test_a_publisher_approves_and_rejects_selected_changes_from_the_queue():
    publisher, _ = client_for("Publisher", "paula")
    cut = make_route(input_price=Decimal(10))
    typo = make_route(input_price=Decimal(3))
    first = propose(
        cut, {"input_price": {"old": "10", "new": "8"}}, kind="edit", reason="cut"
    )
    second = propose(
        typo, {"input_price": {"old": "3", "new": "300"}}, kind="edit", reason="typo"
    )

    approved = publisher.post(
        QUEUE_URL, {"action": "approve_changes", "_change": [first.pk]}, follow=True
    )
    publisher.post(QUEUE_URL, {"action": "reject_changes", "_change": [second.pk]})

    assert "1 change approved." in [str(m) for m in approved.context["messages"]]
    cut.refresh_from_db()
    typo.refresh_from_db()
    assert (cut.input_price, typo.input_price) == (Decimal(8), Decimal(3))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "rejected")


def test_editors_may_not_approve():
    editor, _ = client_for("Editor", "eddie")
    change = propose(
        make_route(input_price=Decimal(10)),
        {"input_price": {"old": "10", "new": "8"}},
        kind="edit",
        reason="cut",
    )

    response = editor.post(
        QUEUE_URL, {"action": "approve_changes", "_change": [change.pk]}
    )

    assert response.status_code == 403
    change.refresh_from_db()
    assert change.is_pending


def test_editors_mark_routine_routes_reviewed_but_not_changed_ones():
    editor, eddie = client_for("Editor", "eddie")
    routine = make_route()  # never reviewed, unchanged since
    changed = make_route()
    mark_reviewed(objects=[changed], user=None, today=timezone.localdate())
    changed.input_price = Decimal(7)
    changed.save()
    url = f"{QUEUE_URL}?kind=route"

    page = editor.get(url)
    done = editor.post(
        url, {"action": "mark_reviewed", "_selected": [f"route:{routine.pk}"]}
    )
    refused = editor.post(
        url, {"action": "mark_reviewed", "_selected": [f"route:{changed.pk}"]}
    )

    assert f'value="route:{routine.pk}"' in page.text
    assert f'value="route:{changed.pk}"' not in page.text
    assert done.status_code == 302
    assert refused.status_code == 403
    routine.refresh_from_db()
    changed.refresh_from_db()
    assert (routine.last_reviewed, routine.last_reviewed_by) == (
        timezone.localdate(),
        eddie,
    )
    assert changed.last_reviewed_by is None
