"""The fictional demo symposium "After Ulaanbaatar" and its labelled key.

The data in ``data/`` is shown on every demo page and is also the labelled
set the synthesis is measured against: ``key.json`` records the themes,
the contested point, the minority views, each expert's outlook and the
predictions, recommendations and scenarios, all as verbatim sentences of
the takes; ``claims.jsonl`` labels every body sentence of the takes with its
claim type. All people, institutions and quotes are invented.

``key.json`` follows the documented shape (``themes``, ``majority``,
``contested``, ``minority``, ``outlook``, ``outlook_sentence``,
``predictions``, ``recommendations``, ``best_case``, ``worst_case``) and adds
one field: every theme, contested side and minority view carries
``evidence``, a map from expert slug to the verbatim sentences in which that
expert states the view, so a synthesis can be checked quote by quote.

This package is pure Python (no Django); the web layer builds its demo
loader on top of :func:`load_demo_data`.
"""

from __future__ import annotations

from symposia.demo.loader import DATA_DIR, TAKE_HEADERS, load_demo_data, parse_take
from symposia.demo.models import (
    CLAIM_TYPES,
    GENDERS,
    OUTLOOKS,
    REGIONS,
    SECTORS,
    DemoClaim,
    DemoData,
    DemoExpert,
    DemoSymposium,
    DemoTake,
)

__all__ = [
    "CLAIM_TYPES",
    "DATA_DIR",
    "GENDERS",
    "OUTLOOKS",
    "REGIONS",
    "SECTORS",
    "TAKE_HEADERS",
    "DemoClaim",
    "DemoData",
    "DemoExpert",
    "DemoSymposium",
    "DemoTake",
    "load_demo_data",
    "parse_take",
]
