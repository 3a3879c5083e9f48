import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import LanguageModel
from comparisons.models import Comparison
from editorial.sites import EditorialAdminSite
from imports.models import ImportRun
from tests.editorial.test_review import client_for
from tests.factories import (
    make_capability,
    make_comparison,
    make_model,
    make_reported_figure,
    make_route,
    make_user,
)

QUEUE_URL = "/admin/review-queue/"


def staff_with(*codenames):
    """Return a client logged in as staff (no group) with these catalog permissions."""
    user = make_user(is_staff=True)
    catalog = Permission.objects.filter(content_type__app_label="catalog")
    user.user_permissions.add(*catalog.filter(codename__in=codenames))
    return client_for(user)


def test_the_default_admin_site_is_the_editorial_site():
    assert isinstance(admin.site, EditorialAdminSite)
    for model in (LanguageModel, Comparison, ImportRun):
        assert admin.site.is_registered(model)


def test_the_queue_has_its_own_address_on_the_site():
    assert reverse("admin:review_queue") == QUEUE_URL


@pytest.mark.django_db
def test_the_old_queue_address_redirects_permanently_keeping_the_query(admin_client):
    response = admin_client.get(
        "/admin/catalog/languagemodel/review-queue/", {"kind": "route"}
    )

    assert response.status_code == 301
    assert response["Location"] == f"{QUEUE_URL}?kind=route"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("codenames", "status"),
    [
        ((), 403),
        (("view_route", "change_route"), 403),
        (("view_languagemodel",), 200),
        (("change_languagemodel",), 200),
    ],
)
def test_queue_page_needs_view_or_change_permission_on_models(codenames, status):
    make_model(name="Never reviewed")

    response = staff_with(*codenames).get(QUEUE_URL)

    assert response.status_code == status
    if status == 200:
        assert "Never reviewed" in response.text


@pytest.mark.django_db
def test_index_shows_queue_counts_only_to_those_who_may_view_models():
    make_model()

    without = staff_with("view_route").get(reverse("admin:index"))
    with_view = staff_with("view_languagemodel").get(reverse("admin:index"))

    assert "review_queue" not in without.context
    assert 'id="review-queue-module"' not in without.text
    assert with_view.context["review_queue"]["total"] == 1
    assert f'href="{QUEUE_URL}"' in with_view.text
    assert f'href="{QUEUE_URL}?kind=model"' in with_view.text


@pytest.mark.django_db
def test_index_queries_do_not_grow_with_the_queue(admin_client):
    make_comparison(model_a=make_route().model)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(reverse("admin:index"))
    for _ in range(10):
        make_comparison(model_a=make_route().model)
        make_capability(source=None)

    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(reverse("admin:index"))

    assert len(many) == len(one)
    assert response.context["review_queue"]["total"] > 40


@pytest.mark.django_db
def test_queue_and_index_count_the_models_whose_sources_disagree(admin_client):
    disagreeing = make_model(context_window=8192)
    make_reported_figure(model=disagreeing, field="context_window", value="32768")
    agreeing = make_model(context_window=8192)
    make_reported_figure(model=agreeing, field="context_window", value="8192")

    queue = admin_client.get(QUEUE_URL)
    index = admin_client.get(reverse("admin:index"))
    listed = admin_client.get(queue.context["disagreements"]["url"])

    assert "1 model whose sources disagree" in queue.text
    assert "on 1 field " in queue.text
    assert index.context["review_queue"]["disagreements"]["models"] == 1
    assert "Models whose sources disagree" in index.text
    assert list(listed.context["cl"].result_list) == [disagreeing]
