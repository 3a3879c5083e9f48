from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def password_file(tmp_path, monkeypatch):
    path = tmp_path / ".local-admin-password"
    monkeypatch.setattr(
        "catalog.management.commands.create_local_admin.PASSWORD_FILE", path
    )
    return path


@pytest.mark.parametrize(
    ("address", "printed"),
    [
        (None, "http://127.0.0.1:8000/admin/"),
        ("127.0.0.1:8021", "http://127.0.0.1:8021/admin/"),
        ("8022", "http://127.0.0.1:8022/admin/"),
    ],
)
def test_create_local_admin_prints_the_address_make_run_serves(
    settings, password_file, address, printed
):
    settings.DEBUG = True
    out = StringIO()
    args = ["--address", address] if address else []
    call_command("create_local_admin", *args, stdout=out)
    assert f"Admin login: {printed}" in out.getvalue()
    assert password_file.read_text().strip() in out.getvalue()
