"""Template helpers of the synthesis page: quote links into the take page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def quote_link(quote: dict[str, Any], take_urls: dict[str, str]) -> str:
    """A verbatim quote linking to its highlighted passage in the take page."""
    url = take_urls.get(str(quote["take"]))
    if not url:
        return format_html("“{}”", quote["text"])
    return format_html(
        '<a class="quote" href="{}?hl={}-{}#hl">“{}”</a>',
        url,
        quote["start"],
        quote["end"],
        quote["text"],
    )


@register.filter
def expert_name(slug: str, experts: dict[str, dict[str, Any]]) -> str:
    e = experts.get(slug)
    return e["name"] if e else slug


@register.filter
def pct(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"
