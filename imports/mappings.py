"""
Mapping tables shared by the demo catalog builder
(``scripts/build_demo_catalog.py``) and the importers (``imports.parsers``):
provider kinds, the organization behind each lab's own API, licence names,
and the provider ids that the public price lists spell differently from
the catalog's slugs.

Standard library only: the demo builder imports this module without Django.
Each table is a judgment call an editor can review, so they live here,
in one place, rather than in the code that uses them.
"""

import re

# A lab's own API (including its regional and subscription-plan variants),
# mapped to the organization that runs it. Labs missing from the 27
# organizations (Inception, Poolside, Upstage, Morph, Vercel's v0, Voyage)
# are first-party with no organization.
FIRST_PARTY = {
    "ai21": "ai21-labs",
    "alibaba": "alibaba",
    "alibaba-cn": "alibaba",
    "alibaba-coding-plan": "alibaba",
    "alibaba-coding-plan-cn": "alibaba",
    "alibaba-token-plan": "alibaba",
    "alibaba-token-plan-cn": "alibaba",
    "amazon-nova": "amazon",
    "anthropic": "anthropic",
    "bailing": "inclusion-ai",
    "chatgpt": "openai",
    "cohere": "cohere",
    "deepseek": "deepseek",
    "google": "google",
    "inception": None,
    "kimi-for-coding": "moonshot-ai",
    "llama": "meta",
    "meta-llama": "meta",
    "minimax": "minimax",
    "minimax-cn": "minimax",
    "minimax-cn-coding-plan": "minimax",
    "minimax-coding-plan": "minimax",
    "mistral": "mistral",
    "moonshotai": "moonshot-ai",
    "moonshotai-cn": "moonshot-ai",
    "morph": None,
    "nova": "amazon",
    "openai": "openai",
    "perplexity": "perplexity",
    "poolside": None,
    "qwen-ai-platform": "alibaba",
    "qwencloud": "alibaba",
    "sakana": "sakana-ai",
    "sarvam": "sarvam-ai",
    "stepfun": "stepfun",
    "stepfun-ai": "stepfun",
    "text-completion-codestral": "mistral",
    "upstage": None,
    "v0": None,
    "voyageai": None,
    "x-ai": "xai",
    "xai": "xai",
    "xiaomi": "xiaomi",
    "xiaomi-token-plan-ams": "xiaomi",
    "xiaomi-token-plan-cn": "xiaomi",
    "xiaomi-token-plan-sgp": "xiaomi",
    "zai": "zhipu-ai",
    "zai-coding-plan": "zhipu-ai",
    "zhipuai": "zhipu-ai",
    "zhipuai-coding-plan": "zhipu-ai",
}
# General-purpose clouds with a model platform.
CLOUD = {
    "amazon-bedrock",
    "azure",
    "azure-ai-foundry",
    "azure-cognitive-services",
    "bedrock-mantle",
    "cloudferro-sherlock",
    "cloudflare-workers-ai",
    "databricks",
    "digitalocean",
    "evroc",
    "google-vertex",
    "oci",
    "ovhcloud",
    "sap-ai-core",
    "scaleway",
    "snowflake",
    "snowflake-cortex",
    "stackit",
    "tencent",
    "tencent-coding-plan",
    "tencent-tokenhub",
    "vultr",
    "watsonx",
}
# Routers, gateways and aggregators that resell other providers' endpoints.
# Every other provider is an inference host.
ROUTER = {
    "302ai",
    "abacus",
    "aihubmix",
    "anyapi",
    "cloudflare-ai-gateway",
    "clf-ai-gateway",
    "fastrouter",
    "github-copilot",
    "github-models",
    "gitlab",
    "helicone",
    "hostinger-router",
    "huggingface",
    "jiekou",
    "kilo",
    "llmgateway",
    "merge-gateway",
    "nano-gpt",
    "opencode",
    "opencode-go",
    "openrouter",
    "orcarouter",
    "perplexity-agent",
    "poe",
    "qihang-ai",
    "requesty",
    "routing-run",
    "vercel",
    "zenmux",
}

# Licence strings as the sources give them -> (display name, OSI approved,
# commercial use). Permissive OSI licences allow commercial use. Community
# and model licences (Llama, Gemma, Qwen, DeepSeek, Jamba) allow it with
# conditions (user caps, acceptable-use policies). Research and non-commercial
# licences (Mistral Research, MNPL, CC BY-NC) do not, even where a separate
# commercial licence can be bought. Proprietary API models: using the outputs
# commercially is allowed under the provider's terms, so "conditional".
LICENSES = {
    "Apache 2.0": ("Apache 2.0", True, "allowed"),
    "apache-2.0": ("Apache 2.0", True, "allowed"),
    "Apache-2.0": ("Apache 2.0", True, "allowed"),
    "MIT": ("MIT", True, "allowed"),
    "MIT License": ("MIT", True, "allowed"),
    "Proprietary": ("Proprietary", False, "conditional"),
    "gemma": ("Gemma Terms of Use", False, "conditional"),
    "llama3.2": ("Llama 3.2 Community License", False, "conditional"),
    "Llama 3.1 Community License": (
        "Llama 3.1 Community License",
        False,
        "conditional",
    ),
    "Llama 3.2 Community License": (
        "Llama 3.2 Community License",
        False,
        "conditional",
    ),
    "Llama 3.3 Community License Agreement": (
        "Llama 3.3 Community License Agreement",
        False,
        "conditional",
    ),
    "Llama 4 Community License Agreement": (
        "Llama 4 Community License Agreement",
        False,
        "conditional",
    ),
    "qwen": ("Qwen License", False, "conditional"),
    "tongyi-qianwen": ("Tongyi Qianwen License", False, "conditional"),
    "deepseek": ("DeepSeek Model License", False, "conditional"),
    "MIT + Model License (Commercial use allowed)": (
        "MIT + Model License (Commercial use allowed)",
        False,
        "conditional",
    ),
    "Jamba Open Model License": ("Jamba Open Model License", False, "conditional"),
    "Mistral Research License": ("Mistral Research License", False, "not_allowed"),
    "Mistral Research License (MRL) for research; Mistral Commercial License for commercial use": (
        "Mistral Research License (MRL) for research; Mistral Commercial License for commercial use",
        False,
        "not_allowed",
    ),
    "MNPL-0.1": ("Mistral Non-Production License (MNPL-0.1)", False, "not_allowed"),
    "CC-BY-NC": ("CC BY-NC", False, "not_allowed"),
}


# Subscriptions and coding or token plans: a price list's per-token figures
# for them are not what an API customer pays.
PLANS = {
    "alibaba-coding-plan",
    "alibaba-coding-plan-cn",
    "alibaba-token-plan",
    "alibaba-token-plan-cn",
    "github-copilot",
    "kimi-for-coding",
    "kuae-cloud-coding-plan",
    "minimax-cn-coding-plan",
    "minimax-coding-plan",
    "tencent-coding-plan",
    "umans-ai-coding-plan",
    "xiaomi-token-plan-ams",
    "xiaomi-token-plan-cn",
    "xiaomi-token-plan-sgp",
    "zai-coding-plan",
    "zhipuai-coding-plan",
}


def provider_kind(slug):
    """Return (kind, organization slug or None) for a provider slug."""
    if slug in PLANS:
        # A lab's own plan keeps its lab, as its first-party API does.
        return "plan", FIRST_PARTY.get(slug)
    if slug in FIRST_PARTY:
        return "first_party", FIRST_PARTY[slug]
    if slug in CLOUD:
        return "cloud", None
    if slug in ROUTER:
        return "router", None
    return "inference_host", None


# Provider ids of the price lists that differ from the catalog's provider
# slug by more than "_" for "-" (see provider_slug()). They repeat the
# merges the demo catalog made (../shared/data/SOURCES.md): one catalog
# provider per company and platform, whatever each list calls it.
PROVIDER_ALIASES = {
    "models.dev": {
        "fireworks-ai": "fireworks",
        "google-vertex-anthropic": "google-vertex",
        "novita-ai": "novita",
        "togetherai": "together",
        "wafer.ai": "wafer-ai",
    },
    "litellm": {
        "azure_ai": "azure-ai-foundry",
        "bedrock": "amazon-bedrock",
        "bedrock_converse": "amazon-bedrock",
        "cloudflare": "cloudflare-workers-ai",
        "codestral": "mistral",
        "cohere_chat": "cohere",
        "dashscope": "alibaba",
        "fireworks_ai": "fireworks",
        "gemini": "google",
        "lambda_ai": "lambda",
        "moonshot": "moonshotai",
        "together_ai": "together",
        "vercel_ai_gateway": "vercel",
        # LiteLLM splits Vertex AI by the publisher of the model.
        "vertex_ai": "google-vertex",
        "vertex_ai-ai21_models": "google-vertex",
        "vertex_ai-anthropic_models": "google-vertex",
        "vertex_ai-deepseek_models": "google-vertex",
        "vertex_ai-language-models": "google-vertex",
        "vertex_ai-llama_models": "google-vertex",
        "vertex_ai-minimax_models": "google-vertex",
        "vertex_ai-mistral_models": "google-vertex",
        "vertex_ai-moonshot_models": "google-vertex",
        "vertex_ai-openai_models": "google-vertex",
        "vertex_ai-qwen_models": "google-vertex",
        "vertex_ai-text-models": "google-vertex",
        "vertex_ai-zai_models": "google-vertex",
    },
    "genai-prices": {
        "aws": "amazon-bedrock",
    },
}


def provider_slug(source, raw_id):
    """
    Return the catalog slug a source's provider id is bootstrapped to:
    the alias above, else the id with "_" and "." read as "-".
    """
    alias = PROVIDER_ALIASES.get(source, {}).get(raw_id)
    if alias:
        return alias
    return re.sub(r"[^a-z0-9]+", "-", raw_id.lower()).strip("-")[:100].strip("-")


def model_slug(raw_id):
    """
    Return a catalog slug for a source's model id, the way the demo catalog
    made them: lowercase, and every run of other characters one hyphen
    ("gpt-4.1" -> "gpt-4-1", "claude-3-5-sonnet@20240620" ->
    "claude-3-5-sonnet-20240620").
    """
    return re.sub(r"[^a-z0-9]+", "-", raw_id.lower()).strip("-")[:100].strip("-")


# Model kinds (catalog.models.LanguageModel.Kind): the job a model does. A
# model is a language model unless its name or its modalities say otherwise;
# the first rule that matches its slug or name wins.
MODEL_KIND_RULES = [
    ("embedding", r"embed"),
    ("reranking", r"rerank"),
    ("speech", r"whisper|(^|\W)tts(\W|$)|transcri|speech|text-to-audio"),
    ("image", r"dall-e|imagen|gpt-image|flash-image|pro-image|stable-diffusion|flux"),
    ("video", r"(^|\W)(veo|sora)(\W|$)"),
    ("other", r"^esm|alphafold|protein"),
]
# Where the rules misfire: the slug's kind, and why.
MODEL_KINDS = {
    # A text model that generates by diffusion, not an image model.
    "gemini-diffusion": "language",
}


def model_kind(slug, name, input_modalities=(), output_modalities=()):
    """
    Return the kind of a model ("language", "embedding", ...) from its slug,
    name and modalities: the correction table, then the name rules, then the
    modalities (audio out and no text is speech synthesis, audio in only and
    text out is speech recognition, image or video out and no text is an
    image or video model).
    """
    if slug in MODEL_KINDS:
        return MODEL_KINDS[slug]
    text = f"{slug} {name}".lower()
    for kind, pattern in MODEL_KIND_RULES:
        if re.search(pattern, text):
            return kind
    inputs, outputs = set(input_modalities or ()), set(output_modalities or ())
    if outputs and "text" not in outputs:
        for modality, kind in (
            ("audio", "speech"),
            ("image", "image"),
            ("video", "video"),
        ):
            if modality in outputs:
                return kind
    if inputs == {"audio"} and outputs == {"text"}:
        return "speech"
    return "language"


# Names as their owners write them, where a source's name is a slug
# title-cased ("Inclusion Ai" for inclusionAI): slug -> name.
ORGANIZATION_NAMES = {
    "inclusion-ai": "inclusionAI",
    "liquid-ai": "Liquid AI",
}
PROVIDER_NAMES = {
    "ai21": "AI21 Studio",
    "chatgpt": "ChatGPT",
    "friendliai": "FriendliAI",
    "gradient-ai": "Gradient AI",
    "libertai": "LibertAI",
    "llamagate": "LlamaGate",
    "meganova": "MegaNova",
    "nvidia": "NVIDIA NIM",
    "oci": "OCI Generative AI",
    "scx-ai": "SCX.ai",
    "watsonx": "IBM watsonx.ai",
    "zerogpu": "ZeroGPU",
}

# One model listed twice under two names: the slug dropped -> the slug kept,
# whose record wins; the dropped one's routes and results move to it, and
# its other figures are kept as that source's reported figures.
MODEL_MERGES = {
    # LLM Stats' "qwen/qwen2.5-vl-72b" is models.dev's
    # "alibaba/qwen2-5-vl-72b-instruct" (one Hugging Face repository).
    "qwen2-5-vl-72b": "qwen2-5-vl-72b-instruct",
}


HUGGING_FACE = "https://huggingface.co/"


def huggingface_repo(url) -> str:
    """
    Return the "<owner>/<name>" repo id of a Hugging Face model URL
    (``https://huggingface.co/Qwen/Qwen3-8B/tree/main`` -> ``Qwen/Qwen3-8B``),
    or "" for anything else (a dataset, a space, another host).
    """
    if not isinstance(url, str) or not url.startswith(HUGGING_FACE):
        return ""
    path = url[len(HUGGING_FACE) :].split("?")[0].split("#")[0]
    parts = path.strip("/").split("/")
    if len(parts) < 2 or not all(parts[:2]):
        return ""
    if parts[0] in {"datasets", "spaces", "collections", "docs", "papers"}:
        return ""
    return f"{parts[0]}/{parts[1]}"[:200]
