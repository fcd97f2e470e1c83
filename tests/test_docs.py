"""Every CLI command and every setting is documented."""

from __future__ import annotations

from pathlib import Path

import typer.main

from symposia.cli import app
from symposia.web.conf import SETTINGS

REPO = Path(__file__).resolve().parents[1]


def _docs() -> str:
    return "\n".join(
        p.read_text() for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    )


def _commands(group, prefix: str = "symposia") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        path = f"{prefix} {name}"
        if hasattr(cmd, "commands"):
            out.extend(_commands(cmd, path))
        else:
            out.append(path)
    return out


def test_every_cli_command_is_documented():
    commands = _commands(typer.main.get_command(app))
    assert len(commands) >= 4
    docs = _docs()
    missing = [c for c in commands if f"`{c}" not in docs]
    assert missing == []


def test_every_setting_is_documented():
    text = (REPO / "docs" / "settings.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert missing == []
