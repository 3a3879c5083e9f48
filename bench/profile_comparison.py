"""
Time a comparison page rendered cold, in process, and show where the time goes.

    .venv/bin/python bench/profile_comparison.py [--models 5000] [--runs 50] [--profile]

Builds a throwaway SQLite database (or uses DATABASE_URL, which must name
an empty database), loads the demo catalog and, with ``--models N``, N
synthetic models next to it; then requests each page through Django's test
client with DEBUG off and the local-memory cache (or REDIS_URL's, which it
clears), and prints the median and 90th percentile server time of:

* **new traffic**: the page not cached (a new ``requests=`` each time) of
  a pair already shown, so its models' facts are cached; the catalog-wide
  peer index is built once per content generation and reused, as it is in
  a running worker;
* **pair never shown** (of the demo catalog, not of either page): a pair no
  page has shown yet, each run a new one, of two models other pages have
  shown (their facts are cached, the pair's history is read);
* **models never shown**: as "pair never shown", of two models no page has
  shown, so their facts are read too (four queries);
* **nothing cached**: the cache cleared and this process's peer index
  dropped before every request, so the peers are read and indexed too (a
  worker's first page after a catalog change);
* **warm**: the cached page;

and, for scale, ``/healthz`` (a query and a cache round trip).

``--profile`` adds a pyinstrument profile of the cold runs (dev dependency).
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
PAGES = {
    "golden pair": "/compare/gpt-4-turbo-vs-qwen3-5-4b/",
    "popular pair": "/compare/claude-3-5-sonnet-20241022-vs-gpt-4o/",
}


def setup(models: int) -> None:
    scratch = tempfile.mkdtemp(prefix="profile-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/profile.sqlite3")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command(
        "load_catalog",
        str(BASE_DIR / "catalog/fixtures/demo_catalog.json"),
        verbosity=0,
    )
    if models:
        from bench.synthetic import build_synthetic_catalog

        counts = build_synthetic_catalog(models)
        print(f"catalog: {counts[0]} models, {counts[1]} routes, {counts[2]} results")


def timed(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000


def unshown_slugs():
    """
    Return the published language models the two pages do not show, shuffled
    (seeded): models of two kinds are not compared.
    """
    import random

    from catalog.models import LanguageModel

    slugs = list(
        LanguageModel.objects.published()
        .filter(kind=LanguageModel.Kind.LANGUAGE)
        .exclude(slug__in=[s for url in PAGES.values() for s in url.split("-vs-")])
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    random.Random(15).shuffle(slugs)
    return slugs


def pair_url(a, b):
    return f"/compare/{'-vs-'.join(sorted((a, b)))}/"


def summary(label, times, healthz):
    times = sorted(times)
    p90 = times[int(len(times) * 0.9) - 1] if len(times) >= 10 else times[-1]
    median = statistics.median(times)
    print(
        f"  {label:<20} median {median:7.2f} ms   p90 {p90:7.2f} ms"
        f"   {healthz / median:5.2f}x /healthz"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=0, help="synthetic models")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    setup(options.models)

    from django.core.cache import cache
    from django.test import Client

    from comparisons import facts

    client = Client()
    profiler = None
    if options.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
    timed(client, "/healthz")
    healthz = statistics.median(timed(client, "/healthz") for _ in range(options.runs))
    print(f"/healthz: median {healthz:.2f} ms")
    counter = 100_000
    for label, url in PAGES.items():
        print(f"{label}: {url}")
        timed(client, url)  # imports, template compilation, the peer index
        new_traffic = []
        if profiler:
            profiler.start()
        for _ in range(options.runs):
            counter += 7
            new_traffic.append(timed(client, f"{url}?requests={counter}"))
        if profiler:
            profiler.stop()
        nothing_cached = []
        for _ in range(max(5, options.runs // 5)):
            cache.clear()
            facts._peers = None
            counter += 7
            nothing_cached.append(timed(client, f"{url}?requests={counter}"))
        timed(client, url)
        warm = [timed(client, url) for _ in range(options.runs)]
        summary("new traffic", new_traffic, healthz)
        summary("nothing cached", nothing_cached, healthz)
        summary("warm", warm, healthz)

    # Pairs of the demo catalog, no model in two of them: models 0-1, 2-3, ...
    # are shown first, then the pairs 1-2, 3-4, ... have never been shown;
    # the models after those have never been shown either.
    slugs = unshown_slugs()
    runs = min(options.runs, len(slugs) // 4)
    shown, fresh = slugs[: 2 * runs + 1], slugs[2 * runs + 1 :]
    for first, second in zip(shown[0::2], shown[1::2], strict=False):
        timed(client, pair_url(first, second))
    print(f"demo catalog, {runs} pairs each:")
    never_shown = [
        timed(client, pair_url(shown[i], shown[i + 1])) for i in range(1, 2 * runs, 2)
    ]
    models_never_shown = [
        timed(client, pair_url(fresh[i], fresh[i + 1])) for i in range(0, 2 * runs, 2)
    ]
    summary("pair never shown", never_shown, healthz)
    summary("models never shown", models_never_shown, healthz)
    if profiler:
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
