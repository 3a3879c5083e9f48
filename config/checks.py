"""
System checks of the deployment (``manage.py check``, and every ``migrate``
and ``runserver``), and the address test gunicorn's start-up shares.

Behind ``NINJA_NUM_PROXIES`` proxies the API's throttle and the admin's
lockout count the address the outermost proxy appended to
X-Forwarded-For; ``DJANGO_BEHIND_TLS_PROXY`` believes its
X-Forwarded-Proto. A client that reaches the app server directly writes
those headers itself, and a rotating X-Forwarded-For makes every request a
new client: no lockout, no rate limit. So proxies may be trusted only where
the app server listens on loopback or a private address (the load
balancer's network), never on every interface or a public address.
"""

import ipaddress
import os

from django.conf import settings
from django.core.checks import Tags, Warning, register


def bind_host(address: str) -> str | None:
    """
    Return the host of a gunicorn bind address ("0.0.0.0:8000", "[::1]:8000",
    "localhost"), or None for a Unix socket or file descriptor.
    """
    if address.startswith(("unix:", "fd://")):
        return None
    if address.startswith("["):
        return address[1 : address.find("]")]
    if address.count(":") == 1:
        return address.split(":")[0]
    return address


def is_public_bind(address: str) -> bool:
    """
    Return whether a server bound to ``address`` can be reached from beyond
    the machine or its private network: every interface (0.0.0.0, ::), a
    public address, or a host name (it cannot tell).
    """
    host = bind_host(address)
    if host is None or host == "localhost":
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return True
    return ip.is_unspecified or not (ip.is_loopback or ip.is_private)


def trusted_proxy_headers() -> list[str]:
    """Return the forwarded headers the settings believe, by the setting that does."""
    trusted = []
    if settings.NINJA_NUM_PROXIES > 0:
        trusted.append(
            f"X-Forwarded-For (NINJA_NUM_PROXIES={settings.NINJA_NUM_PROXIES})"
        )
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        trusted.append("X-Forwarded-Proto (DJANGO_BEHIND_TLS_PROXY)")
    return trusted


def proxy_trust_warning(binds: list[str], trusted: list[str]) -> str | None:
    """Return the warning for proxies trusted on a public bind, or None."""
    public = [address for address in binds if is_public_bind(address)]
    if not (public and trusted):
        return None
    return (
        f"The app server listens on {', '.join(public)} and trusts "
        f"{' and '.join(trusted)}: a client that reaches it directly can forge "
        "those headers, and a new X-Forwarded-For on each request escapes the "
        "admin's lockout and the API's rate limit. Bind to 127.0.0.1 (the "
        "default) or a private address only the proxy can reach (GUNICORN_BIND)."
    )


@register(Tags.security, deploy=False)
def check_proxy_trust(app_configs=None, **kwargs):
    """Warn when GUNICORN_BIND is public and forwarded headers are trusted."""
    binds = [
        address.strip()
        for address in os.environ.get("GUNICORN_BIND", "").split(",")
        if address.strip()
    ]
    message = proxy_trust_warning(binds, trusted_proxy_headers())
    if message is None:
        return []
    return [
        Warning(
            message,
            hint="If a firewall already keeps everyone but the proxy out, set "
            "DJANGO_SILENCED_SYSTEM_CHECKS=config.W001.",
            id="config.W001",
        )
    ]
