"""ISO 3166-1 table: every code, a region for each, and the lookups rosters need."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

from symposia.core import countries
from symposia.core.countries import COUNTRIES, REGIONS, lookup, region_of

ISO_JSON = Path("/usr/share/iso-codes/json/iso_3166-1.json")
DEMO = Path(__file__).resolve().parents[2] / "src" / "symposia" / "demo" / "data" / "experts.json"


def test_every_country_has_a_known_region_and_a_name():
    assert len(REGIONS) == 10
    for c in COUNTRIES.values():
        assert c.region in REGIONS, c
        assert c.name and len(c.code) == 2 and set(c.code) <= set(string.ascii_uppercase)


def test_every_region_has_countries():
    used = {c.region for c in COUNTRIES.values()}
    assert used == set(REGIONS)


def test_table_covers_the_official_list():
    if not ISO_JSON.exists():
        pytest.skip("Debian's iso-codes package is not installed")
    official = {c["alpha_2"] for c in json.loads(ISO_JSON.read_text())["3166-1"]}
    assert official - set(COUNTRIES) == set()
    assert set(COUNTRIES) - official == {"XK"}  # Kosovo's user-assigned code, used by rosters


def test_demo_experts_regions_match_the_table():
    experts = json.loads(DEMO.read_text())
    assert experts
    for e in experts:
        assert region_of(e["country"]) == e["region"], e["slug"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kr", "KR"),
        ("KR", "KR"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("ROK", "KR"),
        ("DPRK", "KP"),
        ("United States of America", "US"),
        ("U.S.", "US"),
        ("Côte d'Ivoire", "CI"),
        ("cote d'ivoire", "CI"),
        ("  Mongolia ", "MN"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
    ],
)
def test_lookup_codes_and_names(text, code):
    assert lookup(text) == code


@pytest.mark.parametrize("text", ["", "Korea", "XX", "Atlantis", "ZZ"])
def test_lookup_refuses_unknown_or_ambiguous(text):
    assert lookup(text) is None


def test_suggest_names_close_spellings():
    assert "DE" in countries.suggest("Germani")
    assert countries.suggest("") == []


def test_region_of_unknown_code_is_empty():
    assert region_of("XX") == ""
    assert countries.name_of("XX") == "XX"
    assert countries.canonical_region("east asia") == "East Asia"
    assert countries.canonical_region("Asia") is None
