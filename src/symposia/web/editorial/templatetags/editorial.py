"""Template filters for take bodies and diffs.

``{% load editorial %}`` then ``{{ take|take_body }}`` renders a take's body
(plain or Markdown, sanitised) wherever a template shows it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from symposia.core.diff import DiffSegment
from symposia.web.editorial.rendering import render_body

register = template.Library()


@register.filter
def take_body(take: Any) -> SafeString:
    """The take's body as safe HTML paragraphs, honouring its ``body_format``."""
    return render_body(take.body, getattr(take, "body_format", "plain"))


@register.filter
def body_html(body: str, body_format: str = "plain") -> SafeString:
    """A body string as safe HTML: ``{{ text|body_html:"markdown" }}``."""
    return render_body(body or "", body_format or "plain")


@register.filter
def diff_html(segments: list[DiffSegment]) -> SafeString:
    """A word diff as escaped text with <del> and <ins> marks; paragraph breaks kept."""
    parts = []
    for seg in segments:
        text = escape(seg.text).replace("\n", "<br>")
        if seg.op == "insert":
            parts.append(f'<ins class="diff-ins">{text}</ins>')
        elif seg.op == "delete":
            parts.append(f'<del class="diff-del">{text}</del>')
        else:
            parts.append(text)
    # Safe: every part was escaped above.
    return mark_safe("".join(parts))
