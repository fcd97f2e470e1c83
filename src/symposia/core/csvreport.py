"""Line-numbered CSV reading: collect every problem of a file, never stop at the first.

:func:`read_csv` returns the rows with their line numbers and adds header and
row-shape problems to a list; :class:`RowChecker` parses fields and adds a
:class:`Problem` (``file:line: field: problem -- fix``) for each bad one. The
caller raises one error with all problems once both files are read, so an
import is all or nothing.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from symposia.errors import NotFoundError

#: Problems quoted in an error message; all of them are kept on the error.
SHOWN = 8


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file."""

    file: str
    line: int
    field: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.problem} -- {self.fix}"


def problems_message(problems: Sequence[Problem]) -> str:
    """One message quoting the first :data:`SHOWN` problems and counting the rest."""
    n = len(problems)
    shown = "; ".join(str(p) for p in problems[:SHOWN])
    more = f"; and {n - SHOWN} more" if n > SHOWN else ""
    files = sorted({p.file for p in problems})
    return (
        f"{n} problem{'s' if n != 1 else ''} in {', '.join(files)}, "
        f"nothing was imported: {shown}{more}"
    )


@dataclass
class Table:
    """A CSV file's header (lower-cased) and rows as ``(line, {column: value})``."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]


def read_csv(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: list[Problem],
) -> Table | None:
    """Read a CSV into (line, row) pairs; header problems stop this file, row problems do not."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(
            f"{name}: no such file", "check the path, or create the CSV first"
        ) from None
    except IsADirectoryError:
        raise NotFoundError(f"{name}: is a directory, not a CSV file", "give a .csv file") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(name, line, "file", "is not UTF-8 text", "save the file as CSV UTF-8")
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    prev_line = 0
    try:
        for record in reader:
            line = prev_line + 1
            prev_line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [h.strip().lower() for h in record]
                if not check_header(name, line, header, required, optional, problems):
                    return None
                continue
            if len(record) != len(header):
                problems.append(
                    Problem(
                        name,
                        line,
                        "row",
                        f"has {len(record)} fields, the header has {len(header)}",
                        "quote fields that contain commas, and give every column a value",
                    )
                )
                continue
            rows.append((line, {h: v.strip() for h, v in zip(header, record, strict=True)}))
    except csv.Error as exc:
        problems.append(
            Problem(name, reader.line_num, "row", f"is not valid CSV ({exc})", "fix the quoting")
        )
        return None
    if header is None:
        problems.append(
            Problem(
                name,
                1,
                "header",
                "the file is empty",
                f"start with the header {','.join(required)}",
            )
        )
        return None
    return Table(name, tuple(header), rows)


def check_header(
    name: str,
    line: int,
    header: list[str],
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: list[Problem],
) -> bool:
    ok = True
    allowed = ", ".join(required + optional)
    seen: set[str] = set()
    for col in header:
        if col in seen:
            problems.append(
                Problem(name, line, "header", f"column '{col}' appears twice", "keep one of them")
            )
            ok = False
        seen.add(col)
        if col not in required and col not in optional:
            problems.append(
                Problem(
                    name,
                    line,
                    "header",
                    f"unknown column '{col}'",
                    f"remove or rename it; the columns are {allowed}",
                )
            )
            ok = False
    for col in required:
        if col not in seen:
            problems.append(
                Problem(
                    name,
                    line,
                    "header",
                    f"missing column '{col}'",
                    f"the header must have {', '.join(required)} (optional: {', '.join(optional)})",
                )
            )
            ok = False
    return ok


def peek_header(path: Path) -> tuple[str, ...]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for record in csv.reader(fh):
                if any(cell.strip() for cell in record):
                    return tuple(h.strip().lower() for h in record)
    except (OSError, UnicodeDecodeError, csv.Error):
        pass  # read_csv reports it with a line number
    return ()


class RowChecker:
    """Collects problems for one file with the file name filled in."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self.problems = problems

    def add(self, line: int, field: str, problem: str, fix: str) -> None:
        self.problems.append(Problem(self.name, line, field, problem, fix))

    def number(self, line: int, field: str, raw: str, fix: str) -> float | None:
        if raw == "":
            self.add(line, field, "is empty", fix)
            return None
        if raw.endswith("%"):
            self.add(line, field, f"'{raw}' is a percentage", "write it as a fraction, 70% as 0.7")
            return None
        try:
            x = float(raw)
        except ValueError:
            self.add(line, field, f"'{raw}' is not a number", fix)
            return None
        if not math.isfinite(x):
            self.add(line, field, f"'{raw}' is not a finite number", fix)
            return None
        return x

    def probability(self, line: int, raw: str) -> float | None:
        fix = "give a probability between 0 and 1, e.g. 0.7"
        p = self.number(line, "probability", raw, fix)
        if p is not None and not 0.0 <= p <= 1.0:
            self.add(line, "probability", f"{raw} is outside [0, 1]", fix)
            return None
        return p

    def time(self, line: int, field: str, raw: str) -> float | None:
        fix = "use an ISO 8601 date or date-time such as 2019-03-01T12:00:00Z, or seconds"
        if raw == "":
            self.add(line, field, "is empty", fix + " (or remove the column)")
            return None
        try:
            return float(raw)
        except ValueError:
            pass
        try:
            dt = datetime.fromisoformat(raw)
        except ValueError:
            self.add(line, field, f"'{raw}' is not a date or time", fix)
            return None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return dt.timestamp()
