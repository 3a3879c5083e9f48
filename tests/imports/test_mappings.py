import pytest

from catalog.models import LanguageModel
from imports.mappings import MODEL_KIND_RULES, MODEL_KINDS, huggingface_repo, model_kind


@pytest.mark.parametrize(
    ("slug", "name", "inputs", "outputs", "kind"),
    [
        ("gpt-4o", "GPT-4o", ["text", "image"], ["text"], "language"),
        (
            "qwen-omni-turbo",
            "Qwen-Omni Turbo",
            ["text", "audio"],
            ["text", "audio"],
            "language",
        ),
        ("deepseek-v3", "DeepSeek-V3", [], [], "language"),
        (
            "text-embedding-3-large",
            "text-embedding-3-large",
            ["text"],
            ["text"],
            "embedding",
        ),
        ("rerank-v3-5", "Rerank 3.5", ["text"], ["text"], "reranking"),
        ("whisper-1", "Whisper", ["audio"], ["text"], "speech"),
        ("tts-1-hd", "TTS-1 HD", ["text"], ["audio"], "speech"),
        ("gpt-4o-transcribe", "GPT-4o Transcribe", ["audio"], ["text"], "speech"),
        ("some-asr", "Some ASR", ["audio"], ["text"], "speech"),
        ("some-voice", "Some voice", ["text"], ["audio"], "speech"),
        ("dall-e-3", "DALL-E 3", ["text"], ["image"], "image"),
        ("imagen-4", "Imagen 4", ["text"], ["image"], "image"),
        (
            "gemini-2-5-flash-image",
            "Nano Banana",
            ["text", "image"],
            ["text", "image"],
            "image",
        ),
        ("some-painter", "Some painter", ["text"], ["image"], "image"),
        ("veo-3", "Veo 3", ["text"], ["video"], "video"),
        ("sora-2", "Sora 2", ["text"], ["video"], "video"),
        ("esmfold", "esmfold", ["text"], ["text"], "other"),
        ("alphafold-3", "AlphaFold 3", [], [], "other"),
        # The correction table wins over the rules.
        ("gemini-diffusion", "Gemini Diffusion", [], [], "language"),
    ],
)
def test_model_kind_reads_names_then_modalities(slug, name, inputs, outputs, kind):
    assert model_kind(slug, name, inputs, outputs) == kind


def test_model_kinds_are_the_catalogs():
    kinds = {kind for kind, _ in MODEL_KIND_RULES} | set(MODEL_KINDS.values())
    assert kinds <= set(LanguageModel.Kind.values)


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://huggingface.co/Qwen/Qwen3-8B", "Qwen/Qwen3-8B"),
        ("https://huggingface.co/Qwen/Qwen3-8B/tree/main?x=1", "Qwen/Qwen3-8B"),
        ("https://huggingface.co/datasets/openai/gsm8k", ""),
        ("https://huggingface.co/meta-llama", ""),
        ("https://github.com/Qwen/Qwen3", ""),
        (None, ""),
    ],
)
def test_huggingface_repo_reads_a_model_url_only(url, repo):
    assert huggingface_repo(url) == repo
