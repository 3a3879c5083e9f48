"""
Time the admin's change form of the largest demo model (the most routes),
in process, as a Publisher opens it.

    .venv/bin/python bench/model_form.py [--runs 20]

Builds a throwaway SQLite database (or uses DATABASE_URL, which must name an
empty database) with the demo catalog, as ``profile_comparison.py`` does,
logs a Publisher in through Django's test client (DEBUG off) and prints the
median and 90th percentile server time of the form, its size and its
number of queries. Issue 22's target: under 300 ms.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.profile_comparison import setup  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    setup(0)

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from catalog.models import LanguageModel

    model = LanguageModel.objects.annotate(n=Count("routes")).order_by("-n", "pk")[0]
    user = get_user_model().objects.create_user("bench-publisher", is_staff=True)
    user.groups.add(Group.objects.get(name="Publisher"))
    client = Client()
    client.force_login(user)
    url = reverse("admin:catalog_languagemodel_change", args=[model.pk])
    client.get(url)  # imports, template compilation
    times = []
    for _ in range(options.runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    p90 = times[max(0, int(len(times) * 0.9) - 1)]
    print(f"{model.name}: {model.n} routes, {url}")
    print(
        f"  median {statistics.median(times):7.2f} ms   p90 {p90:7.2f} ms"
        f"   {len(response.content) / 1000:.1f} KB   {len(queries)} queries"
    )


if __name__ == "__main__":
    main()
