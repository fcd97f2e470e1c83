"""How a take's author is shown to readers: the one place that respects anonymity.

Every public surface (pages, feeds, search, API, export) asks this module for an
author's name, role, the take's headline and its URL, so an anonymous symposium
never shows a name in any of them. In an anonymous symposium the take's URL is
keyed by the take's id, because the expert's slug is made from their name.
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from symposia.core.editorial import build_headline
from symposia.web.panel.models import Expert
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

#: What readers see instead of a name in an anonymous symposium.
ANONYMOUS_NAME = "Anonymous expert"
#: The name used inside headlines of an anonymous symposium.
ANONYMOUS_HEADLINE_NAME = "an Anonymous Expert"
_ANON_KEY = re.compile(r"take-(\d{1,18})")


def is_anonymous(symposium: Symposium) -> bool:
    """Whether the symposium hides who wrote each take."""
    return symposium.anonymity == Symposium.Anonymity.ANONYMOUS


def display_name(take: Take) -> str:
    """The author's name as readers see it: ``Anonymous expert`` in an anonymous symposium."""
    if is_anonymous(take.symposium):
        return ANONYMOUS_NAME
    return take.expert.name


def display_role(take: Take) -> str:
    """``"Title, Affiliation"`` of the author; empty in an anonymous symposium."""
    if is_anonymous(take.symposium):
        return ""
    return expert_role(take.expert)


def expert_role(expert: Expert) -> str:
    """``"Title, Affiliation"`` of an expert (for attributed contexts only)."""
    return ", ".join(p for p in (expert.title, expert.affiliation) if p)


def headline(take: Take) -> str:
    """The take's headline; in an anonymous symposium always rebuilt without the name."""
    s = take.symposium
    if is_anonymous(s):
        return build_headline(
            s.headline_template,
            series=s.series,
            name=ANONYMOUS_HEADLINE_NAME,
            question_phrase=s.question_phrase,
        )
    if take.headline:
        return take.headline
    return build_headline(
        s.headline_template,
        series=s.series,
        name=take.expert.name,
        question_phrase=s.question_phrase,
    )


def bio_line(take: Take) -> str:
    """The bio line under the take; empty in an anonymous symposium (it names the author)."""
    return "" if is_anonymous(take.symposium) else take.bio_line


def take_key(take: Take) -> str:
    """The last segment of the take's URL: the expert's slug, or ``take-<id>`` when anonymous."""
    if is_anonymous(take.symposium):
        return f"take-{take.pk}"
    return take.expert.slug


def hub_path(symposium: Symposium) -> str:
    """The site-relative URL of a symposium's hub, resolved once per instance."""
    slug, path = getattr(symposium, "_symposia_hub_path", ("", ""))
    if slug != symposium.slug:
        slug, path = symposium.slug, reverse("publishing:hub", args=[symposium.slug])
        symposium._symposia_hub_path = (slug, path)  # type: ignore[attr-defined]
    return path


def take_path(take: Take) -> str:
    """The site-relative URL of a take page (``publishing:take``).

    Built from the hub's URL rather than reversed for every take: a hub lists
    tens of takes and ``reverse`` is the slowest part of building each link.
    """
    return f"{hub_path(take.symposium)}{take_key(take)}/"


def matches_key(take: Take, key: str) -> bool:
    """Whether ``key`` (a URL segment) names this take under its symposium's anonymity."""
    if is_anonymous(take.symposium):
        m = _ANON_KEY.fullmatch(key)
        return m is not None and int(m.group(1)) == take.pk
    return take.expert.slug == key


def expert_namer(symposium: Symposium) -> Any:
    """How experts are named on every page, feed and export about ``symposium``.

    The returned namer's ``name(expert)`` is the expert's name, or in an
    anonymous symposium a pseudonym such as "Expert 7" that is the same on every
    surface and never changes; ``key(expert)`` is the slug or ``expert-7`` (see
    :mod:`symposia.web.delphi.pseudonyms`). Use it wherever one symposium's
    forecasts, stances or synthesis quotes are attributed.
    """
    from symposia.web.delphi.pseudonyms import namer

    return namer(symposium, anonymous=is_anonymous(symposium))


def expert_label(symposium: Symposium, expert: Expert) -> str:
    """One expert's name on pages about ``symposium`` (see :func:`expert_namer`)."""
    return str(expert_namer(symposium).name(expert)) if is_anonymous(symposium) else expert.name
