"""Settings for the test suite: only what makes tests faster or isolated."""

import os

# Long and varied enough for the production checks in base.py (DEBUG is off).
os.environ.setdefault(
    "DJANGO_SECRET_KEY",
    "test-only-secret-key-not-for-production-0123456789-abcdefghijklmnop",
)

from .base import *  # noqa: E402, F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The test client and live_server speak plain HTTP.
SECURE_SSL_REDIRECT = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The public site's Jinja2 templates send Django's template_rendered signal, so
# tests read response.context from them as from the admin's.
TEMPLATES[0]["BACKEND"] = "tests.jinja2_backend.Jinja2"  # noqa: F405
