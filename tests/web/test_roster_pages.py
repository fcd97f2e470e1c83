"""The roster pages: upload, column mapping, validation report, merge decisions, export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from symposia.web.panel.models import Expert, RosterImport
from tests.web import editorial_support as support
from tests.web.editorial_support import login, make_user

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
editor_client = support.editor_client

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "roster.csv", encoding: str = ""):
    return client.post(
        "/editor/roster/import/",
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), "encoding": encoding},
    )


def test_upload_map_review_and_import(editor_client, make_expert):
    john = make_expert(name="John Smithers", affiliation="Meridian Institute", email="")
    data = (
        b"Expert,Mail,Organisation,Country\n"
        b"Jon Smithers,jon@example.org,Meridian Institute,US\n"
        b"Runa Esker,runa@example.org,Fjord Policy Centre,NO\n"
    )
    r = upload(editor_client, data)
    assert r.status_code == 302
    record = RosterImport.objects.get()
    review = f"/editor/roster/import/{record.pk}/"
    page = editor_client.get(review).content.decode()
    # "Mail" is a synonym of email; "Expert" of name.
    assert '<option value="email" selected>' in page and '<option value="name" selected>' in page
    assert 'data-count="create">2<' in page and "Possible duplicates" in page
    assert Expert.objects.count() == 1  # nothing written while reviewing
    columns = {"col0": "name", "col1": "email", "col2": "affiliation", "col3": "country"}
    r = editor_client.post(review, {**columns, "action": "import", "merge_2": str(john.pk)})
    assert r.status_code == 302 and r["Location"] == "/editor/roster/"
    john.refresh_from_db()
    assert john.email == "jon@example.org" and Expert.objects.count() == 2
    record.refresh_from_db()
    assert record.status == "imported" and record.counts["update"] == 1
    assert editor_client.get(review).status_code == 200  # shows that it is done
    assert editor_client.post(review, {"action": "import"}).status_code == 200
    assert Expert.objects.count() == 2


def test_validation_report_lists_rows_and_blocks_the_import(editor_client):
    data = (
        b"Name,Email,Country\nRuna Esker,runa@example.org,NO\n,x@example.org,SE\nIda Marr,bad,XX\n"
    )
    upload(editor_client, data)
    review = f"/editor/roster/import/{RosterImport.objects.get().pk}/"
    page = editor_client.get(review).content.decode()
    assert "line 3, name: is missing" in page
    assert "line 4, email: &#x27;bad&#x27; is not an email address" in page
    assert "line 4, country: unknown country code &#x27;XX&#x27;" in page
    assert 'data-count="error_rows">2<' in page  # three errors on two rows
    assert 'value="import" disabled' in page
    r = editor_client.post(
        review, {"col0": "name", "col1": "email", "col2": "country", "action": "import"}
    )
    assert r.status_code == 400 and "nothing was imported" in r.content.decode()
    assert not Expert.objects.exists()


def test_remapping_a_column(editor_client):
    upload(editor_client, b"Who,Org\nRuna Esker,Fjord Policy Centre\n")
    review = f"/editor/roster/import/{RosterImport.objects.get().pk}/"
    r = editor_client.get(review)
    assert r.status_code == 400 and "no column holds the experts" in r.content.decode()
    r = editor_client.post(review, {"col0": "name", "col1": "affiliation", "action": "preview"})
    assert r.status_code == 200 and 'data-count="create">1<' in r.content.decode()
    editor_client.post(review, {"col0": "name", "col1": "affiliation", "action": "import"})
    assert Expert.objects.get().affiliation == "Fjord Policy Centre"


def test_discard_keeps_nothing(editor_client):
    upload(editor_client, b"Name\nRuna Esker\n")
    record = RosterImport.objects.get()
    r = editor_client.post(f"/editor/roster/import/{record.pk}/", {"action": "discard"})
    assert r.status_code == 302
    record.refresh_from_db()
    assert record.status == "discarded" and bytes(record.data) == b""
    assert not Expert.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "The submitted file is empty"),
        ("Name\nSégolène\n".encode("cp1252"), "legacy.csv", "is not valid utf-8"),
        (b"Name\n", "fake.xlsx", "not an Excel workbook"),
    ],
)
def test_unreadable_uploads_say_why(editor_client, data, name, message):
    r = upload(editor_client, data, name)
    assert r.status_code == 400 and message in r.content.decode()
    assert not RosterImport.objects.exists()


def test_encoding_can_be_chosen(editor_client):
    r = upload(editor_client, "Name\nSégolène Varas\n".encode("cp1252"), encoding="cp1252")
    assert r.status_code == 302
    record = RosterImport.objects.get()
    editor_client.post(f"/editor/roster/import/{record.pk}/", {"col0": "name", "action": "import"})
    assert Expert.objects.get().name == "Ségolène Varas"


def test_roster_list_filters_and_export(editor_client, make_expert):
    make_expert(name="Runa Esker", region="Europe", email="runa@example.org", gender="woman")
    make_expert(name="Kasimir Vale", region="East Asia", country="KR", email="k@example.org")
    page = editor_client.get("/editor/roster/", {"region": "East Asia"}).content.decode()
    assert "Kasimir Vale" in page and "Runa Esker" not in page
    assert "(private)" in editor_client.get("/editor/roster/").content.decode()
    r = editor_client.get("/editor/roster/export.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert [row["name"] for row in rows] == ["Kasimir Vale", "Runa Esker"]
    assert rows[1]["gender"] == "woman" and rows[1]["show_gender"] == "no"


def test_roster_import_and_export_need_the_editor_group(db, make_symposium):
    from symposia.web.editorial.models import SymposiumRole

    helper = make_user("hana", group=None)
    SymposiumRole.objects.create(user=helper, symposium=make_symposium(), role="editor")
    client = login(helper)
    assert client.get("/editor/roster/").status_code == 200
    assert client.get("/editor/roster/import/").status_code == 403
    assert client.get("/editor/roster/export.csv").status_code == 403
    assert login(make_user("nobody", group=None)).get("/editor/roster/").status_code == 403
