import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

PASSWORD_FILE = settings.BASE_DIR / ".local-admin-password"


class Command(BaseCommand):
    help = (
        "Create (once) a superuser 'admin' with a random password for local "
        "development and print the login. Refuses to run unless DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Where runserver listens (make run's HOST), printed in the login: "
            "host:port or a port alone.",
        )

    def handle(self, *args, address, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_local_admin is for local development (DJANGO_DEBUG=1)."
            )
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        stored = PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.exists() else ""
        if user is None or not stored or not user.check_password(stored):
            stored = secrets.token_urlsafe(12)
            if user is None:
                User.objects.create_superuser("admin", "admin@localhost", stored)
            else:
                user.set_password(stored)
                user.save(update_fields=["password"])
            PASSWORD_FILE.write_text(stored + "\n")
        if address.isdigit():
            address = f"127.0.0.1:{address}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: http://{address}/admin/  "
                f"username: admin  password: {stored}"
            )
        )
