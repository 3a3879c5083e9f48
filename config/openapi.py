"""
The API's OpenAPI document as clients read it: ``SiteAPI`` is the NinjaAPI
whose document passes openapi-spec-validator (tests/test_openapi.py) and
generates a readable client with openapi-python-client
(tests/test_generated_client.py): operations named by their function,
parameter examples as OpenAPI 3.1 wants them, the 304 and the caching and
rate-limit headers that the decorators config/api.py adds to every
operation declared, and no component left that nothing refers to.
"""

from ninja import NinjaAPI

# The IETF draft's names: requests allowed a window, left in it, and the
# seconds until the window frees one.
RATE_LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


def _examples_as_a_map(parameter: dict) -> None:
    """
    Give a parameter's ``examples`` the form OpenAPI 3.1 wants there, a map
    of Example Objects; django-ninja copies the JSON Schema list up from the
    parameter's schema (where a list is right).
    """
    examples = parameter.get("examples")
    if isinstance(examples, list):
        parameter["examples"] = {
            f"example{index}": {"value": value}
            for index, value in enumerate(examples, start=1)
        }


# The headers every data operation answers with (config/api.py adds
# ``api_answer`` and the throttle to all of them), as the document states them.
_HEADER_TEXTS = {
    "ETag": "The answer's validator: send it back in If-None-Match for a 304.",
    "Last-Modified": "When the published catalog last changed: send it back in If-Modified-Since.",
    "Cache-Control": "public, with max-age: how long a cache may keep the answer.",
    "RateLimit-Limit": "Requests an address may send in the rate limit's window.",
    "RateLimit-Remaining": "Requests left in the window.",
    "RateLimit-Reset": "Seconds until the window frees a request.",
}
_VALIDATORS = ("ETag", "Last-Modified", "Cache-Control")
_RETRY_AFTER = "Seconds to wait before the next request."


def _headers(*names: str) -> dict:
    return {
        name: {
            "description": _HEADER_TEXTS.get(name, _RETRY_AFTER),
            "schema": {
                "type": "integer"
                if name.startswith(("RateLimit", "Retry"))
                else "string"
            },
        }
        for name in names
    }


def _declare_caching(operation: dict) -> None:
    """
    Declare the 304 and the validators, caching and rate-limit headers that
    the decorators added to every operation answer with.
    """
    responses = operation["responses"]
    responses[200].setdefault("headers", {}).update(
        _headers(*_VALIDATORS, *RATE_LIMIT_HEADERS)
    )
    responses[304] = {
        "description": "Not Modified: the If-None-Match (or If-Modified-Since) sent is current.",
        "headers": _headers(*_VALIDATORS, *RATE_LIMIT_HEADERS),
    }
    responses[429]["headers"] = _headers("Retry-After", *RATE_LIMIT_HEADERS)
    operation["responses"] = dict(
        sorted(responses.items(), key=lambda item: int(item[0]))
    )


def _references(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if "$ref" in node else set()
        for value in node.values():
            found |= _references(value)
        return found
    if isinstance(node, list):
        return set().union(*map(_references, node))
    return set()


def _drop_unreferenced(schema: dict) -> None:
    """
    Drop the components nothing refers to: ninja adds each query-parameter
    schema (ModelFilters, ...) whose fields it writes out as parameters.
    """
    components = schema["components"]["schemas"]
    used, todo = set(), _references(schema["paths"])
    while todo:
        name = todo.pop()
        used.add(name)
        todo |= _references(components[name]) - used
    for name in set(components) - used:
        del components[name]


class SiteAPI(NinjaAPI):
    """
    NinjaAPI whose OpenAPI document passes openapi-spec-validator and
    generates a readable client (tests/test_generated_client.py).
    """

    def get_openapi_operation_id(self, operation) -> str:
        """Name an operation by its function alone: list_models, get_model."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for parameter in operation.get("parameters", ()):
                    _examples_as_a_map(parameter)
                _declare_caching(operation)
        _drop_unreferenced(schema)
        return schema
