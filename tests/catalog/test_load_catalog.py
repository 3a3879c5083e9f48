import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count

from catalog.catalog_format import export_catalog
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    DecisionTag,
    LanguageModel,
    ModelCapability,
    Organization,
    Provider,
    ReportedFigure,
    Route,
    Source,
)

pytestmark = pytest.mark.django_db

CATALOG_MODELS = [
    Source,
    Organization,
    DecisionTag,
    Provider,
    LanguageModel,
    ModelCapability,
    Route,
    ReportedFigure,
    Benchmark,
    BenchmarkResult,
]
DEMO = Path(settings.DEMO_CATALOG_PATH)


def row_counts():
    return {model.__name__: model.objects.count() for model in CATALOG_MODELS}


def empty_catalog():
    """
    Delete every catalog row with plain SQL: fast, and without the history
    records that 10,000 delete() calls would write.
    """
    through = [LanguageModel.sources.through, LanguageModel.decision_tags.through]
    order = [BenchmarkResult, ReportedFigure, Route, ModelCapability, *through]
    order += [LanguageModel]
    order += [Benchmark, Provider, DecisionTag, Organization, Source]
    with connection.cursor() as cursor:
        for model in order:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")


def load(*args):
    out = StringIO()
    call_command("load_catalog", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """
    Load the demo catalog once for this module, inside a transaction that is
    rolled back when the module is done, so other test modules never see it.
    Each test still runs in its own savepoint.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        output = load(str(DEMO))
        yield output
        transaction.set_rollback(True)


def test_load_catalog_demo_creates_every_record(demo):
    assert row_counts() == {
        "Source": 243,
        "Organization": 27,
        "DecisionTag": 0,
        "Provider": 203,
        "LanguageModel": 394,
        "ModelCapability": 1972,
        "Route": 4315,
        "ReportedFigure": 3096,
        "Benchmark": 307,
        "BenchmarkResult": 2632,
    }
    assert re.search(r"routes +4315 +0 +0 +0", demo)
    assert not Route.objects.filter(source=None).exists()
    assert not BenchmarkResult.objects.filter(source=None).exists()


def test_load_catalog_demo_has_one_primary_result_per_model_and_benchmark(demo):
    pairs = BenchmarkResult.objects.values_list("model", "benchmark").distinct()
    assert BenchmarkResult.objects.filter(is_primary=True).count() == pairs.count()


def test_load_catalog_demo_keeps_source_values(demo):
    route = Route.objects.get(
        provider__slug="huggingface-novita",
        identifier="huggingface_novita/zai-org/AutoGLM-Phone-9B-Multilingual",
    )
    assert route.input_price == Decimal("0.035")
    assert route.source.key == "genai-prices"
    gpt_4o = LanguageModel.objects.get(slug="gpt-4o")
    assert (gpt_4o.open_weights, gpt_4o.knowledge_cutoff) == ("no", "2023-09")
    qwen = LanguageModel.objects.get(slug="qwen3-235b-a22b")
    assert qwen.release_date_precision == "month"
    assert qwen.architecture == "mixture_of_experts"
    assert (qwen.license_name, qwen.commercial_use) == ("Apache 2.0", "allowed")
    assert LanguageModel.objects.get(slug="command-r-plus-04-2024").open_weights == (
        "unknown"
    )
    assert Source.objects.get(key="llmstats").attribution == (
        "LLM Stats (llm-stats.com), CC BY 4.0"
    )


def test_load_catalog_demo_sets_each_models_kind(demo):
    kinds = dict(
        LanguageModel.objects.values_list("kind").annotate(n=Count("pk")).order_by()
    )
    assert kinds == {
        "language": 379,
        "image": 6,
        "speech": 4,
        "other": 2,
        "embedding": 2,
        "reranking": 1,
    }
    expected = {
        "gpt-4o": "language",
        "claude-opus-4-7": "language",
        "gemini-diffusion": "language",
        "whisper-large-v3": "speech",
        "gemini-2-5-flash-tts": "speech",
        "gemini-embedding-001": "embedding",
        "llama-nemotron-rerank-vl-1b-v2": "reranking",
        "gpt-image-1": "image",
        "gemini-2-5-flash-image": "image",
        "esmfold": "other",
    }
    assert (
        dict(
            LanguageModel.objects.filter(slug__in=expected).values_list("slug", "kind")
        )
        == expected
    )


def test_load_catalog_demo_links_variants_to_their_model(demo):
    variants = dict(
        LanguageModel.objects.filter(variant_of__isnull=False).values_list(
            "slug", "variant_of__slug"
        )
    )
    assert variants == {
        "gemini-3-1-flash-lite-preview": "gemini-3-1-flash-lite",
        "gpt-4o-2024-05-13": "gpt-4o",
        "gpt-4o-2024-08-06": "gpt-4o",
        "gpt-4o-2024-11-20": "gpt-4o",
        "o1-preview": "o1",
        "qwq-32b-preview": "qwq-32b",
    }


def test_load_catalog_demo_second_run_changes_nothing(demo):
    counts = row_counts()
    history = Route.history.count()
    route_price = Route.objects.order_by("pk").values_list("input_price", flat=True)[0]

    output = load("--demo")

    assert "0 created, 0 updated, 0 deleted" in output
    assert row_counts() == counts
    assert Route.history.count() == history
    assert Route.objects.order_by("pk").values_list("input_price", flat=True)[0] == (
        route_price
    )


def test_export_then_load_demo_into_an_empty_database_reproduces_every_row(
    demo, tmp_path
):
    exported = export_catalog(published_only=False)
    empty_catalog()
    assert set(row_counts().values()) == {0}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported), encoding="utf-8")

    load(str(path))

    again = export_catalog(published_only=False)
    del exported["generated_at"], again["generated_at"]
    assert again == exported


def test_load_catalog_refuses_malformed_json_with_its_position(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n "format": "llm-compare-catalog",\n "models": [}\n', "utf-8")

    with pytest.raises(CommandError, match=r"not valid JSON: .* at line 3, column 13"):
        load(str(path))


def test_load_catalog_refuses_bad_data_and_writes_nothing(tmp_path):
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["routes"][5]["input_price"] = "-0.5"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    counts = row_counts()

    with pytest.raises(CommandError) as error:
        load(str(path))

    assert "nothing was loaded" in str(error.value)
    assert "routes[5] (provider " in str(error.value)
    assert 'input_price must not be negative, got "-0.5"' in str(error.value)
    assert row_counts() == counts


def test_load_catalog_requires_a_file_or_demo():
    with pytest.raises(CommandError, match="Give either FILE or --demo"):
        load()


def test_load_catalog_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.json"):
        load(str(tmp_path / "missing.json"))


def test_load_catalog_exits_non_zero_without_a_traceback(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("[1, 2", encoding="utf-8")
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test"}

    completed = subprocess.run(
        [sys.executable, "manage.py", "load_catalog", str(path)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 1
    assert "is not valid JSON" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_demo_benchmarks_named_two_ways_are_one_with_every_result(demo):
    # trust.md section 5: "AGIEval" and "AGI Eval", "BIG-Bench Hard",
    # "BigBench Hard" and "BBH" are one benchmark each.
    for gone in ("agi-eval", "bigbench-hard", "bbh", "chart-qa", "ocr-bench"):
        assert not Benchmark.objects.filter(slug=gone).exists(), gone
    names = {
        re.sub(r"[^a-z0-9]", "", name.casefold())
        for name in Benchmark.objects.values_list("name", flat=True)
    }
    assert len(names) == Benchmark.objects.count()
    assert BenchmarkResult.objects.filter(benchmark__slug="big-bench-hard").count() > 1
