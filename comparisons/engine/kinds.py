"""
Model kinds: the job a model does (language, embedding, reranking, speech,
image, video or other). A comparison pairs models of one kind only: a
speech model and a language model do different jobs, so no verdict,
cost race or benchmark lead between them means anything. This module says
whether models differ in kind, and why they are not compared, in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from catalog.formatting import join_list, kind_noun

# The catalog's kinds (catalog.models.LanguageModel.Kind); a test keeps them in step.
KINDS = ("language", "embedding", "reranking", "speech", "image", "video", "other")


class Named(Protocol):
    """Anything with a name and a kind: ModelFacts, a catalog row."""

    name: str
    kind: str


def kinds_differ(models: Sequence[Named]) -> bool:
    """Return whether the models are not all of one kind."""
    return len({model.kind for model in models}) > 1


def kinds_differ_message(models: Sequence[Named]) -> str:
    """
    Return why the models are not compared ("Whisper is a speech model and
    GPT-4o a language model: they do different jobs, so this site does not
    compare them."), or "" when they are all of one kind. Models are named
    kind by kind, in the order each kind first comes.
    """
    if not kinds_differ(models):
        return ""
    names_by_kind: dict[str, list[str]] = {}
    for model in models:
        names_by_kind.setdefault(model.kind, []).append(model.name)
    clauses = []
    for kind, names in names_by_kind.items():
        if len(names) == 1:
            verb, noun = "is", kind_noun(kind)
        else:
            verb, noun = "are", kind_noun(kind, plural=True)
        # The first clause says "is"; the others leave it understood.
        subject = join_list(names)
        clauses.append(
            f"{subject} {verb} {noun}" if not clauses else f"{subject} {noun}"
        )
    return (
        f"{join_list(clauses)}: they do different jobs, so this site does not "
        "compare them."
    )
