"""
Changes awaiting a Publisher (issue 19, item 2): an Editor's change to a
public record waits, with its diff, until a Publisher approves or rejects it
in one action; a Publisher's own changes and an Editor's on drafts go live.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import LanguageModel, ModelCapability, Organization, Provider, Route
from changes.models import PendingChange
from changes.services import ChangeRefused, approve, hold_figure, propose
from comparisons.models import Comparison
from sitecache.state import generation
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import (
    client_for,
    make_capability,
    make_comparison,
    make_decision_tag,
    make_model,
    make_organization,
    make_route,
    make_staff,
)

pytestmark = pytest.mark.django_db
CHANGES_URL = reverse("admin:changes_pendingchange_changelist")


def post_change(client, model, obj, **changes):
    url = admin_url(model, "change", obj.pk)
    data = changeform_data(client.get(url))
    # Prices moved by more than 50% here: confirmed, as issue 22 asks first.
    data["confirm_prices"] = "on"
    data.update(changes)
    return client.post(url, data, follow=True)


def test_an_editors_price_edit_on_a_published_model_waits_and_says_so(editor):
    route = make_route(input_price=Decimal(10), output_price=Decimal(30))

    response = post_change(editor, Route, route, input_price="2.5")

    route.refresh_from_db()
    assert route.input_price == Decimal(10)
    (held,) = PendingChange.objects.pending()
    assert held.kind == "edit" and held.proposed_by.username == "eddie"
    assert held.changes["input_price"]["new"] == "2.5"
    text = response.text
    assert "Saved for a Publisher&#x27;s approval" in text
    assert "Waiting for a Publisher" in text  # the banner on the form
    assert "<del>10</del> → <ins>2.5</ins>" in text


def test_an_editors_inline_row_waits(editor, publisher_user):
    # The model form's inline rows are its capabilities (routes and results
    # are read-only lines there since issue 22).
    model = make_model()
    vision = make_capability(model=model, capability="vision", value="yes")
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(editor.get(url))
    data["capabilities-0-value"] = "no"

    assert editor.post(url, data).status_code == 302

    vision.refresh_from_db()
    assert vision.value == "yes"
    (changed,) = PendingChange.objects.all()
    assert changed.object_id == vision.pk and changed.changes["value"]["new"] == "no"
    approve(changed, user=publisher_user)
    vision.refresh_from_db()
    assert vision.value == "no"


@pytest.mark.parametrize("role", ["Publisher", "Editor on a draft"])
def test_publishers_and_editors_on_drafts_save_at_once(role):
    draft = role != "Publisher"
    user = make_staff(role="Editor" if draft else "Publisher")
    model = make_model(status="draft" if draft else "published")
    route = make_route(model=model, input_price=Decimal(10))

    post_change(client_for(user), Route, route, input_price="8")

    route.refresh_from_db()
    assert route.input_price == Decimal("8")
    assert not PendingChange.objects.exists()


def test_organizations_and_tags_wait_too(editor):
    organization = make_organization(name="Acme")
    model = make_model(organization=organization)
    tag = make_decision_tag(name="Coding")

    post_change(editor, Organization, organization, name="Acme Labs")
    post_change(editor, LanguageModel, model, decision_tags=[tag.pk])

    organization.refresh_from_db()
    assert organization.name == "Acme"
    assert not model.decision_tags.exists()
    kinds = {c.content_type.model: c.changes for c in PendingChange.objects.all()}
    assert kinds["organization"] == {"name": {"old": "Acme", "new": "Acme Labs"}}
    assert kinds["languagemodel"] == {"decision_tags": {"old": "", "new": str(tag.pk)}}


def test_a_verdict_override_waits_for_a_publisher(editor):
    comparison = make_comparison()

    post_change(editor, Comparison, comparison, verdict_override="Editors prefer A.")

    comparison.refresh_from_db()
    assert comparison.verdict_override == ""
    assert PendingChange.objects.get().changes["verdict_override"]["new"] == (
        "Editors prefer A."
    )


def test_a_publisher_approves_from_the_changes_page(editor, publisher, publisher_user):
    route = make_route(input_price=Decimal(10))
    post_change(editor, Route, route, input_price="2.5")
    held = PendingChange.objects.get()
    page = publisher.get(reverse("admin:changes_pendingchange_change", args=[held.pk]))
    assert "Approve and publish" in page.text

    response = publisher.post(
        reverse("admin:changes_pendingchange_decide", args=[held.pk]),
        {"_approve": "1", "note": "Checked the pricing page"},
    )

    assert response.status_code == 302
    route.refresh_from_db()
    held.refresh_from_db()
    assert route.input_price == Decimal("2.5")
    assert (held.status, held.decided_by, held.decision_note) == (
        "approved",
        publisher_user,
        "Checked the pricing page",
    )
    assert route.history.first().history_user == publisher_user


def test_an_editor_sees_changes_but_cannot_decide(editor):
    route = make_route(input_price=Decimal(10))
    post_change(editor, Route, route, input_price="2.5")
    held = PendingChange.objects.get()

    assert editor.get(CHANGES_URL).status_code == 200
    page = editor.get(reverse("admin:changes_pendingchange_change", args=[held.pk]))
    assert "Approve and publish" not in page.text
    decide = reverse("admin:changes_pendingchange_decide", args=[held.pk])
    assert editor.post(decide, {"_approve": "1"}).status_code == 403
    editor.post(
        CHANGES_URL, {"action": "approve_selected", "_selected_action": [held.pk]}
    )

    route.refresh_from_db()
    assert route.input_price == Decimal(10)
    assert PendingChange.objects.get().is_pending


def test_rejecting_keeps_the_live_value(editor, publisher):
    route = make_route(input_price=Decimal(10))
    post_change(editor, Route, route, input_price="2.5")
    held = PendingChange.objects.get()

    publisher.post(
        CHANGES_URL, {"action": "reject_selected", "_selected_action": [held.pk]}
    )

    route.refresh_from_db()
    held.refresh_from_db()
    assert route.input_price == Decimal(10) and held.status == "rejected"


def test_a_change_made_on_a_value_that_moved_since_is_refused(editor, publisher_user):
    route = make_route(input_price=Decimal(10))
    post_change(editor, Route, route, input_price="2.5")
    Route.objects.filter(pk=route.pk).update(input_price=Decimal(9))

    with pytest.raises(ChangeRefused, match="input_price changed since"):
        approve(PendingChange.objects.get(), user=publisher_user)

    route.refresh_from_db()
    assert route.input_price == Decimal(9)
    assert PendingChange.objects.get().is_pending


def test_a_change_invalid_by_the_time_it_is_approved_is_refused_not_a_500(
    editor, publisher
):
    model = make_model()
    first = make_route(model=model, identifier="a/b")
    second = make_route(model=model, provider=first.provider, identifier="a/c")
    post_change(editor, Route, first, identifier="a/new")
    post_change(editor, Route, second, identifier="a/new")  # valid when proposed
    to_first, to_second = PendingChange.objects.order_by("pk")
    approve(to_first, user=make_staff(role="Publisher"))

    response = publisher.post(
        reverse("admin:changes_pendingchange_decide", args=[to_second.pk]),
        {"_approve": "1"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Not approved" in response.text
    second.refresh_from_db()
    assert second.identifier == "a/c"
    assert PendingChange.objects.get(pk=to_second.pk).is_pending


def test_an_editors_new_provider_waits_and_is_created_on_approval(
    editor, publisher_user
):
    add = admin_url(Provider, "add")
    data = {
        key: value
        for key, value in changeform_data(editor.get(add)).items()
        if value is not None
    }
    data.update(name="New Host", slug="new-host", kind="inference_host")

    response = editor.post(add, data, follow=True)

    assert not Provider.objects.filter(slug="new-host").exists()
    held = PendingChange.objects.get()
    assert held.object_id is None and held.changes["slug"]["new"] == "new-host"
    assert "waits for a Publisher&#x27;s approval" in response.text

    provider = approve(held, user=publisher_user)
    assert Provider.objects.get(slug="new-host") == provider


def test_an_editors_capability_edit_on_a_published_model_waits(editor):
    capability = make_capability(model=make_model(), capability="vision", value="yes")

    post_change(editor, ModelCapability, capability, value="no")

    capability.refresh_from_db()
    assert capability.value == "yes"
    assert PendingChange.objects.get().changes == {"value": {"old": "yes", "new": "no"}}


def test_a_change_note_is_kept_in_the_history_and_on_a_held_change(editor, publisher):
    route = make_route(input_price=Decimal(10))
    page = publisher.get(admin_url(Route, "change", route.pk))
    assert "Change note" in page.text

    post_change(publisher, Route, route, input_price="9", change_note="Cut on 12-01")

    assert route.history.first().history_change_reason == "Cut on 12-01"

    post_change(editor, Route, route, input_price="8", change_note="Per the blog")

    assert "Note: Per the blog." in PendingChange.objects.get().reason


@pytest.mark.django_db
def test_only_a_held_figure_moves_the_page_state():
    # "Not verified (held for review)" is the one mark a pending change puts
    # on the pages; an Editor's proposal leaves them as they are.
    model = make_model(context_window=128_000)
    before = generation()
    propose(
        model,
        {"description": {"old": "", "new": "Proposed."}},
        kind=PendingChange.Kind.EDIT,
        reason="An Editor's change",
    )
    assert generation() == before
    hold_figure(model, "context_window", "9", reason="Too small.", source="test")
    assert generation() != before


def test_an_editors_new_capability_row_waits_and_is_created_whole(
    editor, publisher_user
):
    # The form offers a row per capability, its key as the row's initial
    # value: the held creation must carry it, not only the fields typed.
    model = make_model()
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(editor.get(url))
    rows = int(data["capabilities-TOTAL_FORMS"])
    row = next(
        n for n in range(rows) if data.get(f"capabilities-{n}-capability") == "vision"
    )
    data[f"capabilities-{row}-value"] = "yes"

    assert editor.post(url, data).status_code == 302

    assert not model.capabilities.exists()
    (created,) = PendingChange.objects.all()
    assert created.object_id is None
    assert created.changes["capability"]["new"] == "vision"
    capability = approve(created, user=publisher_user)
    assert (capability.model, capability.capability, capability.value) == (
        model,
        "vision",
        "yes",
    )
