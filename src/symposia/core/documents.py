"""Stream files and directories of take pages, one result per file.

:func:`iter_documents` never stops a batch for one bad file: each file yields
a :class:`DocumentResult` holding either the parsed page or the reason it
could not be read (missing, unreadable, empty, binary, too large, undecodable,
HTML without text). Files are read one at a time, so memory does not grow
with the number of files.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from symposia.core.dedupe import DedupeIndex, content_hash
from symposia.core.parse import ParsedPage, parse_document, to_json
from symposia.errors import ParseError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DocumentResult",
    "content_hash",
    "decode_bytes",
    "document_json",
    "iter_documents",
    "iter_paths",
    "read_text",
]

#: Files larger than this are refused (bytes); pass ``max_bytes`` to change it.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: File name suffixes read when walking a directory.
DEFAULT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})


@dataclass(slots=True)
class DocumentResult:
    """The outcome for one file.

    Attributes:
        path: The file.
        page: The parsed page, or ``None`` when the file failed.
        error: Why the file failed, or ``None``.
        encoding: The encoding the file was decoded with.
    """

    path: Path
    page: ParsedPage | None = None
    error: str | None = None
    encoding: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the file was read and parsed."""
        return self.error is None and self.page is not None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file content, detecting its encoding.

    Tries, in order: a UTF-32/UTF-16/UTF-8 byte-order mark, strict UTF-8,
    UTF-16 without a mark (recognised by its zero bytes), then cp1252 and
    latin-1, which decode any byte.

    Returns:
        The text and the encoding's name.

    Raises:
        ParseError: The bytes look binary.
    """
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    head = data[:4096]
    zeros = head.count(0)
    if zeros:
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        if zeros > len(head) // 4 and (odd > 0.9 * zeros or even > 0.9 * zeros):
            enc = "utf-16-le" if odd > even else "utf-16-be"
            try:
                text = data.decode(enc)
                if text.isprintable() or sum(
                    c.isprintable() or c.isspace() for c in text[:2000]
                ) > 0.95 * min(len(text), 2000):
                    return text, enc
            except UnicodeDecodeError:
                pass
        raise ParseError("the file is binary (it contains NUL bytes)", "give a text or HTML file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1252 and latin-1 decode anything, so check the result reads like
    # Western text: English or French in cp1252 has few bytes above 0x7F.
    high = sum(1 for byte in head if byte > 0x7F)
    if high > 0.3 * len(head):
        raise ParseError(
            f"unknown encoding: {high} of the first {len(head)} bytes are not ASCII and the file is"
            " not UTF-8 or UTF-16",
            "convert the file to UTF-8",
        )
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read and decode one file.

    Raises:
        ParseError: Missing, unreadable, too large, empty or binary.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ParseError(f"{path}: no such file", "check the path") from None
    except OSError as exc:
        raise ParseError(
            f"{path}: cannot be read ({exc.strerror})", "check its permissions"
        ) from None
    if size > max_bytes:
        raise ParseError(
            f"{path}: too large ({size / 1048576:.1f} MB, "
            f"the limit is {max_bytes / 1048576:.0f} MB)",
            "split it, or raise the limit with --max-mb",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(
            f"{path}: cannot be read ({exc.strerror})", "check its permissions"
        ) from None
    if not data.strip():
        raise ParseError(f"{path}: the file is empty", "remove it or add the take's text")
    try:
        return decode_bytes(data)
    except ParseError as exc:
        raise ParseError(f"{path}: {exc.message}", exc.fix) from None


def iter_paths(
    paths: Iterable[str | os.PathLike[str]], suffixes: frozenset[str] = DEFAULT_SUFFIXES
) -> Iterator[Path]:
    """Expand files and directories into files, in a sorted, stable order.

    A directory is walked recursively; hidden files and directories are
    skipped and only files with one of ``suffixes`` are kept (an empty set
    keeps every file). Paths named directly are always yielded, even when
    missing, so the caller can report them.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            unreadable: list[OSError] = []
            for root, dirs, files in os.walk(p, onerror=unreadable.append):
                # A directory that cannot be listed is reported as a path that fails to read.
                while unreadable:
                    yield Path(unreadable.pop(0).filename or p)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    f = Path(root) / name
                    if suffixes and f.suffix.lower() not in suffixes:
                        continue
                    yield f
            yield from (Path(u.filename or p) for u in unreadable)
        else:
            yield p


def iter_documents(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    suffixes: frozenset[str] = DEFAULT_SUFFIXES,
    glue: bool = True,
) -> Iterator[DocumentResult]:
    """Parse files and directories one file at a time.

    Args:
        paths: Files and directories.
        max_bytes: Refuse files larger than this.
        suffixes: File suffixes read inside directories.
        glue: Repair glued words.

    Yields:
        One :class:`DocumentResult` a file, in sorted order; a bad file
        yields a result with ``error`` set and the batch goes on.
    """
    for path in iter_paths(paths, suffixes):
        try:
            text, enc = read_text(path, max_bytes=max_bytes)
            page = parse_document(text, glue=glue, source=str(path))
        except ParseError as exc:
            msg = str(exc)
            prefix = f"{path}: "
            yield DocumentResult(path, error=msg[len(prefix) :] if msg.startswith(prefix) else msg)
            continue
        yield DocumentResult(path, page=page, encoding=enc)


def document_json(result: DocumentResult, index: DedupeIndex | None = None) -> dict[str, Any]:
    """The JSON object printed for one parsed file (see ``docs/parsing.md``).

    With an ``index``, each take is checked against the takes of the files
    before it, and ``duplicate_of`` names the earlier copy
    (``{"source", "take", "similarity", "exact"}``), or is ``null``.
    """
    if result.page is None:
        return {"source": str(result.path), "error": result.error}
    out = to_json(result.page, str(result.path))
    out["encoding"] = result.encoding
    for i, (take, js) in enumerate(zip(result.page.takes, out["takes"], strict=True)):
        js["content_hash"] = content_hash(take)
        js["duplicate_of"] = None
        if index is None:
            continue
        links = index.add((str(result.path), i), take.body_text)
        if links:
            best = max(links, key=lambda link: link.similarity)
            src, idx = cast(tuple[str, int], best.first)
            js["duplicate_of"] = {
                "source": src,
                "take": idx,
                "similarity": best.similarity,
                "exact": best.exact,
            }
            js["warnings"].append(f"near-duplicate of {src} take {idx} ({best.similarity:.2f})")
    return out
