"""The word-level diff is exact, readable and stable."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from symposia.core.diff import DiffSegment, diff_stats, new_text, old_text, tokenize, word_diff


def test_a_replaced_word_shows_as_delete_then_insert():
    segs = word_diff("The talks will fail soon.", "The talks will stall soon.")
    assert segs == [
        DiffSegment("equal", "The talks will "),
        DiffSegment("delete", "fail"),
        DiffSegment("insert", "stall"),
        DiffSegment("equal", " soon."),
    ]


def test_identical_texts_are_one_equal_segment():
    assert word_diff("Same text.", "Same text.") == [DiffSegment("equal", "Same text.")]
    assert not diff_stats(word_diff("Same text.", "Same text.")).changed


def test_empty_sides():
    assert word_diff("", "") == []
    assert word_diff("", "New words.") == [DiffSegment("insert", "New words.")]
    assert word_diff("Old words.", "") == [DiffSegment("delete", "Old words.")]


def test_punctuation_changes_are_their_own_tokens():
    segs = word_diff("Yes, we can.", "Yes; we can!")
    assert DiffSegment("delete", ",") in segs and DiffSegment("insert", ";") in segs
    assert DiffSegment("delete", ".") in segs and DiffSegment("insert", "!") in segs


def test_contractions_and_hyphenated_words_stay_whole():
    assert tokenize("won't re-enter U.S.") == ["won't", " ", "re-enter", " ", "U", ".", "S", "."]


def test_whitespace_only_change_is_visible():
    segs = word_diff("one two", "one  two")
    assert old_text(segs) == "one two" and new_text(segs) == "one  two"
    assert any(s.op != "equal" for s in segs)


def test_stats_count_words_not_spaces():
    stats = diff_stats(word_diff("a b c d", "a x c d e"))
    assert (stats.deleted_words, stats.inserted_words, stats.unchanged_words) == (1, 2, 3)


def test_long_texts_keep_common_words_aligned():
    # With difflib's autojunk on, frequent tokens in a long text are ignored and
    # the diff degenerates into delete-all/insert-all; ours stays small.
    para = " ".join(["the summit and the talks"] * 80)
    edited = para.replace("summit", "meeting", 1)
    stats = diff_stats(word_diff(para, edited))
    assert (stats.deleted_words, stats.inserted_words) == (1, 1)


def test_a_take_edited_throughout_diffs_quickly():
    # Word-aligning two long, repetitive texts at once is quadratic in difflib;
    # aligning sentences first keeps a 20,000-character take well under a second.
    import time

    text = ("The summit will decide everything for the talks. " * 450)[:20_000]
    edited = text.replace("summit", "meeting")
    t0 = time.perf_counter()
    segs = word_diff(text, edited)
    assert time.perf_counter() - t0 < 2.0
    assert old_text(segs) == text and new_text(segs) == edited
    assert diff_stats(segs).deleted_words == text.count("summit")


def test_sentences_split_in_two_still_diff_by_word():
    segs = word_diff(
        "Talks resume soon and both sides agree.", "Talks resume soon. Both sides agree."
    )
    assert DiffSegment("equal", "Talks resume soon") in segs
    assert diff_stats(segs).unchanged_words >= 5


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200)


@given(texts, texts)
def test_diff_rebuilds_both_texts(a, b):
    segs = word_diff(a, b)
    assert old_text(segs) == a
    assert new_text(segs) == b
    # No two neighbours share an op, and no segment is empty.
    assert all(s.text for s in segs)
    assert all(x.op != y.op for x, y in itertools.pairwise(segs))


@given(texts)
def test_tokens_join_back(text):
    assert "".join(tokenize(text)) == text
