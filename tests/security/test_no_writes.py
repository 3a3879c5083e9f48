"""
Anonymous GET requests never write to the database (no session rows, no
last-login updates, nothing) and set no cookie but the admin login form's
CSRF one, so a flood of reads cannot grow or lock the database and every
public answer can be cached.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import API, PAGES

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.I)

ANONYMOUS_GETS = [
    *PAGES.values(),
    *API.values(),
    "/models/no-such-model/",
    "/api/v1/models/no-such-model",
    "/compare/beta-vs-alpha/",
    "/compare/go/?a=alpha&b=beta",
    "/compare/?requests=9e99999&models=alpha,beta",
    "/admin/login/",
]


@pytest.mark.parametrize("url", ANONYMOUS_GETS)
def test_anonymous_get_writes_nothing_and_sets_no_cookie(
    client, site, unthrottled, url
):
    with CaptureQueriesContext(connection) as queries:
        for method in (client.get, client.head):
            response = method(url)
            assert response.status_code < 500
            # The admin's login form needs its CSRF cookie; nothing else does.
            allowed = {"csrftoken"} if url.startswith("/admin/") else set()
            assert set(response.cookies) <= allowed, response.cookies
    writes = [query["sql"] for query in queries if WRITE.match(query["sql"])]
    assert writes == []
