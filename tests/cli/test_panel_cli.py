"""`symposia roster import|export`, `symposia invite`, `symposia remind`."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from django.utils import timezone

from symposia.cli import main
from symposia.web.panel.models import Expert, Invitation, RosterImport

pytestmark = pytest.mark.django_db

ROSTER = (
    "Full name,E-mail,Organisation,Country,Notes\n"
    "Runa Esker,runa@example.org,Fjord Policy Centre,NO,likes ships\n"
    "Kasimir Vale,kasimir@example.org,Harbor Institute,KR,\n"
)


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def test_import_dry_run_then_import(roster_file, capsys):
    assert main(["roster", "import", str(roster_file), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would change (dry run)" in out and "Notes" in out and "ignored" in out
    assert not Expert.objects.exists()
    assert main(["roster", "import", str(roster_file), "--map", "Notes=bio"]) == 0
    out = capsys.readouterr().out
    assert "imported roster.csv: 2 new, 0 updated, 0 unchanged" in out
    assert Expert.objects.get(name="Runa Esker").bio == "likes ships"
    assert RosterImport.objects.get().actor_label == "command line"
    assert main(["roster", "import", str(roster_file)]) == 0
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_bad_rows_are_listed_and_nothing_is_imported(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(ROSTER + ",x@example.org,Nowhere,US,\nIda Marr,ida,Lantern,ZZ,\n")
    assert main(["roster", "import", str(path)]) == 1
    captured = capsys.readouterr()
    assert "error: line 4, name: is missing" in captured.out
    assert "error: line 5, email: 'ida' is not an email address" in captured.out
    assert "error: line 5, country: unknown country code 'ZZ'" in captured.out
    assert captured.err.startswith("error: bad.csv: 2 rows with errors")
    assert "Traceback" not in captured.err
    assert not Expert.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Organisation"], "has no '='"),
        (["--map", "Nope=name"], "no column 'Nope'"),
        (["--merge", "x=y"], "is not LINE=EXPERT_ID"),
        (["--encoding", "klingon"], "unknown encoding"),
    ],
)
def test_bad_options_are_one_line_errors(roster_file, capsys, args, message):
    assert main(["roster", "import", str(roster_file), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_missing_and_undecodable_files(tmp_path, capsys):
    assert main(["roster", "import", str(tmp_path / "none.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes("Name\nSégolène Varas\n".encode("cp1252"))
    assert main(["roster", "import", str(legacy)]) == 1
    assert "legacy.csv, line 2" in capsys.readouterr().err
    assert main(["roster", "import", str(legacy), "--encoding", "cp1252"]) == 0
    assert Expert.objects.get().name == "Ségolène Varas"


def test_merge_option(make_expert, tmp_path, capsys):
    john = make_expert(name="John Smithers", affiliation="Meridian Institute", email="")
    path = tmp_path / "one.csv"
    path.write_text("Name,Email,Organisation\nJon Smithers,jon@example.org,Meridian Institute\n")
    assert main(["roster", "import", str(path), "--dry-run"]) == 0
    assert f"--merge 2={john.pk}" in capsys.readouterr().out
    assert main(["roster", "import", str(path), "--merge", f"2={john.pk}"]) == 0
    john.refresh_from_db()
    assert john.email == "jon@example.org" and Expert.objects.count() == 1


def test_export(roster_file, tmp_path, capsys):
    main(["roster", "import", str(roster_file)])
    out = tmp_path / "export.csv"
    assert main(["roster", "export", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["name"], r["region"]) for r in rows] == [
        ("Kasimir Vale", "East Asia"),
        ("Runa Esker", "Europe"),
    ]
    assert main(["roster", "export", str(tmp_path / "no" / "dir.csv")]) == 1


def test_invite_and_remind(make_symposium, make_expert, capsys, mailoutbox):
    s = make_symposium(closes_at=timezone.now() + timedelta(days=5))
    for name, email in (("Runa Esker", "runa@example.org"), ("Ida Marr", "")):
        Invitation.create_with_token(symposium=s, expert=make_expert(name=name, email=email))
    assert main(["invite", s.slug, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 invitation would be sent, 1 skipped" in out and mailoutbox == []
    assert main(["invite", s.slug]) == 0
    assert "1 invitation sent, 1 skipped" in capsys.readouterr().out
    assert [m.to for m in mailoutbox] == [["runa@example.org"]]
    assert main(["remind", s.slug]) == 0  # 5 days left: the 7-day reminder is due
    assert "1 reminder sent" in capsys.readouterr().out
    assert len(mailoutbox) == 2 and mailoutbox[1].subject.startswith("Reminder:")
    assert main(["remind", s.slug]) == 0
    assert "0 reminders sent" in capsys.readouterr().out and len(mailoutbox) == 2
    assert main(["invite", "no-such-symposium"]) == 1
    assert "no symposium called 'no-such-symposium'" in capsys.readouterr().err


def test_remind_without_deadline_is_an_error(make_symposium, capsys):
    s = make_symposium()
    assert main(["remind", s.slug]) == 1
    assert "has no deadline" in capsys.readouterr().err
