"""Bio lines, language and fragment checks used by the synthesis."""

from __future__ import annotations

import pytest

from symposia.core.segment import SentenceSegmenter, is_bio, is_clusterable, looks_english


@pytest.mark.parametrize(
    ("sentence", "bio"),
    [
        ("Ilsa Varn, Ph.D., is a senior fellow at the Tovan Basin Institute.", True),
        ("Dr. Ilsa Varn is a senior fellow at the Tovan Basin Institute.", True),
        ("Varn previously served as Velmark's water commissioner.", True),
        ("She works on river treaties and regional water security.", True),
        ("He was wrong to walk away from the quota talks.", False),
        ("She is unlikely to accept the new quota.", False),
        ("The Harrow dam threatens the flow that Ostria depends on.", False),
        ("Ilsa and her colleagues watched the talks closely.", False),
    ],
)
def test_bio_lines(sentence: str, bio: bool) -> None:
    assert is_bio(sentence, "Ilsa Varn") is bio


def test_bio_needs_a_name() -> None:
    assert not is_bio("Varn is a fellow at the institute.", "")


def test_language_check() -> None:
    assert looks_english("The talks will resume next year, and the quota is the key to it.")
    assert not looks_english("Die Verhandlungen über den Fluss werden im nächsten Jahr scheitern.")
    assert not looks_english("川の交渉は来年再開されるだろう。")
    assert not looks_english("")


def test_fragments_are_not_clustered() -> None:
    assert not is_clusterable("I doubt it.")
    assert is_clusterable("I doubt that the talks resume soon.")


def test_segmenter_returns_spans_into_the_text() -> None:
    text = "First sentence here. Second one follows.\n\nA new paragraph starts."
    spans = SentenceSegmenter().segment(text)
    assert [s.of(text) for s in spans] == [
        "First sentence here.",
        "Second one follows.",
        "A new paragraph starts.",
    ]
