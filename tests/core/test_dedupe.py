"""Exact and near-duplicate takes are linked, distinct ones are not."""

from __future__ import annotations

import random

from symposia.core.dedupe import (
    DedupeIndex,
    canonical,
    content_hash,
    find_near_duplicates,
    jaccard,
    shingles,
)
from symposia.core.parse import parse_document

WORDS = [
    "harbour",
    "talks",
    "insurers",
    "premiums",
    "routes",
    "ports",
    "coast",
    "guard",
    "hotline",
    "treaty",
    "season",
    "fleet",
]


def _text(rng: random.Random, n: int = 120) -> str:
    return " ".join(rng.choice([*WORDS, f"w{rng.randint(0, 5000)}"]) for _ in range(n))


def test_content_hash_ignores_whitespace() -> None:
    assert content_hash("a  b\n\nc") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")


def test_reworded_copy_is_linked_and_distinct_text_is_not() -> None:
    rng = random.Random(3)
    a = _text(rng)
    words = a.split()
    words[10] = "altered"
    words[60] = "changed"
    b = " ".join(words)
    c = _text(rng)
    links = find_near_duplicates([a, c, b])
    assert [(x.first, x.second, x.exact) for x in links] == [(0, 2, False)]
    assert links[0].similarity == round(jaccard(shingles(a), shingles(b)), 4)
    assert links[0].similarity >= 0.6


def test_exact_copy_is_marked_exact() -> None:
    rng = random.Random(4)
    a = _text(rng)
    links = find_near_duplicates([a, a.replace(" ", "  ")])
    assert links[0].exact and links[0].similarity == 1.0


def test_many_distinct_takes_have_no_links_and_groups_are_canonical() -> None:
    rng = random.Random(5)
    texts = [_text(rng, 200) for _ in range(300)]
    texts.append(texts[17])
    links = find_near_duplicates(texts)
    assert [(x.first, x.second) for x in links] == [(17, 300)]
    groups = canonical(len(texts), links)
    assert groups[300] == 17 and groups[5] == 5


def test_parsed_takes_are_accepted() -> None:
    body = (
        "Insurers have raised premiums twice this year and shipping lines are planning "
        "longer routes. " * 3
    )
    page = (
        "We Asked Odalys Fenwick What Comes Next\n\n"
        + body
        + "\n\nOdalys Fenwick is a Senior Fellow at the Quayside Institute."
    )
    t1 = parse_document(page).takes[0]
    t2 = parse_document(page.replace("Odalys Fenwick", "Odalys Fenwick")).takes[0]
    assert find_near_duplicates([t1, t2])[0].exact


def test_index_is_incremental_and_keyed() -> None:
    idx = DedupeIndex(threshold=0.5)
    rng = random.Random(6)
    a = _text(rng)
    assert idx.add(("x.txt", 0), a) == []
    (link,) = idx.add(("y.txt", 0), a)
    assert link.first == ("x.txt", 0) and link.second == ("y.txt", 0)
