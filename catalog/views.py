from django.views.generic import DetailView

from .models import Benchmark, LanguageModel, Organization, Provider


class ModelDetailView(DetailView):
    queryset = LanguageModel.objects.published().select_related("organization")
    template_name = "catalog/languagemodel_detail.html"
    context_object_name = "model"


class ProviderDetailView(DetailView):
    model = Provider
    template_name = "catalog/provider_detail.html"


class OrganizationDetailView(DetailView):
    model = Organization
    template_name = "catalog/organization_detail.html"


class BenchmarkDetailView(DetailView):
    model = Benchmark
    template_name = "catalog/benchmark_detail.html"
