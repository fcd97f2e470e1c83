"""Read a published take, or a page of many, into structured fields.

:func:`parse_document` takes plain text or HTML and returns a
:class:`ParsedPage` holding zero, one or many :class:`ParsedTake`. Every field
carries its cleaned value and its span in :attr:`ParsedPage.text`; every
repair (mojibake, odd spaces, glued words) is recorded with its span.

How a page is read:

1. HTML is converted to text (:mod:`symposia.core.htmltext`); plain text is
   used as given.
2. A cleaned view is built (:mod:`symposia.core.repair`) and split into
   paragraphs, joining hard-wrapped lines.
3. Hub pages (mostly links, or many "We Asked <Name>" lines) yield no take.
4. Pages where answers are headed or signed by their experts are split into
   one take per expert (:mod:`symposia.core.parse_multi`).
5. Otherwise the page is read as one take (:mod:`symposia.core.parse_single`);
   a page with no headline naming an expert and no expert's bio line (news,
   analysis) yields no take rather than a guess.
"""

from __future__ import annotations

import re

from symposia.core.htmltext import html_to_text, looks_like_html
from symposia.core.parse_draft import WE_ASKED, Draft, finalize, read_headline
from symposia.core.parse_layout import DATELINE, NEWS_REPORTING, Para, build_paragraphs
from symposia.core.parse_model import (
    Expert,
    Field,
    ParsedPage,
    ParsedTake,
    take_to_json,
    to_json,
)
from symposia.core.parse_multi import find_headers, parse_multi
from symposia.core.parse_single import parse_single
from symposia.core.repair import Repair, clean_text
from symposia.errors import ParseError

__all__ = [
    "Expert",
    "Field",
    "ParseError",
    "ParsedPage",
    "ParsedTake",
    "Repair",
    "parse_document",
    "take_to_json",
    "to_json",
]

#: Longest input read, in characters; longer input raises :class:`ParseError`.
MAX_CHARS = 20_000_000
_BINARY = re.compile("[\x00-\x08\x0e-\x1f]")


def parse_document(
    text_or_html: str,
    *,
    html: bool | None = None,
    glue: bool = True,
    source: str | None = None,
) -> ParsedPage:
    """Parse a take page (plain text or HTML) into zero, one or many takes.

    Args:
        text_or_html: The page.
        html: Force HTML (``True``) or plain text (``False``); by default it is detected.
        glue: Repair words glued together by a lost space.
        source: Where the page came from, used in error messages.

    Returns:
        The parsed page. Its ``text`` is the input for plain text
        (``span_basis == "input"``) or the text extracted from HTML
        (``span_basis == "extracted_text"``); all spans index it.

    Raises:
        ParseError: The input is not a string, is empty, looks binary, is
            longer than :data:`MAX_CHARS`, or is HTML without any text.
    """
    where = source or "document"
    if not isinstance(text_or_html, str):
        raise ParseError(
            f"{where}: expected text, got {type(text_or_html).__name__}",
            "decode the file first (symposia.core.documents.read_text does it)",
        )
    if len(text_or_html) > MAX_CHARS:
        raise ParseError(
            f"{where}: {len(text_or_html):,} characters is more than the {MAX_CHARS:,} allowed",
            "split the file into one file a page",
        )
    if not text_or_html.strip():
        raise ParseError(f"{where}: the document is empty", "give a file with the take's text")
    sample = text_or_html[:8192]
    plain = sample.replace("\n", "").replace("\t", "").replace("\r", "")
    if not plain.isprintable() and len(_BINARY.findall(sample)) > max(8, len(sample) // 100):
        raise ParseError(
            f"{where}: the document looks binary (control characters)",
            "give a plain-text or HTML file",
        )
    is_html = looks_like_html(text_or_html) if html is None else html
    link_spans = []
    if is_html:
        extracted = html_to_text(text_or_html)
        if not extracted.text.strip():
            raise ParseError(
                f"{where}: the HTML page has no text", "give the page with its article"
            )
        base, basis, link_spans = extracted.text, "extracted_text", extracted.link_spans
    else:
        base, basis = text_or_html, "input"
    clean = clean_text(base, glue=glue)
    page = ParsedPage(text=base, span_basis=basis, repairs=list(clean.repairs))
    paras = build_paragraphs(clean.text, soft_breaks=is_html)
    if link_spans:
        for p in paras:
            s = clean.to_source(p.start, p.end)
            p.link = any(ls.start <= s.start and s.end <= ls.end for ls in link_spans)
    if not paras:
        page.warnings.append("no text after cleaning")
        return page
    hub = _hub_reason(paras)
    if hub:
        page.kind = "hub"
        page.warnings.append(hub)
        return page
    if _names_one_expert(clean.text, paras):
        # "We Asked <Name>": a one-take page, whatever lists of other experts it carries.
        draft, _ = parse_single(clean.text, paras)
        if draft is not None:
            page.takes = [finalize(draft, clean)]
            page.kind = "take"
            return page
    headers = find_headers(clean.text, paras)
    multi = parse_multi(clean.text, paras, headers)
    if multi is not None:
        drafts, warnings = multi
        page.warnings.extend(warnings)
        if not drafts:
            page.kind = "hub"
            return page
        page.takes = [finalize(d, clean) for d in drafts]
        page.kind = "multi" if len(page.takes) > 1 else "take"
        return page
    draft, reason = parse_single(clean.text, paras)
    asked = draft is not None and ("series" in draft.loc or _we_asked(paras))
    # A take published under "We Asked <Name>" is a take; otherwise a page that
    # reads like a news report is not one, whatever bio line it ends with.
    news = None if asked else _news_reason(clean.text, paras)
    if draft is not None and news:
        draft, reason = None, news
    if draft is None:
        single = parse_multi(clean.text, paras, headers, allow_single=True)
        if single is not None and single[0] and not news:
            page.takes = [finalize(d, clean) for d in single[0]]
            page.kind = "take"
            return page
        page.kind = "none"
        page.warnings.append(f"no expert take found: {reason}")
        return page
    page.takes = [finalize(draft, clean)]
    page.kind = "take"
    return page


def _names_one_expert(text: str, paras: list[Para]) -> bool:
    for p in paras[:6]:
        if len(p.text) <= 250 and WE_ASKED.search(p.text):
            return read_headline(text, p.start, p.end, Draft(), None) is not None
    return False


def _we_asked(paras: list[Para]) -> bool:
    return any(WE_ASKED.search(p.text) for p in paras[:6])


def _hub_reason(paras: list[Para]) -> str | None:
    links = sum(1 for p in paras if p.link)
    if links >= 5 and links >= 0.4 * len(paras):
        return f"hub page: {links} of {len(paras)} paragraphs are links to other pages"
    asked = [p for p in paras if len(p.text) < 300 and WE_ASKED.search(p.text)]
    long_paras = [p for p in paras if p.words >= 40]
    if len(asked) >= 3 and 2 * len(long_paras) < len(asked):
        return f"hub page: {len(asked)} take headlines listed"
    return None


def _news_reason(text: str, paras: list[Para]) -> str | None:
    for p in paras[:8]:
        if DATELINE.match(p.text):
            return "news report (dateline)"
    body = [p for p in paras if p.words >= 15]
    if len(body) >= 3:
        reported = sum(1 for p in body if NEWS_REPORTING.search(p.text))
        if reported >= 0.5 * len(body):
            return f"news report ({reported} of {len(body)} paragraphs report what people said)"
    return None
