"""
Forwarded headers are trusted only where the proxy alone can reach the app
server: gunicorn binds to loopback unless told otherwise, and a system
check (and gunicorn's start-up log) warns when proxies are trusted on an
address other machines can reach.
"""

import runpy
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core import checks

from config.checks import is_public_bind

GUNICORN_CONF = str(django_settings.BASE_DIR / "gunicorn.conf.py")


def gunicorn_settings(monkeypatch, **environment):
    for name in ("GUNICORN_BIND", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(GUNICORN_CONF)


def test_gunicorn_binds_to_loopback_by_default(monkeypatch):
    assert gunicorn_settings(monkeypatch)["bind"] == ["127.0.0.1:8000"]
    assert gunicorn_settings(monkeypatch, PORT="9000")["bind"] == ["127.0.0.1:9000"]


def test_gunicorn_binds_where_told(monkeypatch):
    conf = gunicorn_settings(monkeypatch, GUNICORN_BIND="10.0.0.12:8000, [::1]:8000")
    assert conf["bind"] == ["10.0.0.12:8000", "[::1]:8000"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("0.0.0.0:8000", True),
        ("[::]:8000", True),
        ("93.184.216.34:8000", True),
        ("example.com:8000", True),
        (":8000", True),
        ("127.0.0.1:8000", False),
        ("[::1]:8000", False),
        ("localhost:8000", False),
        ("localhost", False),
        ("10.0.0.12:8000", False),
        ("192.168.1.2", False),
        ("unix:/run/gunicorn.sock", False),
        ("fd://3", False),
    ],
)
def test_is_public_bind(address, public):
    assert is_public_bind(address) is public


def proxy_warnings():
    found = checks.run_checks(tags=[checks.Tags.security])
    return [message for message in found if message.id == "config.W001"]


@pytest.mark.parametrize(
    ("bind", "proxies", "tls_proxy", "warned"),
    [
        ("0.0.0.0:8000", 1, False, True),
        ("0.0.0.0:8000", 0, True, True),
        ("0.0.0.0:8000", 0, False, False),
        ("127.0.0.1:8000", 1, True, False),
        ("10.0.0.12:8000", 1, True, False),
        ("", 1, True, False),  # gunicorn's default, loopback
    ],
)
def test_the_system_check_warns_of_proxies_trusted_on_a_public_bind(
    monkeypatch, settings, bind, proxies, tls_proxy, warned
):
    monkeypatch.setenv("GUNICORN_BIND", bind)
    settings.NINJA_NUM_PROXIES = proxies
    settings.SECURE_PROXY_SSL_HEADER = (
        ("HTTP_X_FORWARDED_PROTO", "https") if tls_proxy else None
    )

    found = proxy_warnings()

    assert bool(found) is warned
    if warned:
        assert found[0].level == checks.WARNING
        assert "0.0.0.0:8000" in found[0].msg
        assert "escapes the admin's lockout and the API's rate limit" in found[0].msg


def test_gunicorn_warns_at_start_up_of_proxies_trusted_on_a_public_bind(
    monkeypatch, settings
):
    settings.NINJA_NUM_PROXIES = 1
    logged = []
    server = SimpleNamespace(
        cfg=SimpleNamespace(bind=["127.0.0.1:8001", "0.0.0.0:8000"]),
        log=SimpleNamespace(warning=lambda *args: logged.append(args[0] % args[1:])),
    )

    gunicorn_settings(monkeypatch)["when_ready"](server)

    (message,) = logged
    assert message.startswith("WARNING: The app server listens on 0.0.0.0:8000 ")
    assert "X-Forwarded-For (NINJA_NUM_PROXIES=1)" in message


def test_a_deployment_can_silence_the_warning_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SILENCED_SYSTEM_CHECKS", "config.W001, other.W002")
    monkeypatch.setenv("DJANGO_DEBUG", "1")

    loaded = runpy.run_path(str(django_settings.BASE_DIR / "config/settings/base.py"))

    assert loaded["SILENCED_SYSTEM_CHECKS"] == ["config.W001", "other.W002"]
