"""A stored synthesis report as an anonymous symposium may show it.

The report names experts in three ways: their id (the slug) as a whole value
(``"expert": "ada-quill"``, lists of holders, take records), their name as a
whole value (``"name": "Ada Quill"``), and inside the extractive brief's text,
which ends each line with ``(Name)``. :func:`anonymise` replaces the first two
wherever they occur and rebuilds the brief's text from its items; it drops
the optional abstractive brief, which a language model wrote freely and may
name people. The takes' own text and the quotes are left alone: they are the
published takes, verbatim, and their offsets must keep pointing at them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symposia.web.publishing import display
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

#: What an expert the report names but the database no longer knows is called.
UNKNOWN = ("expert-unknown", display.ANONYMOUS_NAME)


def labels_for(symposium: Symposium) -> dict[str, tuple[str, str]]:
    """``(key, name)`` such as ``("expert-7", "Expert 7")`` by expert slug and by ``take:<id>``.

    Names are those of :func:`symposia.web.publishing.display.expert_namer`,
    so a quote's "Expert 7" is "Expert 7" on the forecasts pages too. The
    ``take:<id>`` entries find the author of a take whose slug changed since
    the report was made; ``name:<name>`` entries catch a name the report
    holds outside its list of takes.
    """
    namer = display.expert_namer(symposium)
    out: dict[str, tuple[str, str]] = {}
    for t in Take.objects.filter(symposium=symposium).select_related("expert"):
        label = (namer.key(t.expert), namer.name(t.expert))
        out[t.expert.slug] = out[f"take:{t.pk}"] = out[f"name:{t.expert.name}"] = label
    return out


def _replace(data: Any, values: Mapping[str, str]) -> Any:
    if isinstance(data, str):
        return values.get(data, data)
    if isinstance(data, list):
        return [_replace(v, values) for v in data]
    if isinstance(data, dict):
        return {k: _replace(v, values) for k, v in data.items()}
    return data


def brief_text(brief: Mapping[str, Any]) -> str:
    """The brief's text rebuilt from its items, as ``symposia.core.sections`` writes it."""
    return "\n".join(
        f"{item.get('lead', '')} “{item['quote']['text']}” ({item['quote'].get('name', '')})"
        for item in brief.get("items", [])
        if isinstance(item.get("quote"), Mapping)
    )


def rebuild_brief(report: dict[str, Any]) -> dict[str, Any]:
    """``report`` with the brief's text rebuilt from its (already renamed) items.

    Call it after replacing names in the items: the text is the only place a
    name sits inside a longer string. The abstractive brief is dropped.
    """
    brief = report.get("brief")
    if not isinstance(brief, Mapping):
        return report
    return {**report, "brief": {**brief, "text": brief_text(brief), "abstractive": None}}


def anonymise(report: Any, labels: Mapping[str, tuple[str, str]]) -> Any:
    """A copy of a stored report (or record) with every expert's slug and name replaced.

    Args:
        report: The stored JSON (``SynthesisRun.result`` or ``.record``).
        labels: ``{slug: (key, name)}``, from :func:`labels_for`.
    """
    if not report:
        return report
    values: dict[str, str] = {}
    for t in report.get("takes", []) if isinstance(report, dict) else []:
        ref = t.get("expert") or {}
        key, name = labels.get(ref.get("id", ""), labels.get(f"take:{t.get('id')}", UNKNOWN))
        if ref.get("id"):
            values[ref["id"]] = key
        if ref.get("name"):
            values[ref["name"]] = name
    for ref, (key, name) in labels.items():
        if ref.startswith("name:"):
            values.setdefault(ref[len("name:") :], name)
        elif not ref.startswith("take:"):
            values.setdefault(ref, key)
    out = _replace(report, values)
    return rebuild_brief(out) if isinstance(out, dict) else out
