"""
The golden pair, GPT-4 Turbo vs Qwen3.5-4B, as engine inputs built in memory.

Values are the seed page's, as tabled in comparison-page.md ("The golden
pair"), so engine tests run without a database. tests/fixtures/golden_pair.json
holds the same pair for tests that need rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from comparisons.engine import (
    BenchmarkResultFacts,
    CapabilityFacts,
    CuratedLayer,
    ModelFacts,
    RouteFacts,
    SourceRef,
    Tri,
)

GOLDEN_REVIEWED = dt.date(2026, 5, 22)
GOLDEN_TODAY = dt.date(2026, 11, 25)


def _source(key: str, title: str, url: str, publisher: str) -> SourceRef:
    return SourceRef(
        key=key, title=title, url=url, publisher=publisher, retrieved_on=GOLDEN_REVIEWED
    )


# The same sources as tests/fixtures/golden_pair.json.
OPENAI_DOCS = _source(
    "openai-gpt-4-turbo-docs",
    "OpenAI model documentation: GPT-4 Turbo",
    "https://platform.openai.com/docs/models/gpt-4-turbo",
    "OpenAI",
)
OPENAI_PRICING = _source(
    "openai-api-pricing",
    "OpenAI API pricing",
    "https://openai.com/api/pricing/",
    "OpenAI",
)
AZURE_PRICING = _source(
    "azure-openai-pricing",
    "Azure OpenAI Service pricing",
    "https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/",
    "Microsoft",
)
OPENROUTER = _source(
    "openrouter-gpt-4-turbo",
    "OpenRouter: GPT-4 Turbo",
    "https://openrouter.ai/openai/gpt-4-turbo",
    "OpenRouter",
)
REPLICATE = _source(
    "replicate-gpt-4-turbo",
    "Replicate: openai/gpt-4-turbo",
    "https://replicate.com/openai/gpt-4-turbo",
    "Replicate",
)
SALESFORCE = _source(
    "salesforce-einstein-models",
    "Salesforce Einstein Generative AI: supported models",
    "https://developer.salesforce.com/docs/einstein/genai/guide/supported-models.html",
    "Salesforce",
)
QWEN_CARD = _source(
    "qwen3-5-4b-model-card",
    "Qwen3.5-4B model card",
    "https://huggingface.co/Qwen/Qwen3.5-4B",
    "Alibaba (Qwen)",
)
MMLU_PRO_LEADERBOARD = _source(
    "mmlu-pro-leaderboard",
    "MMLU-Pro leaderboard",
    "https://huggingface.co/spaces/TIGER-Lab/MMLU-Pro",
    "TIGER-Lab",
)

CAPABILITY_KEYS = (
    "vision",
    "multimodal_input",
    "reasoning",
    "function_calling",
    "tool_use",
    "structured_outputs",
    "code_execution",
    "ide_integration",
    "computer_use",
    "parallel_agents",
)


def capabilities(
    *supported: str, source: SourceRef | None = None
) -> tuple[CapabilityFacts, ...]:
    """Return all ten capabilities: YES for those named, NO for the rest."""
    return tuple(
        CapabilityFacts(key, Tri.YES if key in supported else Tri.NO, source)
        for key in CAPABILITY_KEYS
    )


def mmlu_pro(score: str) -> BenchmarkResultFacts:
    return BenchmarkResultFacts(
        benchmark_slug="mmlu-pro",
        benchmark_name="MMLU-Pro",
        score=Decimal(score),
        category="knowledge",
        source=MMLU_PRO_LEADERBOARD,
        source_url=MMLU_PRO_LEADERBOARD.url,
    )


def _route(
    provider_slug: str,
    provider_name: str,
    identifier: str,
    prices: tuple[str, str] | None,
    source: SourceRef,
    **kwargs: object,
) -> RouteFacts:
    input_price, output_price = (Decimal(p) for p in prices) if prices else (None, None)
    return RouteFacts(
        provider_slug=provider_slug,
        provider_name=provider_name,
        identifier=identifier,
        input_price=input_price,
        output_price=output_price,
        source=source,
        source_url=source.url,
        last_verified=GOLDEN_REVIEWED,
        **kwargs,
    )


GPT_4_TURBO_ROUTES = (
    _route(
        "openai-api",
        "OpenAI API",
        "gpt-4-turbo-2024-04-09",
        ("10", "30"),
        OPENAI_PRICING,
        provider_kind="first_party",
        is_first_party=True,
    ),
    _route(
        "openai-api",
        "OpenAI API",
        "gpt-4-turbo-preview",
        ("10", "30"),
        OPENAI_PRICING,
        provider_kind="first_party",
        is_first_party=True,
    ),
    _route(
        "azure-openai",
        "Azure OpenAI",
        "gpt-4-turbo",
        ("10", "30"),
        AZURE_PRICING,
        provider_kind="cloud",
    ),
    _route(
        "openrouter",
        "OpenRouter",
        "openai/gpt-4-turbo",
        ("10", "30"),
        OPENROUTER,
        provider_kind="router",
    ),
    _route("replicate", "Replicate API", "openai/gpt-4-turbo", ("5", "15"), REPLICATE),
    _route(
        "salesforce-einstein",
        "Salesforce Einstein Generative AI",
        "gpt-4-turbo",
        None,
        SALESFORCE,
        provider_kind="cloud",
    ),
)


def gpt_4_turbo(**changes: object) -> ModelFacts:
    """Return GPT-4 Turbo as the seed page has it; keyword arguments override."""
    values: dict[str, object] = {
        "slug": "gpt-4-turbo",
        "name": "GPT-4 Turbo",
        "organization_slug": "openai",
        "organization_name": "OpenAI",
        "family": "gpt",
        "release_date": dt.date(2024, 4, 9),
        "context_window": 128_000,
        "parameter_count": 1_760_000_000_000,
        "parameter_count_is_estimate": True,
        "parameter_count_note": "8x222B MoE, unofficial estimate",
        "architecture": "mixture_of_experts",
        "license_name": "Proprietary",
        "open_weights": Tri.NO,
        "commercial_use": "conditional",
        "knowledge_cutoff": "2023-12",
        "input_modalities": ("text", "image"),
        "output_modalities": ("text",),
        "capabilities": capabilities(
            "vision",
            "multimodal_input",
            "function_calling",
            "tool_use",
            "structured_outputs",
            "code_execution",
            source=OPENAI_DOCS,
        ),
        "decision_tags": ("Coding", "RAG", "Agents"),
        "routes": GPT_4_TURBO_ROUTES,
        "results": (mmlu_pro("69.4"),),
        "sources": (OPENAI_DOCS, OPENAI_PRICING),
        "last_reviewed": GOLDEN_REVIEWED,
    }
    values.update(changes)
    return ModelFacts(**values)  # type: ignore[arg-type]


def qwen3_5_4b(**changes: object) -> ModelFacts:
    """Return Qwen3.5-4B as the seed page has it; keyword arguments override."""
    values: dict[str, object] = {
        "slug": "qwen3-5-4b",
        "name": "Qwen3.5-4B",
        "organization_slug": "alibaba",
        "organization_name": "Alibaba (Qwen)",
        "family": "qwen",
        "release_date": dt.date(2026, 3, 2),
        "context_window": 262_144,
        "parameter_count": 4_000_000_000,
        "architecture": "unknown",
        "license_name": "Apache 2.0",
        "license_is_osi_approved": True,
        "license_url": "https://www.apache.org/licenses/LICENSE-2.0",
        "open_weights": Tri.YES,
        "commercial_use": "allowed",
        "knowledge_cutoff": "",
        "input_modalities": ("text", "image"),
        "output_modalities": ("text",),
        "capabilities": capabilities("vision", "multimodal_input", source=QWEN_CARD),
        "decision_tags": ("Coding", "Agents", "Long context"),
        "routes": (),
        "results": (mmlu_pro("79.1"),),
        "sources": (QWEN_CARD,),
        "last_reviewed": GOLDEN_REVIEWED,
    }
    values.update(changes)
    return ModelFacts(**values)  # type: ignore[arg-type]


GOLDEN_CURATED = CuratedLayer(last_reviewed=GOLDEN_REVIEWED)
