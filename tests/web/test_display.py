"""An anonymous symposium shows no name on any public surface."""

from __future__ import annotations

import re

import pytest

from symposia.web.publishing import display
from symposia.web.publishing.models import Symposium
from symposia.web.synthesis.models import SynthesisRun

pytestmark = pytest.mark.django_db

NAME = "Philippa Quarrendon"
SLUG = "philippa-quarrendon"


@pytest.fixture
def anonymous_take(make_symposium, make_take, make_expert):
    s = make_symposium(anonymity=Symposium.Anonymity.ANONYMOUS)
    e = make_expert(
        name=NAME, slug=SLUG, affiliation="Quarrendon Foundation", title="Chair", region="Europe"
    )
    t = make_take(
        s,
        e,
        headline=f"The Harbor Talks – We Asked {NAME} Where Trade Talks Go Next",
        bio_line=f"{NAME} is Chair of the Quarrendon Foundation.",
        body="Ports will reopen before the tariffs fall.",
    )
    make_take(s)
    return s, t


def _urls(s, t):
    path = display.take_path(t)
    return [
        f"/s/{s.slug}/",
        path,
        f"/s/{s.slug}/feed.rss",
        f"/s/{s.slug}/feed.atom",
        "/feed.rss",
        "/feed.atom",
        "/sitemap.xml",
        "/search?q=ports",
        f"/api/symposia/{s.slug}/takes",
        f"/api/takes/{t.pk}",
        "/api/search?q=ports",
        f"/api/experts?symposium={s.slug}",
    ]


def test_no_surface_shows_the_name_slug_or_affiliation(client, anonymous_take):
    s, t = anonymous_take
    for url in _urls(s, t):
        r = client.get(url)
        assert r.status_code == 200, url
        text = r.content.decode()
        for secret in (NAME, SLUG, "Quarrendon"):
            assert secret not in text, (url, secret)


def test_take_url_is_keyed_by_id_and_the_slug_url_is_404(client, anonymous_take):
    s, t = anonymous_take
    assert display.take_path(t) == f"/s/{s.slug}/take-{t.pk}/"
    r = client.get(display.take_path(t))
    assert "We Asked an Anonymous Expert Where Trade Talks Go Next" in r.content.decode()
    assert client.get(f"/s/{s.slug}/{SLUG}/").status_code == 404
    assert client.get(f"/s/{s.slug}/take-999999/").status_code == 404


def test_searching_the_name_finds_nothing(client, anonymous_take):
    html = client.get("/search?q=Philippa").content.decode()
    assert "No published take matches" in html
    data = client.get("/api/search?q=Quarrendon").json()
    assert data["takes"] == [] and data["experts"] == []


def test_expert_page_leaves_out_anonymous_takes(client, anonymous_take, make_symposium, make_take):
    s, t = anonymous_take
    assert client.get(f"/experts/{SLUG}/").status_code == 404
    other = make_symposium(slug="open-forum", question="An attributed question?")
    make_take(other, t.expert)
    html = client.get(f"/experts/{SLUG}/").content.decode()
    assert "An attributed question?" in html
    assert s.question not in html


def test_synthesis_report_is_redacted_in_the_api(client, anonymous_take):
    s, t = anonymous_take
    SynthesisRun.objects.create(
        symposium=s,
        status=SynthesisRun.Status.DONE,
        progress=1.0,
        result={
            "outlook": {
                "experts": [{"take": str(t.pk), "expert": SLUG, "name": NAME, "outlook": "mixed"}]
            },
            "themes": [{"experts": [SLUG], "quotes": [{"expert": SLUG, "name": NAME}]}],
        },
        record={"inputs": [SLUG]},
    )
    r = client.get(f"/api/symposia/{s.slug}/synthesis")
    assert r.status_code == 200
    assert NAME not in r.content.decode() and SLUG not in r.content.decode()
    entry = r.json()["result"]["outlook"]["experts"][0]
    # The same pseudonym as the synthesis and forecast pages show.
    assert re.fullmatch(r"expert-\d+", entry["expert"])
    assert entry["name"] == "Expert " + entry["expert"].split("-")[1]
    assert entry == {
        "take": str(t.pk),
        "expert": entry["expert"],
        "name": entry["name"],
        "outlook": "mixed",
    }


def test_changing_anonymity_reindexes_search(client, anonymous_take):
    s, _ = anonymous_take
    assert "Ports will reopen" not in client.get("/search?q=Quarrendon").content.decode()
    s.anonymity = Symposium.Anonymity.ATTRIBUTED
    s.save()
    assert "Ports will reopen" in client.get("/search?q=Quarrendon").content.decode()


def test_take_path_is_the_reversed_take_url(make_symposium, make_take):
    from django.urls import reverse

    for anonymity in Symposium.Anonymity.values:
        s = make_symposium(slug=f"path-{anonymity}", anonymity=anonymity)
        t = make_take(s)
        assert display.take_path(t) == reverse(
            "publishing:take", args=[s.slug, display.take_key(t)]
        )
        s.slug = f"moved-{anonymity}"
        assert display.take_path(t).startswith(f"/s/moved-{anonymity}/")
