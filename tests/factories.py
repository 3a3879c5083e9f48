"""
Plain factories for tests: each ``make_*`` fills sensible defaults with
``kwargs.setdefault`` and saves one row, so a test builds only what it needs.
"""

import importlib
import itertools
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client

from catalog.models import (
    Benchmark,
    BenchmarkResult,
    DecisionTag,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    PublicationStatus,
    ReportedFigure,
    Route,
    Source,
)
from comparisons.models import Comparison

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def make_source(**kwargs):
    n = _next()
    kwargs.setdefault("key", f"source-{n}")
    kwargs.setdefault("title", f"Source {n}")
    kwargs.setdefault("url", f"https://example.com/source-{n}")
    return Source.objects.create(**kwargs)


def make_organization(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Organization {n}")
    kwargs.setdefault("slug", f"organization-{n}")
    return Organization.objects.create(**kwargs)


def make_decision_tag(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Tag {n}")
    kwargs.setdefault("slug", f"tag-{n}")
    return DecisionTag.objects.create(**kwargs)


def make_model(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Model {n}")
    kwargs.setdefault("slug", f"model-{n}")
    if "organization" not in kwargs:
        kwargs["organization"] = make_organization()
    kwargs.setdefault("status", PublicationStatus.PUBLISHED)
    kwargs.setdefault("context_window", 128_000)
    return LanguageModel.objects.create(**kwargs)


def make_variant(model, released, **kwargs):
    """Make a dated snapshot of ``model``, named and slugged by its release date."""
    kwargs.setdefault("name", f"{model.name} ({released.isoformat()})")
    kwargs.setdefault("slug", f"{model.slug}-{released.isoformat()}")
    kwargs.setdefault("organization", model.organization)
    return make_model(variant_of=model, release_date=released, **kwargs)


def make_capability(**kwargs):
    if "model" not in kwargs:
        kwargs["model"] = make_model()
    kwargs.setdefault("capability", "vision")
    kwargs.setdefault("value", "yes")
    return ModelCapability.objects.create(**kwargs)


def make_provider(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Provider {n}")
    kwargs.setdefault("slug", f"provider-{n}")
    return Provider.objects.create(**kwargs)


def make_route(**kwargs):
    n = _next()
    if "model" not in kwargs:
        kwargs["model"] = make_model()
    if "provider" not in kwargs:
        kwargs["provider"] = make_provider()
    kwargs.setdefault("identifier", f"route-{n}")
    kwargs.setdefault("input_price", Decimal("1.00"))
    kwargs.setdefault("output_price", Decimal("2.00"))
    return Route.objects.create(**kwargs)


def make_reported_figure(**kwargs):
    """Return another source's figure for a route (a model's if ``model`` is given)."""
    if "model" not in kwargs and "route" not in kwargs:
        kwargs["route"] = make_route()
    if "source" not in kwargs:
        kwargs["source"] = make_source()
    kwargs.setdefault("field", "input_price")
    kwargs.setdefault("value", "1.5")
    return ReportedFigure.objects.create(**kwargs)


def make_benchmark(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Benchmark {n}")
    kwargs.setdefault("slug", f"benchmark-{n}")
    return Benchmark.objects.create(**kwargs)


def make_result(**kwargs):
    if "model" not in kwargs:
        kwargs["model"] = make_model()
    if "benchmark" not in kwargs:
        kwargs["benchmark"] = make_benchmark()
    kwargs.setdefault("score", Decimal("50.0"))
    kwargs.setdefault("is_primary", True)
    return BenchmarkResult.objects.create(**kwargs)


def make_comparison(**kwargs):
    if "model_a" not in kwargs:
        kwargs["model_a"] = make_model()
    if "model_b" not in kwargs:
        kwargs["model_b"] = make_model()
    kwargs.setdefault("status", PublicationStatus.PUBLISHED)
    return Comparison.objects.create(**kwargs)


def make_user(**kwargs):
    n = _next()
    kwargs.setdefault("username", f"user-{n}")
    kwargs.setdefault("password", "password")
    return User.objects.create_user(**kwargs)


def role_group(name):
    """
    Return the "Editor" or "Publisher" group the data migration created.

    A transactional test empties the database after itself; the migration's
    own code puts the groups back then.
    """
    if not Group.objects.filter(name=name).exists():
        roles = importlib.import_module(
            "catalog.migrations.0004_editor_and_publisher_groups"
        )
        roles.sync_role_groups(apps)
        decide = importlib.import_module("changes.migrations.0002_roles_decide")
        decide.add_to_groups(apps)
        imports = importlib.import_module("imports.migrations.0005_roles_import")
        imports.add_to_groups(apps)
    return Group.objects.get(name=name)


def client_for(user):
    """Return a test client logged in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def make_staff(*, role, **kwargs):
    """Return a staff user (not a superuser) in the ``role`` group."""
    kwargs.setdefault("is_staff", True)
    user = make_user(**kwargs)
    user.groups.add(role_group(role))
    return user


def make_api_catalog():
    """
    Load the golden pair and a few more rows, so that the API tests' real
    slugs resolve: a model with a free route, a capability and a result,
    and a draft.
    """
    from django.core.management import call_command

    call_command("loaddata", "tests/fixtures/golden_pair.json", verbosity=0)
    model = make_model(slug="tiny-model", name="Tiny Model")
    make_route(model=model, input_price=0, output_price=0)
    make_capability(model=model, capability="reasoning", value="no")
    make_result(model=model)
    make_model(slug="draft-model", status="draft")
