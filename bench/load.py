"""
Load-test the site as production runs it and print the figures.

    .venv/bin/python bench/load.py [--models 5000] [--duration 10]

What it does, on this machine only (every request goes to 127.0.0.1):

1. creates a PostgreSQL database ``bench_<pid>`` (DATABASE_URL's server, by
   default postgres@127.0.0.1:5432) and migrates it;
2. loads the demo catalog (``manage.py load_catalog``, timed) and writes a
   synthetic catalog next to it: N models x 5 routes x 10 benchmark results,
   with bulk_create, on benchmarks of their own;
3. runs collectstatic and serves the app with gunicorn (gunicorn.conf.py, 2
   workers, DEBUG off, Redis as the cache) on 127.0.0.1;
4. loads it with wrk, one page at a time, and prints req/s, p50 and p99
   latency, errors and each page's ratio to /healthz (the framework's floor);
   then the sitemap's response time, the workers' RSS after 10,000 mixed
   requests, and the demo catalog's load time;
5. stops gunicorn and drops the database (and the Redis database it used).

Needs PostgreSQL, Redis (REDIS_URL, default redis://127.0.0.1:6379/9; the
database must be empty) and wrk: ``apt-get install -y wrk`` on Debian or
Ubuntu, ``brew install wrk`` on macOS.
"""

import argparse
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
import redis

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PAIR = ("claude-3-5-sonnet-20241022", "gpt-4o")
SYNTHESIZE = (
    "from bench.synthetic import build_synthetic_catalog; "
    "print(*build_synthetic_catalog({models}))"
)
NEW_TRAFFIC_LUA = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?requests=" .. (100000 + counter * 7 + math.random(0, 6)))
end
"""
# Each thread walks the pairs from its own offset, each request at new traffic.
NEW_PAIR_LUA = """
pair_paths = {{{pairs}}}
counter = 0
setup = function(thread)
  thread:set("offset", math.random(0, #pair_paths - 1))
end
request = function()
  counter = counter + 1
  local pair = pair_paths[((offset + counter) % #pair_paths) + 1]
  return wrk.format(nil, "/compare/" .. pair .. "/?requests=" .. (100000 + counter))
end
"""
MIXED_LUA = """
paths = {{{paths}}}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end
"""


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=BASE_DIR, check=True, **kwargs)


def manage(env, *args, **kwargs):
    return run([PYTHON, "manage.py", *args], env, **kwargs)


def wrk(url, *, duration, connections, script=None, headers=()):
    """Return wrk's figures for ``url``: req/s, p50 and p99 in ms, errors, requests."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        args += ["-H", header]
    if script:
        args += ["-s", script]
    out = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = sum(
        int(n)
        for n in re.findall(r"(?:Non-2xx or 3xx responses|errors: .*?): (\d+)", out)
    )
    socket = re.search(r"Socket errors: (.*)", out)
    if socket:
        errors += sum(int(n) for n in re.findall(r"\d+", socket.group(1)))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "errors": errors,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        body = response.read()
        return response, body, time.perf_counter() - started


def worker_rss(master_pid):
    """Return the VmRSS in MB of each of gunicorn's workers."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    sizes = []
    for pid in children.split():
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def cold_pairs(database_url, count=20_000):
    """
    Return ``count`` distinct canonical pairs of the demo catalog's published
    models, shuffled: pages that nothing has computed or cached yet.
    """
    with psycopg.connect(database_url) as connection:
        slugs = sorted(  # in Python's order, which canonical pairs follow
            slug
            for (slug,) in connection.execute(
                "SELECT slug FROM catalog_languagemodel WHERE status = 'published' "
                "AND slug NOT LIKE 'synthetic-%'"
            )
        )
    pairs = [f"{a}-vs-{b}" for index, a in enumerate(slugs) for b in slugs[index + 1 :]]
    random.Random(7).shuffle(pairs)
    return pairs[:count]


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    options = parser.parse_args()
    if not options.port:
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            options.port = probe.getsockname()[1]
    if not shutil.which("wrk"):
        sys.exit(
            "wrk is missing: apt-get install -y wrk (Debian, Ubuntu) or brew install wrk."
        )

    server = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
    cache_db = redis.Redis.from_url(redis_url)
    if cache_db.dbsize():
        sys.exit(f"{redis_url} is not empty; point REDIS_URL at an empty database.")
    name = f"bench_{os.getpid()}"
    admin = psycopg.connect(f"{server}/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{name}",
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        # Plain HTTP on the loopback; a proxy would terminate TLS.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "API_ANON_RATE": "100000000/min",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"{HOST}:{options.port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_LOG_LEVEL": "warning",
        # The RSS figure is after 10,000 requests: no recycling in between.
        "GUNICORN_MAX_REQUESTS": "0",
    }
    gunicorn = None
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        manage(env, "migrate", "--no-input", stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        manage(
            env,
            "load_catalog",
            "catalog/fixtures/demo_catalog.json",
            stdout=subprocess.DEVNULL,
        )
        demo_seconds = time.perf_counter() - started
        started = time.perf_counter()
        counts = (
            manage(
                env,
                "shell",
                "-c",
                SYNTHESIZE.format(models=options.models),
                capture_output=True,
                text=True,
            )
            .stdout.splitlines()[-1]
            .split()
        )
        synth_seconds = time.perf_counter() - started
        manage(env, "collectstatic", "--no-input", stdout=subprocess.DEVNULL)
        gunicorn = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"],
            env=env,
            cwd=BASE_DIR,
        )
        base = f"http://{HOST}:{options.port}"
        wait_until_up(f"{base}/healthz")

        pair = f"/compare/{PAIR[0]}-vs-{PAIR[1]}/"
        pages = {
            "/healthz": "/healthz",
            "comparison, warm": pair,
            "comparison, new traffic": pair,
            "comparison, cold": pair,
            "comparison, 304": pair,
            "model page": f"/models/{PAIR[0]}/",
            "API comparison": f"/api/v1/comparisons/{PAIR[0]}/{PAIR[1]}",
            "model list": "/models/",
            "sitemap": "/sitemap.xml",
        }
        # The sitemap's first (uncached) answer, then warm every page once.
        _, sitemap, sitemap_seconds = fetch(f"{base}/sitemap.xml")
        sitemap_urls = sitemap.count(b"<url>")
        etag = None
        for path in pages.values():
            for _ in range(2):
                response, _, _ = fetch(base + path)
            if path == pair:
                etag = response.headers["ETag"]
        new_traffic_script = scratch / "new-traffic.lua"
        new_traffic_script.write_text(NEW_TRAFFIC_LUA)
        cold_script = scratch / "cold.lua"
        cold_script.write_text(
            NEW_PAIR_LUA.format(
                pairs=", ".join(f'"{p}"' for p in cold_pairs(env["DATABASE_URL"]))
            )
        )
        results = {}
        for label, path in pages.items():
            kwargs = {}
            if label == "comparison, new traffic":
                kwargs["script"] = str(new_traffic_script)
            if label == "comparison, cold":
                kwargs["script"] = str(cold_script)
            if label == "comparison, 304":
                kwargs["headers"] = [f"If-None-Match: {etag}"]
            results[label] = wrk(
                base + path,
                duration=options.duration,
                connections=options.connections,
                **kwargs,
            )

        mixed_script = scratch / "mixed.lua"
        mixed_script.write_text(
            MIXED_LUA.format(paths=", ".join(f'"{p}"' for p in pages.values()))
        )
        mixed = {"requests": 0, "errors": 0}
        while mixed["requests"] < 10_000:
            run_ = wrk(
                base + "/",
                duration=5,
                connections=options.connections,
                script=str(mixed_script),
            )
            mixed["requests"] += run_["requests"]
            mixed["errors"] += run_["errors"]
        rss = worker_rss(gunicorn.pid)

        floor = results["/healthz"]["rps"]
        print()
        print(
            f"Catalog: {counts[0]} models, {counts[1]} routes, {counts[2]} results "
            f"(demo catalog + {options.models} synthetic); PostgreSQL, Redis, "
            f"gunicorn 2 sync workers, wrk -t2 -c{options.connections} -d{options.duration}s"
        )
        print(
            f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'x healthz':>10}"
        )
        for label, figures in results.items():
            print(
                f"{label:<20} {figures['rps']:>8.0f} {figures['p50']:>8.2f} "
                f"{figures['p99']:>8.2f} {figures['errors']:>7} {figures['rps'] / floor:>10.2f}"
            )
        print(
            f"sitemap ({sitemap_urls} URLs), first answer: {sitemap_seconds * 1000:.0f} ms"
        )
        print(
            f"worker RSS after {mixed['requests']} mixed requests "
            f"({mixed['errors']} errors): {', '.join(f'{mb:.0f} MB' for mb in rss)}"
        )
        print(
            f"demo catalog load_catalog: {demo_seconds:.1f} s; "
            f"synthetic catalog bulk_create: {synth_seconds:.1f} s"
        )
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        cache_db.flushdb()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
