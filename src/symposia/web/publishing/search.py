"""Full-text search over published takes and experts.

Two backends behind one function, chosen by the database vendor:

- SQLite: the FTS5 tables of :mod:`symposia.web.publishing.search_sqlite`
  (porter stemming, diacritics folded), ranked by bm25.
- PostgreSQL: ``to_tsvector``/``to_tsquery`` at query time (english config),
  ranked by ``ts_rank``.

A reader's query is never passed to either engine as syntax: it is cut into
words, each word is quoted (SQLite) or checked to be a plain word (PostgreSQL),
and the last one is matched as a prefix. So ``"``, ``*``, ``NEAR(`` or ``:``
in a query cannot cause an error; they are simply not searched for.
Visibility is decided at query time with ``Take.objects.public()``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from symposia.web.panel.models import Expert
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

#: Longest query accepted, in characters.
MAX_QUERY = 200
#: Words of a query that are searched for; the rest are ignored.
MAX_TERMS = 12
#: Most results of each kind returned.
MAX_RESULTS = 200
_WORD = re.compile(r"\w+", re.UNICODE)


class BadQuery(ValueError):
    """A search query that cannot be run (too long); the message says why."""


@dataclass
class TakeHit:
    """A public take that matches, with a highlighted excerpt."""

    take: Take
    snippet: SafeString


@dataclass
class SearchResults:
    """What a search found, best match first."""

    query: str
    terms: list[str]
    takes: list[TakeHit] = field(default_factory=list)
    experts: list[Expert] = field(default_factory=list)


def terms_of(query: str) -> list[str]:
    """The words a query searches for, lower-cased, at most :data:`MAX_TERMS`.

    Raises:
        BadQuery: the query is longer than :data:`MAX_QUERY` characters.
    """
    if len(query) > MAX_QUERY:
        raise BadQuery(
            f"The search is {len(query)} characters long; use at most {MAX_QUERY} characters."
        )
    return [w.lower() for w in _WORD.findall(query)][:MAX_TERMS]


def _fts5_match(terms: list[str]) -> str:
    # Every word quoted (no FTS5 operator can appear), the last one a prefix.
    quoted = [f'"{t}"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _pg_tsquery(terms: list[str]) -> str:
    # \w+ words contain none of tsquery's operators (& | ! ( ) : * ').
    parts = [*terms[:-1], f"{terms[-1]}:*"]
    return " & ".join(parts)


def _ranked_take_ids(terms: list[str], symposium: Symposium | None) -> list[int]:
    if connection.vendor == "sqlite":
        sql = (
            "SELECT f.rowid FROM publishing_search_take f "
            + ("JOIN takes_take t ON t.id = f.rowid " if symposium else "")
            + "WHERE publishing_search_take MATCH %s "
            + ("AND t.symposium_id = %s " if symposium else "")
            + "ORDER BY f.rank LIMIT %s"
        )
        params: list[str | int] = [_fts5_match(terms)]
        if symposium:
            params.append(symposium.pk)
        params.append(MAX_RESULTS * 5)
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [row[0] for row in cur.fetchall()]
    return _pg_take_ids(terms, symposium)


def _pg_take_ids(terms: list[str], symposium: Symposium | None) -> list[int]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db.models import Case, CharField, Value, When
    from django.db.models.functions import Concat

    who = Case(
        When(symposium__anonymity=Symposium.Anonymity.ANONYMOUS, then=Value("")),
        default=Concat(
            "headline",
            Value(" "),
            "expert__name",
            Value(" "),
            "expert__title",
            Value(" "),
            "expert__affiliation",
        ),
        output_field=CharField(),
    )
    vector = SearchVector(who, weight="B", config="english") + SearchVector(
        "pull_quote", "body", weight="A", config="english"
    )
    query = SearchQuery(_pg_tsquery(terms), search_type="raw", config="english")
    qs = Take.objects.annotate(search=vector).filter(search=query)
    if symposium:
        qs = qs.filter(symposium=symposium)
    qs = qs.annotate(rank=SearchRank(vector, query)).order_by("-rank", "pk")
    return list(qs.values_list("pk", flat=True)[: MAX_RESULTS * 5])


def _ranked_expert_ids(terms: list[str]) -> list[int]:
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT rowid FROM publishing_search_expert WHERE publishing_search_expert "
                "MATCH %s ORDER BY rank LIMIT %s",
                [_fts5_match(terms), MAX_RESULTS * 5],
            )
            return [row[0] for row in cur.fetchall()]
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("name", weight="A", config="english") + SearchVector(
        "title", "affiliation", "bio", weight="B", config="english"
    )
    query = SearchQuery(_pg_tsquery(terms), search_type="raw", config="english")
    qs = (
        Expert.objects.annotate(search=vector)
        .filter(search=query)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "pk")
    )
    return list(qs.values_list("pk", flat=True)[: MAX_RESULTS * 5])


def public_experts() -> QuerySet[Expert]:
    """Experts a reader may find: a public profile and a public take in an attributed symposium."""
    attributed = Take.objects.public().filter(symposium__anonymity=Symposium.Anonymity.ATTRIBUTED)
    return Expert.objects.filter(public_profile=True, pk__in=attributed.values("expert_id"))


def take_ids(query: str, symposium: Symposium) -> set[int]:
    """Ids of the takes of ``symposium`` that match ``query`` (public or not: callers filter).

    Raises:
        BadQuery: the query is too long.
    """
    terms = terms_of(query)
    return set(_ranked_take_ids(terms, symposium)) if terms else set()


def search(query: str, symposium: Symposium | None = None) -> SearchResults:
    """Public takes (and, site-wide, experts) matching ``query``, best first.

    Raises:
        BadQuery: the query is too long.
    """
    terms = terms_of(query)
    results = SearchResults(query=query, terms=terms)
    if not terms:
        return results
    ids = _ranked_take_ids(terms, symposium)
    order = {pk: i for i, pk in enumerate(ids)}
    takes = list(Take.objects.public().filter(pk__in=ids).select_related("symposium", "expert"))
    takes.sort(key=lambda t: order[t.pk])
    results.takes = [TakeHit(t, snippet(t.body, terms)) for t in takes[:MAX_RESULTS]]
    if symposium is None:
        eids = _ranked_expert_ids(terms)
        eorder = {pk: i for i, pk in enumerate(eids)}
        experts = list(public_experts().filter(pk__in=eids))
        experts.sort(key=lambda e: eorder[e.pk])
        results.experts = experts[:MAX_RESULTS]
    return results


def snippet(text: str, terms: list[str], width: int = 220) -> SafeString:
    """An escaped excerpt of ``text`` around the first matching word, matches in ``<mark>``."""
    if not terms:
        return mark_safe(escape(text[:width]))
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.I)
    m = pattern.search(text)
    start = 0 if m is None else max(0, m.start() - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    excerpt = text[start:end]
    out: list[str] = ["…" if start else ""]
    pos = 0
    for hit in pattern.finditer(excerpt):
        out.append(escape(excerpt[pos : hit.start()]))
        out.append(f"<mark>{escape(hit.group(0))}</mark>")
        pos = hit.end()
    out.append(escape(excerpt[pos:]))
    out.append("…" if end < len(text) else "")
    return mark_safe("".join(out))
