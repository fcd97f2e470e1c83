"""Names, honorifics, titles and affiliations: bio lines and answer headers.

Everything here works on a raw slice of the cleaned text and returns offsets
relative to that slice, so callers can turn them into spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symposia.core.parse_words import NOT_NAME as _NOT_NAME
from symposia.core.parse_words import ORG_WORDS, TITLE_WORDS
from symposia.core.repair_glue import _zipf
from symposia.core.text import split_sentences

UP = "A-ZÀ-ÖØ-Þ"
LO = "a-zß-öø-ÿ"
_TOK = (
    rf"(?:(?:Mc|Mac|O[’']|D[’']|De|La|Le|Di|Du|Van|Von|St\.\s?)[{UP}][{LO}]+|[{UP}][{LO}]+(?:[-’'][{UP}{LO}][{LO}]+)*"
    rf"|[{UP}]\.(?:\s?[{UP}]\.)?)"
)
_PARTICLE = r"(?:de|da|di|du|del|della|van|von|der|den|bin|ibn|al|el|le|la|dos|das|ter|ten|y)"
_SUFFIX = r"(?:,?\s+(?:Jr\.?|Sr\.?|III|II|IV)(?![\w]))"
NAME = rf"{_TOK}(?:\s+(?:{_PARTICLE}\s+)?{_TOK}){{1,3}}{_SUFFIX}?"
_CAPS_TOK = rf"(?:(?:MC|MAC|O[’'])?[{UP}][{UP}’'-]+|[{UP}]\.)"
CAPS_NAME = rf"{_CAPS_TOK}(?:\s+{_CAPS_TOK}){{1,3}}"
HONORIFIC = (
    r"(?:(?:The\s+)?Hon(?:orable|\.)|Dr\.|Dr\b|Prof\.|Professor|Amb\.|Ambassador|Gen\.|General|"
    r"Lt\.?\s*Gen\.|Lt\.?\s*Col\.|Lieutenant\s+General|Lieutenant\s+Colonel|Maj\.?\s*Gen\.|"
    r"Major\s+General|Brig\.?\s*Gen\.|Brigadier\s+General|Col\.|Colonel|Maj\.|Major|Capt\.|"
    r"Captain|Adm\.|Admiral|Rear\s+Adm(?:iral|\.)|Vice\s+Adm(?:iral|\.)|Sen\.|Senator|Rep\.|"
    r"Representative|Gov\.|Governor|Mr\.|Ms\.|Mrs\.|Rev\.|Sir|Dame|Lord|Lady)"
)
POSTNOM = (
    r"(?:Ph\.\s?D\.?|PhD|Ph\.D|M\.\s?D\.?|MD|J\.\s?D\.?|Ed\.\s?D\.?|D\.\s?Phil\.?|DPhil|"
    r"M\.\s?B\.\s?A\.?|MBA|M\.\s?P\.\s?P\.?|M\.\s?A\.|Esq\.?|OBE|CBE|KBE|MBE|CMG|"
    r"(?:USAF|USMC|USCG|US[AN])\b|U\.S\.\s+(?:Army|Navy|Air\s+Force|Marine\s+Corps)|"
    r"\(?[Rr]et(?:ired|\.)?\)?)"
)

_VERB_IN_TITLE = re.compile(
    r"\b(?:said|says|told|argued|argues|noted|notes|added|adds|wrote|writes|warned|warns|"
    r"believes|thinks|explained|stated|suggested|predicted)\b"
)
_JOURNALIST = re.compile(
    r"\b(?:correspondent|reporter|journalist|staff\s+writer|news\s+anchor|anchor|producer|"
    r"bureau\s+chief|news\s+editor|desk\s+editor|photographer)\b",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,15}\b(?![@.]\w)")


def is_person_name(name: str, *, strict: bool = False) -> bool:
    """Whether ``name`` (2 to 5 words) looks like a person's name rather than a heading.

    Rejects phrases that contain place names, title or organisation words;
    with ``strict`` (a name standing alone on a line, where a heading could
    stand), also phrases made only of very common English words ("Bottom Line").
    """
    words = re.findall(r"[^\s,]+", name)
    if not 2 <= len(words) <= 5:
        return False
    common = 0
    for w in words:
        low = w.lower().strip(".,’'")
        if low in _NOT_NAME or low in TITLE_WORDS or low in ORG_WORDS:
            return False
        if len(low) > 1 and _zipf(low) >= 5.0:
            common += 1
    return not strict or common < len([w for w in words if len(w.strip(".")) > 1])


def is_journalist(title: str | None) -> bool:
    """Whether a title describes a journalist rather than an expert."""
    return bool(title) and _JOURNALIST.search(title or "") is not None


def display_name(raw: str) -> str:
    """A name as it should be shown: single spaces, and title case for names set in capitals."""
    name = " ".join(raw.split()).strip(" ,")
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        words = name.split()
        name = " ".join(
            _title_word(w) if i else _title_word(w).capitalize() for i, w in enumerate(words)
        )
    return name


def _title_word(word: str) -> str:
    if re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word
    if word.lower() in _PARTICLE_SET:
        return word.lower()
    out = re.sub(r"[A-ZÀ-ÖØ-Þ]+", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), word)
    return re.sub(r"^(Mc|O[’'])([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)


def name_key(name: str) -> str:
    """A key for comparing two spellings of a name: case-folded, without honorifics or initials."""
    n = re.sub(rf"^(?:{HONORIFIC}\s+)+", "", name.strip())
    words = [w.strip(".,").casefold() for w in n.split()]
    return " ".join(w for w in words if len(w) > 1 and w not in {"jr", "sr", "ii", "iii", "iv"})


# --- title and affiliation ----------------------------------------------------------------

_LEAD = re.compile(
    r"^(?:(?:currently|also|now|presently|both|serving|serves|served|as|an?|the|one\s+of\s+the)\s+)+",
    re.IGNORECASE,
)
_AFF_CUT = re.compile(
    r",\s+(?=[a-z])|;|\s+\(|\s+and\s+(?=[a-z])|\s+and\s+(?:the\s+)?(?=[A-Z][a-z]+\s+(?:at|of)\s)|"
    r",?\s+and\s+the\s+(?=[A-Z])|\s+(?:where|who|which|since|until|from\s+\d|based\s+in)\b|"
    r"\s+@\w|\s+[-–—]\s+|,\s+(?=(?:and\s+)?(?:is|was|has|a|an)\s)"
)
_PLACE_TAIL = re.compile(rf"\s+in\s+[{UP}][\w.]*(?:[\s,]+[{UP}][\w.]*){{0,2}}\s*$")
_ABBREV_END = re.compile(r"(?:\b(?:Inc|Ltd|Co|Corp|Jr|Sr|Bros|Assn)\.|\b(?:[A-Z]\.){2,})$")
_DESCRIPTORS = re.compile(r"(?:[a-z][\w-]*,?\s+){1,5}(?=[A-Z0-9])")


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:–—-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:–—-"):
        b -= 1
    if b > a and text[b - 1] == "." and not _ABBREV_END.search(text[a:b]):
        b -= 1
    return a, b


def affiliation_bounds(text: str, a: int, b: int) -> tuple[int, int] | None:
    """Trim an organisation phrase ``text[a:b]`` to the organisation's name."""
    seg = text[a:b]
    m = re.match(r"\s*(?:the\s+)?", seg, re.IGNORECASE)
    off = m.end() if m else 0
    d = _DESCRIPTORS.match(seg, off)
    if d:
        off = d.end()
    cut = _AFF_CUT.search(seg, off)
    end = cut.start() if cut else len(seg)
    pt = _PLACE_TAIL.search(seg[:end])
    if pt and pt.start() > off:
        end = pt.start()
    s, e = _trim(text, a + off, a + end)
    if e <= s or not (text[s].isupper() or text[s].isdigit()):
        return None
    return s, e


def _has_keyword(phrase: str, words: frozenset[str]) -> bool:
    return any(w.strip(".,()’'").lower() in words for w in phrase.split())


def title_and_affiliation(
    text: str, a: int, b: int
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Split a role phrase ``text[a:b]`` ("a senior fellow at the Org") into title and affiliation.

    Returns offsets into ``text`` for each part found.
    """
    seg = text[a:b]
    lead = _LEAD.match(seg)
    t0 = lead.end() if lead else 0
    for m in re.finditer(r"\s+(?:at|with)\s+|,\s+(?=(?:the\s+)?[A-Z])", seg[t0:]):
        s0 = t0 + m.start()
        s1 = t0 + m.end()
        aff = affiliation_bounds(text, a + s1, b)
        if aff is None:
            continue
        if m.group(0).lstrip().startswith(",") and not _org_like(text[aff[0] : aff[1]]):
            # "Senior Fellow, Korea Studies, Council on Foreign Relations": the
            # organisation is the last part that looks like one.
            continue
        title = _trim(text, a + t0, a + s0)
        return (title if title[1] > title[0] else None), aff
    of = re.search(r"\s+(?:of|for)\s+(?=(?:the\s+)?[A-Z])", seg[t0:])
    if of:
        m = of
        before = seg[t0 : t0 + m.start()]
        last = before.split()[-1].lower() if before.split() else ""
        if last in TITLE_WORDS or last.rstrip("s") in TITLE_WORDS:
            aff = affiliation_bounds(text, a + t0 + m.end(), b)
            obj = text[aff[0] : aff[1]] if aff else ""
            # "Professor of International Law", "Director of the Asia Program": the
            # object is a field or a unit, part of the title, not the organisation.
            if (
                aff is not None
                and _org_like(obj)
                and not re.search(
                    r"\b(?:Program|Programme|Studies|Department|Division|Desk|Law|Policy)$", obj
                )
            ):
                title = _trim(text, a + t0, a + t0 + m.start())
                return (title if title[1] > title[0] else None), aff
    title = _trim(text, a + t0, b)
    cut = re.search(r",\s+(?=[a-z])|;|\s+@\w", text[title[0] : title[1]])
    if cut:
        title = _trim(text, title[0], title[0] + cut.start())
    if title[1] <= title[0]:
        return None, None
    phrase = text[title[0] : title[1]]
    if not _has_keyword(phrase, TITLE_WORDS) and _org_like(phrase):
        return None, title
    return title, None


def _org_like(phrase: str) -> bool:
    return _has_keyword(phrase, ORG_WORDS) or bool(re.fullmatch(r"[A-Z][A-Za-z&.\-]{1,10}", phrase))


def _is_field(phrase: str) -> bool:
    """A field of study or a programme, not an organisation ("Korea Studies", "Asia Program")."""
    return _FIELD_END.search(phrase) is not None


_FIELD_END = re.compile(r"\b(?:Studies|Program|Programme|Affairs|Policy|Law|Economics)$")


def split_role_parts(
    text: str, a: int, b: int
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Title and affiliation from a header's role phrase ("Senior Fellow, Center for X").

    "at"/"with" splits win; otherwise the last comma part that names an
    organisation is the affiliation and everything before it the title.
    """
    seg = text[a:b]
    if re.search(r"\s(?:at|with)\s", seg):
        return title_and_affiliation(text, a, b)
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,]+", seg)]
    for i in range(len(parts) - 1, 0, -1):
        p0, p1 = parts[i]
        phrase = seg[p0:p1].strip()
        # The last part names the organisation when it is capitalised and is no title
        # ("Senior Fellow, Defense Priorities"); an earlier part only when it looks like one.
        last = i == len(parts) - 1 and phrase[:1].isalnum() and not phrase[:1].islower()
        last = last and not _is_field(phrase)
        if (last or _org_like(phrase)) and not _has_keyword(phrase, TITLE_WORDS):
            title = _trim(text, a, a + parts[i - 1][1])
            aff = affiliation_bounds(text, a + p0, b)
            return (title if title[1] > title[0] else None), aff
    return title_and_affiliation(text, a, b)


# --- bio lines ------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    """What a bio line or an answer header says about its expert (offsets into the text)."""

    name: tuple[int, int]
    name_value: str
    honorific: tuple[int, int] | None = None
    title: tuple[int, int] | None = None
    affiliation: tuple[int, int] | None = None
    handle: tuple[int, int] | None = None
    end: int = 0  # end of the header or bio sentence
    start: int | None = None  # where a bio line starts after a label ("About the author:")


_TITLE_PREFIX = (
    r"(?:(?:Senior|Junior|Principal|Distinguished|Visiting|Nonresident|Non-resident|Adjunct|"
    r"Associate|Assistant|Research|Executive|Deputy|Managing|Program|Former)\s+){0,3}"
    r"(?:Fellow|Director|Analyst|Researcher|Scholar|Adviser|Advisor|Associate|Editor|Economist)"
)
_BIO = re.compile(
    rf"(?P<lead>(?i:(?:about\s+the\s+authors?|the\s+author|author|bio|about)\s*[:.,–—-]?\s*)?)"
    rf"(?:(?P<pre>{HONORIFIC}(?:\s+{HONORIFIC})*)\s+|(?P<tpre>{_TITLE_PREFIX})\s+)?"
    rf"(?P<name>{NAME})"
    rf"(?:\s*\((?P<h>@[A-Za-z0-9_]{{2,15}})\))?"
    rf"(?P<post>(?:\s*,\s*{POSTNOM}(?:\s*,?\s*{POSTNOM})*)?)"
    rf"(?P<rest>\s*,?\s+(?:is|was|serves|served|has\s+(?:been|served|worked)|holds|works|leads|"
    rf"directs|heads|teaches|researches|specializes|currently|joined|is\s+currently|runs|manages|"
    rf"oversees|chairs|covers|studies|focuses)\b"
    rf"|\s*,\s*(?=(?:a|an|the|former|senior|associate|assistant)\s))",
)


def parse_bio(text: str, a: int, b: int, name_hint: str | None = None) -> Person | None:
    """Read a bio line ("Jane Roe, Ph.D., is a Fellow at the Org.") in ``text[a:b]``.

    Args:
        text: The cleaned page text.
        a: Start of the paragraph.
        b: End of the paragraph.
        name_hint: The expert's name from the headline, when known; a bio
            that names somebody else is still read (the caller warns).
    """
    m = _BIO.match(text, a, b)
    if not m:
        return None
    name_raw = m.group("name")
    if m.group("lead") == "" and m.group("pre") is None and not _name_case_ok(name_raw):
        return None
    if not is_person_name(name_raw):
        return None
    if m.group("pre") and re.fullmatch(r"(?:Sir|Dame|Lord|Lady|Major|General)", m.group("pre")):
        pass
    # Bio sentences come in one case: "The Author" or "JANE ROE IS" are not bios.
    if not any(c.islower() for c in name_raw):
        return None
    person = Person(m.span("name"), display_name(name_raw))
    person.start = m.end("lead")
    if m.group("tpre"):
        person.title = m.span("tpre")
    if m.group("pre"):
        person.honorific = m.span("pre")
    elif m.group("post") and m.group("post").strip(" ,"):
        ps, pe = m.span("post")
        ps, pe = _trim_keep_dot(text, ps, pe)
        person.honorific = (ps, pe)
    if m.group("h"):
        person.handle = m.span("h")
    rest_start = m.end("rest")
    sent_end = b
    for s in split_sentences(text, a, b):
        if s.start <= rest_start < s.end or s.start >= rest_start:
            sent_end = s.end
            break
    verb = re.match(
        r"\s*(?:(?:is|was|serves|served|has\s+(?:been|served|worked)|holds|works|leads|directs|"
        r"heads|teaches|joined|currently)\s+)*(?:(?:as|at|in)\s+)?",
        text[rest_start:sent_end],
        re.IGNORECASE,
    )
    role_start = rest_start + (verb.end() if verb else 0)
    # An appositive ("Jane Roe, a senior fellow at X, is ...") ends at the comma before "is".
    appos = re.search(r",\s+(?:is|was|has|who|and\s+is)\b", text[role_start:sent_end])
    role_end = role_start + appos.start() if appos else sent_end
    title, aff = title_and_affiliation(text, role_start, role_end)
    if appos and aff is None:
        # "Jane Roe, a retired colonel, is a senior fellow at X": the main clause has the job.
        main = re.match(
            r",\s+(?:is|was|and\s+is)\s+(?:(?:currently|also|now)\s+)?",
            text[role_start + appos.start() : sent_end],
        )
        if main:
            s2 = role_start + appos.start() + main.end()
            t2, a2 = title_and_affiliation(text, s2, sent_end)
            if a2 is not None:
                title, aff = t2, a2
    if title and _looks_like_prose(text[title[0] : title[1]]):
        title = None
    if person.title is not None:
        # "Senior Fellow Jane Roe directs the X program at the Org": the title came first.
        title = None
        at = re.search(r"\s(?:at|with|of)\s+(?:the\s+)?(?=[A-Z])", text[role_start:role_end])
        if aff is None and at:
            aff = affiliation_bounds(text, role_start + at.end(), role_end)
    person.title = person.title or title
    person.affiliation = aff
    if person.handle is None:
        h = HANDLE.search(text, a, b)
        if h:
            person.handle = h.span()
    person.end = sent_end
    return person


_AUTHOR_BIO = re.compile(
    r"(?:The\s+(?:author|writer)|(?:She|He|They))\s*(?:\((?P<h>@[A-Za-z0-9_]{2,15})\))?\s+"
    r"(?P<rest>(?:is|was|serves\s+as)\s+)"
)


def parse_author_bio(text: str, a: int, b: int) -> Person | None:
    """Read "The author is a fellow at X." (no name; the caller knows it from the headline)."""
    m = _AUTHOR_BIO.match(text, a, b)
    if not m:
        return None
    sent_end = b
    for s in split_sentences(text, a, b):
        sent_end = s.end
        break
    title, aff = title_and_affiliation(text, m.end(), sent_end)
    if aff is None or (title and _looks_like_prose(text[title[0] : title[1]])):
        return None
    p = Person((a, a), "", title=title, affiliation=aff, end=sent_end)
    if m.group("h"):
        p.handle = m.span("h")
    return p


def _looks_like_prose(phrase: str) -> bool:
    return len(phrase) > 140 or _VERB_IN_TITLE.search(phrase) is not None


def _name_case_ok(name: str) -> bool:
    return all(w[0].isupper() for w in name.split() if w.lower() not in _PARTICLE_SET)


_PARTICLE_SET = frozenset(_PARTICLE.strip("(?:)").split("|"))


def _trim_keep_dot(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] == ","):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


# --- answer headers on pages with many experts ----------------------------------------------

_STRIP_LEAD = re.compile(r"[\s*#>•·_]*(?:\d{1,3}[.)]\s+)?[\s*_]*")
_HEAD = re.compile(
    rf"(?:(?P<pre>{HONORIFIC}(?:\s+{HONORIFIC})*)\s+)?"
    rf"(?P<name>{NAME}|{CAPS_NAME})"
    rf"(?P<post>(?:\s*,\s*{POSTNOM}(?:\s*,?\s*{POSTNOM})*)?)"
    rf"[\s*_]*"
)


@dataclass(slots=True)
class Header:
    """An answer header ("Jane Roe, Senior Fellow at X:") or attribution ("-Fellow, Jane Roe")."""

    person: Person
    form: str  # "role", "name", "caps", "bare" (a name alone) or "attribution"
    inline: int | None  # where answer text on the same line starts, if any
    skip: int = 0  # following paragraphs that belong to the header (a role line)


def _strip_to(text: str, a: int, b: int) -> int:
    while a < b and text[a] in " \t\n*_:":
        a += 1
    return a


_BARE = re.compile(
    rf"[\s*#_]*(?:(?P<pre>{HONORIFIC}(?:\s+{HONORIFIC})*)\s+)?(?P<name>{NAME}|{CAPS_NAME})"
    rf"(?P<post>(?:\s*,\s*{POSTNOM}(?:\s*,?\s*{POSTNOM})*)?)[\s*_]*"
)


def bare_name(text: str, a: int, b: int) -> Person | None:
    """A paragraph that is only a person's name ("Jane Roe", "Dr. Jane Roe, Ph.D.")."""
    m = _BARE.fullmatch(text, a, b)
    if not m or not is_person_name(m.group("name"), strict=True):
        return None
    person = Person(m.span("name"), display_name(m.group("name")), end=b)
    if m.group("pre"):
        person.honorific = m.span("pre")
    elif m.group("post").strip(" ,"):
        person.honorific = _trim_keep_dot(text, *m.span("post"))
    return person


def role_line(
    text: str, a: int, b: int
) -> tuple[tuple[int, int] | None, tuple[int, int] | None] | None:
    """Title and affiliation from a short line under a name ("Senior Fellow, Center for X")."""
    seg = text[a:b]
    if len(seg) > 160 or _ends_sentence(seg) or _VERB_IN_TITLE.search(seg):
        return None
    if not (_has_keyword(seg, TITLE_WORDS) or _has_keyword(seg, ORG_WORDS)):
        return None
    if not (seg.lstrip(" *_")[:1].isupper() or re.match(r"[\s*_]*(?:a|an|the|former)\s", seg)):
        return None
    s0 = a + (len(seg) - len(seg.lstrip(" *_")))
    e0 = b - (len(seg) - len(seg.rstrip(" *_:")))
    return split_role_parts(text, s0, e0)


def parse_header(text: str, a: int, b: int) -> Header | None:
    """Read an answer header at the start of the paragraph ``text[a:b]``."""
    lead = _STRIP_LEAD.match(text, a, b)
    s = lead.end() if lead else a
    if s >= b:
        return None
    if text[s] in "-–—~" or (s > a and text[s - 1] in "-–—~"):
        return _attribution(text, s, b)
    m = _HEAD.match(text, s, b)
    if not m:
        return None
    name_raw = m.group("name")
    caps = not any(c.islower() for c in name_raw)
    if not is_person_name(name_raw):
        return None
    if not text[m.end() : b].strip(" \t\n*_"):
        return None  # a name alone on its line, without a colon: see bare_name
    person = Person(m.span("name"), display_name(name_raw))
    if m.group("pre"):
        person.honorific = m.span("pre")
    elif m.group("post").strip(" ,"):
        person.honorific = _trim_keep_dot(text, *m.span("post"))
    pos = m.end()
    colon = _colon(text, pos, b)
    if pos >= b or text[pos] == ":" or (colon is not None and text[pos:colon].strip(" *_") == ""):
        if colon is None:
            if not caps:
                return None
            return Header(person, "caps", None)
        if not caps and not is_person_name(name_raw, strict=True):
            return None
        inline = _inline_start(text, colon + 1, b)
        person.end = colon + 1
        return Header(person, "caps" if caps else "name", inline)
    sep = re.match(r"\s*(?:,|\(|[-–—|])\s*", text[pos:b])
    if sep is None and not caps:
        return None
    role_start = pos + (sep.end() if sep else 0)
    role_end = colon if colon is not None else b
    if text[role_start:role_end].rstrip().endswith(")"):
        role_end = role_start + text[role_start:role_end].rstrip().rfind(")")
    role = text[role_start:role_end]
    if not role.strip() or len(role) > 200 or _VERB_IN_TITLE.search(role):
        return None
    if colon is None and (b - a > 220 or _ends_sentence(text[a:b])):
        return None
    if not (_has_keyword(role, TITLE_WORDS) or _has_keyword(role, ORG_WORDS)):
        return None
    if not (role.lstrip()[:1].isupper() or re.match(r"\s*(?:a|an|the|former)\s", role)):
        return None
    person.title, person.affiliation = split_role_parts(text, role_start, role_end)
    inline = _inline_start(text, colon + 1, b) if colon is not None else None
    person.end = colon + 1 if colon is not None else b
    return Header(person, "caps" if caps else "role", inline)


def _colon(text: str, a: int, b: int) -> int | None:
    """The colon that ends a header, if the paragraph has one early on."""
    limit = min(b, a + 220)
    i = text.find(":", a, limit)
    if i < 0:
        return None
    head = text[a:i]
    if re.search(r"[.!?]\s+[A-Z]", head) and not re.search(r"\b(?:Ret|Inc|Jr|Sr|Dr)\.\s", head):
        return None
    return i


def _inline_start(text: str, a: int, b: int) -> int | None:
    while a < b and text[a] in " \t\n*_":
        a += 1
    return a if a < b else None


def _ends_sentence(seg: str) -> bool:
    seg = seg.rstrip(" *_")
    return (
        seg.endswith((".", "!", "?"))
        and not _ABBREV_END.search(seg)
        and not re.search(r"(?:Ret\.|\(Ret\.\)|Ph\.\s?D\.)$", seg)
    )


def _attribution(text: str, s: int, b: int) -> Header | None:
    while s < b and text[s] in "-–—~ \t":
        s += 1
    seg = text[s:b]
    if (
        not seg
        or len(seg) > 200
        or (_ends_sentence(seg) and not re.search(r"\b[A-Z][a-z]+\.$", seg))
    ):
        return None
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,]+", seg)]
    for i, (p0, p1) in enumerate(parts):
        raw = seg[p0:p1].strip()
        pre = re.match(rf"(?:{HONORIFIC}\s+)+", raw)
        bare = raw[pre.end() :] if pre else raw
        if re.fullmatch(rf"{NAME}|{CAPS_NAME}", bare) and is_person_name(bare):
            n0 = s + p0 + (len(seg[p0:p1]) - len(seg[p0:p1].lstrip())) + (pre.end() if pre else 0)
            person = Person((n0, n0 + len(bare)), display_name(bare))
            if pre:
                person.honorific = (n0 - pre.end(), n0 - pre.end() + len(pre.group(0).rstrip()))
            if i > 0:
                person.title, person.affiliation = split_role_parts(text, s, s + parts[i - 1][1])
                if i + 1 < len(parts) and person.affiliation is None:
                    person.affiliation = affiliation_bounds(text, s + parts[i + 1][0], b)
            elif len(parts) > 1:
                person.title, person.affiliation = split_role_parts(text, s + parts[1][0], b)
            person.end = b
            return Header(person, "attribution", None)
    return None
