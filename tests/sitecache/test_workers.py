"""
Several gunicorn workers without REDIS_URL: an edit made in another process
is served by every worker at once (the default cache is on the database).
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
GOLDEN_URL = "/compare/gpt-4-turbo-vs-qwen3-5-4b/"
GOLDEN_API = "/api/v1/comparisons/gpt-4-turbo/qwen3-5-4b"
WORKERS = 3
RENAME = """
from catalog.models import LanguageModel
model = LanguageModel.objects.get(slug="qwen3-5-4b")
model.name = "Qwen Renamed"
model.save()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def deployment(tmp_path):
    """Yield (base URL, access log path) of gunicorn with 3 workers on a fresh SQLite."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        # The worker's pid in each access log line: which worker answered.
        GUNICORN_ACCESS_LOG_FORMAT='%(p)s "%(r)s" %(s)s',
        GUNICORN_WORKER_TMP_DIR=str(tmp_path),
    )

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            env=env,
            cwd=BASE_DIR,
            check=True,
            capture_output=True,
            timeout=180,
        )

    manage("migrate", "--no-input")
    manage("loaddata", "tests/fixtures/golden_pair.json")
    manage("collectstatic", "--no-input")
    port = free_port()
    log = tmp_path / "access.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)),
                "config.wsgi",
            ],
            env=env,
            cwd=BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn did not start: {log.read_text()[-2000:]}")
        yield base, log, manage
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def fetch(base, path):
    request = urllib.request.Request(f"{base}{path}", headers={"Connection": "close"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def answers_until_every_worker_served(base, log, path, marker, limit=300):
    """
    Request ``path`` until each worker has answered it since now; return
    whether each answer contained ``marker``, and the workers that answered.
    """
    start = len(log.read_text())
    seen, found = set(), []
    for _ in range(limit):
        found.append(marker in fetch(base, path))
        time.sleep(0.01)  # let the access log line land
        served = log.read_text()[start:]
        seen = set(re.findall(rf'^<(\d+)> "GET {re.escape(path)} ', served, re.M))
        if len(seen) >= WORKERS:
            break
    return found, seen


def test_an_edit_in_another_process_is_served_by_every_worker_at_once(deployment):
    base, log, manage = deployment
    for path in (GOLDEN_URL, GOLDEN_API):
        found, workers = answers_until_every_worker_served(
            base, log, path, "Qwen3.5-4B"
        )
        assert len(workers) == WORKERS and all(found)

    manage("shell", "-c", RENAME)

    for path in (GOLDEN_URL, GOLDEN_API):
        found, workers = answers_until_every_worker_served(
            base, log, path, "Qwen Renamed"
        )
        assert len(workers) == WORKERS, workers
        assert all(found), f"{found.count(False)} of {len(found)} answers were stale"
