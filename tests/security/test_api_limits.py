"""
The public API's limits: every free-text or list parameter has a length
cap, page sizes are capped, anonymous clients are throttled, and only
GET, HEAD and OPTIONS are answered.
"""

import io
import logging

import pytest

from config.logging import OneLineFormatter

pytestmark = pytest.mark.django_db

TOO_LONG = "a" * 101


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"/api/v1/models?q={TOO_LONG}", "q"),
        (f"/api/v1/models?organization={TOO_LONG}", "organization"),
        ("/api/v1/models?page_size=101", "page_size"),
        ("/api/v1/models?page_size=0", "page_size"),
        ("/api/v1/models?page=10001", "page"),
        ("/api/v1/providers?page_size=101", "page_size"),
        ("/api/v1/models?min_context=2147483648", "min_context"),
        (f"/api/v1/models/{TOO_LONG}", "slug"),
        (f"/api/v1/comparisons/alpha/{TOO_LONG}", "b"),
        ("/api/v1/cost?models=" + ",".join(["alpha"] * 11), "models"),
        ("/api/v1/cost?models=" + ",".join(["a" * 100] * 10) + ",b", "models"),
        ("/api/v1/cost?models=alpha,beta&requests=1000000000001", "requests"),
        ("/api/v1/comparisons/alpha/beta?priority=speed", "priority"),
    ],
)
def test_parameters_over_their_limit_answer_422_naming_them(
    client, site, unthrottled, url, parameter
):
    response = client.get(url)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [parameter]


def test_a_query_of_exactly_100_characters_is_read(client, site, unthrottled):
    assert client.get(f"/api/v1/models?q={'a' * 100}").status_code == 200


def test_the_largest_page_holds_100_items(client, site, unthrottled):
    response = client.get("/api/v1/models?page_size=100")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_anonymous_clients_over_the_rate_get_429_with_retry_after(
    client, site, settings
):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "2/min"}
    statuses = [client.get("/api/v1/models").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/models", headers={"X-Forwarded-For": "10.1.2.3"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_too_many_parameters_answer_400(client, site, unthrottled):
    many = "&".join(f"p{n}=1" for n in range(1001))
    response = client.get(f"/models/?{many}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Bad request" in response.text
    response = client.get(f"/api/v1/models?{many}")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Bad request: too many query parameters (at most 1000)."
    }


def test_an_unknown_host_answers_400_in_json_under_the_api(client, site):
    response = client.get("/api/v1/models", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Bad request: this host name is not served here."
    }
    response = client.get("/models/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("url", ["/models/", "/search/"])
def test_page_queries_over_100_characters_are_refused_with_a_message(client, site, url):
    response = client.get(f"{url}?q={TOO_LONG}")
    assert response.status_code == 200
    assert "at most 100 characters" in response.text


@pytest.mark.parametrize("url", ["/models/", "/api/v1/models"])
def test_an_unknown_host_logs_one_line_without_a_traceback(client, site, url):
    (handler,) = [
        handler
        for handler in logging.getLogger("django.security").handlers
        if isinstance(handler.formatter, OneLineFormatter)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        response = client.get(url, headers={"Host": "evil.example"})
    finally:
        handler.setStream(previous)

    assert response.status_code == 400
    assert stream.getvalue() == (
        "ERROR django.security.DisallowedHost: Invalid HTTP_HOST header: "
        "'evil.example'. You may need to add 'evil.example' to ALLOWED_HOSTS.\n"
    )
