"""Full-text search index for SQLite (see ``symposia.web.publishing.search_sqlite``).

Only on SQLite: PostgreSQL searches with to_tsvector at query time and needs
nothing here. This creates the FTS5 tables; the triggers that keep them filled
are created after every ``migrate`` (they would break other apps' table
rebuilds if they existed while migrations run).
"""

from django.db import migrations

from symposia.web.publishing import search_sqlite


def forward(apps, schema_editor):
    search_sqlite.create_tables(schema_editor.connection)


def backward(apps, schema_editor):
    search_sqlite.drop_all(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_initial"),
        ("panel", "0001_initial"),
        ("takes", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
