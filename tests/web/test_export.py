"""Static export: every page of a symposium, relative links, and a link checker."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.http import Http404

from symposia.cli import main
from symposia.errors import InputError, NotFoundError
from symposia.web.publishing import export, services
from symposia.web.publishing.export import ExportError, export_site
from symposia.web.synthesis.models import SynthesisRun
from symposia.web.synthesis.services import run_synthesis
from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def check_links(root: Path) -> tuple[int, list[str]]:
    """Every local href/src of every HTML file must name an existing file (and fragment)."""
    broken, checked = [], 0
    pages = sorted(root.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    parsed: dict[Path, list[str]] = {}
    for page in pages:
        p = _Links()
        p.feed(page.read_text(encoding="utf-8"))
        parsed[page], ids[page.resolve()] = p.links, p.ids
    for page, links in parsed.items():
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "#")):
                continue
            checked += 1
            if link.startswith("/"):
                broken.append(f"{page.relative_to(root)}: absolute local link {link}")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or root.resolve() not in target.parents:
                broken.append(f"{page.relative_to(root)}: {link}")
            elif parts.fragment and target in ids and parts.fragment not in ids[target]:
                broken.append(f"{page.relative_to(root)}: missing #{parts.fragment} in {link}")
    return checked, broken


@pytest.fixture
def symposium(make_symposium, make_take, make_expert):
    s = make_symposium(is_fictional=True)
    bodies = [
        "Sanctions relief must come before any freeze. Talks will likely resume within a year.",
        "Sanctions relief must wait for verified steps. Talks are unlikely to resume soon.",
        "The alliance with Seoul is the key factor. Seoul should lead the next round.",
    ]
    for i, body in enumerate(bodies):
        make_take(
            s,
            make_expert(name=f"Exported Person {i}", region=["Europe", "East Asia"][i % 2]),
            body=body,
            release_order=i,
        )
    make_take(s, make_expert(name="Unfinished Draft"), status=Take.Status.DRAFT)
    return s


def test_export_writes_every_public_page_with_working_relative_links(symposium, tmp_path):
    out = tmp_path / "site"
    report = export_site(symposium.slug, out)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    takes = Take.objects.public().filter(symposium=symposium)
    assert "index.html" in files
    assert "s/harbor-talks/index.html" in files
    assert {f"s/harbor-talks/{t.expert.slug}/index.html" for t in takes} <= files
    assert {f"experts/{t.expert.slug}/index.html" for t in takes} <= files
    assert {"s/harbor-talks/feed.rss", "s/harbor-talks/feed.atom"} <= files
    assert "static/symposia/site.css" in files
    assert not [f for f in files if "unfinished" in f]
    assert report.pages == 1 + 3 + 3
    checked, broken = check_links(out)
    assert broken == []
    assert checked > 50


def test_exported_pages_keep_text_and_drop_the_server_only_form(symposium, tmp_path):
    out = tmp_path / "site"
    export_site(symposium.slug, out)
    hub = (out / "s/harbor-talks/index.html").read_text()
    assert "Exported Person 0" in hub and "Fictional demo." in hub
    assert "<form" not in hub and "export:omit" not in hub
    for t in Take.objects.public().filter(symposium=symposium).select_related("expert"):
        assert f'href="{t.expert.slug}/index.html"' in hub
        page = (out / "s/harbor-talks" / t.expert.slug / "index.html").read_text()
        assert 'href="../index.html"' in page  # the editor's note links back to the hub
        assert 'href="../../../static/symposia/site.css"' in page
        assert f'href="../../../experts/{t.expert.slug}/index.html"' in page


def test_links_outside_the_symposium_point_at_the_live_site(symposium, tmp_path, settings):
    settings.SITE_URL = "https://think.example.org"
    out = tmp_path / "site"
    export_site(symposium.slug, out)
    hub = (out / "s/harbor-talks/index.html").read_text()
    assert 'href="https://think.example.org/search"' in hub
    assert 'href="https://think.example.org/api/docs"' in hub
    assert 'href="../../index.html"' in hub  # the site name leads to the export's start page
    assert '<link rel="canonical" href="https://think.example.org/s/harbor-talks/">' in hub


def test_synthesis_page_linked_from_the_hub_is_exported(symposium, tmp_path):
    pytest.importorskip("sklearn", reason="the synthesis needs the [nlp] extra")
    run = SynthesisRun.objects.create(
        symposium=symposium, settings={"filters": {}, "params": {"embedder": "hashing"}}
    )
    assert run_synthesis(run).status == SynthesisRun.Status.DONE
    out = tmp_path / "site"
    export_site(symposium.slug, out)
    assert (out / "s/harbor-talks/synthesis/index.html").is_file()
    hub = (out / "s/harbor-talks/index.html").read_text()
    assert 'href="synthesis/index.html"' in hub
    assert check_links(out)[1] == []


def test_unknown_symposium(tmp_path, db):
    with pytest.raises(NotFoundError, match="no public symposium called 'nope'"):
        export_site("nope", tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_non_empty_directory_needs_overwrite(symposium, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="--overwrite"):
        export_site(symposium.slug, out)
    assert (out / "keep.txt").read_text() == "mine"
    export_site(symposium.slug, out, overwrite=True)
    assert not (out / "keep.txt").exists() and (out / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temp or backup left


def test_a_failure_leaves_nothing_half_written(symposium, tmp_path, monkeypatch):
    real = export._Exporter.write

    def write_then_fail(self, root):
        real(self, root)
        raise OSError("disk full")

    monkeypatch.setattr(export._Exporter, "write", write_then_fail)
    with pytest.raises(OSError):
        export_site(symposium.slug, tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


def test_a_broken_link_stops_the_export_and_names_the_page(symposium, tmp_path, monkeypatch):
    real = services.take_page

    def broken(slug, key, *args):
        if key.endswith("-2"):
            raise Http404("gone")
        return real(slug, key, *args)

    monkeypatch.setattr(services, "take_page", broken)
    with pytest.raises(ExportError, match=r"answered HTTP 404"):
        export_site(symposium.slug, tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


def test_cli_export_site(symposium, tmp_path, capsys):
    out = tmp_path / "cli-site"
    assert main(["export-site", symposium.slug, str(out)]) == 0
    assert "exported 'harbor-talks'" in capsys.readouterr().out
    assert main(["export-site", symposium.slug, str(out)]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert main(["export-site", "missing-slug", str(tmp_path / "other")]) == 1
    assert "no public symposium called 'missing-slug'" in capsys.readouterr().err


def test_relative_link_helper():
    assert export.relative_link("s/x/a/index.html", "s/x/index.html") == "../index.html"
    assert export.relative_link("index.html", "s/x/index.html") == "s/x/index.html"
    assert export.file_for("/s/x/") == "s/x/index.html"
    assert export.file_for("/s/x/feed.rss") == "s/x/feed.rss"
    assert export.file_for("/search") == "search/index.html"
    assert posixpath.normpath("s/x/a/../index.html") == "s/x/index.html"
