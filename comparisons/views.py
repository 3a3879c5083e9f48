"""
The comparison pages: the home page and its "compare two models" form, the
"A vs B" page, and two to four models side by side.
"""

import json
import re

from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from catalog.charts import price_score_svg
from catalog.models import LanguageModel, PublicationStatus
from catalog.selectors import (
    model_list_choices,
    model_list_for_home,
    model_resolve,
    route_price_changes,
)
from catalog.views import PageMixin
from comparisons import engine
from comparisons.facts import (
    KindsDiffer,
    compute_pair,
    kind_peers,
    load_model_facts,
    load_pair_history,
    peers,
    without_results_measured_on_each_other,
)
from comparisons.forms import PairForm
from comparisons.models import pair_url
from comparisons.popular import popular_pairs
from comparisons.route_tables import route_table
from comparisons.selectors import comparison_list_for_home
from sitecache.pages import public_page
from sitecache.state import request_state

PAIR_SEPARATOR = engine.PAIR_SEPARATOR
MAX_PAIR_LENGTH = 2 * 100 + len(PAIR_SEPARATOR)
# A picker field: a model's name or slug (the pair form's limit).
PICKED_MAX_LENGTH = 200
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")  # as the engine reads a slug


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
    return mark_safe(
        json.dumps(data, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES)
    )


def chart_svg(chart: engine.PriceScoreChart) -> str:
    """Return the engine's price-against-score section as SVG, or "" when not shown."""
    if not chart.is_shown:
        return ""
    svg = price_score_svg(
        [(p.name, p.price, p.score, p.highlighted) for p in chart.points],
        title=chart.title,
        description=chart.description,
        x_label=chart.x_label,
        y_label=chart.y_label,
        chart_id="comparison-price-score",
    )
    # price_score_svg escapes every label and title it is given.
    return mark_safe(svg)


TRAFFIC_FIELDS = (
    "preset",
    "requests",
    "input_tokens",
    "output_tokens",
    "cached_share",
    "batch_share",
)


def preset_links(request) -> list[tuple[engine.TrafficPreset, str, bool]]:
    """
    Return each traffic preset with a link that applies it to this page.

    The link keeps the reader's other choices (models, priorities, free tiers)
    and drops the traffic fields, which would otherwise override the preset.
    """
    current = request.GET.get("preset", "")
    query = request.GET.copy()
    for field in TRAFFIC_FIELDS:
        query.pop(field, None)
    others = query.urlencode()
    return [
        (
            preset,
            f"?{others}&preset={preset.slug}" if others else f"?preset={preset.slug}",
            preset.slug == current,
        )
        for preset in engine.TRAFFIC_PRESETS
    ]


class HomeView(PageMixin, TemplateView):
    template_name = "home.html"
    pair_form = None

    def get_canonical_path(self):
        return reverse("comparisons:home")

    def get_context_data(self, **kwargs):
        models = list(model_list_for_home())
        featured, recent_comparisons = comparison_list_for_home()
        newest = [model for model in models if model.release_date][:8]
        return super().get_context_data(
            featured=featured,
            # Computed from the catalog only where editors feature none.
            popular=[] if featured else popular_pairs(models),
            newest_models=newest,
            # The newest models' price changes: one query, however large
            # the catalog's history.
            price_changes=route_price_changes(
                model_ids=[model.pk for model in models[:60]]
            )[:6],
            recent_models=sorted(
                (model for model in models if model.last_reviewed),
                key=lambda model: (-model.last_reviewed.toordinal(), model.name),
            )[:8],
            recent_comparisons=recent_comparisons,
            # "Compare X with..." links (search results) fill the first model.
            pair_form=self.pair_form
            or PairForm(initial={"a": self.request.GET.get("a", "")[:200]}),
            model_suggestions=[(m.name, m.organization.name) for m in models],
            **kwargs,
        )


@require_safe
def compare_redirect(request):
    """
    Send the home page's "pick two models" form to the pair's page, in
    canonical order; show the form again with its errors when it is wrong.
    """
    form = PairForm(request.GET)
    if form.is_valid():
        return redirect(pair_url(form.cleaned_data["a"], form.cleaned_data["b"]))
    response = HomeView.as_view(pair_form=form, noindex=True)(request)
    response.status_code = 400
    return response


@method_decorator(public_page, name="dispatch")
class ComparisonDetailView(View):
    """The "A vs B" page: the engine's whole result, at the reader's traffic."""

    template_name = "comparisons/comparison_detail.html"

    def get(self, request, pair):
        slugs = split_pair(pair)
        if slugs is None or slugs[0] == slugs[1]:
            raise Http404("No such comparison.")
        canonical = engine.canonical_pair(*slugs)
        if canonical != slugs:
            location = pair_url(*canonical)
            if query := request.META.get("QUERY_STRING"):
                location = f"{location}?{query}"
            return HttpResponsePermanentRedirect(location)

        profile, profile_errors = engine.parse_traffic_profile(request.GET)
        priorities, priority_errors = engine.parse_priorities(
            request.GET.getlist("priority")
        )
        is_staff = request.user.is_staff
        # The state its ETag names: the catalog's generation and the day.
        state = request_state(request)
        try:
            computed = compute_pair(
                *canonical,
                profile=profile,
                priorities=priorities,
                today=state.day,
                include_drafts=is_staff,
                state=state,
            )
        except KindsDiffer as refused:
            return self.render_kinds_differ(request, refused, state=state)
        if computed is None:
            raise Http404("No such comparison.")
        comparison = computed.comparison
        history = load_pair_history(computed)
        drafts = []
        if is_staff:
            drafts = list(
                LanguageModel.objects.filter(slug__in=canonical)
                .exclude(status=PublicationStatus.PUBLISHED)
                .values_list("name", flat=True)
            )
        context = {
            "comparison": comparison,
            "route_tables": (
                route_table(comparison.pricing.a, comparison.costs.a),
                route_table(comparison.pricing.b, comparison.costs.b),
            ),
            "chart_svg": chart_svg(comparison.chart),
            "faq_json_ld": faq_json_ld(comparison.faq),
            "profile": profile,
            "priorities": priorities,
            "notices": [*profile_errors, *priority_errors],
            "presets": preset_links(request),
            "priority_choices": [
                (spec.key, spec.label, spec.key in priorities)
                for spec in engine.DIMENSIONS
            ],
            "draft_models": drafts,
            "price_changes": history.price_changes,
            "changelog": history.changelog,
            "canonical_url": request.build_absolute_uri(pair_url(*canonical)),
            "feed_url": reverse(
                "comparisons:feed", kwargs={"pair": engine.pair_slug(*canonical)}
            ),
            "feed_title": f"{comparison.intro.title}: changes",
            "breadcrumbs": [
                ("Home", reverse("comparisons:home")),
                ("Models", reverse("catalog:model-list")),
                (comparison.intro.title, pair_url(*canonical)),
            ],
        }
        return render(request, self.template_name, context)

    def render_kinds_differ(self, request, refused: KindsDiffer, *, state):
        """
        Answer a pair of two kinds with a 404 that says why, linking each
        model's page and its comparisons with models of its own kind.
        """
        models = [(model, kind_peers(model, state=state)) for model in refused.models]
        context = {
            "message": str(refused),
            "models": models,
            "noindex": True,
            "breadcrumbs": [
                ("Home", reverse("comparisons:home")),
                ("Models", reverse("catalog:model-list")),
            ],
        }
        return render(request, "comparisons/kinds_differ.html", context, status=404)


def resolve_picked(values: list[str]) -> tuple[list[str], str]:
    """
    Return the picker's fields (a model's name or slug in each) as one
    comma-separated list of slugs, and the message when a field names no
    published model ("" when all do). Values the engine refuses anyway (too
    many, too long, a comma) are returned as they are, for it to say why.
    """
    picked = [value.strip() for value in values if value.strip()]
    if len(picked) > engine.MAX_MANY or any(
        "," in value or len(value) > PICKED_MAX_LENGTH for value in picked
    ):
        return values, ""
    found = model_resolve(values=picked)
    slugs = []
    for value in picked:
        if value in found:
            slugs.append(found[value])
        elif SLUG.fullmatch(value):
            # A slug of another kind's model, or of none: the page says which.
            slugs.append(value)
        else:
            return picked, (
                f"We have no published model “{value}”. "
                "Pick one from the suggestions, or type its short name."
            )
    return [",".join(slugs)], ""


@method_decorator(public_page, name="dispatch")
class ComparisonManyView(View):
    """
    Two to four models side by side at the reader's traffic, named by
    ``?models=a,b,c``; a list that cannot be used gets a message, a form to
    pick models and a 400, never a 500.
    """

    template_name = "comparisons/comparison_many.html"

    def get(self, request):
        values = request.GET.getlist("models")
        if not values:
            return self.render_picker(request, slugs=(), message="", status=200)
        submitted = values
        if len(values) > 1:
            # The picker's fields, each a name or a slug.
            values, message = resolve_picked(values)
            if message:
                return self.render_picker(
                    request, slugs=values, message=message, status=400
                )
        slugs, message = engine.parse_model_list(values)
        facts = {}
        if not message:
            facts = load_model_facts(slugs, include_drafts=request.user.is_staff)
            if unknown := [slug for slug in slugs if slug not in facts]:
                message = engine.unknown_models_message(unknown)
            elif refused := engine.kinds_differ_message([facts[s] for s in slugs]):
                message = f"{refused} Pick models of one kind."
        if message:
            return self.render_picker(request, slugs=slugs, message=message, status=400)

        # One shareable URL per list: the picker's repeated fields become one
        # comma-separated parameter, the traffic fields kept.
        canonical = ",".join(slugs)
        if submitted != [canonical]:
            query = request.GET.copy()
            query.setlist("models", [canonical])
            return HttpResponseRedirect(f"{request.path}?{query.urlencode(safe=',')}")

        profile, profile_errors = engine.parse_traffic_profile(request.GET)
        state = request_state(request)
        many = engine.compare_models(
            tuple(without_results_measured_on_each_other([facts[s] for s in slugs])),
            profile=profile,
            today=state.day,
            peers=peers(state).of_kind(facts[slugs[0]].kind),
        )
        path = f"{reverse('comparisons:many')}?models={canonical}"
        context = {
            "many": many,
            "chart_svg": chart_svg(many.chart),
            "profile": profile,
            "notices": list(profile_errors),
            "presets": preset_links(request),
            "draft_models": [
                model.name
                for model in facts.values()
                if model.status != PublicationStatus.PUBLISHED
            ],
            # Models of another kind are picked among their kind.
            **self.picker_context(slugs, kind=facts[slugs[0]].kind),
            "canonical_url": request.build_absolute_uri(path),
            # Every list of models is a page of its own; the pair pages are
            # the ones for search engines.
            "noindex": True,
            "breadcrumbs": [
                ("Home", reverse("comparisons:home")),
                ("Compare models", reverse("comparisons:many")),
                (many.title, path),
            ],
        }
        return render(request, self.template_name, context)

    def picker_context(self, slugs, *, kind=LanguageModel.Kind.LANGUAGE):
        """
        Return the form's four model fields, filled in order with ``slugs``
        (shown by their models' names), and the suggestions: the published
        models of ``kind`` (language models unless told), newest first.
        """
        models = list(model_list_choices(kind=kind))
        names = {slug: name for slug, name, _ in models}
        chosen = [
            names.get(value, value) if len(value) <= PICKED_MAX_LENGTH else ""
            for value in slugs[: engine.MAX_MANY]
        ]
        chosen += [""] * (engine.MAX_MANY - len(chosen))
        return {
            "model_suggestions": [
                (name, organization) for _, name, organization in models
            ],
            "picker_slots": list(enumerate(chosen, 1)),
            "min_models": engine.MIN_MANY,
            "max_models": engine.MAX_MANY,
        }

    def render_picker(self, request, *, slugs, message, status):
        context = {
            "many": None,
            "problem": message,
            **self.picker_context(slugs),
            "canonical_url": request.build_absolute_uri(reverse("comparisons:many")),
            "noindex": bool(message),
            "breadcrumbs": [
                ("Home", reverse("comparisons:home")),
                ("Compare models", reverse("comparisons:many")),
            ],
        }
        return render(request, self.template_name, context, status=status)
