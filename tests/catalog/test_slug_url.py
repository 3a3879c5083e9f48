from django.template import Context, Template
from django.urls import set_script_prefix

TEMPLATE = Template(
    "{% load urls %}"
    "{% slug_url 'catalog:model-detail' slug %}|{% url 'catalog:model-detail' slug=slug %}|"
    "{% slug_url 'comparisons:detail' pair kwarg='pair' %}|{% url 'comparisons:detail' pair=pair %}"
)


def render(**context):
    return TEMPLATE.render(Context(context)).split("|")


def test_slug_url_gives_what_the_url_tag_gives():
    ours, django, our_pair, django_pair = render(slug="gpt-4o", pair="a-vs-b")
    assert ours == django == "/models/gpt-4o/"
    assert our_pair == django_pair == "/compare/a-vs-b/"


def test_slug_url_follows_the_script_prefix():
    set_script_prefix("/mounted/")
    try:
        ours, django, _, _ = render(slug="gpt-4o", pair="a-vs-b")
    finally:
        set_script_prefix("/")
    assert ours == django == "/mounted/models/gpt-4o/"
    assert render(slug="gpt-4o", pair="a-vs-b")[0] == "/models/gpt-4o/"
