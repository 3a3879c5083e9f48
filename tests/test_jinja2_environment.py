"""The helpers config/jinja2.py gives the public site's templates."""

import datetime as dt
from decimal import Decimal

from django.http import QueryDict
from django.template import Context, Template, defaultfilters, engines
from django.urls import reverse, set_script_prefix

from config.jinja2 import iso_date, querystring, static, url


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_url_gives_what_reverse_gives():
    assert url("catalog:model-detail", slug="gpt-4o") == "/models/gpt-4o/"
    assert url("comparisons:detail", pair="a-vs-b") == reverse(
        "comparisons:detail", kwargs={"pair": "a-vs-b"}
    )
    assert url("comparisons:home") == "/"


def test_url_follows_the_script_prefix():
    assert url("catalog:model-detail", slug="gpt-4o") == "/models/gpt-4o/"
    set_script_prefix("/mounted/")
    try:
        assert url("catalog:model-detail", slug="gpt-4o") == "/mounted/models/gpt-4o/"
    finally:
        set_script_prefix("/")
    assert url("catalog:model-detail", slug="gpt-4o") == "/models/gpt-4o/"


def test_static_gives_what_the_static_tag_gives():
    tag = Template("{% load static %}{% static 'css/site.css' %}").render(Context())
    assert static("css/site.css") == tag == "/static/css/site.css"


def test_querystring_sets_replaces_and_removes_parameters():
    query = QueryDict("sort=price&page=3&capability=vision&capability=tools")

    assert querystring(query, page=4) == (
        "?sort=price&page=4&capability=vision&capability=tools"
    )
    assert querystring(query, sort="name", page=None) == (
        "?sort=name&capability=vision&capability=tools"
    )
    assert querystring(QueryDict(""), page=None) == "?"
    assert query["page"] == "3"  # the request's own is left alone


def test_templates_escape_and_format_like_the_engine():
    html = render(
        "{{ name }} {{ price|format_price }} {{ text|markdown }}",
        name="<b>A & B</b>",
        price=Decimal("1234.5"),
        text="*hi* <script>x</script>",
    )
    assert html.startswith("&lt;b&gt;A &amp; B&lt;/b&gt; $1,234.50 ")
    assert "<em>hi</em>" in html
    assert "<script>" not in html


def test_iso_date_writes_dates_as_the_date_filter_does():
    day = dt.date(2026, 1, 5)
    moment = dt.datetime(2026, 1, 5, 23, 30, tzinfo=dt.UTC)
    for value in (day, moment):
        assert iso_date(value) == defaultfilters.date(value, "Y-m-d")
    assert iso_date(day) == "2026-01-05"
