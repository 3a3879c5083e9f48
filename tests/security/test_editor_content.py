"""
Editor text is inert everywhere it is shown: a corpus of script-injection,
event-handler, dangerous-URL, broken-markup and template-syntax payloads
goes into every editor text field, then every page, admin page, JSON-LD
block and API answer that shows those fields is checked.

"Inert" means, in the HTML as a browser parses it (html.parser): no
<script> but the site's own (a file from this site, or a JSON-LD or JSON data
block, whose content must parse), no on* attribute, no element that runs
or embeds content (iframe, object, embed, base, meta refresh, style), and
no javascript:, vbscript: or data: URL in an attribute that loads or links;
template syntax shows as typed. In the API the payload comes back as the
same JSON string.
"""

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from catalog.models import Benchmark, BenchmarkResult, ModelCapability, Source
from comparisons.models import Comparison
from tests.factories import make_user

from .conftest import build_site

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    '[ok](https://example.com "t\\" onmouseover=\\"alert(1)")',
    '![x](x" onerror="alert(1))',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="https://example.com" onclick="alert(1)">ok</a>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</script><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'onmouseover='alert(1)",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<base href="javascript:/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<!--<script>alert(1)//-->",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<details open ontoggle=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\u2028\u2029</script><!--",
    "{{ request }}",
    "{% debug %}",
    "{{ 7|add:7 }} ${7*7} #{7*7}",
    "**bold** [fine](https://example.com/a?b=1&c=2) <https://example.com>",
]
TEMPLATE_PAYLOADS = {"{{ request }}", "{% debug %}", "{{ 7|add:7 }} ${7*7} #{7*7}"}

# The editor text fields, and the model each lives on.
FIELDS = {
    "description": "LanguageModel.description",
    "editor_notes": "Comparison.editor_notes",
    "verdict_override": "Comparison.verdict_override",
    "notes": "BenchmarkResult.notes",
    "title": "Source.title",
    "benchmark_description": "Benchmark.description",
    "note": "ModelCapability.note",
}

# Every page that shows an editor field, and the fields it shows.
PAGES = {
    "/models/alpha/": {"description", "note", "title"},
    "/providers/host/": {"title"},
    "/benchmarks/bench/": {"benchmark_description", "title"},
    "/compare/alpha-vs-beta/": {"editor_notes", "verdict_override", "title"},
    "/compare/?models=alpha,beta": {"title"},
    "/about/data/": {"title"},
}


def admin_pages(site):
    """Return every admin page that shows an editor field, with the fields it shows."""
    model, comparison = site.models[0], site.comparison
    result = BenchmarkResult.objects.filter(model=model).get()
    capability = ModelCapability.objects.filter(model=model).get()
    first_version = model.history.order_by("history_id").first()
    return {
        f"/admin/catalog/languagemodel/{model.pk}/change/": {
            "description",
            "note",
            "title",
        },
        f"/admin/catalog/languagemodel/{model.pk}/history/{first_version.pk}/": {
            "description",
            "title",
        },
        f"/admin/comparisons/comparison/{comparison.pk}/change/": {
            "editor_notes",
            "verdict_override",
        },
        f"/admin/catalog/benchmark/{site.benchmark.pk}/change/": {
            "benchmark_description"
        },
        f"/admin/catalog/benchmarkresult/{result.pk}/change/": {"notes", "title"},
        "/admin/catalog/benchmarkresult/": {"title"},
        f"/admin/catalog/modelcapability/{capability.pk}/change/": {"note", "title"},
        f"/admin/catalog/source/{site.source.pk}/change/": {"title"},
        "/admin/catalog/source/?q=a": {"title"},
        f"/admin/catalog/route/?source__id__exact={site.source.pk}": {"title"},
    }


# The history lists show each change, so a field only once it has changed;
# every model's list uses the same template.
HISTORY_LISTS = (
    "/admin/catalog/languagemodel/{model}/history/",
    "/admin/comparisons/comparison/{comparison}/history/",
)

# Every API answer that returns an editor field, and the fields it returns.
API = {
    "/api/v1/models/alpha": {"description", "note", "title"},
    "/api/v1/benchmarks/bench": {"benchmark_description", "title"},
    "/api/v1/comparisons/alpha/beta": {"editor_notes", "verdict_override", "title"},
    "/api/v1/providers/host": {"title"},
    "/api/v1/export": {
        "benchmark_description",
        "description",
        "note",
        "notes",
        "title",
    },
}


RUNNING_TAGS = {"iframe", "object", "embed", "base", "style", "frame", "applet"}
URL_ATTRIBUTES = {
    "action",
    "background",
    "data",
    "formaction",
    "href",
    "poster",
    "src",
    "srcset",
    "xlink:href",
}
DATA_BLOCKS = {"application/ld+json", "application/json"}
# Browsers skip these inside a scheme.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


class InertCheck(HTMLParser):
    """Collect every way a parsed page could run or load the payload."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.script = None
        self.json_blocks = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value:
                scheme = IGNORED_IN_SCHEME.sub("", unescape(value)).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in RUNNING_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append("<meta http-equiv>")
        if tag == "script":
            kind = attributes.get("type", "")
            src = attributes.get("src") or ""
            if kind in DATA_BLOCKS and not src:
                self.script = kind
                if kind == "application/ld+json" and not attributes.get("nonce"):
                    self.problems.append("JSON-LD without a nonce")
            elif not (src.startswith("/") and not src.startswith("//")):
                self.problems.append(f"<script {attrs!r}>")

    def handle_data(self, data):
        if self.script is not None:
            self.json_blocks.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self.script = None


def assert_inert(response, payload):
    """Assert the HTML response runs nothing the payload brought."""
    assert response.status_code == 200, response.status_code
    html = response.text
    check = InertCheck()
    check.feed(html)
    check.close()
    assert check.problems == [], check.problems
    for block in check.json_blocks:
        json.loads(block)  # valid JSON, so nothing closed the element early
    if payload in TEMPLATE_PAYLOADS:
        # What {{ request }} or {% debug %} would have printed.
        assert "WSGIRequest" not in html
        assert "sql_queries" not in html


def json_strings(value):
    """Return every string in a decoded JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return []


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def hostile_site(request):
    """Return a site whose every editor field holds the payload, written as an edit."""
    payload = request.param
    site = build_site()
    # Saved over the first version, so the history pages show a change too.
    for model in site.models:
        model.description = payload
        model.save()
    for capability in ModelCapability.objects.all():
        capability.note = payload
        capability.save()
    for result in BenchmarkResult.objects.all():
        result.notes = payload
        result.save()
    source = Source.objects.get()
    source.title = payload
    source.save()
    benchmark = Benchmark.objects.get()
    benchmark.description = payload
    benchmark.save()
    comparison = Comparison.objects.get()
    comparison.editor_notes = payload
    comparison.verdict_override = payload
    comparison.save()
    site.payload = payload
    return site


def test_each_surface_shows_the_fields_it_is_checked_for(client):
    site = build_site(**{field: f"Marker-{field}." for field in FIELDS})
    client.force_login(make_user(is_staff=True, is_superuser=True))
    surfaces = {**PAGES, **admin_pages(site), **API}
    for url, fields in surfaces.items():
        text = client.get(url).text
        shown = {field for field in FIELDS if f"Marker-{field}." in text}
        assert shown == fields, url


@pytest.mark.parametrize("hostile_site", PAYLOADS, indirect=True)
def test_editor_text_is_inert_on_every_public_page(client, hostile_site):
    payload = hostile_site.payload
    for url in PAGES:
        assert_inert(client.get(url), payload)
        if payload in TEMPLATE_PAYLOADS:
            assert payload in unescape(client.get(url).text)


@pytest.mark.parametrize("hostile_site", PAYLOADS, indirect=True)
def test_editor_text_is_inert_in_the_admin(staff_client, hostile_site):
    site = hostile_site
    ids = {"model": site.models[0].pk, "comparison": site.comparison.pk}
    urls = [*admin_pages(site), *(url.format(**ids) for url in HISTORY_LISTS)]
    for url in urls:
        response = staff_client.get(url)
        assert_inert(response, site.payload)
        if site.payload in TEMPLATE_PAYLOADS:
            assert site.payload in unescape(response.text)


@pytest.mark.parametrize("hostile_site", PAYLOADS, indirect=True)
def test_editor_text_comes_back_as_the_same_string_from_the_api(client, hostile_site):
    payload = hostile_site.payload
    for url, fields in API.items():
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        strings = json_strings(response.json())
        # The verdict override is shown without its surrounding whitespace.
        assert payload in strings or payload.strip() in strings, url
        assert len(fields) <= strings.count(payload) + strings.count(payload.strip())
