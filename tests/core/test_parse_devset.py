"""The labelled dev set: the issue's accuracy targets hold on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symposia.core.documents import read_text
from symposia.core.parse import ParsedTake, parse_document
from symposia.core.text import normalize_ws

DEV = Path(__file__).resolve().parents[1] / "fixtures" / "parse"


def _rows() -> list[dict]:
    return [
        json.loads(x) for x in (DEV / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    ]


def _field(take: ParsedTake, key: str) -> object:
    if key in {"name", "honorific", "title", "affiliation", "handle"}:
        f = getattr(take.expert, key)
    elif key == "body":
        return [normalize_ws(p.value) for p in take.body]
    elif key == "announced_takes":
        return take.announced_takes
    else:
        f = getattr(take, key)
    return None if f is None else normalize_ws(f.value)


@pytest.fixture(scope="module")
def parsed() -> list[tuple[dict, list[ParsedTake]]]:
    out = []
    for row in _rows():
        text, _ = read_text(DEV / "dev" / row["file"])
        out.append((row, parse_document(text).takes))
    return out


def test_dev_set_is_large_enough() -> None:
    rows = _rows()
    assert len(rows) >= 60
    assert len({r["format"].split("_")[0] for r in rows}) >= 6
    for row in rows:
        assert (DEV / "dev" / row["file"]).is_file()


def test_no_take_is_invented_on_pages_without_one(parsed) -> None:  # type: ignore[no-untyped-def]
    invented = [(row["file"], len(takes)) for row, takes in parsed if not row["takes"] and takes]
    assert invented == []


def test_take_counts(parsed) -> None:  # type: ignore[no-untyped-def]
    wrong = [(r["file"], len(r["takes"]), len(t)) for r, t in parsed if len(r["takes"]) != len(t)]
    assert wrong == []


@pytest.mark.parametrize(
    ("key", "target"),
    [("name", 0.99), ("affiliation", 0.95), ("title", 0.90), ("pull_quote", 0.98), ("body", 0.95)],
)
def test_field_accuracy_targets(parsed, key: str, target: float) -> None:  # type: ignore[no-untyped-def]
    ok = n = 0
    for row, takes in parsed:
        for i, exp in enumerate(row["takes"]):
            if key not in exp:
                continue
            n += 1
            got = _field(takes[i], key) if i < len(takes) else None
            want = (
                [normalize_ws(p) for p in exp[key]]
                if key == "body"
                else (normalize_ws(exp[key]) if isinstance(exp[key], str) else exp[key])
            )
            ok += int(got == want)
    assert n > 20
    assert ok / n >= target, f"{key}: {ok}/{n}"


def test_every_span_holds_the_raw_text_of_its_field() -> None:
    for row in _rows():
        text, _ = read_text(DEV / "dev" / row["file"])
        page = parse_document(text)
        for take in page.takes:
            for key, f in take.fields().items():
                for x in f if isinstance(f, list) else [f] if f is not None else []:
                    raw = page.text[x.span.start : x.span.end]
                    assert raw.strip(), (row["file"], key)
                    repaired = any(x.span.start <= r.span.start < x.span.end for r in page.repairs)
                    if not repaired and key != "expert.name":
                        assert normalize_ws(raw) == x.value, (row["file"], key, raw)
