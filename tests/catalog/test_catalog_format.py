import contextlib
import copy
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.catalog_format import (
    CAPABILITIES,
    KINDS,
    MODELS,
    REPORTED_FIGURES,
    ROUTES,
    CatalogFormatError,
    export_catalog,
    load_catalog,
)
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    DecisionTag,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    PublicationStatus,
    ReportedFigure,
    Route,
    Source,
)
from tests.factories import (
    make_benchmark,
    make_capability,
    make_decision_tag,
    make_model,
    make_organization,
    make_provider,
    make_reported_figure,
    make_result,
    make_route,
    make_source,
)

pytestmark = pytest.mark.django_db

CATALOG_MODELS = [
    Source,
    Organization,
    DecisionTag,
    Provider,
    LanguageModel,
    ModelCapability,
    Route,
    ReportedFigure,
    Benchmark,
    BenchmarkResult,
]


def row_counts():
    return {model.__name__: model.objects.count() for model in CATALOG_MODELS}


def document():
    """Return a small valid catalog document with one record of each kind."""
    return {
        "format": "llm-compare-catalog",
        "schema_version": 1,
        "generated_at": None,
        "data_date": "2026-08-21",
        "license": "Test data.",
        "attribution": ["Example Lab, CC BY 4.0"],
        "sources": [
            {
                "key": "lab-data",
                "title": "Lab data",
                "url": "https://example.com/data",
                "attribution": "Example Lab, CC BY 4.0",
                "license": "CC BY 4.0",
                "retrieved_on": "2026-08-21",
            }
        ],
        "organizations": [{"slug": "lab", "name": "Lab"}],
        "decision_tags": [{"slug": "coding", "name": "Coding"}],
        "providers": [
            {
                "slug": "lab-api",
                "name": "Lab API",
                "kind": "first_party",
                "organization": "lab",
            }
        ],
        "models": [
            {
                "slug": "lab-1",
                "name": "Lab 1",
                "organization": "lab",
                "status": "published",
                "release_date": "2025-04-01",
                "release_date_precision": "month",
                "context_window": 128000,
                "open_weights": "unknown",
                "knowledge_cutoff": "2024-12",
                "input_modalities": ["text", "image"],
                "decision_tags": ["coding"],
                "sources": ["lab-data"],
                "capabilities": [
                    {"capability": "vision", "value": "yes", "source": "lab-data"},
                    {"capability": "reasoning", "value": "unknown", "note": "unclear"},
                ],
            }
        ],
        "routes": [
            {
                "model": "lab-1",
                "provider": "lab-api",
                "identifier": "lab-1-2025",
                "input_price": "0.035",
                "output_price": "0.14",
                "source": "lab-data",
                "reported_figures": [
                    {"field": "input_price", "value": "0.04", "source": "lab-data"}
                ],
            }
        ],
        "benchmarks": [{"slug": "mmlu", "name": "MMLU", "category": "knowledge"}],
        "results": [
            {
                "key": "lab-data:lab-1:mmlu:0",
                "model": "lab-1",
                "benchmark": "mmlu",
                "score": "71.25",
                "provenance": "self_reported",
                "is_primary": True,
                "source": "lab-data",
            }
        ],
    }


def test_load_catalog_creates_one_row_per_record():
    report = load_catalog(document())

    assert report.created == 11  # one of each kind, and two capabilities
    assert row_counts() == {model.__name__: 1 for model in CATALOG_MODELS} | {
        "ModelCapability": 2
    }
    model = LanguageModel.objects.get(slug="lab-1")
    assert model.organization.slug == "lab"
    assert list(model.sources.values_list("key", flat=True)) == ["lab-data"]
    assert list(model.decision_tags.values_list("slug", flat=True)) == ["coding"]
    assert model.release_date == date(2025, 4, 1)
    assert Provider.objects.get().organization == model.organization
    assert BenchmarkResult.objects.get().score == Decimal("71.25")


def test_load_catalog_keeps_decimal_prices_exact():
    load_catalog(document())

    route = Route.objects.get()
    assert route.input_price == Decimal("0.035")
    assert str(route.input_price.normalize()) == "0.035"


def test_load_catalog_second_run_changes_nothing():
    load_catalog(document())
    history_before = Route.history.count()

    report = load_catalog(document())

    assert (report.created, report.updated) == (0, 0)
    assert report.as_dict()["routes"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
        "deleted": 0,
    }
    assert Route.history.count() == history_before


def test_load_catalog_updates_only_the_changed_record():
    load_catalog(document())
    changed = document()
    changed["routes"][0]["input_price"] = "0.04"

    report = load_catalog(changed)

    assert report.as_dict()["routes"]["updated"] == 1
    assert report.updated == 1
    assert Route.objects.get().input_price == Decimal("0.04")
    assert Route.history.first().history_change_reason == "Loaded from a catalog file"


def test_load_catalog_keeps_a_field_the_record_leaves_out():
    load_catalog(document())
    LanguageModel.objects.filter(slug="lab-1").update(last_reviewed=date(2026, 11, 1))

    report = load_catalog(document())

    assert report.updated == 0
    assert LanguageModel.objects.get().last_reviewed == date(2026, 11, 1)


def test_load_catalog_counts_a_changed_link_as_an_updated_model():
    load_catalog(document())
    changed = document()
    changed["models"][0]["decision_tags"] = []

    report = load_catalog(changed)

    assert report.as_dict()["models"]["updated"] == 1
    assert not LanguageModel.objects.get().decision_tags.exists()


def test_load_catalog_moves_the_primary_result():
    load_catalog(document())
    changed = document()
    second = dict(changed["results"][0], key="lab-data:lab-1:mmlu:1", score="80")
    changed["results"][0]["is_primary"] = False
    changed["results"].append(second)

    load_catalog(changed)

    primary = BenchmarkResult.objects.get(is_primary=True)
    assert primary.key == "lab-data:lab-1:mmlu:1"


def test_load_catalog_demotes_a_primary_result_missing_from_the_file():
    load_catalog(document())
    model = LanguageModel.objects.get()
    benchmark = Benchmark.objects.get()
    BenchmarkResult.objects.update(is_primary=False)
    editor_pick = make_result(model=model, benchmark=benchmark, is_primary=True)

    report = load_catalog(document())

    editor_pick.refresh_from_db()
    assert not editor_pick.is_primary
    assert BenchmarkResult.objects.get(is_primary=True).key == "lab-data:lab-1:mmlu:0"
    assert "no longer used on pages" in report.notes[0]


def test_load_catalog_keeps_rows_absent_from_the_file():
    load_catalog(document())
    extra = make_route(model=LanguageModel.objects.get())

    report = load_catalog(document())

    assert report.deleted == 0
    assert Route.objects.filter(pk=extra.pk).exists()


def test_load_catalog_prune_deletes_rows_absent_from_the_file():
    load_catalog(document())
    model = LanguageModel.objects.get()
    extra_route = make_route(model=model)
    make_capability(model=model, capability="tool_use")
    other_model = make_model()

    report = load_catalog(document(), prune=True)

    assert not Route.objects.filter(pk=extra_route.pk).exists()
    assert not LanguageModel.objects.filter(pk=other_model.pk).exists()
    counts = report.as_dict()
    assert counts["routes"]["deleted"] == 1
    assert counts["capabilities"]["deleted"] == 1
    assert counts["models"]["deleted"] == 1
    assert counts["providers"]["deleted"] == 1  # the extra route's
    assert row_counts() == {model.__name__: 1 for model in CATALOG_MODELS} | {
        "ModelCapability": 2
    }


def test_load_catalog_stores_the_exported_key_of_a_keyless_result():
    result = make_result(key="")
    data = export_catalog(published_only=False)

    report = load_catalog(data)

    assert (report.created, report.updated) == (0, 1)
    result.refresh_from_db()
    assert result.key == f"{result.model.slug}:{result.benchmark.slug}:{result.pk}"
    assert BenchmarkResult.objects.count() == 1


def test_load_catalog_refuses_a_name_taken_in_the_database():
    make_organization(name="Lab", slug="the-lab")

    with pytest.raises(CatalogFormatError) as error:
        load_catalog(document())

    assert 'organizations[0] (slug "lab"): name "Lab" is already used' in str(
        error.value
    )


def test_load_catalog_keeps_the_kind_a_record_leaves_out():
    load_catalog(document())
    assert LanguageModel.objects.get().kind == "language"
    LanguageModel.objects.update(kind="speech")

    report = load_catalog(document())

    assert report.updated == 0
    assert LanguageModel.objects.get().kind == "speech"


def test_load_catalog_sets_the_kind_a_record_gives():
    data = document()
    data["models"][0]["kind"] = "embedding"

    load_catalog(data)

    assert LanguageModel.objects.get().kind == "embedding"


def with_variant(data):
    """Return the document with a variant of "lab-1", listed before it."""
    variant = dict(data["models"][0], slug="lab-1-0401", name="Lab 1 (0401)")
    variant["variant_of"] = "lab-1"
    data["models"].insert(0, variant)
    return data


def test_load_catalog_writes_a_variant_listed_before_its_model():
    report = load_catalog(with_variant(document()))

    assert report.as_dict()["models"]["created"] == 2
    variant = LanguageModel.objects.get(slug="lab-1-0401")
    model = LanguageModel.objects.get(slug="lab-1")
    assert variant.variant_of == model
    assert list(model.variants.all()) == [variant]
    # Written once, as its model was: created with its reference.
    assert (variant.version, variant.history.count()) == (model.version, 1)
    again = load_catalog(with_variant(document()))
    assert (again.created, again.updated) == (0, 0)


def test_load_catalog_refers_to_a_model_already_in_the_database():
    load_catalog(document())
    data = with_variant(document())
    del data["models"][1]

    load_catalog(data)

    assert LanguageModel.objects.get(slug="lab-1-0401").variant_of.slug == "lab-1"


@pytest.mark.parametrize(
    ("variant_of", "message"),
    [
        (
            "lab-1-0401",
            'models[0] (slug "lab-1-0401"): variant_of names the model itself',
        ),
        (
            "lab-2",
            'models[0] (slug "lab-1-0401"): variant_of names "lab-2", which is itself a variant of "lab-1"; name "lab-1" instead',
        ),
        ("nope", 'variant_of refers to language model "nope", which is neither'),
    ],
)
def test_load_catalog_refuses_a_variant_it_cannot_show(variant_of, message):
    data = with_variant(document())
    data["models"][0]["variant_of"] = variant_of
    data["models"].append(
        dict(data["models"][1], slug="lab-2", name="Lab 2", variant_of="lab-1")
    )

    with pytest.raises(CatalogFormatError) as error:
        load_catalog(data)

    assert message in str(error.value)
    assert not LanguageModel.objects.exists()


def test_load_catalog_refuses_an_unknown_kind():
    data = document()
    data["models"][0]["kind"] = "chat"

    with pytest.raises(CatalogFormatError, match='kind must be one of "language"'):
        load_catalog(data)


def set_path(data, path, value):
    target = data
    for part in path[:-1]:
        target = target[part]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("routes", 0, "input_price"),
            "-1",
            'routes[0] (provider "lab-api", identifier "lab-1-2025"): input_price must not be negative, got "-1"',
        ),
        (
            ("routes", 0, "output_price"),
            "250000",
            "output_price of 250000 $ per 1M tokens is above the 100000 limit",
        ),
        (
            ("routes", 0, "input_price"),
            0.035,
            'input_price must be a decimal string such as "0.035", got the JSON number 0.035',
        ),
        (
            ("routes", 0, "input_price"),
            "0.0000001",
            "Ensure that there are no more than 6 decimal places.",
        ),
        (
            ("models", 0, "organization"),
            "nobody",
            'models[0] (slug "lab-1"): organization refers to organization "nobody", '
            "which is neither in this file's organizations nor in the database",
        ),
        (
            ("models", 0, "context_window"),
            "abc",
            'models[0] (slug "lab-1"): context_window must be a positive integer, got "abc"',
        ),
        (("models", 0, "slug"), DELETE, "models[0]: slug is required"),
        (
            ("models", 0, "slug"),
            "not a slug",
            'models[0] (slug "not a slug"): slug Enter a valid “slug”',
        ),
        (
            ("models", 0, "open_weights"),
            "maybe",
            'open_weights must be one of "yes", "no", "unknown", got "maybe"',
        ),
        (
            ("models", 0, "release_date"),
            "2025-02-30",
            'release_date is not a real date, got "2025-02-30"',
        ),
        (
            ("models", 0, "knowledge_cutoff"),
            "2024-12-31",
            "knowledge_cutoff Enter a month as YYYY-MM",
        ),
        (
            ("models", 0, "input_modalities"),
            ["text", "smell"],
            "input_modalities must be a list of distinct modalities",
        ),
        (
            ("models", 0, "capabilities", 0, "value"),
            "maybe",
            'models[0] (slug "lab-1") capabilities[0]: value must be one of',
        ),
        (
            ("providers", 0, "website"),
            "not a url",
            "website Enter a valid URL",
        ),
        (("results", 0, "key"), "", 'results[0] (key ""): key must not be empty'),
        (("results", 0, "bogus"), 1, "unknown field bogus"),
        (
            ("schema_version",),
            2,
            "schema_version 2 is not supported (this version reads 1)",
        ),
        (("format",), "something-else", 'format must be "llm-compare-catalog"'),
    ],
)
def test_load_catalog_refuses_bad_input_and_writes_nothing(path, value, message):
    data = document()
    set_path(data, path, value)

    with pytest.raises(CatalogFormatError) as error:
        load_catalog(data)

    assert message in str(error.value)
    assert set(row_counts().values()) == {0}


def test_load_catalog_refuses_duplicate_natural_keys():
    data = document()
    data["routes"].append(dict(data["routes"][0]))

    with pytest.raises(
        CatalogFormatError, match=r"routes\[1\] .*: duplicate of routes\[0\]"
    ):
        load_catalog(data)


def test_load_catalog_refuses_two_primary_results_for_one_pair():
    data = document()
    data["results"].append(dict(data["results"][0], key="lab-data:lab-1:mmlu:1"))

    with pytest.raises(CatalogFormatError, match="already the primary result"):
        load_catalog(data)


def test_load_catalog_lists_every_problem():
    data = document()
    data["routes"][0]["input_price"] = "-1"
    data["models"][0]["context_window"] = 0

    with pytest.raises(CatalogFormatError) as error:
        load_catalog(data)

    assert len(error.value.errors) == 2
    assert str(error.value).startswith("2 problems in the catalog file:")


def make_full_catalog():
    """Create rows with every field set away from its default."""
    source = make_source(
        publisher="Lab",
        retrieved_on=date(2026, 1, 2),
        license="CC BY 4.0",
        attribution="Lab, CC BY 4.0",
    )
    organization = make_organization(website="https://example.com/lab")
    tag = make_decision_tag(description="Good at code")
    provider = make_provider(
        website="https://example.com/api", kind="cloud", organization=organization
    )
    # Named after the model, so the file lists the variant before it.
    draft = make_model(
        slug="zz-draft",
        kind="speech",
        status=PublicationStatus.DRAFT,
        organization=organization,
    )
    model = make_model(
        organization=organization,
        family="lab",
        kind="speech",
        variant_of=draft,
        description="A model.",
        release_date=date(2025, 3, 1),
        release_date_precision="month",
        lifecycle_status="deprecated",
        lifecycle_date=date(2026, 6, 1),
        lifecycle_source=source,
        retirement_date=date(2026, 9, 1),
        retirement_source=source,
        max_output_tokens=8192,
        parameter_count=70_000_000_000,
        parameter_count_is_estimate=True,
        parameter_count_note="parsed from the model name",
        active_parameter_count=12_000_000_000,
        architecture="mixture_of_experts",
        license_name="Apache 2.0",
        license_is_osi_approved=True,
        license_url="https://example.com/license",
        open_weights="unknown",
        commercial_use="allowed",
        knowledge_cutoff="2024-10",
        input_modalities=["text", "image"],
        output_modalities=["text"],
        last_reviewed=date(2026, 11, 1),
    )
    model.decision_tags.add(tag)
    model.sources.add(source)
    make_capability(
        model=model, capability="vision", value="no", source=source, note="n"
    )
    make_reported_figure(
        model=model,
        field="context_window",
        value="131072",
        source=source,
        source_identifier="lab/model",
        reported_on=date(2025, 5, 22),
    )
    route = make_route(
        model=model,
        provider=provider,
        region="eu",
        lifecycle_status="preview",
        input_price=Decimal("0.035"),
        output_price=Decimal("0"),
        cache_read_price=Decimal("0.0035"),
        cache_write_price=Decimal("1.25"),
        batch_input_price=Decimal("0.0175"),
        batch_output_price=Decimal("99999.999999"),
        long_context_threshold=200_000,
        long_context_input_price=Decimal("0.07"),
        long_context_output_price=Decimal("0.28"),
        output_tokens_per_second=Decimal("123.45"),
        time_to_first_token_ms=250,
        source=source,
        source_url="https://example.com/prices",
        last_verified=date(2026, 8, 1),
        last_reviewed=date(2026, 9, 1),
        retirement_date=date(2027, 1, 14),
        retirement_source=source,
        context_window=32_768,
        discrepancy="The host lists a 32,768-token window.",
    )
    make_reported_figure(
        route=route,
        field="batch_input_price",
        value="0.5",
        source=source,
        source_identifier="host/model",
        reported_on=date(2026, 7, 30),
    )
    benchmark = make_benchmark(
        category="coding",
        unit="elo",
        scale_max=Decimal("3000"),
        higher_is_better=False,
        description="Lower is better here.",
        url="https://example.com/bench",
    )
    make_result(
        model=model,
        benchmark=benchmark,
        score=Decimal("-1.5"),
        provenance="independent",
        method="0-shot",
        notes="note",
        measured_on=date(2025, 5, 1),
        source=source,
        source_url="https://example.com/result",
        key="",
        last_reviewed=date(2026, 10, 1),
    )
    make_result(model=model, benchmark=benchmark, is_primary=False, key="kept-key")


def delete_catalog():
    for model in reversed(CATALOG_MODELS):
        model.objects.all().delete()


def test_export_then_load_into_an_empty_database_reproduces_every_row():
    make_full_catalog()
    exported = export_catalog(published_only=False)
    delete_catalog()

    load_catalog(copy.deepcopy(exported))
    again = export_catalog(published_only=False)

    del exported["generated_at"], again["generated_at"]
    assert again == exported
    assert again["models"][0]["open_weights"] == "unknown"
    assert again["routes"][0]["input_price"] == "0.035"
    assert Route.objects.get().input_price == Decimal("0.035")
    assert LanguageModel.objects.count() == 2


def test_export_catalog_writes_every_model_field():
    make_full_catalog()

    exported = export_catalog(published_only=False)

    for kind in KINDS:
        expected = {f.name for f in kind.fields}
        if kind is MODELS:
            expected.add("capabilities")
        if kind in (MODELS, ROUTES):
            expected.add("reported_figures")
        assert set(exported[kind.name][0]) == expected, kind.name
    capability = exported["models"][0]["capabilities"][0]
    assert set(capability) == {f.name for f in CAPABILITIES.fields}
    for kind in (MODELS, ROUTES):
        (figure,) = exported[kind.name][0]["reported_figures"]
        assert set(figure) == {f.name for f in REPORTED_FIGURES.fields}
        assert all(value not in (None, "") for value in figure.values()), kind.name


def with_reported(data):
    """Return ``document()`` with two figures other sources report for its route."""
    data["sources"].append(
        {"key": "litellm", "title": "LiteLLM", "url": "https://example.com/litellm"}
    )
    data["routes"][0]["reported_figures"] = [
        {"field": "input_price", "value": "0.04", "source": "litellm"},
        {
            "field": "output_price",
            "value": "0.16",
            "source": "litellm",
            "source_identifier": "lab/lab-1",
            "reported_on": "2026-07-30",
        },
    ]
    data["models"][0]["reported_figures"] = [
        {"field": "context_window", "value": "131072", "source": "litellm"}
    ]
    return data


def test_load_catalog_writes_reported_figures_once():
    load_catalog(with_reported(document()))

    report = load_catalog(with_reported(document()))

    assert report["reported_figures"].unchanged == 3
    assert report.created == report.updated == report.deleted == 0
    route_figure = ReportedFigure.objects.get(field="output_price")
    assert route_figure.route.identifier == "lab-1-2025"
    assert route_figure.value == "0.16"
    assert route_figure.reported_on == date(2026, 7, 30)
    assert ReportedFigure.objects.get(field="context_window").model.slug == "lab-1"


def test_load_catalog_replaces_the_reported_figures_a_record_lists():
    load_catalog(with_reported(document()))
    data = with_reported(document())
    data["routes"][0]["reported_figures"].pop(0)
    data["routes"][0]["reported_figures"][0]["value"] = "0.18"
    del data["models"][0]["reported_figures"]

    report = load_catalog(data)

    assert report["reported_figures"].deleted == 1
    assert report["reported_figures"].updated == 1
    assert sorted(ReportedFigure.objects.values_list("field", "value")) == [
        ("context_window", "131072"),
        ("output_price", "0.18"),
    ]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda figures: figures.append(dict(figures[0])),
            '"input_price" from "litellm" is listed twice',
        ),
        (
            lambda figures: figures[0].update(source="nowhere"),
            'source refers to source "nowhere"',
        ),
        (lambda figures: figures[0].pop("field"), "field is required"),
    ],
)
def test_load_catalog_refuses_a_bad_reported_figure(mutate, message):
    data = with_reported(document())
    mutate(data["routes"][0]["reported_figures"])

    with pytest.raises(CatalogFormatError, match=message):
        load_catalog(data)

    assert ReportedFigure.objects.count() == 0
    assert Route.objects.count() == 0


def test_export_catalog_leaves_out_draft_models_by_default():
    make_full_catalog()

    exported = export_catalog()

    assert [m["status"] for m in exported["models"]] == ["published"]
    # Its model, a draft, is not exported: the record leaves the key out.
    assert "variant_of" not in exported["models"][0]
    assert exported["attribution"] == ["Lab, CC BY 4.0"]
    assert exported["data_date"] == "2026-01-02"


def document_paths(value, prefix=()):
    """Yield the path of every key and list item in a JSON document."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        yield (*prefix, key)
        if isinstance(child, dict | list):
            yield from document_paths(child, (*prefix, key))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["", "lab", "lab-1", "lab-data", "yes", "0.035", "-1", "1e400"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(st.sampled_from(list(document_paths(document()))), json_values),
        min_size=1,
        max_size=3,
    )
)
def test_load_catalog_refuses_any_bad_value_with_catalog_format_error(mutations):
    data = document()
    for path, value in mutations:
        # An earlier mutation may have replaced a parent of this path.
        with contextlib.suppress(KeyError, IndexError, TypeError):
            target = data
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value

    with contextlib.suppress(CatalogFormatError):
        load_catalog(data)
