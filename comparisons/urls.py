from django.urls import path

from . import feeds, views

app_name = "comparisons"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Before "compare/<pair>/", which would otherwise take "go".
    path("compare/go/", views.compare_redirect, name="compare-redirect"),
    path("compare/", views.ComparisonManyView.as_view(), name="many"),
    # Two slugs and "-vs-": anything else is a 404 before any query (a NUL
    # would make PostgreSQL refuse the query).
    path("compare/<slug:pair>/", views.ComparisonDetailView.as_view(), name="detail"),
    path("compare/<slug:pair>/feed.atom", feeds.comparison_feed, name="feed"),
    path("feeds/changes.atom", feeds.site_changes_feed, name="changes-feed"),
]
