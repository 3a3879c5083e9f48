from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("models/<slug:slug>/", views.ModelDetailView.as_view(), name="model-detail"),
    path(
        "providers/<slug:slug>/",
        views.ProviderDetailView.as_view(),
        name="provider-detail",
    ),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "benchmarks/<slug:slug>/",
        views.BenchmarkDetailView.as_view(),
        name="benchmark-detail",
    ),
]
