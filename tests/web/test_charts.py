"""Who answered: composition charts computed from the data, gender only with consent."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from symposia.web.publishing import charts
from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _bars(svg: str) -> dict[str, int]:
    root = ET.fromstring(svg)
    out = {}
    for rect in root.iter(f"{SVG}rect"):
        label, n = rect.find(f"{SVG}title").text.rsplit(": ", 1)
        out[label] = int(n)
    return out


def test_counts_come_from_the_experts(make_expert):
    experts = [
        make_expert(region="Europe", sector="think_tank"),
        make_expert(region="Europe", sector="university"),
        make_expert(region="East Asia", sector="university"),
        make_expert(region="", sector=""),
    ]
    by = {c.key: c for c in charts.composition(experts)}
    assert by["region"].rows == [("Europe", 2), ("East Asia", 1), ("Not stated", 1)]
    assert by["sector"].rows == [("University", 2), ("Think tank", 1), ("Not stated", 1)]
    assert _bars(by["region"].svg) == {"Europe": 2, "East Asia": 1, "Not stated": 1}


def test_gender_counts_only_experts_who_consented(make_expert):
    experts = [
        make_expert(gender="woman", show_gender=True),
        make_expert(gender="Woman", show_gender=True),
        make_expert(gender="man", show_gender=True),
        make_expert(gender="woman", show_gender=False),
        make_expert(gender="non-binary", show_gender=False),
        make_expert(gender="", show_gender=True),
    ]
    gender = {c.key: c for c in charts.composition(experts)}["gender"]
    assert gender.rows == [("Woman", 2), ("Man", 1)]
    assert gender.total == 3
    assert "3 of 6 experts chose to show their gender" in gender.note
    assert "Non-binary" not in gender.svg


def test_svg_is_accessible_and_well_formed(make_expert):
    chart = charts.composition([make_expert(region="Nordics")])[0]
    root = ET.fromstring(chart.svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Experts by region"
    assert "Nordics: 1" in root.find(f"{SVG}desc").text


def test_labels_are_escaped(make_expert):
    chart = charts.composition([make_expert(region='<b>"Mars" & co</b>')])[0]
    assert "<b>" not in chart.svg
    ET.fromstring(chart.svg)  # still well-formed XML


def test_empty_panel_draws_a_note():
    chart = charts.composition([])[0]
    assert "No data yet" in chart.svg
    ET.fromstring(chart.svg)


def test_hub_charts_count_public_takes_only(client, make_symposium, make_take, make_expert):
    s = make_symposium()
    make_take(s, make_expert(region="Andes"))
    make_take(s, make_expert(region="Andes"))
    make_take(s, make_expert(region="Sahel"), status=Take.Status.DRAFT)
    html = client.get(f"/s/{s.slug}/").content.decode()
    assert "<title>Andes: 2</title>" in html
    assert "Sahel" not in html
