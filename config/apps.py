from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project's own configuration: registers its system checks."""

    name = "config"
    verbose_name = "Project configuration"

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
