from django.urls import path

from . import views

app_name = "comparisons"

urlpatterns = [
    path("compare/", views.ComparisonManyView.as_view(), name="many"),
    path("compare/<str:pair>/", views.ComparisonDetailView.as_view(), name="detail"),
]
