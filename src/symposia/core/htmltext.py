"""HTML to plain text for the parser.

Block elements become paragraphs separated by a blank line and ``<br>``
becomes a line break, so the parser sees the same layout as in a plain-text
take. Boilerplate (scripts, navigation, footers, share bars, comment and
"related" blocks) is removed with selectolax; when the page has an
``<article>`` or ``<main>`` element, only that is kept (plus an ``<h1>`` found
outside it, which is usually the headline). trafilatura, when installed, is
used for full pages on which this finds almost no text.

Paragraphs made mostly of link text are reported in
:attr:`ExtractedText.link_spans`, so a hub page that lists takes by link can
be told apart from a take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from symposia.core.text import Span

_HTML_HINT = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|article|main|section|h[1-6]|br|span|a\s|ul|li|"
    r"table|meta|title|figure|blockquote|em|strong)\b",
    re.IGNORECASE,
)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "nav",
    "aside",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "canvas",
    "head",
)
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|site-header|masthead|sidebar|share|sharing|social|"
    r"comments?|related|newsletter|subscribe|cookie|breadcrumbs?|advert|ads?|promo|popup|"
    r"modal|skip-link|signup|paywall|tags|pagination)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "figure",
        "figcaption",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "tr",
        "table",
        "pre",
        "hr",
        "dd",
        "dt",
        "dl",
        "address",
        "caption",
        "body",
        "html",
        "center",
        "details",
        "summary",
        "td",
        "th",
    }
)
_WS = re.compile(r"[ \t\r\n\f\v]+")


@dataclass(slots=True)
class ExtractedText:
    """Text extracted from an HTML page.

    Attributes:
        text: Paragraphs separated by blank lines; ``<br>`` kept as a line break.
        link_spans: Spans of paragraphs whose text is mostly link text.
        method: ``selectolax`` or ``trafilatura``.
    """

    text: str
    link_spans: list[Span] = field(default_factory=list)
    method: str = "selectolax"


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is HTML rather than plain text (looks at its first 4,000 characters)."""
    head = text[:4000]
    if "<" not in head:
        return False
    hits = len(_HTML_HINT.findall(head))
    return hits >= 2 or head.lstrip().lower().startswith(("<!doctype html", "<html"))


def html_to_text(html: str, *, extractor: str = "auto") -> ExtractedText:
    """Convert an HTML page to text the parser can read.

    Args:
        html: The page.
        extractor: ``auto`` (selectolax, then trafilatura when that finds
            almost nothing and trafilatura is installed), ``selectolax`` or
            ``trafilatura``.

    Returns:
        The extracted text; empty when the page has no text.
    """
    if extractor == "trafilatura":
        return _trafilatura(html) or ExtractedText("", [], "trafilatura")
    out = _selectolax(html)
    if extractor == "auto" and len(out.text) < 200 and len(html) > 2000:
        alt = _trafilatura(html)
        if alt is not None and len(alt.text) > len(out.text) * 2:
            return alt
    return out


def _trafilatura(html: str) -> ExtractedText | None:
    try:
        import trafilatura
    except ImportError:
        return None
    doc = trafilatura.bare_extraction(html, include_comments=False, favor_recall=True)
    if doc is None:
        return None
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    body = get("text") or ""
    title = get("title") or ""
    text = "\n\n".join(p for p in (title.strip(), body.strip()) if p)
    text = re.sub(r"\n(?=[^\n])", "\n\n", text)
    return ExtractedText(re.sub(r"\n{3,}", "\n\n", text), [], "trafilatura")


def _attr_text(node: object) -> str:
    attrs = getattr(node, "attributes", None) or {}
    return " ".join(str(attrs.get(k) or "") for k in ("class", "id", "role"))


def _selectolax(html: str) -> ExtractedText:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for sel in ("header", "footer", "div", "section", "ul", "p", "span"):
        for node in tree.css(sel):
            if _BOILERPLATE.search(_attr_text(node)):
                node.decompose()
    root = _content_root(tree)
    if root is None:
        root = tree.root
    if root is None:
        return ExtractedText("")
    prefix = ""
    if root is not tree.body:
        h1 = tree.css_first("h1")
        if h1 is not None and not root.css("h1"):
            prefix = _WS.sub(" ", h1.text(deep=True)).strip()
    return _render(root, prefix)


_ROOT_SELECTORS = (
    "article",
    "main",
    '[role="main"]',
    '[itemprop="articleBody"]',
    ".entry-content",
    ".post-content",
    ".article-body",
    ".article-content",
    ".story-body",
    ".post-body",
)


def _p_chars(node: Any) -> int:
    return sum(len(p.text(deep=True).strip()) for p in node.css("p"))


def _content_root(tree: Any) -> Any:
    """The element holding the article: the candidate container with the most paragraph text.

    Pages list related posts in ``<article>`` elements too, so the biggest one
    wins, and only if it holds most of the page's paragraph text.
    """
    body = tree.body
    if body is None:
        return None
    total = _p_chars(body)
    best, best_chars = None, 0
    seen = set()
    for sel in _ROOT_SELECTORS:
        for node in tree.css(sel):
            key = node.mem_id
            if key in seen:
                continue
            seen.add(key)
            chars = _p_chars(node)
            if chars > best_chars:
                best, best_chars = node, chars
    if best is not None and (total == 0 or best_chars >= 0.5 * total):
        # Widen to the enclosing article/main when the best is an inner body div, so
        # the headline, caption and credit around the text are kept.
        parent = best.parent
        while parent is not None and parent.tag not in {"article", "main", "body", "html"}:
            parent = parent.parent
        if (
            parent is not None
            and parent.tag in {"article", "main"}
            and _p_chars(parent) <= best_chars * 1.5
        ):
            return parent
        return best
    return body


def _render(root: object, prefix: str) -> ExtractedText:
    blocks: list[tuple[str, int]] = []  # (text, characters inside links)
    cur: list[str] = []
    link_chars = 0
    link_depth = 0

    def flush() -> None:
        nonlocal cur, link_chars
        raw = "".join(cur)
        # <br><br> separates paragraphs inside one element; a single <br> is a line break.
        for chunk in re.split(r"\n[ \t]*\n", raw):
            lines = [_WS.sub(" ", ln).strip() for ln in chunk.split("\n")]
            text = "\n".join(ln for ln in lines if ln)
            if text:
                blocks.append((text, link_chars))
        cur = []
        link_chars = 0

    # Iterative walk with explicit exit markers: deep pages must not hit the recursion limit.
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = getattr(node, "tag", "")
        if leaving:
            if tag == "a":
                link_depth -= 1
            if tag in _BLOCK:
                flush()
            continue
        if tag == "-text":
            t = getattr(node, "text_content", None) or ""
            cur.append(t.replace("\n", " "))
            if link_depth:
                link_chars += len(t.strip())
            continue
        if tag == "br":
            cur.append("\n")
            continue
        if tag in {"img"}:
            continue
        if tag in _BLOCK:
            flush()
        if tag == "a":
            link_depth += 1
        stack.append((node, True))
        children = []
        child = getattr(node, "child", None)
        while child is not None:
            children.append(child)
            child = child.next
        for c in reversed(children):
            stack.append((c, False))
    flush()
    if prefix and (not blocks or blocks[0][0] != prefix):
        blocks.insert(0, (prefix, 0))
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for text, links in blocks:
        if parts:
            pos += 2
        if links and links >= 0.6 * len(text.replace("\n", "")):
            spans.append(Span(pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return ExtractedText("\n\n".join(parts), spans, "selectolax")
