"""
What every cached page and API answer depends on, named in one key.

A public page or API answer is a function of three things: the code (its
*build*), the site's content (the catalog and the curated comparisons, named
by their *generation*) and the day (pages print relative dates: "reviewed 10
days ago"). ``State`` names all three; cache keys and ETags are made from
``State.key``, so an answer cached or validated yesterday, before a deploy
or before an edit is never served or confirmed today.

The generation is a value kept in Django's cache, shared by every worker and
process of a deployment: Redis (``REDIS_URL``) or, without it, the
``DatabaseCache`` on the project's own database (``config/settings``), so an
edit in the admin, a ``load_catalog`` or an import is seen by every worker at
once. Any write to watched content (``watch()``, called by each app's
``AppConfig.ready()``) replaces it with a new value, so every entry keyed by
the old one becomes unreachable (the cache's culling or timeout reclaims it).
Bulk writes, which send no signals (the loader, the importer,
``restore_backup``), call ``bump_generation()`` themselves, and so does
every ``migrate`` and ``flush`` (``post_migrate``). A write Django does not
see (``pg_restore``, SQL in ``psql``) needs ``manage.py refresh_pages``.

``bump_generation()`` writes twice: at once, so that the writer's own next
request sees its change, and again once the transaction commits, so that an
entry another request computed from the old rows in between is dropped too.
The generation is the clock in nanoseconds when it was written, not a
counter: two processes bumping at once both change it (an increment done as
read-then-write by ``DatabaseCache`` could lose one), and a cache that lost
the key never reuses an old value.
"""

import datetime as dt
import functools
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

GENERATION_KEY = "site:generation"
# The folders whose files make the build's digest (without BUILD_ID).
BUILD_FOLDERS = (
    "catalog",
    "comparisons",
    "config",
    "imports",
    "jinja2",
    "sitecache",
    "static",
    "templates",
)
BUILD_SUFFIXES = frozenset({".py", ".html", ".css", ".js", ".svg", ".txt"})


@dataclass(frozen=True)
class State:
    """The code, the content and the day an answer is computed for."""

    build: str
    generation: int  # nanoseconds since the epoch at the content's last change
    day: dt.date  # the site's local date
    at: int  # nanoseconds since the epoch, read before the generation was

    @property
    def content_key(self) -> str:
        """Name the code and content, for what does not depend on the day (facts, peers)."""
        return f"{self.build}-{self.generation}"

    @property
    def key(self) -> str:
        """Name the code, content and day: the key of pages and API answers, and their ETag."""
        return f"{self.content_key}-{self.day:%Y%m%d}"

    @property
    def last_modified(self) -> dt.datetime | None:
        """
        Return when an answer computed in this state last changed: the
        content's change, rounded up to the next second, or the start of the
        day, whichever is later; or None (no Last-Modified, the ETag alone)
        while that second has not passed.

        HTTP dates have one-second resolution, so a date inside the second
        of a change could be the date of the next change in that second too,
        and If-Modified-Since would confirm a page that has since changed
        (an unpublished one, say). A date sent only once its second is over
        cannot: any later change is after it, so its date is a later second.
        """
        changed = dt.datetime.fromtimestamp(self.generation // 10**9 + 1, tz=dt.UTC)
        midnight = dt.datetime.combine(
            self.day, dt.time(), tzinfo=timezone.get_current_timezone()
        )
        modified = max(changed, midnight)
        if self.at < int(modified.timestamp()) * 10**9:
            return None
        return modified


@functools.cache
def build_id() -> str:
    """
    Return ``settings.BUILD_ID`` (a commit hash, say) or else a digest of the
    code, templates and static files, so that a deploy which changes how
    pages look changes their keys and ETags too.
    """
    if configured := getattr(settings, "BUILD_ID", ""):
        return configured
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in BUILD_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in BUILD_SUFFIXES:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def generation() -> int:
    """Return the content's generation, starting a new one if the cache has none."""
    if (number := cache.get(GENERATION_KEY)) is None:
        # A first request, or the cache lost the key: nothing cached can be trusted.
        number = _bump()
    return number


def current_state() -> State:
    """Return the state an answer computed now is computed in."""
    # The clock first: a change after this reading has a later generation.
    at = now_ns()
    return State(build_id(), generation(), timezone.localdate(), at)


def request_state(request) -> State:
    """Return (and remember on the request) the state its answer is computed in."""
    if not hasattr(request, "_site_state"):
        request._site_state = current_state()
    return request._site_state


def now_ns() -> int:
    """Return the clock that generations and states are read on."""
    return time.time_ns()


def _bump() -> int:
    number = now_ns()
    cache.set(GENERATION_KEY, number, timeout=None)
    return number


def bump_generation() -> None:
    """Move the content's generation on now, and again once the transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _on_change(sender, **kwargs):
    bump_generation()


def _on_m2m_change(sender, action, **kwargs):
    if action.startswith("post_"):
        bump_generation()


def watch(*models) -> None:
    """Move the generation on at every save and delete of ``models`` and of their m2m rows."""
    for model in models:
        uid = f"sitecache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m_change,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}.{field.name}",
            )


def moved_on_by_migrate(**kwargs) -> None:
    """Move the generation on after ``migrate`` or ``flush`` (``post_migrate``)."""
    bump_generation()


def create_cache_tables(using, **kwargs) -> None:
    """
    Create the table of each ``DatabaseCache`` in ``CACHES`` after
    ``migrate``, so that ``make run``, a deploy's migrate and the test
    database have it (Django's ``createcachetable`` skips existing tables).
    """
    if any(isinstance(caches[alias], DatabaseCache) for alias in settings.CACHES):
        call_command("createcachetable", database=using, verbosity=0)
