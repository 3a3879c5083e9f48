"""
Time a comparison page rendered cold, in process, and show where the time goes.

    .venv/bin/python bench/profile_comparison.py [--models 5000] [--runs 50] [--profile]

Builds a throwaway SQLite database (or uses DATABASE_URL, which must name
an empty database), loads the demo catalog and, with ``--models N``, N
synthetic models next to it; then requests each page through Django's test
client with DEBUG off and the local-memory cache (or REDIS_URL's, which it
clears), and prints the median and 90th percentile server time of:

* **cold**: the page and its computed comparison not cached (a new
  ``requests=`` each time); the catalog-wide peer index is built once per
  catalog generation and reused, as it is in a running worker;
* **cold, pair not cached**: as cold, with the pair's models' facts and
  price changes dropped from the cache too (a pair of models not shown
  since the catalog last changed);
* **cold, peers from the cache**: as "pair not cached", with this
  process's peer index dropped too, so it is built from the peers another
  worker cached (a worker's first page after a catalog change);
* **cold, nothing cached**: the cache cleared before every request, so the
  peers are read and indexed too (the first page any worker shows after a
  catalog change);
* **warm**: the cached page.

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
        DJANGO_SETTINGS_MODULE="config.settings.base",
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


def forget_pair(url):
    """
    Drop the cached facts and price changes of the models of the page
    ``url``, from Django's cache and from what this process keeps of it.
    """
    from django.core.cache import cache

    from catalog.cache import catalog_state
    from catalog.models import LanguageModel
    from comparisons import facts

    facts._memo.entries.clear()

    state = catalog_state()
    slugs = url.strip("/").split("/")[-1].split("-vs-")
    ids = LanguageModel.objects.filter(slug__in=slugs).values_list("pk", flat=True)
    cache.delete_many(
        [facts.model_facts_key(state, slug) for slug in slugs]
        + [facts.price_changes_key(state, pk) for pk in ids]
    )


def summary(label, times):
    times = sorted(times)
    p90 = times[int(len(times) * 0.9) - 1] if len(times) >= 10 else times[-1]
    print(
        f"  {label:<28} median {statistics.median(times):7.2f} ms   p90 {p90:7.2f} ms"
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
    counter = 100_000
    for label, url in PAGES.items():
        print(f"{label}: {url}")
        timed(client, url)  # imports, template compilation, the peer index
        cold = []
        if profiler:
            profiler.start()
        for _ in range(options.runs):
            counter += 7
            cold.append(timed(client, f"{url}?requests={counter}"))
        if profiler:
            profiler.stop()
        pair_not_cached = []
        for _ in range(max(5, options.runs // 2)):
            forget_pair(url)
            counter += 7
            pair_not_cached.append(timed(client, f"{url}?requests={counter}"))
        peers_from_cache = []
        for _ in range(max(5, options.runs // 2)):
            forget_pair(url)
            facts._peer_index = None
            counter += 7
            peers_from_cache.append(timed(client, f"{url}?requests={counter}"))
        nothing_cached = []
        for _ in range(max(5, options.runs // 5)):
            cache.clear()
            counter += 7
            nothing_cached.append(timed(client, f"{url}?requests={counter}"))
        timed(client, url)
        warm = [timed(client, url) for _ in range(options.runs)]
        summary("cold", cold)
        summary("cold, pair not cached", pair_not_cached)
        summary("cold, peers from the cache", peers_from_cache)
        summary("cold, nothing cached", nothing_cached)
        summary("warm", warm)
    if profiler:
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
