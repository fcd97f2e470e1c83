"""The diversity dashboard: counts computed from a fixture panel, targets, suggestions, pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from symposia.errors import InputError
from symposia.web.panel import diversity
from symposia.web.panel.models import DiversityTarget, Invitation, OptOut, email_hash
from tests.web import editorial_support as support
from tests.web.panel_support import on_panel

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
editor_client = support.editor_client
symposium = support.symposium

pytestmark = pytest.mark.django_db
State = Invitation.State


@pytest.fixture
def fixture_panel(symposium, make_expert, make_take):
    """Ten invitations: who was asked, who answered, who is published, and who was not asked."""
    s = symposium
    people = [
        # name, gender, region, sector, city, state, take status
        ("Aino Salo", "woman", "East Asia", "think_tank", "Seoul", "submitted", "published"),
        ("Bo Lund", "man", "North America", "think_tank", "Washington", "submitted", "published"),
        ("Cai Moe", "man", "North America", "think_tank", "Washington", "submitted", "review"),
        ("Dag Rud", "Female", "East Asia", "university", "Tokyo", "drafting", "draft"),
        ("Eli Voss", "", "Europe", "ngo", "Oslo", "declined", None),
        ("Fay Berg", "woman", "North America", "think_tank", "Washington", "invited", None),
        ("Gus Holt", "man", "Europe", "business", "Berlin", "opened", None),
        ("Hal Ness", "nonbinary", "Oceania", "university", "Sydney", "bounced", None),
        ("Ivo Sand", "woman", "East Asia", "ngo", "Seoul", "not_invited", None),
        ("Jon Tar", "man", "East Asia", "think_tank", "Seoul", "revoked", None),
    ]
    for name, gender, region, sector, city, state, take in people:
        inv = on_panel(
            make_expert,
            s,
            state,
            name=name,
            gender=gender,
            region=region,
            sector=sector,
            city=city,
        )
        if take == "published":
            make_take(s, inv.expert)
        elif take == "review":
            make_take(s, inv.expert, status="review", publish_at=None)
        elif take == "draft":
            make_take(s, inv.expert, status="draft", publish_at=None)
    # A take scheduled for tomorrow is answered but not yet published.
    later = on_panel(make_expert, s, "submitted", name="Kai Wu", gender="woman", region="East Asia")
    make_take(s, later.expert, status="scheduled", publish_at=timezone.now() + timedelta(days=1))
    DiversityTarget.objects.create(
        symposium=s, label="women", conditions={"gender": ["woman", "female"]}, percent=40
    )
    DiversityTarget.objects.create(
        symposium=s,
        label="in East Asia",
        conditions={"region": ["East Asia"]},
        percent=30,
        position=1,
    )
    DiversityTarget.objects.create(
        symposium=s,
        label="Washington think tanks",
        conditions={"sector": ["think_tank"], "city": ["Washington"]},
        op="at_most",
        percent=25,
        position=2,
    )
    return s


def counts(board, label):
    report = next(r for r in board.reports if r.target.label == label)
    return {s.stage: (s.matching, s.total, s.unknown, s.met) for s in report.stages}


def test_counts_are_computed_from_the_data(fixture_panel):
    board = diversity.build(fixture_panel)
    # Invited: everyone but "not invited" and "revoked" = 9; answered: past draft = 4; published: 2.
    assert board.totals == {"invited": 9, "answered": 4, "published": 2}
    assert counts(board, "women") == {
        "invited": (4, 9, 1, True),  # Aino, Dag (Female), Fay, Kai; Eli did not say
        "answered": (2, 4, 0, True),  # Aino, Kai
        "published": (1, 2, 0, True),
    }
    assert counts(board, "in East Asia") == {
        "invited": (3, 9, 0, True),
        "answered": (2, 4, 0, True),
        "published": (1, 2, 0, True),
    }
    dc = counts(board, "Washington think tanks")
    assert dc == {
        # Bo, Cai, Fay: 33% > 25%; Kai is at a think tank but her city is not on file.
        "invited": (3, 9, 1, False),
        "answered": (2, 4, 1, False),
        "published": (1, 2, 0, False),
    }
    assert (
        board.largest_gap is not None and board.largest_gap.target.label == "Washington think tanks"
    )
    report = board.largest_gap
    assert report.stage("invited").gap == 3  # 3 / (9 + 3) = 25%


def test_suggestions_close_the_gap_and_skip_the_panel_and_opt_outs(fixture_panel, make_expert):
    make_expert(
        name="Lea Park", gender="woman", region="East Asia", sector="ngo", email="lea@example.org"
    )
    make_expert(
        name="Max Ode", gender="man", region="Europe", sector="university", email="max@example.org"
    )
    make_expert(
        name="Nia Ros", gender="woman", region="Europe", sector="ngo", email="nia@example.org"
    )
    make_expert(
        name="Oto Tan",
        sector="think_tank",
        city="Washington",
        region="North America",
        email="oto@example.org",
    )
    make_expert(name="Pia Opt", gender="woman", region="East Asia", email="pia@example.org")
    make_expert(name="Quin Nomail", gender="woman", region="East Asia", email="")
    OptOut.objects.create(email_hash=email_hash("pia@example.org"))
    board = diversity.build(fixture_panel, k=3)
    names = [s.expert.name for s in board.suggestions]
    assert "Pia Opt" not in names and "Quin Nomail" not in names and "Oto Tan" not in names
    assert "Ivo Sand" not in names  # already on the panel (not invited yet)
    assert len(names) == 3 and all(s.gain_points > 0 for s in board.suggestions)
    assert "Washington think tanks" in board.suggestions[0].helps


def test_dashboard_page_renders_counts_and_an_svg_chart(fixture_panel, editor_client):
    r = editor_client.get(f"/editor/s/{fixture_panel.slug}/panel/diversity/")
    assert r.status_code == 200
    page = r.content.decode()
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert "at least 40% women" in svg and "4 of 9 (44%)" in svg and "1 not stated" in svg
    assert "at most 25% Washington think tanks" in page
    assert "3 more non-matching experts" in page


def test_add_and_remove_targets_through_the_page(symposium, editor_client):
    url = f"/editor/s/{symposium.slug}/panel/diversity/targets/"
    form = {
        "label": "Korea-based",
        "op": "at_least",
        "percent": "30",
        "field1": "country",
        "values1": "KR",
        "field2": "",
        "values2": "",
    }
    assert editor_client.post(url, form).status_code == 302
    target = DiversityTarget.objects.get()
    assert target.conditions == {"country": ["KR"]} and target.percent == 30
    bad = editor_client.post(url, {**form, "percent": "140"})
    assert bad.status_code == 400 and "Percent" in bad.content.decode()
    empty = editor_client.post(url, {**form, "values1": " , "})
    assert empty.status_code == 400 and "lists no values" in empty.content.decode()
    twice = editor_client.post(url, {**form, "field2": "country", "values2": "JP"})
    assert twice.status_code == 400 and "appears twice" in twice.content.decode()
    r = editor_client.post(f"{url}{target.pk}/delete/")
    assert r.status_code == 302 and not DiversityTarget.objects.exists()
    assert editor_client.post(f"{url}{target.pk}/delete/").status_code == 404


def test_parse_conditions_refuses_unknown_fields():
    with pytest.raises(InputError, match="not a field a target can count"):
        diversity.parse_conditions([("salary", "high")])
    with pytest.raises(InputError, match="no condition"):
        diversity.parse_conditions([("", "")])
    assert diversity.parse_conditions([("gender", "woman; female")]) == {
        "gender": ["woman", "female"]
    }


def test_empty_dashboard(symposium, editor_client):
    board = diversity.build(symposium)
    assert board.reports == [] and board.chart == "" and board.suggestions == []
    r = editor_client.get(f"/editor/s/{symposium.slug}/panel/diversity/")
    assert r.status_code == 200 and "No targets yet" in r.content.decode()


def test_panel_page_counts_answers_from_the_takes(fixture_panel, editor_client):
    page = editor_client.get(f"/editor/s/{fixture_panel.slug}/panel/").content.decode()
    # Aino and Bo are published; Cai (in review) and Kai (scheduled for tomorrow) submitted.
    assert 'data-state="published">2<' in page
    assert 'data-state="submitted">2<' in page
    assert 'data-state="drafting">1<' in page and 'data-state="revoked">1<' in page
