"""An anonymous symposium reveals nobody on any public page, feed, export or API response.

The panel has distinctive fictional names, slugs, affiliations, titles, handles
and bio lines; a real synthesis is run over its takes, some forecasts are
inferred from takes and scored, and a Delphi round 2 is answered. Then every
public URL the site routes is fetched (the test fails when a new public route
appears that it does not fetch), every public API endpoint listed in the
OpenAPI schema, and every file of the static export.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from symposia.web.delphi.models import Pseudonym
from symposia.web.forecasts import export as forecast_export
from symposia.web.forecasts import services as forecast_services
from symposia.web.forecasts.models import ForecastQuestion
from symposia.web.publishing import display
from symposia.web.publishing.models import Symposium
from symposia.web.synthesis.models import SynthesisRun
from symposia.web.synthesis.services import run_synthesis
from symposia.web.takes.models import Take
from tests.web.delphi_support import PEOPLE, Panel, build_panel

pytestmark = pytest.mark.django_db

SLUG = "quiet-harbour"
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

#: Route prefixes that are not public pages: they need a log-in, a personal link or a
#: token (the API is checked endpoint by endpoint from its schema below).
PRIVATE = ("admin/", "editor/", "respond/", "api/", "panel/decline/", "panel/unsubscribe/")


def _secrets() -> list[str]:
    out = []
    for name, slug, aff, title, handle in PEOPLE:
        first, last = name.split(" ", 1)
        out += [name, first, last, slug, aff, title, handle, handle.lstrip("@")]
    return out


def assert_no_secret(text: str, where: str) -> None:
    low = text.lower()
    for secret in _secrets():
        assert secret.lower() not in low, f"{secret!r} leaks in {where}"


@pytest.fixture
def anonymous(make_symposium, make_expert, make_take, settings) -> Panel:
    settings.SYMPOSIA_EMBEDDER = "hashing"
    panel = build_panel(
        make_symposium,
        make_expert,
        make_take,
        synthesis=False,
        bodies=BODIES,
        slug=SLUG,
        anonymity=Symposium.Anonymity.ANONYMOUS,
    )
    s = panel.symposium
    run = run_synthesis(
        SynthesisRun.objects.create(symposium=s, settings={"params": {"embedder": "hashing"}})
    )
    assert run.status == SynthesisRun.Status.DONE, run.error
    panel.run = run
    # The report itself names the experts: the pages must not.
    assert PEOPLE[0][0] in str(run.result)
    take = Take.objects.get(symposium=s, expert=panel.experts[0])
    start = take.body.index("Talks will likely")
    now = timezone.now()
    closed = ForecastQuestion.objects.create(
        symposium=s,
        slug="talks-resume",
        title="Will talks resume within a year?",
        resolution_criteria="A round of talks is held.",
        close_at=now - timedelta(days=1),
        resolve_by=now + timedelta(days=30),
        created_at=now - timedelta(days=20),
    )
    forecast_services.infer_forecast(take, start, len(take.body), closed)
    for e, p in zip(panel.experts, (0.7, 0.2, 0.5, 0.9), strict=True):
        closed.forecasts.create(expert=e, probability=p, made_at=now - timedelta(days=3))
    forecast_services.resolve(closed, "yes", source_note="Talks held in the harbour.", now=now)
    return panel


def _routes(patterns: list, prefix: str = "") -> list[str]:
    out = []
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            out += _routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            out.append(route)
    return out


def _public_urls(panel: Panel) -> dict[str, list[str]]:
    """Every public route of the site, filled in for the anonymous symposium."""
    s = panel.symposium
    takes = list(Take.objects.filter(symposium=s))
    questions = list(ForecastQuestion.objects.filter(symposium=s))
    first = panel.experts[0]
    return {
        "": ["/"],
        "search": ["/search?q=harbour", "/search?q=sanctions", f"/search?q={first.name}"],
        "feed.rss": ["/feed.rss"],
        "feed.atom": ["/feed.atom"],
        "sitemap.xml": ["/sitemap.xml"],
        "robots.txt": ["/robots.txt"],
        "s/<slug:slug>/": [f"/s/{SLUG}/", f"/s/{SLUG}/?region=Europe", f"/s/{SLUG}/?q=seoul"],
        "s/<slug:slug>/feed.rss": [f"/s/{SLUG}/feed.rss"],
        "s/<slug:slug>/feed.atom": [f"/s/{SLUG}/feed.atom"],
        "s/<slug:slug>/<slug:expert>/": [display.take_path(t) for t in takes]
        + [f"{display.take_path(takes[0])}?hl=0-20"],
        "experts/<slug:slug>/": [],  # 404 for the anonymous panel: fetched below
        "s/<slug:slug>/synthesis/": [
            f"/s/{SLUG}/synthesis/",
            f"/s/{SLUG}/synthesis/?region=Europe",
        ],
        "s/<slug:slug>/synthesis/run/": [],  # staff only, POST
        "s/<slug:slug>/synthesis/runs/": [],  # staff only
        "s/<slug:slug>/forecasts/": [f"/s/{SLUG}/forecasts/"],
        "s/<slug:slug>/forecasts/<slug:question>/": [
            f"/s/{SLUG}/forecasts/{q.slug}/" for q in questions
        ],
        "s/<slug:slug>/forecasts/<slug:question>/resolve/": [],  # staff only
        "s/<slug:slug>/stances/": [f"/s/{SLUG}/stances/"],
        "s/<slug:slug>/export/<slug:name>.csv": [
            f"/s/{SLUG}/export/{name}.csv" for name in forecast_export.EXPORTS
        ],
        "experts/<slug:slug>/record/": [],  # the expert's own page: checked below
        "leaderboard/": ["/leaderboard/"],
    }


def test_every_public_page_feed_and_export_hides_the_panel(client, anonymous):
    urls = _public_urls(anonymous)
    routes = [r for r in _routes(get_resolver().url_patterns) if not r.startswith(PRIVATE)]
    unknown = [r for r in routes if r not in urls]
    assert not unknown, f"public routes this test does not fetch: {unknown}"
    fetched = 0
    for paths in urls.values():
        for path in paths:
            r = client.get(path)
            assert r.status_code == 200, (path, r.status_code)
            body = (b"".join(r.streaming_content) if r.streaming else r.content).decode()
            query = parse_qs(urlsplit(path).query).get("q", [""])[0]
            if query:
                body = body.replace(html.escape(query), "")  # the search box repeats the query
            assert_no_secret(body, path)
            fetched += 1
    assert fetched >= 25
    # The pages are really about this symposium (the test would pass on empty pages otherwise).
    hub = client.get(f"/s/{SLUG}/").content.decode()
    assert hub.count('class="take-card"') == 4 and "Anonymous expert" in hub
    synthesis = client.get(f"/s/{SLUG}/synthesis/").content.decode()
    assert re.search(r"Expert \d+", synthesis)
    question = client.get(f"/s/{SLUG}/forecasts/talks-resume/").content.decode()
    assert len(set(re.findall(r"Expert \d+", question))) == 4
    assert "inferred" in question
    csv = client.get(f"/s/{SLUG}/export/forecasts.csv").content.decode()
    assert len(set(re.findall(r"expert-\d+", csv))) == 4


def test_take_urls_do_not_carry_expert_slugs(client, anonymous):
    for t in Take.objects.filter(symposium=anonymous.symposium):
        assert t.get_absolute_url() == display.take_path(t) == f"/s/{SLUG}/take-{t.pk}/"
        assert client.get(f"/s/{SLUG}/{t.expert.slug}/").status_code == 404
    for e in anonymous.experts:
        assert client.get(f"/experts/{e.slug}/").status_code == 404


def test_expert_records_leave_out_anonymous_symposia(client, anonymous):
    for e in anonymous.experts:
        html = client.get(f"/experts/{e.slug}/record/").content.decode()
        assert "No resolved forecasts yet" in html
        assert anonymous.symposium.series not in html
    assert forecast_services.track_record(anonymous.experts[0]) == []
    board = client.get("/leaderboard/").content.decode()
    assert "No resolved forecasts yet" in board


def test_pseudonyms_are_the_same_on_every_surface(client, anonymous):
    s = anonymous.symposium
    client.get(f"/s/{SLUG}/synthesis/")
    numbers = dict(Pseudonym.objects.filter(symposium=s).values_list("expert_id", "number"))
    assert sorted(numbers.values()) == [1, 2, 3, 4]
    namer = display.expert_namer(s)
    e = anonymous.experts[2]
    label = namer.name(e)
    assert label == f"Expert {numbers[e.pk]}" and namer.key(e) == f"expert-{numbers[e.pk]}"
    question = client.get(f"/s/{SLUG}/forecasts/talks-resume/").content.decode()
    assert f"<td>{label}</td><td>0.50</td>" in question  # expert 2 forecast 0.5
    csv = client.get(f"/s/{SLUG}/export/stances.csv").content.decode()
    assert f"expert-{numbers[e.pk]}" in csv
    # Numbers never change, and a newcomer gets the next one.
    client.get(f"/s/{SLUG}/stances/")
    assert dict(Pseudonym.objects.filter(symposium=s).values_list("expert_id", "number")) == (
        numbers
    )


def test_every_public_api_endpoint_hides_the_panel(client, anonymous):
    s = anonymous.symposium
    schema = client.get("/api/openapi.json").json()
    take = Take.objects.filter(symposium=s).first()
    values = {
        "slug": SLUG,
        "take_id": str(take.pk),
        "run_id": str(anonymous.run.pk),
    }
    fetched = []
    for path, ops in schema["paths"].items():
        op = ops.get("get")
        if op is None or op.get("security"):
            continue  # writes, and reads that need an editor's token
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        query = {"q": "sanctions"} if path.endswith("/search") else {}
        if path == "/api/experts/{slug}":
            for e in anonymous.experts:
                assert client.get(f"/api/experts/{e.slug}").status_code == 404
            continue
        r = client.get(url, query)
        assert r.status_code == 200, (url, r.status_code, r.content[:200])
        assert_no_secret(r.content.decode(), url)
        fetched.append(path)
    r = client.get("/api/experts", {"symposium": SLUG})
    assert r.status_code == 200 and r.json()["items"] == []
    found = client.get("/api/search", {"q": PEOPLE[0][0]}).json()
    assert found.pop("query") == PEOPLE[0][0]  # the query is repeated back, nothing else
    assert found == {"takes": [], "experts": []}
    assert {"/api/symposia/{slug}/synthesis", "/api/takes/{take_id}"} <= set(fetched)
    report = client.get(f"/api/symposia/{SLUG}/synthesis").json()["result"]
    # The real report attributes quotes in the brief, outlook, scenarios and recommendations.
    assert report["brief"]["text"] and report["outlook"]["experts"] and report["recommendations"]


def test_the_static_export_hides_the_panel(anonymous, tmp_path: Path):
    from symposia.web.publishing.export import export_site

    report = export_site(SLUG, tmp_path / "site")
    assert report.pages >= 6
    files = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    for f in files:
        if f.suffix in (".html", ".rss", ".atom", ".xml", ".css", ".csv") or "feed" in f.name:
            assert_no_secret(f.read_text(errors="replace"), str(f.relative_to(tmp_path)))
    assert any("synthesis" in str(f) for f in files)


def test_anonymise_renames_whole_values_and_rebuilds_the_brief():
    from symposia.web.synthesis.anonymity import UNKNOWN, anonymise

    quote = {"take": "7", "expert": "lys-ober", "name": "Lys Ober", "text": "Ports first."}
    report = {
        "takes": [
            {"id": "7", "expert": {"id": "lys-ober", "name": "Lys Ober"}, "text": "Ports first."},
            {"id": "8", "expert": {"id": "old-slug", "name": "Mirek Sand"}, "text": "Later."},
        ],
        "themes": [{"experts": ["lys-ober", "old-slug"], "quotes": [quote]}],
        "brief": {
            "text": "1 of 2 experts: “Ports first.” (Lys Ober)",
            "items": [{"lead": "1 of 2 experts:", "quote": quote}],
            "abstractive": {"text": "Lys Ober thinks ports come first."},
        },
    }
    labels = {"lys-ober": ("expert-3", "Expert 3"), "take:7": ("expert-3", "Expert 3")}
    out = anonymise(report, labels)
    text = str(out)
    assert "Lys Ober" not in text and "lys-ober" not in text
    assert "Mirek Sand" not in text and "old-slug" not in text  # a slug the site no longer knows
    assert out["themes"][0]["experts"] == ["expert-3", UNKNOWN[0]]
    assert out["brief"]["text"] == "1 of 2 experts: “Ports first.” (Expert 3)"
    assert out["brief"]["abstractive"] is None
    assert out["takes"][0]["text"] == "Ports first."  # the verbatim text is untouched
    assert report["themes"][0]["experts"] == ["lys-ober", "old-slug"]  # a copy, not in place
