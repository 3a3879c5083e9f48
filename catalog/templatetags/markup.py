"""
``{% load markup %}{{ text|markdown }}``: editor text rendered as sanitised
HTML by ``catalog.markup.render_markdown``.
"""

from django import template

from catalog.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Return ``text`` (editor Markdown) as sanitised HTML."""
    return render_markdown(text)
