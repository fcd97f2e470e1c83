"""Ingest into the database: outcomes, idempotence, duplicates, bad files."""

from __future__ import annotations

import random

import pytest

from symposia.errors import NotFoundError
from symposia.web.panel.models import Expert
from symposia.web.takes.ingest import ingest_paths
from symposia.web.takes.models import IngestedFile, Take, TakeRevision
from tests.fixtures.ingest.generate import generate, page

pytestmark = pytest.mark.django_db


def test_new_takes_and_experts_are_created(tmp_path, make_symposium):
    s = make_symposium()
    generate(tmp_path, 5)
    report = ingest_paths([tmp_path], s.slug)
    assert report.count("new") == 5
    takes = Take.objects.filter(symposium=s).select_related("expert")
    assert takes.count() == 5
    t = takes.get(expert__name="Ada Arnesen")
    assert t.expert.title == "Senior Fellow" and t.expert.affiliation == "Lantern Institute"
    assert t.status == Take.Status.REVIEW and t.source == Take.Source.INGESTED
    assert t.pull_quote in t.body and t.image_credit
    assert TakeRevision.objects.filter(take=t, kind="imported").count() == 1


def test_running_twice_changes_nothing(tmp_path, make_symposium):
    s = make_symposium()
    generate(tmp_path, 4)
    ingest_paths([tmp_path], s.slug)
    snapshot = list(Take.objects.values_list("pk", "content_hash", "version"))
    again = ingest_paths([tmp_path], s.slug)
    assert again.already == 4 and again.count("new") == again.count("updated") == 0
    assert list(Take.objects.values_list("pk", "content_hash", "version")) == snapshot
    assert TakeRevision.objects.count() == 4


def test_copies_and_reworded_copies_are_linked_not_imported(tmp_path, make_symposium):
    s = make_symposium()
    original = page(3, random.Random(1))
    (tmp_path / "a.txt").write_text(original)
    (tmp_path / "b_copy.txt").write_text(original + "\n")  # same take, another file
    reworded = original.replace("within a year", "inside twelve months", 1).replace(
        "Image: Fictional Wire", "Image: Another Wire"
    )
    (tmp_path / "c_syndicated.txt").write_text(reworded)
    report = ingest_paths([tmp_path], s.slug)
    outcomes = [(f.path.rsplit("/", 1)[1], t["outcome"]) for f in report.files for t in f.takes]
    assert outcomes == [
        ("a.txt", "new"),
        ("b_copy.txt", "duplicate"),
        ("c_syndicated.txt", "duplicate"),
    ]
    first = Take.objects.get()
    dup = IngestedFile.objects.get(path__endswith="c_syndicated.txt").result["takes"][0]
    assert dup["duplicate_of"] == first.pk and dup["reason"].startswith("near-duplicate")


def test_a_new_text_by_the_same_expert_updates_the_take(tmp_path, make_symposium):
    s = make_symposium()
    (tmp_path / "a.txt").write_text(page(3, random.Random(1)))
    ingest_paths([tmp_path / "a.txt"], s.slug)
    (tmp_path / "b.txt").write_text(page(3, random.Random(99)))  # same person, other sentences
    report = ingest_paths([tmp_path / "b.txt"], s.slug)
    assert report.count("updated") == 1
    take = Take.objects.get()
    assert take.version == 2 and "case 3-" in take.body
    assert Expert.objects.count() == 1


def test_existing_expert_is_matched_by_name_and_affiliation(tmp_path, make_symposium, make_expert):
    s = make_symposium()
    existing = make_expert(slug="ada", name="Dr. Ada Arnesen", affiliation="Lantern Institute")
    generate(tmp_path, 1)
    ingest_paths([tmp_path], s.slug)
    assert Take.objects.get().expert == existing


def test_bad_files_are_skipped_with_a_reason_and_the_batch_goes_on(tmp_path, make_symposium):
    s = make_symposium()
    generate(tmp_path, 2)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "news.txt").write_text(
        "GENEVA (Fictional Wire) - Delegates met on Tuesday. Officials said talks would continue.\n"
    )
    report = ingest_paths([tmp_path], s.slug)
    reasons = dict((p.rsplit("/", 1)[1], r) for p, r in report.skipped)
    assert reasons["empty.txt"].startswith("error:") and reasons["binary.txt"].startswith("error:")
    assert reasons["news.txt"] == "no expert take found"
    assert report.failed == 2 and report.count("new") == 2


def test_unknown_symposium(tmp_path, db):
    with pytest.raises(NotFoundError, match="no symposium with slug 'nope'"):
        ingest_paths([tmp_path], "nope")


def test_publish_flag_makes_takes_public(tmp_path, make_symposium):
    s = make_symposium()
    generate(tmp_path, 2)
    ingest_paths([tmp_path], s.slug, publish=True)
    assert Take.objects.public().count() == 2
