"""The SQLite full-text index: two FTS5 tables kept in sync by triggers.

Triggers rather than Django signals, because they also follow bulk updates and
raw SQL. The take index holds every take, drafts included: visibility is decided
at query time with ``Take.objects.public()``, so a scheduled take is found the
moment it is due. In an anonymous symposium the author's name, role and the
stored headline are left out of the index, so searching a name cannot reveal
which anonymous take is theirs.

Why the triggers are not created by the migration: Django rebuilds a SQLite
table (create, copy, drop, rename) for many schema changes, and SQLite refuses
that rename while a trigger elsewhere names the dropped table ("error in
trigger ...: no such table"). So migration 0002 creates only the FTS5 tables;
:func:`drop_triggers` runs before every ``migrate`` and :func:`ensure` after
it, recreating the triggers and refilling the index, so other apps' migrations
never meet them.
"""

from __future__ import annotations

from typing import Any

_TAKE_ROWS = """
SELECT t.id,
  CASE WHEN s.anonymity = 'anonymous' THEN ''
       ELSE e.name || ' ' || e.title || ' ' || e.affiliation END,
  CASE WHEN s.anonymity = 'anonymous' THEN '' ELSE t.headline END
       || ' ' || t.pull_quote || ' ' || t.body
FROM takes_take t
JOIN panel_expert e ON e.id = t.expert_id
JOIN publishing_symposium s ON s.id = t.symposium_id
"""
_INSERT_TAKES = "INSERT INTO publishing_search_take(rowid, who, text) " + _TAKE_ROWS
_INSERT_EXPERTS = """
INSERT INTO publishing_search_expert(rowid, name, about)
SELECT e.id, e.name,
  e.title || ' ' || e.affiliation || ' ' || e.bio || ' ' || e.expertise
FROM panel_expert e
"""

TABLES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS publishing_search_take USING fts5("
    "who, text, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS publishing_search_expert USING fts5("
    "name, about, tokenize = 'porter unicode61 remove_diacritics 2')",
]
TRIGGERS = [
    f"""CREATE TRIGGER publishing_search_take_ai AFTER INSERT ON takes_take BEGIN
        {_INSERT_TAKES} WHERE t.id = NEW.id;
    END""",
    f"""CREATE TRIGGER publishing_search_take_au
        AFTER UPDATE OF headline, pull_quote, body, expert_id, symposium_id ON takes_take BEGIN
        DELETE FROM publishing_search_take WHERE rowid = OLD.id;
        {_INSERT_TAKES} WHERE t.id = NEW.id;
    END""",
    """CREATE TRIGGER publishing_search_take_ad AFTER DELETE ON takes_take BEGIN
        DELETE FROM publishing_search_take WHERE rowid = OLD.id;
    END""",
    f"""CREATE TRIGGER publishing_search_expert_ai AFTER INSERT ON panel_expert BEGIN
        {_INSERT_EXPERTS} WHERE e.id = NEW.id;
    END""",
    f"""CREATE TRIGGER publishing_search_expert_au
        AFTER UPDATE OF name, title, affiliation, bio, expertise ON panel_expert BEGIN
        DELETE FROM publishing_search_expert WHERE rowid = OLD.id;
        {_INSERT_EXPERTS} WHERE e.id = NEW.id;
        DELETE FROM publishing_search_take
            WHERE rowid IN (SELECT id FROM takes_take WHERE expert_id = NEW.id);
        {_INSERT_TAKES} WHERE t.expert_id = NEW.id;
    END""",
    """CREATE TRIGGER publishing_search_expert_ad AFTER DELETE ON panel_expert BEGIN
        DELETE FROM publishing_search_expert WHERE rowid = OLD.id;
    END""",
    f"""CREATE TRIGGER publishing_search_symposium_au
        AFTER UPDATE OF anonymity ON publishing_symposium BEGIN
        DELETE FROM publishing_search_take
            WHERE rowid IN (SELECT id FROM takes_take WHERE symposium_id = NEW.id);
        {_INSERT_TAKES} WHERE t.symposium_id = NEW.id;
    END""",
]

TRIGGER_NAMES = (
    "publishing_search_take_ai",
    "publishing_search_take_au",
    "publishing_search_take_ad",
    "publishing_search_expert_ai",
    "publishing_search_expert_au",
    "publishing_search_expert_ad",
    "publishing_search_symposium_au",
)
DROP_TRIGGERS = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGER_NAMES]
DROP_TABLES = [
    "DROP TABLE IF EXISTS publishing_search_expert",
    "DROP TABLE IF EXISTS publishing_search_take",
]


REFILL = [
    "DELETE FROM publishing_search_take",
    "DELETE FROM publishing_search_expert",
    _INSERT_TAKES,
    _INSERT_EXPERTS,
]


def _execute(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            try:
                cursor.execute(sql)
            except Exception as exc:
                if "fts5" in str(exc).lower():
                    from symposia.errors import ConfigError

                    raise ConfigError(
                        "this Python's SQLite has no FTS5 full-text search",
                        "use a Python built with SQLite FTS5 or set DATABASE_URL to PostgreSQL",
                    ) from None
                raise


def create_tables(connection: Any) -> None:
    """Create the empty index tables (SQLite only; migration 0002)."""
    if connection.vendor == "sqlite":
        _execute(connection, TABLES)


def drop_all(connection: Any) -> None:
    """Drop the triggers and the index tables (SQLite only; migration 0002 backwards)."""
    if connection.vendor == "sqlite":
        _execute(connection, DROP_TRIGGERS + DROP_TABLES)


def drop_triggers(connection: Any) -> None:
    """Drop the triggers before migrations run (SQLite only); :func:`ensure` restores them."""
    if connection.vendor == "sqlite":
        _execute(connection, DROP_TRIGGERS)


def _index_migrated(connection: Any) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        )
        if cursor.fetchone() is None:
            return False
        cursor.execute(
            "SELECT 1 FROM django_migrations "
            "WHERE app = 'publishing' AND name = '0002_search_index'"
        )
        return cursor.fetchone() is not None


def ensure(connection: Any) -> bool:
    """Create missing index tables and triggers and refill the index; True if it had to.

    Does nothing on other databases, or before migration 0002 has run.
    """
    if connection.vendor != "sqlite" or not _index_migrated(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'publishing_search_%'")
        present = {row[0] for row in cursor.fetchall()}
    wanted = {"publishing_search_take", "publishing_search_expert", *TRIGGER_NAMES}
    if wanted <= present:
        return False
    _execute(connection, DROP_TRIGGERS + TABLES + TRIGGERS + REFILL)
    return True
