"""
A small published catalog with one of everything, and the list of every
public page and API endpoint it answers, for the security tests.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.factories import (
    make_benchmark,
    make_capability,
    make_comparison,
    make_decision_tag,
    make_model,
    make_organization,
    make_provider,
    make_result,
    make_route,
    make_source,
)


def build_site(**text):
    """
    Return a catalog of two published models with a route, a capability, a
    result and a curated comparison each; ``text`` fills the editor fields
    (``description``, ``editor_notes``, ``verdict_override``, ``notes``,
    ``title``, ``benchmark_description``, ``note``).
    """
    source = make_source(
        key="spec-sheet",
        title=text.get("title", "Spec sheet"),
        license="CC BY 4.0",
        attribution="Spec sheet by Lab, CC BY 4.0",
    )
    organization = make_organization(name="Lab", slug="lab")
    provider = make_provider(name="Host", slug="host", organization=organization)
    benchmark = make_benchmark(
        name="Bench",
        slug="bench",
        description=text.get("benchmark_description", "A benchmark."),
    )
    tag = make_decision_tag(name="Coding", slug="coding")
    models = []
    for slug in ("alpha", "beta"):
        model = make_model(
            name=slug.title(),
            slug=slug,
            organization=organization,
            description=text.get("description", "A model."),
            release_date=date(2026, 1, 1),
            last_reviewed=date(2026, 11, 1),
        )
        model.sources.add(source)
        model.decision_tags.add(tag)
        make_route(
            model=model,
            provider=provider,
            identifier=f"{slug}-v1",
            input_price=Decimal("1.5"),
            output_price=Decimal("3"),
            source=source,
        )
        make_capability(
            model=model,
            capability="vision",
            value="yes",
            source=source,
            note=text.get("note", ""),
        )
        make_result(
            model=model,
            benchmark=benchmark,
            score=Decimal("60") + len(models),
            source=source,
            notes=text.get("notes", ""),
        )
        models.append(model)
    comparison = make_comparison(
        model_a=models[0],
        model_b=models[1],
        featured=True,
        last_reviewed=date(2026, 11, 2),
        editor_notes=text.get("editor_notes", ""),
        verdict_override=text.get("verdict_override", ""),
    )
    return SimpleNamespace(
        models=models,
        organization=organization,
        provider=provider,
        benchmark=benchmark,
        source=source,
        comparison=comparison,
    )


@pytest.fixture
def site(db):
    """Return a small published catalog (see ``build_site``)."""
    return build_site()


@pytest.fixture
def unthrottled(settings):
    """Turn the API's rate limit off: these tests send many requests from one address."""
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": None}


# Every public page of ``build_site``'s catalog, by name.
PAGES = {
    "home": "/",
    "model list": "/models/",
    "model detail": "/models/alpha/",
    "organization list": "/organizations/",
    "organization detail": "/organizations/lab/",
    "provider list": "/providers/",
    "provider detail": "/providers/host/",
    "benchmark list": "/benchmarks/",
    "benchmark detail": "/benchmarks/bench/",
    "search": "/search/?q=alpha",
    "about data": "/about/data/",
    "compare many": "/compare/?models=alpha,beta",
    "compare picker": "/compare/",
    "comparison": "/compare/alpha-vs-beta/",
    "sitemap": "/sitemap.xml",
    "robots": "/robots.txt",
}

# Every API endpoint of the same catalog, by name.
API = {
    "models": "/api/v1/models",
    "model": "/api/v1/models/alpha",
    "providers": "/api/v1/providers",
    "provider": "/api/v1/providers/host",
    "organizations": "/api/v1/organizations",
    "benchmarks": "/api/v1/benchmarks",
    "benchmark": "/api/v1/benchmarks/bench",
    "comparison": "/api/v1/comparisons/alpha/beta",
    "cost": "/api/v1/cost?models=alpha,beta",
    "export": "/api/v1/export",
    "models csv": "/api/v1/export/models.csv",
    "routes csv": "/api/v1/export/routes.csv",
    "openapi": "/api/v1/openapi.json",
    "docs": "/api/v1/docs",
}


# pytest-playwright pointed at Debian's chromium, as for tests/browser/.
from tests.browser.conftest import base_url, browser_type_launch_args  # noqa: E402, F401
