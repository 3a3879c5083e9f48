import pytest
from django.urls import reverse

from comparisons.models import Comparison
from tests.factories import make_comparison, make_model

CHANGELIST_URL = reverse("admin:comparisons_comparison_changelist")
ADD_URL = reverse("admin:comparisons_comparison_add")


def change_url(comparison):
    return reverse("admin:comparisons_comparison_change", args=[comparison.pk])


@pytest.mark.django_db
def test_changelist_renders(admin_client):
    comparison = make_comparison()

    response = admin_client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [comparison]


@pytest.mark.django_db
@pytest.mark.parametrize("side", ["model_a", "model_b"])
def test_changelist_search_finds_either_model(admin_client, side):
    comparison = make_comparison(
        model_a=make_model(name="Claude Sonnet 4", slug="claude-sonnet-4"),
        model_b=make_model(name="GPT-4o", slug="gpt-4o"),
    )
    make_comparison()

    response = admin_client.get(CHANGELIST_URL, {"q": getattr(comparison, side).name})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [comparison]


@pytest.mark.django_db
def test_add_page_renders(admin_client):
    response = admin_client.get(ADD_URL)

    assert response.status_code == 200


@pytest.mark.django_db
def test_change_page_renders(admin_client):
    response = admin_client.get(change_url(make_comparison()))

    assert response.status_code == 200


@pytest.mark.django_db
def test_history_page_renders(admin_client):
    comparison = make_comparison()

    response = admin_client.get(
        reverse("admin:comparisons_comparison_history", args=[comparison.pk])
    )

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_comparison()

    with django_assert_max_num_queries(5):
        response = admin_client.get(CHANGELIST_URL)

    assert len(response.context["cl"].result_list) == count


def comparison_data(model_a, model_b, **fields):
    return {
        "model_a": model_a.pk,
        "model_b": model_b.pk,
        "status": "draft",
        **fields,
    }


@pytest.mark.django_db
def test_add_stores_pair_in_slug_order(admin_client):
    a, b = make_model(slug="a-model"), make_model(slug="b-model")

    response = admin_client.post(ADD_URL, comparison_data(b, a))

    assert response.status_code == 302
    comparison = Comparison.objects.get()
    assert (comparison.model_a, comparison.model_b) == (a, b)


@pytest.mark.django_db
def test_adding_an_existing_pair_is_a_form_error(admin_client):
    a, b = make_model(slug="a-model"), make_model(slug="b-model")
    make_comparison(model_a=a, model_b=b)

    response = admin_client.post(ADD_URL, comparison_data(a, b))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Comparison with this Model a and Model b already exists."
    ]
    assert Comparison.objects.count() == 1


@pytest.mark.django_db
def test_adding_an_existing_pair_in_reverse_order_is_a_form_error(admin_client):
    a = make_model(name="Claude Sonnet 4", slug="claude-sonnet-4")
    b = make_model(name="GPT-4o", slug="gpt-4o")
    make_comparison(model_a=a, model_b=b)

    response = admin_client.post(ADD_URL, comparison_data(b, a))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Claude Sonnet 4 vs GPT-4o already exists; edit that comparison instead."
    ]
    assert Comparison.objects.count() == 1


@pytest.mark.django_db
def test_comparing_a_model_with_itself_is_a_form_error(admin_client):
    model = make_model()

    response = admin_client.post(ADD_URL, comparison_data(model, model))

    assert response.status_code == 200
    assert (
        "Pick two different models."
        in response.context["adminform"].form.non_field_errors()
    )
    assert not Comparison.objects.exists()


@pytest.mark.django_db
def test_resaving_a_pair_in_either_order_keeps_it(admin_client):
    a, b = make_model(slug="a-model"), make_model(slug="b-model")
    comparison = make_comparison(model_a=a, model_b=b)

    response = admin_client.post(
        change_url(comparison), comparison_data(b, a, featured="on")
    )

    assert response.status_code == 302
    comparison.refresh_from_db()
    assert (comparison.model_a, comparison.model_b, comparison.featured) == (a, b, True)


def test_change_form_shows_the_computed_verdict_beside_the_override(admin_client):
    from django.core.management import call_command

    from comparisons.models import Comparison

    call_command("loaddata", "tests/fixtures/golden_pair.json", verbosity=0)
    comparison = Comparison.objects.get()
    comparison.verdict_override = "Editors prefer GPT-4 Turbo for agents."
    comparison.save()
    response = admin_client.get(
        f"/admin/comparisons/comparison/{comparison.pk}/change/"
    )
    html = response.content.decode()
    assert (
        "Qwen3.5-4B is safer overall; choose GPT-4 Turbo when coding workflow support matters."
        in html
    )
    assert "Editors prefer GPT-4 Turbo for agents." in html


@pytest.mark.django_db
def test_adding_a_pair_of_two_kinds_is_a_form_error(admin_client):
    whisper = make_model(name="Whisper", slug="whisper", kind="speech")
    gpt_4o = make_model(name="GPT-4o", slug="gpt-4o")

    response = admin_client.post(ADD_URL, comparison_data(whisper, gpt_4o))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Whisper is a speech model and GPT-4o a language model: they do different "
        "jobs, so this site does not compare them. Pick two models of one kind."
    ]
    assert not Comparison.objects.exists()


@pytest.mark.django_db
def test_a_pair_of_two_kinds_saved_before_the_rule_stays_editable(admin_client):
    # Saved before the kinds rule, as an import or a migration would have.
    comparison = make_comparison(
        model_a=make_model(name="GPT-4o", slug="gpt-4o"),
        model_b=make_model(name="Whisper", slug="whisper", kind="speech"),
    )
    url = change_url(comparison)

    page = admin_client.get(url)
    response = admin_client.post(
        url,
        comparison_data(comparison.model_a, comparison.model_b, status="draft")
        | {"opened_version": comparison.version},
    )

    assert "Not computed: GPT-4o is a language model and Whisper a speech model" in (
        page.text
    )
    assert "This comparison&#x27;s page answers 404" in page.text
    assert response.status_code == 302
    comparison.refresh_from_db()
    assert comparison.status == "draft"
