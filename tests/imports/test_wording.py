"""An import's diff in words (imports.wording), without a database."""

from imports.wording import headline, plain


def test_the_headline_keeps_the_imports_order_whatever_the_json_order():
    # PostgreSQL's jsonb gives the summary's keys back in its own order.
    summary = {
        "counts": {
            "route": {"created": 4},
            "provider": {"created": 3},
            "source": {"created": 1},
            "organization": {"created": 2, "unchanged": 5},
            "model": {"unchanged": 7},
        }
    }
    assert headline(summary) == (
        "This import creates 1 source, 2 organizations, 3 providers, 4 routes."
    )
    assert [kind for kind, _ in plain(summary)["counts"]] == [
        "sources",
        "organizations",
        "providers",
        "routes",
    ]
