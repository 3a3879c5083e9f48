"""The home page's "compare two models" form."""

from django import forms

from catalog.forms_public import PublicForm
from catalog.selectors import model_resolve


class PairForm(PublicForm):
    """
    Two published language models to compare, typed or picked from the
    suggestions (a <datalist>, which needs no JavaScript): a name or a slug.
    """

    error_messages = {
        "required": "Pick a model.",
        "unknown": "We have no published model “%(value)s”. Pick one from the suggestions.",
    }

    a = forms.CharField(
        label="First model", max_length=200, error_messages=error_messages
    )
    b = forms.CharField(
        label="Second model", max_length=200, error_messages=error_messages
    )

    def clean(self):
        cleaned_data = super().clean()
        values = [cleaned_data.get("a"), cleaned_data.get("b")]
        found = model_resolve(values=[value for value in values if value])
        for name, value in zip(("a", "b"), values, strict=True):
            if value and value not in found:
                self.add_error(
                    name,
                    forms.ValidationError(
                        self.error_messages["unknown"],
                        code="unknown",
                        params={"value": value},
                    ),
                )
            elif value:
                cleaned_data[name] = found[value]
        a, b = cleaned_data.get("a"), cleaned_data.get("b")
        if a and b and a == b and not self.errors:
            raise forms.ValidationError(
                "Pick two different models: both choices are the same model.",
                code="identical",
            )
        return cleaned_data
