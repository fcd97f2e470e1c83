"""Full-text search: SQLite FTS5 (triggers) or PostgreSQL, hostile queries, the /search page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symposia.web.publishing import search
from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(make_symposium, make_take, make_expert):
    s = make_symposium()
    a = make_take(
        s,
        make_expert(name="Maren Holt", affiliation="Skerry Institute"),
        body="Sanctions relief will come in small steps.\n\nThe ports reopen first.",
    )
    b = make_take(
        s,
        make_expert(name="Teodor Brink", bio="Writes on fisheries and naval history."),
        body="Fisheries talks decide everything this year.",
    )
    return s, a, b


def test_finds_takes_by_stemmed_words_and_prefixes(corpus):
    _, a, b = corpus
    assert [h.take for h in search.search("sanction").takes] == [a]
    assert [h.take for h in search.search("reopening ports").takes] == [a]
    assert [h.take for h in search.search("fisher").takes] == [b]


def test_finds_experts_by_name_affiliation_and_bio(corpus):
    _, a, b = corpus
    assert search.search("skerry").experts == [a.expert]
    assert search.search("naval").experts == [b.expert]
    assert [h.take for h in search.search("Maren Holt").takes] == [a]


def test_words_must_all_match(corpus):
    assert search.search("sanctions fisheries").takes == []


def test_drafts_and_future_takes_are_never_found(corpus, make_take, make_expert):
    s, _, _ = corpus
    make_take(s, make_expert(), body="A secret draft about zeppelins.", status=Take.Status.DRAFT)
    future = make_take(
        s,
        make_expert(),
        body="Zeppelins return next spring.",
        status=Take.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=1),
    )
    assert search.search("zeppelins").takes == []
    Take.objects.filter(pk=future.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert [h.take.pk for h in search.search("zeppelins").takes] == [future.pk]


def test_index_follows_edits_bulk_updates_and_deletes(corpus):
    _, a, _ = corpus
    a.body = "Lighthouses guide the negotiators home."
    a.save()
    assert [h.take for h in search.search("lighthouse").takes] == [a]
    assert search.search("sanctions").takes == []
    Take.objects.filter(pk=a.pk).update(body="Icebreakers clear the way.")
    assert [h.take.pk for h in search.search("icebreakers").takes] == [a.pk]
    expert = a.expert
    expert.name = "Maren Holt-Vik"
    expert.save()
    assert [h.take.pk for h in search.search("vik").takes] == [a.pk]
    a.delete()
    assert search.search("icebreakers").takes == []


def test_search_within_one_symposium(corpus, make_symposium, make_take):
    s, a, _ = corpus
    other = make_symposium(slug="other", question="Other question?")
    make_take(other, body="Sanctions elsewhere too.")
    assert search.take_ids("sanctions", s) == {a.pk}


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced',
        "NEAR(",
        "sanctions AND",
        "OR",
        "*",
        "a:b",
        "title:sanctions",
        "-sanctions",
        "^sanctions",
        "(ports",
        "ports)",
        "'",
        "!",
        "&|",
        "\x00",
        "ünïcödé ports",
        "🙂",
    ],
)
def test_hostile_queries_do_not_fail(client, corpus, query):
    search.search(query)
    assert client.get("/search", {"q": query}).status_code == 200
    assert client.get("/s/harbor-talks/", {"q": query}).status_code == 200
    assert client.get("/api/search", {"q": query}).status_code == 200


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=80))
def test_any_query_runs(corpus, query):
    results = search.search(query)
    assert all(h.take.is_public() for h in results.takes)


def test_too_long_query_is_a_400_everywhere(client, corpus):
    q = "port " * 50
    r = client.get("/search", {"q": q})
    assert r.status_code == 400
    assert "at most 200 characters" in r.content.decode()
    r = client.get("/api/search", {"q": q})
    assert r.status_code == 400
    assert r.json()["error"] == "bad_request"


def test_snippet_marks_words_and_escapes_html():
    text = "Before. <script>alert(1)</script> the Sanctions regime & more after it."
    out = search.snippet(text, ["sanction"])
    assert "<mark>Sanctions</mark>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&amp; more" in out


def test_snippet_cuts_long_text_around_the_match():
    text = ("filler " * 100) + "the harbor deal " + ("tail " * 100)
    out = search.snippet(text, ["harbor"])
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>harbor</mark>" in out
    assert len(out) < 300


def test_search_page_shows_results_and_experts(client, corpus):
    _, a, _ = corpus
    html = client.get("/search", {"q": "skerry"}).content.decode()
    assert "Maren Holt" in html and a.expert.get_absolute_url() in html
    html = client.get("/search", {"q": "ports"}).content.decode()
    assert a.get_absolute_url() in html
    assert "<mark>ports</mark>" in html


def test_search_page_pagination_and_bad_page(client, make_symposium, make_take):
    s = make_symposium()
    for i in range(25):
        make_take(s, body=f"Harbor note number {i}.")
    first = client.get("/search", {"q": "harbor"}).content.decode()
    assert "25 takes match" in first and "Page 1 of 2" in first
    assert client.get("/search", {"q": "harbor", "page": "2"}).status_code == 200
    r = client.get("/search", {"q": "harbor", "page": "9"})
    assert r.status_code == 404
    assert "There is no page 9 of results; there are 2 pages." in r.content.decode()
    for bad in ("0", "-1", "two", "1.5"):
        r = client.get("/search", {"q": "harbor", "page": bad})
        assert r.status_code == 400, bad
        assert "is not a page number" in r.content.decode()


def test_empty_query_prompts(client, db):
    html = client.get("/search").content.decode()
    assert "Search every published take and expert." in html
    html = client.get("/search", {"q": "&&&"}).content.decode()
    assert "Type at least one word" in html


def test_search_query_count_is_constant(client, make_symposium, make_take):
    s = make_symposium()
    make_take(s, body="Harbor one.")
    with CaptureQueriesContext(connection) as few:
        client.get("/search", {"q": "harbor"})
    for i in range(10):
        make_take(s, body=f"Harbor {i}.")
    with CaptureQueriesContext(connection) as many:
        client.get("/search", {"q": "harbor"})
    assert len(many) == len(few)


def test_missing_triggers_are_recreated_after_migrate(corpus):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index exists on SQLite only")
    from symposia.web.publishing import search_sqlite

    with connection.cursor() as cur:
        cur.execute("DROP TRIGGER publishing_search_take_au")
        cur.execute("DELETE FROM publishing_search_take")
    assert search.search("sanctions").takes == []
    assert search_sqlite.ensure(connection) is True
    assert len(search.search("sanctions").takes) == 1
    assert search_sqlite.ensure(connection) is False


def test_migrate_drops_triggers_for_other_apps_then_restores_them(corpus):
    """Other apps' migrations rebuild tables our triggers name: they must not exist meanwhile."""
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index exists on SQLite only")
    from django.core.management import call_command
    from django.db.models.signals import pre_migrate

    seen: list[int] = []

    def count_triggers(**kwargs):
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            seen.append(cur.fetchone()[0])

    # Connected after ours, so it runs once ours has dropped them.
    pre_migrate.connect(count_triggers, dispatch_uid="test-count-triggers")
    try:
        call_command("migrate", verbosity=0)
    finally:
        pre_migrate.disconnect(dispatch_uid="test-count-triggers")
    assert seen and seen[-1] == 0
    _, a, _ = corpus
    a.body = "Walrus diplomacy."
    a.save()
    assert [h.take for h in search.search("walrus").takes] == [a]
