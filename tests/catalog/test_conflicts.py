from decimal import Decimal

import pytest
from django.test import Client

from catalog.admin import LanguageModelAdmin
from catalog.catalog_format import export_catalog, load_catalog
from catalog.models import EditConflict, LanguageModel, Route
from comparisons.models import Comparison
from tests.catalog.test_admin import (
    admin_url,
    changeform_data,
)
from tests.factories import (
    make_comparison,
    make_model,
    make_organization,
    make_provider,
    make_route,
    make_staff,
)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice():
    return client_for(make_staff(role="Publisher", username="alice"))


@pytest.fixture
def bob():
    return client_for(make_staff(role="Publisher", username="bob"))


def open_form(client, url):
    """Return the POST data of the change form at ``url``, as the browser has it."""
    response = client.get(url)
    assert response.status_code == 200
    return changeform_data(response)


@pytest.mark.django_db
def test_model_form_carries_the_version_it_was_opened_at(alice):
    model = make_model()
    model.save()

    data = open_form(alice, admin_url(LanguageModel, "change", model.pk))

    assert data["opened_version"] == 2


@pytest.mark.django_db
def test_second_save_of_a_model_is_refused_with_what_changed(alice, bob):
    model = make_model(context_window=128_000)
    url = admin_url(LanguageModel, "change", model.pk)
    alice_form = open_form(alice, url)
    bob_form = open_form(bob, url)

    bob_form["context_window"] = 200_000
    assert bob.post(url, bob_form).status_code == 302
    alice_form["family"] = "Alice's family"
    response = alice.post(url, alice_form)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert error.startswith("bob saved this language model on ")
    assert "after you opened this page, so your changes to it were not saved" in error
    assert "Context window: 128000 → 200000" in error
    assert "Save again to save only the fields you changed" in error
    model.refresh_from_db()
    assert (model.context_window, model.family, model.version) == (200_000, "", 2)


@pytest.mark.django_db
def test_reloaded_form_saves_after_a_conflict(alice, bob):
    model = make_model()
    url = admin_url(LanguageModel, "change", model.pk)
    stale = open_form(alice, url)
    bob_form = open_form(bob, url)
    bob_form["family"] = "Bob's"
    bob.post(url, bob_form)
    stale["description"] = "Alice's first try"
    assert alice.post(url, stale).status_code == 200

    fresh = open_form(alice, url)
    fresh["description"] = "Alice's"
    response = alice.post(url, fresh)

    assert response.status_code == 302
    model.refresh_from_db()
    assert (model.family, model.description, model.version) == ("Bob's", "Alice's", 3)


@pytest.mark.django_db
def test_a_stale_form_saved_unchanged_is_no_conflict_and_no_new_version(alice, bob):
    # Issue 22: saving a form without changing anything refuses nothing and
    # saves nothing, so it cannot put back what Bob saved meanwhile.
    model = make_model()
    url = admin_url(LanguageModel, "change", model.pk)
    stale = open_form(alice, url)
    bob_form = open_form(bob, url)
    bob_form["family"] = "Bob's"
    bob.post(url, bob_form)

    assert alice.post(url, stale).status_code == 302

    model.refresh_from_db()
    assert (model.family, model.version, model.history.count()) == ("Bob's", 2, 2)


@pytest.mark.django_db
def test_inline_row_changed_elsewhere_only_in_hidden_fields_does_not_block(alice, bob):
    model = make_model()
    route = make_route(model=model)
    model_url = admin_url(LanguageModel, "change", model.pk)
    alice_form = open_form(alice, model_url)
    route_url = admin_url(Route, "change", route.pk)
    bob_form = open_form(bob, route_url)
    bob_form["batch_input_price"] = "0.5"
    bob.post(route_url, bob_form)

    alice_form["family"] = "Alice's family"
    response = alice.post(model_url, alice_form)

    assert response.status_code == 302
    route.refresh_from_db()
    model.refresh_from_db()
    assert (route.batch_input_price, model.family) == (Decimal("0.5"), "Alice's family")


@pytest.mark.django_db
def test_stale_comparison_save_is_refused(alice, bob):
    comparison = make_comparison(editor_notes="First")
    url = admin_url(Comparison, "change", comparison.pk)
    alice_form = open_form(alice, url)
    bob_form = open_form(bob, url)
    bob_form["editor_notes"] = "Bob's notes"
    assert bob.post(url, bob_form).status_code == 302

    alice_form["verdict_override"] = "Alice's verdict"
    response = alice.post(url, alice_form)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert "Editor notes: First → Bob's notes" in error
    comparison.refresh_from_db()
    assert comparison.verdict_override == ""


@pytest.mark.django_db
def test_stale_route_admin_save_is_refused(alice, bob):
    route = make_route(identifier="gpt-4o")
    url = admin_url(Route, "change", route.pk)
    alice_form = open_form(alice, url)
    bob_form = open_form(bob, url)
    bob_form["identifier"] = "gpt-4o-2024"
    bob.post(url, bob_form)
    alice_form["identifier"] = "gpt-4o-alice"

    response = alice.post(url, alice_form)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert "Identifier: gpt-4o → gpt-4o-2024" in error


@pytest.mark.django_db
def test_catalog_load_after_the_form_was_opened_refuses_the_save(alice):
    organization = make_organization(slug="lab")
    model = make_model(slug="lab-1", organization=organization, context_window=1000)
    url = admin_url(LanguageModel, "change", model.pk)
    alice_form = open_form(alice, url)
    document = export_catalog(published_only=False)
    document["models"][0]["context_window"] = 2000
    load_catalog(document)
    alice_form["family"] = "Alice's"

    response = alice.post(url, alice_form)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert error.startswith("an import or script saved this language model")
    assert "Context window: 1000 → 2000" in error


@pytest.mark.django_db
def test_save_claims_the_version_it_expects():
    route = make_route()
    stale = Route.objects.get(pk=route.pk)
    route.input_price = Decimal(3)
    route.save()

    stale._expected_version = 1
    stale.input_price = Decimal(4)
    with pytest.raises(EditConflict):
        stale.save()

    route.refresh_from_db()
    assert (route.input_price, route.version) == (Decimal(3), 2)


@pytest.mark.django_db
def test_every_save_adds_one_to_the_version_in_the_database():
    model = make_model()
    other_copy = LanguageModel.objects.get(pk=model.pk)
    model.save()

    other_copy.save(update_fields=["name"])

    assert other_copy.version == 3
    assert model.history.first().version == 3
    assert LanguageModel.objects.get(pk=model.pk).version == 3


@pytest.mark.django_db
def test_conflict_at_the_moment_of_saving_shows_a_message(alice, monkeypatch):
    # Two saves passing the form's check at the same instant: simulated by
    # another save landing between the check and the write.
    model = make_model()
    url = admin_url(LanguageModel, "change", model.pk)
    form = open_form(alice, url)
    form["family"] = "Alice's"
    save_model = LanguageModelAdmin.save_model

    def save_after_someone_else(self, request, obj, form, change):
        LanguageModel.objects.filter(pk=obj.pk).update(version=99)
        save_model(self, request, obj, form, change)

    monkeypatch.setattr(LanguageModelAdmin, "save_model", save_after_someone_else)

    response = alice.post(url, form, follow=True)

    assert response.redirect_chain == [(url, 302)]
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Someone else saved this record at the same moment")
    model.refresh_from_db()
    assert (model.family, model.version) == ("", 1)


@pytest.mark.django_db
def test_new_rows_and_new_records_need_no_version(alice):
    # Routes are added with a new model (the change form lists them read-only).
    provider = make_provider()
    url = admin_url(LanguageModel, "add")
    data = open_form(alice, url)
    data.update(name="New", slug="new", organization=make_organization().pk)
    data["routes-0-provider"] = provider.pk
    data["routes-0-identifier"] = "new"
    data["routes-0-input_price"] = "1"
    data["benchmark_results-TOTAL_FORMS"] = 0

    response = alice.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert LanguageModel.objects.get(slug="new").routes.get().version == 1
