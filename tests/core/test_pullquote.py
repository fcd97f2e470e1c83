"""Pull-quote suggestions: verbatim, 60-200 characters, standing alone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symposia.core.pullquote import MAX_CHARS, MIN_CHARS, suggest_pull_quotes

TAKE = (
    "The harbor round ended without a text, and both delegations flew home early. "
    "It was a long week for everyone involved.\n\n"
    "However, the real story is elsewhere. Trade ministers will have to choose between a "
    "narrow deal this year and no deal at all before the elections. "
    "This pattern has repeated since the first round.\n\n"
    "Markets may perhaps react, but it is difficult to say how.\n\n"
    "The next round will be decided not in the harbor but in the capitals."
)


def test_best_suggestion_is_a_strong_standalone_claim():
    best = suggest_pull_quotes(TAKE)[0]
    assert best.text in {
        "The next round will be decided not in the harbor but in the capitals.",
        "Trade ministers will have to choose between a narrow deal this year and no deal "
        "at all before the elections.",
    }
    assert TAKE[best.span.start : best.span.end] == best.text


def test_sentences_that_lean_on_context_are_never_suggested():
    texts = [c.text for c in suggest_pull_quotes(TAKE, limit=0)]
    assert texts
    for t in texts:
        assert not re.match(r"(It|However|This)\b", t)


def test_a_pair_may_continue_with_a_pronoun():
    body = (
        "Sanctions relief is the only lever Pyongyang truly wants from Washington now. "
        "It will decide whether talks resume."
    )
    cands = suggest_pull_quotes(body, limit=0)
    pair = [c for c in cands if c.sentences == 2]
    assert pair and pair[0].text == body
    assert all(not c.text.startswith("It ") for c in cands)


def test_suggestions_do_not_overlap():
    chosen = suggest_pull_quotes(TAKE, limit=5)
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            assert a.span.end <= b.span.start or b.span.end <= a.span.start


@pytest.mark.parametrize(
    "body",
    [
        "",
        "Too short to quote.",
        "This claim leans on the previous paragraph and cannot stand alone in any way at all.",
        "The **summit** will decide everything that matters for the peninsula this year.",
        "See [the report](https://example.org) which will decide everything this year for sure.",
        "As noted above, the negotiations will decide everything for the region this year.",
    ],
)
def test_no_suggestion_when_nothing_qualifies(body):
    assert suggest_pull_quotes(body) == []


def test_markdown_list_items_are_skipped():
    body = "- The delegates will return within a year, whatever the capitals decide now."
    assert suggest_pull_quotes(body) == []


def test_reasons_explain_the_score():
    best = suggest_pull_quotes(
        "Negotiators must return to the table before the elections, not after."
    )
    assert best and "strong verb(s)" in best[0].reasons[0]


def test_human_pull_quotes_of_the_seed_takes_rank_in_the_top_five(seeds_dir):
    # The real published takes carry the pull quote the editors chose; ours should
    # offer it among the first five choices.
    found = 0
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        quote = next(
            (
                ln.strip().strip('"“”')
                for ln in text.splitlines()
                if ln.strip()[:1] and ln.strip()[0] in '"“'
            ),
            None,
        )
        if quote is None or "Editor’s Note" not in text:
            continue
        body = text[text.index("\n", text.index("Editor’s Note")) :]
        top = [c.text for c in suggest_pull_quotes(body, limit=5)]
        assert quote in top, (path.name, quote, top)
        found += 1
    if not found:
        pytest.skip("no seed take with a pull quote")


WORDS = (
    "the summit will must not but it this however talks Seoul Washington can never decide "
    "allies pressure I rather than may perhaps 2019 (see) “quoted” said"
)
words = st.sampled_from(WORDS.split(" "))
sentence = st.builds(
    lambda ws, end: " ".join(ws).capitalize() + end,
    st.lists(words, min_size=3, max_size=30),
    st.sampled_from([".", "!", "?", "", ":"]),
)
body_st = st.builds(
    lambda paras: "\n\n".join(" ".join(p) for p in paras),
    st.lists(st.lists(sentence, min_size=1, max_size=5), min_size=1, max_size=4),
)


@settings(max_examples=200)
@given(st.one_of(body_st, st.text(max_size=600)))
def test_every_suggestion_is_verbatim_and_within_bounds(body):
    for c in suggest_pull_quotes(body, limit=0):
        assert body[c.span.start : c.span.end] == c.text
        assert MIN_CHARS <= len(c.text) <= MAX_CHARS
        assert c.sentences in (1, 2)
    ranked = suggest_pull_quotes(body, limit=0)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
