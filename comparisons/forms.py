"""The home page's "compare two models" form."""

from django import forms

from catalog.forms_public import PublicForm
from catalog.selectors import model_list_choices


class PairForm(PublicForm):
    """Two published models to compare, chosen without JavaScript."""

    error_messages = {
        "required": "Pick a model.",
        "invalid_choice": "We have no published model “%(value)s”. Pick one from the list.",
    }

    a = forms.ChoiceField(label="First model", error_messages=error_messages)
    b = forms.ChoiceField(label="Second model", error_messages=error_messages)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query, shared by both selects, grouped by organization.
        groups: dict[str, list[tuple[str, str]]] = {}
        for slug, name, organization in model_list_choices():
            groups.setdefault(organization, []).append((slug, name))
        choices = [("", "Choose a model"), *groups.items()]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean(self):
        cleaned_data = super().clean()
        a, b = cleaned_data.get("a"), cleaned_data.get("b")
        if a and b and a == b:
            raise forms.ValidationError(
                "Pick two different models: both choices are the same model.",
                code="identical",
            )
        return cleaned_data
