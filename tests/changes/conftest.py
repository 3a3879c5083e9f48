"""An Editor's and a Publisher's logged-in clients, for the changes tests."""

import pytest

from tests.factories import client_for, make_staff


@pytest.fixture
def editor_user(db):
    return make_staff(role="Editor", username="eddie")


@pytest.fixture
def editor(editor_user):
    return client_for(editor_user)


@pytest.fixture
def publisher_user(db):
    return make_staff(role="Publisher", username="paula")


@pytest.fixture
def publisher(publisher_user):
    return client_for(publisher_user)
