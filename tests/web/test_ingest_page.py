"""The editors' ingest page: parse, show fields on the source, correct, save."""

from __future__ import annotations

import random
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from symposia.web.editorial.models import SymposiumRole
from symposia.web.takes.models import Take
from tests.fixtures.ingest.generate import page
from tests.web.editorial_support import login, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_symposium):
    s = make_symposium()
    user = make_user("ines")
    SymposiumRole.objects.create(user=user, symposium=s, role=SymposiumRole.Role.EDITOR)
    return s, login(user)


def test_parsed_fields_are_marked_on_the_source(editor):
    s, client = editor
    text = page(4, random.Random(2))
    html = client.post(
        f"/editor/s/{s.slug}/ingest/", {"action": "parse", "text": text}
    ).content.decode()
    assert 'value="Edda Arnesen"' in html and 'value="Northgate School of Public Affairs"' in html
    marks = re.findall(r'<mark data-field="([^"]+)" title="[^"]+">([^<]*)</mark>', html)
    fields = {f for f, _ in marks}
    assert {"expert.name", "body", "pull_quote", "bio", "headline"} <= fields
    import html as h

    for _, marked in marks:
        assert h.unescape(marked) in text  # marks show the source itself


def test_corrected_fields_are_saved(editor):
    s, client = editor
    data = {
        "action": "save",
        "count": "1",
        "t0-import": "on",
        "t0-ref": "pasted text",
        "t0-name": "Edda Arnesen",
        "t0-title": "Director",
        "t0-affiliation": "Meridian Forum",
        "t0-body": "A corrected body. It has two sentences.",
        "t0-pull_quote": "A corrected body.",
    }
    r = client.post(f"/editor/s/{s.slug}/ingest/", data)
    assert r.status_code == 302
    take = Take.objects.get()
    assert take.expert.title == "Director" and take.body.startswith("A corrected body")
    assert take.source == Take.Source.INGESTED and take.status == Take.Status.REVIEW


def test_missing_fields_and_empty_pages_are_explained(editor):
    s, client = editor
    r = client.post(
        f"/editor/s/{s.slug}/ingest/",
        {
            "action": "save",
            "count": "1",
            "t0-import": "on",
            "t0-name": "",
            "t0-body": "x",
            "t0-ref": "a.txt",
        },
    )
    assert r.status_code == 400 and "a.txt: name missing" in r.content.decode()
    r = client.post(
        f"/editor/s/{s.slug}/ingest/",
        {"action": "parse", "files": SimpleUploadedFile("n.bin", b"\x00\x01" * 50)},
    )
    assert r.status_code == 400 and "n.bin:" in r.content.decode()
    assert Take.objects.count() == 0


def test_uploads_are_parsed(editor):
    s, client = editor
    upload = SimpleUploadedFile("one.txt", page(7, random.Random(3)).encode("cp1252", "replace"))
    r = client.post(f"/editor/s/{s.slug}/ingest/", {"action": "parse", "files": upload})
    assert r.status_code == 200 and "one.txt" in r.content.decode()


def test_needs_an_editor_role(client, make_symposium):
    s = make_symposium()
    assert client.get(f"/editor/s/{s.slug}/ingest/").status_code == 302
    outsider = login(make_user("nobody"))
    assert outsider.get(f"/editor/s/{s.slug}/ingest/").status_code == 403
    editor = make_user("ed")
    SymposiumRole.objects.create(user=editor, symposium=s, role=SymposiumRole.Role.EDITOR)
    page_html = login(editor).get(f"/editor/s/{s.slug}/ingest/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page_html
