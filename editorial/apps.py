from django.apps import AppConfig

# Not ``from ... import AdminConfig``: Django picks this module's default app
# config among the AppConfig classes it holds, and AdminConfig is one.
from django.contrib.admin import apps as admin_apps


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial"


class EditorialAdminConfig(admin_apps.AdminConfig):
    """
    Django's admin with the editorial site (``editorial.sites``) as
    ``admin.site``, listed in INSTALLED_APPS in place of
    ``django.contrib.admin``.
    """

    default = False
    default_site = "editorial.sites.EditorialAdminSite"
