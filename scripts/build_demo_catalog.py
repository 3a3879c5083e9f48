"""
Build the demo catalog (the project's own JSON format) from the shared data
snapshot.

Usage, from the repository root::

    .venv/bin/python scripts/build_demo_catalog.py \\
        ../shared/data/catalog-snapshot.json catalog/fixtures/demo_catalog.json

The input is ``catalog-snapshot.json``, combined from models.dev, LLM Stats,
LiteLLM, genai-prices and Epoch AI (see ../shared/data/SOURCES.md and
NOTICE.md), and the raw source folders beside it (``--raw``) for what the
snapshot leaves out: tiers, batch and cache-write prices, retirement dates,
each source's own check date (``raw_sources``, ``demo_routes``), read
with PyYAML for genai-prices. The output is what ``manage.py load_catalog`` reads, the format
that the ``catalog/catalog_format/`` package defines. The output is a pure
function of the input (``generated_at`` is null), so rebuilding an unchanged
snapshot gives an identical file.

Standard library and PyYAML only, so it runs without Django. Choices that are
judgment calls are tables an editor can review: provider kinds, model kinds
and the licence mapping live in ``imports/mappings.py`` (the importers use
them too), benchmark categories near the top of this file. Every snapshot fact
with no home in the models is listed in ``DROPPED``.
"""

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import quote, urlsplit

# Run as a script, only scripts/ is on sys.path; the shared tables live in
# the repository's imports package (standard library only, no Django).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Siblings in scripts/, on sys.path when this file runs as a script.
from demo_models import (  # noqa: E402
    cross_reference_ids,
    merge_models,
    model_reported_figures,
    retirement_from_lab_routes,
    separate_max_output,
    vision_is_no,
)
from demo_routes import api_model_id, complete_route  # noqa: E402
from raw_sources import RawSources  # noqa: E402

from imports.mappings import (  # noqa: E402
    LICENSES,
    MODEL_MERGES,
    ORGANIZATION_NAMES,
    PROVIDER_NAMES,
    model_kind,
    provider_kind,
)

FORMAT = "llm-compare-catalog"
SCHEMA_VERSION = 1

# Kept in step with DATA_LICENSE in catalog/catalog_format/kinds.py (this
# script cannot import Django code).
DATA_LICENSE = (
    "The catalog data is compiled from the datasets listed under 'sources', "
    "each under the licence named in its 'license' field (MIT or CC BY 4.0, "
    "https://creativecommons.org/licenses/by/4.0/). Wherever figures from a "
    "source with an 'attribution' line are shown, show that credit line too: "
    "CC BY 4.0 requires it. NOTICE.md gives the full credits."
)

# One Source per dataset. retrieved_on is the data date from SOURCES.md:
# the commit date of the snapshot taken. LiteLLM came from a PyPI wheel with
# no date of its own, so it has none. Epoch's export is dated "2026-04" (a
# month); the copy we took was committed on 2026-05-02.
DATASETS = {
    "models.dev": {
        "key": "models-dev",
        "title": "models.dev",
        "url": "https://github.com/anomalyco/models.dev",
        "publisher": "models.dev (Anomaly, formerly SST)",
        "retrieved_on": "2026-07-02",
        "license": "MIT",
        "attribution": "",
        "commit": "f3fc692299671838c7c65fd8126bf84d81a2e817",
    },
    "llmstats": {
        "key": "llmstats",
        "title": "LLM Stats open data",
        "url": "https://github.com/JonathanChavezTamales/LLMStats",
        "publisher": "LLM Stats (llm-stats.com)",
        "retrieved_on": "2025-05-22",
        "license": "CC BY 4.0",
        "attribution": "LLM Stats (llm-stats.com), CC BY 4.0",
        "commit": "df1d14eda7143f27fd5e7d71d8b14cb0c807de0d",
    },
    "litellm": {
        "key": "litellm",
        "title": "LiteLLM model prices and context windows",
        "url": "https://github.com/BerriAI/litellm",
        "publisher": "BerriAI",
        "retrieved_on": None,
        "license": "MIT",
        "attribution": "",
        "commit": None,
    },
    "genai-prices": {
        "key": "genai-prices",
        "title": "genai-prices",
        "url": "https://github.com/pydantic/genai-prices",
        "publisher": "Pydantic",
        "retrieved_on": "2026-08-21",
        "license": "MIT",
        "attribution": "",
        "commit": "47df840a5ab10bbcffb8e5ac01b9899032245d1b",
    },
    "epoch-ai": {
        "key": "epoch-ai",
        "title": "Epoch AI Benchmarking Hub",
        "url": "https://epoch.ai/benchmarks",
        "publisher": "Epoch AI",
        "retrieved_on": "2026-05-02",
        "license": "CC BY 4.0",
        "attribution": "Epoch AI, 'AI Benchmarking Hub', CC BY 4.0",
        "commit": None,
    },
}

LITELLM_RELEASE_URL = "https://pypi.org/project/litellm/1.110.2/"
# genai-prices provider ids whose YAML file is named differently.
GENAI_PRICES_FILES = {"x-ai": "x_ai"}

# Benchmark category from the slug; the first match wins, so the specific
# rules ("index", MathVista) come before the broad ones ("math").
CATEGORY_RULES = [
    ("composite", r"index"),
    (
        "multimodal",
        r"^(mmmu|docvqa|chartqa|chart-qa|mathvista|mathvision|ai2d|textvqa|infovqa|"
        r"vqav2|ocrbench|ocr-bench|mmbench|mmstar|video-?mme|egoschema|realworldqa|"
        r"charxiv|screenspot)",
    ),
    (
        "coding",
        r"^(swe-|humaneval|livecodebench|aider|terminal-bench|mbpp|scicode|"
        r"bigcodebench|codeforces|multipl-e|evalplus|cruxeval|crux-o|lbpp|"
        r"natural2code|instruct-humaneval|ds-arena-code|ds-fim-eval)",
    ),
    (
        "math",
        r"^(aime|math|gsm|gsm-8k|frontiermath|frontier-math|otis|mgsm|"
        r"multilingual-mgsm|hiddenmath|omnimath|cnmo|amc|functional-?math)",
    ),
    (
        "knowledge",
        r"(^|-)m*mlu|^(cmmlu|c-eval|gpqa|supergpqa|simpleqa|c-simpleqa|hle|triviaqa|"
        r"natural-?questions|nq$|popqa)",
    ),
    ("instruction_following", r"^(ifeval|multi-?if|collie)"),
    (
        "long_context",
        r"^(mrcr|openai-mrcr|ruler|longbench|graphwalks|infinitebench|nih-multi-needle)",
    ),
    ("agentic", r"^(tau-bench|osworld|browsecomp|bfcl|androidworld|android-control)"),
    (
        "reasoning",
        r"^(arc-agi|arc-c|arc-e|ai2-reasoning-challenge|big-bench-hard|bbh|"
        r"bigbench-hard|big-bench-extra-hard)",
    ),
]

# Provenance of a result and the tie-breaks for the one shown on pages.
PROVENANCE = {True: "self_reported", False: "independent", None: "unknown"}
PROVENANCE_RANK = {"independent": 0, "self_reported": 1, "unknown": 2}
DATASET_RANK = {"epoch-ai": 0, "llmstats": 1, "models.dev": 2}

# Snapshot facts with no home in catalog/models.py (printed with the counts).
DROPPED = {
    "models": [
        "last_updated",
        "max_input_tokens",
        "architecture_source",
        "llmstats_canonical_model_id",
        "fine_tuned_from",
        "has_benchmarks (derived)",
        "provider_count (derived)",
    ],
    "providers": ["source_ids"],
    "offerings": ["exact_id_match"],
    "benchmarks": ["names_in_sources", "result_count (derived)"],
}

PRICE_QUANTUM = Decimal("0.000001")  # Route prices: decimal_places=6.
SCORE_QUANTUM = Decimal("0.001")  # BenchmarkResult.score: decimal_places=3.


def decimal_string(value, quantum=None):
    """
    Return a float from the snapshot as an exact decimal string.

    ``repr`` gives the shortest string that round-trips, so 0.035 becomes
    "0.035", never "0.034999999999999996".
    """
    if value is None:
        return None
    number = Decimal(repr(value))
    if quantum is not None:
        number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    text = format(number.normalize(), "f")
    return "0" if text in {"-0", "0"} else text


def release_date(value):
    """Return (ISO date, precision) for a "YYYY-MM-DD" or "YYYY-MM" value."""
    if not value:
        return None, "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{value}-01", "month"
    date.fromisoformat(value)
    return value, "day"


def url_source(kind, url, publisher):
    """Return a Source record for a model's weights, paper or announcement URL."""
    parts = urlsplit(url)
    where = (parts.netloc + parts.path).rstrip("/")
    if kind == "weights" and parts.netloc == "huggingface.co":
        title = f"Weights: {parts.path.strip('/')} (Hugging Face)"
    elif kind == "paper" and parts.netloc == "arxiv.org":
        title = f"Paper: arXiv {parts.path.rsplit('/', 1)[-1]}"
    else:
        title = f"{kind.capitalize()}: {where}"
    readable = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")[:60].strip("-")
    digest = hashlib.sha1(url.encode()).hexdigest()[:8]
    return {
        "key": f"{kind}-{readable}-{digest}",
        "title": title[:300],
        "url": url,
        "publisher": publisher,
        "retrieved_on": None,
        "license": "",
        "attribution": "",
    }


def route_source_url(offering):
    """Return the URL of the file a route's prices were read from."""
    dataset = offering["source"]
    provider_id, _, model_id = offering["source_model_id"].partition("/")
    if dataset == "models.dev":
        path = f"providers/{provider_id}/models/{model_id}.toml"
        return f"https://github.com/anomalyco/models.dev/blob/{DATASETS[dataset]['commit']}/{quote(path)}"
    if dataset == "genai-prices":
        name = GENAI_PRICES_FILES.get(provider_id, provider_id)
        return f"https://github.com/pydantic/genai-prices/blob/{DATASETS[dataset]['commit']}/prices/providers/{quote(name)}.yml"
    if dataset == "llmstats":
        return f"https://github.com/JonathanChavezTamales/LLMStats/blob/{DATASETS[dataset]['commit']}/providers/{quote(provider_id)}/provider.json"
    return LITELLM_RELEASE_URL


def benchmark_category(slug):
    """Return the category of a benchmark guessed from its slug."""
    for category, pattern in CATEGORY_RULES:
        if re.search(pattern, slug):
            return category
    return "other"


def unique_names(records, label, renamed):
    """Make names unique (the models require it) with a " (slug)" suffix."""
    counts = Counter(record["name"].casefold() for record in records)
    for record in records:
        if counts[record["name"].casefold()] > 1:
            renamed.append(f"{label} {record['slug']}: {record['name']!r}")
            record["name"] = f"{record['name']} ({record['slug']})"


def max_output_source(item):
    """Return the dataset a snapshot model's max output came from."""
    if source := (item.get("field_sources") or {}).get("max_output_tokens"):
        return source
    return "models.dev" if "models.dev" in item["sources"] else item["sources"][0]


def model_figures(item, snapshot, dropped_output, merged):
    """Return the figures other sources give for a model, one per field and source."""
    figures = model_reported_figures(item, snapshot["conflicts"], DATASETS)
    if dropped_output is not None:
        figures.append(
            {
                "field": "max_output_tokens",
                "value": str(dropped_output),
                "source": DATASETS[max_output_source(item)]["key"],
                "source_identifier": "",
                "reported_on": None,
            }
        )
    figures += merged.get(item["slug"], [])
    unique = {(f["field"], f["source"]): f for f in reversed(figures)}
    return sorted(unique.values(), key=lambda f: (f["field"], f["source"]))


def convert_models(snapshot, extra_sources, raw, notes, merged):
    """Return the models list; fill extra_sources with their document Sources."""
    org_names = {org["slug"]: org["name"] for org in snapshot["organizations"]}
    offerings = defaultdict(list)
    for offering in snapshot["offerings"]:
        offerings[offering["model"]].append(offering)
    models = []
    for item in snapshot["models"]:
        max_output, dropped_output = separate_max_output(item, raw)
        if dropped_output is not None:
            notes["max outputs not below the context window dropped"] += 1
            if max_output:
                notes["  ... replaced by one a source states apart"] += 1
        released, precision = release_date(item["release_date"])
        license_name, osi, commercial = "", False, "unknown"
        if item["license"]:
            license_name, osi, commercial = LICENSES.get(
                item["license"], (item["license"], False, "unknown")
            )
        cutoff = (item["knowledge_cutoff"] or "")[:7]
        capabilities = [
            {
                "capability": capability,
                "value": "yes" if value else "no",
                "source": DATASETS[item["capability_sources"][capability]]["key"],
                "note": "",
            }
            for capability, value in sorted(item["capabilities"].items())
            if value is not None
        ]
        if vision_is_no(item):
            capabilities.append(
                {
                    "capability": "vision",
                    "value": "no",
                    "source": DATASETS[item["capability_sources"]["multimodal_input"]][
                        "key"
                    ],
                    "note": "Derived: the source lists no multimodal input.",
                }
            )
            capabilities.sort(key=lambda capability: capability["capability"])
            notes["vision 'no' derived from no multimodal input"] += 1
        sources = {DATASETS[name]["key"] for name in item["sources"]}
        for kind in ("weights", "paper", "announcement"):
            url = item[f"{kind}_url"]
            if url:
                if url not in extra_sources:
                    extra_sources[url] = url_source(
                        kind, url, org_names[item["organization"]]
                    )
                sources.add(extra_sources[url]["key"])
        by_name = item["parameter_count_source"] == "model-name"
        deprecated = item.get("status") == "deprecated"
        models.append(
            {
                "slug": item["slug"],
                "name": item["name"],
                "organization": item["organization"],
                "family": item["family"] or "",
                "kind": model_kind(
                    item["slug"],
                    item["name"],
                    item["input_modalities"],
                    item["output_modalities"],
                ),
                # A dated snapshot or preview of another model (one level).
                "variant_of": item.get("variant_of"),
                "description": item["description"] or "",
                "status": "published",
                "release_date": released,
                "release_date_precision": precision,
                "lifecycle_status": "deprecated" if deprecated else "active",
                # The deprecated flag comes from models.dev route files.
                "lifecycle_source": "models-dev" if deprecated else None,
                # models.dev gives 0 for image models; the catalog needs > 0 or empty.
                "context_window": item["context_window"] or None,
                "max_output_tokens": max_output or None,
                "parameter_count": item["parameter_count"],
                "parameter_count_is_estimate": by_name,
                "parameter_count_note": "parsed from the model name" if by_name else "",
                "active_parameter_count": item["active_parameter_count"],
                "architecture": "mixture_of_experts"
                if item["architecture"] == "mixture-of-experts"
                else "unknown",
                "license_name": license_name,
                "license_is_osi_approved": osi,
                "open_weights": {True: "yes", False: "no", None: "unknown"}[
                    item["open_weights"]
                ],
                "commercial_use": commercial,
                "knowledge_cutoff": cutoff,
                "input_modalities": item["input_modalities"] or [],
                "output_modalities": item["output_modalities"] or [],
                **cross_reference_ids(item, offerings[item["slug"]], raw),
                "sources": sorted(sources),
                "capabilities": capabilities,
                "retirement_date": None,
                "retirement_source": None,
                "reported_figures": model_figures(
                    item, snapshot, dropped_output, merged
                ),
            }
        )
    return models


# Route fields the raw sources fill; listed on every route (null when no
# source has them) so that a rebuild clears a figure a source dropped.
RAW_ROUTE_FIELDS = (
    "cache_write_price",
    "batch_input_price",
    "batch_output_price",
    "long_context_threshold",
    "long_context_input_price",
    "long_context_output_price",
    "retirement_date",
    "retirement_source",
    "context_window",
)


def convert_routes(snapshot, raw, models, notes):
    """
    Return the routes list, one per snapshot offering, completed from the
    raw sources (``demo_routes.complete_route``).
    """
    by_slug = {model["slug"]: model for model in models}
    routes = []
    for item in snapshot["offerings"]:
        dataset = DATASETS[item["source"]]
        lifecycle = {"deprecated": "deprecated", "beta": "preview"}.get(
            item.get("status"), "active"
        )
        route = {
            "model": item["model"],
            "provider": item["provider"],
            "identifier": item["source_model_id"],
            "api_model_id": api_model_id(item),
            "region": "",
            "lifecycle_status": lifecycle,
            "input_price": decimal_string(item["input_per_mtok"], PRICE_QUANTUM),
            "output_price": decimal_string(item["output_per_mtok"], PRICE_QUANTUM),
            "cache_read_price": decimal_string(
                item["cached_input_per_mtok"], PRICE_QUANTUM
            ),
            "source": dataset["key"],
            "source_url": route_source_url(item),
            "discrepancy": "",
            **dict.fromkeys(RAW_ROUTE_FIELDS),
        }
        routes.append(
            complete_route(route, item, raw, DATASETS, by_slug[item["model"]], notes)
        )
    return routes


# Benchmarks the sources name differently that are one benchmark (besides
# names that differ only in case, spaces and punctuation): slug -> slug.
BENCHMARK_ALIASES = {"bbh": "big-bench-hard", "theroemqa": "theoremqa"}


def benchmark_merges(snapshot):
    """
    Return {slug: canonical slug} for the benchmarks that are one benchmark
    under two names ("AGIEval" and "AGI Eval", "BBH" and "BIG-Bench Hard"):
    the canonical one is the most used, then the first by slug.
    """
    used = Counter(item["benchmark"] for item in snapshot["results"])
    names = {item["slug"]: item["name"] for item in snapshot["benchmarks"]}
    groups = defaultdict(list)
    for slug in names:
        name = names.get(BENCHMARK_ALIASES.get(slug, slug), names[slug])
        groups[re.sub(r"[^a-z0-9]", "", name.casefold())].append(slug)
    merges = {}
    for slugs in groups.values():
        canonical = min(slugs, key=lambda slug: (-used[slug], slug))
        merges.update({slug: canonical for slug in slugs if slug != canonical})
    return merges


def convert_results(snapshot, notes, merges=None):
    """
    Return the results list with stable keys and one primary per pair; a
    result on a benchmark merged into another (``merges``) moves to it.
    """
    merges = merges or {}
    results = []
    occurrences = Counter()
    for item in snapshot["results"]:
        dataset = item["dataset"]
        if item["benchmark"] in merges:
            item = {**item, "benchmark": merges[item["benchmark"]]}
            notes["results moved to a benchmark of the same name"] += 1
        occurrence_key = (dataset, item["model"], item["benchmark"])
        n = occurrences[occurrence_key]
        occurrences[occurrence_key] += 1
        score = Decimal(repr(item["score"]))
        extra = []
        # The snapshot multiplied every LLM Stats score by 100, including
        # those that were not fractions (Elo 1977, BLEU 41.4, MBPP 81.4):
        # anything above 100 is restored to the raw LLM Stats value.
        if dataset == "llmstats" and score > 100:
            score /= 100
            extra.append(
                f"Score as LLM Stats gives it ({item['method'] or 'no unit stated'}); "
                "not a fraction, so not scaled by 100."
            )
            notes["llmstats scores restored (were x100)"] += 1
        rounded = score.quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP)
        if rounded != score:
            notes["scores rounded to 3 decimal places"] += 1
        measured_on = item["date"]
        if measured_on and re.fullmatch(r"\d{4}-\d{2}", measured_on):
            extra.append(f"Date given to the month only ({measured_on}).")
            measured_on = f"{measured_on}-01"
        results.append(
            {
                "key": f"{dataset}:{item['model']}:{item['benchmark']}:{n}",
                "model": item["model"],
                "benchmark": item["benchmark"],
                "score": format(rounded.normalize(), "f"),
                "provenance": PROVENANCE[item["self_reported"]],
                "method": item["method"] or "",
                "notes": " ".join([item["notes"] or "", *extra]).strip(),
                "measured_on": measured_on,
                "source": DATASETS[dataset]["key"],
                "source_url": item["source"] or "",
                "is_primary": False,
                "_dataset": dataset,
            }
        )
    by_pair = defaultdict(list)
    for index, result in enumerate(results):
        by_pair[result["model"], result["benchmark"]].append((index, result))
    for candidates in by_pair.values():
        _, primary = min(
            candidates,
            key=lambda pair: (
                PROVENANCE_RANK[pair[1]["provenance"]],
                # Most recent first; undated results come last.
                -date.fromisoformat(pair[1]["measured_on"]).toordinal()
                if pair[1]["measured_on"]
                else 0,
                DATASET_RANK[pair[1]["_dataset"]],
                pair[0],
            ),
        )
        primary["is_primary"] = True
    for result in results:
        del result["_dataset"]
    return results


def convert(snapshot, raw):
    """Return (catalog dict, printable notes) for a catalog snapshot."""
    notes = Counter()
    renamed = []
    merged = merge_models(snapshot, MODEL_MERGES, DATASETS, notes)
    organizations = []
    for org in snapshot["organizations"]:
        name = ORGANIZATION_NAMES.get(org["slug"], org["name"])
        if name != org["name"]:
            renamed.append(f"organization {org['slug']}: {org['name']!r} -> {name!r}")
        organizations.append({"slug": org["slug"], "name": name, "website": ""})
    providers = []
    for item in snapshot["providers"]:
        kind, organization = provider_kind(item["slug"])
        name = PROVIDER_NAMES.get(item["slug"], item["name"])
        if name != item["name"]:
            renamed.append(f"provider {item['slug']}: {item['name']!r} -> {name!r}")
        providers.append(
            {
                "slug": item["slug"],
                "name": name,
                "website": item["url"] or "",
                "kind": kind,
                "organization": organization,
            }
        )
    unique_names(organizations, "organization", renamed)
    unique_names(providers, "provider", renamed)

    extra_sources = {}
    models = convert_models(snapshot, extra_sources, raw, notes, merged)
    routes = convert_routes(snapshot, raw, models, notes)
    notes["models with a retirement date from their lab's own API"] = (
        retirement_from_lab_routes(models, routes, providers)
    )

    merges = benchmark_merges(snapshot)
    units = defaultdict(set)
    for result in snapshot["results"]:
        units[merges.get(result["benchmark"], result["benchmark"])].add(result["unit"])
    benchmarks = []
    for item in snapshot["benchmarks"]:
        if item["slug"] in merges:
            notes["benchmarks merged into one of the same name"] += 1
            continue
        (unit,) = units[item["slug"]] or {"percent"}
        benchmarks.append(
            {
                "slug": item["slug"],
                "name": item["name"],
                "category": benchmark_category(item["slug"]),
                "unit": unit,
                "scale_max": "100" if unit == "percent" else None,
                "higher_is_better": True,
                "description": "",
                "url": "",
            }
        )
    unique_names(benchmarks, "benchmark", renamed)

    sources = [
        {key: value for key, value in dataset.items() if key != "commit"}
        for dataset in DATASETS.values()
    ]
    sources += sorted(extra_sources.values(), key=lambda source: source["key"])
    data_date = max(s["retrieved_on"] for s in sources if s["retrieved_on"])
    catalog = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "generated_at": None,
        "data_date": data_date,
        "license": DATA_LICENSE,
        "attribution": sorted({s["attribution"] for s in sources if s["attribution"]}),
        "sources": sorted(sources, key=lambda source: source["key"]),
        "organizations": organizations,
        "decision_tags": [],
        "providers": providers,
        "models": models,
        "routes": routes,
        "benchmarks": benchmarks,
        "results": convert_results(snapshot, notes, merges),
    }
    notes["names renamed (owner's spelling, or made unique)"] = len(renamed)
    return catalog, notes, renamed


def dump(catalog):
    """
    Return the catalog as commit-friendly JSON: sorted keys, one record per
    line, so a changed price is a one-line diff.
    """
    lines = ["{"]
    keys = sorted(catalog)
    for position, key in enumerate(keys):
        comma = "," if position < len(keys) - 1 else ""
        value = catalog[key]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{json.dumps(key)}: [")
            records = [
                json.dumps(record, sort_keys=True, ensure_ascii=False)
                for record in value
            ]
            lines.append(",\n".join(records))
            lines.append(f"]{comma}")
        else:
            lines.append(
                f"{json.dumps(key)}: {json.dumps(value, sort_keys=True, ensure_ascii=False)}{comma}"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("snapshot", type=Path, help="catalog-snapshot.json")
    parser.add_argument("output", type=Path, help="demo_catalog.json to write")
    parser.add_argument(
        "--raw",
        type=Path,
        help="The folder holding models.dev/, genai-prices/ and litellm/ "
        "(default: the snapshot's folder).",
    )
    args = parser.parse_args(argv)

    snapshot = json.loads(args.snapshot.read_text(encoding="utf-8"))
    if snapshot.get("schema_version") != 1:
        parser.error(
            f"unsupported snapshot schema_version {snapshot.get('schema_version')!r}"
        )
    catalog, notes, renamed = convert(
        snapshot, RawSources(args.raw or args.snapshot.parent)
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = dump(catalog)
    args.output.write_text(text, encoding="utf-8")

    print(f"Wrote {args.output} ({len(text.encode()) / 1_000_000:.1f} MB)")
    for key in (
        "sources",
        "organizations",
        "decision_tags",
        "providers",
        "models",
        "routes",
        "benchmarks",
        "results",
    ):
        print(f"  {key:<14} {len(catalog[key]):>6}")
    for field in ("models_dev_id", "openrouter_id", "huggingface_id"):
        count = sum(1 for model in catalog["models"] if model[field])
        print(f"  models with a {field}: {count}")
    count = sum(1 for route in catalog["routes"] if route["api_model_id"])
    print(f"  routes with an api_model_id: {count}")
    capabilities = sum(len(model["capabilities"]) for model in catalog["models"])
    print(f"  {'capabilities':<14} {capabilities:>6}")
    kinds = Counter(model["kind"] for model in catalog["models"])
    print("  models per kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    for model in catalog["models"]:
        if model["kind"] != "language":
            print(f"    {model['kind']:<10} {model['slug']} ({model['name']})")
    variants = [m for m in catalog["models"] if m["variant_of"]]
    print(f"  variants: {len(variants)}")
    for model in variants:
        print(f"    {model['slug']} of {model['variant_of']}")
    for note, count in sorted(notes.items()):
        print(f"  {note}: {count}")
    for line in renamed:
        print(f"    renamed {line}")
    for kind, fields in DROPPED.items():
        print(f"  dropped from {kind}: {', '.join(fields)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
