"""Assemble the report's sections from the pipeline's results.

Every count here is computed from the takes (distinct experts, never
sentences), every quote is built from a sentence span by
:func:`_quote`, which slices the take's own text, so quotes are verbatim by
construction and checked again before a report is written.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from symposia.core.claims import CLAIM_TYPES, estimative_probability, find_hedges, find_horizon
from symposia.core.outlook import Polarity, decide_outlook
from symposia.core.positions import position, side_of
from symposia.core.report import (
    SCHEMA,
    Brief,
    BriefItem,
    Consensus,
    Contested,
    Count,
    ExpertOutlookEntry,
    HorizonRef,
    Minority,
    Notice,
    OutlookSection,
    OutlookTally,
    Prediction,
    Quote,
    RecommendationGroup,
    ScenarioPair,
    Scenarios,
    Side,
    Synthesis,
    Theme,
)
from symposia.core.themes import representative_indices

if TYPE_CHECKING:
    from symposia.core.synthesis import Context, Unit

#: Sentences after which a minority view counts as fully argued.
MINORITY_ARGUED_SENTENCES = 4
#: Sentences a minority view needs at least (a stray remark is not a view).
MINORITY_MIN_SENTENCES = 2
#: Themes are split at this share of the clustering threshold to find views inside them.
MINORITY_SUBCLUSTER = 0.7
#: Other experts' sentences nearest a candidate view, averaged for its distinctness.
MINORITY_NEIGHBOURS = 5
#: Weight of each claim type when choosing minority views (claims over colour).
MINORITY_TYPE_WEIGHT = {
    "prediction": 0.9,
    "recommendation": 1.0,
    "factor": 0.6,
    "assessment": 0.4,
    "worst_case": 0.2,
    "best_case": 0.2,
    "uncertainty": 0.2,
}
#: Claim types preferred as a side's quote in a split (a position, not a scenario).
POSITION_TYPES = frozenset({"recommendation", "prediction", "assessment", "factor"})


def _quote(ctx: Context, unit: Unit, start: int | None = None, end: int | None = None) -> Quote:
    take = ctx.takes[unit.take]
    a = unit.start if start is None else start
    b = unit.end if end is None else end
    return Quote(
        take=take.id,
        expert=take.expert.id,
        name=take.expert.name,
        text=take.text[a:b],
        start=a,
        end=b,
    )


def _count(n: int, of: int) -> Count:
    return Count.of_experts(n, of)


def min_theme_experts(setting: int, panel: int) -> int:
    """Experts a theme needs: the setting, lowered on panels under ten."""
    return max(1, min(setting, math.ceil(panel * 0.3)))


class _Clusters:
    """Cluster membership by label: rows, units and distinct experts."""

    def __init__(self, ctx: Context) -> None:
        self.rows: dict[int, list[int]] = defaultdict(list)
        for row, label in enumerate(ctx.labels.tolist()):
            self.rows[int(label)].append(row)
        self.experts = {
            lab: sorted({ctx.units[ctx.rows[r]].expert for r in rows})
            for lab, rows in self.rows.items()
        }
        self.owners = [ctx.units[i].expert for i in ctx.rows]
        # Quotes should state a position and be neither fragments nor essays.
        self.preference = [
            (1.0 if ctx.units[i].type in POSITION_TYPES else 0.85)
            * (1.0 if _reads_well(ctx.units[i].text) else 0.85)
            for i in ctx.rows
        ]


def build_report(ctx: Context, *, question: str | None, record: dict[str, Any]) -> Synthesis:
    """Build every section of the report from the pipeline's context."""
    panel = ctx.panel_size
    notices = list(ctx.notices)
    polarity = [ctx.stages["outlook"].polarity(u.text) for u in ctx.units]
    clusters = _Clusters(ctx)
    need = min_theme_experts(ctx.settings.min_theme_experts, panel)
    theme_labels = sorted(
        (lab for lab, ex in clusters.experts.items() if len(ex) >= need and panel > 0),
        key=lambda lab: (-len(clusters.experts[lab]), -len(clusters.rows[lab]), lab),
    )
    found = len(theme_labels)
    theme_labels = theme_labels[: ctx.settings.max_themes]
    minority_groups = _minority_candidates(ctx, clusters, theme_labels, panel)
    # One c-TF-IDF pass over themes and views together, so a word common to
    # many of them ("river") weighs little in every label.
    named_groups = _name_groups(ctx, [clusters.rows[lab] for lab in theme_labels] + minority_groups)
    named = dict(zip(theme_labels, named_groups, strict=False))
    minority_named = named_groups[len(theme_labels) :]

    themes: list[Theme] = []
    contested: list[Contested] = []
    consensus: list[Consensus] = []
    theme_of_row: dict[int, str] = {}
    for n, lab in enumerate(theme_labels, start=1):
        tid = f"T{n}"
        for r in clusters.rows[lab]:
            theme_of_row[r] = tid
        label, keys = named[lab]
        experts = clusters.experts[lab]
        quotes = [
            _quote(ctx, ctx.units[ctx.rows[r]])
            for r in representative_indices(
                ctx.vectors,
                clusters.rows[lab],
                clusters.owners,
                ctx.settings.max_quotes,
                clusters.preference,
            )
        ]
        split = _split(ctx, clusters, lab, panel)
        share = len(experts) / panel
        if split is not None:
            status = "contested"
            contested.append(Contested(tid, label, _count(len(experts), panel), split))
        elif share > ctx.settings.consensus_share and panel >= 3:
            status = "consensus"
            consensus.append(Consensus(tid, label, _count(len(experts), panel), quotes))
        else:
            status = "shared"
        types = Counter(ctx.units[ctx.rows[r]].type for r in clusters.rows[lab])
        themes.append(
            Theme(
                id=tid,
                label=label,
                key_phrases=keys,
                experts=experts,
                holders=_count(len(experts), panel),
                share=share,
                status=status,
                quotes=quotes,
                sentences=len(clusters.rows[lab]),
                claim_types={t: types[t] for t in CLAIM_TYPES if types[t]},
            )
        )
    minority = [
        _minority(ctx, clusters, rows, name, panel)
        for rows, name in zip(minority_groups, minority_named, strict=True)
    ]
    outlook = _outlook(ctx, polarity)
    predictions = _predictions(ctx, theme_of_row)
    recommendations = _recommendations(ctx)
    scenarios = _scenarios(ctx)
    notices += _panel_notices(ctx, panel, themes, consensus, found)
    brief = build_brief(ctx, themes, consensus, contested, minority, outlook)
    stats = {
        "experts": panel,
        "takes": len(ctx.takes),
        "analysed_takes": sum(t.analysed for t in ctx.takes),
        "sentences": len(ctx.units),
        "clustered_sentences": len(ctx.rows),
        "claims": {t: sum(u.type == t for u in ctx.units) for t in CLAIM_TYPES},
        "themes_found": found,
        "themes_listed": len(themes),
    }
    return Synthesis(
        schema=SCHEMA,
        question=question,
        panel=stats,
        takes=ctx.takes,
        themes=themes,
        consensus=consensus,
        contested=contested,
        minority=minority,
        outlook=outlook,
        predictions=predictions,
        recommendations=recommendations,
        scenarios=scenarios,
        brief=brief,
        notices=notices,
        record=record,
    )


def _name_groups(ctx: Context, groups: Sequence[list[int]]) -> list[tuple[str, list[str]]]:
    """Label and key phrases of each group of rows, against the rows in no group."""
    if not groups:
        return []
    chosen = {r for rows in groups for r in rows}
    docs = [[ctx.units[ctx.rows[r]].text for r in rows] for rows in groups]
    background = [ctx.units[ctx.rows[r]].text for r in range(len(ctx.rows)) if r not in chosen]
    return list(ctx.stages["labeler"].label(docs, background))


def _theme_units(ctx: Context, clusters: _Clusters, label: int) -> dict[str, list[int]]:
    """Per expert, the theme's sentences plus the short ones right next to them.

    Sentences under five words are not embedded, so not clustered, yet
    "It should resist." or "They should go ahead." is often where the position
    is taken; one that shares a paragraph with a theme sentence belongs to it.
    """
    out: dict[str, set[int]] = defaultdict(set)
    for r in clusters.rows[label]:
        ui = ctx.rows[r]
        unit = ctx.units[ui]
        out[unit.expert].add(ui)
        for nb in (ui - 1, ui + 1):
            if 0 <= nb < len(ctx.units) and ctx.units[nb].row < 0:
                other = ctx.units[nb]
                a, b = sorted((unit, other), key=lambda u: u.start)
                gap = ctx.takes[unit.take].text[a.end : b.start]
                if other.take == unit.take and "\n\n" not in gap:
                    out[unit.expert].add(nb)
    return {e: sorted(ix) for e, ix in out.items()}


def _split(ctx: Context, clusters: _Clusters, label: int, panel: int) -> list[Side] | None:
    """Both sides of a theme when its experts disagree on what to do, else None.

    Each expert's side comes from :mod:`symposia.core.positions`: opposition
    cues ("resist", "a mistake", "I am less persuaded") put an expert against,
    support cues ("cannot wait", "go ahead") or plain advocacy with no
    opposition put them for. A split needs two experts on each side and the
    smaller side at ``contested_min_share`` of those who take one.
    """
    if panel < 4:
        return None
    units = _theme_units(ctx, clusters, label)
    cues = {i: position(ctx.units[i].text) for ix in units.values() for i in ix}
    sides: dict[int, list[str]] = {1: [], -1: []}
    for expert, ix in sorted(units.items()):
        advocates = any(ctx.units[i].type == "recommendation" and ctx.units[i].row >= 0 for i in ix)
        side = side_of([cues[i] for i in ix], advocates)
        if side:
            sides[side].append(expert)
    pro, con = sides[1], sides[-1]
    small = min(len(pro), len(con))
    if small < 2 or small / (len(pro) + len(con)) < ctx.settings.contested_min_share:
        return None

    def side_quotes(experts: list[str], sign: int) -> list[Quote]:
        def strength(i: int) -> tuple[int, bool, float, int]:
            c = cues[i]
            unit = ctx.units[i]
            # A "for" expert may only advocate: then the theme's recommendation is the quote.
            advocacy = sign > 0 and unit.type == "recommendation" and unit.row >= 0
            return (c.against if sign < 0 else c.support, advocacy, _quote_pref(unit), -i)

        picks = []
        for e in experts:
            best = max(units[e], key=strength)
            picks.append((strength(best), _side_quote(ctx, best, units[e])))
        picks.sort(key=lambda p: (-p[0][0], -p[0][1], -p[0][2], -p[0][3]))
        return [q for _, q in picks[:3]]

    return [
        Side(
            "for",
            "argue for the course of action this theme is about",
            pro,
            _count(len(pro), panel),
            side_quotes(pro, 1),
        ),
        Side(
            "against",
            "argue against it, or warn about its costs",
            con,
            _count(len(con), panel),
            side_quotes(con, -1),
        ),
    ]


def _reads_well(text: str) -> bool:
    """Whether a sentence has the length of a good quote: 8-45 words, no fragment or essay."""
    return 8 <= len(text.split()) <= 45


def _quote_pref(unit: Unit) -> float:
    """Quote preference of one sentence: a clustered sentence of 8-45 words reads best."""
    return (1.0 if unit.row >= 0 else 0.8) * (1.0 if _reads_well(unit.text) else 0.7)


def _side_quote(ctx: Context, i: int, ix: list[int]) -> Quote:
    """The sentence, joined to the next theme sentence when it is too short to stand alone."""
    unit = ctx.units[i]
    if len(unit.text.split()) < 8:
        after = [j for j in ix if j == i + 1]
        if after:
            return _quote(ctx, unit, unit.start, ctx.units[after[0]].end)
    return _quote(ctx, unit)


def _minority_candidates(
    ctx: Context, clusters: _Clusters, theme_labels: list[int], panel: int
) -> list[list[int]]:
    """Groups of rows (sentences) that state a view held by one or two experts.

    Candidates are the clusters too small to be themes and, inside each
    theme, its sub-clusters at ``MINORITY_SUBCLUSTER`` of the clustering
    threshold: a view can share a theme's subject and still be one expert's
    own ("bring Russia in" inside a theme about Russia and China). A
    candidate must be argued (``MINORITY_MIN_SENTENCES`` sentences, one of at
    least eight words) and is scored by its claim types (a recommendation or
    prediction is a view; scene-setting is not), how far it is from what
    every other expert wrote, and how fully it is argued. One view per set of
    holders and at most two per expert are listed, best first.
    """
    limit = ctx.settings.minority_max_experts
    if panel < 5 or not theme_labels:
        return []
    groups: list[list[int]] = [
        rows
        for lab, rows in sorted(clusters.rows.items())
        if lab not in theme_labels and len(clusters.experts[lab]) <= limit
    ]
    sub = getattr(ctx.stages["clusterer"], "subcluster", None)
    if sub is not None:
        for lab in theme_labels:
            rows = clusters.rows[lab]
            labels = sub(ctx.vectors[rows], MINORITY_SUBCLUSTER)
            if labels is None:
                continue
            parts: dict[int, list[int]] = defaultdict(list)
            for r, sl in zip(rows, labels.tolist(), strict=True):
                parts[int(sl)].append(r)
            groups += [g for g in parts.values() if len({clusters.owners[r] for r in g}) <= limit]
    owners = np.array(clusters.owners)
    scored: list[tuple[float, int, list[int]]] = []
    for rows in groups:
        units = [ctx.units[ctx.rows[r]] for r in rows]
        if len(units) < MINORITY_MIN_SENTENCES or max(len(u.text.split()) for u in units) < 8:
            continue
        weight = sum(_view_weight(u) for u in units) / len(units)
        centre = ctx.vectors[rows].mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        holders = {u.expert for u in units}
        others = ~np.isin(owners, list(holders))
        if not others.any():
            continue
        sims = np.sort(ctx.vectors[others] @ centre)[::-1][:MINORITY_NEIGHBOURS]
        distinct = 1.0 - float(sims.mean())
        # A view argued over several sentences is a view; a stray remark is not.
        argued = min(len(units), MINORITY_ARGUED_SENTENCES)
        scored.append((round(weight * distinct * argued, 6), min(rows), rows))
    scored.sort(key=lambda x: (-x[0], x[1]))
    out: list[list[int]] = []
    seen_sets: set[frozenset[str]] = set()
    per_expert: Counter[str] = Counter()
    for _, _, rows in scored:
        holding = frozenset(clusters.owners[r] for r in rows)
        if holding in seen_sets or any(per_expert[e] >= 2 for e in holding):
            continue
        seen_sets.add(holding)
        per_expert.update(holding)
        out.append(sorted(rows))
        if len(out) >= ctx.settings.max_minority:
            break
    return out


_NORMATIVE = re.compile(r"\b(?:should|must|ought to|needs? to|has to|have to)\b", re.IGNORECASE)


def _view_weight(unit: Unit) -> float:
    """How much a sentence states a view: by claim type, and any "should" counts as advocacy.

    "It follows that Russia should be brought in" is typed an assessment (the
    obligation sits in a reported clause) yet it is the view itself.
    """
    base = MINORITY_TYPE_WEIGHT.get(unit.type, 0.5)
    if _NORMATIVE.search(unit.text):
        return max(base, MINORITY_TYPE_WEIGHT["recommendation"])
    return base


def _minority(
    ctx: Context, clusters: _Clusters, rows: list[int], named: tuple[str, list[str]], panel: int
) -> Minority:
    picks = representative_indices(ctx.vectors, rows, clusters.owners, 2, clusters.preference)
    units = [ctx.units[ctx.rows[r]] for r in picks]
    types = Counter(ctx.units[ctx.rows[r]].type for r in rows)
    kind = sorted(types.items(), key=lambda kv: (-kv[1], CLAIM_TYPES.index(kv[0])))[0][0]
    experts = sorted({clusters.owners[r] for r in rows})
    return Minority(
        label=named[0],
        key_phrases=named[1],
        experts=experts,
        holders=_count(len(experts), panel),
        claim_type=kind,
        quotes=[_quote(ctx, u) for u in units],
    )


def _tally(entries: Sequence[ExpertOutlookEntry]) -> OutlookTally:
    c = Counter(e.outlook for e in entries)
    return OutlookTally(
        c["optimistic"], c["mixed"], c["pessimistic"], c["undetermined"], len(entries)
    )


def _outlook(ctx: Context, polarity: list[Polarity]) -> OutlookSection:
    by_expert: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(ctx.units):
        by_expert[u.expert].append(i)
    entries: list[ExpertOutlookEntry] = []
    for expert_id, idx in sorted(by_expert.items()):
        verdict = decide_outlook(
            [polarity[i] for i in idx],
            [ctx.units[i].type for i in idx],
            ctx.settings.outlook_margin,
        )
        ref = ctx.experts[expert_id]
        first = ctx.takes[ctx.units[idx[0]].take]
        deciding = None if verdict.decider is None else _quote(ctx, ctx.units[idx[verdict.decider]])
        entries.append(
            ExpertOutlookEntry(
                expert=expert_id,
                name=ref.name,
                take=first.id if deciding is None else deciding.take,
                region=ref.region,
                sector=ref.sector,
                outlook=verdict.outlook,
                score=verdict.score,
                deciding=deciding,
            )
        )
    regions: dict[str, list[ExpertOutlookEntry]] = defaultdict(list)
    sectors: dict[str, list[ExpertOutlookEntry]] = defaultdict(list)
    for e in entries:
        regions[e.region or "unknown"].append(e)
        sectors[e.sector or "unknown"].append(e)
    return OutlookSection(
        experts=entries,
        panel=_tally(entries),
        by_region={k: _tally(v) for k, v in sorted(regions.items())},
        by_sector={k: _tally(v) for k, v in sorted(sectors.items())},
    )


def _predictions(ctx: Context, theme_of_row: dict[int, str]) -> list[Prediction]:
    out: list[Prediction] = []
    for u in ctx.units:
        if u.type != "prediction":
            continue
        horizon = find_horizon(u.text)
        wep = estimative_probability(u.text)
        out.append(
            Prediction(
                quote=_quote(ctx, u),
                theme=theme_of_row.get(u.row) if u.row >= 0 else None,
                horizon=None
                if horizon is None
                else HorizonRef(
                    horizon.text, u.start + horizon.start, u.start + horizon.end, horizon.year
                ),
                probability=None if wep is None else wep[1],
                estimative_phrase=None if wep is None else wep[0],
                hedges=find_hedges(u.text),
            )
        )
    return out


def _recommendations(ctx: Context) -> list[RecommendationGroup]:
    units = [u for u in ctx.units if u.type == "recommendation" and u.row >= 0]
    if not units:
        return []
    panel = ctx.panel_size
    source = ctx.raw_vectors if ctx.raw_vectors is not None else ctx.vectors
    vectors = source[[u.row for u in units]]
    labels = ctx.stages["clusterer"].cluster(vectors, ctx.settings.seed)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels.tolist()):
        groups[int(lab)].append(i)
    owners = [u.expert for u in units]
    ordered = sorted(
        groups,
        key=lambda g: (-len({owners[i] for i in groups[g]}), -len(groups[g]), g),
    )[:40]
    background = [units[i].text for g in groups if g not in ordered for i in groups[g]]
    named = ctx.stages["labeler"].label(
        [[units[i].text for i in groups[g]] for g in ordered], background
    )
    out: list[RecommendationGroup] = []
    for g, (label, keys) in zip(ordered, named, strict=True):
        experts = sorted({owners[i] for i in groups[g]})
        picks = representative_indices(vectors, groups[g], owners, ctx.settings.max_quotes)
        out.append(
            RecommendationGroup(
                label=label,
                key_phrases=keys,
                experts=experts,
                holders=_count(len(experts), panel),
                quotes=[_quote(ctx, units[i]) for i in picks],
            )
        )
    return out


def _scenario_run(ctx: Context, units: list[Unit], kind: str) -> Quote | None:
    """The first run of consecutive ``kind`` sentences in one paragraph, as one quote."""
    text = ctx.takes[units[0].take].text if units else ""
    for i, u in enumerate(units):
        if u.type != kind:
            continue
        end = u.end
        for nxt in units[i + 1 :]:
            gap = text[end : nxt.start]
            if nxt.type != kind or gap.strip() or "\n\n" in gap or gap.count("\n") > 1:
                break
            end = nxt.end
        return _quote(ctx, u, u.start, end)
    return None


def _scenarios(ctx: Context) -> Scenarios:
    by_take: dict[int, list[Unit]] = defaultdict(list)
    for u in ctx.units:
        by_take[u.take].append(u)
    pairs: list[ScenarioPair] = []
    seen: set[str] = set()
    for take_index in sorted(by_take):
        units = by_take[take_index]
        take = ctx.takes[take_index]
        best = _scenario_run(ctx, units, "best_case")
        worst = _scenario_run(ctx, units, "worst_case")
        if (best or worst) and take.expert.id not in seen:
            seen.add(take.expert.id)
            pairs.append(ScenarioPair(take.expert.id, take.expert.name, take.id, best, worst))
    panel = ctx.panel_size
    return Scenarios(
        pairs=pairs,
        best_case=_count(sum(p.best_case is not None for p in pairs), panel),
        worst_case=_count(sum(p.worst_case is not None for p in pairs), panel),
    )


def _panel_notices(
    ctx: Context, panel: int, themes: list[Theme], consensus: list[Consensus], found: int
) -> list[Notice]:
    out: list[Notice] = []
    if panel == 0:
        out.append(
            Notice(
                "nothing_analysed",
                "no take could be analysed, so there are no themes, outlooks or counts",
            )
        )
        return out
    if panel == 1:
        out.append(
            Notice(
                "single_expert",
                "only one expert's take could be analysed: themes show what that expert "
                "raised, but consensus, contested points, minority views and counts across "
                "the panel need at least two experts",
            )
        )
    elif panel < 4:
        out.append(
            Notice(
                "small_panel",
                f"with {panel} experts, contested points (need 4) and minority views "
                "(need 5) are not computed",
            )
        )
    elif panel < 5:
        out.append(
            Notice("small_panel", "with 4 experts, minority views (need 5) are not computed")
        )
    if not themes:
        out.append(Notice("no_themes", "no subject is raised by enough experts to be a theme"))
    elif panel >= 3 and not consensus:
        out.append(
            Notice(
                "no_consensus",
                f"no theme is raised by more than {ctx.settings.consensus_share:.0%} of the "
                "panel without a split",
            )
        )
    if found > len(themes):
        out.append(
            Notice(
                "themes_capped",
                f"{found} themes were found; the {len(themes)} largest are listed "
                "(setting max_themes)",
            )
        )
    return out


_WORDS = re.compile(r"\S+")


def _words(text: str) -> int:
    return len(_WORDS.findall(text))


def _render(item: BriefItem) -> str:
    return f"{item.lead} “{item.quote.text}” ({item.quote.name})"


def build_brief(
    ctx: Context,
    themes: list[Theme],
    consensus: list[Consensus],
    contested: list[Contested],
    minority: list[Minority],
    outlook: OutlookSection,
) -> Brief:
    """An extractive brief: computed counts, verbatim quotes, attribution, <= the word limit."""
    limit = ctx.settings.brief_words
    candidates: list[BriefItem] = []
    tally = outlook.panel
    if tally.of:
        plural = max(("optimistic", "mixed", "pessimistic"), key=lambda k: (getattr(tally, k), k))
        pick = sorted(
            (e for e in outlook.experts if e.outlook == plural and e.deciding is not None),
            key=lambda e: (-abs(e.score), _words(e.deciding.text if e.deciding else ""), e.expert),
        )
        if pick and pick[0].deciding is not None:
            lead = (
                f"Outlook of {tally.of} experts: {tally.optimistic} optimistic, "
                f"{tally.mixed} mixed, {tally.pessimistic} pessimistic."
            )
            candidates.append(BriefItem(lead, None, pick[0].deciding, None))
    # Each line names what the experts hold (the theme's key phrases), then quotes one.
    for c in consensus:
        lead = f"{c.holders.display} on {c.label}:"
        candidates.append(BriefItem(lead, c.holders, _short(c.quotes), c.theme))
    for ct in contested[:2]:
        for n, side in enumerate(ct.sides):
            lead = (
                f"Split on {ct.label}: {side.position}, {side.holders.display}:"
                if n == 0
                else f"{side.position.capitalize()}, {side.holders.display}:"
            )
            candidates.append(BriefItem(lead, side.holders, _short(side.quotes), ct.theme))
    shown = {c.theme for c in consensus} | {c.theme for c in contested}
    for t in [t for t in themes if t.id not in shown][:3]:
        lead = f"{t.holders.display} on {t.label}:"
        candidates.append(BriefItem(lead, t.holders, _short(t.quotes), t.id))
    for m in minority[:2]:
        lead = f"A minority view, {m.holders.display}:"
        candidates.append(BriefItem(lead, m.holders, m.quotes[0], None))
    items: list[BriefItem] = []
    used = 0
    for item in candidates:
        n = _words(_render(item))
        if used + n <= limit:
            items.append(item)
            used += n
    text = "\n".join(_render(i) for i in items)
    return Brief(text=text, words=_words(text), items=items)


def _short(quotes: list[Quote]) -> Quote:
    """The most central quote unless it is long and a shorter one exists."""
    for q in quotes:
        if _words(q.text) <= 35:
            return q
    return min(quotes, key=lambda q: (_words(q.text), q.take))
