"""
A synthetic catalog for the benchmarks: ``models`` published models of one
organization, each with 5 routes and 10 primary benchmark results, written
with bulk_create next to whatever the database holds (the demo catalog).

Run inside Django (``manage.py shell -c`` or after ``django.setup()``).
"""

import random
from decimal import Decimal


def build_synthetic_catalog(models: int, *, seed: int = 7) -> tuple[int, int, int]:
    """Write the catalog and return the database's model, route and result counts."""
    from catalog.models import (
        Benchmark,
        BenchmarkResult,
        LanguageModel,
        Organization,
        Provider,
        Route,
    )
    from sitecache.state import bump_generation

    rng = random.Random(seed)
    organization = Organization.objects.create(
        name="Synthetic Labs", slug="synthetic-labs"
    )
    providers = Provider.objects.bulk_create(
        Provider(name=f"Synthetic Host {i}", slug=f"synthetic-host-{i}")
        for i in range(5)
    )
    benchmarks = Benchmark.objects.bulk_create(
        Benchmark(name=f"Synthetic Bench {i}", slug=f"synthetic-bench-{i}")
        for i in range(10)
    )
    created = LanguageModel.objects.bulk_create(
        (
            LanguageModel(
                name=f"Synthetic {i:05d}",
                slug=f"synthetic-{i:05d}",
                organization=organization,
                status="published",
                context_window=rng.choice([8192, 32768, 131072]),
                parameter_count=rng.randint(1, 400) * 10**9,
            )
            for i in range(models)
        ),
        batch_size=1000,
    )
    Route.objects.bulk_create(
        (
            Route(
                model=model,
                provider=provider,
                identifier=model.slug,
                input_price=Decimal(rng.randint(1, 3000)) / 100,
                output_price=Decimal(rng.randint(1, 9000)) / 100,
            )
            for model in created
            for provider in providers
        ),
        batch_size=5000,
    )
    BenchmarkResult.objects.bulk_create(
        (
            BenchmarkResult(
                model=model,
                benchmark=benchmark,
                score=Decimal(rng.randint(100, 9900)) / 100,
                is_primary=True,
            )
            for model in created
            for benchmark in benchmarks
        ),
        batch_size=5000,
    )
    bump_generation()
    return (
        LanguageModel.objects.count(),
        Route.objects.count(),
        BenchmarkResult.objects.count(),
    )
