"""
django-axes on the admin login: five failures for one username from one
address lock that pair out for the cool-off, with a clear 429 page; a
forged X-Forwarded-For does not start a fresh count.
"""

import datetime as dt

import pytest
from axes.models import AccessAttempt

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor():
    return make_user(username="editor", password=PASSWORD, is_staff=True)


def log_in(client, password, username="editor", address="203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail(client, times, **kwargs):
    """Send ``times`` wrong passwords; return the statuses of the answers."""
    return [log_in(client, "wrong", **kwargs).status_code for _ in range(times)]


def test_four_failures_still_let_the_right_password_in(client, editor):
    # The login form again, with its error.
    assert fail(client, 4) == [200] * 4
    assert log_in(client, PASSWORD).status_code == 302


def test_the_fifth_failure_locks_the_username_and_address_out(client, editor):
    fail(client, 4)
    response = log_in(client, "wrong")
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    assert "Try again in 15 minutes" in response.text
    # Even the right password is refused now.
    assert log_in(client, PASSWORD).status_code == 429


def test_a_locked_out_editor_can_log_in_from_another_address(client, editor):
    fail(client, 5)
    assert log_in(client, PASSWORD, address="198.51.100.9").status_code == 302


def test_another_username_from_the_same_address_is_not_locked_out(client, editor):
    make_user(username="publisher", password=PASSWORD, is_staff=True)
    fail(client, 5)
    assert log_in(client, PASSWORD, username="publisher").status_code == 302


def test_rotating_x_forwarded_for_does_not_reset_the_count(client, editor):
    for n in range(5):
        log_in(client, "wrong", X_Forwarded_For=f"10.0.0.{n}")
    assert log_in(client, PASSWORD, X_Forwarded_For="10.9.9.9").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.7"
    }


def test_behind_a_proxy_the_address_it_saw_counts(client, editor, settings):
    settings.NINJA_NUM_PROXIES = 1
    proxy = "192.0.2.1"
    for n in range(5):
        # The client forged the first entry; the proxy appended the real one.
        log_in(
            client, "wrong", address=proxy, X_Forwarded_For=f"10.0.0.{n}, 203.0.113.7"
        )
    locked = log_in(client, PASSWORD, address=proxy, X_Forwarded_For="203.0.113.7")
    assert locked.status_code == 429
    other = log_in(client, PASSWORD, address=proxy, X_Forwarded_For="198.51.100.9")
    assert other.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, editor):
    fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    )
    assert log_in(client, PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures(client, editor):
    fail(client, 4)
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    fail(client, 4)
    assert log_in(client, PASSWORD).status_code == 302


def test_admin_client_fixtures_are_not_affected(admin_client):
    assert admin_client.get("/admin/").status_code == 200


@pytest.mark.parametrize("length", [151, 256, 10_000])
def test_an_over_long_username_is_a_form_error_never_a_failed_attempt(
    client, editor, length
):
    response = log_in(client, "wrong", username="u" * length)

    assert response.status_code == 200
    assert "at most 150 characters" in response.text
    assert not AccessAttempt.objects.exists()


def test_a_username_of_150_characters_is_checked_as_usual(client, editor):
    response = log_in(client, "wrong", username="u" * 150)

    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "u" * 150
