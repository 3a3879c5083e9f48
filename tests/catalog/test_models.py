from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from catalog.models import (
    BenchmarkResult,
    LanguageModel,
    ModelCapability,
    Route,
    TriState,
)
from comparisons.models import Comparison
from tests.factories import (
    make_benchmark,
    make_capability,
    make_model,
    make_organization,
    make_provider,
    make_result,
    make_route,
)

pytestmark = pytest.mark.django_db


def assert_refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    "price_field",
    ["input_price", "output_price", "cache_read_price", "batch_output_price"],
)
def test_database_refuses_negative_route_price(price_field):
    assert_refused_by_database(lambda: make_route(**{price_field: Decimal("-0.01")}))


def test_database_refuses_duplicate_model_slug():
    make_model(slug="gpt-4o")
    assert_refused_by_database(lambda: make_model(slug="gpt-4o"))


@pytest.mark.parametrize(
    "factory", [make_model, make_organization, make_provider, make_benchmark]
)
def test_database_refuses_empty_slug(factory):
    assert_refused_by_database(lambda: factory(slug=""))


def test_database_refuses_duplicate_route_identifier_per_provider():
    provider = make_provider()
    make_route(provider=provider, identifier="gpt-4-turbo")
    assert_refused_by_database(
        lambda: make_route(provider=provider, identifier="gpt-4-turbo")
    )


def test_same_route_identifier_allowed_in_another_region_or_provider():
    provider = make_provider()
    make_route(provider=provider, identifier="claude", region="us-east-1")
    make_route(provider=provider, identifier="claude", region="eu-west-1")
    make_route(identifier="claude")
    assert Route.objects.filter(identifier="claude").count() == 3


def test_database_refuses_second_primary_result_for_one_benchmark():
    model, benchmark = make_model(), make_benchmark()
    make_result(model=model, benchmark=benchmark, is_primary=True)
    make_result(model=model, benchmark=benchmark, is_primary=False)
    assert_refused_by_database(
        lambda: make_result(model=model, benchmark=benchmark, is_primary=True)
    )
    assert BenchmarkResult.objects.filter(model=model).count() == 2


def test_database_refuses_malformed_knowledge_cutoff():
    assert_refused_by_database(lambda: make_model(knowledge_cutoff="2023-13"))


def test_model_validation_explains_a_malformed_knowledge_cutoff():
    model = make_model()
    model.knowledge_cutoff = "Dec 2023"
    with pytest.raises(ValidationError, match="YYYY-MM"):
        model.full_clean()


def test_database_refuses_comparison_of_a_model_with_itself():
    model = make_model()
    assert_refused_by_database(
        lambda: Comparison.objects.create(model_a=model, model_b=model)
    )


def test_comparison_is_stored_in_canonical_slug_order():
    zeta, alpha = make_model(slug="zeta"), make_model(slug="alpha")
    comparison = Comparison.objects.create(model_a=zeta, model_b=alpha)
    assert (comparison.model_a, comparison.model_b) == (alpha, zeta)
    assert comparison.get_absolute_url() == "/compare/alpha-vs-zeta/"


def test_unknown_is_stored_and_read_back_distinct_from_no():
    model = make_model(open_weights=TriState.UNKNOWN)
    make_capability(model=model, capability="vision", value=TriState.UNKNOWN)
    make_capability(model=model, capability="reasoning", value=TriState.NO)
    fresh = LanguageModel.objects.get(pk=model.pk)
    assert fresh.open_weights == "unknown"
    assert fresh.get_open_weights_display() == "Unknown"
    values = dict(
        ModelCapability.objects.filter(model=model).values_list("capability", "value")
    )
    assert values == {"vision": "unknown", "reasoning": "no"}


def test_unsourced_price_is_distinct_from_free():
    unsourced = make_route(input_price=None, output_price=None)
    free = make_route(input_price=Decimal(0), output_price=Decimal(0))
    unsourced.refresh_from_db()
    free.refresh_from_db()
    assert unsourced.input_price is None and not unsourced.is_free
    assert free.input_price == Decimal(0) and free.is_free


def test_published_queryset_hides_drafts():
    published = make_model(status="published")
    make_model(status="draft")
    assert list(LanguageModel.objects.published()) == [published]


def test_golden_fixture_loads_with_the_seed_values():
    call_command("loaddata", "tests/fixtures/golden_pair.json", verbosity=0)

    gpt = LanguageModel.objects.get(slug="gpt-4-turbo")
    qwen = LanguageModel.objects.get(slug="qwen3-5-4b")
    assert (gpt.name, gpt.organization.name) == ("GPT-4 Turbo", "OpenAI")
    assert (qwen.name, qwen.organization.name) == ("Qwen3.5-4B", "Alibaba (Qwen)")
    assert str(gpt.release_date) == "2024-04-09"
    assert str(qwen.release_date) == "2026-03-02"
    assert (gpt.context_window, qwen.context_window) == (128_000, 262_144)
    assert gpt.parameter_count == 1_760_000_000_000
    assert gpt.parameter_count_is_estimate
    assert "8x222B MoE" in gpt.parameter_count_note
    assert (
        qwen.parameter_count == 4_000_000_000 and not qwen.parameter_count_is_estimate
    )
    assert (gpt.architecture, qwen.architecture) == ("mixture_of_experts", "unknown")
    assert (gpt.license_name, gpt.license_is_osi_approved) == ("Proprietary", False)
    assert (qwen.license_name, qwen.license_is_osi_approved) == ("Apache 2.0", True)
    assert (gpt.open_weights, qwen.open_weights) == ("no", "yes")
    assert (gpt.commercial_use, qwen.commercial_use) == ("conditional", "allowed")
    assert (gpt.knowledge_cutoff, qwen.knowledge_cutoff) == ("2023-12", "")

    def capabilities(model):
        return {c.capability for c in model.capabilities.all() if c.value == "yes"}

    assert capabilities(gpt) == {
        "vision",
        "multimodal_input",
        "function_calling",
        "tool_use",
        "structured_outputs",
        "code_execution",
    }
    assert capabilities(qwen) == {"vision", "multimodal_input"}
    assert gpt.capabilities.filter(value="no").count() == 4
    assert qwen.capabilities.filter(value="no").count() == 8

    def tags(model):
        return [t.name for t in model.decision_tags.order_by("pk")]

    assert tags(gpt) == ["Coding", "RAG", "Agents"]
    assert tags(qwen) == ["Coding", "Agents", "Long context"]

    routes = {
        (r.provider.name, r.identifier): (r.input_price, r.output_price)
        for r in gpt.routes.select_related("provider")
    }
    assert routes == {
        ("OpenAI API", "gpt-4-turbo-2024-04-09"): (Decimal(10), Decimal(30)),
        ("OpenAI API", "gpt-4-turbo-preview"): (Decimal(10), Decimal(30)),
        ("Azure OpenAI", "gpt-4-turbo"): (Decimal(10), Decimal(30)),
        ("OpenRouter", "openai/gpt-4-turbo"): (Decimal(10), Decimal(30)),
        ("Replicate API", "openai/gpt-4-turbo"): (Decimal(5), Decimal(15)),
        ("Salesforce Einstein Generative AI", "gpt-4-turbo"): (None, None),
    }
    assert gpt.routes.values("provider").distinct().count() == 5
    assert not qwen.routes.exists()

    scores = {
        r.model.slug: r.score
        for r in BenchmarkResult.objects.filter(
            benchmark__slug="mmlu-pro"
        ).select_related("model")
    }
    assert scores == {"gpt-4-turbo": Decimal("69.4"), "qwen3-5-4b": Decimal("79.1")}

    comparison = Comparison.objects.get()
    assert comparison.slug == "gpt-4-turbo-vs-qwen3-5-4b"
    assert str(comparison.last_reviewed) == "2026-05-22"
