"""The site's icon on every side of the site: pages, admin, API docs, /favicon.ico."""

import pytest
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

ICON = f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">'


def test_favicon_ico_redirects_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("favicon.svg")


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v1/docs"])
def test_pages_admin_and_api_docs_link_the_icon(client, path):
    assert ICON in client.get(path).text
