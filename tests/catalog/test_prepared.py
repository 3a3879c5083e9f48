import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q

from catalog.models import LanguageModel, Route
from catalog.prepared import PreparedQuery
from tests.factories import make_model, make_route

pytestmark = pytest.mark.django_db


def routes_of(model_ids, region=None, cheap_only=False):
    routes = Route.objects.filter(model_id__in=model_ids)
    if region is not None:
        routes = routes.filter(region=region)
    if cheap_only:
        routes = routes.filter(input_price__lt=1)
    return routes.order_by("identifier").values(
        "identifier",
        "input_price",
        "last_verified",
        model_slug=F("model__slug"),
        modalities=F("model__input_modalities"),
        reasoning=F("model__license_is_osi_approved"),
    )


@pytest.fixture
def models():
    a = make_model(slug="a", input_modalities=["text", "image"])
    b = make_model(slug="b", license_is_osi_approved=True)
    make_route(model=a, identifier="a-1", input_price=Decimal("0.5"), region="eu")
    make_route(
        model=a,
        identifier="a-2",
        input_price=Decimal("2.125"),
        last_verified=dt.date(2026, 11, 1),
    )
    make_route(model=b, identifier="b-1", input_price=Decimal("3"), region="eu")
    return a, b


def test_rows_are_the_querysets_converted_as_values_would(models):
    a, b = models
    prepared = PreparedQuery(routes_of)
    for arguments in [
        {"model_ids": [a.pk]},
        {"model_ids": [b.pk]},
        {"model_ids": [a.pk, b.pk]},
        {"model_ids": [b.pk, a.pk], "region": "eu"},
        {"model_ids": [a.pk, b.pk], "region": None, "cheap_only": True},
    ]:
        rows = prepared(**arguments)
        assert rows == list(routes_of(**arguments)), arguments
    rows = prepared(model_ids=[a.pk, b.pk])
    # Typed as the columns are: decimals, dates, JSON, booleans.
    assert rows[1]["input_price"] == Decimal("2.125")
    assert rows[1]["last_verified"] == dt.date(2026, 11, 1)
    assert rows[0]["modalities"] == ["text", "image"]
    assert rows[2]["reasoning"] is True


def test_a_shape_is_built_and_compiled_once(models, django_assert_num_queries):
    a, b = models
    built = []

    def build(**arguments):
        built.append(arguments)
        return routes_of(**arguments)

    prepared = PreparedQuery(build)
    prepared(model_ids=[a.pk])
    with django_assert_num_queries(1):
        assert [row["identifier"] for row in prepared(model_ids=[b.pk])] == ["b-1"]
    assert len(built) == 1
    # Another list length, a None, a flag: each a shape of its own.
    prepared(model_ids=[a.pk, b.pk])
    prepared(model_ids=[a.pk], region=None)
    prepared(model_ids=[a.pk], region="eu")
    prepared(model_ids=[a.pk], region="us")
    prepared(model_ids=[a.pk], cheap_only=True)
    assert len(built) == 5


def test_shapes_past_the_limit_are_compiled_on_every_call(models):
    a, b = models
    built = []

    def build(**arguments):
        built.append(arguments)
        return routes_of(**arguments)

    prepared = PreparedQuery(build, max_shapes=1)
    prepared(model_ids=[a.pk])
    rows = [prepared(model_ids=[a.pk, b.pk]) for _ in range(2)]
    assert rows[0] == rows[1] == list(routes_of([a.pk, b.pk]))
    assert len(built) == 3
    prepared(model_ids=[b.pk])
    assert len(built) == 3


def test_a_list_that_matches_nothing_runs_no_query(models, django_assert_num_queries):
    prepared = PreparedQuery(routes_of)
    with django_assert_num_queries(0):
        assert prepared(model_ids=[]) == []


def test_a_value_the_builder_changes_is_refused(models):
    prepared = PreparedQuery(
        lambda name: LanguageModel.objects.filter(name__icontains=name).values("slug")
    )
    with pytest.raises(ImproperlyConfigured, match="name"):
        prepared(name="Model")


def test_a_value_the_builder_drops_is_refused(models):
    prepared = PreparedQuery(
        lambda slug, other: LanguageModel.objects.filter(
            Q(slug=slug) | Q(slug=slug)
        ).values("slug")
    )
    with pytest.raises(ImproperlyConfigured, match="other"):
        prepared(slug="a", other="b")


@pytest.mark.parametrize("value", [dt.date(2026, 1, 1), 1.5, [True]])
def test_values_other_than_strings_and_integers_are_refused(models, value):
    prepared = PreparedQuery(
        lambda value: LanguageModel.objects.filter(release_date=value).values("slug")
    )
    with pytest.raises(TypeError, match="strings, integers and None"):
        prepared(value=value)
