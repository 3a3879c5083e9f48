from django.urls import path

from sitecache.pages import public_page

from . import views
from .feeds import ModelFeed

app_name = "catalog"

urlpatterns = [
    path("models/", views.ModelListView.as_view(), name="model-list"),
    path("models/<slug:slug>/", views.ModelDetailView.as_view(), name="model-detail"),
    path("models/<slug:slug>/feed.atom", public_page(ModelFeed()), name="model-feed"),
    path("providers/", views.ProviderListView.as_view(), name="provider-list"),
    path(
        "providers/<slug:slug>/",
        views.ProviderDetailView.as_view(),
        name="provider-detail",
    ),
    path(
        "organizations/",
        views.OrganizationListView.as_view(),
        name="organization-list",
    ),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("benchmarks/", views.BenchmarkListView.as_view(), name="benchmark-list"),
    path(
        "benchmarks/<slug:slug>/",
        views.BenchmarkDetailView.as_view(),
        name="benchmark-detail",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("about/data/", views.AboutDataView.as_view(), name="about-data"),
]
