"""Pages with many experts: each answer headed by its expert, or signed after it.

Layouts read:

* headers: "Jane Roe, Senior Fellow at the Org:" (answer on the same line or
  below), "Jane Roe , Senior Fellow", "Lt. Col. Jane Roe, USA, Ret.:",
  "JANE ROE Senior Fellow, Org", "Jane Roe (Fellow, Org):";
* attributions after the answer: "-Principal Fellow, Jane Roe";
* question and answer: "Q: ..." lines, each followed by answers that start
  with "Jane Roe:"; an expert's answers to several questions make one take.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from symposia.core.parse_draft import WE_ASKED, Draft, read_headline
from symposia.core.parse_layout import (
    BYLINE,
    DATE_LINE,
    EDITOR_NOTE,
    IMAGE_CREDIT,
    QUESTION_LINE,
    Para,
    is_boilerplate,
    is_caption,
    quoted_inner,
)
from symposia.core.parse_names import (
    Header,
    bare_name,
    is_journalist,
    parse_bio,
    parse_header,
    role_line,
)
from symposia.core.parse_single import is_headline_like, put_credit, put_note

MIN_WORDS = 12  # fewer words than this is a teaser on a hub page, not an answer


@dataclass(slots=True)
class _Section:
    header: Header
    header_para: Para
    paras: list[tuple[int, int]] = field(default_factory=list)
    words: int = 0
    question: tuple[int, int] | None = None


def find_headers(text: str, paras: list[Para]) -> dict[int, Header]:
    """Every paragraph that heads or signs an answer, by paragraph index."""
    out: dict[int, Header] = {}
    skip_to = -1
    for i, p in enumerate(paras):
        if i <= skip_to or len(p.text) > 2000 or p.link:
            continue
        if len(p.text) > 220 and ":" not in p.text[:220]:
            continue  # a long paragraph without an early colon is answer text, not a header
        h = parse_header(text, p.start, p.end)
        if h is None and len(p.text) < 80:
            person = bare_name(text, p.start, p.end)
            if person is not None:
                role = None
                if i + 1 < len(paras):
                    nxt = paras[i + 1]
                    role = role_line(text, nxt.start, nxt.end)
                if role is not None:
                    person.title, person.affiliation = role
                    h = Header(person, "role", None, skip=1)
                    skip_to = i + 1
                else:
                    h = Header(person, "bare", None)
        if h is not None:
            out[p.index] = h
    return out


def parse_multi(
    text: str, paras: list[Para], headers: dict[int, Header], *, allow_single: bool = False
) -> tuple[list[Draft], list[str]] | None:
    """Read a page with several answers; ``None`` when it is not laid out that way.

    With ``allow_single``, one header ("Jane Roe, Fellow at X:") over one
    answer is read as a take too.
    """
    attributions = {i: h for i, h in headers.items() if h.form == "attribution"}
    heads = {i: h for i, h in headers.items() if h.form != "attribution"}
    strong = {i: h for i, h in heads.items() if h.form in {"role", "caps"}}
    named = {i: h for i, h in heads.items() if h.form in {"name", "bare"}}
    if len(attributions) >= 2 and len(attributions) >= len(strong):
        sections = _by_attribution(text, paras, attributions)
        layout = "attribution"
    elif (
        _distinct(strong) >= 2
        or _distinct(named) >= 2
        or (_distinct({**strong, **named}) >= 2 and named)
    ):
        use = strong if len(strong) >= 2 and len(named) < 2 else {**strong, **named}
        sections = _by_header(text, paras, use)
        layout = "qa" if any(QUESTION_LINE.match(p.text) for p in paras) else "header"
    elif allow_single and len(strong) == 1:
        (only,) = strong.values()
        t = only.person.title
        if t is not None and is_journalist(text[t[0] : t[1]]):
            return None
        sections = _by_header(text, paras, strong)
        layout = "header"
    else:
        return None
    if len(sections) < (1 if allow_single else 2) and layout != "qa":
        return None
    page = Draft()
    head_para = _page_head(text, paras, page)
    warnings: list[str] = []
    merged = _merge_same_expert(sections)
    drafts = []
    short = 0
    for s in merged:
        teaser = len(s.paras) == 1 and quoted_inner(text[s.paras[0][0] : s.paras[0][1]]) is not None
        if s.words < MIN_WORDS or teaser:
            short += 1
            continue
        d = Draft(layout=layout)
        d.put_person(s.header.person)
        _copy_page_fields(page, d)
        if s.question:
            d.loc.pop("question", None)
            d.put("question", s.question)
        body = list(s.paras)
        if body:
            # A quotation that opens the answer and comes back in it is its pull quote.
            a, b = body[0]
            inner = quoted_inner(text[a:b])
            if inner and len(body) > 1:
                d.put("pull_quote", (a + inner[0], a + inner[1]))
                body = body[1:]
            a, b = body[-1]
            bio = parse_bio(text, a, b, s.header.person.name_value)
            if (
                bio is not None
                and len(body) > 1
                and _same(bio.name_value, s.header.person.name_value)
            ):
                d.put_person(bio)
                d.put("bio", (a, b))
                body = body[:-1]
        d.body = body
        drafts.append(d)
    if short and not drafts:
        return [], [f"hub page: {short} experts listed without an answer"]
    if short:
        warnings.append(f"{short} header(s) without an answer skipped")
    if head_para is None:
        warnings.append("no headline found")
    return drafts, warnings


def _distinct(heads: dict[int, Header]) -> int:
    return len({h.person.name_value.casefold() for h in heads.values()})


def _same(a: str, b: str) -> bool:
    from symposia.core.parse_draft import same_name

    return same_name(a, b)


def _page_head(text: str, paras: list[Para], page: Draft) -> Para | None:
    head = None
    for p in paras[:5]:
        if WE_ASKED.search(p.text) or is_headline_like(p):
            head = p
            break
        if not (is_boilerplate(p) or DATE_LINE.match(p.text) or BYLINE.match(p.text)):
            break
    if head is not None:
        read_headline(text, head.start, head.end, page, None)
        page.loc.pop("_headline_name", None)
        page.values.pop("_headline_name", None)
    for p in paras:
        if EDITOR_NOTE.match(p.text):
            put_note(page, text, p)
        elif IMAGE_CREDIT.match(p.text):
            put_credit(page, text, p)
        elif "caption" not in page.loc and is_caption(p.text) and p.index < 4:
            page.put("caption", (p.start, p.end))
    if "question" not in page.loc:
        for p in paras[:8]:
            q = QUESTION_LINE.match(text, p.start, p.end)
            if q:
                page.put("question", (q.end(), p.end))
                break
    return head


def _copy_page_fields(page: Draft, d: Draft) -> None:
    for k in ("headline", "series", "question", "editor_note", "caption", "image_credit"):
        if k in page.loc:
            d.put(k, page.loc[k], page.values.get(k))
    d.announced = page.announced


def _skip(p: Para) -> bool:
    t = p.text
    return (
        is_boilerplate(p)
        or bool(EDITOR_NOTE.match(t))
        or bool(IMAGE_CREDIT.match(t))
        or bool(DATE_LINE.match(t))
        or p.link
    )


def _by_header(text: str, paras: list[Para], heads: dict[int, Header]) -> list[_Section]:
    sections: list[_Section] = []
    cur: _Section | None = None
    question: tuple[int, int] | None = None
    skip_to = -1
    for p in paras:
        if p.index <= skip_to:
            continue
        if p.index in heads:
            h = heads[p.index]
            cur = _Section(h, p, question=question)
            sections.append(cur)
            skip_to = p.index + h.skip
            if h.inline is not None:
                _add(cur, text, h.inline, p.end)
            continue
        q = QUESTION_LINE.match(text, p.start, p.end)
        if q:
            question = (q.end(), p.end)
            cur = None
            continue
        if cur is None or _skip(p):
            continue
        _add(cur, text, p.start, p.end)
    return sections


def _add(s: _Section, text: str, a: int, b: int) -> None:
    s.paras.append((a, b))
    s.words += len(text[a:b].split())


def _by_attribution(text: str, paras: list[Para], atts: dict[int, Header]) -> list[_Section]:
    first = min(atts)
    start = 0
    for p in paras[:first]:
        t = p.text
        if (
            p.index == 0
            or WE_ASKED.search(t)
            or t.endswith(("?", ":"))
            or EDITOR_NOTE.match(t)
            or is_caption(t)
            or _skip(p)
            or BYLINE.match(t)
        ):
            start = p.index + 1
    sections: list[_Section] = []
    pending: list[Para] = []
    for p in paras[start:]:
        if p.index in atts:
            s = _Section(atts[p.index], p)
            for q in pending:
                _add(s, text, q.start, q.end)
            sections.append(s)
            pending = []
            continue
        if not _skip(p):
            pending.append(p)
    return sections


def _merge_same_expert(sections: list[_Section]) -> list[_Section]:
    """One take per expert: answers by the same person to several questions are merged."""
    by_key: dict[str, _Section] = {}
    out: list[_Section] = []
    for s in sections:
        key = s.header.person.name_value.casefold()
        if key in by_key:
            prev = by_key[key]
            prev.paras.extend(s.paras)
            prev.words += s.words
            continue
        by_key[key] = s
        out.append(s)
    return out
