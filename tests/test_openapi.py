"""The API's OpenAPI document is valid OpenAPI 3.1 (issue 21, item 1)."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_openapi_document_passes_openapi_spec_validator(client):
    document = client.get("/api/v1/openapi.json").json()

    validate(document)  # raises OpenAPIValidationError with the path

    slug = document["paths"]["/api/v1/models/{slug}"]["get"]["parameters"][0]
    assert all("value" in example for example in slug["examples"].values())


def _walk(node):
    """Yield every dict in a JSON document."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _references(node) -> set[str]:
    return {
        found["$ref"].rsplit("/", 1)[-1] for found in _walk(node) if "$ref" in found
    }


def test_every_operation_declares_its_304_headers_and_error_bodies(client):
    document = client.get("/api/v1/openapi.json").json()

    for path, operations in document["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            where = f"{path}: {operation['operationId']}"
            assert {"200", "304", "404", "422", "429"} <= set(responses), where
            for status in ("200", "304"):
                assert {"ETag", "Cache-Control", "RateLimit-Remaining"} <= set(
                    responses[status]["headers"]
                ), where
            assert "Retry-After" in responses["429"]["headers"], where
            for status, schema in (
                ("404", "ErrorOut"),
                ("422", "ValidationErrorOut"),
                ("429", "TooManyRequestsOut"),
            ):
                body = responses[status]["content"]["application/json"]["schema"]
                assert body == {"$ref": f"#/components/schemas/{schema}"}, where


def test_the_document_names_each_enum_once_and_keeps_no_dead_component(client):
    document = client.get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]

    tri_states = [
        node
        for node in _walk(document)
        if sorted(node.get("enum", ())) == ["no", "unknown", "yes"]
    ]
    assert tri_states == [components["TriState"]]
    for shared in ("Side", "PriceBasis", "RouteDoubt", "ModelKind", "TrafficPreset"):
        enum = components[shared]["enum"]
        assert [node for node in _walk(document) if node.get("enum") == enum] == [
            components[shared]
        ], shared
    used, pending = set(), _references(document["paths"])
    while pending:
        used |= pending
        pending = set().union(*(_references(components[n]) for n in pending)) - used
    assert set(components) == used
    assert not [name for name in components if "Type0" in name or "Api" in name]


def test_answers_mark_every_field_they_always_write_required(client):
    document = client.get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]

    optional = {
        (name, field)
        for name, schema in components.items()
        for field in schema.get("properties", {})
        if field not in schema.get("required", ())
    }
    # An error's slug and constraint, and a variant_of naming a draft, are
    # left out when there is none; every other field is always written.
    assert optional == {
        ("ErrorOut", "slug"),
        ("FieldErrorOut", "ctx"),
        ("ModelRecord", "variant_of"),
    }
    export = components["CatalogDocumentOut"]["properties"]
    for section in ("sources", "providers", "models", "routes", "results"):
        assert "$ref" in export[section]["items"], section
