"""
Forms that validate the public pages' GET parameters. A value that does
not validate is dropped and its error shown, never turned into a 500.
"""

from django import forms

from .models import Capability, LanguageModel, Organization, PublicationStatus, TriState

ANY = ("", "Any")
MAX_QUERY_LENGTH = 100


class PublicForm(forms.Form):
    """A form whose labels carry no trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ModelFilterForm(PublicForm):
    # Language models unless the reader asks for another kind, or any kind.
    ANY_KIND = "any"

    q = forms.CharField(
        label="Name contains", max_length=MAX_QUERY_LENGTH, required=False
    )
    kind = forms.ChoiceField(
        label="Kind",
        # Language first: the list a reader gets without choosing.
        choices=[*LanguageModel.Kind.choices, (ANY_KIND, "Any kind")],
        required=False,
    )
    organization = forms.ChoiceField(label="Organization", required=False)
    open_weights = forms.ChoiceField(
        label="Open weights", choices=[ANY, *TriState.choices], required=False
    )
    capability = forms.ChoiceField(
        label="Has capability", choices=[ANY, *Capability.choices], required=False
    )
    min_context = forms.IntegerField(
        label="Minimum context window (tokens)",
        min_value=0,
        max_value=2_000_000_000,
        required=False,
    )
    max_input_price = forms.DecimalField(
        label="Maximum input price ($ per 1M tokens)",
        min_value=0,
        max_digits=14,
        decimal_places=6,
        required=False,
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            ("name", "Name"),
            ("newest", "Newest release"),
            ("context", "Largest context window"),
            ("price", "Cheapest input price"),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = (
            Organization.objects.filter(models__status=PublicationStatus.PUBLISHED)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        self.fields["organization"].choices = [ANY, *organizations]

    def valid_filters(self):
        """
        Return the cleaned values of the fields that validated and are set;
        fields with errors are left out, so they fall back to their default.
        """
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }


class SearchForm(PublicForm):
    q = forms.CharField(
        label="Search models, organizations, providers and benchmarks",
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": "Type a word to search for, such as a model or provider name.",
            "max_length": "Search for at most %(limit_value)d characters (you typed %(show_value)d).",
        },
    )


class LeaderboardForm(PublicForm):
    order = forms.ChoiceField(
        label="Order",
        choices=[("best", "Best first"), ("worst", "Worst first")],
        required=False,
    )
