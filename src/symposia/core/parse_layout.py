"""Paragraphs and the kinds of lines a take page is made of.

Works on the cleaned text (see :mod:`symposia.core.repair`); every paragraph
keeps its ``[start, end)`` offsets in that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symposia.core.text import Span


@dataclass(slots=True)
class Para:
    """One paragraph of the cleaned text.

    Attributes:
        start: Offset of its first character in the cleaned text.
        end: Offset after its last character.
        text: Its text with whitespace collapsed to single spaces.
        index: Position among the page's paragraphs.
        link: Whether it is mostly link text (HTML input only).
    """

    start: int
    end: int
    text: str
    index: int
    link: bool = False

    @property
    def words(self) -> int:
        """Number of words (``text`` is single-spaced, so counting spaces is enough)."""
        return self.text.count(" ") + 1 if self.text else 0


_TERMINAL = re.compile(r"[.!?:;\"”’)\]]\s*$")
_FUNCTION_END = re.compile(
    r"\b(?:the|a|an|of|to|in|on|and|or|but|for|with|that|which|by|from|as|at|its|their|is|"
    r"are|was|were|be|has|have|will|would|could|should|this|these|those|not|than)$"
)
_SPECIAL_START = re.compile(
    r"(?:[-–—]\s*\S|[\"“”]|(?:Q|A|Question|Answer)\s*\d*\s*[:.)]|Image|Photo|Editor|"
    r"[A-Z][A-Z.'-]+\s+[A-Z][A-Z.'-]+\b|\d+[.)]\s)"
)


def build_paragraphs(
    text: str, link_spans: list[Span] | None = None, *, soft_breaks: bool = False
) -> list[Para]:
    """Split cleaned text into paragraphs.

    A blank line always ends a paragraph. A single line break ends one too,
    unless the break is a hard wrap inside a sentence (with ``soft_breaks``,
    for text extracted from HTML, a ``<br>`` inside a paragraph joins unless
    it follows a short heading-like line or precedes a header, credit or quote): the next
    line starts in
    lower case, or the line ends mid-sentence (a comma, a lower-case word, a
    function word) without being a heading, or the page is hard-wrapped at a
    fixed width and the line reaches that width.
    """
    lines: list[tuple[int, int]] = []  # (start, end) of non-blank lines; (-1, -1) for blanks
    pos = 0
    for raw in text.split("\n"):
        a, b = pos, pos + len(raw)
        pos = b + 1
        stripped = raw.strip()
        if not stripped:
            lines.append((-1, -1))
            continue
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        lines.append((a + lead, b - trail))
    width = _wrap_width([b - a for a, b in lines if a >= 0])
    blanks = sum(1 for i in range(1, len(lines)) if lines[i][0] < 0 and lines[i - 1][0] >= 0)
    # A hard-wrapped page whose paragraphs are separated by blank lines: every
    # single line break inside a paragraph is a wrap.
    wrapped_blocks = bool(width) and blanks >= 2
    groups: list[list[tuple[int, int]]] = []
    prev: tuple[int, int] | None = None
    for ln in lines:
        if ln[0] < 0:
            prev = None
            continue
        if prev is not None and (
            (
                (wrapped_blocks or (soft_breaks and not _heading_like(text[prev[0] : prev[1]])))
                and not _SPECIAL_START.match(text[ln[0] : ln[1]])
            )
            or _joins(text, prev, ln, width)
        ):
            groups[-1].append(ln)
        else:
            groups.append([ln])
        prev = ln
    links = link_spans or []
    paras = []
    for i, g in enumerate(groups):
        start, end = g[0][0], g[-1][1]
        body = " ".join(text[a:b] for a, b in g)
        is_link = any(s.start <= start and end <= s.end for s in links)
        paras.append(Para(start, end, " ".join(body.split()), i, is_link))
    return paras


def _heading_like(line: str) -> bool:
    return (len(line) < 120 and not _TERMINAL.search(line)) or line.rstrip().endswith(":")


def _wrap_width(lengths: list[int]) -> int:
    """The width a hard-wrapped page is wrapped at, or 0 when it is not hard-wrapped."""
    if len(lengths) < 6:
        return 0
    ordered = sorted(lengths)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    if not 40 <= p90 <= 100:
        return 0
    near = sum(1 for n in lengths if p90 - 20 <= n <= p90 + 5)
    return p90 if near >= len(lengths) * 0.4 else 0


def _joins(text: str, prev: tuple[int, int], nxt: tuple[int, int], width: int) -> bool:
    a = text[prev[0] : prev[1]]
    b = text[nxt[0] : nxt[1]]
    if _SPECIAL_START.match(b) or looks_like_header_line(b):
        return False
    first = b[0]
    if _TERMINAL.search(a):
        # A sentence may end at a wrap; only a lower-case continuation joins then.
        return bool(width) and len(a) >= width * 0.75 and first.islower()
    if first.islower() or first in ",;)":
        return True
    if width and len(a) >= width * 0.75:
        return True
    tail = a.rstrip()
    return len(a) >= 40 and (tail.endswith((",", "-", "–")) or bool(_FUNCTION_END.search(tail)))


# --- kinds of paragraph ---------------------------------------------------------------------

EDITOR_NOTE = re.compile(
    r"(?:\*+\s*)?(?:editor[’'`]?s?[’'`]?\s+note|editors[’'`]\s+note|note\s+from\s+the\s+editors?|"
    r"editorial\s+note)\s*[:.\-–—]\s*",
    re.IGNORECASE,
)
IMAGE_CREDIT = re.compile(
    r"(?:(?:top|cover|featured|header|main|lead)\s+)?(?:image|images|photo|photos|picture|"
    r"photograph|image\s+credit|photo\s+credit|photo\s+courtesy|credit)\s*[:：]\s*(?P<credit>\S.{0,80})$",
    re.IGNORECASE,
)
_CAPTION_MARK = re.compile(
    r"(?:REUTERS/|Reuters/|\bAP Photo\b|\bAFP\b|Getty Images|\bPicture taken\b|"
    r"\bPhoto(?:graph)?\s+by\b|"
    r"\(Photo\b|\bFile photo\b|\bFILE PHOTO\b|\bYONHAP\b|\bKCNA\b.*\bvia\b|\bEPA\b|/Pool\b|"
    r"\bShutterstock\b|\bWikimedia\b|\bFlickr\b|^Caption\s*:)"
)
_CAPTION_KEYS = (
    "REUTERS",
    "Reuters/",
    "AP Photo",
    "AFP",
    "Getty",
    "Picture taken",
    "Photo",
    "photo",
    "PHOTO",
    "YONHAP",
    "KCNA",
    "EPA",
    "/Pool",
    "Shutterstock",
    "Wikimedia",
    "Flickr",
    "Caption",
)
BOILERPLATE = re.compile(
    r"(?:read\s+more\b.{0,80}|continue\s+reading\b.{0,40}|share(?:\s+this)?(?:\s+\w+)?:?|tweet|"
    r"subscribe\b.{0,80}|sign\s+up\b.{0,80}|advertisement|related(?:\s+(?:articles?|posts?|"
    r"stories|content|reading))?:?.{0,80}|tags?:.{0,120}|filed\s+under:?.{0,120}|"
    r"(?:copyright|©).{0,120}|all\s+rights\s+reserved.{0,40}|print|email|e-mail|facebook|"
    r"twitter|linkedin|reddit|whatsapp|comments?(?:\s+\(\d+\))?|leave\s+a\s+(?:comment|reply)|"
    r"skip\s+to\s+\w+(?:\s+\w+)?|menu|search|home|next\s+(?:article|post|story).{0,120}|"
    r"previous\s+(?:article|post|story).{0,120}|click\s+here\b.{0,80}|you\s+may\s+also\s+like.{0,40}|"
    r"more\s+from\b.{0,60}|listen\s+(?:to\s+)?(?:this|the)\s+(?:article|story).{0,40}|"
    r"\d+\s+min(?:ute)?s?\s+read|photo\s+gallery|sponsored(?:\s+content)?|more\s+stories|"
    r"most\s+(?:read|popular).{0,40}|"
    r"(?:this|the)\s+(?:article|piece|post|commentary|essay)\s+(?:was\s+)?(?:first|originally)\s+"
    r"(?:appeared|published|ran)\b.{0,160}|(?:originally|first)\s+published\s+(?:in|by|at|on)\b.{0,160}|"
    r"(?:the\s+)?(?:views|opinions)\s+expressed\b.{0,200}|view\s+all\s+(?:posts|articles|stories)\b.{0,80}|"
    r"(?:more|other\s+articles?|recent\s+(?:articles|posts))\s+(?:by|from)\b.{0,80}|posted\s+(?:in|on|by)\b.{0,120}|"
    r"published\s+(?:on|in)\b.{0,80}|share\s+(?:on|via)\b.{0,40}|print\s+this.{0,40}|"
    r"(?:recent|latest|trending|popular)(?:\s+(?:articles|posts|stories|news))?|newsletter.{0,80}|"
    r"about\s+(?:the\s+)?(?:authors?|us)|image\s+source.{0,80}|(?:photo|image)\s+gallery)$",
    re.IGNORECASE,
)
DATE_LINE = re.compile(
    r"(?:(?:published|updated|posted)\s*:?\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}|"
    r"\d{4}-\d{2}-\d{2})(?:\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\.?$",
    re.IGNORECASE,
)
BYLINE = re.compile(r"(?:by|written\s+by|words\s+by)\s+[A-Z][\w.'’-]+(?:\s+[\w.'’-]+){0,6}$", re.I)
DATELINE = re.compile(
    r"[A-Z][A-Za-z .,'-]{1,40}\s*\((?:Reuters|AP|AFP|Yonhap|Bloomberg|Kyodo|CNN|NPR|UPI)\)\s*[-–—]"
    r"|[A-Z][A-Z .,'-]{2,40}\s*[-–—]\s+[A-Z]"
)
NEWS_REPORTING = re.compile(
    r"\b(?:said|says|told|according to|spokesperson|spokesman|spokeswoman|reported|"
    r"news conference|press briefing)\b"
)
QUESTION_LINE = re.compile(r"(?:Q(?:uestion)?\s*\d*\s*[:.)]|Q\d+\s*[:.)]?)\s*", re.IGNORECASE)
ANSWER_LINE = re.compile(r"(?:A(?:nswer)?\s*\d*\s*[:.)])\s*")
_OPEN_Q = "\"“”„«‘'"
_CLOSE_Q = "\"”“»’'"


def quoted_inner(text: str) -> tuple[int, int] | None:
    """Offsets of the text inside the quote marks when ``text`` is wholly one quotation.

    Accepts straight, curly and mixed quote marks ("like this”).
    """
    t = text.rstrip()
    if len(t) < 12 or t[0] not in _OPEN_Q or t[-1] not in _CLOSE_Q:
        return None
    inner = t[1:-1]
    if any(q in inner for q in '"“”'):
        return None  # two quotations, or a quote followed by an attribution
    a = 1 + (len(inner) - len(inner.lstrip()))
    b = len(t) - 1 - (len(inner) - len(inner.rstrip()))
    return (a, b) if b - a >= 10 else None


def is_caption(text: str) -> bool:
    """Whether a paragraph reads like a photo caption."""
    if len(text) >= 600 or not any(k in text for k in _CAPTION_KEYS):
        return False  # a cheap substring test first: the regex is slow on long text
    return _CAPTION_MARK.search(text) is not None


def is_boilerplate(para: Para) -> bool:
    """Whether a paragraph is site furniture (share buttons, "Read more", copyright)."""
    t = para.text
    if len(t) <= 160 and BOILERPLATE.match(t):
        return True
    return para.link and len(t) < 120 and not t.endswith((".", "?", "!", "”", '"'))


_HEADER_HINT = re.compile(
    r"(?:(?:Dr|Prof|Amb|Gen|Lt|Col|Maj|Capt|Adm|Sen|Rep|Mr|Ms|Mrs)\.?\s+)*"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,4}\s*(?:,|\(|:)"
)


def looks_like_header_line(line: str) -> bool:
    """A cheap test for a line that may head an expert's answer ("Jane Roe, Fellow:")."""
    return len(line) < 160 and (
        line.rstrip().endswith(":") and _HEADER_HINT.match(line) is not None
    )


def announced_count(text: str) -> int | None:
    """The number of takes a note announces ("all 80 expert takes"), if it names one."""
    m = re.search(
        r"\b(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")(?:\s+|-)(?:more\s+|other\s+)?(?:expert\s+|"
        r"leading\s+|top\s+)?(?:takes|experts|responses|answers|perspectives|contributions|"
        r"views|predictions|voices|analysts|specialists|scholars|opinions)\b",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = {w: i for i, w in enumerate(_ONES.split())} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
