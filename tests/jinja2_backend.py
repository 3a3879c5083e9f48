"""
The Jinja2 backend, telling the test client what it rendered.

Django's test client collects ``response.context`` and ``response.templates``
from the ``template_rendered`` signal, which only its own template engine
sends; the test settings use this backend so that tests can read the context
of the public pages (Jinja2) as they read the admin's.
"""

from django.template.backends import jinja2
from django.test.signals import template_rendered


class Template(jinja2.Template):
    @property
    def name(self):
        return self.origin.template_name

    def render(self, context=None, request=None):
        context = {} if context is None else context
        html = super().render(context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html


class Jinja2(jinja2.Jinja2):
    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)
