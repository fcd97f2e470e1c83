"""Turn a stored synthesis report into what the page shows, optionally for a subset.

Filtering by region, sector or gender recomputes every count from the report's
own expert lists ("3 of 7 experts in Europe"); nothing is estimated.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

#: In an anonymous symposium, filters must leave at least this many experts, and the
#: outlook charts fold smaller regions and sectors into "other": a group of one or
#: two would tell a reader who holds which view.
MIN_ANONYMOUS_GROUP = 3


@dataclass
class Filters:
    region: str = ""
    sector: str = ""
    gender: str = ""

    @property
    def active(self) -> bool:
        return bool(self.region or self.sector or self.gender)

    def describe(self) -> str:
        parts = [p for p in (self.region, self.sector.replace("_", " "), self.gender) if p]
        return ", ".join(parts)


@dataclass
class PageModel:
    data: dict[str, Any]
    filters: Filters
    experts: dict[str, dict[str, Any]]
    subset: set[str]
    of: int
    themes: list[dict[str, Any]] = field(default_factory=list)
    consensus: list[dict[str, Any]] = field(default_factory=list)
    contested: list[dict[str, Any]] = field(default_factory=list)
    minority: list[dict[str, Any]] = field(default_factory=list)
    predictions: list[dict[str, Any]] = field(default_factory=list)
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    scenarios: list[dict[str, Any]] = field(default_factory=list)
    outlook: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)
    min_group: int = 1


def _count(n: int, of: int) -> str:
    return f"{n} of {of} expert" + ("" if of == 1 else "s")


def _experts(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for t in data.get("takes", []):
        e = t["expert"]
        out[e["id"]] = e
    return out


def _recount(item: dict[str, Any], subset: set[str], of: int) -> dict[str, Any] | None:
    holders = [e for e in item.get("experts", []) if e in subset]
    if not holders:
        return None
    quotes = [q for q in item.get("quotes", []) if q["expert"] in subset]
    return {**item, "experts": holders, "count": _count(len(holders), of), "quotes": quotes}


def build(data: dict[str, Any], filters: Filters, min_group: int = 1) -> PageModel:
    """The page model of a stored report, restricted to the experts the filters match.

    ``min_group`` > 1 (anonymous symposia) drops filter options and chart groups
    that hold fewer experts than that.
    """
    experts = _experts(data)

    def keep(e: dict[str, Any]) -> bool:
        return (
            (not filters.region or e.get("region") == filters.region)
            and (not filters.sector or e.get("sector") == filters.sector)
            and (not filters.gender or e.get("gender") == filters.gender)
        )

    subset = {k for k, e in experts.items() if keep(e)}
    of = len(subset)
    pm = PageModel(
        data=data, filters=filters, experts=experts, subset=subset, of=of, min_group=min_group
    )
    pm.options = {key: _options(experts, key, min_group) for key in ("region", "sector", "gender")}
    for theme in data.get("themes", []):
        t = _recount(theme, subset, of)
        if t:
            pm.themes.append(t)
    for c in data.get("consensus", []):
        theme = next((t for t in data.get("themes", []) if t["id"] == c["theme"]), None)
        experts_of = theme["experts"] if theme else []
        t = _recount({**c, "experts": experts_of}, subset, of)
        if t:
            pm.consensus.append(t)
    for c in data.get("contested", []):
        sides = [s for s in (_recount(side, subset, of) for side in c.get("sides", [])) if s]
        if sides:
            pm.contested.append({**c, "sides": sides})
    for m in data.get("minority", []):
        t = _recount(m, subset, of)
        if t:
            pm.minority.append(t)
    pm.predictions = [p for p in data.get("predictions", []) if p["quote"]["expert"] in subset]
    for r in data.get("recommendations", []):
        t = _recount(r, subset, of)
        if t:
            pm.recommendations.append(t)
    pm.scenarios = [p for p in data.get("scenarios", {}).get("pairs", []) if p["expert"] in subset]
    pm.outlook = [e for e in data.get("outlook", {}).get("experts", []) if e["expert"] in subset]
    return pm


def _options(experts: dict[str, dict[str, Any]], key: str, min_group: int) -> list[str]:
    """Values of ``key`` held by at least ``min_group`` experts, sorted."""
    counts = Counter(e[key] for e in experts.values() if e.get(key))
    return sorted(v for v, n in counts.items() if n >= min_group)


def tally(entries: list[dict[str, Any]], key: str, min_group: int = 1) -> dict[str, dict[str, int]]:
    """Experts per outlook in each group of ``key`` (region, sector), counted from entries.

    Groups of fewer than ``min_group`` experts are counted together as "other".
    """
    groups = [e.get(key) or "unknown" for e in entries]
    sizes = Counter(groups)
    out: dict[str, dict[str, int]] = {}
    for e, group in zip(entries, groups, strict=True):
        if sizes[group] < min_group:
            group = "other"
        row = out.setdefault(
            group, {"optimistic": 0, "mixed": 0, "pessimistic": 0, "undetermined": 0}
        )
        row[e["outlook"] if e["outlook"] in row else "undetermined"] += 1
    return dict(sorted(out.items()))
