"""Guidance text is Markdown rendered to HTML and sanitised: nothing hostile survives, ordinary
Markdown renders with GOV.UK classes."""

from __future__ import annotations

import re

import pytest

from inclusion.guidance.markdown import render_markdown

HOSTILE = {
    "script tag": "Hello <script>alert('x')</script> there",
    "script in a list": "- one\n- <script>document.cookie</script>two",
    "img onerror": 'A picture <img src="x" onerror="alert(1)">',
    "javascript link": "[click me](javascript:alert(1))",
    "javascript link, mixed case": '<a href="JaVaScRiPt:alert(1)">click me</a>',
    "javascript link, encoded": '<a href="&#106;avascript:alert(1)">click me</a>',
    "javascript link, leading space": '<a href=" javascript:alert(1)">click me</a>',
    "iframe": '<iframe src="https://evil.example.org/">frame text</iframe>',
    "style attribute": '<p style="background:url(https://evil.example.org/)">styled</p>',
    "style tag": "<style>body { display: none }</style>text",
    "event handler": '<p onmouseover="alert(1)">hover</p>',
    "event handler on a link": '<a href="https://example.org" onclick="alert(1)">x</a>',
    "data url link": "[see](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data url image": '<img src="data:image/png;base64,AAAA">',
    "svg onload": '<svg onload="alert(1)"><circle r="1"/></svg>',
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "form": '<form action="https://evil.example.org"><input name="q"><button>Go</button></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example.org">',
    "class injection": '<p class="govuk-panel" id="x">hi</p>',
    "vbscript link": '<a href="vbscript:msgbox(1)">x</a>',
}

FORBIDDEN = [
    r"<script",
    r"<iframe",
    r"<img",
    r"<svg",
    r"<style",
    r"<object",
    r"<embed",
    r"<form",
    r"<input",
    r"<meta",
    r"\bon\w+\s*=",
    r"style\s*=",
    r"javascript:",
    r"vbscript:",
    r"data:",
    r"alert\(",
    r"document\.cookie",
    r"govuk-panel",
    r"\bid\s*=",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_markdown_does_not_survive(name):
    html = str(render_markdown(HOSTILE[name]))
    for pattern in FORBIDDEN:
        assert not re.search(pattern, html, re.IGNORECASE), (name, pattern, html)


def test_dropped_elements_lose_their_content_too():
    html = str(render_markdown("<script>var secret = 1</script><iframe>frame text</iframe>ok"))
    assert "secret" not in html
    assert "frame text" not in html
    assert "ok" in html


def test_ordinary_markdown_renders_with_govuk_classes():
    html = str(
        render_markdown(
            "# Big heading\n\nSome **bold** and *italic* text with "
            '[a link](https://example.org "A title") and <mailto:help@example.org>.\n\n'
            "## Steps\n\n- first\n- second\n\n1. one\n2. two\n\n> A quotation\n\n"
            "| Day | Time |\n|---|---|\n| Monday | 9am |\n\n---\n\n    code block\n"
        )
    )
    assert '<h2 class="govuk-heading-m">Big heading</h2>' in html  # the page title is the h1
    assert "<h1" not in html
    assert '<p class="govuk-body">Some <strong>bold</strong> and <em>italic</em>' in html
    assert 'href="https://example.org"' in html
    assert 'title="A title"' in html
    assert 'class="govuk-link"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "mailto:" in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert '<blockquote class="govuk-inset-text">' in html
    assert '<table class="govuk-table">' in html
    header = re.search(r"<th ([^>]*)>Day</th>", html)
    assert header is not None  # the sanitiser sets the two attributes in either order
    assert 'class="govuk-table__header"' in header[1]
    assert 'scope="col"' in header[1]
    assert '<td class="govuk-table__cell">Monday</td>' in html
    assert "<hr" in html
    assert "<pre><code>code block" in html


def test_relative_links_to_other_advice_pages_are_kept():
    html = str(render_markdown("See [the services](/advice/services/)."))
    assert 'href="/advice/services/"' in html


def test_the_result_is_marked_safe_for_templates():
    assert hasattr(render_markdown("text"), "__html__")
