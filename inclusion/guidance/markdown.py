"""Guidance text: Markdown rendered to HTML, then sanitised against an allow-list.

Whatever an editor types (raw HTML, scripts, event handlers, ``javascript:`` or ``data:``
links, styles, frames) only the allow-listed tags and attributes below survive. GOV.UK
classes are set by the sanitiser itself on known tags, after every class the text carried
has been dropped, so an editor can neither add a class nor keep an attribute the list omits.
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "a",
        "strong",
        "em",
        "blockquote",
        "code",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
        "hr",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped together with everything inside them, not just unwrapped to their text.
DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
)

GOVUK_CLASSES: dict[str, dict[str, str]] = {
    "p": {"class": "govuk-body"},
    "h2": {"class": "govuk-heading-m"},
    "h3": {"class": "govuk-heading-s"},
    "h4": {"class": "govuk-heading-s"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
    "blockquote": {"class": "govuk-inset-text"},
    "hr": {"class": "govuk-section-break govuk-section-break--m govuk-section-break--visible"},
    "table": {"class": "govuk-table"},
    "thead": {"class": "govuk-table__head"},
    "tbody": {"class": "govuk-table__body"},
    "tr": {"class": "govuk-table__row"},
    "th": {"class": "govuk-table__header", "scope": "col"},
    "td": {"class": "govuk-table__cell"},
}

# The page's own title is its only <h1>: headings in the text start one level down.
_HEADING_SHIFT = {"h1": "h2", "h5": "h4", "h6": "h4"}
_HEADING_TAG = re.compile(r"<(/?)(h1|h5|h6)([\s>])")


def _shift_headings(html: str) -> str:
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}{_HEADING_SHIFT[m[2]]}{m[3]}", html)


def markdown_to_html(text: str) -> str:
    """Markdown as HTML, not yet safe: only ever pass the result to :func:`sanitise`."""
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return _shift_headings(html)


def sanitise(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes; add GOV.UK classes."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        set_tag_attribute_values=GOVUK_CLASSES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> SafeString:
    """Guidance text ready for a template: rendered, sanitised, styled."""
    return mark_safe(sanitise(markdown_to_html(text)))  # noqa: S308 - sanitised by nh3 above
