from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.admin import (
    CapabilityListFilter,
    LanguageModelAdmin,
    format_price,
    format_tokens,
)
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    Capability,
    DecisionTag,
    LanguageModel,
    Lifecycle,
    ModelCapability,
    Organization,
    Provider,
    PublicationStatus,
    ReportedFigure,
    Route,
    Source,
    TriState,
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


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def changeform_data(response):
    """
    Return the POST data of the change form in ``response`` as rendered:
    the main form, each inline's management form and rows.
    """
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management_form = inline.formset.management_form
        for bound_field in management_form:
            data[bound_field.html_name] = bound_field.value()
        forms.extend(inline.formset.forms)
    for form in forms:
        for bound_field in form:
            value = bound_field.value()
            if value is None or value is False:
                continue
            data[bound_field.html_name] = "on" if value is True else value
    return data


def add_row(data, prefix, **fields):
    """Append a row to the inline ``prefix`` of changeform ``data``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value


def inline_formset(response, prefix):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return inline.formset
    raise LookupError(prefix)


def route_row(provider, **fields):
    """Return the fields of a new route row in the model change form."""
    return {
        "provider": provider.pk,
        "identifier": "provider/model",
        "lifecycle_status": Lifecycle.ACTIVE,
        **fields,
    }


def result_row(benchmark, **fields):
    """Return the fields of a new benchmark result row in the model change form."""
    return {
        "benchmark": benchmark.pk,
        "score": "50",
        "provenance": BenchmarkResult.Provenance.UNKNOWN,
        **fields,
    }


def make_listed_model(providers, benchmarks):
    """Make a model with what its changelist row summarizes."""
    model = make_model()
    for provider in providers:
        make_route(model=model, provider=provider)
    make_capability(model=model, capability=Capability.VISION)
    make_capability(model=model, capability=Capability.REASONING, value=TriState.NO)
    for benchmark in benchmarks:
        make_result(model=model, benchmark=benchmark)
    return model


ADMIN_ROWS = [
    pytest.param(Source, make_source, id="source"),
    pytest.param(Organization, make_organization, id="organization"),
    pytest.param(DecisionTag, make_decision_tag, id="decision-tag"),
    pytest.param(LanguageModel, make_model, id="language-model"),
    pytest.param(ModelCapability, make_capability, id="capability"),
    pytest.param(Provider, make_provider, id="provider"),
    pytest.param(Route, make_route, id="route"),
    pytest.param(Benchmark, make_benchmark, id="benchmark"),
    pytest.param(BenchmarkResult, make_result, id="benchmark-result"),
]


def search_term(obj):
    if isinstance(obj, Source):
        return obj.title
    if isinstance(obj, Route):
        return obj.identifier
    if isinstance(obj, ModelCapability | BenchmarkResult):
        return obj.model.name
    return obj.name


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "factory"), ADMIN_ROWS)
def test_changelist_renders(admin_client, model, factory):
    obj = factory()

    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [obj]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "factory"), ADMIN_ROWS)
def test_changelist_search_finds_row(admin_client, model, factory):
    obj = factory()
    url = admin_url(model, "changelist")

    found = admin_client.get(url, {"q": search_term(obj)})
    missed = admin_client.get(url, {"q": "no-such-thing"})

    assert found.status_code == 200
    assert list(found.context["cl"].result_list) == [obj]
    assert list(missed.context["cl"].result_list) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "factory"), ADMIN_ROWS)
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_num_queries, model, factory
):
    url = admin_url(model, "changelist")
    factory()
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get(url)
    factory()
    factory()

    with django_assert_num_queries(len(one_row)):
        response = admin_client.get(url)

    assert len(response.context["cl"].result_list) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "factory"), ADMIN_ROWS)
def test_add_page_renders(admin_client, model, factory):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "factory"), ADMIN_ROWS)
def test_change_page_renders(admin_client, model, factory):
    obj = factory()

    response = admin_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "factory"), ADMIN_ROWS)
def test_history_page_renders(admin_client, model, factory):
    obj = factory()

    response = admin_client.get(admin_url(model, "history", obj.pk))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
def test_model_changelist_queries_are_pinned(
    admin_client, django_assert_max_num_queries, count, filtered
):
    providers = [make_provider(), make_provider()]
    benchmarks = [make_benchmark(), make_benchmark()]
    tag = make_decision_tag()
    for _ in range(count):
        make_listed_model(providers, benchmarks).decision_tags.add(tag)
    params = {}
    if filtered:
        params = {
            "capability": Capability.VISION,
            "provider": providers[0].slug,
            "decision_tags__id__exact": tag.pk,
            "q": "Model",
        }

    with django_assert_max_num_queries(8):
        response = admin_client.get(admin_url(LanguageModel, "changelist"), params)

    assert len(response.context["cl"].result_list) == count
    assert {row.route_count for row in response.context["cl"].result_list} == {2}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_route_changelist_queries_are_pinned(
    admin_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_route(source=make_source())

    # One more than before the price grid: the model filter's choices.
    with django_assert_max_num_queries(8):
        response = admin_client.get(admin_url(Route, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_result_changelist_queries_are_pinned(
    admin_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_result(source=make_source())

    with django_assert_max_num_queries(6):
        response = admin_client.get(admin_url(BenchmarkResult, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.django_db
def test_model_changelist_summarizes_routes(admin_client):
    model = make_model(context_window=128_000)
    make_route(model=model, input_price=Decimal("0.15"), output_price=Decimal("0.6"))
    make_route(model=model, input_price=Decimal("3"), output_price=Decimal("0.5"))
    make_route(
        model=model,
        input_price=Decimal("0.01"),
        output_price=Decimal("0.01"),
        lifecycle_status=Lifecycle.RETIRED,
    )

    response = admin_client.get(admin_url(LanguageModel, "changelist"))

    [row] = response.context["cl"].result_list
    assert row.route_count == 3
    assert row.cheapest_input_price == Decimal("0.15")
    assert row.cheapest_output_price == Decimal("0.5")
    assert '<span title="128,000 tokens">128k</span>' in response.text
    assert "$0.15" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "order", ["context", "cheapest_input_price", "cheapest_output_price", "route_count"]
)
def test_model_changelist_sorts_by_computed_column(admin_client, order):
    # Column 0 is the action checkbox.
    column = 1 + LanguageModelAdmin.list_display.index(order)
    small = make_model(context_window=8_000)
    large = make_model(context_window=1_000_000)
    make_route(model=small, input_price=Decimal("0.1"), output_price=Decimal("0.2"))
    make_route(model=large, input_price=Decimal("1"), output_price=Decimal("2"))
    make_route(model=large)

    response = admin_client.get(admin_url(LanguageModel, "changelist"), {"o": column})

    assert list(response.context["cl"].result_list) == [small, large]


@pytest.mark.django_db
def test_add_model_with_inlines_saves_model_route_and_result(admin_client):
    organization = make_organization()
    provider = make_provider()
    benchmark = make_benchmark()
    url = admin_url(LanguageModel, "add")
    data = changeform_data(admin_client.get(url))
    data.update(
        name="Qwen3 4B",
        slug="qwen3-4b",
        organization=organization.pk,
        input_modalities=["image", "text"],
        output_modalities=["text"],
        **{"capabilities-0-value": TriState.YES},
    )
    add_row(
        data,
        "routes",
        provider=provider.pk,
        identifier="qwen/qwen3-4b",
        input_price="0.05",
        output_price="0.20",
        lifecycle_status=Lifecycle.ACTIVE,
    )
    add_row(
        data,
        "benchmark_results",
        benchmark=benchmark.pk,
        score="71.5",
        provenance=BenchmarkResult.Provenance.INDEPENDENT,
        is_primary="on",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    model = LanguageModel.objects.get(slug="qwen3-4b")
    assert model.input_modalities == ["text", "image"]
    assert model.output_modalities == ["text"]
    route = model.routes.get()
    assert (route.provider, route.input_price) == (provider, Decimal("0.05"))
    result = model.benchmark_results.get()
    assert (result.benchmark, result.is_primary) == (benchmark, True)
    # Only the capability row the editor changed is stored.
    assert list(model.capabilities.values_list("capability", "value")) == [
        (Capability.VISION, TriState.YES)
    ]
    assert model.history.get().history_user.username == "admin"


@pytest.mark.django_db
def test_change_page_offers_a_row_for_every_capability(admin_client):
    model = make_model()
    make_capability(model=model, capability=Capability.REASONING)

    response = admin_client.get(admin_url(LanguageModel, "change", model.pk))

    formset = inline_formset(response, "capabilities")
    capabilities = [form["capability"].value() for form in formset.forms]
    assert capabilities[0] == Capability.REASONING
    assert sorted(capabilities) == sorted(Capability.values)


@pytest.mark.django_db
def test_resaving_unchanged_model_keeps_rows_and_unknown_modalities(admin_client):
    model = make_model(input_modalities=["text", "file"], output_modalities=["text"])
    make_capability(model=model, capability=Capability.VISION)
    make_route(model=model)
    make_result(model=model)
    url = admin_url(LanguageModel, "change", model.pk)

    response = admin_client.post(url, changeform_data(admin_client.get(url)))

    assert response.status_code == 302, response.context["errors"]
    model.refresh_from_db()
    assert model.input_modalities == ["text", "file"]
    assert model.capabilities.count() == 1
    assert model.routes.count() == 1
    assert model.benchmark_results.count() == 1


def post_add_form(admin_client, **rows):
    """
    Post the add form of a new model "new-model", plus inline ``rows``: the
    change form lists routes and results without editing them (issue 22).
    """
    url = admin_url(LanguageModel, "add")
    data = changeform_data(admin_client.get(url))
    # The add form's one empty route and result rows, left out.
    data.update({"routes-TOTAL_FORMS": 0, "benchmark_results-TOTAL_FORMS": 0})
    data.update(name="New model", slug="new-model", organization=make_organization().pk)
    for prefix, fields_list in rows.items():
        for fields in fields_list:
            add_row(data, prefix, **fields)
    return admin_client.post(url, data)


def new_model_saved():
    return LanguageModel.objects.filter(slug="new-model").exists()


@pytest.mark.django_db
def test_negative_route_price_in_inline_is_a_form_error(admin_client):
    provider = make_provider()

    response = post_add_form(
        admin_client, routes=[route_row(provider, input_price="-1")]
    )

    assert response.status_code == 200
    [form] = inline_formset(response, "routes").forms
    assert form.errors == {
        "input_price": ["Ensure this value is greater than or equal to 0."]
    }
    assert not new_model_saved()


@pytest.mark.django_db
def test_route_already_listed_for_provider_is_a_form_error(admin_client):
    existing = make_route(identifier="gpt-4o", region="us")

    response = post_add_form(
        admin_client,
        routes=[route_row(existing.provider, identifier="gpt-4o", region="us")],
    )

    assert response.status_code == 200
    [form] = inline_formset(response, "routes").forms
    assert form.errors == {
        "__all__": [
            "This provider already has a route with this identifier in this region."
        ]
    }


@pytest.mark.django_db
def test_same_route_twice_in_inline_is_a_formset_error(admin_client):
    provider = make_provider()
    row = route_row(provider, identifier="gpt-4o")

    response = post_add_form(admin_client, routes=[row, row])

    assert response.status_code == 200
    assert inline_formset(response, "routes").non_form_errors() == [
        "Please correct the duplicate data for provider, identifier and region, "
        "which must be unique."
    ]


@pytest.mark.django_db
def test_duplicate_slug_is_a_form_error(admin_client):
    make_model(slug="gpt-4o")
    url = admin_url(LanguageModel, "add")
    data = changeform_data(admin_client.get(url))
    data.update(name="GPT-4o", slug="gpt-4o", organization=make_organization().pk)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "Language model with this Slug already exists."
    ]


PRIMARY_TAKEN = "Another result is already used on pages for this model and benchmark."


@pytest.mark.django_db
def test_two_primary_results_in_inline_is_a_form_error(admin_client):
    benchmark = make_benchmark()
    row = result_row(benchmark, is_primary="on")

    response = post_add_form(admin_client, benchmark_results=[row, row])

    assert response.status_code == 200
    first, second = inline_formset(response, "benchmark_results").forms
    assert first.errors == {}
    assert second.errors == {"__all__": [PRIMARY_TAKEN]}
    assert not new_model_saved()


@pytest.mark.django_db
def test_two_results_for_one_benchmark_need_only_one_primary(admin_client):
    benchmark = make_benchmark()

    response = post_add_form(
        admin_client,
        benchmark_results=[
            result_row(benchmark, is_primary="on"),
            result_row(benchmark, score="55"),
        ],
    )

    assert response.status_code == 302
    model = LanguageModel.objects.get(slug="new-model")
    assert model.benchmark_results.filter(is_primary=True).count() == 1


@pytest.mark.django_db
def test_second_primary_result_in_result_admin_is_a_form_error(admin_client):
    existing = make_result(is_primary=True)
    url = admin_url(BenchmarkResult, "add")
    data = changeform_data(admin_client.get(url))
    data.update(
        model=existing.model.pk,
        benchmark=existing.benchmark.pk,
        score="60",
        is_primary="on",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [PRIMARY_TAKEN]


@pytest.mark.django_db
def test_capability_filter_lists_models_that_have_it(admin_client):
    vision = make_capability(capability=Capability.VISION, value=TriState.YES).model
    make_capability(capability=Capability.VISION, value=TriState.NO)
    make_capability(capability=Capability.REASONING, value=TriState.YES)
    make_model()

    response = admin_client.get(
        admin_url(LanguageModel, "changelist"), {"capability": Capability.VISION}
    )

    assert list(response.context["cl"].result_list) == [vision]


@pytest.mark.django_db
def test_provider_filter_lists_models_offered_by_it(admin_client):
    provider = make_provider(slug="groq")
    offered = make_model(name="A")
    make_route(model=offered, provider=provider)
    make_route(model=offered, provider=provider)
    make_route(model=offered)
    also_offered = make_model(name="B")
    make_route(model=also_offered, provider=provider)
    make_route()

    response = admin_client.get(
        admin_url(LanguageModel, "changelist"), {"provider": "groq"}
    )

    rows = list(response.context["cl"].result_list)
    assert rows == [offered, also_offered]
    # The filter narrows the rows, not what each row counts.
    assert [row.route_count for row in rows] == [3, 1]


@pytest.mark.django_db
def test_filters_combine_with_decision_tag(admin_client):
    tag = make_decision_tag()
    provider = make_provider()
    tagged = make_model()
    tagged.decision_tags.add(tag)
    make_route(model=tagged, provider=provider)
    make_route(model=tagged)
    untagged = make_model()
    make_route(model=untagged, provider=provider)

    response = admin_client.get(
        admin_url(LanguageModel, "changelist"),
        {"decision_tags__id__exact": tag.pk, "provider": provider.slug},
    )

    [row] = response.context["cl"].result_list
    assert (row, row.route_count) == (tagged, 2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "before", "after", "message"),
    [
        ("publish", "draft", "published", "2 models published."),
        ("move_to_draft", "published", "draft", "2 models moved to draft."),
    ],
)
def test_status_actions_change_selected_models(
    admin_client, action, before, after, message
):
    first, second, other = (make_model(status=before) for _ in range(3))

    response = admin_client.post(
        admin_url(LanguageModel, "changelist"),
        {"action": action, "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [message]
    statuses = dict(LanguageModel.objects.values_list("pk", "status"))
    assert statuses == {first.pk: after, second.pk: after, other.pk: before}
    latest = first.history.first()
    assert (latest.status, latest.history_user.username) == (after, "admin")
    assert latest.history_change_reason == f"Set to {after} from the list"


@pytest.mark.django_db
def test_publish_counts_only_models_it_changed(admin_client):
    draft = make_model(status=PublicationStatus.DRAFT)
    published = make_model(status=PublicationStatus.PUBLISHED)

    response = admin_client.post(
        admin_url(LanguageModel, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["1 model published."]
    assert published.history.count() == 1


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (None, None),
        (Decimal("0"), "$0"),
        (Decimal("0.150000"), "$0.15"),
        (Decimal("0.075000"), "$0.075"),
        (Decimal("2.000000"), "$2"),
        (Decimal("100.000000"), "$100"),
    ],
)
def test_format_price(price, expected):
    assert format_price(price) == expected


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (None, None),
        (512, '<span title="512 tokens">512</span>'),
        (8_192, '<span title="8,192 tokens">8k</span>'),
        (128_000, '<span title="128,000 tokens">128k</span>'),
        (131_072, '<span title="131,072 tokens">131k</span>'),
        (999_499, '<span title="999,499 tokens">999k</span>'),
        (999_999, '<span title="999,999 tokens">1M</span>'),
        (1_048_576, '<span title="1,048,576 tokens">1M</span>'),
        (2_000_000, '<span title="2,000,000 tokens">2M</span>'),
    ],
)
def test_format_tokens(tokens, expected):
    assert format_tokens(tokens) == expected


@pytest.mark.django_db
def test_zero_context_window_is_a_field_error(admin_client):
    model = make_model()
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(admin_client.get(url))
    data["context_window"] = 0

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "context_window": ["Enter at least 1 token, or leave empty when unknown."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 10])
def test_model_change_page_queries_grow_only_with_autocomplete_widgets(
    admin_client, django_assert_max_num_queries, rows
):
    model = make_model()
    make_capability(model=model)
    for _ in range(rows):
        make_route(model=model, source=make_source())
        make_result(model=model, source=make_source())
        make_reported_figure(model=model, field="context_window", value="8192")

    # Each autocomplete widget looks up its selected option: provider and
    # source on a route row, benchmark and source on a result row; the
    # reported figures' read-only rows take one query in all.
    with django_assert_max_num_queries(12 + 4 * rows):
        response = admin_client.get(admin_url(LanguageModel, "change", model.pk))

    assert response.status_code == 200


@pytest.mark.django_db
def test_capability_filter_names_each_capability(admin_client):
    response = admin_client.get(admin_url(LanguageModel, "changelist"))

    [capability_filter] = [
        spec
        for spec in response.context["cl"].filter_specs
        if isinstance(spec, CapabilityListFilter)
    ]
    labels = [label for _, label in capability_filter.lookup_choices]
    assert labels[:2] == ["Has vision", "Has multimodal input"]
    assert "Has IDE integration" in labels


@pytest.mark.django_db
def test_admin_site_is_titled_for_the_project(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "LLM Compare administration" in response.text


@pytest.mark.django_db
def test_route_admin_refuses_route_already_listed_for_provider(admin_client):
    existing = make_route(identifier="gpt-4o")
    url = admin_url(Route, "add")
    data = changeform_data(admin_client.get(url))
    data.update(
        model=make_model().pk,
        provider=existing.provider.pk,
        identifier="gpt-4o",
        input_price="-0.5",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": [
            "This provider already has a route with this identifier in this region."
        ],
        "input_price": ["Ensure this value is greater than or equal to 0."],
    }


@pytest.mark.django_db
def test_model_autocomplete_finds_model_by_name(admin_client):
    model = make_model(name="Qwen3 4B")
    make_route(model=model)
    make_model(name="GPT-4o")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "catalog",
            "model_name": "route",
            "field_name": "model",
            "term": "qwen",
        },
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(model.pk), "text": "Qwen3 4B"}]


@pytest.mark.django_db
def test_model_changelist_cheapest_price_leaves_free_tiers_out(admin_client):
    from decimal import Decimal

    model = make_model(name="Priced")
    make_route(model=model, input_price=Decimal(0), output_price=Decimal(0))
    make_route(model=model, input_price=Decimal("2.5"), output_price=Decimal(10))
    response = admin_client.get("/admin/catalog/languagemodel/", {"q": "Priced"})
    [row] = response.context["cl"].result_list
    assert (row.cheapest_input_price, row.cheapest_output_price) == (
        Decimal("2.5"),
        Decimal(10),
    )


# Kinds and variants ----------------------------------------------------------------


@pytest.mark.django_db
def test_model_changelist_shows_and_filters_by_kind(admin_client):
    make_model(name="Chat model")
    make_model(name="Voice model", kind=LanguageModel.Kind.SPEECH)

    response = admin_client.get(
        admin_url(LanguageModel, "changelist"), {"kind": "speech"}
    )

    assert response.status_code == 200
    assert [model.name for model in response.context["cl"].result_list] == [
        "Voice model"
    ]
    assert "Speech" in response.text


@pytest.mark.django_db
def test_editor_sets_a_models_kind_and_its_variant_of(admin_client):
    model = make_model(name="GPT-4o")
    snapshot = make_model(name="GPT-4o (2024-08-06)", organization=model.organization)
    url = admin_url(LanguageModel, "change", snapshot.pk)
    data = changeform_data(admin_client.get(url))
    data.update(kind="language", variant_of=model.pk)

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    snapshot.refresh_from_db()
    assert snapshot.variant_of == model
    data = changeform_data(admin_client.get(url))
    data.update(kind="speech", variant_of="")
    assert admin_client.post(url, data).status_code == 302
    snapshot.refresh_from_db()
    assert (snapshot.kind, snapshot.variant_of) == ("speech", None)


@pytest.mark.django_db
def test_model_change_page_offers_variant_of_as_autocomplete(admin_client):
    model = make_model()

    response = admin_client.get(admin_url(LanguageModel, "change", model.pk))

    widget = response.context["adminform"].form.fields["variant_of"].widget
    assert widget.__class__.__name__ == "RelatedFieldWidgetWrapper"
    assert widget.widget.__class__.__name__ == "AutocompleteSelect"


def variant_error(admin_client, model, **changes):
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(admin_client.get(url)) | changes
    response = admin_client.post(url, data)
    assert response.status_code == 200
    return response.context["adminform"].form.errors["variant_of"]


@pytest.mark.django_db
def test_model_cannot_be_a_variant_of_itself(admin_client):
    model = make_model()

    assert variant_error(admin_client, model, variant_of=model.pk) == [
        "A model cannot be a variant of itself."
    ]


@pytest.mark.django_db
def test_variant_cannot_be_the_model_of_a_variant(admin_client):
    model = make_model(name="GPT-4o")
    snapshot = make_model(name="GPT-4o (2024-08-06)", variant_of=model)
    other = make_model(name="Other")

    assert variant_error(admin_client, other, variant_of=snapshot.pk) == [
        "GPT-4o (2024-08-06) is itself a variant of GPT-4o; pick GPT-4o instead."
    ]
    [message] = variant_error(admin_client, model, variant_of=other.pk)
    assert message.startswith(
        "This model has variants of its own (GPT-4o (2024-08-06))"
    )


@pytest.mark.django_db
def test_variant_is_of_its_models_kind(admin_client):
    model = make_model(name="Whisper", kind=LanguageModel.Kind.SPEECH)
    other = make_model()

    assert variant_error(admin_client, other, variant_of=model.pk) == [
        "Whisper is a model of another kind (speech): a variant is of its model's kind."
    ]


@pytest.mark.django_db
def test_route_change_page_lists_reported_figures_read_only(admin_client):
    route = make_route(input_price=Decimal("2.50"))
    litellm = make_source(title="LiteLLM")
    make_reported_figure(route=route, field="input_price", value="25", source=litellm)

    response = admin_client.get(admin_url(Route, "change", route.pk))

    [inline] = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is ReportedFigure
    ]
    assert not inline.has_add_permission
    assert not inline.has_change_permission
    assert not inline.has_delete_permission
    assert "input_price" in response.text
    assert "LiteLLM" in response.text


@pytest.mark.django_db
def test_model_change_saves_with_the_reported_figures_inline(admin_client):
    model = make_model(name="Kept")
    make_reported_figure(model=model, field="release_date", value="2025-01-01")
    url = admin_url(LanguageModel, "change", model.pk)
    data = changeform_data(admin_client.get(url))
    data["name"] = "Renamed"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    model.refresh_from_db()
    assert model.name == "Renamed"
    assert model.reported_figures.get().value == "2025-01-01"


@pytest.mark.django_db
def test_prices_show_without_the_columns_trailing_zeros(admin_client):
    route = make_route(input_price=Decimal("2.5"), output_price=Decimal(10))

    response = admin_client.get(admin_url(Route, "change", route.pk))

    assert 'value="2.5"' in response.text and 'value="10"' in response.text
    assert "2.500000" not in response.text
