"""Sentence segmentation for synthesis, and the checks made on each take.

The default segmenter ("sentences") is :func:`symposia.core.text.split_sentences`;
this module only adds what synthesis needs on top: which sentences are worth
clustering (not a bio line, not a fragment) and whether a take is in English
at all, since the rules and the model are English-only.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

from symposia.core.text import Span, split_sentences


@runtime_checkable
class Segmenter(Protocol):
    """Splits a take's text into sentence spans (offsets into the text)."""

    name: str
    version: str

    def segment(self, text: str) -> list[Span]:
        """Sentence spans of ``text``."""
        ...


class SentenceSegmenter:
    """The default segmenter ("sentences"): the shared rule-based splitter."""

    name = "sentences"
    version = "1"

    def segment(self, text: str) -> list[Span]:
        """Sentence spans of ``text`` from :func:`split_sentences`."""
        return split_sentences(text)


_EN_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "it",
        "as",
        "with",
        "was",
        "on",
        "be",
        "by",
        "this",
        "are",
        "not",
        "or",
        "have",
        "will",
        "but",
        "an",
        "from",
        "at",
        "which",
        "has",
        "its",
        "their",
        "would",
        "should",
        "can",
        "could",
        "they",
        "been",
        "more",
        "than",
    ]
)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def english_share(text: str) -> float:
    """Share of words that are common English function words (about 0.3-0.5 in English)."""
    words = [w.lower() for w in _WORDS.findall(text[:20000])]
    if not words:
        return 0.0
    return sum(w in _EN_FUNCTION_WORDS for w in words) / len(words)


def looks_english(text: str, threshold: float = 0.12) -> bool:
    """Whether ``text`` reads as English prose (function-word share above ``threshold``)."""
    return english_share(text) >= threshold


def word_count(text: str) -> int:
    """Number of words in ``text``."""
    return len(_WORDS.findall(text))


def is_bio(sentence: str, expert_name: str) -> bool:
    """True for the sign-off bio line ("Jane Roe is a fellow at ...", "She works on ...").

    A sentence that opens with the author's full or last name and a verb of
    position, or with a pronoun, a verb of position and a job or affiliation
    word, is the bio appended by the editors. "He was wrong to walk away"
    (about someone else) is not.
    """
    s = sentence.strip()
    if _PRONOUN_BIO.match(s) and _POSITION.search(s) and len(s.split()) < 45:
        return True
    parts = [p for p in expert_name.split() if len(p) > 1]
    if not parts:
        return False
    full = " ".join(expert_name.split())
    # The full name may follow a title ("Dr. Naoko Aoki is ...").
    opens_with_name = s.startswith(parts[-1]) or full in s[: len(full) + 12]
    return opens_with_name and bool(_BIO_VERB.search(s[:160]))


_PRONOUN_BIO = re.compile(
    r"^(?:she|he|they) (?:is|was|works|worked|serves|served|previously|leads|directs|"
    r"has|focuses|writes|teaches|heads)\b",
    re.IGNORECASE,
)
_POSITION = re.compile(
    r"\b(?:fellow|professor|director|researcher|analyst|editor|author|assistant|chair|"
    r"founder|lecturer|scholar|specialist|correspondent|adviser|advisor|ambassador|"
    r"works on|focuses on|writes on|served as|the author of|ph\.?d)\b",
    re.IGNORECASE,
)
_BIO_VERB = re.compile(
    r"\b(?:is|was|serves|served|works|worked|spent|leads|led|directs|teaches|heads)\b"
)


def is_clusterable(sentence: str, min_words: int = 5) -> bool:
    """Sentences of fewer than ``min_words`` words are fragments, not claims."""
    return len(_WORDS.findall(sentence)) >= min_words
