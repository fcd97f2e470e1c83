"""Set Django up from plain Python (the CLI, scripts), once."""

from __future__ import annotations

import os

from symposia.errors import ConfigError, MissingExtraError

_ready = False


def setup() -> None:
    """Configure Django with symposia's settings; idempotent.

    Raises:
        MissingExtraError: Django is not installed.
        ConfigError: a setting is malformed (raised by the settings module).
    """
    global _ready
    if _ready:
        return
    try:
        import django
    except ImportError:
        raise MissingExtraError("django", "web", "the web platform") from None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposia.web.settings")
    try:
        django.setup()
    except ConfigError:
        raise
    _ready = True


def check_database(require_migrated: bool = True) -> None:
    """Open a connection to the configured database, or say why it fails in one line.

    Args:
        require_migrated: Also refuse a database whose tables are missing or
            out of date (verbs that migrate by themselves pass False).
    """
    setup()
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(
            f"cannot connect to the database ({first})",
            "check DATABASE_URL and that the database server is running",
        ) from None
    if require_migrated:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise ConfigError(
                "the database is not set up or is out of date",
                "run: symposia migrate",
            )
