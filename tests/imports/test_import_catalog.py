import json
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from catalog.models import (
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    PublicationStatus,
    Route,
    Source,
)
from changes.models import PendingChange
from imports import apply
from imports.models import ExternalId, FieldLock, ImportRun
from imports.services import lock_field
from tests.factories import make_model, make_organization, make_provider

from .conftest import FIXTURES, import_catalog

pytestmark = pytest.mark.django_db

TABLES = [
    Source,
    Organization,
    Provider,
    LanguageModel,
    ModelCapability,
    Route,
    ExternalId,
    FieldLock,
    ImportRun,
    PendingChange,
]


def row_counts():
    counts = {model.__name__: model.objects.count() for model in TABLES}
    counts["history"] = sum(
        model.history.count()
        for model in (
            Source,
            Organization,
            Provider,
            LanguageModel,
            ModelCapability,
            Route,
        )
    )
    return counts


def test_dry_run_prints_the_diff_and_writes_nothing():
    before = row_counts()

    out = import_catalog("models.dev", FIXTURES / "models_dev", "--dry-run")

    assert row_counts() == before
    assert "+ model openai/gpt-4o (gpt-4o)" in out
    assert "+ route openai/gpt-4o" in out
    assert "route openrouter/mystery/model-x (model openrouter/mystery/model-x)" in out
    assert "Nothing was written." in out


def test_dry_run_shows_old_and_new_values_of_a_change():
    import_catalog("models.dev", FIXTURES / "models_dev")
    Route.objects.filter(identifier="openai/gpt-4o").update(input_price=Decimal(3))

    out = import_catalog("models.dev", FIXTURES / "models_dev", "--dry-run")

    assert "~ route openai/gpt-4o" in out
    assert "input_price: 3 -> 2.5" in out
    assert Route.objects.get(identifier="openai/gpt-4o").input_price == 3


def test_import_creates_the_catalog_with_new_models_as_drafts():
    out = import_catalog("models.dev", FIXTURES / "models_dev")

    assert set(Organization.objects.values_list("slug", flat=True)) == {
        "openai",
        "anthropic",
    }
    assert set(LanguageModel.objects.values_list("slug", "status")) == {
        ("gpt-4o", PublicationStatus.DRAFT),
        ("gpt-4o-mini", PublicationStatus.DRAFT),
        ("claude-sonnet-4-5", PublicationStatus.DRAFT),
    }
    route = Route.objects.get(identifier="anthropic/claude-sonnet-4-5")
    assert route.model.slug == "claude-sonnet-4-5"
    assert (route.input_price, route.output_price) == (3, 15)
    assert route.long_context_threshold == 200_000
    assert route.long_context_input_price == Decimal(6)
    assert route.source.key == "import-models-dev"
    assert route.last_verified.isoformat() == "2026-11-25"
    bedrock = Route.objects.get(
        identifier="amazon-bedrock/anthropic.claude-sonnet-4-5-v1"
    )
    assert bedrock.lifecycle_status == "deprecated"
    assert bedrock.model == route.model
    gpt = LanguageModel.objects.get(slug="gpt-4o")
    assert gpt.capabilities.get(capability="vision").value == "yes"
    assert gpt.capabilities.get(capability="vision").source.key == "import-models-dev"
    assert list(gpt.sources.values_list("key", flat=True)) == ["import-models-dev"]
    assert Provider.objects.get(slug="openai").kind == "first_party"
    assert Provider.objects.get(slug="openrouter").kind == "router"
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.APPLIED
    assert run.total("created") == 15
    assert "import run" in out


def test_a_second_run_changes_nothing():
    import_catalog("models.dev", FIXTURES / "models_dev")
    before = row_counts()

    out = import_catalog("models.dev", FIXTURES / "models_dev")

    after = row_counts()
    assert after.pop("ImportRun") == before.pop("ImportRun") + 1
    assert after == before
    run = ImportRun.objects.latest("pk")
    assert run.total("created") == run.total("changed") == 0
    assert "0 created, 0 changed" in out


def test_tree_and_api_json_imports_agree():
    import_catalog("models.dev", FIXTURES / "models_dev")
    before = row_counts()

    out = import_catalog("models.dev", FIXTURES / "models_dev_api.json")

    assert "0 created, 0 changed" in out
    after = row_counts()
    after.pop("ImportRun")
    before.pop("ImportRun")
    assert after == before


def test_api_json_alone_imports_the_catalog_and_lists_what_it_cannot_link():
    out = import_catalog("models.dev", FIXTURES / "models_dev_api.json")

    assert set(LanguageModel.objects.values_list("slug", flat=True)) == {
        "gpt-4o",
        "gpt-4o-mini",
        "claude-sonnet-4-5",
    }
    # api.json has no base_model: Bedrock's id names no model until mapped.
    assert not Route.objects.filter(provider__slug="amazon-bedrock").exists()
    assert "route amazon-bedrock/anthropic.claude-sonnet-4-5-v1" in out


def test_an_editors_external_id_links_a_route_the_import_could_not_match():
    import_catalog("models.dev", FIXTURES / "models_dev_api.json")
    claude = LanguageModel.objects.get(slug="claude-sonnet-4-5")
    ExternalId.objects.create(
        source="models-dev",
        external_id="amazon-bedrock/anthropic.claude-sonnet-4-5-v1",
        content_type=ContentType.objects.get_for_model(LanguageModel),
        object_id=claude.pk,
    )

    import_catalog("models.dev", FIXTURES / "models_dev_api.json")

    route = Route.objects.get(provider__slug="amazon-bedrock")
    assert route.model == claude


def test_first_import_matches_existing_rows_by_exact_slug_and_records_their_ids():
    organization = make_organization(slug="openai", name="OpenAI Inc.")
    model = make_model(slug="gpt-4o", name="GPT 4o", organization=organization)

    out = import_catalog("models.dev", FIXTURES / "models_dev")

    model.refresh_from_db()
    assert model.name == "GPT-4o"  # models.dev's lab file is authoritative
    assert model.status == PublicationStatus.PUBLISHED  # never unpublished
    assert Organization.objects.get(slug="openai").name == "OpenAI Inc."  # editors'
    assert "= model openai/gpt-4o (gpt-4o) (exact slug)" in out
    assert (
        ExternalId.objects.get(
            source="models-dev",
            external_id="openai/gpt-4o",
            content_type=ContentType.objects.get_for_model(LanguageModel),
        ).object_id
        == model.pk
    )

    # The slug may change now: the external id still finds the model.
    LanguageModel.objects.filter(pk=model.pk).update(slug="gpt-4o-renamed")
    import_catalog("models.dev", FIXTURES / "models_dev")
    assert not LanguageModel.objects.filter(slug="gpt-4o").exists()


def test_locked_fields_survive_and_the_import_waits_for_a_publisher(django_user_model):
    editor = django_user_model.objects.create_user("editor")
    import_catalog("models.dev", FIXTURES / "models_dev")
    route = Route.objects.get(identifier="openai/gpt-4o")
    route.input_price = Decimal("2.4")
    route.save()
    lock_field(route, "input_price", editor, note="Checked on the pricing page")
    gpt = LanguageModel.objects.get(slug="gpt-4o")
    vision = gpt.capabilities.get(capability="vision")
    vision.value = "no"
    vision.save()
    lock_field(vision, "value", editor)

    out = import_catalog("models.dev", FIXTURES / "models_dev")

    route.refresh_from_db()
    vision.refresh_from_db()
    assert route.input_price == Decimal("2.4")
    assert vision.value == "no"
    assert "keeps 2.4, the source says 2.5" in out
    held = {
        (c.content_type.model, c.object_id, field, values["new"])
        for c in PendingChange.objects.pending()
        for field, values in c.changes.items()
    }
    assert held == {
        ("route", route.pk, "input_price", "2.5"),
        ("modelcapability", vision.pk, "value", "yes"),
    }
    assert {c.kind for c in PendingChange.objects.all()} == {"import"}

    import_catalog("models.dev", FIXTURES / "models_dev")

    assert PendingChange.objects.pending().count() == 2  # not queued twice


def test_a_price_change_arrives_as_a_history_entry_with_the_import_as_source(
    models_dev_tree,
):
    import_catalog("models.dev", models_dev_tree)
    route_file = models_dev_tree / "providers" / "openai" / "models" / "gpt-4o.toml"
    route_file.write_text(
        route_file.read_text().replace("input = 2.50", "input = 2.75")
    )

    import_catalog("models.dev", models_dev_tree)

    route = Route.objects.get(identifier="openai/gpt-4o")
    assert route.input_price == Decimal("2.75")
    assert route.source.key == "import-models-dev"
    latest, previous = route.history.order_by("-history_id")[:2]
    assert latest.history_type == "~"
    assert latest.history_change_reason == "import: models.dev models_dev"
    assert (previous.input_price, latest.input_price) == (
        Decimal("2.5"),
        Decimal("2.75"),
    )
    assert route.version == 2  # an editor's page opened before the import is stale


def test_litellm_import_stores_exact_per_million_prices():
    google = make_organization(slug="google", name="Google")
    make_provider(
        slug="google", name="Google AI Studio", kind="first_party", organization=google
    )
    flash = make_model(
        slug="gemini-2-5-flash-lite", organization=google, context_window=None
    )

    import_catalog("litellm", FIXTURES / "litellm.json")

    route = Route.objects.get(identifier="gemini/gemini-2.5-flash-lite")
    assert route.model == flash
    assert route.input_price == Decimal("0.035")
    assert route.output_price == Decimal("0.14")
    assert route.long_context_threshold == 200_000
    assert route.long_context_input_price == Decimal("0.07")
    assert route.lifecycle_status == "deprecated"
    assert route.source.key == "import-litellm"
    flash.refresh_from_db()
    assert flash.context_window == 1_048_576  # filled: it was unknown
    assert flash.capabilities.get(capability="reasoning").value == "yes"


def test_litellm_fills_but_never_overwrites_what_the_catalog_knows():
    openai = make_organization(slug="openai", name="OpenAI")
    make_provider(slug="openai", name="OpenAI", organization=openai)
    gpt = make_model(slug="gpt-4o", organization=openai, context_window=100_000)

    import_catalog("litellm", FIXTURES / "litellm.json")

    gpt.refresh_from_db()
    assert gpt.context_window == 100_000
    assert gpt.max_output_tokens == 16_384
    assert LanguageModel.objects.count() == 1  # a price list adds no models


def test_litellm_prices_the_route_models_dev_created_rather_than_a_twin():
    import_catalog("models.dev", FIXTURES / "models_dev")

    import_catalog("litellm", FIXTURES / "litellm.json")

    route = Route.objects.get(provider__slug="openai", model__slug="gpt-4o")
    assert route.identifier == "openai/gpt-4o"
    assert route.batch_input_price == Decimal("1.25")
    assert route.source.key == "import-litellm"


def test_genai_prices_import_applies_tiers_and_the_price_in_force():
    anthropic = make_organization(slug="anthropic", name="Anthropic")
    make_provider(slug="anthropic", name="Anthropic", organization=anthropic)
    for slug in ("claude-sonnet-4-5", "claude-opus-4-6", "claude-sonnet-5"):
        make_model(slug=slug, organization=anthropic)

    import_catalog("genai-prices", FIXTURES / "genai_prices.yml")

    prices = {
        r.model.slug: (
            r.input_price,
            r.output_price,
            r.long_context_threshold,
            r.long_context_input_price,
        )
        for r in Route.objects.select_related("model")
    }
    assert prices == {
        "claude-sonnet-4-5": (3, 15, 200_000, 6),
        "claude-opus-4-6": (5, 25, None, None),  # surcharge removed 2026-03-13
        "claude-sonnet-5": (3, 15, None, None),  # standard price from 2026-09-01
    }


def test_catalog_file_imports_with_its_own_sources_and_new_models_as_drafts():
    out = import_catalog("catalog", FIXTURES / "catalog.json")

    gpt = LanguageModel.objects.get(slug="gpt-4o")
    assert gpt.status == PublicationStatus.DRAFT
    assert gpt.capabilities.get(capability="vision").source.key == "models-dev"
    route = Route.objects.get()
    assert route.source.key == "models-dev"
    assert route.cache_read_price == Decimal("1.25")
    assert route.last_verified.isoformat() == "2026-07-02"  # the file's, not today
    assert Provider.objects.get().name == "OpenAI API"
    assert "1 results" in out and "load_catalog" in out
    assert not Source.objects.filter(key__startswith="import-").exists()


@pytest.mark.parametrize(
    ("format_name", "name", "content", "message"),
    [
        ("litellm", "prices.json", '{"gpt-4o": {', "prices.json: malformed JSON"),
        (
            "genai-prices",
            "prices.json",
            (FIXTURES / "litellm.json").read_text(),
            "not genai-prices data",
        ),
        (
            "litellm",
            "prices.json",
            json.dumps(
                {
                    "gpt-4o": {
                        "litellm_provider": "openai",
                        "mode": "chat",
                        "input_cost_per_token": -1e-06,
                        "output_cost_per_token": 1e-05,
                    }
                }
            ),
            "route gpt-4o: input_price must not be negative",
        ),
        (
            "litellm",
            "prices.json",
            # A per-1M price pasted as per-token: 150,000 $ per 1M.
            json.dumps(
                {
                    "gpt-4o": {
                        "litellm_provider": "openai",
                        "mode": "chat",
                        "input_cost_per_token": 0.15,
                        "output_cost_per_token": 1e-05,
                    }
                }
            ),
            "route gpt-4o: input_price of 150000 $ per 1M tokens is above the 100000 limit",
        ),
        (
            "catalog",
            "catalog.json",
            (FIXTURES / "catalog.json")
            .read_text()
            .replace('"input_price": "2.5"', '"input_price": "-2.5"'),
            'catalog.json: routes[0] (provider "openai", identifier "gpt-4o", region ""): input_price must not be negative',
        ),
        (
            "genai-prices",
            "anthropic.yml",
            "id: anthropic\nname: Anthropic\nmodels:\n  - id: claude\n    prices: {input_mtok: [1]}\n",
            "model 'claude': input_mtok: expected a number",
        ),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_is_written(
    tmp_path, format_name, name, content, message
):
    import_catalog("models.dev", FIXTURES / "models_dev")
    before = row_counts()
    path = tmp_path / name
    path.write_text(content)

    with pytest.raises(CommandError) as error:
        import_catalog(format_name, path)

    assert "Nothing was imported." in str(error.value)
    assert message in str(error.value)
    assert row_counts() == before


def test_a_missing_path_is_a_clear_error():
    with pytest.raises(CommandError, match="cannot read"):
        import_catalog("litellm", FIXTURES / "no-such-file.json")


def test_a_failure_mid_apply_rolls_everything_back(monkeypatch):
    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply._Applier, "write_capabilities", fail)
    before = row_counts()

    with pytest.raises(RuntimeError, match="disk full"):
        import_catalog("models.dev", FIXTURES / "models_dev")

    assert row_counts() == before


@pytest.mark.parametrize(("flags", "shown"), [((), True), (("--no-progress",), False)])
def test_progress_bar_goes_to_a_terminals_stderr_unless_turned_off(
    monkeypatch, capsys, flags, shown
):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)

    call_command(
        "import_catalog",
        str(FIXTURES / "models_dev"),
        "--format=models.dev",
        "--dry-run",
        *flags,
        stdout=StringIO(),
    )

    assert ("reading TOML" in capsys.readouterr().err) is shown


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)

    call_command(
        "import_catalog",
        str(FIXTURES / "models_dev"),
        "--format=models.dev",
        "--dry-run",
        stdout=StringIO(),
    )

    assert capsys.readouterr().err == ""


def test_a_100x_price_from_an_import_is_held_for_a_publisher(models_dev_tree):
    import_catalog("models.dev", models_dev_tree)
    route_file = models_dev_tree / "providers" / "openai" / "models" / "gpt-4o.toml"
    route_file.write_text(route_file.read_text().replace("input = 2.50", "input = 250"))

    preview = import_catalog("models.dev", models_dev_tree, "--dry-run")
    assert "Held for a Publisher by a check (1):" in preview
    assert PendingChange.objects.count() == 0  # a dry run writes nothing

    import_catalog("models.dev", models_dev_tree)
    import_catalog("models.dev", models_dev_tree)  # held once, not twice

    route = Route.objects.get(identifier="openai/gpt-4o")
    assert route.input_price == Decimal("2.5")
    held = PendingChange.objects.get()
    assert (held.kind, held.object_id) == ("check", route.pk)
    assert held.changes["input_price"]["new"] == "250"
    assert "more than 3x either way" in held.reason
