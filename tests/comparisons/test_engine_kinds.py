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
