from datetime import date
from decimal import Decimal

import pytest

from imports.diff import (
    CapabilityRow,
    CurrentState,
    New,
    Row,
    compute_diff,
    format_diff,
)
from imports.records import (
    Batch,
    CapabilityValue,
    ModelRecord,
    OrganizationRecord,
    ProviderRecord,
    Ref,
    RouteRecord,
    SourceRecord,
)

TODAY = date(2026, 11, 25)
IMPORT_SOURCE = SourceRecord(
    key="import-litellm",
    values={"title": "LiteLLM", "url": "https://example.com", "retrieved_on": TODAY},
)


def state(**kwargs):
    """Return a catalog with organization 1, provider 10, model 100 and route 1000."""
    route = {
        "provider": 10,
        "model": 100,
        "identifier": "gpt-4o",
        "region": "",
        "input_price": Decimal("2.5"),
        "output_price": Decimal(10),
        "source": "litellm",
        "source_url": "https://example.com/old",
        "lifecycle_status": "active",
        "last_verified": TODAY,
    }
    defaults = {
        "sources": {
            "import-litellm": Row(7, "import-litellm", dict(IMPORT_SOURCE.values))
        },
        "rows": {
            "organization": {1: Row(1, "openai", {"name": "OpenAI", "website": ""})},
            "provider": {
                10: Row(
                    10, "openai", {"name": "OpenAI", "website": "", "organization": 1}
                )
            },
            "model": {
                100: Row(
                    100,
                    "gpt-4o",
                    {
                        "name": "GPT-4o",
                        "organization": 1,
                        "context_window": None,
                        "family": "gpt",
                    },
                )
            },
            "route": {1000: Row(1000, "", route)},
        },
    }
    defaults.update(kwargs)
    return CurrentState(**defaults)


def route_record(**values):
    values = {"input_price": Decimal("2.5"), "output_price": Decimal(10), **values}
    return RouteRecord(
        external_id="gpt-4o",
        slug="",
        identifier="gpt-4o",
        values=values,
        create_refs={
            "model": Ref(external_id="gpt-4o", slug="gpt-4o"),
            "provider": Ref(external_id="openai", slug="openai"),
        },
        provenance={
            "source": "import-litellm",
            "source_url": "https://example.com/new",
        },
    )


def batch(**kwargs):
    kwargs.setdefault(
        "providers", [ProviderRecord(external_id="openai", slug="openai")]
    )
    return Batch(
        source="litellm", file_name="prices.json", import_source=IMPORT_SOURCE, **kwargs
    )


def test_matching_values_are_unchanged():
    diff = compute_diff(batch(routes=[route_record()]), state(), today=TODAY)

    assert diff.change_count == 0
    assert diff.unchanged["route"] == 1


def test_a_changed_price_is_a_change_with_its_provenance():
    diff = compute_diff(
        batch(routes=[route_record(input_price=Decimal("2.75"))]), state(), today=TODAY
    )

    (change,) = diff.changed
    fields = {f.field: (f.old_text, f.new_text) for f in change.changes}
    assert fields == {
        "input_price": ("2.5", "2.75"),
        "source": ("litellm", "import-litellm"),
        "source_url": ("https://example.com/old", "https://example.com/new"),
    }
    assert change.writes["input_price"] == Decimal("2.75")


def test_a_locked_field_is_a_disagreement_not_a_change():
    current = state(locks={("route", 1000, "input_price")})

    diff = compute_diff(
        batch(routes=[route_record(input_price=Decimal("2.75"))]), current, today=TODAY
    )

    assert diff.changed == []
    (conflict,) = diff.conflicts
    assert (conflict.target, conflict.field, conflict.current, conflict.incoming) == (
        1000,
        "input_price",
        "2.5",
        "2.75",
    )


def test_a_fill_only_record_fills_empty_fields_and_unknown_capabilities_only():
    record = ModelRecord(
        external_id="gpt-4o",
        slug="gpt-4o",
        values={"context_window": 128_000, "family": "other"},
        capabilities={
            "vision": CapabilityValue("yes", "import-litellm"),
            "reasoning": CapabilityValue("yes", "import-litellm"),
        },
        sources=("import-litellm",),
        fill_only=True,
        may_create=False,
    )
    current = state(
        capabilities={(100, "reasoning"): CapabilityRow(5, "no", "models-dev", "")}
    )

    diff = compute_diff(batch(models=[record]), current, today=TODAY)

    (change,) = diff.changed
    assert {f.field for f in change.changes} == {
        "context_window",
        "capabilities.vision",
    }
    assert change.add_sources == ("import-litellm",)


def test_an_external_id_wins_over_an_exact_slug():
    current = state(
        rows={
            **state().rows,
            "model": {
                100: Row(100, "gpt-4o", {"name": "GPT-4o", "organization": 1}),
                200: Row(
                    200,
                    "gpt-4o-2024-08-06",
                    {"name": "GPT-4o (Aug)", "organization": 1},
                ),
            },
        },
        external_ids={("model", "gpt-4o"): 200},
    )
    record = ModelRecord(external_id="gpt-4o", slug="gpt-4o", values={"name": "GPT-4o"})

    diff = compute_diff(batch(models=[record]), current, today=TODAY)

    (change,) = diff.changed
    assert change.target == 200
    assert [b for b in diff.bootstrapped if b[0] == "model"] == []


def test_a_second_record_for_the_same_row_is_an_alias_whose_values_are_ignored():
    records = [
        ProviderRecord(
            external_id="google-vertex", slug="openai", values={"website": "https://a"}
        ),
        ProviderRecord(
            external_id="google-vertex-anthropic",
            slug="openai",
            values={"website": "https://b"},
        ),
    ]

    diff = compute_diff(batch(providers=records), state(), today=TODAY)

    (change,) = diff.changed
    assert change.writes == {"website": "https://a"}
    assert {(link.external_id, link.target) for link in diff.links} == {
        ("google-vertex", 10),
        ("google-vertex-anthropic", 10),
    }


def test_a_route_to_an_unknown_model_is_skipped_with_what_to_map():
    record = route_record()
    record.external_id = record.identifier = "openrouter/x"
    record.create_refs["model"] = Ref(external_id="openrouter/x", slug="x")

    diff = compute_diff(batch(routes=[record]), state(), today=TODAY)

    (skip,) = diff.skipped
    assert skip.label == "route openrouter/x (model openrouter/x)"
    assert "Imports > External ids" in skip.reason
    assert diff.created == []


def test_a_new_provider_is_added_only_when_a_route_needs_it():
    providers = [
        ProviderRecord(external_id="openai", slug="openai"),
        ProviderRecord(
            external_id="azure", slug="azure", create_values={"name": "Azure"}
        ),
        ProviderRecord(
            external_id="unused", slug="unused", create_values={"name": "Unused"}
        ),
    ]
    route = route_record()
    route.external_id = route.identifier = "azure/gpt-4o"
    route.create_refs["provider"] = Ref(external_id="azure")

    diff = compute_diff(
        batch(providers=providers, routes=[route]), state(), today=TODAY
    )

    assert [c.label for c in diff.created] == ["provider azure", "route azure/gpt-4o"]
    created_route = diff.created[1]
    assert isinstance(created_route.writes["provider"], New)
    assert created_route.writes["model"] == 100
    assert [s.label for s in diff.skipped] == ["provider unused"]


def test_new_models_are_drafts_under_a_resolved_organization():
    record = ModelRecord(
        external_id="openai/o9",
        slug="o9",
        values={"name": "o9"},
        refs={"organization": Ref(external_id="openai", slug="openai")},
    )

    diff = compute_diff(batch(models=[record]), state(), today=TODAY)

    (change,) = diff.created
    assert change.writes["status"] == "draft"
    assert change.writes["organization"] == 1


def test_a_model_whose_organization_is_unknown_is_skipped():
    record = ModelRecord(
        external_id="lab/m",
        slug="m",
        values={"name": "M"},
        refs={"organization": Ref(external_id="lab", slug="lab")},
    )

    diff = compute_diff(batch(models=[record]), state(), today=TODAY)

    assert diff.created == []
    assert diff.skipped[0].reason == "organization lab is not in the catalog"


def test_a_new_organization_is_created_with_a_unique_name():
    organizations = [
        OrganizationRecord(
            external_id="openai-2", slug="openai-2", create_values={"name": "OpenAI"}
        )
    ]
    model = ModelRecord(
        external_id="m",
        slug="m",
        values={"name": "M"},
        refs={"organization": Ref(external_id="openai-2")},
    )

    diff = compute_diff(
        batch(organizations=organizations, models=[model]), state(), today=TODAY
    )

    assert diff.created[0].writes["name"] == "OpenAI (openai-2)"


@pytest.mark.parametrize(
    ("verified", "reverified"), [(TODAY, 0), (date(2026, 1, 1), 1)]
)
def test_unchanged_routes_are_reverified_without_counting_as_changes(
    verified, reverified
):
    current = state()
    current.rows["route"][1000].values["last_verified"] = verified

    diff = compute_diff(batch(routes=[route_record()]), current, today=TODAY)

    assert diff.change_count == 0
    assert len(diff.reverify) == reverified


def test_the_source_dating_an_import_is_bookkeeping_not_a_change():
    current = state()
    current.sources["import-litellm"].values["retrieved_on"] = date(2026, 1, 1)

    diff = compute_diff(batch(), current, today=TODAY)

    assert diff.change_count == 0
    assert diff.touch_source == "import-litellm"


def test_the_fingerprint_is_stable_and_follows_the_changes():
    first = compute_diff(
        batch(routes=[route_record(input_price=Decimal(3))]), state(), today=TODAY
    )
    again = compute_diff(
        batch(routes=[route_record(input_price=Decimal(3))]), state(), today=TODAY
    )
    other = compute_diff(
        batch(routes=[route_record(input_price=Decimal(4))]), state(), today=TODAY
    )

    assert first.fingerprint() == again.fingerprint() != other.fingerprint()


def test_format_diff_shows_old_and_new_values():
    diff = compute_diff(
        batch(routes=[route_record(input_price=Decimal("2.75"))]), state(), today=TODAY
    )

    text = "\n".join(format_diff(diff))

    assert "~ route gpt-4o" in text
    assert "input_price: 2.5 -> 2.75" in text


def test_a_row_linked_to_another_id_of_the_input_is_not_taken_by_slug():
    current = state(external_ids={("model", "openai/gpt-4o"): 100})
    records = [
        ModelRecord(
            external_id="azure/gpt-4o", slug="gpt-4o", values={"name": "Azure"}
        ),
        ModelRecord(
            external_id="openai/gpt-4o", slug="gpt-4o", values={"name": "GPT-4o"}
        ),
    ]
    for record in records:
        record.refs["organization"] = Ref(slug="openai")

    diff = compute_diff(batch(models=records), current, today=TODAY)

    assert diff.change_count == 0  # openai/gpt-4o keeps its row and its values
    (skip,) = diff.skipped
    assert skip.label == "model azure/gpt-4o (gpt-4o)"
    assert "map this id in Imports > External ids" in skip.reason
