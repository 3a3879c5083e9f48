"""
catalog.markup.render_markdown and the ``markdown`` filter: Markdown in,
allow-listed HTML out.
"""

import pytest
from django.template import engines
from django.utils.safestring import SafeString

from catalog.markup import render_markdown


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("", ""),
        (None, ""),
        ("Plain text.", "<p>Plain text.</p>"),
        ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
        ("`code`", "<p><code>code</code></p>"),
        ("```\na < b\n```", "<pre><code>a &lt; b\n</code></pre>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("line  \nbreak", "<p>line<br>\nbreak</p>"),
        (
            '[card](https://example.com/card "The card")',
            '<p><a href="https://example.com/card" title="The card" rel="nofollow noopener">card</a></p>',
        ),
        (
            "[page](/models/gpt-4/)",
            '<p><a href="/models/gpt-4/" rel="nofollow noopener">page</a></p>',
        ),
        (
            "[write](mailto:editors@example.com)",
            '<p><a href="mailto:editors@example.com" rel="nofollow noopener">write</a></p>',
        ),
    ],
)
def test_render_markdown_keeps_the_allowed_markup(text, html):
    assert render_markdown(text) == html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # Headings, rules and images are not parsed: they stay as typed.
        ("# Title", "<p># Title</p>"),
        ("---", "<p>---</p>"),
        (
            "![logo](https://example.com/logo.png)",
            '<p>!<a href="https://example.com/logo.png" rel="nofollow noopener">logo</a></p>',
        ),
        # Raw HTML is text.
        ("<em>hi</em>", "<p>&lt;em&gt;hi&lt;/em&gt;</p>"),
        # Links to other schemes lose their target.
        ("[f](ftp://example.com/x)", '<p><a rel="nofollow noopener">f</a></p>'),
        ("[x](jav&#x09;ascript:alert(1))", '<p><a rel="nofollow noopener">x</a></p>'),
        ("[x](%6Aavascript:alert(1))", '<p><a rel="nofollow noopener">x</a></p>'),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
    ],
)
def test_render_markdown_drops_what_is_not_allowed(text, html):
    assert render_markdown(text) == html


def test_render_markdown_returns_a_safe_string():
    assert isinstance(render_markdown("*x*"), SafeString)


def test_markdown_filter_renders_editor_text():
    template = engines["jinja2"].from_string("{{ text|markdown }}")
    html = template.render({"text": "*x* <b>"})
    assert html == "<p><em>x</em> &lt;b&gt;</p>"
