"""Pseudonyms of an anonymous symposium: "Expert 7", the same on every page, never reused.

Every expert who takes part in a symposium (a take, a stance, a forecast or a
ranking) gets a number the first time a page needs it. Numbers are handed out
in a random order among the experts who need one at that moment, so they do
not follow the roster's alphabetical order or the order of the takes; once
stored they never change, so "Expert 7" on the synthesis page is "Expert 7" on
the forecasts page and in the CSV export, today and next year.

Pages ask :func:`symposia.web.publishing.display.expert_namer`, which uses
:func:`namer` here only for anonymous symposia.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from symposia.web.delphi.models import Pseudonym, Ranking
from symposia.web.forecasts.models import Forecast, Stance
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

#: How pseudonyms read: ``LABEL.format(n=7)`` is "Expert 7".
LABEL = "Expert {n}"
#: How pseudonyms read as ids (CSV columns, JSON): "expert-7".
KEY = "expert-{n}"


def participant_ids(symposium: Symposium) -> set[int]:
    """Ids of the experts with a take, stance, forecast or ranking in ``symposium``."""
    ids: set[int] = set(
        Take.objects.filter(symposium=symposium).values_list("expert_id", flat=True)
    )
    ids |= set(
        Stance.objects.filter(statement__symposium=symposium).values_list("expert_id", flat=True)
    )
    ids |= set(
        Forecast.objects.filter(question__symposium=symposium).values_list("expert_id", flat=True)
    )
    ids |= set(
        Ranking.objects.filter(question__symposium=symposium).values_list("expert_id", flat=True)
    )
    return ids


def numbers(symposium: Symposium, expert_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Pseudonym number per expert id, assigning numbers to experts that have none yet.

    Args:
        symposium: Whose pseudonyms.
        expert_ids: Experts that need one; every participant when None.
    """
    wanted = participant_ids(symposium) if expert_ids is None else set(expert_ids)
    for _attempt in range(5):
        known = dict(
            Pseudonym.objects.filter(symposium=symposium).values_list("expert_id", "number")
        )
        missing = [e for e in wanted if e not in known]
        if not missing:
            return known
        secrets.SystemRandom().shuffle(missing)
        try:
            with transaction.atomic():
                top = Pseudonym.objects.filter(symposium=symposium).aggregate(m=Max("number"))["m"]
                start = (top or 0) + 1
                Pseudonym.objects.bulk_create(
                    Pseudonym(symposium=symposium, expert_id=e, number=start + i)
                    for i, e in enumerate(missing)
                )
        except IntegrityError:
            continue  # another request numbered someone at the same time: read and retry
    raise RuntimeError(f"could not assign pseudonyms in symposium {symposium.slug!r}")


@dataclass
class Namer:
    """How experts are named on the pages of one symposium.

    Attributed: the expert's name and slug. Anonymous: "Expert 7" and "expert-7".
    """

    symposium: Symposium
    anonymous: bool
    _numbers: dict[int, int] = field(default_factory=dict)

    def _number(self, expert_id: int) -> int:
        if expert_id not in self._numbers:
            self._numbers.update(numbers(self.symposium, [expert_id]))
        return self._numbers[expert_id]

    def name(self, expert: Any) -> str:
        """The name readers see."""
        if not self.anonymous:
            return str(expert.name)
        return LABEL.format(n=self._number(expert.pk))

    def key(self, expert: Any) -> str:
        """The id exports and JSON use (the slug, or ``expert-7``)."""
        if not self.anonymous:
            return str(expert.slug)
        return KEY.format(n=self._number(expert.pk))


def namer(symposium: Symposium, *, anonymous: bool) -> Namer:
    """A :class:`Namer`; for an anonymous symposium every participant is numbered at once."""
    if not anonymous:
        return Namer(symposium, False)
    return Namer(symposium, True, numbers(symposium))
