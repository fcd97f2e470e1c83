"""The configured database is the one the tests run on (SQLite, or PostgreSQL in CI)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_database_follows_database_url():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected


@pytest.mark.postgres
def test_check_constraints_exist_in_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("runs under make test-postgres")
    with connection.cursor() as cur:
        cur.execute(
            "SELECT conname FROM pg_constraint WHERE conname IN "
            "('forecast_probability_in_unit_interval', 'take_one_per_expert')"
        )
        assert sorted(r[0] for r in cur.fetchall()) == [
            "forecast_probability_in_unit_interval",
            "take_one_per_expert",
        ]
