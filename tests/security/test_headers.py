"""
Security headers on every kind of response (pages, API answers, 404s,
redirects, 405s, static files), a Content-Security-Policy with nonces and
nothing inline, and templates that need nothing inline.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import API, PAGES

pytestmark = pytest.mark.django_db

# The nonce is in script-src only when the page used it (Django leaves it out
# otherwise); parse_csp() drops it.
EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# One request of each kind the site answers; ``status`` is what it must be.
RESPONSES = {
    **{f"page: {name}": ("get", url, 200) for name, url in PAGES.items()},
    **{f"api: {name}": ("get", url, 200) for name, url in API.items()},
    "page 404": ("get", "/models/no-such-model/", 404),
    "unknown path 404": ("get", "/no/such/page/", 404),
    "api 404": ("get", "/api/v1/models/no-such-model", 404),
    "api unknown path 404": ("get", "/api/v1/nothing-here", 404),
    "api 422": ("get", "/api/v1/models?page_size=1000", 422),
    "reversed pair 301": ("get", "/compare/beta-vs-alpha/", 301),
    "missing slash 301": ("get", "/models", 301),
    "pick two 302": ("get", "/compare/go/?a=alpha&b=beta", 302),
    "page 405": ("post", "/models/", 405),
    "api 405": ("post", "/api/v1/models", 405),
    "api options 204": ("options", "/api/v1/models", 204),
    "page head": ("head", "/models/alpha/", 200),
    "admin login": ("get", "/admin/login/", 200),
    "admin redirect 302": ("get", "/admin/", 302),
    "static file": ("get", "/static/css/site.css", 200),
}


def parse_csp(header):
    """Return a Content-Security-Policy header as {directive: [values]}, nonces left out."""
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = [value for value in values if not value.startswith("'nonce-")]
    return policy


@pytest.mark.parametrize("name", list(RESPONSES))
def test_every_response_carries_the_security_headers(
    client, site, unthrottled, settings, name
):
    # WhiteNoise serves from the finders, as after collectstatic in production.
    settings.WHITENOISE_USE_FINDERS = True
    method, url, status = RESPONSES[name]
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert parse_csp(response["Content-Security-Policy"]) == EXPECTED_CSP


def test_hsts_is_sent_over_https(client, site):
    response = client.get("/models/", secure=True)
    assert (
        response["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )


def test_https_redirect_is_on_when_the_settings_ask(client, site, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/models/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/models/?page=2"
    assert response["X-Frame-Options"] == "DENY"


def test_json_ld_carries_the_nonce_of_the_csp_header(client, site):
    response = client.get(PAGES["comparison"])
    [nonce] = re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    scripts = re.findall(r"<script\b[^>]*>", response.text)
    assert len(scripts) == 2  # breadcrumbs and FAQ, both JSON-LD
    for script in scripts:
        assert 'type="application/ld+json"' in script
        assert f'nonce="{nonce}"' in script


def test_each_response_gets_a_new_nonce(client, site):
    first, second = (
        client.get(PAGES["model detail"])["Content-Security-Policy"] for _ in range(2)
    )
    assert first != second


class InlineCode(HTMLParser):
    """Collect what a page would need 'unsafe-inline' for."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.found.append(f"<{tag} style=...>")
        self.found += [f"<{tag} {name}=...>" for name in attrs if name.startswith("on")]
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in attrs:
            kind = attrs.get("type", "")
            if kind != "application/ld+json" or not attrs.get("nonce"):
                self.found.append(f"<script type={kind!r}>")
        for name in ("href", "src", "action"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_need_nothing_inline(client, site, name):
    parser = InlineCode()
    parser.feed(client.get(PAGES[name]).text)
    assert parser.found == []


TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *(
        Path(settings.BASE_DIR) / app / "templates"
        for app in ("catalog", "comparisons", "imports")
    ),
]


def test_templates_have_no_inline_style_or_script():
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            text = path.read_text()
            if re.search(r"\sstyle=|<style\b|\son[a-z]+=", text):
                offenders.append(f"{path}: style or event handler")
            for tag in re.findall(r"<script\b[^>]*>", text):
                if "src=" not in tag and 'nonce="{{ csp_nonce }}"' not in tag:
                    offenders.append(f"{path}: {tag}")
    assert offenders == []


def test_charts_emit_no_style_attribute():
    charts = (Path(settings.BASE_DIR) / "catalog" / "charts.py").read_text()
    assert "style=" not in charts
