"""A standalone HTML page for a :class:`~symposia.core.report.Synthesis`.

One file, inline CSS, no script and no external resource, so it opens from
disk and can be mailed. Every piece of text from the takes or the report is
escaped with :func:`html.escape`; nothing is inserted raw.
"""

from __future__ import annotations

import json
from html import escape

from symposia.core.report import Count, OutlookTally, Quote, Synthesis

_CSS = """
body{font:16px/1.5 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif;line-height:1.2}
h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
blockquote{margin:.5rem 0 .5rem 1rem;padding-left:.8rem;border-left:3px solid #bbb}
.who{font-family:Helvetica,Arial,sans-serif;font-size:.85rem;color:#555}
.count{font-family:Helvetica,Arial,sans-serif;font-weight:bold}
.status{font-family:Helvetica,Arial,sans-serif;font-size:.75rem;text-transform:uppercase;
 background:#eee;padding:.1rem .4rem;border-radius:.2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.notice{background:#fff6dd;border:1px solid #e8d08a;padding:.5rem .8rem;margin:.4rem 0}
pre{white-space:pre-wrap;font-size:.8rem;background:#f6f6f6;padding:.6rem}
"""


def _q(quote: Quote | None) -> str:
    if quote is None:
        return "<p class='who'>(none)</p>"
    return (
        f"<blockquote>“{escape(quote.text)}”<br><span class='who'>{escape(quote.name)} "
        f"(take {escape(quote.take)}, characters {quote.start}-{quote.end})</span></blockquote>"
    )


def _c(count: Count) -> str:
    return f"<span class='count'>{escape(count.display)}</span>"


def _tally_row(name: str, t: OutlookTally) -> str:
    return (
        f"<tr><td>{escape(name)}</td><td>{t.optimistic}</td><td>{t.mixed}</td>"
        f"<td>{t.pessimistic}</td><td>{t.undetermined}</td><td>{t.of}</td></tr>"
    )


def render_html(report: Synthesis, title: str | None = None) -> str:
    """Render ``report`` as one self-contained, fully escaped HTML page."""
    heading = title or report.question or "Synthesis of the panel"
    p: list[str] = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>{escape(heading)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(heading)}</h1>",
        f"<p class='who'>{report.panel.get('experts', 0)} experts, "
        f"{report.panel.get('takes', 0)} takes, {report.panel.get('sentences', 0)} sentences "
        "analysed.</p>",
    ]
    for n in report.notices:
        p.append(f"<div class='notice'><b>{escape(n.code)}</b>: {escape(n.message)}</div>")
    p.append("<h2>Brief</h2>")
    for item in report.brief.items:
        p.append(f"<p><span class='count'>{escape(item.lead)}</span></p>{_q(item.quote)}")
    if report.brief.abstractive:
        p.append("<h3>Abstractive brief (LLM; quotes verified)</h3>")
        p.append(f"<p>{escape(str(report.brief.abstractive.get('text', '')))}</p>")
    p.append("<h2>Themes</h2>")
    for t in report.themes:
        p.append(
            f"<h3>{escape(t.id)}. {escape(t.label)} <span class='status'>{escape(t.status)}"
            f"</span></h3><p>{_c(t.holders)} · key phrases: "
            f"{escape(', '.join(t.key_phrases))}</p>"
        )
        p.extend(_q(q) for q in t.quotes)
    p.append("<h2>Consensus</h2>")
    if not report.consensus:
        p.append("<p>No theme is held by most of the panel without a split.</p>")
    for c in report.consensus:
        p.append(f"<p>{escape(c.theme)}. {escape(c.label)}: {_c(c.holders)}</p>")
    p.append("<h2>Contested</h2>")
    if not report.contested:
        p.append("<p>No theme splits the panel.</p>")
    for ct in report.contested:
        p.append(f"<h3>{escape(ct.theme)}. {escape(ct.label)} ({_c(ct.holders)})</h3>")
        p.append("<div class='sides'>")
        for side in ct.sides:
            p.append(
                f"<div><p><b>{escape(side.position)}</b>: {escape(side.description)} "
                f"({_c(side.holders)})</p>{''.join(_q(q) for q in side.quotes)}</div>"
            )
        p.append("</div>")
    p.append("<h2>Minority views</h2>")
    for m in report.minority:
        p.append(
            f"<p>{_c(m.holders)} · {escape(m.claim_type)} · {escape(m.label)}</p>"
            + "".join(_q(q) for q in m.quotes)
        )
    o = report.outlook
    p.append(
        "<h2>Outlook</h2><table><tr><th>group</th><th>optimistic</th><th>mixed</th>"
        "<th>pessimistic</th><th>undetermined</th><th>experts</th></tr>"
    )
    p.append(_tally_row("whole panel", o.panel))
    p.extend(_tally_row(f"region: {k}", v) for k, v in o.by_region.items())
    p.extend(_tally_row(f"sector: {k}", v) for k, v in o.by_sector.items())
    p.append("</table><table><tr><th>expert</th><th>outlook</th><th>deciding sentence</th></tr>")
    for e in o.experts:
        deciding = escape(e.deciding.text) if e.deciding else ""
        p.append(
            f"<tr><td>{escape(e.name)}</td><td>{escape(e.outlook)}</td><td>{deciding}</td></tr>"
        )
    p.append(
        "</table><h2>Predictions</h2><table><tr><th>prediction</th><th>expert</th>"
        "<th>horizon</th><th>probability</th><th>hedges</th></tr>"
    )
    for pr in report.predictions:
        prob = "" if pr.probability is None else f"{pr.probability:.2f}"
        if pr.estimative_phrase:
            prob += f" ({escape(pr.estimative_phrase)})"
        p.append(
            f"<tr><td>{escape(pr.quote.text)}</td><td>{escape(pr.quote.name)}</td>"
            f"<td>{escape(pr.horizon.text) if pr.horizon else ''}</td><td>{prob}</td>"
            f"<td>{escape(', '.join(pr.hedges))}</td></tr>"
        )
    p.append("</table><h2>Recommendations</h2>")
    for g in report.recommendations:
        p.append(f"<h3>{escape(g.label)} ({_c(g.holders)})</h3>")
        p.extend(_q(q) for q in g.quotes)
    s = report.scenarios
    p.append(
        f"<h2>Scenarios</h2><p>Best case from {_c(s.best_case)}; worst case from "
        f"{_c(s.worst_case)}.</p><table><tr><th>expert</th><th>best case</th>"
        "<th>worst case</th></tr>"
    )
    for pair in s.pairs:
        best = escape(pair.best_case.text) if pair.best_case else ""
        worst = escape(pair.worst_case.text) if pair.worst_case else ""
        p.append(f"<tr><td>{escape(pair.name)}</td><td>{best}</td><td>{worst}</td></tr>")
    p.append("</table><h2>How this was made</h2>")
    record = json.dumps(report.record, sort_keys=True, indent=1, ensure_ascii=False)
    p.append(f"<pre>{escape(record)}</pre></body></html>")
    return "\n".join(p) + "\n"
