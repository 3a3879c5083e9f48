import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from imports import parsers
from imports.parsers.base import (
    ImportFormatError,
    Upload,
    per_token_to_per_mtok,
    round_prices,
)
from imports.parsers.genai_prices import prices_in_force
from imports.records import Batch, RouteRecord

from .conftest import FIXTURES, TODAY


def parse(format_name, path, today=TODAY):
    return parsers.parse(format_name, parsers.read_path(path), today=today)


def by_id(records):
    return {record.external_id: record for record in records}


@pytest.mark.parametrize(
    ("per_token", "per_mtok"),
    [
        (3.5e-08, "0.035"),
        (Decimal("3.5e-08"), "0.035"),
        (2.5e-06, "2.5"),
        (1e-05, "10"),
        (1.25e-07, "0.125"),
        (0.0, "0"),
        (7, "7000000"),
        (None, None),
    ],
)
def test_per_token_to_per_mtok_is_exact(per_token, per_mtok):
    result = per_token_to_per_mtok(per_token)
    if per_mtok is None:
        assert result is None
    else:
        assert result == Decimal(per_mtok)
        assert str(result) == per_mtok


def test_litellm_prices_are_per_1m_tokens_with_long_context_tiers():
    batch = parse("litellm", FIXTURES / "litellm.json")
    routes = by_id(batch.routes)

    flash = routes["gemini/gemini-2.5-flash-lite"].values
    assert flash["input_price"] == Decimal("0.035")
    assert str(flash["input_price"]) == "0.035"
    assert flash["output_price"] == Decimal("0.14")
    assert flash["long_context_threshold"] == 200_000
    assert flash["long_context_input_price"] == Decimal("0.07")
    assert flash["long_context_output_price"] == Decimal("0.28")

    gpt = routes["gpt-4o"].values
    assert (gpt["input_price"], gpt["output_price"]) == (Decimal("2.5"), Decimal(10))
    assert gpt["cache_read_price"] == Decimal("1.25")
    assert (gpt["batch_input_price"], gpt["batch_output_price"]) == (
        Decimal("1.25"),
        Decimal(5),
    )
    assert gpt["long_context_threshold"] is None


def test_litellm_tiered_pricing_maps_first_range_to_base_and_second_to_long_context():
    qwen = by_id(parse("litellm", FIXTURES / "litellm.json").routes)[
        "dashscope/qwen-flash"
    ]

    assert qwen.values["input_price"] == Decimal("0.05")
    assert qwen.values["output_price"] == Decimal("0.4")
    assert qwen.values["long_context_threshold"] == 256_000
    assert qwen.values["long_context_input_price"] == Decimal("0.25")
    assert qwen.values["long_context_output_price"] == Decimal(2)


@pytest.mark.parametrize(
    ("key", "lifecycle"),
    [
        ("gpt-4o", "active"),
        ("gemini/gemini-2.5-flash-lite", "deprecated"),  # shuts down 2027-06-01
        ("openrouter/openai/gpt-4o", "retired"),  # shut down 2025-01-31
    ],
)
def test_litellm_lifecycle_comes_from_deprecation_date(key, lifecycle):
    routes = by_id(parse("litellm", FIXTURES / "litellm.json").routes)

    assert routes[key].values["lifecycle_status"] == lifecycle


def test_litellm_skips_entries_that_are_not_text_models():
    batch = parse("litellm", FIXTURES / "litellm.json")

    assert "text-embedding-3-small" not in by_id(batch.routes)
    assert "sample_spec" not in by_id(batch.routes)
    assert any(
        skip.label == "entry text-embedding-3-small" and "embedding" in skip.reason
        for skip in batch.skipped
    )


def test_litellm_lab_entries_describe_models_but_never_create_them():
    models = by_id(parse("litellm", FIXTURES / "litellm.json").models)

    gpt = models["gpt-4o"]
    assert gpt.fill_only and not gpt.may_create
    assert gpt.values == {
        "context_window": 128_000,
        "max_output_tokens": 16_384,
    }
    assert gpt.capabilities["vision"].value == "yes"
    assert gpt.capabilities["structured_outputs"].value == "yes"
    assert "openrouter/openai/gpt-4o" not in models  # a reseller's entry


def test_genai_prices_first_tier_is_base_and_threshold_tier_is_long_context():
    routes = by_id(parse("genai-prices", FIXTURES / "genai_prices.yml").routes)

    sonnet = routes["anthropic/claude-sonnet-4-5"].values
    assert sonnet["input_price"] == Decimal(3)
    assert sonnet["output_price"] == Decimal(15)
    assert sonnet["cache_read_price"] == Decimal("0.3")
    assert sonnet["cache_write_price"] == Decimal("3.75")
    assert sonnet["long_context_threshold"] == 200_000
    assert sonnet["long_context_input_price"] == Decimal(6)
    assert sonnet["long_context_output_price"] == Decimal("22.5")


@pytest.mark.parametrize(
    ("model", "today", "expected"),
    [
        # The long-context surcharge ends on 2026-03-13.
        ("claude-opus-4-6", date(2026, 3, 12), ("5", "25", 200_000)),
        ("claude-opus-4-6", date(2026, 3, 13), ("5", "25", None)),
        # Introductory pricing until 2026-08-31.
        ("claude-sonnet-5", date(2026, 8, 31), ("2", "10", None)),
        ("claude-sonnet-5", date(2026, 9, 1), ("3", "15", None)),
        ("claude-sonnet-5", TODAY, ("3", "15", None)),
    ],
)
def test_genai_prices_takes_the_price_in_force_on_the_day(model, today, expected):
    routes = by_id(parse("genai-prices", FIXTURES / "genai_prices.yml", today).routes)

    values = routes[f"anthropic/{model}"].values
    assert (
        values["input_price"],
        values["output_price"],
        values["long_context_threshold"],
    ) == (Decimal(expected[0]), Decimal(expected[1]), expected[2])


def test_genai_prices_leaves_out_time_of_day_prices():
    prices = [
        {"prices": {"input_mtok": 1}},
        {
            "constraint": {"start_time": "00:30:00Z", "end_time": "16:30:00Z"},
            "prices": {"input_mtok": 0.5},
        },
        {
            "constraint": {
                "start_date": date(2026, 1, 1),
                "end_date": date(2026, 2, 1),
            },
            "prices": {"input_mtok": 2},
        },
    ]

    assert prices_in_force(prices, date(2026, 1, 15)) == {"input_mtok": 2}
    assert prices_in_force(prices, date(2026, 2, 1)) == {"input_mtok": 1}


def test_genai_prices_data_json_and_provider_yaml_agree():
    from_yaml = by_id(parse("genai-prices", FIXTURES / "genai_prices.yml").routes)
    from_json = by_id(parse("genai-prices", FIXTURES / "genai_prices_data.json").routes)

    assert set(from_json) == set(from_yaml) | {"openrouter/openai/gpt-4o"}
    for key, route in from_yaml.items():
        assert from_json[key].values == route.values


def test_genai_prices_marks_deprecated_models():
    routes = by_id(parse("genai-prices", FIXTURES / "genai_prices.yml").routes)

    assert routes["anthropic/claude-2"].values["lifecycle_status"] == "deprecated"


def test_models_dev_tree_reads_labs_providers_and_routes():
    batch = parse("models.dev", FIXTURES / "models_dev")

    assert sorted(by_id(batch.organizations)) == ["anthropic", "openai"]
    assert sorted(by_id(batch.providers)) == [
        "amazon-bedrock",
        "anthropic",
        "openai",
        "openrouter",
    ]
    models = by_id(batch.models)
    # The lab files, and gpt-4o-mini from OpenAI's own API (no lab file).
    assert sorted(models) == [
        "anthropic/claude-sonnet-4-5",
        "openai/gpt-4o",
        "openai/gpt-4o-mini",
    ]
    sonnet = models["anthropic/claude-sonnet-4-5"]
    assert sonnet.values["release_date"] == date(2025, 9, 1)
    assert sonnet.values["release_date_precision"] == "month"
    assert sonnet.values["knowledge_cutoff"] == "2025-07"
    assert sonnet.capabilities["reasoning"].value == "yes"
    assert "structured_outputs" not in sonnet.capabilities  # not stated: unknown

    routes = by_id(batch.routes)
    bedrock = routes["amazon-bedrock/anthropic.claude-sonnet-4-5-v1"]
    assert bedrock.create_refs["model"].external_id == "anthropic/claude-sonnet-4-5"
    assert bedrock.values["lifecycle_status"] == "deprecated"
    # The id under the provider is what its API takes; the key stays the dataset's.
    assert bedrock.values["api_model_id"] == "anthropic.claude-sonnet-4-5-v1"
    assert bedrock.identifier == "amazon-bedrock/anthropic.claude-sonnet-4-5-v1"
    assert sonnet.values["models_dev_id"] == "anthropic/claude-sonnet-4-5"
    # OpenRouter's route names GPT-4o (base_model): its id there.
    assert models["openai/gpt-4o"].values["openrouter_id"] == "openai/gpt-4o"
    assert "openrouter_id" not in sonnet.values  # no OpenRouter route: unknown
    assert "huggingface_id" not in sonnet.values  # no [[weights]]: unknown
    tiered = routes["anthropic/claude-sonnet-4-5"].values
    assert tiered["long_context_threshold"] == 200_000
    assert tiered["long_context_input_price"] == Decimal(6)
    assert tiered["long_context_output_price"] == Decimal("22.5")


def test_models_dev_api_json_describes_the_same_catalog_as_the_tree():
    tree = parse("models.dev", FIXTURES / "models_dev")
    api = parse("models.dev", FIXTURES / "models_dev_api.json")

    assert by_id(api.providers).keys() == by_id(tree.providers).keys()
    tree_models, api_models = by_id(tree.models), by_id(api.models)
    assert api_models.keys() == tree_models.keys()
    for key, model in tree_models.items():
        assert api_models[key].values == model.values
        assert api_models[key].capabilities == model.capabilities
    tree_routes, api_routes = by_id(tree.routes), by_id(api.routes)
    assert api_routes.keys() == tree_routes.keys()
    for key, route in tree_routes.items():
        assert api_routes[key].values == route.values


def test_models_dev_zip_is_read_as_a_tree():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (FIXTURES / "models_dev").rglob("*.toml"):
            name = (
                "models.dev-main/"
                + path.relative_to(FIXTURES / "models_dev").as_posix()
            )
            archive.write(path, name)
    upload = parsers.read_upload("models.dev.zip", buffer.getvalue())

    batch = parsers.parse("models.dev", upload, today=TODAY)

    assert upload.is_tree
    assert len(batch.routes) == 6


def test_a_zip_with_an_unsafe_path_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.toml", "name = 'x'")

    with pytest.raises(ImportFormatError, match="unsafe path"):
        parsers.read_upload("evil.zip", buffer.getvalue())


def single(name, text):
    return Upload(name=name, files={name: text.encode()})


@pytest.mark.parametrize(
    ("format_name", "upload", "message"),
    [
        (
            "litellm",
            single("prices.json", '{"gpt-4o": {"mode": "chat",'),
            "prices.json: malformed JSON",
        ),
        (
            "genai-prices",
            single("anthropic.yml", "models: [\n  - id: x\n  prices: {"),
            "anthropic.yml: malformed YAML",
        ),
        (
            "models.dev",
            Upload(
                name="tree",
                files={
                    "providers/p/provider.toml": b'name = "P"',
                    "providers/p/models/m.toml": b"name = \n",
                },
                is_tree=True,
            ),
            "tree/providers/p/models/m.toml: malformed TOML",
        ),
        (
            "genai-prices",
            single("prices.json", (FIXTURES / "litellm.json").read_text()),
            "use --format litellm",
        ),
        (
            "litellm",
            single("api.json", (FIXTURES / "models_dev_api.json").read_text()),
            "use --format models.dev",
        ),
        (
            "models.dev",
            single("data.json", (FIXTURES / "genai_prices_data.json").read_text()),
            "use --format genai-prices",
        ),
        (
            "litellm",
            single(
                "prices.json",
                json.dumps(
                    {
                        "x": {
                            "mode": "chat",
                            "input_cost_per_token": 1e-6,
                            "litellm_provider": "",
                        }
                    }
                ),
            ),
            "prices.json: entry 'x': litellm_provider is required",
        ),
        (
            "genai-prices",
            single("p.yml", "id: p\nname: P\nmodels:\n  - id: m\n    name: M\n"),
            "p.yml: provider 'p' model 'm': prices is required",
        ),
        (
            "models.dev",
            Upload(
                name="tree",
                files={"providers/p/provider.toml": b'doc = "https://example.com"'},
                is_tree=True,
            ),
            "tree/providers/p/provider.toml: name is required",
        ),
        (
            "models.dev",
            Upload(
                name="tree",
                files={
                    "providers/p/provider.toml": b'name = "P"',
                    "providers/p/models/m.toml": b"[cost]\ninput = 1\n",
                },
                is_tree=True,
            ),
            "tree/providers/p/models/m.toml: [cost] output is required",
        ),
        (
            "litellm",
            Upload(name="tree", files={"a.json": b"{}"}, is_tree=True),
            "one JSON file, not a folder",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_file_and_record(format_name, upload, message):
    with pytest.raises(ImportFormatError) as error:
        parsers.parse(format_name, upload, today=TODAY)

    assert message in str(error.value)


def test_round_prices_fits_float_artefacts_to_six_places_and_says_so():
    route = RouteRecord(
        external_id="r", slug="", values={"input_price": Decimal("2.9999900000000002")}
    )
    batch = Batch(source="litellm", file_name="f", import_source=None, routes=[route])

    round_prices(batch)

    assert route.values["input_price"] == Decimal("2.99999")
    assert "Rounded 1 price" in batch.notes[0]


def test_round_prices_refuses_a_price_that_is_not_zero_but_rounds_to_zero():
    route = RouteRecord(
        external_id="r",
        slug="",
        origin="prices.json: entry 'r'",
        values={"input_price": Decimal("0.0000001"), "output_price": Decimal("0")},
    )
    batch = Batch(source="litellm", file_name="f", import_source=None, routes=[route])

    with pytest.raises(ImportFormatError) as error:
        round_prices(batch)

    assert str(error.value) == (
        "prices.json: entry 'r': input_price of 1E-7 $ per 1M tokens is not zero "
        "but rounds to $0 at 6 decimal places, which would make it free"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e999999", "'1e999999' is too large to be a price or a count"),
        (Decimal("-1e101"), "-1E+101 is too large to be a price or a count"),
        ("1e-400", "'1e-400' is not zero but too small to be a price"),
        ([[1] * 1000] * 1000, "expected a number, got [[1, 1, 1, 1, ...], "),
    ],
)
def test_exact_refuses_numbers_out_of_range_with_a_short_message(value, message):
    with pytest.raises(ValueError) as error:
        per_token_to_per_mtok(value)

    assert str(error.value).startswith(message)
    assert len(str(error.value)) < 120
