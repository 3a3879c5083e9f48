"""
``{% slug_url %}``: ``{% url %}`` for the pages named by one slug, remembered.

A comparison page links dozens of rows (routes to providers, chart points to
models, benchmarks, related comparisons), and ``reverse()`` costs more than
rendering a row. The URL of a slug does not change while the URLconf and
the script prefix stay the same, so it is reversed once per process and
then read from a bounded LRU cache.

    {% load urls %}
    <a href="{% slug_url 'catalog:model-detail' point.slug %}">...</a>
    <a href="{% slug_url 'comparisons:detail' link.path_slug kwarg='pair' %}">...</a>
"""

import functools

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@functools.lru_cache(maxsize=16384)
def _reverse(viewname, kwarg, slug, urlconf, script_prefix):
    # The script prefix is part of the key only: reverse() reads it itself.
    return reverse(viewname, urlconf=urlconf, kwargs={kwarg: slug})


@register.simple_tag
def slug_url(viewname, slug, kwarg="slug"):
    """Return the URL of the page ``viewname`` for ``slug``, as {% url %} would."""
    return _reverse(viewname, kwarg, slug, get_urlconf(), get_script_prefix())
