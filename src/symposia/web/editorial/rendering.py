"""Render a take's body to HTML: the one place Markdown meets a page.

Plain text becomes escaped paragraphs (as the public take page has always
shown it). Markdown goes through the ``markdown`` package and then nh3 with a
small allowlist: no scripts, styles, event handlers, images or iframes, and
links only to http, https and mailto. Every page that shows a body, the
expert's preview, the editor's pages and (through the ``take_body`` template
filter) the public take page, calls :func:`render_body`.
"""

from __future__ import annotations

import markdown  # type: ignore[import-untyped,unused-ignore]
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from symposia.core.editorial import paragraphs

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "em",
        "strong",
        "b",
        "i",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "h2",
        "h3",
        "h4",
        "code",
        "pre",
        "hr",
        "sup",
        "sub",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize(html: str) -> str:
    """Reduce HTML to the allowlist: scripts and styles go with their content."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    # Safe: nh3 has just reduced the HTML to the allowlist.
    return mark_safe(sanitize(html))


def render_plain(text: str) -> SafeString:
    """Plain text to escaped paragraphs (blank lines separate paragraphs)."""
    # Safe: every paragraph is escaped.
    return mark_safe("\n".join(f"<p>{escape(p)}</p>" for p in paragraphs(text)))


def render_body(body: str, body_format: str = "plain") -> SafeString:
    """A take body as safe HTML, in the format it was written in."""
    if body_format == "markdown":
        return render_markdown(body)
    return render_plain(body)
