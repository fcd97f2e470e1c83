"""The synthetic corpus generator used by the speed benchmark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from symposia.core.corpus import generate_takes, load_source_takes
from symposia.core.text import split_sentences
from symposia.errors import NotFoundError

from .synth_fixtures import fictional_takes


def test_generated_takes_are_deterministic_and_about_the_right_length() -> None:
    src = fictional_takes()
    a = generate_takes(20, words=200, seed=3, sources=src)
    b = generate_takes(20, words=200, seed=3, sources=src)
    assert [t.text for t in a] == [t.text for t in b]
    assert len({t.id for t in a}) == 20
    assert all(200 <= len(t.text.split()) <= 320 for t in a)
    assert generate_takes(5, words=200, seed=4, sources=src)[0].text != a[0].text


def test_generated_sentences_come_from_the_sources() -> None:
    src = fictional_takes()

    def words(text: str) -> set[str]:
        return set(re.findall(r"[A-Za-z]+", text))

    known = set().union(*(words(t.text) for t in src))
    for take in generate_takes(10, words=150, seed=1, sources=src):
        assert words(take.text) <= known
        assert take.expert.region in {t.expert.region for t in src}


def test_splicing_makes_new_sentences() -> None:
    src = fictional_takes()
    originals = {s.of(t.text) for t in src for s in split_sentences(t.text)}
    out = generate_takes(30, words=200, seed=2, sources=src, splice=1.0)
    made = {s.of(t.text) for t in out for s in split_sentences(t.text)}
    assert len(made - originals) > 10


def test_missing_source_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no takes"):
        load_source_takes(tmp_path / "none")
