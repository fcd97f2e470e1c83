"""Glue, mojibake and space repairs, with their spans and the guard against splitting real words."""

from __future__ import annotations

import pytest

from symposia.core.repair import clean_text, split_glued


def _after(text: str) -> str:
    return clean_text(text).text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("the leaders ended theirsummit talks", "the leaders ended their summit talks"),
        ("the region hasweathered worse", "the region has weathered worse"),
        ("Theirsummit ended early.", "Their summit ended early."),
        ("thanked the President.Until then, nothing", "thanked the President. Until then, nothing"),
        ("Read MoreNPR: the summit", "Read More NPR: the summit"),
        ("in Korea,and elsewhere", "in Korea, and elsewhere"),
    ],
)
def test_glue_is_repaired(raw: str, fixed: str) -> None:
    c = clean_text(raw)
    assert c.text == fixed
    (r,) = c.repairs
    assert raw[r.span.start : r.span.end] == r.before
    assert r.after in fixed


@pytest.mark.parametrize(
    "word",
    [
        "Pyongyang",
        "denuclearization",
        "nonproliferation",
        "Kaesong",
        "Juche",
        "interconnectors",
        "reexamine",
        "policymakers",
        "counterparts",
        "groundwork",
        "YouTube",
        "McDonald",
        "DeSantis",
        "iPhone",
        "LaGuardia",
    ],
)
def test_real_words_are_never_split(word: str) -> None:
    text = f"They spoke about {word} at length."
    assert _after(text) == text


def test_names_are_never_split() -> None:
    # A capitalised token seen twice is a name; one next to another capital is a proper noun.
    assert _after("Stonemarket said yes. Later Stonemarket said no.") == (
        "Stonemarket said yes. Later Stonemarket said no."
    )
    assert _after("She works at the Stonemarket Center in town.") == (
        "She works at the Stonemarket Center in town."
    )


def test_urls_emails_and_handles_are_left_alone() -> None:
    text = (
        "Write to info@saltroad.org, see www.example.org/Foo.Bar and follow @ReadMore"
        " or #NorthKorea."
    )
    assert _after(text) == text


def test_split_glued_guard() -> None:
    assert split_glued("theirsummit") == ["their", "summit"]
    assert split_glued("summit") is None
    assert split_glued("qzxwvk") is None
    assert split_glued("interconnectors") is None


def test_mojibake_is_fixed_only_where_it_is() -> None:
    raw = "Editorâ€™s Note: it’s “fine” here."
    c = clean_text(raw)
    assert c.text == "Editor’s Note: it’s “fine” here."
    (r,) = c.repairs
    assert r.kind == "mojibake" and r.before == "â€™" and r.after == "’"
    assert raw[r.span.start : r.span.end] == "â€™"


def test_clean_text_has_no_repairs_for_clean_text() -> None:
    raw = 'A clean sentence, with “curly” and "straight" quotes.\n\nAnother one.'
    c = clean_text(raw)
    assert c.text == raw and c.repairs == []


def test_nbsp_invisible_and_crlf() -> None:
    raw = "all\u00a080 takes\u200b here\r\nnext line"
    c = clean_text(raw)
    assert c.text == "all 80 takes here\nnext line"
    assert [r.kind for r in c.repairs] == ["nbsp", "invisible"]  # CRLF is normalised silently


def test_to_source_maps_cleaned_ranges_back() -> None:
    raw = "Xâ€™s theirsummit and\u00a0more"
    c = clean_text(raw)
    a = c.text.index("their summit")
    span = c.to_source(a, a + len("their summit"))
    assert raw[span.start : span.end] == "theirsummit"
    b = c.text.index("more")
    assert raw[c.to_source(b, b + 4).start :].startswith("more")
    q = c.text.index("’")
    assert raw[c.to_source(q, q + 1).start : c.to_source(q, q + 1).end] == "â€™"


def test_html_entities_in_plain_text() -> None:
    c = clean_text("Tom &amp; Jerry &#8217;s")
    assert c.text == "Tom & Jerry ’s"
    assert {r.kind for r in c.repairs} == {"entity"}


def test_glue_can_be_turned_off() -> None:
    assert clean_text("theirsummit", glue=False).text == "theirsummit"
