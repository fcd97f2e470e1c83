from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


def _drop_search_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    # SQLite cannot rebuild a table (as some migrations do) while our triggers name it.
    from django.db import connections

    from symposia.web.publishing import search_sqlite

    search_sqlite.drop_triggers(connections[using])


def _ensure_search_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from symposia.web.publishing import search_sqlite

    search_sqlite.ensure(connections[using])


class PublishingConfig(AppConfig):
    name = "symposia.web.publishing"
    label = "publishing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from symposia.web.publishing import signals

        signals.connect()
        pre_migrate.connect(_drop_search_triggers, sender=self, dispatch_uid="symposia-fts-pre")
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="symposia-fts")
