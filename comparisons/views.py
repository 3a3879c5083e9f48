import json

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views import View

from catalog.models import LanguageModel, PublicationStatus
from comparisons import engine
from comparisons.facts import build_comparison

PAIR_SEPARATOR = "-vs-"
MAX_PAIR_LENGTH = 2 * 100 + len(PAIR_SEPARATOR)


def split_pair(pair: str) -> tuple[str, str] | None:
    """
    Return the two slugs named by "<a>-vs-<b>", or None when malformed.

    A slug may itself contain "-vs-", so every split point is a candidate;
    the first one whose halves are both existing slugs wins.
    """
    if len(pair) > MAX_PAIR_LENGTH or PAIR_SEPARATOR not in pair:
        return None
    candidates = []
    start = 0
    while (index := pair.find(PAIR_SEPARATOR, start)) != -1:
        left, right = pair[:index], pair[index + len(PAIR_SEPARATOR) :]
        if left and right:
            candidates.append((left, right))
        start = index + 1
    if len(candidates) == 1:
        return candidates[0]
    known = set(
        LanguageModel.objects.filter(
            slug__in={slug for candidate in candidates for slug in candidate}
        ).values_list("slug", flat=True)
    )
    for left, right in candidates:
        if left in known and right in known:
            return left, right
    return None


# The same escapes as django.utils.html.json_script: nothing in the data can
# close the <script> element or open a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def faq_json_ld(faq) -> str:
    """Return schema.org FAQPage JSON-LD for the page's FAQ, safe inside <script>."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item.question,
                "acceptedAnswer": {"@type": "Answer", "text": item.answer},
            }
            for item in faq
        ],
    }
    return mark_safe(json.dumps(data).translate(JSON_SCRIPT_ESCAPES))


def comparison_url(slug_a: str, slug_b: str) -> str:
    return reverse(
        "comparisons:detail", kwargs={"pair": f"{slug_a}{PAIR_SEPARATOR}{slug_b}"}
    )


class ComparisonDetailView(View):
    """The "A vs B" page: the engine's whole result, at the reader's traffic."""

    template_name = "comparisons/comparison_detail.html"

    def get(self, request, pair):
        slugs = split_pair(pair)
        if slugs is None or slugs[0] == slugs[1]:
            raise Http404("No such comparison.")
        canonical = engine.canonical_pair(*slugs)
        if canonical != slugs:
            url = comparison_url(*canonical)
            if query := request.META.get("QUERY_STRING"):
                url = f"{url}?{query}"
            return HttpResponsePermanentRedirect(url)

        profile, profile_errors = engine.parse_traffic_profile(request.GET)
        priorities, priority_errors = engine.parse_priorities(
            request.GET.getlist("priority")
        )
        is_staff = request.user.is_staff
        comparison = build_comparison(
            *canonical,
            profile=profile,
            priorities=priorities,
            today=timezone.localdate(),
            include_drafts=is_staff,
        )
        if comparison is None:
            raise Http404("No such comparison.")
        drafts = []
        if is_staff:
            drafts = list(
                LanguageModel.objects.filter(slug__in=canonical)
                .exclude(status=PublicationStatus.PUBLISHED)
                .values_list("name", flat=True)
            )
        context = {
            "comparison": comparison,
            "faq_json_ld": faq_json_ld(comparison.faq),
            "profile": profile,
            "priorities": priorities,
            "notices": [*profile_errors, *priority_errors],
            "presets": engine.TRAFFIC_PRESETS,
            "priority_choices": [
                (spec.key, spec.label, spec.key in priorities)
                for spec in engine.DIMENSIONS
            ],
            "draft_models": drafts,
            "canonical_url": request.build_absolute_uri(comparison_url(*canonical)),
            "breadcrumbs": [
                ("Home", reverse("catalog:home")),
                ("Models", reverse("catalog:model-list")),
                (comparison.intro.title, comparison_url(*canonical)),
            ],
        }
        return render(request, self.template_name, context)
