"""De-duplication of roster rows against the roster: normalised keys and fuzzy matches.

A row is the same expert as a stored one when their email addresses agree
(ignoring case) or, failing that, when their normalised name and affiliation
agree: accents, case, honorifics ("Dr.", "Ph.D."), punctuation, word order
and spacing do not count. Rows that are only *similar* to a stored expert (a
typo, an initial, a shortened institute name) are never merged silently: the
plan lists them as :class:`FuzzyMatch` es for the editor to merge or keep apart.

Fuzzy candidates are found by blocking on pairs of (name word, initial of
another name word) and on the sorted name, then scored with a token-sort
ratio (difflib) on the name and on the affiliation, so 20,000 rows against a
large roster stay fast.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from symposia.core.roster import FIELDS, ExpertRecord, RowError

_PREFIX_TITLES = frozenset(
    {
        "dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "amb",
        "ambassador", "gen", "general", "col", "colonel", "adm", "admiral", "lt", "ltc",
        "capt", "captain", "rev", "hon", "honorable", "honourable", "the", "ret",
    }
)  # fmt: skip
_POSTNOMINALS = frozenset(
    {"phd", "dphil", "md", "jd", "mba", "llm", "msc", "esq", "ret", "obe", "cbe", "kbe", "frs"}
)
# Two-letter degrees that are also names ("Ma", "Ba") only count when written with dots.
_DOTTED_ONLY = frozenset({"ma", "ba", "ms", "bs"})
_AFFILIATION_NOISE = frozenset({"the", "of", "for", "and", "de", "du", "des", "la", "le"})
# Words most institutions share; similarity is judged on the other, distinctive words.
_GENERIC_ORG = frozenset(
    {
        "university", "institute", "institution", "center", "centre", "school", "college",
        "foundation", "council", "society", "association", "academy", "program", "programme",
        "studies", "study", "research", "policy", "international", "national", "global",
        "affairs", "department", "office", "group", "fund", "initiative", "forum", "project",
        "inc", "ltd", "llc", "gmbh", "co", "corporation", "company",
    }
)  # fmt: skip

#: A fuzzy pair needs at least this name similarity (0-1)...
NAME_THRESHOLD = 0.85
#: ...and this affiliation similarity when both affiliations are given.
AFFILIATION_THRESHOLD = 0.6
#: Blocks with more members than this are too common to compare exhaustively.
MAX_BLOCK = 300


def fold(text: str) -> str:
    """Lower case without accents: "Ségolène" -> "segolene"."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_tokens(name: str) -> list[str]:
    """The words of a name without titles, degrees or punctuation, folded, in order."""
    return list(_name_tokens(name))


@functools.lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    text = fold(name)
    words: list[tuple[str, bool]] = []
    for m in re.finditer(r"[^\s,;/()]+", text):
        raw = m.group(0)
        dotted = "." in raw
        joined = raw.replace(".", "")
        # "Ph.D." and "M.A." are one word; "J.Roe" is two.
        parts = raw.split(".")
        pieces = [joined] if all(len(p) <= 2 for p in parts) or joined in _POSTNOMINALS else parts
        for piece in pieces:
            word = re.sub(r"[^\w]", "", piece.replace("-", "").replace("'", "").replace("’", ""))
            if word:
                words.append((word, dotted))
    # Leading titles ("Dr. Prof. Jane") and trailing degrees ("Jane Roe PhD").
    while len(words) > 1 and words[0][0] in _PREFIX_TITLES:
        words.pop(0)
    while len(words) > 1 and (
        words[-1][0] in _POSTNOMINALS or (words[-1][1] and words[-1][0] in _DOTTED_ONLY)
    ):
        words.pop()
    return tuple(w for w, _ in words)


def normalize_name(name: str) -> str:
    """A name folded for comparison: "Dr. Ségolène  Roy-Martin, Ph.D." -> "segolene roymartin"."""
    return " ".join(name_tokens(name))


@functools.lru_cache(maxsize=65536)
def normalize_affiliation(text: str) -> str:
    """An institution folded for comparison: case, accents, "the", "&" and punctuation ignored."""
    folded = fold(text).replace("&", " and ")
    words = [w for w in re.findall(r"[^\W_]+", folded) if w not in _AFFILIATION_NOISE]
    return " ".join(words)


def match_key(name: str, affiliation: str) -> str:
    """The identity of an expert without an email match: sorted name words + affiliation."""
    return " ".join(sorted(name_tokens(name))) + "|" + normalize_affiliation(affiliation)


def token_sort_ratio(a: str, b: str) -> float:
    """Similarity 0-1 of two strings after sorting their words (order does not matter)."""
    sa = " ".join(sorted(a.split()))
    sb = " ".join(sorted(b.split()))
    if not sa and not sb:
        return 1.0
    # SequenceMatcher's matching blocks depend on argument order; comparing the
    # pair in a fixed order makes the similarity symmetric.
    first, second = sorted((sa, sb))
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()


def name_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Similarity of two token lists: the best of token-sort and joined-word comparisons.

    Joining catches romanisations that split differently ("Min-ji" / "Min Ji"),
    and an initial that agrees with a full word ("J. Roe" / "Jane Roe") counts
    as that word when the other words are equal.
    """
    if not a or not b:
        return 0.0
    best = token_sort_ratio(" ".join(a), " ".join(b))
    if best < 1.0:
        ja, jb = "".join(sorted(a)), "".join(sorted(b))
        if ja == jb or "".join(a) == "".join(b) or "".join(a) == "".join(reversed(b)):
            best = 1.0
    if best < 1.0 and _initials_agree(a, b):
        best = max(best, 0.9)
    return best


def _initials_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    if len(a) != len(b) or len(a) < 2:
        return False
    rest_a, rest_b = sorted(w for w in a if len(w) > 1), sorted(w for w in b if len(w) > 1)
    short_a, short_b = [w for w in a if len(w) == 1], [w for w in b if len(w) == 1]
    if not short_a and not short_b:
        return False
    # Every single letter must be the initial of a word the other name has and this one lacks.
    extra_b = [w for w in b if len(w) > 1 and w not in rest_a]
    extra_a = [w for w in a if len(w) > 1 and w not in rest_b]
    ok_a = sorted(short_a) == sorted(w[0] for w in extra_b) if short_a else not extra_b
    ok_b = sorted(short_b) == sorted(w[0] for w in extra_a) if short_b else not extra_a
    return ok_a and ok_b and bool(set(rest_a) & set(rest_b))


@functools.lru_cache(maxsize=65536)
def affiliation_similarity(a: str, b: str) -> float | None:
    """Similarity 0-1 of two normalised affiliations; None when either is empty.

    Generic words ("university", "institute", ...) are set aside when both
    names have other words, so "University of Tarn" and "University of Vell"
    are not similar just for sharing "university".
    """
    if not a or not b:
        return None
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short + " ") or long_.endswith(" " + short):
        return 0.9  # "lantern institute" inside "lantern institute seoul office"
    da = " ".join(w for w in a.split() if w not in _GENERIC_ORG)
    db = " ".join(w for w in b.split() if w not in _GENERIC_ORG)
    if da and db:
        if da == db:
            return 0.95
        return token_sort_ratio(da, db)
    return token_sort_ratio(a, b)


@dataclass(frozen=True)
class ExistingExpert:
    """What the planner needs of an expert already on the roster."""

    id: int
    name: str
    affiliation: str = ""
    email: str = ""
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldChange:
    """One field an update would change."""

    field: str
    old: object
    new: object


@dataclass(frozen=True)
class PlannedRow:
    """What the import does with one valid row."""

    line: int
    action: str  # "create", "update" or "unchanged"
    record: ExpertRecord
    expert_id: int | None = None
    matched_by: str = ""  # "email", "name and affiliation", "editor's merge"
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class FuzzyMatch:
    """A row that looks like another expert: the editor decides to merge or keep apart."""

    line: int
    name: str
    affiliation: str
    candidate_id: int | None
    candidate_line: int | None
    candidate_name: str
    candidate_affiliation: str
    score: float
    reason: str

    @property
    def mergeable(self) -> bool:
        """Only matches with a stored expert can be merged; in-file ones are fixed in the file."""
        return self.candidate_id is not None


@dataclass(frozen=True)
class ImportPlan:
    """Everything an import would do, computed without writing anything."""

    source: str
    rows: tuple[PlannedRow, ...]
    errors: tuple[RowError, ...]
    warnings: tuple[RowError, ...]
    reviews: tuple[FuzzyMatch, ...]
    total_rows: int

    @property
    def ok(self) -> bool:
        """True when no row has an error (an import with errors writes nothing)."""
        return not self.errors

    def count(self, action: str) -> int:
        """How many rows take ``action``."""
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        """Rows by action, rows with errors, errors, warnings and fuzzy matches to review."""
        return {
            "rows": self.total_rows,
            "create": self.count("create"),
            "update": self.count("update"),
            "unchanged": self.count("unchanged"),
            "error_rows": len({e.line for e in self.errors}),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "review": len(self.reviews),
        }


def _diff(record: ExpertRecord, current: Mapping[str, object]) -> tuple[FieldChange, ...]:
    changes = []
    for f, new in record.values().items():
        old = current.get(f, "")
        if isinstance(old, list | tuple):
            same = list(old) == list(new) if isinstance(new, list | tuple) else False
        elif f == "email":
            same = str(old).casefold() == str(new).casefold()
        else:
            same = old == new
        if not same:
            changes.append(FieldChange(f, old, new))
    return tuple(changes)


@dataclass
class _Person:
    ref: int  # expert id (existing) or line (in file)
    tokens: list[str]
    sorted_name: str
    affiliation: str
    display: str
    raw_affiliation: str
    grams: frozenset[str] = frozenset()
    aff_grams: frozenset[str] = frozenset()


def _blocking_keys(tokens: Sequence[str]) -> set[str]:
    keys = {"=" + " ".join(sorted(tokens))}
    for t in tokens:
        if len(t) < 2:
            continue
        for o in tokens:
            if o is not t:
                keys.add(f"{t}|{o[0]}")
    joined = "".join(sorted(tokens))
    if joined:
        keys.add("#" + joined)
    return keys


def _grams(text: str) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(padded[i : i + 2] for i in range(len(padded) - 1))


class _Index:
    """Blocks of people by key, to find fuzzy candidates without comparing all pairs."""

    def __init__(self) -> None:
        self.blocks: dict[str, list[_Person]] = defaultdict(list)

    def add(self, person: _Person) -> None:
        for key in _blocking_keys(person.tokens):
            self.blocks[key].append(person)

    def candidates(self, person: _Person) -> Iterable[_Person]:
        seen: set[int] = set()
        for key in _blocking_keys(person.tokens):
            block = self.blocks.get(key, ())
            if len(block) > MAX_BLOCK and not key.startswith("="):
                continue
            for other in block:
                if id(other) not in seen:
                    seen.add(id(other))
                    yield other


def _distinctive(affiliation: str) -> str:
    words = [w for w in affiliation.split() if w not in _GENERIC_ORG]
    return " ".join(words) if words else affiliation


def _person(ref: int, name: str, affiliation: str) -> _Person:
    tokens = name_tokens(name)
    sorted_name = " ".join(sorted(tokens))
    aff = normalize_affiliation(affiliation)
    return _Person(
        ref,
        tokens,
        sorted_name,
        aff,
        name,
        affiliation,
        _grams(sorted_name),
        _grams(_distinctive(aff)) if aff else frozenset(),
    )


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _compare(a: _Person, b: _Person) -> tuple[float, str] | None:
    """(score, reason) when ``a`` and ``b`` look like the same person, else None."""
    # Most candidates work elsewhere: a cheap bigram test settles them before difflib.
    if (
        a.sorted_name != b.sorted_name
        and a.aff_grams
        and b.aff_grams
        and a.affiliation != b.affiliation
        and _dice(a.aff_grams, b.aff_grams) < 0.45
    ):
        short, long_ = sorted((a.affiliation, b.affiliation), key=len)
        if not (long_.startswith(short + " ") or long_.endswith(" " + short)):
            return None
    aff = affiliation_similarity(a.affiliation, b.affiliation)
    if a.sorted_name == b.sorted_name:
        if aff is None:
            return 0.9, "same name; one affiliation is missing"
        if aff >= AFFILIATION_THRESHOLD:
            return round(0.7 + 0.3 * aff, 3), "same name, similar affiliation"
        return round(0.7 + 0.3 * aff, 3), "same name, different affiliation"
    if aff is not None and aff < AFFILIATION_THRESHOLD:
        return None  # a similar name at a different institution is someone else
    # Bigram overlap is a cheap filter before difflib; initials are judged on their own.
    if _dice(a.grams, b.grams) < 0.6 and not _initials_agree(a.tokens, b.tokens):
        return None
    name_score = name_similarity(a.tokens, b.tokens)
    if name_score < NAME_THRESHOLD:
        return None
    if aff is None:
        return round(0.85 * name_score, 3), "similar name; one affiliation is missing"
    return round(0.7 * name_score + 0.3 * aff, 3), "similar name and affiliation"


def plan_import(
    records: Sequence[ExpertRecord],
    existing: Iterable[ExistingExpert],
    *,
    source: str = "roster",
    errors: Sequence[RowError] = (),
    warnings: Sequence[RowError] = (),
    total_rows: int | None = None,
    merges: Mapping[int, int] | None = None,
) -> ImportPlan:
    """Decide for each record whether it creates, updates or leaves an expert unchanged.

    Args:
        records: Valid rows from :func:`symposia.core.roster.validate`.
        existing: The roster as it is.
        source: File name for messages.
        errors: Row errors found by validation (carried into the plan).
        warnings: Row warnings found by validation.
        total_rows: Data rows in the file (valid or not).
        merges: The editor's decisions: line -> id of the stored expert the row
            is merged into. Rows without a decision are kept apart.

    Returns:
        The plan. Errors found here (two rows resolving to the same expert, a
        merge into an unknown expert, an email that belongs to someone else)
        are added to ``errors``.
    """
    merges = dict(merges or {})
    by_email: dict[str, ExistingExpert] = {}
    by_key: dict[str, ExistingExpert] = {}
    by_id: dict[int, ExistingExpert] = {}
    for e in existing:
        by_id[e.id] = e
        if e.email:
            by_email.setdefault(e.email.casefold(), e)
        by_key.setdefault(match_key(e.name, e.affiliation), e)
    index: _Index | None = None  # built on the first new row: re-imports never need it
    found_errors = list(errors)
    rows: list[PlannedRow] = []
    reviews: list[FuzzyMatch] = []
    claimed: dict[int, int] = {}  # expert id -> line that updates it
    key_line: dict[str, tuple[int, str]] = {}  # key -> (first line, its email)
    in_file = _Index()
    for rec in records:
        target: ExistingExpert | None = None
        how = ""
        same_key_other_email: list[ExistingExpert] = []
        email_owner = by_email.get(rec.email.casefold()) if rec.email else None
        key = match_key(rec.name, rec.affiliation)
        if rec.line in merges:
            target = by_id.get(merges[rec.line])
            if target is None:
                found_errors.append(
                    RowError(rec.line, "merge", f"expert #{merges[rec.line]} is not on the roster")
                )
                continue
            how = "editor's merge"
        elif email_owner is not None:
            target, how = email_owner, "email"
        elif key in by_key:
            stored = by_key[key]
            if rec.email and stored.email and stored.email.casefold() != rec.email.casefold():
                # Same name and institution but another address: perhaps a namesake.
                same_key_other_email.append(stored)
            else:
                target, how = stored, "name and affiliation"
        if target is not None:
            if email_owner is not None and email_owner.id != target.id:
                found_errors.append(
                    RowError(
                        rec.line,
                        "email",
                        f"{rec.email} belongs to {email_owner.name} (#{email_owner.id}), "
                        f"not to {target.name}; fix the email or the merge",
                    )
                )
                continue
            if target.id in claimed:
                found_errors.append(
                    RowError(
                        rec.line,
                        "row",
                        f"is the same expert ({target.name}) as line {claimed[target.id]}; "
                        "keep one row",
                    )
                )
                continue
            claimed[target.id] = rec.line
            changes = _diff(rec, target.values)
            rows.append(
                PlannedRow(
                    rec.line,
                    "update" if changes else "unchanged",
                    rec,
                    target.id,
                    how,
                    changes,
                )
            )
            continue
        person = _person(rec.line, rec.name, rec.affiliation)
        if key in key_line:
            first_line, first_email = key_line[key]
            if not (rec.email and first_email):
                found_errors.append(
                    RowError(
                        rec.line,
                        "row",
                        f"has the same name and affiliation as line {first_line}; keep one row "
                        "or tell them apart (e.g. add each one's email)",
                    )
                )
                continue
        else:
            key_line[key] = (rec.line, rec.email)
        for stored in same_key_other_email:
            reviews.append(
                FuzzyMatch(
                    rec.line,
                    rec.name,
                    rec.affiliation,
                    stored.id,
                    None,
                    stored.name,
                    stored.affiliation,
                    0.95,
                    "same name and affiliation, different email",
                )
            )
        if index is None:
            index = _Index()
            for e in by_id.values():
                index.add(_person(e.id, e.name, e.affiliation))
        listed = {stored.id for stored in same_key_other_email}
        reviews.extend(
            m for m in _fuzzy(rec, person, index, in_file, by_id) if m.candidate_id not in listed
        )
        in_file.add(person)
        rows.append(PlannedRow(rec.line, "create", rec))
    found_errors.sort(key=lambda e: e.line)
    return ImportPlan(
        source,
        tuple(rows),
        tuple(found_errors),
        tuple(warnings),
        tuple(reviews),
        total_rows if total_rows is not None else len(records) + len(errors),
    )


def _fuzzy(
    rec: ExpertRecord,
    person: _Person,
    index: _Index,
    in_file: _Index,
    by_id: Mapping[int, ExistingExpert],
) -> list[FuzzyMatch]:
    out: list[FuzzyMatch] = []
    for other in index.candidates(person):
        hit = _compare(person, other)
        if hit:
            e = by_id[other.ref]
            out.append(
                FuzzyMatch(
                    rec.line, rec.name, rec.affiliation, e.id, None, e.name, e.affiliation, *hit
                )
            )
    for other in in_file.candidates(person):
        hit = _compare(person, other)
        if hit:
            out.append(
                FuzzyMatch(
                    rec.line,
                    rec.name,
                    rec.affiliation,
                    None,
                    other.ref,
                    other.display,
                    other.raw_affiliation,
                    *hit,
                )
            )
    out.sort(key=lambda m: (-m.score, m.candidate_id or 0, m.candidate_line or 0))
    return out[:5]


def stored_values(record: Mapping[str, object]) -> dict[str, object]:
    """The :data:`FIELDS` of a stored expert dict, for :class:`ExistingExpert.values`."""
    return {f: record.get(f, "") for f in FIELDS}
