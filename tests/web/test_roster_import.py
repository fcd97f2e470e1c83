"""Importing the roster: all or nothing, the dry run, de-duplication against stored experts."""

from __future__ import annotations

import io

import pytest

from symposia.errors import InputError
from symposia.web.panel import roster
from symposia.web.panel.models import Expert, OptOut, RosterImport, email_hash

pytestmark = pytest.mark.django_db

GOOD = (
    "Full name,E-mail,Organisation,City,Country,Sector,Gender,Show gender,Languages,Expertise\n"
    "Runa Esker,runa@example.org,Fjord Policy Centre,Tromsø,NO,think tank,woman,yes,en;no,arctic\n"
    "Kasimir Vale,kasimir@example.org,Harbor Institute,Seoul,South Korea,university,man,,ko;en,\n"
    "Ida Marr,,Lantern Institute,Washington,US,think_tank,,,,alliances;trade\n"
).encode()


def snapshot():
    return sorted(Expert.objects.values_list("slug", "name", "email", "affiliation", "region"))


def test_import_creates_experts_with_derived_fields(db):
    preview = roster.apply(GOOD, "good.csv", actor_label="test")
    assert preview.plan.counts["create"] == 3
    runa = Expert.objects.get(email="runa@example.org")
    assert (runa.country, runa.region, runa.sector, runa.city) == (
        "NO",
        "Europe",
        "think_tank",
        "Tromsø",
    )
    assert (runa.gender, runa.show_gender, runa.public_profile) == ("woman", True, True)
    assert runa.languages == ["en", "no"] and runa.expertise == ["arctic"]
    vale = Expert.objects.get(name="Kasimir Vale")
    assert (vale.country, vale.region, vale.show_gender) == ("KR", "East Asia", False)
    assert Expert.objects.get(name="Ida Marr").slug == "ida-marr"
    log = RosterImport.objects.get()
    assert (
        log.status == "imported"
        and log.counts["create"] == 3
        and log.data in (b"", memoryview(b""))
    )
    assert log.mapping["Organisation"] == "affiliation"


def test_dry_run_plans_without_writing(db, make_expert):
    make_expert(name="Runa Esker", email="runa@example.org", affiliation="Fjord Policy Centre")
    before = snapshot()
    preview = roster.plan(GOOD, "good.csv")
    assert preview.plan.counts["create"] == 2 and preview.plan.counts["update"] == 1
    assert snapshot() == before
    assert not RosterImport.objects.exists()


def test_reimport_updates_and_leaves_the_rest_unchanged(db):
    roster.apply(GOOD, "good.csv")
    again = roster.apply(GOOD, "good.csv")
    assert again.plan.counts["unchanged"] == 3 and again.plan.counts["create"] == 0
    changed = GOOD.replace(b"Harbor Institute,Seoul", b"Harbor Institute,Busan")
    third = roster.apply(changed, "changed.csv")
    (update,) = [r for r in third.plan.rows if r.action == "update"]
    assert [(c.field, c.old, c.new) for c in update.changes] == [("city", "Seoul", "Busan")]
    assert Expert.objects.get(name="Kasimir Vale").city == "Busan"
    assert Expert.objects.count() == 3


def test_empty_cells_do_not_erase_stored_values(db, make_expert):
    make_expert(name="Ida Marr", affiliation="Lantern Institute", bio="Long bio.", gender="woman")
    roster.apply(b"Name,Organisation,Bio,Gender\nIda Marr,Lantern Institute,,\n", "x.csv")
    ida = Expert.objects.get(name="Ida Marr")
    assert ida.bio == "Long bio." and ida.gender == "woman"


def test_a_file_with_a_bad_row_imports_nothing(db):
    bad = (
        GOOD + b"Olek Brand,olek-at-example,Meridian,DE,,,,,,\n" + b",anon@example.org,X,FR,,,,,,\n"
    )
    before = snapshot()
    with pytest.raises(roster.RowsHaveErrors) as exc:
        roster.apply(bad, "bad.csv")
    assert "bad.csv: 2 rows with errors (line 5, email" in str(exc.value)
    assert "line 6, name" in str(exc.value) and "nothing was imported" in str(exc.value)
    assert exc.value.preview.plan.counts["create"] == 3  # the report still shows the good rows
    assert snapshot() == before
    assert not RosterImport.objects.exists()


def test_duplicate_emails_in_the_file(db):
    dup = GOOD + b"Runa E.,RUNA@example.org,Fjord Policy Centre,,NO,,,,,\n"
    with pytest.raises(InputError, match=r"line 5, email: RUNA@example.org is also on line 2"):
        roster.apply(dup, "dup.csv")
    assert Expert.objects.count() == 0


def test_a_crash_mid_import_leaves_nothing_half_written(db, make_expert, monkeypatch):
    make_expert(name="Runa Esker", email="runa@example.org", affiliation="Old Centre")
    before = snapshot()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    # New experts are written first; the crash comes while updating the stored one.
    monkeypatch.setattr(Expert.objects, "bulk_update", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        roster.apply(GOOD, "good.csv")
    assert snapshot() == before


def test_wrong_encoding_is_refused_with_the_line(db):
    data = "Name,City\nRuna Esker,Tromsø\n".encode("cp1252")
    with pytest.raises(InputError, match=r"latin\.csv, line 2: byte 0xf8 is not valid utf-8-sig"):
        roster.plan(data, "latin.csv")
    ok = roster.apply(data, "latin.csv", encoding="cp1252")
    assert ok.plan.counts["create"] == 1
    assert Expert.objects.get().city == "Tromsø"


def test_merge_decision_against_a_stored_expert(db, make_expert):
    john = make_expert(name="John Smithers", affiliation="Meridian Institute", email="")
    data = b"Name,Email,Organisation\nJon Smithers,jon@example.org,Meridian Institute\n"
    preview = roster.plan(data, "x.csv")
    (m,) = preview.plan.reviews
    assert m.candidate_id == john.pk and m.line == 2
    kept = roster.apply(data, "x.csv")
    assert kept.plan.counts["create"] == 1 and Expert.objects.count() == 2
    Expert.objects.exclude(pk=john.pk).delete()
    merged = roster.apply(data, "x.csv", merges={2: john.pk})
    assert merged.plan.counts["update"] == 1 and Expert.objects.count() == 1
    john.refresh_from_db()
    assert (john.name, john.email) == ("Jon Smithers", "jon@example.org")


def test_slugs_stay_unique(db, make_expert):
    make_expert(slug="ida-marr", name="Ida Marr", affiliation="Harbor University")
    roster.apply(
        b"Name,Organisation\nIda Marr,Lantern Institute\nIda Marr,Fjord Policy Centre\n", "x.csv"
    )
    assert sorted(Expert.objects.values_list("slug", flat=True)) == [
        "ida-marr",
        "ida-marr-2",
        "ida-marr-3",
    ]


def test_opted_out_addresses_are_counted(db):
    OptOut.objects.create(email_hash=email_hash("kasimir@example.org"))
    assert roster.plan(GOOD, "good.csv").opted_out == 1


def test_export_then_import_changes_nothing(db):
    roster.apply(GOOD, "good.csv")
    out = io.StringIO()
    assert roster.export_experts(out) == 3
    text = out.getvalue()
    assert text.splitlines()[0].startswith("name,email,honorific,title,affiliation,city,country")
    again = roster.plan(text.encode(), "export.csv")
    assert again.plan.counts["unchanged"] == 3 and again.plan.ok


def test_mapping_override_from_the_editor(db):
    data = b"Expert,Where,Notes\nRuna Esker,NO,likes ships\n"
    with pytest.raises(InputError, match="no column holds the experts' names"):
        roster.plan(data, "x.csv", overrides={"Expert": "-"})
    preview = roster.apply(data, "x.csv", overrides={"Where": "country", "Notes": "bio"})
    assert preview.plan.ok
    runa = Expert.objects.get()
    assert (runa.country, runa.region, runa.bio) == ("NO", "Europe", "likes ships")
