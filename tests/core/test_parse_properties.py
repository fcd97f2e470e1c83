"""Property: parse_document on any string returns a ParsedPage or raises ParseError,
and every span it returns points at text that is really there."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symposia.core.parse import ParsedPage, parse_document
from symposia.core.repair import clean_text
from symposia.errors import ParseError

# Fragments that steer the parser into its layouts, mixed with arbitrary text.
FRAGMENTS = [
    "The Harbour Talks – We Asked Odalys Fenwick What Comes Next",
    "Odalys Fenwick, Ph.D., is a Senior Fellow at the Quayside Institute. @ofenwick",
    "Bram Oyelaran, Senior Fellow at the Quayside Institute:",
    "LT. COL. BRAM OYELARAN Senior Fellow, Quayside Institute",
    "-Principal Fellow, Ilse Marwick",
    "“A quoted line that could be a pull quote.”",
    '"Straight quote “mixed” end”',
    "Editor’s Note: Read all 80 expert takes here.",
    "Editorâ€™s Note: read all eighty takes",
    "Image: Fictional Wire",
    "Q: What comes next?",
    "A: Nobody knows.",
    "Ilse Marwick: an answer on the same line as the name.",
    "The talks ended theirsummit President.Until Read MoreNPR: and hasweathered.",
    "Read more",
    "<p>tag</p><br>",
    "\u00a0\u200b\ufeff\r\n",
    "Odalys Fenwick",
    "Senior Fellow, Quayside Institute",
    "PORT ALDANE (Fictional Wire) - officials said.",
]
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60)),
    max_size=14,
).flatmap(
    lambda parts: st.sampled_from(["\n\n", "\n", " ", "\r\n"]).map(lambda sep: sep.join(parts))
)


def _check(page: ParsedPage) -> None:
    n = len(page.text)
    for r in page.repairs:
        assert 0 <= r.span.start <= r.span.end <= n
        assert page.text[r.span.start : r.span.end] == r.before
    for take in page.takes:
        for key, f in take.fields().items():
            for x in f if isinstance(f, list) else [f] if f is not None else []:
                assert 0 <= x.span.start < x.span.end <= n, key
                assert page.text[x.span.start : x.span.end].strip(), key
                assert x.value.strip(), key


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_parse_document_returns_a_page_or_raises_parse_error(text: str) -> None:
    try:
        page = parse_document(text)
    except ParseError:
        return
    assert isinstance(page, ParsedPage)
    _check(page)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_string(text: str) -> None:
    try:
        page = parse_document(text)
    except ParseError:
        return
    _check(page)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_clean_text_maps_every_range_back_to_the_source(text: str) -> None:
    c = clean_text(text)
    for r in c.repairs:
        assert text[r.span.start : r.span.end] == r.before
    for a in range(0, len(c.text) + 1, max(1, len(c.text) // 7 or 1)):
        s = c.to_source(a, len(c.text))
        assert 0 <= s.start <= s.end <= len(text)
