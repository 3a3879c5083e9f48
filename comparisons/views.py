from django.http import Http404
from django.views import View


class ComparisonDetailView(View):
    def get(self, request, pair):
        raise Http404("Comparison pages are not built yet.")
