"""
The Jinja2 environment of the public site's templates (``jinja2/``).

The public pages render with Jinja2, the admin with Django's own engine
(``templates/``). A comparison page prints several hundred values; Jinja2
compiles a template to Python once, and renders such a page several times
faster than the Django template language (``bench/profile_comparison.py``).

What the templates get besides Jinja2's own filters:

* ``url(name, **kwargs)`` and ``static(path)``: ``reverse()`` and
  ``{% static %}``;
* what the catalog's pages show of the comparisons, which the catalog app
  itself does not know (it is the layer below): ``pair_url(a, b)``, a
  comparison page's path, and ``comparison_list_involving(model=...)``, the
  curated comparisons of a model, read as the template asks for them (as a
  Django template tag would);
* ``querystring(request.GET, page=2, sort=None)``, as Django's
  ``{% querystring %}``;
* Django's filters the templates use (``date``, ``floatformat``,
  ``pluralize``, ``capfirst``, ``escapejs``, ``urlencode``) and ``iso_date``
  (``date('Y-m-d')`` without the format parser); the engine's
  ``format_price`` and ``format_score`` (the words the API uses too); and
  ``markdown`` for editors' text (``catalog.markup.render_markdown``,
  sanitised); ``breakable`` for identifiers (``<wbr>`` after separators).
"""

import datetime as dt
import re

import jinja2
import markupsafe
from django.http import QueryDict
from django.template import defaultfilters, defaulttags
from django.templatetags.static import static
from django.urls import reverse

from catalog.formatting import format_price, format_score, kind_noun
from catalog.markup import render_markdown
from comparisons.models import pair_url
from comparisons.selectors import comparison_list_involving


def url(viewname: str, **kwargs) -> str:
    """Return the path of the page ``viewname`` with ``kwargs``, as ``{% url %}``."""
    return reverse(viewname, kwargs=kwargs)


def querystring(query: QueryDict, **changes) -> str:
    """
    Return ``query`` with ``changes`` applied, as a query string with its "?":
    Django's ``{% querystring %}``, which reads the template context only
    when it is given no query. A value of None removes the parameter.
    """
    return defaulttags.querystring(None, query, **changes)


def iso_date(value: dt.date | dt.datetime) -> str:
    """Return a date as "2026-11-26", as Django's ``date`` filter with "Y-m-d", faster."""
    if type(value) is dt.date:
        return value.isoformat()
    return defaultfilters.date(value, "Y-m-d")


# After "/", "_" or ":", and after "-" or "." unless a digit follows
# ("claude-sonnet-4-6" keeps "4-6" together, "gpt-4.1" keeps "4.1").
SEPARATORS = re.compile(r"([/:_]+|[.-]+(?=\D))(?=.)")


def breakable(value) -> markupsafe.Markup:
    """
    Return an identifier escaped, with a line-break opportunity (``<wbr>``)
    after each run of separators: "anthropic/claude-sonnet-4-6" wraps at
    "/" and "-" on a phone, never between two letters.
    """
    escaped = str(markupsafe.escape(value))
    return markupsafe.Markup(SEPARATORS.sub(r"\1<wbr>", escaped))


def environment(**options) -> jinja2.Environment:
    env = jinja2.Environment(**options)
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
        pair_url=pair_url,
        comparison_list_involving=comparison_list_involving,
    )
    env.filters.update(
        breakable=breakable,
        capfirst=defaultfilters.capfirst,
        date=defaultfilters.date,
        escapejs=defaultfilters.escapejs_filter,
        floatformat=defaultfilters.floatformat,
        format_price=format_price,
        format_score=format_score,
        iso_date=iso_date,
        kind_noun=kind_noun,
        markdown=render_markdown,
        pluralize=defaultfilters.pluralize,
        urlencode=defaultfilters.urlencode,
    )
    return env
