"""A take under construction, in cleaned-text offsets, and its conversion to a ParsedTake."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from symposia.core.parse_layout import Para
from symposia.core.parse_model import Expert, Field, ParsedTake
from symposia.core.parse_names import HONORIFIC, NAME, Person, is_person_name, name_key
from symposia.core.repair import CleanText
from symposia.core.text import normalize_ws

Loc = tuple[int, int]


@dataclass(slots=True)
class Draft:
    """Field locations in the cleaned text; values default to the cleaned text there."""

    loc: dict[str, Loc] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    body: list[Loc] = field(default_factory=list)
    body_values: dict[Loc, str] = field(default_factory=dict)  # known cleaned values
    announced: int | None = None
    layout: str = "single"
    warnings: list[str] = field(default_factory=list)

    def put(self, name: str, loc: Loc | None, value: str | None = None) -> None:
        """Set a field unless it is already set."""
        if loc is None or name in self.loc or loc[1] <= loc[0]:
            return
        self.loc[name] = loc
        if value is not None:
            self.values[name] = value

    def put_person(self, p: Person) -> None:
        """Set the expert fields from a bio line or header, keeping what is already set."""
        self.put("expert.name", p.name, p.name_value)
        self.put("expert.honorific", p.honorific)
        self.put("expert.title", p.title)
        self.put("expert.affiliation", p.affiliation)
        self.put("expert.handle", p.handle)

    def add_body(self, paras: list[Para]) -> None:
        """Append paragraphs to the body."""
        for p in paras:
            self.body.append((p.start, p.end))
            self.body_values[(p.start, p.end)] = p.text


def finalize(d: Draft, clean: CleanText) -> ParsedTake:
    """Turn a draft into a :class:`ParsedTake` with spans into the source."""

    def f(name: str) -> Field | None:
        loc = d.loc.get(name)
        if loc is None:
            return None
        value = d.values.get(name)
        if value is None:
            value = normalize_ws(clean.text[loc[0] : loc[1]])
        return Field(value, clean.to_source(*loc))

    take = ParsedTake(
        expert=Expert(
            f("expert.name"),
            f("expert.honorific"),
            f("expert.title"),
            f("expert.affiliation"),
            f("expert.handle"),
        ),
        headline=f("headline"),
        series=f("series"),
        question=f("question"),
        pull_quote=f("pull_quote"),
        editor_note=f("editor_note"),
        announced_takes=d.announced,
        body=[
            Field(d.body_values.get((a, b)) or normalize_ws(clean.text[a:b]), clean.to_source(a, b))
            for a, b in d.body
        ],
        bio=f("bio"),
        caption=f("caption"),
        image_credit=f("image_credit"),
        layout=d.layout,
        warnings=list(d.warnings),
    )
    spans = [x.span for x in take.body] + [
        v.span for k, v in take.fields().items() if isinstance(v, Field)
    ]
    take.repairs = [
        r
        for r in clean.repairs
        if any(s.start <= r.span.start and r.span.end <= s.end for s in spans)
    ]
    return take


# --- headlines ------------------------------------------------------------------------------

WE_ASKED = re.compile(r"\bwe\s+asked\b", re.IGNORECASE)
_SERIES_SEP = re.compile(r"\s*(?:[–—|:]|\s-\s)\s*$")
_QUESTION_START = re.compile(
    r"(?:What|Where|How|Why|When|Who|Whom|Whose|Which|Whether|If|About|To|For|On|Is|Are|Will|"
    r"Would|Can|Could|Should|Does|Do|Did|Has|Have|Was|Were)\b"
)


_HON_PREFIX = re.compile(rf"(?:{HONORIFIC}\s+)+")
_NAME_RX = re.compile(NAME)


def read_headline(text: str, a: int, b: int, d: Draft, name_hint: str | None) -> str | None:
    """Read "<Series> – We Asked <Name> <question>" in ``text[a:b]`` into ``d``.

    Returns the name found in the headline, if any.
    """
    d.put("headline", (a, b))
    m = WE_ASKED.search(text, a, b)
    if not m:
        return None
    pre = text[a : m.start()]
    sep = _SERIES_SEP.search(pre)
    if sep and sep.start() > 0:
        d.put("series", (a, a + sep.start()))
    pos = m.end()
    while pos < b and text[pos].isspace():
        pos += 1
    rest = text[pos:b]
    name_end = _name_in_headline(rest, name_hint)
    if name_end is None:
        return None
    n0 = pos
    hon = _HON_PREFIX.match(rest)
    if hon:
        n0 += hon.end()
    name = normalize_ws(text[n0 : pos + name_end])
    q = pos + name_end
    while q < b and text[q] in " \t\n:,–—-":
        q += 1
    qe = b
    while qe > q and text[qe - 1] in " \t\n":
        qe -= 1
    if qe > q:
        d.put("question", (q, qe))
    d.values["_headline_name"] = name
    d.loc["_headline_name"] = (n0, pos + name_end)
    return name


def _name_in_headline(rest: str, hint: str | None) -> int | None:
    hon = _HON_PREFIX.match(rest)
    off = hon.end() if hon else 0
    if hint:
        words = hint.split()
        rx = r"\s+".join(re.escape(w) for w in words)
        m = re.match(rx, rest[off:], re.IGNORECASE)
        if m:
            return off + m.end()
    m = _NAME_RX.match(rest, off)
    if not m:
        return None
    words = m.group(0).split()
    # Title case runs the name into the question: stop at the first question word.
    for i in range(2, len(words) + 1):
        cand = " ".join(words[:i])
        if i < len(words) and _QUESTION_START.match(words[i]):
            return off + len(cand) if is_person_name(cand) else None
    cand = " ".join(words)
    while len(cand.split()) > 2 and not is_person_name(cand):
        cand = " ".join(cand.split()[:-1])
    return off + len(cand) if is_person_name(cand) else None


def same_name(a: str, b: str) -> bool:
    """Whether two spellings name the same person (ignoring case, honorifics, initials)."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    return bool(wa and wb) and wa[-1] == wb[-1] and wa[0] == wb[0]
