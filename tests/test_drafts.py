"""
Drafts are invisible to the public on every surface (pages, related links,
search, sitemap, API) and previewable by staff from the admin.
"""

import importlib.util
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import LanguageModel, PublicationStatus
from comparisons.models import Comparison
from tests.catalog.test_admin import admin_url
from tests.factories import (
    make_benchmark,
    make_comparison,
    make_model,
    make_organization,
    make_provider,
    make_result,
    make_route,
    make_staff,
)

DRAFT = PublicationStatus.DRAFT
SECRET = "Secret Draft Model"
HAS_API = importlib.util.find_spec("catalog.api") is not None


@pytest.fixture
def catalog():
    """
    A published model with a provider, a benchmark and an organization that
    the draft model shares; a curated comparison of the two; and a draft
    curated comparison of two published models.
    """
    organization = make_organization(name="Lab", slug="lab")
    provider = make_provider(name="Host", slug="host")
    benchmark = make_benchmark(name="MMLU", slug="mmlu")
    public = make_model(
        name="Public Model", slug="public-model", organization=organization
    )
    other = make_model(
        name="Other Model", slug="other-model", organization=organization
    )
    draft = make_model(
        name=SECRET,
        slug="secret-draft",
        organization=organization,
        status=DRAFT,
        last_reviewed="2026-11-20",
    )
    for model in (public, other, draft):
        make_route(model=model, provider=provider, identifier=f"{model.slug}-id")
        make_result(model=model, benchmark=benchmark)
    with_draft = make_comparison(model_a=public, model_b=draft, featured=True)
    draft_comparison = make_comparison(
        model_a=public,
        model_b=other,
        status=DRAFT,
        featured=True,
        editor_notes="Unpublished editor notes.",
    )
    return SimpleNamespace(
        organization=organization,
        provider=provider,
        benchmark=benchmark,
        public=public,
        other=other,
        draft=draft,
        with_draft=with_draft,
        draft_comparison=draft_comparison,
    )


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(make_staff(role="Editor"))
    return client


PUBLIC_PAGES = {
    "home": lambda c: reverse("comparisons:home"),
    "model list": lambda c: reverse("catalog:model-list"),
    "search": lambda c: reverse("catalog:search") + "?q=secret",
    "organization": lambda c: c.organization.get_absolute_url(),
    "organization list": lambda c: reverse("catalog:organization-list"),
    "provider": lambda c: c.provider.get_absolute_url(),
    "benchmark": lambda c: c.benchmark.get_absolute_url(),
    "published model's page": lambda c: c.public.get_absolute_url(),
    "published pair's page": lambda c: c.draft_comparison.get_absolute_url(),
    "sitemap": lambda c: "/sitemap.xml",
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(PUBLIC_PAGES))
def test_draft_model_appears_on_no_public_page(client, catalog, page):
    response = client.get(PUBLIC_PAGES[page](catalog))

    assert response.status_code == 200
    assert SECRET not in response.text
    assert "secret-draft" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        lambda c: c.draft.get_absolute_url(),
        lambda c: c.with_draft.get_absolute_url(),
    ],
    ids=["model page", "comparison page"],
)
def test_draft_model_pages_are_not_found(client, catalog, url):
    assert client.get(url(catalog)).status_code == 404


@pytest.mark.django_db
def test_draft_comparison_layer_is_hidden_from_the_public(client, catalog):
    pair_url = catalog.draft_comparison.get_absolute_url()

    page = client.get(pair_url)
    home = client.get(reverse("comparisons:home"))
    model_page = client.get(catalog.public.get_absolute_url())
    sitemap = client.get("/sitemap.xml")

    # The pair of two published models keeps its computed page.
    assert page.status_code == 200
    assert "Unpublished editor notes." not in page.text
    assert pair_url not in home.text
    # The model page still links the pair among its peers, not as reviewed.
    assert "Reviewed comparisons" not in model_page.text
    assert pair_url not in sitemap.text


@pytest.mark.django_db
def test_staff_preview_a_draft_model_from_the_admin(staff_client, catalog):
    change_page = staff_client.get(admin_url(LanguageModel, "change", catalog.draft.pk))
    view_on_site = change_page.context["original"]
    shortcut = reverse(
        "admin:view_on_site",
        args=[change_page.context["content_type_id"], view_on_site.pk],
    )
    assert shortcut in change_page.text

    response = staff_client.get(shortcut, follow=True)

    assert response.redirect_chain[-1][0].endswith(catalog.draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public." in response.text
    assert SECRET in response.text


@pytest.mark.django_db
def test_staff_preview_a_draft_comparison_from_the_admin(staff_client, catalog):
    comparison = catalog.draft_comparison
    change_page = staff_client.get(admin_url(Comparison, "change", comparison.pk))
    shortcut = reverse(
        "admin:view_on_site",
        args=[change_page.context["content_type_id"], comparison.pk],
    )
    assert shortcut in change_page.text

    response = staff_client.get(shortcut, follow=True)

    assert response.status_code == 200
    assert "Unpublished editor notes." in response.text


@pytest.mark.django_db
def test_staff_preview_a_pair_with_a_draft_model(staff_client, catalog):
    response = staff_client.get(catalog.with_draft.get_absolute_url())

    assert response.status_code == 200
    assert "Draft — not public." in response.text


# The API ---------------------------------------------------------------------

needs_api = pytest.mark.skipif(not HAS_API, reason="The API is not built yet.")


@needs_api
@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "api:list_models",
        "api:list_organizations",
        "api:list_providers",
        "api:list_benchmarks",
        "api:export_catalog",
        "api:export_models_csv",
        "api:export_routes_csv",
    ],
)
def test_api_lists_leave_the_draft_out(client, catalog, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert "secret-draft" not in response.content.decode()


@needs_api
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("api:get_provider", lambda c: {"slug": c.provider.slug}),
        ("api:get_benchmark", lambda c: {"slug": c.benchmark.slug}),
    ],
)
def test_api_details_leave_the_draft_out(client, catalog, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs(catalog)))

    assert response.status_code == 200
    assert "secret-draft" not in response.content.decode()


@needs_api
@pytest.mark.django_db
def test_api_refuses_the_draft_model_and_its_pairs(client, catalog):
    model = client.get(reverse("api:get_model", kwargs={"slug": "secret-draft"}))
    pair = client.get(
        reverse("api:get_comparison", kwargs={"a": "public-model", "b": "secret-draft"})
    )

    assert (model.status_code, pair.status_code) == (404, 404)


@needs_api
@pytest.mark.django_db
def test_api_pair_leaves_the_draft_curation_out(client, catalog):
    response = client.get(
        reverse("api:get_comparison", kwargs={"a": "other-model", "b": "public-model"})
    )

    assert response.status_code == 200
    assert "Unpublished editor notes." not in response.content.decode()
