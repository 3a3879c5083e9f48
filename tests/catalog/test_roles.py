import pytest
from django.test import Client

from catalog.models import (
    BenchmarkResult,
    LanguageModel,
    PublicationStatus,
    Route,
)
from changes.models import PendingChange
from comparisons.models import Comparison
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import (
    make_capability,
    make_comparison,
    make_model,
    make_organization,
    make_result,
    make_route,
    make_staff,
    role_group,
)

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return client_for(make_staff(role="Editor"))


@pytest.fixture
def publisher():
    return client_for(make_staff(role="Publisher"))


def action_names(response):
    return [
        name for name, _ in response.context["action_form"].fields["action"].choices
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "granted", "refused"),
    [
        (
            "Editor",
            {"catalog.change_route", "comparisons.add_comparison"},
            {
                "catalog.delete_route",
                "catalog.publish_languagemodel",
                "catalog.review_languagemodel",
                "comparisons.publish_comparison",
            },
        ),
        (
            "Publisher",
            {
                "catalog.delete_route",
                "catalog.publish_languagemodel",
                "catalog.review_route",
                "comparisons.review_comparison",
                "comparisons.delete_comparison",
            },
            set(),
        ),
    ],
)
def test_role_groups_hold_their_permissions(role, granted, refused):
    user = make_staff(role=role)

    assert role_group(role).permissions.exists()
    assert all(user.has_perm(permission) for permission in granted)
    assert not any(user.has_perm(permission) for permission in refused)


# Editors -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", [LanguageModel, Comparison])
def test_editor_sees_status_read_only(editor, model):
    obj = make_model() if model is LanguageModel else make_comparison()

    response = editor.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields
    assert "Published" in response.text


@pytest.mark.django_db
def test_editor_adds_a_model_as_draft_whatever_is_posted(editor):
    url = admin_url(LanguageModel, "add")
    data = changeform_data(editor.get(url))
    data.update(
        name="New",
        slug="new",
        organization=make_organization().pk,
        status=PUBLISHED,
    )

    response = editor.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert LanguageModel.objects.get(slug="new").status == DRAFT


@pytest.mark.django_db
def test_editors_edit_of_a_published_model_waits_for_a_publisher(editor):
    model = make_model(status=PUBLISHED, family="Old")
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(editor.get(url))
    data.update(family="Renamed", status=DRAFT)

    response = editor.post(url, data)

    assert response.status_code == 302
    model.refresh_from_db()
    assert (model.family, model.status) == ("Old", PUBLISHED)
    (held,) = PendingChange.objects.pending()
    assert held.changes == {"family": {"old": "Old", "new": "Renamed"}}


@pytest.mark.django_db
def test_editor_edits_a_draft_model_at_once(editor):
    model = make_model(status=DRAFT, family="Old")
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(editor.get(url))
    data.update(family="Renamed")

    assert editor.post(url, data).status_code == 302
    model.refresh_from_db()
    assert model.family == "Renamed"
    assert not PendingChange.objects.exists()


@pytest.mark.django_db
def test_editor_adds_a_comparison_as_draft(editor):
    a, b = make_model(slug="a-model"), make_model(slug="b-model")

    response = editor.post(
        admin_url(Comparison, "add"),
        {"model_a": a.pk, "model_b": b.pk, "status": PUBLISHED},
    )

    assert response.status_code == 302
    assert Comparison.objects.get().status == DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory"),
    [
        (LanguageModel, make_model),
        (Comparison, make_comparison),
        (Route, make_route),
        (BenchmarkResult, make_result),
    ],
)
def test_editor_is_offered_no_publish_review_or_delete_action(editor, model, factory):
    obj = factory()

    changelist = editor.get(admin_url(model, "changelist"))
    change_form = editor.get(admin_url(model, "change", obj.pk))

    # Without any action left, the admin shows no action bar at all.
    assert changelist.context["action_form"] is None
    assert change_form.context["action_form"] is None
    assert change_form.context["has_delete_permission"] is False
    assert "Mark this" not in change_form.text


@pytest.mark.django_db
def test_editor_cannot_publish_by_posting_the_action(editor):
    model = make_model(status=DRAFT)

    editor.post(
        admin_url(LanguageModel, "changelist"),
        {"action": "publish", "_selected_action": [model.pk]},
    )

    model.refresh_from_db()
    assert model.status == DRAFT


@pytest.mark.django_db
def test_editor_cannot_mark_reviewed_from_the_change_form(editor):
    model = make_model()

    editor.post(
        admin_url(LanguageModel, "change", model.pk),
        {"CHANGE_FORM-action": "mark_reviewed", "_selected_action": model.pk},
    )

    model.refresh_from_db()
    assert model.last_reviewed is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory"),
    [(LanguageModel, make_model), (Comparison, make_comparison), (Route, make_route)],
)
def test_editor_cannot_delete(editor, model, factory):
    obj = factory()

    page = editor.get(admin_url(model, "delete", obj.pk))
    post = editor.post(admin_url(model, "delete", obj.pk), {"post": "yes"})

    assert (page.status_code, post.status_code) == (403, 403)
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
def test_editor_cannot_delete_an_inline_row(editor):
    # The model form's inline rows are its capabilities (routes and results
    # are read-only lines there since issue 22).
    capability = make_capability()

    response = editor.get(admin_url(LanguageModel, "change", capability.model.pk))

    capabilities = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "capabilities"
    )
    assert capabilities.has_delete_permission is False


@pytest.mark.django_db
def test_nobody_reverts_from_the_history(editor, admin_client):
    model = make_model(family="Old")
    model.family = "New"
    model.save()
    record = model.history.last()
    url = admin_url(LanguageModel, "simple_history", model.pk, record.pk)

    page = admin_client.get(url)
    post = admin_client.post(url, {"family": "Old"})

    assert page.status_code == 200
    assert post.status_code == 403
    model.refresh_from_db()
    assert model.family == "New"


# Publishers --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory", "actions"),
    [
        (LanguageModel, make_model, ["publish", "move_to_draft", "mark_reviewed"]),
        (Comparison, make_comparison, ["publish", "move_to_draft", "mark_reviewed"]),
        (Route, make_route, ["mark_reviewed"]),
        (BenchmarkResult, make_result, ["mark_reviewed"]),
    ],
)
def test_publisher_is_offered_every_action(publisher, model, factory, actions):
    obj = factory()

    changelist = publisher.get(admin_url(model, "changelist"))
    change_form = publisher.get(admin_url(model, "change", obj.pk))

    assert action_names(changelist) == ["", "delete_selected", *actions]
    assert action_names(change_form) == ["", "mark_reviewed"]
    assert change_form.context["has_delete_permission"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory", "message"),
    [
        (LanguageModel, make_model, "1 model published."),
        (Comparison, make_comparison, "1 comparison published."),
    ],
)
def test_publisher_publishes_from_the_list(publisher, model, factory, message):
    obj = factory(status=DRAFT)

    response = publisher.post(
        admin_url(model, "changelist"),
        {"action": "publish", "_selected_action": [obj.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [message]
    obj.refresh_from_db()
    assert obj.status == PUBLISHED
    assert obj.history.first().history_change_reason == "Set to published from the list"


@pytest.mark.django_db
def test_publisher_unpublishes_in_the_change_form(publisher):
    model = make_model(status=PUBLISHED)
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(publisher.get(url))
    data["status"] = DRAFT

    response = publisher.post(url, data)

    assert response.status_code == 302
    model.refresh_from_db()
    assert model.status == DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory"),
    [(LanguageModel, make_model), (Comparison, make_comparison), (Route, make_route)],
)
def test_publisher_deletes(publisher, model, factory):
    obj = factory()

    response = publisher.post(admin_url(model, "delete", obj.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()
