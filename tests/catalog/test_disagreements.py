"""
Where the sources disagree (catalog.disagreements): the rules on their own,
then the demo catalog's model pages and API against figures read here from
the database, then the model page's query count.
"""

import datetime as dt
import re
import statistics
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from catalog.disagreements import (
    SourcedFigure,
    comparable,
    far_apart,
    flag_outliers,
    parse_value,
)
from catalog.models import LanguageModel, ReportedFigure, Route
from sitecache.state import generation
from tests.factories import (
    make_model,
    make_provider,
    make_reported_figure,
    make_route,
    make_source,
)

# The rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("1", "3", False),
        ("1", "3.01", True),
        ("3.01", "1", True),
        ("0", "0", False),
        ("0", "0.01", True),
        ("128000", "131072", False),
    ],
)
def test_far_apart_is_more_than_three_times(a, b, expected):
    assert far_apart(Decimal(a), Decimal(b)) is expected


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("2.5", "usd_per_1m_tokens", Decimal("2.5")),
        ("131072", "tokens", Decimal(131072)),
        ("2025-02-24", "date", dt.date(2025, 2, 24)),
        ("-1", "usd_per_1m_tokens", None),
        ("NaN", "usd_per_1m_tokens", None),
        ("soon", "date", None),
        ("", "tokens", None),
    ],
)
def test_parse_value_reads_a_reported_figure_or_gives_none(text, unit, expected):
    assert parse_value(text, unit) == expected


def figure(value, *, live=False):
    return SourcedFigure(
        value=Decimal(value), source=None, on=None, date_kind="", is_live=live
    )


@pytest.mark.parametrize(
    ("live", "others", "expected"),
    [
        # Against the shown figure first, then against the median.
        ("1", ["1.2", "10"], ["", "", "shown"]),
        ("0.0028", ["0.028", "0.035"], ["median", "shown", "shown"]),
        ("10", ["10", "10", "10", "1"], ["", "", "", "", "shown"]),
        ("5", ["4", "6"], ["", "", ""]),
        # Two figures have no median apart from their midpoint.
        ("1", ["10"], ["", "shown"]),
        (None, ["1", "10"], ["", ""]),
    ],
)
def test_flag_outliers_names_what_a_figure_is_far_from(live, others, expected):
    shown = [figure(live, live=True)] if live else []
    figures = [*shown, *(figure(value) for value in others)]

    flagged = flag_outliers(figures)

    assert [f.outlier_from for f in flagged] == expected


def test_flag_outliers_leaves_dates_alone():
    dates = [
        SourcedFigure(value=dt.date(2023, 1, 1), source=None, on=None, date_kind=""),
        SourcedFigure(value=dt.date(2025, 1, 1), source=None, on=None, date_kind=""),
    ]

    assert [f.is_outlier for f in flag_outliers(dates)] == [False, False]


@pytest.mark.parametrize(
    ("precision", "agrees"), [("day", False), ("month", True), ("year", True)]
)
def test_release_dates_are_compared_at_the_precision_known(precision, agrees):
    shown, reported = dt.date(2025, 2, 1), dt.date(2025, 2, 24)

    same = comparable(shown, precision) == comparable(reported, precision)

    assert same is agrees


# The demo catalog -----------------------------------------------------------------

MODEL_FIELDS = ("context_window", "max_output_tokens", "release_date")
PRICE_FIELDS = (
    "input_price",
    "output_price",
    "cache_read_price",
    "cache_write_price",
    "batch_input_price",
    "batch_output_price",
    "long_context_input_price",
    "long_context_output_price",
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo catalog once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalog", str(settings.DEMO_CATALOG_PATH), verbosity=0)
        yield
        transaction.set_rollback(True)


def panel_text(response):
    """Return the "Sources disagree" panel's text, tags stripped; "" without one."""
    found = re.search(
        r'<section aria-labelledby="sources-disagree".*?</section>',
        response.text,
        re.S,
    )
    if not found:
        return ""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def sources_agree(model):
    """
    Whether every figure another source reports for ``model`` or its routes
    is the one the catalog shows, and no route has a window of its own.
    """
    if model.routes.filter(context_window__isnull=False).exists():
        return False
    for reported in ReportedFigure.objects.filter(model=model, field__in=MODEL_FIELDS):
        if str(getattr(model, reported.field)) != reported.value:
            return False
    for reported in ReportedFigure.objects.filter(
        route__model=model, field__in=PRICE_FIELDS
    ).select_related("route"):
        live = getattr(reported.route, reported.field)
        if live is None or live != Decimal(reported.value):
            return False
    return True


@pytest.mark.django_db
def test_panel_shows_on_a_demo_model_whose_sources_disagree(client, demo):
    gpt_4 = LanguageModel.objects.get(slug="gpt-4")
    llm_stats = ReportedFigure.objects.get(model=gpt_4, field="context_window")
    window = int(llm_stats.value)
    assert window != gpt_4.context_window  # the data this test is about

    text = panel_text(client.get(gpt_4.get_absolute_url()))

    assert "Sources disagree" in text
    assert f"{gpt_4.context_window:,}" in text
    assert f"{window:,}" in text
    assert llm_stats.source.title in text
    flagged = "Outlier: over 3× off the shown figure" in text
    assert flagged is far_apart(Decimal(window), Decimal(gpt_4.context_window))


@pytest.mark.django_db
def test_panel_is_left_out_where_the_sources_agree(client, demo):
    candidates = LanguageModel.objects.published().filter(
        pk__in=ReportedFigure.objects.filter(route__isnull=False).values("route__model")
    )
    agreeing = next(
        model for model in candidates.order_by("slug") if sources_agree(model)
    )

    response = client.get(agreeing.get_absolute_url())

    assert response.status_code == 200
    assert panel_text(response) == ""
    assert 'href="#sources-disagree"' not in response.text


@pytest.mark.django_db
def test_route_prices_show_each_source_value_date_and_outlier(client, demo):
    """Every reported price of DeepSeek Chat's own route, against the API and page."""
    route = Route.objects.select_related("model", "source").get(
        model__slug="deepseek-chat", provider__slug="deepseek"
    )
    reported = list(ReportedFigure.objects.filter(route=route).select_related("source"))
    _, checked_on, _ = route.verification
    rows = {
        row["field"]: row["figures"]
        for row in api_disagreements(client, route.model.slug)
        if row["route"] and row["route"]["identifier"] == route.identifier
    }
    assert rows  # the data this test is about
    for field in {f.field for f in reported}:
        live = getattr(route, field)
        theirs = [f for f in reported if f.field == field]
        values = [Decimal(f.value) for f in theirs] + [live]
        if len(set(values)) < 2:
            assert field not in rows
            continue
        median = statistics.median(values) if len(values) > 2 else live
        expected = [
            (live, route.source.key, checked_on, True, far_apart(live, median))
        ] + [
            (
                Decimal(f.value),
                f.source.key,
                f.reported_on,
                False,
                far_apart(Decimal(f.value), live)
                or far_apart(Decimal(f.value), median),
            )
            for f in theirs
        ]
        got = [
            (
                Decimal(f["value"]),
                f["source"]["key"],
                f["figure_date"] and dt.date.fromisoformat(f["figure_date"]),
                f["is_live"],
                f["is_outlier"],
            )
            for f in rows[field]
        ]
        assert sorted(got, key=str) == sorted(expected, key=str), field
    text = panel_text(client.get(route.model.get_absolute_url()))
    assert f"checked {checked_on.isoformat()}" in text
    dated = next(f for f in reported if f.reported_on)
    assert f"as of {dated.reported_on.isoformat()}" in text


def api_disagreements(client, slug):
    response = client.get(reverse("api:get_model", args=[slug]))
    assert response.status_code == 200
    return response.json()["disagreements"]


@pytest.mark.django_db
def test_api_returns_the_model_pages_disagreements(client, demo):
    gpt_4 = LanguageModel.objects.get(slug="gpt-4")
    release = ReportedFigure.objects.get(model=gpt_4, field="release_date")

    rows = api_disagreements(client, "gpt-4")
    page = client.get(gpt_4.get_absolute_url()).context["disagreements"]

    assert [(row["field"], bool(row["route"])) for row in rows] == [
        (row.field, row.route is not None) for row in page
    ]
    [dates] = [row for row in rows if row["field"] == "release_date"]
    assert dates["unit"] == "date"
    assert [(f["value"], f["is_live"]) for f in dates["figures"]] == [
        (gpt_4.release_date.isoformat(), True),
        (release.value, False),
    ]
    assert dates["figures"][1]["source"]["key"] == release.source.key
    assert not any(f["is_outlier"] for f in dates["figures"])


@pytest.mark.django_db
def test_api_leaves_disagreements_empty_where_the_sources_agree(client):
    model = make_model(context_window=8192)
    make_reported_figure(model=model, field="context_window", value="8192")

    assert api_disagreements(client, model.slug) == []


# The model page's query count -------------------------------------------------------


def model_with_disagreeing_routes(count):
    """Return a model whose ``count`` routes each disagree with two sources."""
    model = make_model(slug=f"disagreeing-{count}", context_window=200_000)
    litellm, genai = make_source(), make_source()
    make_reported_figure(model=model, field="context_window", value="1000000")
    for _ in range(count):
        route = make_route(
            model=model,
            provider=make_provider(),
            source=make_source(),
            context_window=131_072,
            input_price=Decimal("1"),
        )
        make_reported_figure(route=route, source=litellm, value="10")
        make_reported_figure(route=route, source=genai, value="1.2")
    return model


@pytest.mark.django_db
@pytest.mark.parametrize("routes", [2, 12])
def test_model_page_queries_do_not_grow_with_disagreeing_routes(
    client, django_assert_num_queries, routes
):
    model = model_with_disagreeing_routes(routes)

    with django_assert_num_queries(9):
        response = client.get(model.get_absolute_url())

    disagreements = response.context["disagreements"]
    assert len(disagreements.routes) == routes
    folded = f"{routes - 3} more routes whose sources disagree" in response.text
    assert folded is (routes > 3)


@pytest.mark.django_db
@pytest.mark.parametrize(("precision", "listed"), [("day", True), ("month", False)])
def test_a_release_date_disagrees_only_beyond_the_precision_known(
    client, precision, listed
):
    model = make_model(
        release_date=dt.date(2025, 2, 1), release_date_precision=precision
    )
    make_reported_figure(model=model, field="release_date", value="2025-02-24")

    rows = api_disagreements(client, model.slug)

    assert [row["field"] for row in rows] == (["release_date"] if listed else [])


@pytest.mark.django_db
def test_a_new_reported_figure_refreshes_the_cached_model_page(client):
    model, source = make_model(context_window=8192), make_source()
    client.get(model.get_absolute_url())
    before = generation()

    make_reported_figure(
        model=model, field="context_window", value="32768", source=source
    )

    assert generation() != before
    assert "Sources disagree" in client.get(model.get_absolute_url()).text
