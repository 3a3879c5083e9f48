"""
The comparison API: the engine's whole result for a pair of published
models, and monthly costs for up to ten models at a traffic profile.

The traffic profile and priorities are read by the engine's own readers
(read_traffic_profile, read_priorities), after the query schemas below have
checked each parameter against the same rules, so that they are documented
in the OpenAPI schema. Where the page falls back to defaults and says so,
the API refuses with 422 and lists each bad parameter, in the engine's
words for an API (``engine.api_message``).

Answers are cached and validated by the site's state (``config/api.py``).
"""

import dataclasses
from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from catalog.errors import NotFound
from catalog.schemas import ERROR_RESPONSES, SLUG_PATTERN, shared_enum, slug_path
from sitecache.state import request_state

from . import engine, facts
from .schemas import ComparisonResultOut, CostEstimateOut, PriceBasis

router = Router(tags=["comparisons"])

TrafficPreset = shared_enum(
    "TrafficPreset",
    (preset.slug for preset in engine.TRAFFIC_PRESETS),
    "A typical traffic profile.",
)
# The engine's share rule, 0 to 1 with at most 6 decimals, as a pattern.
SHARE_PATTERN = r"^(0+(\.[0-9]{0,6})?|0*1(\.0{0,6})?|0*\.[0-9]{1,6})$"
MAX_COST_MODELS = 10
FirstSlug = slug_path("first model", "gpt-4-turbo")
SecondSlug = slug_path("second model", "qwen3-5-4b")
MODELS_PATTERN = (
    rf"^{SLUG_PATTERN[1:-1]}(,{SLUG_PATTERN[1:-1]}){{1,{MAX_COST_MODELS - 1}}}$"
)


def _field_error(problem: engine.ParameterProblem) -> dict:
    return {
        "type": "value_error",
        "loc": ["query", problem.parameter],
        "msg": engine.api_message(problem),
    }


class TrafficQuery(Schema):
    preset: TrafficPreset | None = Field(
        None,
        description="A typical profile to start from; the parameters below override it. Default: chat-assistant.",
    )
    requests: int | None = Field(
        None,
        ge=engine.REQUESTS_RANGE[0],
        le=engine.REQUESTS_RANGE[1],
        description="Requests per month.",
    )
    input_tokens: int | None = Field(
        None,
        ge=engine.TOKENS_RANGE[0],
        le=engine.TOKENS_RANGE[1],
        description="Input tokens per request.",
    )
    output_tokens: int | None = Field(
        None,
        ge=engine.TOKENS_RANGE[0],
        le=engine.TOKENS_RANGE[1],
        description="Output tokens per request.",
    )
    cached_share: str | None = Field(
        None,
        pattern=SHARE_PATTERN,
        description="Share of input tokens read from cache: 0 to 1, at most 6 decimals (0.25 is 25%).",
    )
    batch_share: str | None = Field(
        None,
        pattern=SHARE_PATTERN,
        description="Share of requests sent as batch: 0 to 1, at most 6 decimals.",
    )
    include_free: bool | None = Field(
        None,
        description="Whether free tiers (rate-limited) may count as the cheapest route. Default: false.",
    )
    include_untrusted: bool | None = Field(
        None,
        description="Whether routes left out for trust (deprecated, subscription or coding plans, priced under a third of list) may count as the cheapest route. Default: false.",
    )
    price_basis: PriceBasis | None = Field(
        None,
        description="What the verdict's cost dimension compares: list (each model's list price, the default) or cheapest (its cheapest trusted route).",
    )


class ComparisonQuery(TrafficQuery):
    priority: list[str] = Field(
        [],
        description="A dimension that matters most to you, weighted three times; repeatable, or comma-separated.",
        json_schema_extra={
            "items": {"type": "string", "enum": list(engine.PRIORITY_KEYS)}
        },
    )

    @field_validator("priority")
    @classmethod
    def parse_priorities(cls, values: list[str]) -> list[str]:
        """Return the priorities as the engine reads them, refusing unknown ones."""
        priorities, problems = engine.read_priorities(values)
        if problems:
            raise PydanticCustomError("value_error", engine.api_message(problems[0]))
        # The page reads "Cost" and "" leniently; the API asks for the keys.
        if any(part not in priorities for value in values for part in value.split(",")):
            raise PydanticCustomError(
                "value_error",
                f"Write each priority as one of {', '.join(engine.PRIORITY_KEYS)}.",
            )
        return list(priorities)


class CostQuery(TrafficQuery):
    models: str = Field(
        description=f"2 to {MAX_COST_MODELS} model slugs, comma-separated.",
        pattern=MODELS_PATTERN,
        # Ten slugs of at most 100 characters each, and their commas.
        max_length=MAX_COST_MODELS * 101 - 1,
        examples=["gpt-4-turbo,qwen3-5-4b"],
    )


def parse_profile(query: TrafficQuery) -> tuple[engine.TrafficProfile, list[dict]]:
    """
    Return the traffic profile the query asks for, read by the engine, and an
    error for each parameter the engine refuses.
    """
    # The engine reads GET-style strings; give it the validated values, so
    # that "10.0", a valid JSON Schema integer, reaches it as "10".
    params = {
        name: ("on" if value else "off") if isinstance(value, bool) else str(value)
        for name, value in query.model_dump(
            include=set(engine.PROFILE_PARAMETERS), exclude_none=True
        ).items()
    }
    profile, problems = engine.read_traffic_profile(params)
    return profile, [_field_error(problem) for problem in problems]


@router.get(
    "/comparisons/{a}/{b}",
    response={200: ComparisonResultOut, **ERROR_RESPONSES},
    summary="Compare two published models",
    operation_id="compare_models",
)
def get_comparison(
    request: HttpRequest, a: FirstSlug, b: SecondSlug, query: Query[ComparisonQuery]
):
    """
    Return the comparison page's whole result for two published models: the
    verdict and its dimensions, scorecard, tradeoffs, monthly costs per model
    and route at the traffic profile, switch friction, specs, pricing,
    capabilities, benchmarks, deep dive, FAQ, related pairs, review and sources.
    The models may be named in either order: the answer is the canonical
    (alphabetical) pair's, and says whether the request reversed it. Two
    models of different kinds (a speech model and a language model) are not
    compared: 404, with the reason in ``detail``.
    """
    profile, errors = parse_profile(query)
    if errors:
        raise ValidationError(errors)
    if a == b:
        raise NotFound("Compare two different models.", code="same_model", slug=a)
    first, second = engine.canonical_pair(a, b)
    state = request_state(request)
    try:
        computed = facts.compute_pair(
            first,
            second,
            profile=profile,
            priorities=tuple(query.priority),
            today=state.day,
            state=state,
        )
    except facts.KindsDiffer as refused:
        raise NotFound(str(refused), code="kinds_differ") from None
    if computed is None:
        raise NotFound(
            f"'{first}' and '{second}' are not both published models.",
            code="model_not_found",
        )
    return {
        "requested": {"a": a, "b": b},
        "canonical": {
            "a": first,
            "b": second,
            "url": reverse("api:get_comparison", kwargs={"a": first, "b": second}),
            "page_url": reverse(
                "comparisons:detail", kwargs={"pair": computed.comparison.path_slug}
            ),
            "requested_order_reversed": (a, b) != (first, second),
        },
        "facts": computed.comparison,
        "display": computed.comparison,
    }


def _cost_order(cost) -> tuple[bool, Decimal]:
    """Return a sort key putting the cheapest first and unavailable costs last."""
    return (cost.monthly_cost is None, cost.monthly_cost or Decimal(0))


@router.get(
    "/cost",
    response={200: CostEstimateOut, **ERROR_RESPONSES},
    summary="Estimate monthly costs",
)
def estimate_cost(request: HttpRequest, query: Query[CostQuery]):
    """
    Return every route's monthly cost for each of 2 to 10 published models at
    the traffic profile, cheapest model first and each model's routes
    cheapest first; unavailable costs come last, with the reason.
    """
    profile, errors = parse_profile(query)
    if errors:
        raise ValidationError(errors)
    slugs = list(dict.fromkeys(query.models.split(",")))
    found = facts.load_model_facts(slugs)
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise NotFound(
            f"No published model: {', '.join(missing)}.",
            code="model_not_found",
            slug=",".join(missing),
        )
    costs = []
    for slug in slugs:
        model = found[slug].as_of(request_state(request).day)
        cost = engine.estimate_model_cost(model, profile)
        routes = tuple(sorted(cost.routes, key=_cost_order))
        costs.append(dataclasses.replace(cost, routes=routes))
    return {
        "profile": profile,
        "profile_text": engine.describe_profile(profile),
        "models": sorted(costs, key=_cost_order),
    }
