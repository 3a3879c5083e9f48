"""
The rules of ../shared/spec/trust.md (sections 1 to 5) on the real demo
catalog: 300 seeded random pairs of published models, each page read as a
careful buyer would.
"""

import random
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from catalog.models import LanguageModel
from comparisons import engine
from comparisons.facts import compute_pair

pytestmark = pytest.mark.django_db

PAIRS = 300
TODAY_PROFILES = (
    engine.TrafficProfile(),
    engine.TrafficProfile(input_tokens=300_000, output_tokens=1_000),
)
# A sentence ends at ".", "!" or "?" before a capital letter or the end, not
# inside a number or a version ("3.5", "$0.50").
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
BLOCK = re.compile(r"<(p|li|dd|summary)\b[^>]*>(.*?)</\1>", re.S)


def same_source(first: engine.BenchmarkScore, second: engine.BenchmarkScore) -> bool:
    """Whether two shown scores come from one publication or one leaderboard."""
    if first.provenance == "self_reported" or second.provenance == "self_reported":
        return page(first.source_url) == page(second.source_url)
    key = (first.source.key if first.source else "", first.method)
    return key == (second.source.key if second.source else "", second.method)


def page(url: str) -> tuple[str, str]:
    """Return the page a URL names: its host and path, without a final slash."""
    parts = urlsplit(url)
    return (parts.hostname or "").casefold(), parts.path.rstrip("/")


def page_sentences(html: str) -> list[str]:
    """Return the sentences a reader sees in the page's paragraphs and lists."""
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    sentences = []
    for _, block in BLOCK.findall(main):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).strip()
        sentences += [s for s in SENTENCE_END.split(text) if len(s.split()) >= 6]
    return sentences


@pytest.fixture
def demo_pairs():
    call_command("load_catalog", str(settings.DEMO_CATALOG_PATH), verbosity=0)
    slugs = sorted(
        LanguageModel.objects.published()
        .filter(kind=LanguageModel.Kind.LANGUAGE)
        .values_list("slug", flat=True)
    )
    rng = random.Random(16)
    return [tuple(sorted(rng.sample(slugs, 2))) for _ in range(PAIRS)]


def test_three_hundred_demo_pairs_keep_the_trust_rules(client, demo_pairs):
    problems = []
    for index, (a, b) in enumerate(demo_pairs):
        profile = TODAY_PROFILES[index % 2]
        computed = compute_pair(a, b, profile=profile, today=settings_today())
        comparison = computed.comparison
        where = f"{a} vs {b} ({'long' if index % 2 else 'default'} profile)"
        # 5. No lead between scores of different sources.
        for shared in comparison.benchmarks.shared:
            if shared.leader and not same_source(shared.a, shared.b):
                problems.append(f"{where}: a lead on {shared.name} across sources")
        # 4. No verdict without a comparable shared benchmark says so.
        quality = next(d for d in comparison.verdict.dimensions if d.key == "quality")
        if not quality.has_data and (
            "no shared benchmark" not in comparison.verdict.computed_sentence.lower()
        ):
            problems.append(f"{where}: {comparison.verdict.computed_sentence!r}")
        for cost, facts_name in ((comparison.costs.a, a), (comparison.costs.b, b)):
            # 3. No cost for a request over the context window.
            model = LanguageModel.objects.get(slug=facts_name)
            tokens = profile.input_tokens + profile.output_tokens
            over = model.context_window and tokens > model.context_window
            if over and (cost.monthly_cost is not None or cost.list_cost is not None):
                problems.append(f"{where}: a cost over {facts_name}'s window")
            # 2. The cheapest route is trusted (nobody asked to include others).
            for route in cost.routes:
                if route.is_cheapest and (
                    route.doubt or route.is_free_tier or route.provider_kind == "plan"
                ):
                    problems.append(
                        f"{where}: cheapest route {route.identifier} ({route.doubt})"
                    )
            pricing = (
                comparison.pricing.a
                if cost is comparison.costs.a
                else comparison.pricing.b
            )
            for price in pricing.routes:
                if price.is_cheapest and price.lifecycle in ("deprecated", "retired"):
                    problems.append(
                        f"{where}: cheapest route {price.identifier} is old"
                    )
        # No sentence twice on a page.
        response = client.get(f"/compare/{a}-vs-{b}/")
        repeated = [
            sentence
            for sentence, count in Counter(page_sentences(response.text)).items()
            if count > 1
        ]
        if repeated:
            problems.append(f"{where}: repeated {repeated[:2]}")
    assert not problems, f"{len(problems)} problems, first: {problems[:8]}"


def settings_today():
    from django.utils import timezone

    return timezone.localdate()
