"""Quote highlights on the take page: ?hl=START-END marks exactly body[START:END]."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symposia.core.editorial import paragraphs
from symposia.web.publishing import highlight

bodies = st.text(alphabet=st.sampled_from(list("ab <>&\n\t .é")), max_size=120)


@given(bodies)
def test_paragraphs_match_the_core_and_keep_offsets(body):
    mapped = highlight.mapped_paragraphs(body)
    assert [text for text, _ in mapped] == paragraphs(body)
    for text, offsets in mapped:
        assert len(offsets) == len(text)
        assert offsets == sorted(offsets)
        for ch, off in zip(text, offsets, strict=True):
            assert body[off] == ch or (ch == " " and body[off].isspace())


@given(bodies, st.integers(0, 130), st.integers(1, 40))
def test_marked_text_is_the_span(body, start, width):
    end = min(len(body), start + width)
    span = highlight.parse_span(f"{start}-{end}", len(body))
    if span is None:
        assert not (0 <= start < end <= len(body))
        return
    html = "".join(highlight.render(body, span))
    marked = " ".join(unescape(m) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", html))
    expected = " ".join(body[start:end].split())
    assert " ".join(marked.split()) == expected
    shown = any(
        start <= o < end for _, offsets in highlight.mapped_paragraphs(body) for o in offsets
    )
    assert html.count('id="hl"') == (1 if shown else 0)


@pytest.mark.parametrize("value", ["", "abc", "5", "5-", "-5", "9-3", "3-3", "0-999", "1-2-3"])
def test_bad_spans_are_ignored(value):
    assert highlight.parse_span(value, 100) is None


@pytest.mark.django_db
def test_take_page_marks_the_quote(client, make_symposium, make_take):
    t = make_take(make_symposium(), body="First <b>bold</b> claim.\n\nSecond claim here.")
    start = t.body.index("Second")
    r = client.get(f"{t.get_absolute_url()}?hl={start}-{start + 12}")
    html = r.content.decode()
    assert '<mark id="hl" class="hl">Second claim</mark> here.' in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert client.get(f"{t.get_absolute_url()}?hl=nonsense").status_code == 200
