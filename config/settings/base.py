"""
Settings for the LLM comparison site.

Every difference between development and production comes from the
environment (DATABASE_URL, DJANGO_SECRET_KEY, DJANGO_DEBUG,
DJANGO_ALLOWED_HOSTS, REDIS_URL), never from another settings file.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


# Django core

DEBUG = env_bool("DJANGO_DEBUG", default=False)

INSECURE_DEV_SECRET_KEY = "django-insecure-local-development-only"
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", INSECURE_DEV_SECRET_KEY if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
    )
# The thresholds of Django's own deploy check (security.W009), enforced at
# start-up: production never runs on a guessable key.
if not DEBUG and (
    SECRET_KEY == INSECURE_DEV_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure-")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not safe for production (DJANGO_DEBUG is off): use "
        "a random value of at least 50 characters with at least 5 different "
        "ones, never the development key; for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
)

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers at once: readers never wait for a writer (WAL), a write
    # commits without waiting for the disk twice (synchronous=NORMAL, safe
    # with WAL), and a transaction takes the write lock at its start, so two
    # cannot deadlock upgrading from read to write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    # django.contrib.admin, with the editorial admin site as admin.site.
    "editorial.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "corsheaders",
    "ninja",
    "simple_history",
    "sitecache",
    "changes",
    "catalog",
    "comparisons",
    "imports",
    "editorial",
    # The project's system checks (config/checks.py).
    "config.apps.ProjectConfig",
]

LANGUAGE_CODE = "en-us"
# The site is written in English only: no translation machinery on each
# request (every reverse() and gettext() skips the active-language lookup).
USE_I18N = False

# The security headers come first, so every response gets them: the HTTPS
# redirect, static files, the API's own answers (ApiMiddleware), errors.
MIDDLEWARE = [
    # First, so it compresses what every other middleware has finished.
    "config.middleware.DataGZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "config.api.ApiMiddleware",
    "config.middleware.RefuseNulMiddleware",
    "config.middleware.ReadOnlyPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

# System checks a deployment has answered otherwise, e.g. config.W001 where
# a firewall keeps everyone but the proxy away from the app servers.
SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS")

STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

TEMPLATES = [
    # The public site (config/jinja2.py says why Jinja2).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": ["django.template.context_processors.csp"],
        },
    },
    # The admin, and the templates of the apps it uses.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

TIME_ZONE = "UTC"
USE_TZ = True

WSGI_APPLICATION = "config.wsgi.application"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Fail within a second when Redis is unreachable, so /healthz says so.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Shared by every worker and process of the deployment, so an edit is
    # seen by all of them at once (sitecache/state.py). The table is made
    # after each migrate. Redis is faster and the recommended production cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "site_cache",
            # Enough for a busy day's pages; culling counts the rows on each write.
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "one_line": {
            "()": "config.logging.OneLineFormatter",
            "format": "%(levelname)s %(name)s: %(message)s",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "one_line": {"class": "logging.StreamHandler", "formatter": "one_line"},
    },
    "loggers": {
        # A request Django refused (a bad Host, too many parameters): one
        # line each, not a traceback (config/logging.py).
        "django.security": {
            "handlers": ["one_line"],
            "level": "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Security: what `manage.py check --deploy` asks for, on whenever DEBUG is off.

CSRF_COOKIE_SECURE = not DEBUG
# Every page's Content-Security-Policy: nothing inline but the <script>
# elements that carry the request's nonce (templates use {{ csp_nonce }}).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
# Browsers only honour HSTS over HTTPS, so this is inert in local development.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
# Behind a proxy that terminates TLS, Django sees plain HTTP; trust the
# proxy's X-Forwarded-Proto only when told to, since a client could send it
# straight to an exposed app server.
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"

# Email: the console in development, SMTP (or DJANGO_EMAIL_BACKEND) otherwise.

MAIL_DOMAIN = next(
    (host.lstrip(".") for host in ALLOWED_HOSTS if host not in {"*", "localhost"}),
    "localhost",
)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", f"LLM Compare <noreply@{MAIL_DOMAIN}>"
)
EMAIL_SUBJECT_PREFIX = "[LLM Compare] "
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND_PATH = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else SMTP_BACKEND,
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=True),
            "timeout": 10,
        }
        if EMAIL_BACKEND_PATH == SMTP_BACKEND
        else {},
    }
}
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Django contrib

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before any
    # password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Third party: django-axes, brute-force protection of the admin login


def axes_client_ip(request):
    """
    Return the address django-axes counts failed logins against: REMOTE_ADDR,
    or, behind NINJA_NUM_PROXIES proxies, the address the outermost of them
    saw (that many entries from the right of X-Forwarded-For), so a made-up
    X-Forwarded-For never starts a fresh count.
    """
    from django.conf import settings

    remote_addr = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [address.strip() for address in forwarded.split(",")]
    if settings.NINJA_NUM_PROXIES <= 0 or not forwarded:
        return remote_addr
    return addresses[-min(settings.NINJA_NUM_PROXIES, len(addresses))] or remote_addr


AXES_CLIENT_IP_CALLABLE = axes_client_ip
# Minutes a username and address stay locked out after too many failures.
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
# One count per username and address: a stranger guessing an editor's
# password cannot lock the editor out from the office.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_RESET_ON_SUCCESS = True

# Project

# Where `make run` and `load_catalog` find the demo catalog shipped with the project.
DEMO_CATALOG_PATH = BASE_DIR / "catalog" / "fixtures" / "demo_catalog.json"
# Days after which a review is too old and the record goes back in the review queue.
REVIEW_STALE_AFTER_DAYS = int(os.environ.get("REVIEW_STALE_AFTER_DAYS", "90"))

# Refreshing the catalog from upstream (manage.py refresh_catalog, imports/refresh.py)

# Comma-separated "format=url" pairs, formats as import_catalog --format;
# empty: the public files of models.dev, LiteLLM and genai-prices.
CATALOG_SOURCE_URLS = os.environ.get("CATALOG_SOURCE_URLS", "")
# Seconds one download may take, from connecting to its last byte.
CATALOG_FETCH_TIMEOUT = float(os.environ.get("CATALOG_FETCH_TIMEOUT", "60"))
# A response bigger than this is refused (the admin's upload limit).
CATALOG_FETCH_MAX_BYTES = int(
    os.environ.get("CATALOG_FETCH_MAX_BYTES", str(100 * 1024 * 1024))
)
# Tries after the first on a network error, a 429 or a 5xx, waiting
# CATALOG_FETCH_BACKOFF seconds, then twice as long each time.
CATALOG_FETCH_RETRIES = int(os.environ.get("CATALOG_FETCH_RETRIES", "3"))
CATALOG_FETCH_BACKOFF = float(os.environ.get("CATALOG_FETCH_BACKOFF", "2"))

# Caching of public pages and API answers (sitecache/)

# Names the deployed code in page cache keys and ETags (a commit hash, say);
# empty: a digest of the code and templates, computed at start-up.
BUILD_ID = os.environ.get("BUILD_ID", "")
# Seconds browsers and CDNs may reuse a public page, then serve it stale
# while they revalidate it (a 304 when the catalog has not changed).
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(
    os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", "600")
)

# API (config/api.py)

# Seconds browsers and shared caches may reuse an API response.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
# Any origin may read the API; nothing else on the site is shared.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
# A browser client may revalidate (a preflight would refuse these otherwise).
CORS_ALLOW_HEADERS = (*default_cors_headers, "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = (
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Content-Disposition",
    "ETag",
    "Last-Modified",
    "Link",
    "Retry-After",
    "X-Data-License",
)
CORS_URLS_REGEX = r"^/api/.*$"
NINJA_DEFAULT_THROTTLE_RATES = {
    "anon": os.environ.get("API_ANON_RATE", "120/min"),
    "auth": "10000/day",
    "user": "10000/day",
}
# How many reverse proxies put their address in X-Forwarded-For. 0 throttles by
# REMOTE_ADDR alone, so a forged header cannot dodge the limit; behind N
# proxies set N.
NINJA_NUM_PROXIES = int(os.environ.get("NINJA_NUM_PROXIES", "0"))
