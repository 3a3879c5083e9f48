from decimal import Decimal
from types import SimpleNamespace

import pytest

from catalog.formatting import kind_noun
from catalog.models import LanguageModel
from comparisons import engine


def models(*pairs):
    return [SimpleNamespace(name=name, kind=kind) for name, kind in pairs]


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([("GPT-4o", "language"), ("o3", "language")], ""),
        ([("Whisper", "speech")], ""),
        (
            [("Whisper", "speech"), ("GPT-4o", "language")],
            "Whisper is a speech model and GPT-4o a language model: they do "
            "different jobs, so this site does not compare them.",
        ),
        (
            [("ESMFold", "other"), ("Embed", "embedding")],
            "ESMFold is a specialised model and Embed an embedding model: they do "
            "different jobs, so this site does not compare them.",
        ),
        (
            [("GPT-4o", "language"), ("Whisper", "speech"), ("o3", "language")],
            "GPT-4o and o3 are language models and Whisper a speech model: they do "
            "different jobs, so this site does not compare them.",
        ),
        (
            [("A", "image"), ("B", "video"), ("C", "reranking")],
            "A is an image model, B a video model, and C a reranking model: they do "
            "different jobs, so this site does not compare them.",
        ),
    ],
)
def test_kinds_differ_message_names_each_kind_once(pairs, message):
    assert engine.kinds_differ(models(*pairs)) is bool(message)
    assert engine.kinds_differ_message(models(*pairs)) == message


def test_engine_kinds_are_the_catalogs():
    assert tuple(LanguageModel.Kind.values) == engine.KINDS


@pytest.mark.parametrize("kind", LanguageModel.Kind.values)
def test_every_kind_has_words(kind):
    assert kind_noun(kind).startswith(("a ", "an "))
    assert kind_noun(kind, plural=True).endswith(" models")


def test_an_embedding_pair_is_costed_on_input_tokens_alone():
    # Gemini Embedding 001 vs a 1-token "max output" embedding model read
    # "Not possible: the output exceeds the maximum output (1 tokens)".
    from comparisons.engine import (
        ModelFacts,
        RouteFacts,
        TrafficProfile,
        compute_comparison,
    )
    from tests.comparisons.golden import GOLDEN_TODAY

    def embedding(slug, price, max_output):
        return ModelFacts(
            slug=slug,
            name=slug.title(),
            organization_slug=f"{slug}-org",
            organization_name=f"{slug} Org",
            kind="embedding",
            context_window=8_192,
            max_output_tokens=max_output,
            routes=(
                RouteFacts(
                    provider_slug="host",
                    provider_name="Host",
                    identifier=f"host/{slug}",
                    input_price=Decimal(price),
                    output_price=Decimal(0) if max_output == 1 else None,
                ),
            ),
        )

    comparison = compute_comparison(
        embedding("alpha", "0.15", 1),
        embedding("beta", "0.10", 2_048),
        profile=TrafficProfile(),
        today=GOLDEN_TODAY,
    )
    alpha, beta = comparison.costs.a, comparison.costs.b
    # 1M requests x 500 input tokens x $0.15 per 1M, and at $0.10.
    assert (alpha.monthly_cost, beta.monthly_cost) == (Decimal(75), Decimal(50))
    assert (
        alpha.notes[-1] == "Alpha is an embedding model: costed on input tokens alone."
    )
    specs = {row.key: row for row in comparison.specs}
    assert specs["max_output"].a.text == "1 (1 token)"
    friction = " ".join(bullet.text for bullet in comparison.switch_friction)
    assert "maximum output" not in friction
