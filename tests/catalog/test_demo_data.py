"""
The demo catalog against the raw sources it is built from (issue 17): every
long-context tier, batch price and source check date they hold for a
route, and the tidying (names, the duplicate model, max outputs, vision).

The expected figures are read here from ../shared/data, independently of
scripts/build_demo_catalog.py; without that folder the module is skipped.
"""

import json
import re
import tomllib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from catalog.models import (
    BenchmarkResult,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    ReportedFigure,
    Route,
)

pytestmark = pytest.mark.django_db

RAW = Path(settings.BASE_DIR).parent / "shared" / "data"
LITELLM_TIER = re.compile(r"^input_cost_per_token_above_\d+k_tokens$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo catalog once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalog", str(settings.DEMO_CATALOG_PATH), verbosity=0)
        yield
        transaction.set_rollback(True)


def read_toml(path):
    return tomllib.loads(path.read_text("utf-8")) if path.exists() else {}


class Listing:
    """What one raw source lists for one route: its prices, tier, batch, date."""

    def __init__(self, source, source_model_id, raw):
        self.prices, self.tier, self.batch, self.checked = None, False, False, None
        getattr(self, source.replace(".", "_").replace("-", "_"), lambda *_: None)(
            source_model_id, raw
        )

    def models_dev(self, source_model_id, raw):
        provider, _, model = source_model_id.partition("/")
        route = read_toml(RAW / f"models.dev/providers/{provider}/models/{model}.toml")
        base = read_toml(RAW / f"models.dev/models/{route.get('base_model')}.toml")
        cost = route.get("cost", {})
        self.prices = (cost.get("input"), cost.get("output"))
        self.tier = bool(cost.get("tiers"))
        when = route.get("last_updated") or base.get("last_updated")
        self.checked = None if when is None else str(when)

    def genai_prices(self, source_model_id, raw):
        provider, _, model = source_model_id.partition("/")
        entry = raw["genai-prices"][provider, model]
        prices = entry["prices"]
        prices = prices[-1]["prices"] if isinstance(prices, list) else prices

        def base(value):
            return value["base"] if isinstance(value, dict) else value

        self.prices = (base(prices.get("input_mtok")), base(prices.get("output_mtok")))
        self.tier = isinstance(prices.get("input_mtok"), dict)
        when = entry.get("prices_checked")
        self.checked = None if when is None else str(when)

    def litellm(self, key, raw):
        entry = raw["litellm"][key]
        self.prices = tuple(
            None if value is None else Decimal(repr(value)) * 1_000_000
            for value in (
                entry.get("input_cost_per_token"),
                entry.get("output_cost_per_token"),
            )
        )
        self.tier = any(LITELLM_TIER.match(name) for name in entry)
        self.batch = all(
            f"{side}_cost_per_token_batches" in entry for side in ("input", "output")
        )


def expected_from_raw():
    """Return the routes with a tier, a batch price, and their check dates."""
    snapshot = json.loads((RAW / "catalog-snapshot.json").read_text("utf-8"))
    raw = {
        "litellm": json.loads(
            (RAW / "litellm/model_prices_and_context_window.json").read_text("utf-8")
        ),
        "genai-prices": {},
    }
    for path in (RAW / "genai-prices/prices/providers").glob("*.yml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        for model in data["models"]:
            raw["genai-prices"][data["id"], model["id"]] = model
    tiers, batches, checked = set(), set(), {}
    for offering in snapshot["offerings"]:
        key = (offering["provider"], offering["source_model_id"])
        prices = tuple(
            None if value is None else Decimal(repr(value))
            for value in (offering["input_per_mtok"], offering["output_per_mtok"])
        )
        own = Listing(offering["source"], offering["source_model_id"], raw)
        listings = [own] + [
            Listing(also["source"], also["source_model_id"], raw)
            for also in offering["also_reported"]
        ]
        for listing in listings:
            same = (
                listing.prices is not None
                and tuple(
                    None if value is None else Decimal(str(value))
                    for value in listing.prices
                )
                == prices
            )
            if same and listing.tier:
                tiers.add(key)
            if same and listing.batch:
                batches.add(key)
        when = own.checked or offering.get("updated_at")
        if when and FULL_DATE.match(when):
            checked[key] = date.fromisoformat(when)
    return tiers, batches, checked


@pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data is not here")
def test_demo_routes_carry_every_tier_batch_price_and_check_date_of_the_sources(
    demo,
):
    tiers, batches, checked = expected_from_raw()

    def keys(**filters):
        return set(
            Route.objects.filter(**filters).values_list("provider__slug", "identifier")
        )

    assert keys(long_context_threshold__isnull=False) == tiers
    assert keys(batch_input_price__isnull=False, batch_output_price__isnull=False) == (
        batches
    )
    assert keys(batch_input_price__isnull=False) == batches
    verified = {
        (provider, identifier): when
        for provider, identifier, when in Route.objects.filter(
            last_verified__isnull=False
        ).values_list("provider__slug", "identifier", "last_verified")
    }
    # A source's date is no check of a route when it is a placeholder (some
    # models.dev files say 1970-01-01) or over a month before the model's
    # release: those routes say "never verified".
    released = {
        (provider, identifier): release
        for provider, identifier, release in Route.objects.values_list(
            "provider__slug", "identifier", "model__release_date"
        )
    }
    slack = timedelta(days=31)
    assert verified == {
        key: when
        for key, when in checked.items()
        if when >= date(2020, 1, 1)
        and not (released.get(key) and when < released[key] - slack)
    }
    assert date(1970, 1, 1) in set(checked.values())  # the sources do say it
    # The sources hold hundreds of each; a builder that dropped them all fails.
    assert (len(tiers), len(batches), len(verified)) > (100, 100, 3000)
    assert date(2026, 8, 21) not in set(checked.values())


def test_demo_lab_routes_carry_the_tiers_and_batch_prices_the_labs_publish(demo):
    gemini = Route.objects.get(provider__slug="google", model__slug="gemini-2-5-pro")
    gpt = Route.objects.get(provider__slug="openai", model__slug="gpt-5-5")
    gpt_4o = Route.objects.get(provider__slug="openai", model__slug="gpt-4o")

    assert (
        gemini.long_context_threshold,
        gemini.long_context_input_price,
        gemini.long_context_output_price,
    ) == (200_000, Decimal("2.5"), Decimal(15))
    assert (
        gpt.long_context_threshold,
        gpt.long_context_input_price,
        gpt.long_context_output_price,
    ) == (272_000, Decimal(10), Decimal(45))
    assert (gpt_4o.batch_input_price, gpt_4o.batch_output_price) == (
        Decimal("1.25"),
        Decimal(5),
    )
    assert (gpt_4o.retirement_date, gpt_4o.retirement_source.key) == (
        date(2027, 1, 14),
        "litellm",
    )
    assert gpt_4o.model.retirement_date == date(2027, 1, 14)
    litellm = gpt_4o.reported_figures.get(field="batch_input_price")
    assert (litellm.source.key, litellm.value) == ("litellm", "1.25")


def test_demo_published_models_keep_max_output_within_the_context_window(demo):
    published = LanguageModel.objects.published()

    assert not published.filter(max_output_tokens__gte=F("context_window")).exists()
    llama = published.get(slug="llama-3-1-70b-instruct")
    assert (llama.context_window, llama.max_output_tokens) == (128_000, None)
    dropped = llama.reported_figures.get(field="max_output_tokens")
    assert (dropped.value, dropped.source.key) == ("131072", "litellm")


def test_demo_names_are_spelt_as_their_owners_write_them(demo):
    names = set(Organization.objects.values_list("name", flat=True))

    assert {"inclusionAI", "Liquid AI"} <= names
    assert not [n for n in names if re.search(r"\bAi\b", n)]
    assert Provider.objects.get(slug="friendliai").name == "FriendliAI"


def test_demo_model_listed_twice_is_one_with_its_routes_and_results(demo):
    model = LanguageModel.objects.get(slug="qwen2-5-vl-72b-instruct")

    assert not LanguageModel.objects.filter(slug="qwen2-5-vl-72b").exists()
    assert model.routes.count() == 14
    assert BenchmarkResult.objects.filter(model=model).count() == 30
    release = model.reported_figures.get(field="release_date")
    assert (release.value, release.source.key) == ("2025-01-26", "llmstats")


def test_demo_vision_is_no_wherever_multimodal_input_is_no(demo):
    text_only = ModelCapability.objects.filter(
        capability="multimodal_input", value="no"
    ).values("model")

    visions = ModelCapability.objects.filter(
        model__in=text_only, capability="vision"
    ).values_list("value", flat=True)

    assert text_only.count() == len(visions)
    assert set(visions) == {"no"}
    assert ReportedFigure.objects.filter(model__isnull=False).count() > 100


@pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data is not here")
def test_demo_ids_are_the_ones_models_dev_and_the_weights_links_give(demo):
    # A route listed by models.dev carries its id under the provider.
    listed = Route.objects.filter(source__key="models-dev")
    for route in listed:
        provider, _, model_id = route.identifier.partition("/")
        path = RAW / f"models.dev/providers/{provider}/models/{model_id}.toml"
        assert path.exists(), route.identifier
        assert route.api_model_id == model_id
    assert listed.count() > 3000
    assert Route.objects.exclude(api_model_id="").count() >= listed.count()
    # A model's models.dev id names a lab file; its OpenRouter id is the API
    # id of one of its own OpenRouter routes; unknown ids stay empty.
    for model in LanguageModel.objects.exclude(models_dev_id=""):
        assert (RAW / f"models.dev/models/{model.models_dev_id}.toml").exists()
    for model in LanguageModel.objects.exclude(openrouter_id=""):
        assert model.routes.filter(
            provider__slug="openrouter", api_model_id=model.openrouter_id
        ).exists(), model.slug
    ids = {
        model.slug: (model.models_dev_id, model.openrouter_id, model.huggingface_id)
        for model in LanguageModel.objects.filter(
            slug__in=["gpt-4o", "llama-3-1-70b-instruct", "claude-3-5-sonnet-20240620"]
        )
    }
    assert ids == {
        "gpt-4o": ("openai/gpt-4o", "openai/gpt-4o", ""),
        "llama-3-1-70b-instruct": (
            "",
            "meta-llama/llama-3.1-70b-instruct",
            "meta-llama/Meta-Llama-3.1-70B-Instruct",
        ),
        "claude-3-5-sonnet-20240620": ("", "", ""),
    }
