"""The command line: version, help, one-line errors for bad configuration."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from symposia import __version__

BIN = Path(sys.executable).parent / "symposia"


def run(
    *args: str, env: dict[str, str] | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def test_version():
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"symposia {__version__}"


def test_help_lists_the_verbs():
    r = run("--help")
    assert r.returncode == 0
    for verb in ("serve", "migrate", "demo", "manage"):
        assert verb in r.stdout


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://u@h/db", "DATABASE_URL has an unsupported or missing scheme 'mysql'"),
        ("not a url", "DATABASE_URL has an unsupported or missing scheme"),
        ("postgres://u@127.0.0.1:1/db", "cannot connect to the database"),
    ],
)
def test_bad_database_url_is_one_line(tmp_path, url, expected):
    r = run("migrate", env={"DATABASE_URL": url, "SYMPOSIA_DATA_DIR": str(tmp_path)})
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("error: ") and expected in lines[0]
    assert "Traceback" not in r.stderr


def test_bad_email_backend_is_one_line(tmp_path):
    r = run("migrate", env={"SYMPOSIA_EMAIL_BACKEND": "pigeon", "SYMPOSIA_DATA_DIR": str(tmp_path)})
    assert r.returncode == 1
    assert (
        r.stderr.strip() == "error: SYMPOSIA_EMAIL_BACKEND='pigeon' is unknown "
        "-- use one of console, file, smtp, locmem"
    )


def test_serve_refuses_a_port_in_use(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run("serve", "--port", str(port), env={"SYMPOSIA_DATA_DIR": str(tmp_path)})
    assert r.returncode == 1
    assert r.stderr.strip() == (
        f"error: port {port} on 127.0.0.1 is already in use "
        f"-- stop the other server or pass --port {port + 1}"
    )


def test_migrate_creates_the_sqlite_database(tmp_path):
    r = run("migrate", env={"SYMPOSIA_DATA_DIR": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "symposia.sqlite3").stat().st_size > 0
    # The secret key is generated once, private, and reused.
    key = (tmp_path / "secret_key").read_text()
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    run("migrate", env={"SYMPOSIA_DATA_DIR": str(tmp_path)})
    assert (tmp_path / "secret_key").read_text() == key


def test_verbs_on_an_unmigrated_database_say_how_to_fix_it(tmp_path):
    r = run("synthesis", "run", "anything", env={"SYMPOSIA_DATA_DIR": str(tmp_path)})
    assert r.returncode == 1
    assert r.stderr.strip() == (
        "error: the database is not set up or is out of date -- run: symposia migrate"
    )


def test_usage_errors_and_exit_codes_pass_through_main():
    from symposia.cli import main

    assert main(["no-such-verb"]) == 2
    assert main(["--version"]) == 0
