"""
Parse models.dev (https://github.com/anomalyco/models.dev, MIT): either the
repository tree or the single ``api.json`` document the site publishes.

The tree has ``models/<lab>/<id>.toml`` (a model as its lab ships it),
``providers/<id>/provider.toml`` and ``providers/<id>/models/**.toml`` (one
route per file, prices in USD per 1M tokens, ``base_model = "<lab>/<id>"``
linking it to a lab model). ``api.json`` is ``{provider id: {"name", "doc",
..., "models": {model id: {...}}}}`` with the same fields per model.

Models come from lab files, and from a lab's main API (its first-party
provider named like the lab, e.g. ``openai`` but not ``chatgpt`` or
``alibaba-cn``) when the lab has no file for them; api.json has no lab
files, so there they all come from the main APIs. Any other route attaches
to a model named by ``base_model``, by an exact lab id, or matched later by
external id or exact slug: resellers and regional variants never add
models, because they also resell other labs' models.
"""

import re
from datetime import date
from urllib.parse import quote

from imports.mappings import (
    LICENSES,
    huggingface_repo,
    model_slug,
    provider_kind,
    provider_slug,
)
from imports.records import (
    Batch,
    CapabilityValue,
    ModelRecord,
    OrganizationRecord,
    ProviderRecord,
    Ref,
    RouteRecord,
    Skip,
)

from .base import (
    Errors,
    ImportFormatError,
    Track,
    Upload,
    exact,
    identifier_aliases,
    import_source,
    load_json,
    load_toml,
    modalities,
    month,
    no_progress,
    positive_or_none,
    release_date,
    slug_or_id,
    tristate,
    wrong_format,
)

FORMAT = "models.dev"
REPOSITORY = "https://github.com/anomalyco/models.dev"

# [cost] keys -> Route price fields. models.dev spells cached input three ways.
COST_FIELDS = {
    "input": "input_price",
    "output": "output_price",
    "cache_read": "cache_read_price",
    "cache_input": "cache_read_price",
    "cached_input": "cache_read_price",
    "cache_write": "cache_write_price",
    "cached_write": "cache_write_price",
}
LIFECYCLE = {"deprecated": "deprecated", "beta": "preview", "alpha": "preview"}

PROVIDER_FILE_RE = re.compile(
    r"^(?P<root>(?:.*/)?)providers/(?P<provider>[^/]+)/provider\.toml$"
)


def parse(upload: Upload, *, today: date, track: Track = no_progress) -> Batch:
    """Return the normalised records of a models.dev tree or api.json."""
    source = import_source(
        FORMAT,
        title="models.dev (import)",
        url=REPOSITORY,
        publisher="models.dev (Anomaly, formerly SST)",
        license="MIT",
        today=today,
    )
    batch = Batch(source="models.dev", file_name=upload.name, import_source=source)
    errors = Errors()
    if upload.is_tree:
        data = _read_tree(upload, errors, track)
    else:
        data = _read_api(upload, errors)
    _Builder(batch, data, errors, source.key).build()
    errors.raise_if_any()
    return batch


class _Data:
    """The documents of one input, before normalisation."""

    def __init__(self):
        self.providers = {}  # provider id -> (label, dict)
        self.labs = {}  # "<lab>/<id>" -> (label, dict)
        self.routes = []  # (provider id, model id, label, dict)
        self.tree = True


def _read_tree(upload, errors, track):
    roots = sorted(
        (m["root"] for path in upload.files if (m := PROVIDER_FILE_RE.match(path))),
        key=len,
    )
    if not roots:
        raise ImportFormatError(
            f"{upload.name}: not a models.dev tree (no providers/<id>/provider.toml found)"
        )
    root = roots[0]
    data = _Data()
    paths = sorted(path for path in upload.files if path.startswith(root))
    for path in track(paths, len(paths), "reading TOML"):
        relative = path[len(root) :]
        parts = relative.split("/")
        if not relative.endswith(".toml"):
            continue
        label = f"{upload.name}/{relative}"
        if parts[0] == "models" and len(parts) == 3:
            document = _toml(label, upload.files[path], errors)
            if document is not None:
                data.labs[f"{parts[1]}/{parts[2][:-5]}"] = (label, document)
        elif (
            parts[0] == "providers" and len(parts) == 3 and parts[2] == "provider.toml"
        ):
            document = _toml(label, upload.files[path], errors)
            if document is not None:
                data.providers[parts[1]] = (label, document)
        elif parts[0] == "providers" and len(parts) >= 4 and parts[2] == "models":
            document = _toml(label, upload.files[path], errors)
            if document is not None:
                model_id = "/".join(parts[3:])[:-5]
                data.routes.append((parts[1], model_id, label, document))
    return data


def _toml(label, content, errors):
    try:
        document = load_toml(label, content)
    except ImportFormatError as error:
        errors.add(str(error))
        return None
    return document


def _read_api(upload, errors):
    document = load_json(upload.name, upload.content)
    if not isinstance(document, dict) or not all(
        isinstance(p, dict) and isinstance(p.get("models"), dict)
        for p in document.values()
    ):
        raise wrong_format(
            upload.name,
            document,
            "models.dev",
            'the api.json shape {"<provider id>": {"name": ..., "models": {...}}}',
        )
    data = _Data()
    data.tree = False
    for provider_id, provider in sorted(document.items()):
        label = f"{upload.name}: provider {provider_id!r}"
        data.providers[provider_id] = (label, provider)
        for model_id, model in sorted(provider["models"].items()):
            model_label = f"{upload.name}: provider {provider_id!r} model {model_id!r}"
            if not isinstance(model, dict):
                errors.add(f"{model_label}: must be an object")
                continue
            data.routes.append((provider_id, model_id, model_label, model))
    return data


class _Builder:
    """Turn the documents of one input into records."""

    def __init__(self, batch, data, errors, source_key):
        self.batch = batch
        self.data = data
        self.errors = errors
        self.source_key = source_key
        self.lab_org = {lab: self.org_slug(lab) for lab in self.lab_dirs()}
        self.org_lab = {org: lab for lab, org in self.lab_org.items()}

    def lab_dirs(self):
        return sorted({key.split("/")[0] for key in self.data.labs})

    @staticmethod
    def org_slug(lab):
        kind, organization = provider_kind(lab)
        return (
            organization if kind == "first_party" and organization else model_slug(lab)
        )

    def provider_info(self, provider_id):
        """Return (catalog slug, kind, organization slug) of a provider id."""
        slug = provider_slug(FORMAT, provider_id)
        kind, organization = provider_kind(slug)
        return slug, kind, organization

    def build(self):
        self.build_organizations()
        self.build_providers()
        lab_status = {
            f"{provider_id}/{model_id}": document.get("status")
            for provider_id, model_id, _, document in self.data.routes
            if provider_id in self.lab_org
        }
        known = {}
        for key, (label, document) in sorted(self.data.labs.items()):
            record = self.model_record(key, label, document)
            if record is None:
                continue
            lab = key.split("/")[0]
            record.refs["organization"] = Ref(external_id=lab, slug=self.lab_org[lab])
            self.set_lifecycle(record, lab_status.get(key))
            self.batch.models.append(record)
            known[key] = record
        # A lab's main API describes the models its lab has no file for (in
        # api.json, every model). Only the main one: regional and plan
        # variants (alibaba-cn) also resell other labs' models.
        primary = self.primary_providers()
        for provider_id, model_id, label, document in sorted(self.data.routes):
            _, _, organization = self.provider_info(provider_id)
            key = f"{provider_id}/{model_id}"
            if provider_id not in primary or "base_model" in document:
                continue
            if self.known_model(provider_id, model_id, known):
                continue
            record = self.model_record(key, label, document)
            if record is None:
                continue
            record.slug = model_slug(slug_or_id(model_id))
            lab = self.org_lab.get(organization)
            record.refs["organization"] = Ref(external_id=lab or "", slug=organization)
            self.set_lifecycle(record, document.get("status"))
            self.batch.models.append(record)
            known[key] = record
        for provider_id, model_id, label, document in sorted(self.data.routes):
            self.route_record(provider_id, model_id, label, document, known)
        self.set_openrouter_ids(known)

    def set_openrouter_ids(self, known):
        """
        Give each model of this input its OpenRouter id: the id of the
        OpenRouter route naming it (``base_model`` or an exact lab id),
        an untagged one (not ":free") first, then the shortest.
        """
        ids = {}
        for provider_id, model_id, _, document in self.data.routes:
            if provider_id != "openrouter":
                continue
            base = str(document.get("base_model") or "")
            key = (
                base
                if base in known
                else self.known_model(provider_id, model_id, known)
            )
            if key:
                ids.setdefault(key, []).append(
                    (":" in model_id, len(model_id), model_id)
                )
        for key, candidates in ids.items():
            known[key].values["openrouter_id"] = min(candidates)[2][:200]

    def primary_providers(self):
        """
        Return the ids of each lab's main API: the provider named like its
        lab folder, else the lab's first-party provider with the shortest id
        (openai, not chatgpt; alibaba, not alibaba-cn).
        """
        by_organization = {}
        for provider_id in self.data.providers:
            _, kind, organization = self.provider_info(provider_id)
            if kind == "first_party" and organization:
                by_organization.setdefault(organization, []).append(provider_id)
        primary = set()
        for organization, ids in by_organization.items():
            lab = self.org_lab.get(organization)
            primary.add(lab if lab in ids else min(ids, key=lambda i: (len(i), i)))
        return primary

    def build_organizations(self):
        names = {pid: doc.get("name") for pid, (_, doc) in self.data.providers.items()}
        seen = set()
        for lab in self.lab_dirs():
            slug = self.lab_org[lab]
            seen.add(slug)
            self.batch.organizations.append(
                OrganizationRecord(
                    external_id=lab,
                    slug=slug,
                    create_values={"name": _text(names.get(lab)) or lab.capitalize()},
                )
            )
        # Labs with an API but no lab folder (or api.json, which has none).
        for provider_id in sorted(self.data.providers):
            _, kind, organization = self.provider_info(provider_id)
            if kind != "first_party" or not organization or organization in seen:
                continue
            seen.add(organization)
            self.batch.organizations.append(
                OrganizationRecord(
                    external_id=provider_id,
                    slug=organization,
                    create_values={
                        "name": _text(names.get(provider_id))
                        or provider_id.capitalize()
                    },
                )
            )

    def build_providers(self):
        for provider_id, (label, document) in sorted(self.data.providers.items()):
            slug, kind, organization = self.provider_info(provider_id)
            name = _text(document.get("name"))
            if not name:
                self.errors.add(f"{label}: name is required")
                continue
            values = {}
            if document.get("doc"):
                values["website"] = _text(document["doc"])[:500]
            self.batch.providers.append(
                ProviderRecord(
                    external_id=provider_id,
                    slug=slug,
                    origin=label,
                    values=values,
                    # Names are editors' (e.g. "Google AI Studio (Gemini API)").
                    create_values={"name": name[:200], "kind": kind},
                    create_refs={
                        "organization": Ref(
                            external_id=self.org_lab.get(organization, ""),
                            slug=organization,
                        )
                        if organization
                        else None
                    },
                )
            )

    def known_model(self, provider_id, model_id, known):
        """Return the key of the lab model a route without base_model names exactly."""
        candidates = [f"{provider_id}/{model_id}", model_id]
        _, _, organization = self.provider_info(provider_id)
        if organization in self.org_lab:
            candidates.append(f"{self.org_lab[organization]}/{model_id}")
        return next((c for c in candidates if c in known), None)

    def model_record(self, key, label, document):
        """Return a ModelRecord for a lab file (or a first-party route file)."""
        name = _text(document.get("name"))
        if not name:
            self.errors.add(f"{label}: name is required")
            return None
        values = {
            "name": name[:200],
            "family": _text(document.get("family"))[:100],
            # "<lab>/<id>", or "<lab's API>/<id>" for a model only its API lists.
            "models_dev_id": key[:200],
        }
        capabilities = {}
        try:
            released, precision = release_date(document.get("release_date"))
            if released:
                values["release_date"] = released
                values["release_date_precision"] = precision
            cutoff = month(document.get("knowledge"))
            if cutoff:
                values["knowledge_cutoff"] = cutoff
            limit = _table(document, "limit")
            if "context" in limit:
                values["context_window"] = positive_or_none(limit["context"])
            if "output" in limit:
                values["max_output_tokens"] = positive_or_none(limit["output"])
            open_weights = tristate(document.get("open_weights"))
            if open_weights:
                values["open_weights"] = open_weights
            table = _table(document, "modalities")
            inputs = modalities(table.get("input"))
            outputs = modalities(table.get("output"))
            if inputs is not None:
                values["input_modalities"] = inputs
            if outputs is not None:
                values["output_modalities"] = outputs
            if document.get("license"):
                name_, osi, commercial = LICENSES.get(
                    document["license"], (document["license"], False, "unknown")
                )
                values["license_name"] = name_
                values["license_is_osi_approved"] = osi
                values["commercial_use"] = commercial
            facts = {
                "reasoning": tristate(document.get("reasoning")),
                "function_calling": tristate(document.get("tool_call")),
                "tool_use": tristate(document.get("tool_call")),
                "structured_outputs": tristate(document.get("structured_output")),
            }
            if inputs is not None:
                facts["vision"] = "yes" if "image" in inputs else "no"
                facts["multimodal_input"] = "yes" if set(inputs) - {"text"} else "no"
        except ValueError as error:
            self.errors.add(f"{label}: {error}")
            return None
        if repo := _huggingface_repo(document.get("weights")):
            values["huggingface_id"] = repo
        for capability, value in sorted(facts.items()):
            if value is not None:
                capabilities[capability] = CapabilityValue(value, self.source_key)
        return ModelRecord(
            external_id=key,
            slug=model_slug(slug_or_id(key)),
            origin=label,
            values=values,
            capabilities=capabilities,
            sources=(self.source_key,),
        )

    def set_lifecycle(self, record, status):
        if status in LIFECYCLE:
            record.values["lifecycle_status"] = LIFECYCLE[status]

    def route_record(self, provider_id, model_id, label, document, known):
        if provider_id not in self.data.providers:
            self.batch.skipped.append(
                Skip("route", label, f"no provider.toml for provider {provider_id!r}")
            )
            return
        key = f"{provider_id}/{model_id}"
        base = document.get("base_model")
        if base:
            model = Ref(external_id=str(base), slug=model_slug(slug_or_id(str(base))))
        elif found := self.known_model(provider_id, model_id, known):
            model = Ref(external_id=found)
        else:
            # A reseller's own id: an editor's ExternalId or an exact slug may match it.
            model = Ref(external_id=key, slug=model_slug(slug_or_id(model_id)))
        values = {
            "lifecycle_status": LIFECYCLE.get(document.get("status"), "active"),
            # The id under the provider is the model string its API takes.
            "api_model_id": model_id[:200],
        }
        cost = _table(document, "cost")
        if cost:
            try:
                values.update(self.prices(cost))
            except ValueError as error:
                self.errors.add(f"{label}: [cost] {error}")
                return
        if self.data.tree:
            path = f"providers/{provider_id}/models/{model_id}.toml"
            url = f"{REPOSITORY}/blob/HEAD/{quote(path)}"
        else:
            url = "https://models.dev/api.json"
        self.batch.routes.append(
            RouteRecord(
                external_id=key,
                slug="",
                origin=label,
                identifier=key[:200],
                identifier_aliases=identifier_aliases(
                    key, model_id, self.provider_info(provider_id)[0]
                ),
                values=values,
                create_refs={"model": model, "provider": Ref(external_id=provider_id)},
                provenance={"source": self.source_key, "source_url": url[:500]},
            )
        )

    def prices(self, cost):
        """Return the Route price fields of a [cost] table."""
        for required in ("input", "output"):
            if required not in cost:
                raise ValueError(f"{required} is required")
        prices = {}
        for key, field_name in COST_FIELDS.items():
            if key in cost and field_name not in prices:
                prices[field_name] = exact(cost[key])
        # The catalog stores one long-context tier: the first context tier.
        prices.update(
            long_context_threshold=None,
            long_context_input_price=None,
            long_context_output_price=None,
        )
        tiers = cost.get("tiers") or []
        if not isinstance(tiers, list):
            raise ValueError("tiers must be a list of tables")
        for tier in tiers:
            if not isinstance(tier, dict):
                raise ValueError("each of tiers must be a table")
            spec = tier.get("tier") or {}
            if spec.get("type", "context") != "context" or "size" not in spec:
                continue
            prices["long_context_threshold"] = positive_or_none(spec["size"])
            prices["long_context_input_price"] = exact(tier.get("input"))
            prices["long_context_output_price"] = exact(tier.get("output"))
            break
        return prices


def _table(document, key):
    value = document.get(key)
    return value if isinstance(value, dict) else {}


def _text(value):
    return value.strip() if isinstance(value, str) else ""


def _huggingface_repo(weights):
    """Return the repo of the first Hugging Face link in [[weights]], or ""."""
    for entry in weights if isinstance(weights, list) else []:
        url = entry.get("url") if isinstance(entry, dict) else None
        if repo := huggingface_repo(url):
            return repo
    return ""
