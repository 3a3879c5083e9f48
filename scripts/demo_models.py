"""
Tidy the demo catalog's models: merge a model the snapshot lists twice,
take a max output only from a source that states it apart from the
context window, say vision "no" where the model takes no multimodal input,
keep each other source's figure for a model, and date a model's retirement
from its lab's own API.
"""

from collections import defaultdict

from imports.mappings import huggingface_repo

# Snapshot fields an LLM Stats conflict names -> the catalog field.
CONFLICT_FIELDS = {
    "release_date": "release_date",
    "context_window": "context_window",
    "max_output_tokens": "max_output_tokens",
    "knowledge_cutoff": "knowledge_cutoff",
}
# Fields of a merged (dropped) record kept as its source's reported figures.
MERGED_FIELDS = (
    "release_date",
    "context_window",
    "max_output_tokens",
    "knowledge_cutoff",
)


def merge_models(snapshot, merges, datasets, notes):
    """
    Fold each model ``merges`` drops into the one it keeps, in place: its
    routes, results and variants move, gaps in the kept record are filled,
    and its differing figures are returned as {slug: [reported figure]}.
    """
    by_slug = {model["slug"]: model for model in snapshot["models"]}
    reported = defaultdict(list)
    for dropped_slug, kept_slug in merges.items():
        dropped, kept = by_slug.get(dropped_slug), by_slug.get(kept_slug)
        if dropped is None or kept is None:
            continue
        for key, value in dropped.items():
            if kept.get(key) in (None, "", []) and value not in (None, "", []):
                kept[key] = value
        kept["sources"] = sorted(set(kept["sources"]) | set(dropped["sources"]))
        for source, ids in dropped["source_ids"].items():
            kept["source_ids"].setdefault(source, []).extend(ids)
        source = dropped["sources"][0]
        for field in MERGED_FIELDS:
            if dropped[field] is not None and dropped[field] != kept[field]:
                reported[kept_slug].append(
                    {
                        "field": field,
                        "value": str(dropped[field]),
                        "source": datasets[source]["key"],
                        "source_identifier": (
                            dropped["source_ids"].get(source) or [""]
                        )[0],
                        "reported_on": None,
                    }
                )
        for collection in ("offerings", "results"):
            for item in snapshot[collection]:
                if item["model"] == dropped_slug:
                    item["model"] = kept_slug
        for model in snapshot["models"]:
            if model.get("variant_of") == dropped_slug:
                model["variant_of"] = kept_slug
        snapshot["models"].remove(dropped)
        notes[f"model merged: {dropped_slug} into {kept_slug}"] += 1
    return reported


def separate_max_output(item, raw):
    """
    Return (max output, the figure dropped or None) for a snapshot model:
    a max output not below the context window is a window listed as max
    output, so it is replaced by one a source states apart from the
    window (models.dev's lab file, LLM Stats), else left unknown.
    """
    window, output = item["context_window"], item["max_output_tokens"]
    if not window or not output or output < window:
        return output, None
    candidates = [
        raw.models_dev_lab_limit(lab_id).get("output")
        for lab_id in item["source_ids"].get("models.dev", [])
        if not lab_id.startswith("providers/")
    ]
    candidates.append(item.get("llmstats_output_context_size"))
    for candidate in candidates:
        if candidate and candidate < window:
            return candidate, output
    return None, output


def vision_is_no(item):
    """
    Return whether vision, unknown in the snapshot, is "no": the model takes
    no multimodal input, so it takes no image either.
    """
    values = item["capabilities"]
    return values.get("vision") is None and values.get("multimodal_input") is False


def model_reported_figures(item, conflicts, datasets):
    """Return the figures other sources give for a model (snapshot conflicts)."""
    figures = []
    for field, values in sorted(conflicts.get(item["slug"], {}).items()):
        if field == "capabilities":
            for capability, sides in sorted(values.items()):
                for source, value in sorted(sides.items()):
                    if source != "catalog" and value is not None:
                        figures.append(
                            _figure(
                                f"capabilities.{capability}",
                                "yes" if value else "no",
                                source,
                                item,
                                datasets,
                            )
                        )
        elif field in CONFLICT_FIELDS:
            for source, value in sorted(values.items()):
                if source != "catalog" and value is not None:
                    figures.append(
                        _figure(
                            CONFLICT_FIELDS[field], str(value), source, item, datasets
                        )
                    )
    return figures


def _figure(field, value, source, item, datasets):
    return {
        "field": field,
        "value": value,
        "source": datasets[source]["key"],
        "source_identifier": (item["source_ids"].get(source) or [""])[0][:200],
        "reported_on": None,
    }


def retirement_from_lab_routes(models, routes, providers):
    """
    Set a model's retirement date from its lab's own API routes (the
    earliest date one of them gives), with that route's retirement source;
    return how many models have one.
    """
    lab_of = {
        provider["slug"]: provider["organization"]
        for provider in providers
        if provider["kind"] == "first_party"
    }
    organization = {model["slug"]: model["organization"] for model in models}
    earliest = {}
    for route in routes:
        model = route["model"]
        if (
            route.get("retirement_date")
            and lab_of.get(route["provider"]) == (organization[model])
        ):
            candidate = (route["retirement_date"], route["retirement_source"])
            earliest[model] = min(earliest.get(model, candidate), candidate)
    for model in models:
        if model["slug"] in earliest:
            model["retirement_date"], model["retirement_source"] = earliest[
                model["slug"]
            ]
    return len(earliest)


def cross_reference_ids(item, offerings, raw):
    """
    Return a snapshot model's (with its ``offerings``) ids in other catalogs, each "" when no source
    gives it: its models.dev lab id (not a route file's), its OpenRouter id
    (a models.dev OpenRouter route matched to the model exactly, untagged
    (no ":free") first) and its Hugging Face repo (the weights link LLM
    Stats or the models.dev lab file gives).
    """
    lab_ids = [
        lab_id
        for lab_id in item["source_ids"].get("models.dev", [])
        if not lab_id.startswith("providers/")
    ]
    openrouter = sorted(
        (":" in model_id, len(model_id), model_id)
        for offering in offerings
        if offering["provider"] == "openrouter"
        and offering["source"] == "models.dev"
        and offering["exact_id_match"]
        for model_id in [offering["source_model_id"].partition("/")[2]]
    )
    weights = [item.get("weights_url") or ""]
    for lab_id in lab_ids:
        weights += [w.get("url", "") for w in raw.models_dev_lab_weights(lab_id)]
    repos = [repo for url in weights if (repo := huggingface_repo(url))]
    return {
        "models_dev_id": lab_ids[0][:200] if lab_ids else "",
        "openrouter_id": openrouter[0][2][:200] if openrouter else "",
        "huggingface_id": repos[0][:200] if repos else "",
    }
