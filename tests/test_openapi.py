"""The API's OpenAPI document is valid OpenAPI 3.1 (issue 21, item 1)."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_openapi_document_passes_openapi_spec_validator(client):
    document = client.get("/api/v1/openapi.json").json()

    validate(document)  # raises OpenAPIValidationError with the path

    slug = document["paths"]["/api/v1/models/{slug}"]["get"]["parameters"][0]
    assert all("value" in example for example in slug["examples"].values())
