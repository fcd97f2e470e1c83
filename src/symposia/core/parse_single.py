"""Pages that carry one take: headline, caption, pull quote, note, body, bio, credit."""

from __future__ import annotations

import re

from symposia.core.parse_draft import WE_ASKED, Draft, read_headline, same_name
from symposia.core.parse_layout import (
    ANSWER_LINE,
    BYLINE,
    DATE_LINE,
    EDITOR_NOTE,
    IMAGE_CREDIT,
    QUESTION_LINE,
    Para,
    announced_count,
    is_boilerplate,
    is_caption,
    quoted_inner,
)
from symposia.core.parse_names import (
    HANDLE,
    Person,
    bare_name,
    is_journalist,
    parse_author_bio,
    parse_bio,
)
from symposia.core.text import normalize_ws, split_sentences

_HANDLE_LINE = re.compile(
    r"^(?:(?:follow\s+(?:\w+\s+){0,3}on\s+)?(?:twitter|x)\s*(?:at|:)?\s*)?(@[A-Za-z0-9_]{2,15})\.?$",
    re.IGNORECASE,
)


def is_headline_like(p: Para) -> bool:
    """A short line that is not a sentence: a headline or a heading."""
    t = p.text
    if len(t) > 200 or len(t) < 8 or (t.endswith((".", ",", ";")) and not WE_ASKED.search(t)):
        return False
    if quoted_inner(t) or is_caption(t) or EDITOR_NOTE.match(t) or IMAGE_CREDIT.match(t):
        return False
    return len(t.split()) >= 2


def _front_skip(p: Para) -> bool:
    return is_boilerplate(p) or bool(DATE_LINE.match(p.text)) or bool(BYLINE.match(p.text))


def parse_single(text: str, paras: list[Para]) -> tuple[Draft | None, str | None]:
    """Read a one-take page.

    Returns the draft, or ``None`` and the reason the page holds no take.
    """
    d = Draft()
    used: set[int] = set()
    n = len(paras)
    # Headline: a "We Asked" line near the top, else the first headline-like line.
    head: Para | None = None
    for p in paras[:6]:
        if WE_ASKED.search(p.text) and len(p.text) <= 250:
            head = p
            break
    if head is None:
        for p in paras[:4]:
            if _front_skip(p):
                continue
            if is_headline_like(p):
                head = p
            break
    head_norm = head.text.casefold() if head else None
    front_start = 0
    if head is not None:
        used.add(head.index)
        front_start = head.index + 1
        for p in paras[: head.index]:
            used.add(p.index)  # site furniture above the headline
    # Front matter.
    i = front_start
    bio: Person | None = None
    bio_para: Para | None = None
    while i < n:
        p = paras[i]
        t = p.text
        if _front_skip(p) or (head_norm is not None and t.casefold() == head_norm):
            pass
        elif len(t) < 80 and bare_name(text, p.start, p.end) is not None:
            pass  # a byline that is only the author's name
        elif EDITOR_NOTE.match(t):
            _put_note(d, text, p)
        elif IMAGE_CREDIT.match(t):
            _put_credit(d, text, p)
        elif "caption" not in d.loc and (is_caption(t) or _sandwiched(paras, i, head_norm)):
            d.put("caption", (p.start, p.end))
        elif (
            "pull_quote" not in d.loc
            and (q := _pull_quote_loc(text, p, paras[i + 1 :])) is not None
        ):
            d.put("pull_quote", q)
        elif bio is None and len(t) < 500 and (b := parse_bio(text, p.start, p.end)) is not None:
            bio, bio_para = b, p
        elif len(t) < 400 and _front_follows(paras, i, head_norm):
            # Before the pull quote or the editor's note: a photo caption without a
            # credit (it has a date), or a subtitle; either way not the answer.
            if "caption" not in d.loc and _DATED.search(t):
                d.put("caption", (p.start, p.end))
        else:
            break
        used.add(p.index)
        i += 1
    body_start = i
    # Tail: credit, handle, bio, caption, note, furniture, from the bottom up.
    j = n - 1
    handle_loc = None
    while j >= body_start:
        p = paras[j]
        t = p.text
        if is_boilerplate(p) or (head_norm is not None and t.casefold() == head_norm):
            pass
        elif IMAGE_CREDIT.match(t):
            _put_credit(d, text, p)
        elif _HANDLE_LINE.match(t) is not None:
            h = HANDLE.search(text, p.start, p.end)
            handle_loc = h.span() if h else None
        elif EDITOR_NOTE.match(t) and "editor_note" not in d.loc:
            _put_note(d, text, p)
        elif "caption" not in d.loc and is_caption(t) and len(t) < 300:
            d.put("caption", (p.start, p.end))
        elif bio is None and len(t) < 900 and (b := _tail_bio(text, p, head)) is not None:
            bio, bio_para = b, p
            used.add(p.index)
            j -= 1
            break
        elif WE_ASKED.search(t) and len(t) < 250:
            pass  # a link to another take in the series
        elif bare_name(text, p.start, p.end) is not None or _AUTHOR_BOX.match(t):
            pass  # an author box: the name alone, or "About Jane Roe"
        elif (
            bio is None
            and j - 1 >= body_start
            and len(t) < 500
            and _PRONOUN_BIO.match(t)
            and (b := _tail_bio(text, paras[j - 1], head)) is not None
        ):
            # A bio in two paragraphs: "Jane Roe is ..." then "She previously ...".
            bio, bio_para = b, Para(paras[j - 1].start, p.end, paras[j - 1].text, j - 1)
            used.update({p.index, j - 1})
            j -= 2
            break
        else:
            break
        used.add(p.index)
        j -= 1
    body_end = j + 1
    body = [
        p
        for p in paras[body_start:body_end]
        if not (is_boilerplate(p) or EDITOR_NOTE.match(p.text) or IMAGE_CREDIT.match(p.text))
        and not (head_norm is not None and p.text.casefold() == head_norm)
    ]
    # A pull quote set in the body (web pages repeat one mid-article) is not body text.
    body = _drop_inset_quotes(text, body, d)
    # Question-and-answer interviews: the answers are the body.
    headline_name = None
    if head is not None:
        hint = bio.name_value if bio and bio.name_value else None
        headline_name = read_headline(text, head.start, head.end, d, hint)
    body_locs = [(p.start, p.end) for p in body]
    if sum(1 for p in body if QUESTION_LINE.match(p.text)) >= 2:
        # An interview: the answers are the body; the first question stands in
        # for the question phrase when the headline has none.
        first_q = next(p for p in body if QUESTION_LINE.match(p.text))
        d.put("question", _after_prefix(text, first_q, QUESTION_LINE))
        body_locs = [
            _after_prefix(text, p, ANSWER_LINE) for p in body if not QUESTION_LINE.match(p.text)
        ]
        body = [p for p in body if not QUESTION_LINE.match(p.text)]
        d.layout = "qa"
    if bio is not None and not bio.name_value:
        # "The author is ...": the name comes from the headline.
        if headline_name:
            bio.name = d.loc["_headline_name"]
            bio.name_value = headline_name
        else:
            bio = None
    if bio is not None and bio_para is not None:
        d.put_person(bio)
        if handle_loc and "expert.handle" not in d.loc:
            d.put("expert.handle", handle_loc)
        d.put("bio", _bio_bounds(text, bio, bio_para, d.loc.get("expert.handle")))
    elif handle_loc:
        d.put("expert.handle", handle_loc)
    if headline_name:
        if bio is None:
            d.put("expert.name", d.loc["_headline_name"], headline_name)
            d.warnings.append("no bio line found")
        elif not same_name(headline_name, bio.name_value):
            d.warnings.append(
                f"name in headline and bio differ: {headline_name!r} vs {bio.name_value!r}"
            )
    d.loc.pop("_headline_name", None)
    d.values.pop("_headline_name", None)
    # A take needs an expert and an answer; a page without "We Asked" also needs
    # a bio of somebody who is not the reporting journalist.
    if "expert.name" not in d.loc:
        return None, "no expert named in a headline or bio line"
    if not headline_name and bio is not None:
        title = text[bio.title[0] : bio.title[1]] if bio.title else None
        if is_journalist(title):
            return None, "the bio is a journalist's, not an expert's"
        if bio.title is None and bio.affiliation is None:
            return None, "the bio line gives no title or affiliation"
    if not body or sum(p.words for p in body) < 20:
        return None, "no answer text"
    if d.layout == "qa":
        d.body.extend(body_locs)
    else:
        d.add_body(body)
    if "pull_quote" in d.loc:
        pq = normalize_ws(text[d.loc["pull_quote"][0] : d.loc["pull_quote"][1]])
        if pq not in normalize_ws(" ".join(p.text for p in body)):
            d.warnings.append("pull quote not found in the body")
    if head is None:
        d.warnings.append("no headline found")
    return d, None


_AUTHOR_BOX = re.compile(
    r"(?:[Aa]bout|[Mm]ore\s+(?:by|from)|[Aa]uthor:?)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}:?$"
)
_ATTRIBUTED = re.compile(r"(?P<q>.*[”\"])\s*[-–—]+\s*[^\"“”]{2,80}$")


def _tail_bio(text: str, p: Para, head: Para | None) -> Person | None:
    b = parse_bio(text, p.start, p.end)
    if b is None and head is not None and WE_ASKED.search(head.text):
        b = parse_author_bio(text, p.start, p.end)
    return b


def _pull_quote_loc(text: str, p: Para, rest: list[Para]) -> tuple[int, int] | None:
    """Where the pull quote is in ``p``: quoted, quoted and attributed, or repeated later."""
    raw = text[p.start : p.end]
    inner = quoted_inner(raw)
    if inner is None:
        m = _ATTRIBUTED.fullmatch(raw.rstrip())
        if m:
            inner = quoted_inner(m.group("q"))
    if inner is not None:
        return p.start + inner[0], p.start + inner[1]
    # An unquoted pull quote (a <blockquote> on the web) is a sentence the body repeats.
    if len(p.text) > 350 or len(p.text.split()) < 6:
        return None
    later = " ".join(x.text for x in rest[:40])
    if p.text in later and not any(x.text == p.text for x in rest):
        return p.start, p.end
    return None


def _drop_inset_quotes(text: str, body: list[Para], d: Draft) -> list[Para]:
    out = []
    for i, p in enumerate(body):
        if len(p.text) <= 350 and len(body) > 2:
            inner = quoted_inner(p.text)
            core = p.text[inner[0] : inner[1]] if inner else p.text
            one_sentence = inner is not None or len(split_sentences(core)) == 1
            # Only nearby paragraphs: an inset quote sits close to its source, and a
            # page of thousands of short paragraphs must not cost a quadratic scan.
            near = body[max(0, i - 12) : i + 13]
            if (
                one_sentence
                and len(core.split()) >= 6
                and any(core in o.text and o is not p for o in near)
            ):
                if "pull_quote" not in d.loc:
                    loc = _quoted_loc(text, p) if inner else (p.start, p.end)
                    d.put("pull_quote", loc)
                continue
        out.append(p)
    return out


_PRONOUN_BIO = re.compile(
    r"(?:She|He|They)\s+(?:is\s+also|was|has|had|also|previously|currently|holds|held|served|"
    r"serves|worked|works|earned|received|teaches|taught|writes|wrote|leads|led|directs|"
    r"specializes|focuses|joined)\b"
)
_FOLLOW = re.compile(r"(?:follow|find)\b.{0,60}(?:twitter|x|@)|(?:twitter|x)\s*:", re.IGNORECASE)


def _bio_bounds(text: str, bio: Person, p: Para, handle: tuple[int, int] | None) -> tuple[int, int]:
    """The bio line without its "About the author:" label or a trailing handle or "follow me"."""
    start = bio.start if bio.start is not None else p.start
    end = p.end
    if handle and p.start <= handle[0] < p.end:
        sents = split_sentences(text, start, end)
        last = sents[-1] if sents else None
        if (
            last is not None
            and last.start <= handle[0]
            and len(sents) > 1
            and (_FOLLOW.search(text[last.start : last.end]) or last.start == handle[0])
        ):
            end = last.start
        elif normalize_ws(text[handle[1] : end]) in {"", ")", "."}:
            end = handle[0]
    while end > start and text[end - 1] in " \t\n(":
        end -= 1
    return start, end


_DATED = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
    r"|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{4}\b"
)


def _front_follows(paras: list[Para], i: int, head_norm: str | None) -> bool:
    """Whether the next paragraph is still front matter (pull quote, note, headline copy)."""
    if i + 1 >= len(paras):
        return False
    cur, nxt = paras[i].text, paras[i + 1].text
    if len(split_sentences(cur)) > 2:
        return False  # an opening paragraph of the answer, not a caption or subtitle
    if EDITOR_NOTE.match(nxt) or (head_norm is not None and nxt.casefold() == head_norm):
        return True
    inner = quoted_inner(nxt)
    # A quotation of this very paragraph is an inset pull quote inside the body.
    return inner is not None and paras[i + 1].words < 60 and nxt[inner[0] : inner[1]] not in cur


def _sandwiched(paras: list[Para], i: int, head_norm: str | None) -> bool:
    """A paragraph between a headline and its repetition is a photo caption."""
    if head_norm is None or i + 1 >= len(paras):
        return False
    return paras[i + 1].text.casefold() == head_norm and len(paras[i].text) < 600


def _quoted_loc(text: str, p: Para) -> tuple[int, int] | None:
    inner = quoted_inner(text[p.start : p.end])
    return (p.start + inner[0], p.start + inner[1]) if inner else None


def _after_prefix(text: str, p: Para, rx: re.Pattern[str]) -> tuple[int, int]:
    m = rx.match(text, p.start, p.end)
    return (m.end() if m else p.start, p.end)


def put_note(d: Draft, text: str, p: Para) -> None:
    """Record an editor's note and the number of takes it announces."""
    _put_note(d, text, p)


def _put_note(d: Draft, text: str, p: Para) -> None:
    if "editor_note" in d.loc:
        return
    d.put("editor_note", (p.start, p.end))
    d.announced = announced_count(p.text)


def put_credit(d: Draft, text: str, p: Para) -> None:
    """Record an image credit ("Image: Reuters" -> "Reuters")."""
    _put_credit(d, text, p)


def _put_credit(d: Draft, text: str, p: Para) -> None:
    m = IMAGE_CREDIT.match(text, p.start, p.end)
    if m:
        a, b = m.span("credit")
        while b > a and text[b - 1] in " .\t\n":
            b -= 1
        d.put("image_credit", (a, b))


def strip_answer_prefix(text: str, p: Para) -> tuple[int, int]:
    """The paragraph without a leading "A:" marker."""
    return _after_prefix(text, p, ANSWER_LINE)
