"""Score a whole set of resolved forecasts: per expert, per question, and the community.

:class:`ForecastSet` is a parsed, validated batch of forecasts with their
questions' resolutions (built by :mod:`symposia.core.forecast_io` or by the web
layer); :func:`score_forecast_set` turns it into a :class:`ScoreReport`.

Rules (see ``docs/scoring.md``):

- Stated and inferred forecasts form separate pools: peer scores compare an
  expert only with the same pool, and each pool gets its own rows.
- A question with a ``close`` time and forecast times is scored by time
  averaging over ``[open, close]`` (``open`` defaults to the question's first
  forecast); otherwise each expert's last forecast is scored.
- The community forecasts (one per aggregate in
  :data:`symposia.core.aggregate.METHODS`) are built from stated forecasts
  and scored like one more forecaster; their peer score is taken against the
  stated experts, whose own peer scores they do not change.
- An expert's score is the mean over the questions they forecast; ``n`` is
  that number of questions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from symposia.core import aggregate as agg
from symposia.core import scoring as sc
from symposia.core.trackrecord import ResolvedForecasts, ScoredForecast, rank_entries

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
QuestionKind = Literal["binary", "multiple_choice", "quantile"]

#: Name prefix of the community rows.
COMMUNITY = "community"


@dataclass(frozen=True)
class ForecastSet:
    """A validated batch of forecasts and the resolutions of their questions.

    Per-forecast arrays share one length ``n``; per-question arrays are indexed
    by ``question_idx``.

    Attributes:
        kind: ``"binary"``, ``"multiple_choice"`` or ``"quantile"``.
        questions: Question ids.
        experts: Expert ids.
        question_idx: Question of each forecast.
        expert_idx: Expert of each forecast.
        inferred: True for forecasts inferred from a take, False for stated ones.
        time: Time of each forecast in seconds, or None when the input had none.
        values: Binary: shape ``(n,)``, probability of yes. Multiple choice:
            ``(n, K)`` probabilities, zero-padded past a question's options.
            Quantile: ``(n, L)`` values, NaN-padded.
        levels: Quantile levels ``(n, L)`` (NaN-padded); None otherwise.
        outcome: Per question: 1/0 (binary), the option index (multiple
            choice) or the value that happened (quantile).
        n_options: Per question number of options (2 for binary, 0 for quantile).
        options: Per question option labels (multiple choice), else empty tuples.
        open_time: Per question window start (NaN when not given).
        close_time: Per question window end (NaN when not given).
        lines: First input line of each forecast, for messages.
        warnings: Notes from reading, e.g. probabilities clipped under the log score.
    """

    kind: QuestionKind
    questions: tuple[str, ...]
    experts: tuple[str, ...]
    question_idx: IntArray
    expert_idx: IntArray
    inferred: BoolArray
    time: FloatArray | None
    values: FloatArray
    outcome: FloatArray
    n_options: IntArray
    open_time: FloatArray
    close_time: FloatArray
    levels: FloatArray | None = None
    options: tuple[tuple[str, ...], ...] = ()
    lines: IntArray | None = None
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.question_idx)


@dataclass(frozen=True)
class ExpertScore:
    """One forecaster's scores, averaged over the questions they forecast.

    Scores that do not apply to the question kind are None (Brier, log,
    baseline and peer for binary and multiple choice; pinball and CRPS for
    quantiles).
    """

    expert: str
    kind: str
    n: int
    brier: float | None = None
    log_score: float | None = None
    baseline_score: float | None = None
    peer_score: float | None = None
    pinball: float | None = None
    crps: float | None = None
    coverage: float = 1.0
    rank: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict, without the fields that do not apply."""
        d = asdict(self)
        return {k: v for k, v in d.items() if v is not None or k == "rank"}


@dataclass(frozen=True)
class ForecastScore:
    """The scores of one forecaster on one question (time-averaged where it applies).

    ``forecast`` is the final standing forecast: the probability of yes
    (binary), of the option that happened (multiple choice), or the median
    value (quantile).
    """

    question: str
    expert: str
    kind: str
    forecast: float
    outcome: float
    brier: float | None = None
    log_score: float | None = None
    baseline_score: float | None = None
    peer_score: float | None = None
    pinball: float | None = None
    crps: float | None = None
    coverage: float = 1.0


@dataclass(frozen=True)
class ScoreReport:
    """Everything ``symposia score`` prints or exports.

    Attributes:
        kind: Question kind of the batch.
        questions: Number of questions with at least one forecast.
        experts: Per expert and pool, leaderboard order (ranked first).
        community: One row per aggregate, in :data:`~symposia.core.aggregate.METHODS` order.
        forecasts: Per (question, forecaster), community rows included.
        time_averaged: Number of questions scored by time averaging.
        min_resolved: Questions an expert needs to be ranked.
        warnings: Notes from reading the input.
        resolved: The stated and inferred forecasts as a track-record table.
    """

    kind: QuestionKind
    questions: int
    experts: tuple[ExpertScore, ...]
    community: tuple[ExpertScore, ...]
    forecasts: tuple[ForecastScore, ...]
    time_averaged: int
    min_resolved: int
    warnings: tuple[str, ...] = ()
    resolved: ResolvedForecasts | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``symposia score --json``."""
        main = next((c for c in self.community if c.expert.endswith("(recency_weighted)")), None)
        return {
            "kind": self.kind,
            "questions": self.questions,
            "time_averaged_questions": self.time_averaged,
            "min_resolved": self.min_resolved,
            "experts": [e.to_dict() for e in self.experts],
            "community": main.to_dict() if main else None,
            "aggregates": [c.to_dict() for c in self.community],
            "warnings": list(self.warnings),
        }


def _score_columns(kind: QuestionKind) -> tuple[str, ...]:
    if kind == "quantile":
        return ("pinball", "crps")
    return ("brier", "log_score", "baseline_score")


def _named(cols: tuple[str, ...], values: FloatArray) -> dict[str, Any]:
    return {col: float(values[j]) for j, col in enumerate(cols)}


def _fill(fs: ForecastSet) -> FloatArray:
    """Per question score of "no forecast yet": the uniform forecast's (module docstring)."""
    if fs.kind == "quantile":
        return np.zeros((len(fs.questions), 2))
    n = np.maximum(fs.n_options.astype(np.float64), 2.0)
    brier = np.where(n == 2, 0.25, (n - 1) / n)
    return np.c_[brier, np.log(1.0 / n), np.zeros_like(n)]


def _windows(fs: ForecastSet) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Per question ``(open, close, timed)``; untimed questions get the window [0, 1]."""
    nq = len(fs.questions)
    if fs.time is None or len(fs) == 0:
        return np.zeros(nq), np.ones(nq), np.zeros(nq, dtype=bool)
    first = np.full(nq, np.inf)
    np.minimum.at(first, fs.question_idx, fs.time)
    o_given = np.where(np.isnan(fs.open_time), first, fs.open_time)
    with np.errstate(invalid="ignore"):
        timed = np.isfinite(o_given) & ~np.isnan(fs.close_time) & (fs.close_time > o_given)
    return np.where(timed, o_given, 0.0), np.where(timed, fs.close_time, 1.0), timed


@dataclass
class _Rows:
    """Forecast rows in engine form: effective times on each question's window."""

    q: IntArray
    f: IntArray
    t: FloatArray
    values: FloatArray
    levels: FloatArray | None

    def take(self, idx: IntArray) -> _Rows:
        lv = None if self.levels is None else self.levels[idx]
        return _Rows(self.q[idx], self.f[idx], self.t[idx], self.values[idx], lv)

    @staticmethod
    def concat(parts: list[_Rows]) -> _Rows:
        levels = [p.levels for p in parts if p.levels is not None]
        lv = np.concatenate(levels) if levels else None
        return _Rows(
            np.concatenate([p.q for p in parts]),
            np.concatenate([p.f for p in parts]),
            np.concatenate([p.t for p in parts]),
            np.concatenate([p.values for p in parts]),
            lv,
        )


def _last_of_pairs(q: IntArray, f: IntArray, t: FloatArray) -> BoolArray:
    """Mask of each (question, forecaster) pair's latest row."""
    order = np.lexsort((t, f, q))
    last = np.r_[(q[order][1:] != q[order][:-1]) | (f[order][1:] != f[order][:-1]), True]
    mask = np.zeros(len(q), dtype=bool)
    mask[order[last]] = True
    return mask


def _effective(rows: _Rows, timed: BoolArray) -> _Rows:
    """Keep every row of timed questions and the last row of each pair elsewhere (time 0)."""
    keep = np.flatnonzero(_last_of_pairs(rows.q, rows.f, rows.t) | timed[rows.q])
    out = rows.take(keep)
    out.t = np.where(timed[out.q], out.t, 0.0)
    return out


def _community(
    fs: ForecastSet,
    rows: _Rows,
    timed: BoolArray,
    methods: tuple[agg.Method, ...],
    extremize: float,
    first_id: int,
) -> tuple[list[_Rows], list[str]]:
    """One stream of community forecasts per aggregate, as extra forecaster rows."""
    src = rows
    if fs.kind == "quantile":
        # Aggregate only questions on which every forecast uses the same levels.
        assert rows.levels is not None
        lv = np.nan_to_num(rows.levels, nan=-1.0)
        same = np.ones(len(fs.questions), dtype=bool)
        for qi in np.unique(rows.q):
            m = rows.q == qi
            same[qi] = bool(np.all(lv[m] == lv[m][0]))
        src = rows.take(np.flatnonzero(same[rows.q]))
    out: list[_Rows] = []
    names: list[str] = []
    if len(src.q) == 0:
        return out, names
    for k, method in enumerate(methods):
        stream = agg.community_stream(
            src.q,
            src.f,
            src.t,
            src.values,
            method,
            extremize,
            n_options=fs.n_options if fs.kind == "multiple_choice" else None,
            quantiles=fs.kind == "quantile",
        )
        probs = stream.probs[:, 0] if fs.kind == "binary" else stream.probs
        f = np.full(len(stream.question_idx), first_id + k, dtype=np.int64)
        levels = None
        if src.levels is not None:
            first_row = {int(q): i for i, q in reversed(list(enumerate(src.q)))}
            levels = src.levels[[first_row[int(q)] for q in stream.question_idx]]
        out.append(_Rows(stream.question_idx, f, stream.time, probs, levels))
        names.append(f"{COMMUNITY} ({method})")
    return out, names


def _instant_scores(fs: ForecastSet, rows: _Rows) -> tuple[FloatArray, FloatArray]:
    """Each row's scores as if it stood alone, and its probability on the outcome."""
    q, values = rows.q, rows.values
    if fs.kind == "binary":
        o = fs.outcome[q]
        p_out = np.where(o == 1.0, values, 1.0 - values)
        cols = np.c_[(values - o) ** 2, sc.log_score(p_out), sc.baseline_score(p_out, 2)]
        return cols, p_out
    if fs.kind == "multiple_choice":
        oi = fs.outcome[q].astype(np.int64)
        p_out = values[np.arange(len(q)), oi]
        onehot = np.zeros_like(values)
        onehot[np.arange(len(q)), oi] = 1.0
        brier = ((values - onehot) ** 2).sum(axis=1)
        cols = np.c_[brier, sc.log_score(p_out), sc.baseline_score(p_out, fs.n_options[q])]
        return cols, p_out
    assert rows.levels is not None
    out = np.empty((len(q), 2))
    for i in range(len(q)):
        ok = ~np.isnan(rows.levels[i])
        y = float(fs.outcome[q[i]])
        out[i, 0] = sc.pinball_loss(rows.levels[i, ok], values[i, ok], y)
        out[i, 1] = sc.crps_quantiles(rows.levels[i, ok], values[i, ok], y)
    return out, np.full(len(q), np.nan)


def _final_forecast(fs: ForecastSet, rows: _Rows, last: IntArray) -> FloatArray:
    """The number shown for each pair's last forecast (see :class:`ForecastScore`)."""
    if fs.kind == "binary":
        return rows.values[last]
    if fs.kind == "multiple_choice":
        return rows.values[last, fs.outcome[rows.q[last]].astype(np.int64)]
    assert rows.levels is not None
    out = np.empty(len(last))
    for i, r in enumerate(last):
        ok = ~np.isnan(rows.levels[r])
        out[i] = np.interp(0.5, rows.levels[r, ok], rows.values[r, ok])
    return out


def _pool_scores(
    fs: ForecastSet,
    rows: _Rows,
    n_members: int,
    names: list[str],
    pool: str,
    windows: tuple[FloatArray, FloatArray],
) -> tuple[list[ForecastScore], list[tuple[int, ExpertScore]]]:
    """Score one pool's rows (members first, then community rows)."""
    o, c = windows
    cols = _score_columns(fs.kind)
    scores, p_out = _instant_scores(fs, rows)
    ta = sc.time_average(rows.q, rows.f, rows.t, scores, o, c, _fill(fs))
    avg = ta.scores
    if fs.kind == "quantile":
        # No neutral quantile forecast exists: average over the covered time only.
        avg = avg / ta.coverage[:, None]
        peer = np.full(len(ta.question_idx), np.nan)
    else:
        member = np.arange(len(rows.q)) < n_members
        peer = sc.time_averaged_peer(rows.q, rows.f, rows.t, p_out, o, c, member).scores[:, 0]
    final = _final_forecast(fs, rows, ta.last_row)
    per_q: list[ForecastScore] = []
    for i in range(len(ta.question_idx)):
        qi, fi = int(ta.question_idx[i]), int(ta.forecaster_idx[i])
        per_q.append(
            ForecastScore(
                question=fs.questions[qi],
                expert=names[fi],
                kind=pool,
                forecast=float(final[i]),
                outcome=float(fs.outcome[qi]),
                peer_score=None if np.isnan(peer[i]) else float(peer[i]),
                coverage=float(ta.coverage[i]),
                **_named(cols, avg[i]),
            )
        )
    per_f: list[tuple[int, ExpertScore]] = []
    fidx = ta.forecaster_idx
    for fi in np.unique(fidx):
        m = fidx == fi
        peer_mean = None if fs.kind == "quantile" else float(peer[m].mean())
        per_f.append(
            (
                int(fi),
                ExpertScore(
                    expert=names[int(fi)],
                    kind=pool,
                    n=int(m.sum()),
                    peer_score=peer_mean,
                    coverage=float(ta.coverage[m].mean()),
                    **_named(cols, avg[m].mean(axis=0)),
                ),
            )
        )
    return per_q, per_f


def _rank(rows: list[ExpertScore], kind: QuestionKind, min_resolved: int) -> list[ExpertScore]:
    """Leaderboard order and ranks, pool by pool (stated first)."""
    out: list[ExpertScore] = []
    for pool in ("stated", "inferred"):
        part = [r for r in rows if r.kind == pool]
        if kind == "quantile":
            keys = [(r.crps or 0.0, r.pinball or 0.0) for r in part]
        else:
            keys = [(-(r.peer_score or 0.0), r.brier or 0.0) for r in part]
        ranks = rank_entries(keys, [r.n >= min_resolved for r in part])
        order = sorted(range(len(part)), key=lambda i: (ranks[i] is None, keys[i], part[i].expert))
        out.extend(replace(part[i], rank=ranks[i]) for i in order)
    return out


def _resolved_table(fs: ForecastSet, rows: list[ForecastScore]) -> ResolvedForecasts:
    """The experts' per-question scores as a track-record table (community left out)."""
    exp = [r for r in rows if not r.expert.startswith(f"{COMMUNITY} (")]
    records = [
        ScoredForecast(
            expert=r.expert,
            question=r.question,
            probability=r.forecast if fs.kind == "binary" else float("nan"),
            outcome=r.outcome if fs.kind == "binary" else float("nan"),
            brier=r.brier if r.brier is not None else float("nan"),
            log_score=r.log_score if r.log_score is not None else float("nan"),
            peer_score=r.peer_score if r.peer_score is not None else float("nan"),
            inferred=r.kind == "inferred",
        )
        for r in exp
    ]
    return ResolvedForecasts.from_records(records)


def score_forecast_set(
    fs: ForecastSet,
    min_resolved: int = 1,
    methods: tuple[agg.Method, ...] = agg.METHODS,
    extremize: float = 1.0,
) -> ScoreReport:
    """Score every expert, pool and aggregate of a forecast set.

    Args:
        fs: The validated forecasts and resolutions.
        min_resolved: Questions an expert needs before the leaderboard shows a rank.
        methods: Aggregates to build and score as community forecasters.
        extremize: Extremizing factor of the ``mean_log_odds`` aggregate.

    Returns:
        The report: experts in leaderboard order, community rows, per-question rows.
    """
    if min_resolved < 0:
        raise ValueError("min_resolved must be zero or more")
    o, c, timed = _windows(fs)
    n_exp = len(fs.experts)
    t_all = fs.time if fs.time is not None else np.zeros(len(fs))
    experts: list[ExpertScore] = []
    community: list[ExpertScore] = []
    per_q: list[ForecastScore] = []
    for pool in ("stated", "inferred"):
        sel = np.flatnonzero(fs.inferred == (pool == "inferred"))
        if sel.size == 0:
            continue
        raw = _Rows(
            fs.question_idx[sel],
            fs.expert_idx[sel],
            t_all[sel],
            fs.values[sel],
            None if fs.levels is None else fs.levels[sel],
        )
        members = _effective(raw, timed)
        names = list(fs.experts)
        parts = [members]
        if pool == "stated":
            streams, stream_names = _community(fs, raw, timed, methods, extremize, n_exp)
            parts += [_effective(s, timed) for s in streams]
            names += stream_names
        rows_q, rows_f = _pool_scores(fs, _Rows.concat(parts), len(members.q), names, pool, (o, c))
        per_q.extend(rows_q)
        for fi, row in rows_f:
            (community if fi >= n_exp else experts).append(row)
    per_q.sort(key=lambda r: (r.question, r.kind != "stated", r.expert))
    community.sort(key=lambda r: agg.METHODS.index(r.expert[len(COMMUNITY) + 2 : -1]))
    scored_q = np.unique(fs.question_idx)
    return ScoreReport(
        kind=fs.kind,
        questions=len(scored_q),
        experts=tuple(_rank(experts, fs.kind, min_resolved)),
        community=tuple(community),
        forecasts=tuple(per_q),
        time_averaged=int(timed[scored_q].sum()),
        min_resolved=min_resolved,
        warnings=fs.warnings,
        resolved=None if fs.kind == "quantile" else _resolved_table(fs, per_q),
    )
