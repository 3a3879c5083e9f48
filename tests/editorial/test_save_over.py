"""
Edit conflicts that are not dead ends (issue 22, item 4): the second
editor's form keeps their typing, shows the original, theirs (who, when)
and yours side by side, and holds their version with the second editor's
own changes on top, so saving again writes only the fields the second
editor changed; a third save in between is caught again.
"""

import pytest
from django.test import Client

from catalog.models import LanguageModel
from tests.catalog.test_admin import admin_url, changeform_data
from tests.factories import make_model, make_staff

pytestmark = pytest.mark.django_db


def client_for(username):
    client = Client()
    client.force_login(make_staff(role="Publisher", username=username))
    return client


def conflict(model, **alice_typing):
    """Bob saves a new context window; Alice, who opened the form before, types hers."""
    alice, bob = client_for("alice"), client_for("bob")
    url = admin_url(LanguageModel, "change", model.pk)
    alice_form = changeform_data(alice.get(url))
    bob_form = changeform_data(bob.get(url))
    bob_form["context_window"] = 200_000
    assert bob.post(url, bob_form).status_code == 302
    alice_form.update(alice_typing or {"family": "Alice's family"})
    return alice, bob, url, alice.post(url, alice_form)


def test_the_conflict_screen_shows_original_theirs_and_yours_and_keeps_the_typing():
    model = make_model(context_window=128_000, family="")

    _, _, _, response = conflict(model)

    assert response.status_code == 200
    form = response.context["adminform"].form
    [error] = form.non_field_errors()
    assert error.startswith("bob saved this language model on ")
    assert "Context window: 128000 → 200000" in error
    [shown] = response.context["edit_conflicts"]
    assert shown.editors == ["bob"]
    rows = {row.label: row for row in shown.rows}
    assert set(rows) == {"Context window", "Family"}
    window, family = rows["Context window"], rows["Family"]
    assert (window.original, window.theirs, window.yours) == (
        "128000",
        "200000",
        "128000",
    )
    assert (window.theirs_changed, window.yours_changed) == (True, False)
    assert (family.original, family.theirs, family.yours) == (
        "empty",
        "empty",
        "Alice's family",
    )
    assert 'class="conflict-table"' in response.text
    # The form holds their window and Alice's family, at their version.
    assert 'value="Alice&#x27;s family"' in response.text
    data = changeform_data(response)
    assert (str(data["context_window"]), data["opened_version"]) == ("200000", "2")


def test_saving_again_writes_only_the_second_editors_fields():
    model = make_model(context_window=128_000)
    alice, _, url, response = conflict(model)

    saved = alice.post(url, changeform_data(response))

    assert saved.status_code == 302
    model.refresh_from_db()
    assert (model.family, model.context_window, model.version) == (
        "Alice's family",
        200_000,  # Bob's, untouched by Alice
        3,
    )
    assert model.history.first().history_user.username == "alice"


def test_a_field_both_changed_is_saved_as_the_second_editor_typed_it():
    model = make_model(context_window=128_000)
    alice, _, url, response = conflict(model, context_window="100k")

    [shown] = response.context["edit_conflicts"]
    [row] = shown.rows
    assert (row.original, row.theirs, row.yours) == ("128000", "200000", "100000")
    assert row.theirs_changed and row.yours_changed
    assert alice.post(url, changeform_data(response)).status_code == 302

    model.refresh_from_db()
    assert model.context_window == 100_000


def test_saving_again_is_refused_when_someone_saved_since_the_conflict():
    model = make_model(context_window=128_000)
    alice, bob, url, response = conflict(model)
    data = changeform_data(response)
    bob_form = changeform_data(bob.get(url))
    bob_form["description"] = "Bob again"
    assert bob.post(url, bob_form).status_code == 302

    again = alice.post(url, data)

    assert again.status_code == 200
    [error] = again.context["adminform"].form.non_field_errors()
    assert "bob saved" in error
    model.refresh_from_db()
    assert (model.description, model.family) == ("Bob again", "")
    assert alice.post(url, changeform_data(again)).status_code == 302
    model.refresh_from_db()
    assert (model.description, model.family, model.context_window) == (
        "Bob again",
        "Alice's family",
        200_000,
    )


def test_without_a_conflict_no_table_is_shown(admin_client):
    model = make_model()

    response = admin_client.get(admin_url(LanguageModel, "change", model.pk))

    assert 'class="conflict-table"' not in response.text
    assert response.context["edit_conflicts"] == []
