"""iter_documents: streaming, encodings, and one error a bad file while the batch goes on."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from symposia.core.documents import decode_bytes, iter_documents, read_text
from symposia.errors import ParseError

TAKE = (
    "The Harbour Talks – We Asked Odalys Fenwick What Comes Next\n\n"
    "“Insurers have raised premiums twice this year.”\n\n"
    "Insurers have raised premiums twice this year. Shipping lines are planning longer routes "
    "and the talks have stalled for a second season, which worries the ports.\n\n"
    "Odalys Fenwick is a Senior Fellow at the Quayside Institute.\n"
)


def test_encodings_are_detected(tmp_path: Path) -> None:
    variants = {
        "utf8.txt": TAKE.encode("utf-8"),
        "bom.txt": codecs.BOM_UTF8 + TAKE.encode("utf-8"),
        "utf16.txt": TAKE.encode("utf-16"),
        "utf16be.txt": codecs.BOM_UTF16_BE + TAKE.encode("utf-16-be"),
        "utf16-nobom.txt": TAKE.encode("utf-16-le"),
        "cp1252.txt": TAKE.encode("cp1252"),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
    results = list(iter_documents([tmp_path]))
    assert [r.path.name for r in results] == sorted(variants)
    for r in results:
        assert r.ok, (r.path, r.error)
        assert r.page is not None and r.page.takes[0].expert.name is not None
        assert r.page.takes[0].expert.name.value == "Odalys Fenwick"
        assert r.page.text.startswith("The Harbour Talks –")
    enc = {r.path.name: r.encoding for r in results}
    assert (
        enc["bom.txt"] == "utf-8-sig"
        and enc["utf16.txt"] == "utf-16"
        and enc["cp1252.txt"] == "cp1252"
    )


def test_latin1_fallback_for_undefined_cp1252_bytes() -> None:
    text, enc = decode_bytes(b"caf\xe9 \x81 ok")
    assert enc == "latin-1" and text.startswith("café")


def test_bad_files_get_one_error_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text(TAKE, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (tmp_path / "d_binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "e_huge.txt").touch()
    os.truncate(tmp_path / "e_huge.txt", 50 * 1024 * 1024)  # sparse: 50 MB without writing it
    (tmp_path / "f_notext.html").write_text(
        "<html><body><script>var x = 1;</script><div> </div></body></html>", encoding="utf-8"
    )
    (tmp_path / "g_good.txt").write_text(TAKE, encoding="utf-8")
    (tmp_path / "h_broken_link.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / ".hidden.txt").write_text(TAKE, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    results = list(iter_documents([tmp_path, tmp_path / "missing.txt"]))
    by = {r.path.name: r for r in results}
    assert sorted(by) == [
        "a_good.txt",
        "b_empty.txt",
        "c_blank.txt",
        "d_binary.txt",
        "e_huge.txt",
        "f_notext.html",
        "g_good.txt",
        "h_broken_link.txt",
        "missing.txt",
    ]
    assert by["a_good.txt"].ok and by["g_good.txt"].ok
    assert "empty" in (by["b_empty.txt"].error or "")
    assert "empty" in (by["c_blank.txt"].error or "")
    assert "binary" in (by["d_binary.txt"].error or "")
    assert "too large" in (by["e_huge.txt"].error or "")
    assert "no text" in (by["f_notext.html"].error or "")
    assert "no such file" in (by["h_broken_link.txt"].error or "")
    assert "no such file" in (by["missing.txt"].error or "")
    for r in results:
        assert (r.page is None) == (r.error is not None)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "locked.txt"
    f.write_text(TAKE, encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(ParseError, match="cannot be read"):
        read_text(f)
    (r,) = list(iter_documents([f]))
    assert not r.ok and "Permission denied" in (r.error or "")


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(TAKE, encoding="utf-8")
    (r,) = list(iter_documents([f], max_bytes=10))
    assert not r.ok and "too large" in (r.error or "")


def test_iter_documents_streams(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(TAKE, encoding="utf-8")
    it = iter_documents([tmp_path])
    first = next(it)
    assert first.path.name == "0.txt" and first.ok
    # The rest is not parsed until asked for.
    assert [r.path.name for r in it] == ["1.txt", "2.txt"]


def test_suffix_filter_and_all_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TAKE, encoding="utf-8")
    (tmp_path / "b.data").write_text(TAKE, encoding="utf-8")
    assert [r.path.name for r in iter_documents([tmp_path])] == ["a.txt"]
    assert [r.path.name for r in iter_documents([tmp_path], suffixes=frozenset())] == [
        "a.txt",
        "b.data",
    ]


def test_unknown_encoding_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "sjis.txt"
    f.write_bytes("日本語のテキストです。".encode("shift_jis") * 20)
    (r,) = list(iter_documents([f]))
    assert not r.ok and "unknown encoding" in (r.error or "")


def test_unlistable_directory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(TAKE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_walk = os.walk

    def walk(top, onerror=None, **kw):  # type: ignore[no-untyped-def]
        for root, dirs, files in real_walk(top, **kw):
            if Path(root) == locked:
                if onerror is not None:
                    onerror(PermissionError(13, "Permission denied", str(locked)))
                dirs[:] = []
                continue
            yield root, dirs, files

    monkeypatch.setattr(os, "walk", walk)
    results = list(iter_documents([tmp_path]))
    by = {r.path.name: r for r in results}
    assert by["a.txt"].ok
    assert not by["locked"].ok and "cannot be read" in (by["locked"].error or "")
