"""Synthesis in the platform: a stored run, its page, filters, quote links, the job."""

from __future__ import annotations

import re

import pytest

from symposia.web.synthesis.models import SynthesisRun
from symposia.web.synthesis.services import run_synthesis, start_synthesis, takes_for_synthesis
from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db

BODIES = [
    "Sanctions relief must come before any freeze. Washington should offer relief first. "
    "Talks will likely resume within a year.",
    "Sanctions relief must wait for verified steps. Washington should hold firm on sanctions. "
    "Talks are unlikely to resume before 2028.",
    "The alliance with Seoul is the key factor. Seoul should lead the next round of talks. "
    "In the worst case, missile tests return next spring.",
    "The alliance with Seoul will shape everything. Tokyo should back Seoul's channel. "
    "At best, a freeze holds through 2027.",
]


@pytest.fixture
def panel(make_symposium, make_take, make_expert):
    s = make_symposium()
    regions = ["Europe", "Europe", "East Asia", "North America"]
    for i, body in enumerate(BODIES):
        make_take(s, make_expert(name=f"Panelist {i}", region=regions[i]), body=body)
    make_take(s, make_expert(name="Drafty"), body="Not public yet.", status=Take.Status.DRAFT)
    return s


def _run(symposium, **filters):
    run = SynthesisRun.objects.create(
        symposium=symposium, settings={"filters": filters, "params": {"embedder": "hashing"}}
    )
    return run_synthesis(run)


def test_takes_for_synthesis_uses_published_takes_only(panel):
    takes = takes_for_synthesis(panel)
    assert len(takes) == 4
    assert all(t.text in BODIES for t in takes)
    assert [t.expert.region for t in takes_for_synthesis(panel, region="Europe")] == ["Europe"] * 2


def test_run_stores_a_verbatim_report(panel):
    run = _run(panel)
    assert run.status == SynthesisRun.Status.DONE, run.error
    assert run.result["record"] == run.record and len(run.input_hash) == 64
    texts = {t["id"]: t["text"] for t in run.result["takes"]}
    for theme in run.result["themes"]:
        for q in theme["quotes"]:
            assert texts[q["take"]][q["start"] : q["end"]] == q["text"]


def test_unknown_or_empty_symposium_fails_cleanly(make_symposium):
    run = _run(make_symposium(slug="empty"))
    assert run.status == SynthesisRun.Status.FAILED
    assert "has no published takes" in run.error


def test_page_shows_counts_and_links_to_highlighted_passages(client, panel):
    run = _run(panel)
    html = client.get(f"/s/{panel.slug}/synthesis/").content.decode()
    assert "What the panel said" in html
    assert "Synthesis of <strong>4</strong> experts" in html
    links = re.findall(r'href="(/s/[^"]+)\?hl=(\d+)-(\d+)#hl">“([^”]*)”', html)
    assert links, "no quote links on the page"
    bodies = {t.get_absolute_url(): t.body for t in Take.objects.public()}
    import html as h

    for url, start, end, text in links:
        assert bodies[url][int(start) : int(end)] == h.unescape(text)
    assert run.pk


def test_filters_recompute_counts(client, panel):
    _run(panel)
    html = client.get(f"/s/{panel.slug}/synthesis/?region=Europe").content.decode()
    assert "Synthesis of <strong>2</strong> experts" in html
    assert " of 4 experts" not in html
    assert (
        "No expert in this synthesis matches"
        in client.get(f"/s/{panel.slug}/synthesis/?region=Atlantis").content.decode()
    )


def test_page_is_404_without_a_run(client, panel):
    assert client.get(f"/s/{panel.slug}/synthesis/").status_code == 404


def test_background_job_runs_and_stores(panel, settings):
    run = SynthesisRun.objects.create(symposium=panel, settings={"params": {"embedder": "hashing"}})
    from symposia.web.synthesis.tasks import synthesize_symposium

    synthesize_symposium.enqueue(run.pk)  # the immediate backend runs it now in tests
    run.refresh_from_db()
    assert run.status == SynthesisRun.Status.DONE and run.progress == 1.0


def test_start_button_needs_staff_and_post(client, admin_client, panel, settings):
    settings.SYMPOSIA_EMBEDDER = "hashing"
    assert client.post(f"/s/{panel.slug}/synthesis/run/").status_code == 302  # to login
    assert SynthesisRun.objects.count() == 0
    assert admin_client.get(f"/s/{panel.slug}/synthesis/run/").status_code == 405
    r = admin_client.post(f"/s/{panel.slug}/synthesis/run/")
    assert r.status_code == 302
    assert SynthesisRun.objects.get().status == SynthesisRun.Status.DONE
    assert "done" in admin_client.get(r.url).content.decode()


def test_start_synthesis_records_filters(panel, settings):
    settings.SYMPOSIA_EMBEDDER = "hashing"
    run = start_synthesis(panel, {"region": "Europe"})
    assert run.status == SynthesisRun.Status.DONE
    assert {t["expert"]["region"] for t in run.result["takes"]} == {"Europe"}


def test_anonymous_synthesis_refuses_filters_that_single_out_experts(client, panel):
    from symposia.web.publishing.models import Symposium

    panel.anonymity = Symposium.Anonymity.ANONYMOUS
    panel.save()
    _run(panel)
    page = client.get(f"/s/{panel.slug}/synthesis/").content.decode()
    # Europe has two experts, East Asia and North America one each: no region is offered.
    assert 'name="region"' in page and "<option>Europe</option>" not in page
    small = client.get(f"/s/{panel.slug}/synthesis/?region=Europe").content.decode()
    assert "a filter must leave at least 3 experts" in small
    assert "Synthesis of <strong>2</strong>" in small  # says why, shows no view
    assert "<blockquote>" not in small.split("a filter must leave")[1]


def test_outlook_tally_folds_small_groups_into_other():
    from symposia.web.synthesis.view_model import tally

    entries = [
        {"region": "Europe", "outlook": "mixed"},
        {"region": "Europe", "outlook": "optimistic"},
        {"region": "Europe", "outlook": "mixed"},
        {"region": "Oceania", "outlook": "pessimistic"},
    ]
    assert set(tally(entries, "region")) == {"Europe", "Oceania"}
    folded = tally(entries, "region", min_group=3)
    assert folded["other"]["pessimistic"] == 1 and "Oceania" not in folded
    assert folded["Europe"]["mixed"] == 2
