"""
Gunicorn's settings for production: ``gunicorn config.wsgi`` reads this
file from the working directory. Every value can be overridden from the
environment (or on the command line).

Sync workers: a page is CPU-bound Python with a few short queries, and the
load balancer or CDN in front buffers slow clients.
"""

import multiprocessing
import os

# Loopback unless told otherwise: behind NINJA_NUM_PROXIES proxies the app
# believes X-Forwarded-For, so only the proxy may reach it (README,
# "Deploying"). Several addresses are separated by commas.
bind = [
    address.strip()
    for address in os.environ.get(
        "GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}"
    ).split(",")
    if address.strip()
]
worker_class = "sync"
# Gunicorn's rule of thumb: two workers per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# Recycle workers now and then, so a slow leak never grows without bound; the
# jitter keeps them from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
# A request still running after this is killed and its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Longer than the load balancer's idle timeout, so it closes connections first.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Load the app before forking: workers share its memory and start at once.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Worker heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address (the proxy's, behind one), request, status, size, referrer,
# agent, and the time taken in microseconds.
access_log_format = os.environ.get(
    "GUNICORN_ACCESS_LOG_FORMAT",
    '%(h)s %({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus',
)
# Which proxies may set X-Forwarded-Proto and X-Forwarded-For for gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """
    Warn in the log at start-up when the app trusts forwarded headers and
    listens where other machines can reach it (config/checks.py says why).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from config.checks import proxy_trust_warning, trusted_proxy_headers

    message = proxy_trust_warning(server.cfg.bind, trusted_proxy_headers())
    if message:
        server.log.warning("WARNING: %s", message)
