"""
Hostile input on every page and API endpoint: odd slugs, NUL and control
characters, huge numbers, malformed pair URLs, repeated parameters and
unsafe methods. Each answers 2xx with a message or 4xx with a clear one,
never a 500; a Hypothesis run sends 1,500 random requests to make sure, and
200 admin logins with random (and over-long) usernames. Hostile files for
the importer have their own random mix (``test_hostile_files.py``).
"""

import json
from urllib.parse import quote, quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import API, PAGES

pytestmark = pytest.mark.django_db

# Parameters the pages and the API read, and a few they do not.
PARAMETERS = (
    "a",
    "b",
    "batch_share",
    "cached_share",
    "capability",
    "include_free",
    "input_tokens",
    "max_input_price",
    "min_context",
    "models",
    "open_weights",
    "order",
    "organization",
    "output_tokens",
    "page",
    "page_size",
    "preset",
    "priority",
    "q",
    "requests",
    "sort",
    "unknown",
)
# Already URL-encoded, as a client would send them.
HOSTILE_VALUES = (
    "%00",
    "a%00b",
    "%01%02%1F%7F",
    "%0D%0ASet-Cookie:%20x=1",
    "9e99999",
    "-9e99999",
    "1" * 1001,
    "-1",
    "0",
    "1.5",
    "NaN",
    "Infinity",
    "0x10",
    "1_000",
    "%EF%BD%87%EF%BD%90%EF%BD%94",  # fullwidth "ｇｐｔ"
    "%F0%9F%98%80",  # an emoji
    "%E2%80%AE",  # right-to-left override
    "%FF%FE",  # not UTF-8
    "%",
    "%zz",
    "a" * 5000,
    "alpha,alpha",
    "alpha,%00",
    ",,,",
)


def assert_handled(response, method="GET"):
    """Assert the response is not a server error and a 4xx says why."""
    assert response.status_code < 500, (response.status_code, response.content[:500])
    if 400 <= response.status_code < 500 and method != "HEAD":
        assert response.content.strip(), response.status_code


def every_url():
    return [*PAGES.values(), *API.values()]


def with_query(url, query):
    return f"{url}{'&' if '?' in url else '?'}{query}"


@pytest.mark.parametrize(
    "path",
    [
        "/models/%EF%BD%87%EF%BD%90%EF%BD%94/",
        "/models/" + "a" * 5000 + "/",
        "/models/%F0%9F%98%80/",
        "/models/%00/",
        "/models/alpha%00/",
        "/providers/%F0%9F%98%80/",
        "/organizations/" + "b" * 5000 + "/",
        "/benchmarks/%FF/",
        "/api/v1/models/%EF%BD%87%EF%BD%90%EF%BD%94",
        "/api/v1/models/" + "a" * 5000,
        "/api/v1/models/%00",
        "/api/v1/providers/%F0%9F%98%80",
        "/api/v1/benchmarks/%FF",
        "/api/v1/comparisons/%00/alpha",
        "/api/v1/comparisons/alpha/" + "b" * 5000,
    ],
)
def test_odd_slugs_answer_4xx_saying_why(client, site, unthrottled, path):
    response = client.get(path)
    if path.startswith("/api/"):
        # 422 for a slug that cannot be one, 404 for one that names nothing.
        assert response.status_code in (404, 422)
        assert response.json()["detail"]
    elif "%00" in path:
        assert response.status_code == 400
        assert "NUL character" in response.text
    else:
        assert response.status_code == 404
        assert "Page not found" in response.text


@pytest.mark.parametrize(
    "pair",
    [
        "-vs-",
        "a-vs-b-vs-c",
        "alpha-vs-beta-vs-alpha",
        "alpha-vs-alpha",
        "alpha-vs-",
        "-vs-beta",
        "alphavsbeta",
        "alpha-vs-%F0%9F%98%80",
        "a" * 5000 + "-vs-beta",
        "%EF%BD%81lpha-vs-beta",
    ],
)
def test_malformed_pair_urls_answer_404(client, site, pair):
    # A pair named in the wrong order is sent to the right one first.
    response = client.get(f"/compare/{pair}/", follow=True)
    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize("path", ["/compare/%00-vs-x/", "/models/?q=%00", "/%00"])
def test_a_nul_character_in_a_page_url_answers_400_saying_why(client, site, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL character (%00)" in response.text


def all_parameters(value):
    """Return a query string giving every parameter ``value``."""
    return "&".join(f"{name}={value}" for name in PARAMETERS)


@pytest.mark.parametrize("url", every_url())
def test_nul_and_control_characters_in_every_parameter_are_handled(
    client, site, unthrottled, url
):
    for value in ("%00", "a%00b", "%01%02%1F%7F", "%0D%0Ax"):
        assert_handled(client.get(with_query(url, all_parameters(value))))


@pytest.mark.parametrize("url", every_url())
def test_hostile_values_in_every_parameter_are_handled(client, site, unthrottled, url):
    for value in HOSTILE_VALUES:
        # Every parameter twice: a list reads both, a single value the last.
        twice = f"{all_parameters('2')}&{all_parameters(value)}"
        assert_handled(client.get(with_query(url, twice)))


HUGE_NUMBERS = ("9e99999", "1e308", "1" + "0" * 1000, "-" + "9" * 400, "1e-99999")


@pytest.mark.parametrize("value", HUGE_NUMBERS)
@pytest.mark.parametrize(
    "field", ["requests", "input_tokens", "output_tokens", "cached_share"]
)
def test_huge_numbers_in_the_traffic_form_fall_back_with_a_notice(
    client, site, field, value
):
    for url in (PAGES["comparison"], PAGES["compare many"]):
        response = client.get(with_query(url, f"{field}={value}"))
        assert response.status_code == 200
        assert 'class="notice"' in response.text


@pytest.mark.parametrize("value", HUGE_NUMBERS)
@pytest.mark.parametrize("field", ["requests", "input_tokens", "output_tokens"])
def test_huge_numbers_in_the_api_answer_422_naming_the_field(
    client, site, unthrottled, field, value
):
    for url in (API["comparison"], API["cost"]):
        response = client.get(with_query(url, f"{field}={value}"))
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", field]


@pytest.mark.parametrize(
    "query",
    ["requests=1&requests=2", "priority=cost&priority=cost", "preset=rag&preset=agent"],
)
def test_repeated_parameters_on_the_comparison_page_are_read(client, site, query):
    response = client.get(with_query(PAGES["comparison"], query))
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", list(PAGES.values()))
def test_unsafe_methods_on_pages_answer_405_saying_why(client, site, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert f"Method {method.upper()} is not allowed" in response.text


@pytest.mark.parametrize("url", [*PAGES.values(), "/compare/go/"])
def test_options_on_pages_lists_the_allowed_methods(client, site, url):
    response = client.options(url)
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_unsafe_methods_on_pages_answer_405_even_with_csrf_checks(site):
    client = Client(enforce_csrf_checks=True)
    response = client.post(PAGES["search"], {"q": "alpha"})
    assert response.status_code == 405


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", list(API.values()))
def test_unsafe_methods_on_the_api_answer_405_json(client, site, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert "read-only" in response.json()["detail"]


# Random requests --------------------------------------------------------------

SLUGS = ("alpha", "beta", "lab", "host", "bench", "no-such-slug")
ROUTES = (
    "/models/{}/",
    "/providers/{}/",
    "/organizations/{}/",
    "/benchmarks/{}/",
    "/compare/{}-vs-{}/",
    "/compare/{}/",
    "/api/v1/models/{}",
    "/api/v1/providers/{}",
    "/api/v1/benchmarks/{}",
    "/api/v1/comparisons/{}/{}",
)
FIXED_PATHS = (
    *(url.split("?")[0] for url in every_url() if not url.endswith("openapi.json")),
    "/compare/go/",
)

# Text with anything but lone surrogates (which no URL can carry).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
slugs = st.one_of(
    st.sampled_from(SLUGS),
    any_text.map(lambda text: quote(text, safe="")),
    st.binary(max_size=20).map(lambda data: quote_from_bytes(data, safe="")),
    st.integers(1, 6000).map(lambda n: "x" * n),
)
random_paths = st.one_of(
    st.sampled_from(FIXED_PATHS),
    st.builds(
        lambda route, a, b: route.format(a, b),
        st.sampled_from(ROUTES),
        slugs,
        slugs,
    ),
)
numbers = st.one_of(
    st.integers().map(str),
    st.integers(1, 5000).map(lambda n: "9" * n),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.builds(
        lambda m, e: f"{m}e{e}", st.integers(-9, 9), st.integers(-(10**6), 10**6)
    ),
    st.decimals(allow_nan=True).map(str),
)
values = st.one_of(
    numbers,
    any_text,
    st.sampled_from(HOSTILE_VALUES),
    st.sampled_from(
        ("chat-assistant", "rag", "cost", "alpha,beta", "on", "off", "worst")
    ),
)
query_strings = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(PARAMETERS), any_text),
        values,
    ),
    max_size=5,
).map(
    lambda pairs: "&".join(
        f"{quote(name, safe='')}={value if value in HOSTILE_VALUES else quote(value, safe='')}"
        for name, value in pairs
    )
)
FUZZED_REQUESTS = 1500


def test_random_requests_cause_no_server_error(site, unthrottled):
    client = Client(raise_request_exception=False)
    sent = []

    @settings(
        max_examples=FUZZED_REQUESTS,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        path=random_paths,
        query=query_strings,
        method=st.sampled_from(("GET", "GET", "GET", "GET", "HEAD", "OPTIONS", "POST")),
    )
    def request(path, query, method):
        url = f"{path}?{query}" if query else path
        response = client.generic(method, url)
        sent.append((url, response.status_code))
        assert_handled(response, method)
        if response.status_code >= 400 and url.startswith("/api/") and method == "GET":
            assert json.loads(response.content)["detail"]

    request()
    assert len(sent) >= FUZZED_REQUESTS


ADMIN_URLS = [
    "/admin/catalog/{model}/?q={value}",
    "/admin/catalog/{model}/?o={value}&p={value}",
    "/admin/catalog/{model}/?status__exact={value}&has_source={value}",
    "/admin/catalog/{model}/1/history/{value}/",
    "/admin/catalog/{model}/{value}/history/",
    "/admin/autocomplete/?term={value}&app_label=catalog&model_name=route&field_name=model",
    "/admin/review-queue/?kind={value}&reason={value}&o={value}&p={value}",
]


@pytest.mark.parametrize("value", ["%00", "a%00b", "abc", "%F0%9F%98%80", "9" * 5000])
@pytest.mark.parametrize(
    "model", ["languagemodel", "source", "route", "benchmarkresult", "modelcapability"]
)
def test_hostile_admin_urls_answer_4xx_or_a_page(admin_client, site, model, value):
    admin_client.raise_request_exception = False
    for url in ADMIN_URLS:
        response = admin_client.get(url.format(model=model, value=value))
        assert_handled(response)
        if "%00" in value:
            assert response.status_code == 400
            assert "NUL character" in response.text


LOGIN_ATTEMPTS = 200


def test_random_admin_logins_cause_no_server_error(site):
    client = Client(raise_request_exception=False)
    sent = []

    @settings(
        max_examples=LOGIN_ATTEMPTS,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        username=st.one_of(
            st.integers(140, 5000).map(lambda n: "u" * n),
            st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
        ),
        password=st.text(max_size=50),
    )
    def log_in(username, password):
        response = client.post(
            "/admin/login/", {"username": username, "password": password}
        )
        sent.append(response.status_code)
        assert_handled(response, "POST")

    log_in()
    assert len(sent) >= LOGIN_ATTEMPTS
