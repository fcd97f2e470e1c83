"""Read forecasts and resolutions from CSV, all or nothing, with a line-numbered report.

Forecast files (UTF-8, header row; the kind is told by the columns):

- binary: ``question,expert,probability`` (probability of yes, in [0, 1]);
- multiple choice: ``question,expert,option,probability``, one row per option
  of a forecast; a forecast's rows must sum to 1 within
  :data:`SUM_TOLERANCE` (they are then rescaled to sum to 1 exactly), and an
  option a forecast leaves out gets probability 0;
- quantile: ``question,expert,quantile,value``, one row per quantile level in
  (0, 1); values must not decrease as the level grows.

Each may add ``time`` (when the forecast was made: an ISO 8601 date or
date-time, UTC when no zone is given, or a number of seconds) and ``kind``
(``stated``, the default, or ``inferred``).

Resolution files: ``question,outcome`` with ``outcome`` 1 or 0 (binary), the
option that happened (multiple choice) or the value (quantile), and optional
``open``, ``close`` and ``resolved`` times.

Every problem in either file is collected as ``file:line: field: problem --
fix``; if there is any, :class:`ScoringReportError` is raised with all of them
and nothing is returned, so a batch is never half imported. A forecast of
exactly 0 or 1 is valid but is clipped under the log-based scores: it gives a
warning, or a problem with ``strict=True``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from symposia.core.csvreport import (
    Problem,
    RowChecker,
    Table,
    peek_header,
    problems_message,
    read_csv,
)
from symposia.core.export import write_forecast_scores_csv, write_scores_csv
from symposia.core.scorecard import ForecastSet, QuestionKind, ScoreReport, score_forecast_set
from symposia.core.scoring import PROB_EPS
from symposia.errors import NotFoundError, ScoringError

__all__ = [
    "SUM_TOLERANCE",
    "Problem",
    "ScoringReportError",
    "read_forecast_set",
    "score_files",
    "write_forecast_scores_csv",
    "write_scores_csv",
]

#: Largest |sum - 1| accepted for a multiple-choice forecast (rounding in spreadsheets).
SUM_TOLERANCE = 0.01

_FORECAST_COLUMNS: dict[QuestionKind, tuple[str, ...]] = {
    "binary": ("question", "expert", "probability"),
    "multiple_choice": ("question", "expert", "option", "probability"),
    "quantile": ("question", "expert", "quantile", "value"),
}
_FORECAST_OPTIONAL = ("time", "kind")
_RESOLUTION_COLUMNS = ("question", "outcome")
_RESOLUTION_OPTIONAL = ("open", "close", "resolved")


class ScoringReportError(ScoringError):
    """Every problem found in a batch; nothing of the batch was imported.

    Attributes:
        problems: All problems, sorted by file and line.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(problems_message(self.problems), "correct the rows listed and run again")


def _forecast_kind(header: tuple[str, ...]) -> QuestionKind:
    if "option" in header:
        return "multiple_choice"
    if "quantile" in header or "value" in header:
        return "quantile"
    return "binary"


@dataclass
class _Resolution:
    line: int
    outcome: str
    open: float
    close: float
    resolved: float


def _read_resolutions(
    table: Table, kind: QuestionKind, problems: list[Problem], broken: set[str]
) -> dict[str, _Resolution]:
    """Valid resolutions by question; ``broken`` gets the ids of rows with problems."""
    out: dict[str, _Resolution] = {}
    rep = RowChecker(table.name, problems)
    for line, row in table.rows:
        q = row["question"]
        if not q:
            rep.add(line, "question", "is empty", "give the question id")
            continue
        if q in out:
            rep.add(
                line,
                "question",
                f"'{q}' is resolved twice (first on line {out[q].line})",
                "keep one resolution per question",
            )
            continue
        res = _resolution_row(rep, kind, line, row)
        if res is None:
            broken.add(q)
        else:
            out[q] = res
    return out


def _resolution_row(
    rep: RowChecker, kind: QuestionKind, line: int, row: dict[str, str]
) -> _Resolution | None:
    outcome = row["outcome"]
    if kind == "binary" and outcome not in {"0", "1"}:
        rep.add(line, "outcome", f"'{outcome}' is not 0 or 1", "write 1 if it happened, else 0")
        return None
    if kind == "quantile" and rep.number(line, "outcome", outcome, "give the value") is None:
        return None
    if kind == "multiple_choice" and not outcome:
        rep.add(line, "outcome", "is empty", "give the option that happened")
        return None
    times: dict[str, float] = {}
    for col in _RESOLUTION_OPTIONAL:
        raw = row.get(col, "")
        t = math.nan if raw == "" else rep.time(line, col, raw)
        if t is None:
            return None
        times[col] = t
    o, c, r = times["open"], times["close"], times["resolved"]
    if not math.isnan(o) and not math.isnan(c) and c <= o:
        rep.add(line, "close", "is not after open", "close the question after it opens")
        return None
    if not math.isnan(r) and not math.isnan(c) and r < c:
        rep.add(
            line,
            "resolved",
            "is before close: a question cannot resolve while it is still open to forecasts",
            "set resolved to close or later, or move close earlier",
        )
        return None
    return _Resolution(line, outcome, o, c, r)


@dataclass
class _Forecast:
    line: int
    question: str
    expert: str
    time: float
    inferred: bool
    entries: dict[str, tuple[float, int]]  # option/level -> (number, line)


def _read_forecasts(
    table: Table,
    kind: QuestionKind,
    resolutions: dict[str, _Resolution],
    res_name: str,
    problems: list[Problem],
    broken: set[str],
) -> list[_Forecast]:
    rep = RowChecker(table.name, problems)
    timed = "time" in table.columns
    groups: dict[tuple[str, str, float, bool], _Forecast] = {}
    for line, row in table.rows:
        q, e = row["question"], row["expert"]
        ok = True
        if not q:
            rep.add(line, "question", "is empty", "give the question id")
            ok = False
        elif q in broken:
            ok = False  # its resolution row is already reported
        elif q not in resolutions:
            rep.add(
                line,
                "question",
                f"unknown question '{q}': it is not in {res_name}",
                f"add its resolution to {res_name}, or fix the id",
            )
            ok = False
        if not e:
            rep.add(line, "expert", "is empty", "give the expert's id or name")
            ok = False
        kind_raw = row.get("kind", "").lower() or "stated"
        if kind_raw not in {"stated", "inferred"}:
            rep.add(line, "kind", f"'{row['kind']}' is not stated or inferred", "write one of them")
            ok = False
        t = rep.time(line, "time", row["time"]) if timed else 0.0
        if timed and t is None:
            ok = False
        number, key = _entry(rep, kind, line, row)
        if number is None or not ok or t is None:
            continue
        res = resolutions[q]
        if timed and not math.isnan(res.close) and t > res.close:
            rep.add(
                line,
                "time",
                f"forecast made after question '{q}' closed (close is on {res_name} "
                f"line {res.line})",
                "remove it: forecasts after close cannot be scored",
            )
            continue
        if timed and not math.isnan(res.open) and t < res.open:
            rep.add(
                line,
                "time",
                f"forecast made before question '{q}' opened ({res_name} line {res.line})",
                "fix the time or the question's open time",
            )
            continue
        gkey = (q, e, t, kind_raw == "inferred")
        fc = groups.get(gkey)
        if fc is None:
            fc = groups[gkey] = _Forecast(line, q, e, t, kind_raw == "inferred", {})
        elif kind == "binary" or key in fc.entries:
            first = fc.entries[key][1] if key in fc.entries else fc.line
            what = "question, expert and time" + ("" if kind == "binary" else f" and {key}")
            rep.add(
                line, "row", f"duplicate of line {first} (same {what})", "keep one of the two rows"
            )
            continue
        fc.entries[key] = (number, line)
    return list(groups.values())


def _entry(
    rep: RowChecker, kind: QuestionKind, line: int, row: dict[str, str]
) -> tuple[float | None, str]:
    if kind == "binary":
        return rep.probability(line, row["probability"]), ""
    if kind == "multiple_choice":
        opt = row["option"]
        if not opt:
            rep.add(line, "option", "is empty", "name the option")
            return None, ""
        return rep.probability(line, row["probability"]), f"option '{opt}'"
    level = rep.number(line, "quantile", row["quantile"], "give a level such as 0.1 or 0.5")
    value = rep.number(line, "value", row["value"], "give the forecast value at that level")
    if level is not None and not 0.0 < level < 1.0:
        rep.add(
            line,
            "quantile",
            f"{row['quantile']} is not strictly between 0 and 1",
            "use 0.05 to 0.95",
        )
        return None, ""
    if level is None:
        return None, ""
    return value, f"quantile {level!r}"


def read_forecast_set(
    forecasts_path: str | Path, resolutions_path: str | Path, strict: bool = False
) -> ForecastSet:
    """Read and validate a forecasts CSV and a resolutions CSV (formats in the module docstring).

    Args:
        forecasts_path: The forecasts file.
        resolutions_path: The resolutions file.
        strict: Refuse probabilities of exactly 0 or 1 instead of clipping
            them under the log-based scores with a warning.

    Returns:
        The validated :class:`~symposia.core.scorecard.ForecastSet`.

    Raises:
        ScoringReportError: Any problem in either file (all of them, line-numbered).
        NotFoundError: A file does not exist.
    """
    fpath, rpath = Path(forecasts_path), Path(resolutions_path)
    problems: list[Problem] = []
    kind = _forecast_kind(peek_header(fpath))
    if not fpath.exists():
        raise NotFoundError(f"{fpath}: no such file", "check the path of the forecasts CSV")
    res_table = read_csv(rpath, _RESOLUTION_COLUMNS, _RESOLUTION_OPTIONAL, problems)
    fc_table = read_csv(fpath, _FORECAST_COLUMNS[kind], _FORECAST_OPTIONAL, problems)
    if res_table is None or fc_table is None:
        raise ScoringReportError(problems)
    broken: set[str] = set()
    resolutions = _read_resolutions(res_table, kind, problems, broken)
    forecasts = _read_forecasts(fc_table, kind, resolutions, res_table.name, problems, broken)
    fs = _build(kind, forecasts, resolutions, fc_table, res_table.name, strict, problems)
    if problems:
        raise ScoringReportError(problems)
    return fs


def _options(
    forecasts: list[_Forecast], resolutions: dict[str, _Resolution], rep: RowChecker
) -> dict[str, list[str]]:
    """Options of each multiple-choice question, in order of first appearance."""
    opts: dict[str, list[str]] = {}
    for fc in forecasts:
        known = opts.setdefault(fc.question, [])
        for key in fc.entries:
            label = key[len("option '") : -1]
            if label not in known:
                known.append(label)
    for q, res in resolutions.items():
        if q in opts and res.outcome not in opts[q]:
            rep.add(
                res.line,
                "outcome",
                f"'{res.outcome}' is not an option of question '{q}' (options: {', '.join(known)})",
                "give one of the options the forecasts use",
            )
    return opts


def _build(
    kind: QuestionKind,
    forecasts: list[_Forecast],
    resolutions: dict[str, _Resolution],
    fc_table: Table,
    res_name: str,
    strict: bool,
    problems: list[Problem],
) -> ForecastSet:
    """Turn validated rows into arrays; adds sum, order and extreme-value problems."""
    rep = RowChecker(fc_table.name, problems)
    questions = tuple(resolutions)
    q_pos = {q: i for i, q in enumerate(questions)}
    experts = tuple(sorted({fc.expert for fc in forecasts}))
    e_pos = {e: i for i, e in enumerate(experts)}
    nq = len(questions)
    opts: dict[str, list[str]] = {}
    if kind == "multiple_choice":
        opts = _options(forecasts, resolutions, RowChecker(res_name, problems))
    n_options = np.full(nq, 2 if kind != "quantile" else 0, dtype=np.int64)
    outcome = np.zeros(nq)
    for q, res in resolutions.items():
        i = q_pos[q]
        if kind == "binary" or kind == "quantile":
            outcome[i] = float(res.outcome)
        else:
            labels = opts.get(q, [res.outcome])
            n_options[i] = max(2, len(labels))
            outcome[i] = labels.index(res.outcome) if res.outcome in labels else 0
    width = int(n_options.max()) if kind == "multiple_choice" and nq else 1
    if kind == "quantile":
        width = max((len(fc.entries) for fc in forecasts), default=1)
    values = np.zeros((len(forecasts), width))
    levels = np.full((len(forecasts), width), np.nan) if kind == "quantile" else None
    extremes: list[int] = []
    for k, fc in enumerate(forecasts):
        if kind == "binary":
            p, line = fc.entries[""]
            values[k, 0] = p
            if p in (0.0, 1.0):
                extremes.append(line)
        elif kind == "multiple_choice":
            _fill_choice(fc, opts[fc.question], values[k], rep, resolutions[fc.question], extremes)
        else:
            assert levels is not None
            _fill_quantiles(fc, values[k], levels[k], rep)
    warnings: list[str] = []
    if extremes and strict:
        for line in extremes:
            rep.add(
                line,
                "probability",
                "is exactly 0 or 1 on what happened: its log score is infinite",
                f"use a probability in [{PROB_EPS}, {1 - PROB_EPS}], or leave out --strict "
                "to have it clipped",
            )
    elif extremes:
        shown = ", ".join(str(x) for x in sorted(extremes)[:10])
        more = ", ..." if len(extremes) > 10 else ""
        warnings.append(
            f"{fc_table.name}: {len(extremes)} forecast{'s' if len(extremes) != 1 else ''} "
            f"of exactly 0 or 1 (line{'s' if len(extremes) != 1 else ''} {shown}{more}) "
            f"clipped to [{PROB_EPS}, {1 - PROB_EPS}] under the log, baseline and peer scores"
        )
    timed = "time" in fc_table.columns
    return ForecastSet(
        kind=kind,
        questions=questions,
        experts=experts,
        question_idx=np.array([q_pos[fc.question] for fc in forecasts], dtype=np.int64),
        expert_idx=np.array([e_pos[fc.expert] for fc in forecasts], dtype=np.int64),
        inferred=np.array([fc.inferred for fc in forecasts], dtype=bool),
        time=np.array([fc.time for fc in forecasts], dtype=np.float64) if timed else None,
        values=values[:, 0] if kind == "binary" else values,
        outcome=outcome,
        n_options=n_options,
        open_time=np.array([r.open for r in resolutions.values()], dtype=np.float64),
        close_time=np.array([r.close for r in resolutions.values()], dtype=np.float64),
        levels=levels,
        options=tuple(tuple(opts.get(q, ())) for q in questions),
        lines=np.array([fc.line for fc in forecasts], dtype=np.int64),
        warnings=tuple(warnings),
    )


def _span(fc: _Forecast) -> str:
    lines = sorted(line for _, line in fc.entries.values())
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"


def _fill_choice(
    fc: _Forecast,
    labels: list[str],
    out: np.ndarray,
    rep: RowChecker,
    res: _Resolution,
    extremes: list[int],
) -> None:
    total = sum(p for p, _ in fc.entries.values())
    if abs(total - 1.0) > SUM_TOLERANCE:
        rep.add(
            fc.line,
            "probability",
            f"the probabilities of question '{fc.question}' by '{fc.expert}' ({_span(fc)}) "
            f"sum to {total:.4g}, not 1",
            f"make them sum to 1 (within {SUM_TOLERANCE})",
        )
        return
    for key, (p, _) in fc.entries.items():
        out[labels.index(key[len("option '") : -1])] = p / total
    hit = fc.entries.get(f"option '{res.outcome}'")
    if hit is None or hit[0] in (0.0, total):
        extremes.append(fc.line if hit is None else hit[1])


def _fill_quantiles(fc: _Forecast, values: np.ndarray, levels: np.ndarray, rep: RowChecker) -> None:
    pairs = sorted((float(key.split(" ", 1)[1]), v, line) for key, (v, line) in fc.entries.items())
    for (_, v0, _), (lv1, v1, line1) in itertools.pairwise(pairs):
        if v1 < v0:
            rep.add(
                line1,
                "value",
                f"{v1:g} at quantile {lv1:g} is below {v0:g} at a lower level",
                "quantile values must not decrease as the level grows",
            )
            return
    for j, (lv, v, _) in enumerate(pairs):
        levels[j] = lv
        values[j] = v


def score_files(
    forecasts_path: str | Path,
    resolutions_path: str | Path,
    min_resolved: int = 1,
    strict: bool = False,
) -> ScoreReport:
    """Read, validate and score a forecasts CSV against a resolutions CSV (no database).

    Args:
        forecasts_path: Forecasts (formats in the module docstring).
        resolutions_path: Resolutions.
        min_resolved: Questions an expert needs to get a rank.
        strict: Refuse probabilities of exactly 0 or 1 instead of clipping them.

    Returns:
        The :class:`~symposia.core.scorecard.ScoreReport`.

    Raises:
        ScoringReportError: Any problem in the files; nothing is scored.
    """
    fs = read_forecast_set(forecasts_path, resolutions_path, strict=strict)
    return score_forecast_set(fs, min_resolved=min_resolved)
