"""
Download one upstream catalog file over HTTP(S), conditionally and within
limits. No Django.

``fetch()`` sends the validators of the previous download (``If-None-Match``,
``If-Modified-Since``) and returns either "not modified" (a 304) or the whole
body. It never returns part of one: a body cut short, bigger than the cap
or slower than the deadline raises ``FetchError``, whose message says which.
Network errors, 429 and 5xx answers are tried again after a wait that
doubles each time; other HTTP errors are not (asking again will not help).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

USER_AGENT = "llm-compare (manage.py refresh_catalog)"
CHUNK_BYTES = 64 * 1024
# Content types a catalog file is never served as: an error or login page
# answered 200 by a proxy or a captive portal.
REFUSED_TYPES = ("text/html", "application/xhtml+xml")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A download that failed; the message says why, for the operator."""


class _Retryable(FetchError):
    """A failure that may pass if asked again."""


@dataclass(frozen=True)
class Fetched:
    """A download's outcome: a body, or ``not_modified`` with none."""

    url: str
    not_modified: bool
    content: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = 60,
    max_bytes: int = 100 * 1024 * 1024,
    retries: int = 3,
    backoff: float = 2,
    sleep: Callable[[float], None] = time.sleep,
    session: requests.Session | None = None,
) -> Fetched:
    """
    Return ``url``'s body, or ``not_modified`` when the server answers 304 to
    the validators given; raise FetchError after ``retries`` more tries.
    """
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    session = session or requests.Session()
    for attempt in range(retries + 1):
        try:
            return _get(session, url, headers, timeout=timeout, max_bytes=max_bytes)
        except _Retryable as error:
            if attempt == retries:
                tries = f" (after {retries + 1} tries)" if retries else ""
                raise FetchError(f"{error}{tries}") from None
            sleep(backoff * 2**attempt)
    raise AssertionError("unreachable")


def _get(session, url, headers, *, timeout, max_bytes) -> Fetched:
    deadline = time.monotonic() + timeout
    try:
        response = session.get(
            url, headers=headers, timeout=timeout, stream=True, allow_redirects=True
        )
    except requests.Timeout:
        raise _Retryable(f"{url}: no answer within {timeout:g} s") from None
    except requests.RequestException as error:
        raise _Retryable(f"{url}: cannot connect: {_reason(error)}") from None
    with response:
        if response.status_code == 304:
            return Fetched(
                url,
                not_modified=True,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
        if response.status_code != 200:
            error_class = (
                _Retryable if response.status_code in RETRY_STATUSES else FetchError
            )
            raise error_class(
                f"{url}: the server answered HTTP {response.status_code} {response.reason}"
            )
        content_type = response.headers.get("Content-Type", "")
        if content_type.split(";")[0].strip().lower() in REFUSED_TYPES:
            raise FetchError(
                f"{url}: the server sent a web page ({content_type}), not a catalog file"
            )
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(_too_big(url, max_bytes))
        content = _read(response, url, deadline=deadline, max_bytes=max_bytes)
    return Fetched(
        url,
        not_modified=False,
        content=content,
        etag=response.headers.get("ETag", ""),
        last_modified=response.headers.get("Last-Modified", ""),
        content_type=content_type,
    )


def _read(response, url, *, deadline, max_bytes) -> bytes:
    """Return the whole body, refusing one over ``max_bytes``, late or cut short."""
    chunks, size = [], 0
    try:
        # Decoded (gunzipped) bytes are counted, so a compressed bomb stops at the cap.
        for chunk in response.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(_too_big(url, max_bytes))
            if time.monotonic() > deadline:
                raise _Retryable(f"{url}: the download took too long")
            chunks.append(chunk)
    except requests.Timeout:
        raise _Retryable(f"{url}: the server stopped sending") from None
    except requests.RequestException as error:
        # urllib3 checks the body against Content-Length and raises here.
        raise _Retryable(f"{url}: the body was cut short: {_reason(error)}") from None
    return b"".join(chunks)


def _too_big(url, max_bytes):
    return f"{url}: the body is over the {max_bytes:,}-byte cap"


def _reason(error: Exception) -> str:
    """Return a requests error's message, cut short."""
    text = str(error) or type(error).__name__
    return text if len(text) <= 200 else f"{text[:199]}…"
