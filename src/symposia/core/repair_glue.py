"""Words glued together by a lost space: "theirsummit", "President.Until", "Read MoreNPR".

``wordsegment`` proposes the split and ``wordfreq`` guards it: a token is only
examined when it is not a known word, and a split is only accepted when every
part is a frequent word. Capitalised tokens that occur more than once, or
stand next to another capitalised word, are names and are never split.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

#: Words never split even though a word list may not know them.
DOMAIN_WORDS = frozenset(
    {
        "pyongyang",
        "denuclearization",
        "denuclearisation",
        "denuclearize",
        "denuclearise",
        "nonproliferation",
        "counterproliferation",
        "kaesong",
        "juche",
        "panmunjom",
        "yongbyon",
        "songun",
        "byungjin",
        "sinuiju",
        "hwasong",
        "pukguksong",
        "rason",
        "wonsan",
        "kangwon",
        "chongjin",
        "hamhung",
        "kumgang",
        "unha",
        "musudan",
        "nodong",
        "taepodong",
        "geopolitical",
        "geostrategic",
        "multilateralism",
        "bilateralism",
        "cyberattack",
        "cyberattacks",
        "deterrence",
        "brinkmanship",
        "sanctionsbusting",
    }
)

# Prefixes of names written in camel case (McDonald, DeSantis, LaGuardia).
_NAME_PREFIXES = frozenset({"mc", "mac", "de", "la", "le", "van", "von", "di", "du", "da", "o"})


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """The lower-cased words never split: wordfreq's top 200,000 plus :data:`DOMAIN_WORDS`."""
    import wordfreq

    words = {w for w in wordfreq.top_n_list("en", 200_000) if w.isalpha()}
    return frozenset(words | DOMAIN_WORDS)


@lru_cache(maxsize=1)
def _known_any_case() -> frozenset[str]:
    words = known_words()
    return words | frozenset(w[:1].upper() + w[1:] for w in words)


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    import wordfreq

    return float(wordfreq.zipf_frequency(word, "en"))


@lru_cache(maxsize=1)
def _unigrams() -> tuple[dict[str, float], float]:
    import wordsegment

    if not wordsegment.UNIGRAMS:
        wordsegment.load()
    return wordsegment.UNIGRAMS, float(wordsegment.Segmenter.TOTAL)


def _segment(word: str) -> list[str]:
    """Best split of ``word`` into two or three known words, scored with wordsegment's counts.

    wordsegment's own ``segment`` searches every split of every length, which costs
    milliseconds a token; glue almost always joins two or three words, so only those
    splits are scored (with the same unigram model).
    """
    known = known_words()
    uni, total = _unigrams()

    def score(parts: list[str]) -> float:
        return sum(math.log10(uni.get(p, 0.0) / total) if p in uni else -99.0 for p in parts)

    n = len(word)
    best: list[str] = [word]
    best_score = -math.inf
    for i in range(1, n):
        left = word[:i]
        if left not in known:
            continue
        right = word[i:]
        if right in known:
            sc = score([left, right])
            if sc > best_score:
                best, best_score = [left, right], sc
        for j in range(i + 1, n):
            mid, last = word[i:j], word[j:]
            if mid in known and last in known:
                sc = score([left, mid, last]) - 1.0  # prefer fewer parts
                if sc > best_score:
                    best, best_score = [left, mid, last], sc
    return best


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Parts that make compounds rather than glue: a split starting or ending with one is refused.
_PREFIX_PARTS = _words(
    """
    inter intra multi over under counter anti non pre post super sub semi cyber geo micro
    macro mega mini trans extra ultra hyper self cross out fore mid co bio eco neo pro re un
    dis mis
    """
)
_SUFFIX_PARTS = _words(
    """
    less ness ship able ible ment wise like hood ward wards ism ist ists
    """
)

# Short words that may stand alone as part of a split ("ofthe" -> "of the").
_SHORT_OK = frozenset(
    {
        "a",
        "an",
        "as",
        "at",
        "be",
        "by",
        "do",
        "go",
        "he",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "of",
        "on",
        "or",
        "so",
        "to",
        "up",
        "us",
        "we",
    }
)


def split_glued(token: str, *, capitalised: bool = False) -> list[str] | None:
    """Split a token made of words run together, or return ``None``.

    The guard: the token must not be a known word, the split must have two or
    three parts, every part must be a frequent word (Zipf >= 3.0, or 3.5 for a
    capitalised token, which may be a name) and two-letter parts must be
    common function words.

    Args:
        token: The letters of one token.
        capitalised: Whether the token starts with a capital (stricter guard).
    """
    low = token.lower()
    if len(low) < 5 or low in known_words() or _zipf(low) > 0:
        return None  # wordfreq knows it, however rare: a real word, never split
    parts = _segment(low)
    if not 2 <= len(parts) <= 3 or "".join(parts) != low:
        return None
    if parts[0] in _PREFIX_PARTS or parts[-1] in _SUFFIX_PARTS:
        return None  # "inter|connectors", "state|hood": a compound, not glue
    floor = 3.5 if capitalised else 3.0
    for p in parts:
        if len(p) < 3 and p not in _SHORT_OK:
            return None
        if p not in known_words() or _zipf(p) < floor:
            return None
    out = list(parts)
    if token[0].isupper():
        out[0] = out[0][0].upper() + out[0][1:]
    # Keep the original letters (case) of the token.
    i = 0
    kept = []
    for p in out:
        kept.append(token[i : i + len(p)])
        i += len(p)
    return kept


def _in_url(text: str, start: int, end: int) -> bool:
    a = start
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = end
    n = len(text)
    while b < n and not text[b].isspace():
        b += 1
    chunk = text[a:b]
    return (
        "://" in chunk
        or "www." in chunk
        or "@" in chunk
        or "#" in chunk
        or "/" in chunk
        or re.search(r"\.(?:com|org|net|edu|gov|int|kr|jp|uk|io)\b", chunk) is not None
    )


_STRIP = "\"'“”‘’()[]{}<>*_:;,.!?…–—-"
# (str.translate with a dict is slow on long text; a character class is not.)
_SPACE_OUT = re.compile(r"[\"“”‘()\[\]{}<>*_:;!?…–—]")
_PUNCT_CORE = re.compile(r"([A-Za-z][a-z]+)([.!?])([A-Z][a-z]+)$")
_COMMA_CORE = re.compile(r"([A-Za-z][a-z]+),([a-z]{3,})$")
_CAMEL_CORE = re.compile(r"([A-Z]?[a-z]{2,})([A-Z]{2,}|[A-Z][a-z]{2,})$")
_ALPHA_CORE = re.compile(r"[A-Z]?[a-z]{4,}$")
_ABBREV_LEFT = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "mt", "vs", "no", "jr", "sr", "gen", "col"}
)


def _glue_fix(core: str, count: Callable[[str], int]) -> tuple[str, list[int]] | None:
    """The kind of glue in ``core`` and the offsets in it where a space goes, or ``None``.

    ``count`` says how often a token occurs in the document.
    """
    known = known_words()
    m = _PUNCT_CORE.match(core)
    if m:
        left, right = m.group(1).lower(), m.group(3).lower()
        if left not in _ABBREV_LEFT and left in known and right in known:
            return "sentence_glue", [m.start(3)]
        return None
    m = _COMMA_CORE.match(core)
    if m:
        if m.group(1).lower() in known and m.group(2) in known:
            return "sentence_glue", [m.start(2)]
        return None
    m = _CAMEL_CORE.match(core)
    if m:
        left, right = m.group(1), m.group(2)
        low_left = left.lower()
        if len(left) < 3 or low_left in _NAME_PREFIXES or low_left not in known:
            return None
        if core.lower() in known or count(core) > 1:
            return None  # a camel-case word used twice is a name or a brand
        if right.isupper() or right.lower() in known:
            return "camel_glue", [m.start(2)]
        return None
    if _ALPHA_CORE.match(core):
        cap = core[0].isupper()
        if cap and count(core) > 1:
            return None  # a capitalised token seen twice is a name
        parts = split_glued(core, capitalised=cap)
        if not parts:
            return None
        cuts, pos = [], 0
        for p in parts[:-1]:
            pos += len(p)
            cuts.append(pos)
        return "glue", cuts
    return None


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 6) : start].rstrip("\"“‘'([ \t")
    return not before or re.search(r"[.!?:\n][\"'”’)]?$", before) is not None


def _in_proper_noun(text: str, start: int, end: int) -> bool:
    """Whether a capitalised token stands next to another capitalised word ("Stonemarket Co")."""
    nxt = re.match(r"[ \t]+([A-Z])", text[end : end + 3])
    if nxt:
        return True
    before = text[max(0, start - 40) : start].rstrip(" \t")
    prev = re.search(r"([A-Za-z][\w'’-]*)$", before)
    return (
        prev is not None
        and prev.group(1)[0].isupper()
        and not re.search(r"[.!?:\n]\s*$", text[max(0, start - 3) : start])
    )


def _strip_possessive(core: str) -> str:
    return core[:-2] if core.endswith(("’s", "'s")) else core


def glue_points(text: str) -> list[tuple[int, str]]:
    """Where spaces were lost in ``text``: ``(offset, kind)`` for each space to insert."""
    # Whitespace tokens and a set difference keep this linear and mostly in C:
    # only the few tokens that are not known words are looked at again.
    known = _known_any_case()
    candidates: dict[str, tuple[str, list[int]]] = {}
    # Quotes, brackets and dashes become spaces; "." and "," stay, since "President.Until"
    # and "Korea,and" are glue to find.
    tokens = _SPACE_OUT.sub(" ", text).split()
    counts: Counter[str] | None = None

    def count(core: str) -> int:
        # Counted once, and only when a candidate needs it: long pages stay linear.
        nonlocal counts
        if counts is None:
            counts = Counter(_strip_possessive(t.strip(_STRIP)) for t in tokens)
        return counts[core]

    for tok in set(tokens) - known:
        core = tok.strip(_STRIP)
        if len(core) < 5 or core in known or core in candidates:
            continue
        if core.endswith(("’s", "'s")):
            core = core[:-2]
            if core in known:
                continue
        fix = _glue_fix(core, count)
        if fix:
            candidates[core] = fix
    edits: list[tuple[int, str]] = []
    if not candidates:
        return edits
    # One pass over the text finds every occurrence of every candidate.
    alternation = "|".join(re.escape(c) for c in sorted(candidates, key=len, reverse=True))
    for m in re.finditer(alternation, text):
        core = m.group(0)
        kind, cuts = candidates[core]
        start, end = m.span()
        before_ok = start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "@#/_")
        after_ok = end == len(text) or not text[end].isalnum()
        # A capitalised token is split only at the start of a sentence ("Theirsummit
        # ended"): inside one, a capital means a name ("said Starbridge").
        proper = (
            kind == "glue"
            and core[0].isupper()
            and (_in_proper_noun(text, start, end) or not _sentence_start(text, start))
        )
        if before_ok and after_ok and not proper and not _in_url(text, start, end):
            for c in cuts:
                edits.append((start + c, kind))
    return edits
