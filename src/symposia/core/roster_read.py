"""Read a roster file (CSV or XLSX) into a header and line-numbered rows of text.

Nothing here knows what the columns mean; :mod:`symposia.core.roster` maps
and validates them. Every problem that makes the file unreadable as a whole
(wrong encoding, a binary file, an unterminated quote) is an
:class:`~symposia.errors.InputError` naming the file and line; problems of
single rows are left to validation so the report can list them all.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from symposia.errors import InputError, MissingExtraError

#: Largest roster file accepted (bytes); far above 20,000 experts.
MAX_BYTES = 50 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


@dataclass(frozen=True)
class Row:
    """One data row: the file line (or sheet row) it starts on, and its cells."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A roster file as text: where it came from, its header and its data rows."""

    source: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[Row, ...]


def read_table(
    data: bytes, source: str, *, encoding: str | None = None, sheet: str | None = None
) -> Table:
    """Parse ``data`` as CSV or XLSX, chosen by the name ``source`` and the content.

    Args:
        data: The file's bytes.
        source: The file name, used to pick the format and in error messages.
        encoding: Text encoding of a CSV; None means UTF-8 (with or without a
            byte-order mark) or UTF-16 with a byte-order mark.
        sheet: Worksheet of an XLSX file; None means the first.

    Raises:
        InputError: the file is empty, too large, binary, not in the encoding,
            or not valid CSV/XLSX.
    """
    if not data.strip():
        raise InputError(f"{source} is empty", "export the roster again with a header row")
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{source} is {len(data) // (1024 * 1024)} MB, more than the "
            f"{MAX_BYTES // (1024 * 1024)} MB a roster may have",
            "split it into several files",
        )
    suffix = Path(source).suffix.lower()
    if data.startswith(_ZIP_MAGIC) or suffix in (".xlsx", ".xlsm"):
        if not data.startswith(_ZIP_MAGIC):
            raise InputError(
                f"{source} is named .xlsx but is not an Excel workbook",
                "save it again from Excel as .xlsx, or rename a CSV file to .csv",
            )
        return read_xlsx(data, source, sheet=sheet)
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"{source} is an old Excel .xls file", "save it as .xlsx or as 'CSV UTF-8' and retry"
        )
    return read_csv(decode(data, source, encoding), source)


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Bytes of a CSV as text; the error says which line holds the first bad byte."""
    if encoding is None:
        if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
            encoding = "utf-16"
        else:
            encoding = "utf-8-sig"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"unknown encoding {encoding!r}", "use utf-8, utf-16, cp1252, latin-1 or euc-kr"
        ) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            f"{source}, line {line}: byte 0x{bad} is not valid {encoding}",
            "save the file as UTF-8 (Excel: 'CSV UTF-8'), or name its encoding, "
            "e.g. --encoding cp1252",
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(
            f"{source}, line {line}: the file contains NUL bytes, so it is not a text CSV",
            "export the roster as CSV (or pass an .xlsx file under its own name)",
        )
    return text


def _sniff_delimiter(text: str) -> str:
    # The header line decides: column names rarely contain the separator, data often does.
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(text: str, source: str) -> Table:
    """Parse CSV text (comma, semicolon, tab or pipe separated) into a table."""
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    header_line = 0
    rows: list[Row] = []
    prev = 0
    while True:
        start = prev + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(
                f"{source}, line {start}: the CSV is malformed ({exc})",
                'close the quote that opens on this line, or double any quote inside a field ("")',
            ) from None
        prev = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank lines between records are harmless
        clean = tuple(c.strip() for c in cells)
        if header is None:
            header, header_line = clean, start
        else:
            rows.append(Row(start, clean))
    if header is None:
        raise InputError(f"{source} has no header row", "put the column names on the first line")
    return Table(source, header, header_line, tuple(rows))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def read_xlsx(data: bytes, source: str, *, sheet: str | None = None) -> Table:
    """Parse the first (or the named) worksheet of an XLSX file through openpyxl."""
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("openpyxl", "web", "reading .xlsx rosters") from None
    from zipfile import BadZipFile

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            f"{source} is not a readable .xlsx workbook ({exc})",
            "open it in Excel and save it again as .xlsx, or export it as CSV UTF-8",
        ) from None
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise InputError(
                    f"{source} has no worksheet {sheet!r}",
                    f"use one of: {', '.join(book.sheetnames)}",
                )
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        header: tuple[str, ...] | None = None
        header_line = 0
        rows: list[Row] = []
        for number, values in _enumerate_rows(ws):
            cells = tuple(_cell_text(v) for v in values)
            if not any(cells):
                continue
            if header is None:
                header, header_line = cells, number
            else:
                rows.append(Row(number, cells))
    finally:
        book.close()
    if header is None:
        raise InputError(f"{source} has an empty first worksheet", "put the column names in row 1")
    # Trailing empty header cells are formatting, not columns.
    while header and not header[-1]:
        header = header[:-1]
    return Table(source, header, header_line, tuple(rows))


def _enumerate_rows(ws: object) -> Iterator[tuple[int, tuple[object, ...]]]:
    rows = ws.iter_rows(values_only=True)  # type: ignore[attr-defined]
    yield from enumerate(rows, start=1)
