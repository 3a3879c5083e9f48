"""
Editor text as HTML: Markdown rendered by markdown-it-py, then sanitised by nh3.

Editors may write Markdown in the free-text fields of the catalog (model and
benchmark descriptions, result and capability notes, a comparison's notes
and verdict override). ``render_markdown()`` is the one way such text
becomes HTML on a page:

* Markdown is parsed as CommonMark with raw HTML off, so a ``<script>`` typed
  in the admin is text, not a tag. Headings, rules and images are off as
  well: they would break the page's outline or load third-party content, so
  ``# Title`` stays as typed and ``![alt](url)`` reads as a link.
* nh3 (the Rust ammonia sanitiser) then keeps only the allow-listed tags and
  attributes and only http, https and mailto links (relative ones too), and
  adds ``rel="nofollow noopener"`` to every link.

The API and JSON-LD never use this: there, editor text stays plain text.
"""

import re
from urllib.parse import unquote

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"a", "blockquote", "br", "code", "em", "li", "ol", "p", "pre", "strong", "ul"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"

# A scheme at the start of a URL, once whitespace and control characters
# (which browsers skip inside a scheme) are gone.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """
    Return the attribute's value, or None to drop it: a link target that
    names another scheme once percent-decoded (``jav%09ascript:``) goes,
    though nh3 alone would keep it as a harmless relative URL.
    """
    if attribute != "href":
        return value
    decoded = _IGNORED_IN_SCHEME.sub("", unquote(value))
    scheme = _SCHEME.match(decoded)
    if scheme and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES:
        return None
    return value


_markdown = MarkdownIt("commonmark", {"html": False}).disable(
    ["heading", "lheading", "hr", "image"]
)
_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # Dropped with their content, should markup ever reach the sanitiser.
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)


def render_markdown(text: str | None) -> SafeString:
    """
    Return editor-written Markdown as sanitised HTML, safe to put in a page
    as it is; empty text gives an empty string.
    """
    if not text:
        return mark_safe("")
    return mark_safe(_cleaner.clean(_markdown.render(str(text))).strip())
