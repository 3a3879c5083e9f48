"""
Edit conflicts that are not dead ends (issue 22, item 5): the second
editor's form keeps their typing, names the other editor and their changes,
and offers "Save my version over the newer one", which saves over the
version the conflict was shown for, and only that one.
"""

import pytest
from django.test import Client

from catalog.models import LanguageModel
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import make_model, make_staff

pytestmark = pytest.mark.django_db
SAVE_OVER = "Save my version over the newer one"


def client_for(username):
    client = Client()
    client.force_login(make_staff(role="Publisher", username=username))
    return client


def conflict(model):
    """Bob saves a new context window; Alice, who opened the form before, types a family."""
    alice, bob = client_for("alice"), client_for("bob")
    url = admin_url(LanguageModel, "change", model.pk)
    alice_form = changeform_data(alice.get(url))
    bob_form = changeform_data(bob.get(url))
    bob_form["context_window"] = 200_000
    assert bob.post(url, bob_form).status_code == 302
    alice_form["family"] = "Alice's family"
    return alice, bob, url, alice.post(url, alice_form)


def test_the_conflict_keeps_the_typing_names_the_editor_and_offers_to_save_over():
    model = make_model(context_window=128_000)

    _, _, _, response = conflict(model)

    assert response.status_code == 200
    form = response.context["adminform"].form
    [error] = form.non_field_errors()
    assert error.startswith("bob saved this language model on ")
    assert "Context window: 128000 → 200000" in error
    assert 'value="Alice&#x27;s family"' in response.text
    assert SAVE_OVER in response.text
    assert 'type="checkbox" name="save_over"' in response.text


def test_saving_over_writes_the_second_editors_version():
    model = make_model(context_window=128_000)
    alice, _, url, response = conflict(model)
    data = changeform_data(response)
    data["save_over"] = "on"

    saved = alice.post(url, data)

    assert saved.status_code == 302
    model.refresh_from_db()
    assert (model.family, model.context_window, model.version) == (
        "Alice's family",
        128_000,
        3,
    )
    assert model.history.first().history_user.username == "alice"


def test_saving_over_is_refused_again_when_someone_saved_since_the_conflict():
    model = make_model(context_window=128_000)
    alice, bob, url, response = conflict(model)
    data = changeform_data(response)
    data["save_over"] = "on"
    bob_form = changeform_data(bob.get(url))
    bob_form["description"] = "Bob again"
    assert bob.post(url, bob_form).status_code == 302

    again = alice.post(url, data)

    assert again.status_code == 200
    [error] = again.context["adminform"].form.non_field_errors()
    assert "bob saved" in error
    model.refresh_from_db()
    assert (model.description, model.family) == ("Bob again", "")


def test_without_a_conflict_the_checkbox_is_not_offered(admin_client):
    model = make_model()

    response = admin_client.get(admin_url(LanguageModel, "change", model.pk))

    assert 'type="checkbox" name="save_over"' not in response.text
    assert 'type="hidden" name="save_over"' in response.text
