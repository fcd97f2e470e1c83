"""A fictional panel ready for a Delphi round 2: takes, stances, forecasts, rankings, synthesis."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from symposia.web.delphi.models import Ranking, RankingQuestion
from symposia.web.editorial.models import SymposiumRole
from symposia.web.forecasts.models import Forecast, ForecastQuestion, Stance, StanceStatement
from symposia.web.panel.models import Expert, Invitation
from symposia.web.publishing.models import Symposium
from symposia.web.synthesis.models import SynthesisRun
from tests.web.editorial_support import make_user

#: Fictional experts: name, slug, affiliation, title, handle.
PEOPLE = [
    (
        "Zephyrine Okonkwo-Hale",
        "zephyrine-okonkwo-hale",
        "Saltmarsh Policy Lab",
        "Harbourmaster-General",
        "@zephyrine",
    ),
    (
        "Bartholomew Ikeda-Frost",
        "bartholomew-ikeda-frost",
        "Quillfeather Institute",
        "Provost of Tides",
        "@bartho",
    ),
    (
        "Constance Varga-Lindqvist",
        "constance-varga-lindqvist",
        "Tidewater Forum",
        "Chancellor of Kelp",
        "@convarga",
    ),
    (
        "Ignatius Moreau-Tamsin",
        "ignatius-moreau-tamsin",
        "Larkspur Council",
        "Keeper of Lanterns",
        "@ignatmt",
    ),
]
ITEMS = ["Tariff relief", "Port access", "Fishing quotas"]


@dataclass
class Panel:
    symposium: Symposium
    editor: User
    experts: list[Expert]
    invitations: list[Invitation]
    statements: list[StanceStatement]
    question: ForecastQuestion
    ranking: RankingQuestion
    run: SynthesisRun | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def build_panel(
    make_symposium: Any,
    make_expert: Any,
    make_take: Any,
    *,
    synthesis: bool = True,
    bodies: list[str] | None = None,
    **symposium_kw: Any,
) -> Panel:
    """Four experts who answered round 1; the numbers are chosen so every statistic is known.

    Statement 1 in round 1: Agree, Agree, Disagree, Uncertain (agree 2 of 4).
    Statement 2: Strongly agree, Disagree, Disagree, No opinion (disagree 2 of 3).
    Forecasts: 0.2, 0.4, 0.6, 0.9 (quartiles 0.35, 0.5, 0.675; IQR 0.325).
    Rankings of three experts: identical but for one swap.
    """
    symposium_kw.setdefault("status", Symposium.Status.OPEN)
    s = make_symposium(**symposium_kw)
    editor = make_user("erin-delphi")
    SymposiumRole.objects.create(user=editor, symposium=s, role=SymposiumRole.Role.ADMIN)
    experts, invitations = [], []
    for i, (name, slug, aff, title, handle) in enumerate(PEOPLE):
        e = make_expert(
            name=name,
            slug=slug,
            affiliation=aff,
            title=title,
            handle=handle,
            email=f"{slug}@example.org",
            bio=f"{name} studies harbours at {aff}.",
        )
        experts.append(e)
        make_take(
            s,
            e,
            headline=f"The Harbor Talks – We Asked {name} Where Trade Talks Go Next",
            bio_line=f"{name} is {title} at {aff}.",
            pull_quote=(bodies[i] if bodies else f"Harbours matter, point {i}.").split(". ")[0],
            body=bodies[i]
            if bodies
            else f"Harbours matter, point {i}. The talks will likely resume within a year.",
        )
        inv, _raw = Invitation.create_with_token(symposium=s, expert=e)
        Invitation.objects.filter(pk=inv.pk).update(state=Invitation.State.SUBMITTED)
        inv.refresh_from_db()
        invitations.append(inv)
    s1 = StanceStatement.objects.create(symposium=s, text="Talks resume within a year", order=1)
    s2 = StanceStatement.objects.create(
        symposium=s, text="Tariffs fall before ports reopen", order=2
    )
    answers = [
        ("agree", "strongly_agree"),
        ("agree", "disagree"),
        ("disagree", "disagree"),
        ("uncertain", "no_opinion"),
    ]
    for e, (a1, a2) in zip(experts, answers, strict=True):
        Stance.objects.create(statement=s1, expert=e, answer=a1, confidence=6, round=1)
        Stance.objects.create(statement=s2, expert=e, answer=a2, confidence=5, round=1)
    now = timezone.now()
    q = ForecastQuestion.objects.create(
        symposium=s,
        slug="ports-reopen",
        title="Will the ports reopen by December?",
        resolution_criteria="Official port authority notice.",
        close_at=now + timedelta(days=30),
        resolve_by=now + timedelta(days=60),
    )
    for e, p in zip(experts, (0.2, 0.4, 0.6, 0.9), strict=True):
        Forecast.objects.create(
            question=q, expert=e, probability=p, made_at=now - timedelta(days=2)
        )
    rq = RankingQuestion.objects.create(
        symposium=s, slug="priorities", prompt="What should the talks settle first?", items=ITEMS
    )
    orders = [ITEMS, ITEMS, [ITEMS[1], ITEMS[0], ITEMS[2]]]
    for e, order in zip(experts, orders, strict=False):
        Ranking.objects.create(question=rq, expert=e, round=1, order=order)
    panel = Panel(s, editor, experts, invitations, [s1, s2], q, rq)
    if synthesis:
        panel.run = SynthesisRun.objects.create(
            symposium=s,
            status=SynthesisRun.Status.DONE,
            progress=1.0,
            finished_at=now,
            result={
                "themes": [
                    {
                        "id": "t1",
                        "label": "Tariff relief first",
                        "experts": [e.slug for e in experts[:3]],
                        "holders": {"count": 3, "of": 4, "display": "3 of 4 experts"},
                        "quotes": [],
                    },
                    {
                        "id": "t2",
                        "label": "Ports as leverage",
                        "experts": [experts[3].slug],
                        "holders": {"count": 1, "of": 4, "display": "1 of 4 experts"},
                        "quotes": [],
                    },
                ]
            },
        )
    return panel


def editor_client(panel: Panel) -> Client:
    client = Client()
    client.force_login(panel.editor)
    return client


def round_link(message: Any) -> str:
    """The /respond/<token>/round/ path in a round email."""
    m = re.search(r"https?://[^/\s]+(/respond/[A-Za-z0-9_\-]+/round/)", message.body)
    assert m, message.body
    return m.group(1)


def open_round_form(**kw: Any) -> dict[str, str]:
    data = {
        "threshold": "0.75",
        "iqr_width": "0.2",
        "kendall_threshold": "0.7",
        "max_rounds": "3",
        "closes_at": "",
        "send": "1",
    }
    data.update(kw)
    return data
