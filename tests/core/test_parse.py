"""parse_document on each layout, with small fictional pages written here."""

from __future__ import annotations

import json

import pytest

from symposia.core.parse import ParsedPage, parse_document, to_json
from symposia.core.text import normalize_ws
from symposia.errors import ParseError

BODY = [
    "The harbour talks ended without a text, but both delegations stayed at the table until "
    "the last hour.",
    "Insurers have raised premiums twice this year, and shipping lines are quietly planning "
    "longer routes.",
    "A joint hotline between the two coast guards would cost little and could prevent the "
    "next collision.",
]
SINGLE = "\n\n".join(
    [
        "The Harbour Talks – We Asked Odalys Fenwick What Comes Next for the Harbour",
        "Fishing boats at the quay in Port Aldane, June 1, 2019. REUTERS/Milo Brandt",
        "The Harbour Talks – We Asked Odalys Fenwick What Comes Next for the Harbour",
        "“Insurers have raised premiums twice this year”",
        "Editor’s Note: Read all 42 expert takes on the harbour here.",
        *BODY,
        "Odalys Fenwick, Ph.D., is a Senior Fellow at the nonpartisan Quayside Institute."
        " @ofenwick",
        "Image: Fictional Wire",
    ]
)


def _check_spans(page: ParsedPage) -> None:
    for take in page.takes:
        for key, f in take.fields().items():
            for x in f if isinstance(f, list) else [f] if f is not None else []:
                assert 0 <= x.span.start < x.span.end <= len(page.text), key
                assert page.text[x.span.start : x.span.end].strip(), key


def test_single_take_fields() -> None:
    page = parse_document(SINGLE)
    assert page.kind == "take"
    (t,) = page.takes
    assert t.expert.name and t.expert.name.value == "Odalys Fenwick"
    assert t.expert.honorific and t.expert.honorific.value == "Ph.D."
    assert t.expert.title and t.expert.title.value == "Senior Fellow"
    assert t.expert.affiliation and t.expert.affiliation.value == "Quayside Institute"
    assert t.expert.handle and t.expert.handle.value == "@ofenwick"
    assert t.series and t.series.value == "The Harbour Talks"
    assert t.question and t.question.value == "What Comes Next for the Harbour"
    assert t.pull_quote and t.pull_quote.value == "Insurers have raised premiums twice this year"
    assert t.caption and t.caption.value.endswith("REUTERS/Milo Brandt")
    assert t.image_credit and t.image_credit.value == "Fictional Wire"
    assert t.announced_takes == 42
    assert [p.value for p in t.body] == BODY
    assert t.bio and t.bio.value.endswith("Quayside Institute.")
    assert t.warnings == []
    _check_spans(page)


def test_spans_index_the_input_exactly() -> None:
    page = parse_document(SINGLE)
    t = page.takes[0]
    assert t.expert.name is not None
    assert SINGLE[t.expert.name.span.start : t.expert.name.span.end] == "Odalys Fenwick"
    for p in t.body:
        assert SINGLE[p.span.start : p.span.end] == p.value


def test_no_bio_line_warns_and_takes_the_name_from_the_headline() -> None:
    text = SINGLE.rsplit("\n\nOdalys Fenwick, Ph.D.", 1)[0] + "\n\nImage: Fictional Wire"
    t = parse_document(text).takes[0]
    assert t.expert.name and t.expert.name.value == "Odalys Fenwick"
    assert "no bio line found" in t.warnings


def test_name_mismatch_between_headline_and_bio_warns() -> None:
    text = SINGLE.replace("Odalys Fenwick, Ph.D.,", "Imre Castellan, Ph.D.,")
    t = parse_document(text).takes[0]
    assert any(w.startswith("name in headline and bio differ") for w in t.warnings)


def test_bio_at_start_and_title_before_name() -> None:
    bio = "Senior Fellow Odalys Fenwick directs the ports programme at the Quayside Institute."
    text = "\n\n".join(["The Harbour Talks – We Asked Odalys Fenwick What Comes Next", bio, *BODY])
    t = parse_document(text).takes[0]
    assert t.bio and t.bio.value == bio
    assert t.expert.title and t.expert.title.value == "Senior Fellow"
    assert t.expert.affiliation and t.expert.affiliation.value == "Quayside Institute"
    assert [p.value for p in t.body] == BODY


MULTI_HEADERS = {
    "role": ("Odalys Fenwick, Senior Fellow at the Quayside Institute:", "Odalys Fenwick"),
    "stray": ("Odalys Fenwick , Senior Fellow ,  Quayside Institute", "Odalys Fenwick"),
    "military": ("Lt. Col. Odalys Fenwick, USA, Ret.:", "Odalys Fenwick"),
    "caps": ("ODALYS FENWICK Senior Fellow, Quayside Institute", "Odalys Fenwick"),
    "paren": ("Odalys Fenwick (Senior Fellow, Quayside Institute):", "Odalys Fenwick"),
}


@pytest.mark.parametrize("form", sorted(MULTI_HEADERS))
def test_multi_expert_headers(form: str) -> None:
    first, name = MULTI_HEADERS[form]
    second = first.replace("Odalys Fenwick", "Bram Oyelaran").replace(
        "ODALYS FENWICK", "BRAM OYELARAN"
    )
    text = "\n\n".join(
        [
            "We Asked 2 Experts What Comes Next",
            first,
            BODY[0],
            BODY[1],
            second,
            BODY[2],
            "Image: Fictional Wire",
        ]
    )
    page = parse_document(text)
    assert page.kind == "multi"
    assert [t.expert.name.value for t in page.takes if t.expert.name] == [name, "Bram Oyelaran"]
    assert [p.value for p in page.takes[0].body] == BODY[:2]
    assert [p.value for p in page.takes[1].body] == BODY[2:]
    if form == "military":
        assert page.takes[0].expert.honorific and page.takes[0].expert.honorific.value == "Lt. Col."
    else:
        aff = page.takes[0].expert.affiliation
        assert aff is not None and aff.value == "Quayside Institute"
    _check_spans(page)


def test_attribution_after_the_answer() -> None:
    text = "\n\n".join(
        [
            "What Comes Next?",
            "We asked two fellows: what comes next?",
            BODY[0],
            "-Principal Fellow, Odalys Fenwick",
            BODY[1],
            BODY[2],
            "— Bram Oyelaran, Senior Fellow, Quayside Institute",
        ]
    )
    page = parse_document(text)
    assert [t.expert.name.value for t in page.takes if t.expert.name] == [
        "Odalys Fenwick",
        "Bram Oyelaran",
    ]
    assert page.takes[0].expert.title and page.takes[0].expert.title.value == "Principal Fellow"
    assert [p.value for p in page.takes[1].body] == BODY[1:]


def test_question_and_answer_merges_an_experts_answers() -> None:
    text = "\n\n".join(
        [
            "Roundtable",
            "Q: What comes next?",
            f"Odalys Fenwick: {BODY[0]}",
            f"Bram Oyelaran: {BODY[1]}",
            "Q: What should be done first?",
            f"Odalys Fenwick: {BODY[2]}",
            f"Bram Oyelaran: {BODY[0]}",
        ]
    )
    page = parse_document(text)
    assert len(page.takes) == 2
    assert [p.value for p in page.takes[0].body] == [BODY[0], BODY[2]]
    assert page.takes[0].question and page.takes[0].question.value == "What comes next?"


def test_hub_page_yields_no_take() -> None:
    lines = ["The Harbour Talks: All Takes"]
    for n in ("Odalys Fenwick", "Bram Oyelaran", "Ilse Marwick", "Teodor Vance"):
        lines += [f"The Harbour Talks – We Asked {n} What Comes Next", "Read more"]
    page = parse_document("\n\n".join(lines))
    assert page.kind == "hub" and page.takes == []
    assert page.warnings


def test_news_page_yields_no_take() -> None:
    text = "\n\n".join(
        [
            "Harbour Talks End Without Deal",
            "PORT ALDANE (Fictional Wire) - The talks ended on Tuesday without an agreement,"
            " officials said.",
            '"We made progress," said Odalys Fenwick, a senior fellow at the Quayside Institute.',
            "Shipping companies told reporters that costs had risen, according to a statement.",
        ]
    )
    page = parse_document(text)
    assert page.takes == [] and page.kind == "none"
    assert page.warnings and page.warnings[0].startswith("no expert take found")


def test_html_spans_index_the_extracted_text() -> None:
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article>"
        + "".join(f"<p>{p}</p>" for p in SINGLE.split("\n\n"))
        + "</article><footer>© Review</footer></body></html>"
    )
    page = parse_document(html)
    assert page.span_basis == "extracted_text"
    assert "Home" not in page.text and "<p>" not in page.text
    t = page.takes[0]
    assert (
        t.expert.name
        and page.text[t.expert.name.span.start : t.expert.name.span.end] == "Odalys Fenwick"
    )
    _check_spans(page)


def test_repairs_keep_raw_spans_and_clean_values() -> None:
    text = SINGLE.replace("both delegations", "bothdelegations").replace("Editor’s", "Editorâ€™s")
    page = parse_document(text)
    t = page.takes[0]
    assert t.body[0].value.startswith(
        "The harbour talks ended without a text, but both delegations"
    )
    raw = text[t.body[0].span.start : t.body[0].span.end]
    assert "bothdelegations" in raw
    kinds = {r.kind for r in t.repairs}
    assert {"glue", "mojibake"} <= kinds
    assert t.editor_note and t.editor_note.value.startswith("Editor’s Note")


def test_json_shape_is_stable() -> None:
    out = to_json(parse_document(SINGLE), "a.txt")
    assert list(out) == ["source", "kind", "span_basis", "takes", "warnings"]
    take = out["takes"][0]
    assert list(take["expert"]) == ["name", "honorific", "title", "affiliation", "handle"]
    for key in (
        "headline",
        "question",
        "pull_quote",
        "editor_note",
        "body",
        "bio",
        "caption",
        "image_credit",
        "spans",
        "repairs",
        "warnings",
    ):
        assert key in take
    assert take["spans"]["expert.name"] == [
        SINGLE.index("Odalys Fenwick, Ph.D."),
        SINGLE.index("Odalys Fenwick, Ph.D.") + 14,
    ]
    json.dumps(out)


@pytest.mark.parametrize("bad", ["", "   \n\t ", "\x00\x01\x02" * 50])
def test_bad_input_raises_parse_error(bad: str) -> None:
    with pytest.raises(ParseError):
        parse_document(bad)


def test_html_without_text_raises_parse_error() -> None:
    with pytest.raises(ParseError, match="no text"):
        parse_document("<html><body><script>var a = 1;</script><div></div></body></html>")


def test_not_a_string_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_document(b"bytes")  # type: ignore[arg-type]


def test_body_values_are_whitespace_normalised() -> None:
    page = parse_document(SINGLE.replace(BODY[1], BODY[1].replace(" ", "  ")))
    assert page.takes[0].body[1].value == normalize_ws(BODY[1])


def test_html_extraction_skips_boilerplate_and_related_articles() -> None:
    from symposia.core.htmltext import html_to_text, looks_like_html

    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article><h1>Title Here</h1>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "<p>Line one<br>line two</p></article>"
        + "<section class='related'><article><p>Another story teaser.</p></article></section>"
        + "<footer>© Review</footer></body></html>"
    )
    assert looks_like_html(html) and not looks_like_html("a < b and c > d")
    out = html_to_text(html)
    assert out.text.startswith("Title Here\n\n")
    assert "Home" not in out.text and "teaser" not in out.text and "©" not in out.text
    assert "Line one\nline two" in out.text


def test_trafilatura_extractor_when_installed() -> None:
    pytest.importorskip("trafilatura")
    from symposia.core.htmltext import html_to_text

    html = (
        "<html><head><title>Harbour Talks</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "</article></body></html>"
    )
    out = html_to_text(html, extractor="trafilatura")
    assert out.method == "trafilatura" and BODY[0] in normalize_ws(out.text)


def test_link_lists_in_html_are_a_hub() -> None:
    items = "".join(
        f"<li><a href='/t{i}'>Expert {c} Fenwick, Senior Fellow at the Quayside Institute</a></li>"
        for i, c in enumerate("ABCDEFG")
    )
    page = parse_document(
        f"<html><body><main><h1>All Takes</h1><ul>{items}</ul></main></body></html>"
    )
    assert page.kind == "hub" and page.takes == []


def test_caption_without_credit_before_the_pull_quote() -> None:
    caption = "Leaders shake hands at the harbour office in Port Aldane, June 1, 2019."
    text = "\n".join(
        [
            "The Harbour Talks – We Asked Odalys Fenwick What Comes Next",
            caption,
            f"“{BODY[1]}”",
            *BODY,
            "Odalys Fenwick is a Senior Fellow at the Quayside Institute.",
        ]
    )
    t = parse_document(text).takes[0]
    assert t.caption and t.caption.value == caption
    assert [p.value for p in t.body] == BODY


def test_bio_in_two_paragraphs() -> None:
    more = "She previously served as a harbour pilot for twelve years."
    text = SINGLE.replace(" @ofenwick\n\nImage", f" @ofenwick\n\n{more}\n\nImage")
    t = parse_document(text).takes[0]
    assert [p.value for p in t.body] == BODY
    assert t.bio and t.bio.value.endswith(more)
