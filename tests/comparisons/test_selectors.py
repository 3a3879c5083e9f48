import pytest

from catalog.models import PublicationStatus
from comparisons.selectors import comparison_list_featured, comparison_list_involving
from tests.factories import make_comparison, make_model

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def test_comparison_lists_skip_drafts_and_pairs_with_a_draft_model():
    model = make_model()
    shown = make_comparison(model_a=model, featured=True)
    make_comparison(model_a=model, status=DRAFT, featured=True)
    make_comparison(model_a=model, model_b=make_model(status=DRAFT), featured=True)
    assert list(comparison_list_involving(model=model)) == [shown]
    assert list(comparison_list_featured()) == [shown]
