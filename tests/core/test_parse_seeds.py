"""The parser on the two real published takes beside the repository (read at test time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from symposia.core.parse import parse_document
from symposia.core.parse_draft import same_name
from symposia.core.text import normalize_ws


def _pages(seeds_dir: Path) -> list[tuple[str, str]]:
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        pytest.skip("no seed takes")
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def test_each_seed_is_one_take_with_every_field(seeds_dir: Path) -> None:
    for name, text in _pages(seeds_dir):
        page = parse_document(text)
        assert page.kind == "take", name
        assert page.span_basis == "input"
        (take,) = page.takes
        for field in (
            "headline",
            "series",
            "question",
            "pull_quote",
            "editor_note",
            "bio",
            "image_credit",
        ):
            assert getattr(take, field) is not None, (name, field)
        assert take.expert.name is not None and take.expert.title is not None
        assert take.expert.affiliation is not None
        assert len(take.body) >= 4
        assert take.warnings == [], (name, take.warnings)


def test_name_in_headline_equals_name_in_bio(seeds_dir: Path) -> None:
    for name, text in _pages(seeds_dir):
        take = parse_document(text).takes[0]
        assert take.expert.name is not None and take.headline is not None and take.bio is not None
        person = take.expert.name.value
        assert person in take.headline.value, name
        assert take.bio.value.startswith(person), name
        assert same_name(person, take.bio.value[: len(person)])


def test_pull_quote_is_verbatim_in_the_body(seeds_dir: Path) -> None:
    for name, text in _pages(seeds_dir):
        take = parse_document(text).takes[0]
        assert take.pull_quote is not None
        assert take.pull_quote.value in take.body_text, name
        # ...and its span is the raw text inside the quote marks.
        raw = text[take.pull_quote.span.start : take.pull_quote.span.end]
        assert normalize_ws(raw) == take.pull_quote.value
        assert text[take.pull_quote.span.start - 1] in '"“'


def test_editor_note_announces_eighty_takes(seeds_dir: Path) -> None:
    for name, text in _pages(seeds_dir):
        take = parse_document(text).takes[0]
        assert take.announced_takes == 80, name
        assert take.editor_note is not None and take.editor_note.value.startswith("Editor")


def test_glued_words_are_repaired_with_spans(seeds_dir: Path) -> None:
    found = {}
    for _, text in _pages(seeds_dir):
        page = parse_document(text)
        for r in page.repairs:
            assert text[r.span.start : r.span.end] == r.before
            found[r.before] = r.after
        assert "theirsummit" not in page.takes[0].body_text
        assert "hasweathered" not in page.takes[0].body_text
    if "theirsummit" in found:
        assert found["theirsummit"] == "their summit"
    if "hasweathered" in found:
        assert found["hasweathered"] == "has weathered"
    assert found, "the seeds have glued words to repair"


def test_every_span_points_at_its_raw_text(seeds_dir: Path) -> None:
    for name, text in _pages(seeds_dir):
        page = parse_document(text)
        for take in page.takes:
            for key, f in take.fields().items():
                for x in f if isinstance(f, list) else [f] if f is not None else []:
                    raw = text[x.span.start : x.span.end]
                    assert raw.strip(), (name, key)
                    if key != "expert.name" and not any(
                        x.span.start <= r.span.start < x.span.end for r in page.repairs
                    ):
                        assert normalize_ws(raw) == x.value, (name, key)
