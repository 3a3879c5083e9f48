"""
Production settings: ``check --deploy`` finds nothing, a weak secret key
stops the start, and HTTPS, cookies and mail follow the environment.
"""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(django_settings.BASE_DIR)
BASE_SETTINGS = BASE_DIR / "config" / "settings" / "base.py"
PRODUCTION_KEY = secrets.token_urlsafe(50)


def production_environment(**overrides):
    """Return this process's environment without the project's variables, plus ``overrides``."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "AXES_", "NINJA_", "REDIS_"))
        and name != "DATABASE_URL"
    }
    environment.update(overrides)
    return environment


def load_settings(monkeypatch, **environment):
    """Return base.py's settings as read with ``environment`` (DEBUG off unless given)."""
    for name in list(os.environ):
        if name.startswith(("DJANGO_", "AXES_")):
            monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))


def test_check_deploy_finds_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=BASE_DIR,
        env=production_environment(
            DJANGO_SETTINGS_MODULE="config.settings.base",
            DJANGO_SECRET_KEY=PRODUCTION_KEY,
            DJANGO_ALLOWED_HOSTS="example.com",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_the_app_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=production_environment(DJANGO_SETTINGS_MODULE="config.settings.base"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "django-insecure-local-development-only",
        "django-insecure-" + secrets.token_urlsafe(50),
        secrets.token_urlsafe(36)[:49],  # 49 characters
        "ab" * 40,  # 2 different characters
    ],
)
def test_weak_secret_keys_are_refused_in_production(monkeypatch, key):
    with pytest.raises(ImproperlyConfigured, match="not safe for production"):
        load_settings(monkeypatch, DJANGO_SECRET_KEY=key)


def test_the_development_key_is_fine_with_debug_on(monkeypatch):
    loaded = load_settings(monkeypatch, DJANGO_DEBUG="1")
    assert loaded["SECRET_KEY"] == "django-insecure-local-development-only"


def test_production_defaults_are_secure(monkeypatch):
    loaded = load_settings(
        monkeypatch,
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DJANGO_ALLOWED_HOSTS="example.com",
    )
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SECURE_HSTS_SECONDS"] == 31_536_000
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert loaded["SECURE_HSTS_PRELOAD"] is True
    # Only trusted when the deployment says a proxy terminates TLS.
    assert "SECURE_PROXY_SSL_HEADER" not in loaded
    assert loaded["MAILERS"]["default"]["BACKEND"] == (
        "django.core.mail.backends.smtp.EmailBackend"
    )
    assert loaded["DEFAULT_FROM_EMAIL"] == "LLM Compare <noreply@example.com>"
    assert loaded["SERVER_EMAIL"] == loaded["DEFAULT_FROM_EMAIL"]


def test_the_environment_overrides_https_and_mail(monkeypatch):
    loaded = load_settings(
        monkeypatch,
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DJANGO_BEHIND_TLS_PROXY="1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="60",
        DJANGO_SECURE_HSTS_PRELOAD="0",
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_DEFAULT_FROM_EMAIL="news@example.org",
        DJANGO_SERVER_EMAIL="errors@example.org",
        AXES_COOLOFF_MINUTES="30",
        AXES_FAILURE_LIMIT="3",
    )
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert loaded["SECURE_SSL_REDIRECT"] is False
    assert loaded["SECURE_HSTS_SECONDS"] == 60
    assert loaded["SECURE_HSTS_PRELOAD"] is False
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert loaded["MAILERS"]["default"] == {
        "BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "OPTIONS": {},
    }
    assert loaded["DEFAULT_FROM_EMAIL"] == "news@example.org"
    assert loaded["SERVER_EMAIL"] == "errors@example.org"
    assert loaded["AXES_COOLOFF_TIME"].total_seconds() == 30 * 60
    assert loaded["AXES_FAILURE_LIMIT"] == 3


def test_development_prints_mail_and_serves_plain_http(monkeypatch):
    loaded = load_settings(monkeypatch, DJANGO_DEBUG="1")
    assert loaded["MAILERS"]["default"]["BACKEND"] == (
        "django.core.mail.backends.console.EmailBackend"
    )
    assert loaded["SECURE_SSL_REDIRECT"] is False
    assert loaded["SESSION_COOKIE_SECURE"] is False


def test_a_request_through_the_tls_proxy_counts_as_secure(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    forwarded = client.get("/about/data/", headers={"X-Forwarded-Proto": "https"})
    assert forwarded.status_code == 200
    assert "Strict-Transport-Security" in forwarded
    assert client.get("/about/data/").status_code == 301
