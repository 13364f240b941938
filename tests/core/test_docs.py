"""The README documents every setting and every CLI command (Datasette's test_docs idea)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.main import get_command

from vigie.cli.main import app
from vigie.config import Settings

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _command_paths(group: typer.Typer) -> list[str]:
    root = get_command(group)
    paths: list[str] = []

    def walk(command: object, prefix: str) -> None:
        subcommands = getattr(command, "commands", None)
        if not subcommands:
            paths.append(prefix)
            return
        for name, sub in subcommands.items():
            if not getattr(sub, "hidden", False):
                walk(sub, f"{prefix} {name}".strip())

    walk(root, "")
    return paths


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme(field: str) -> None:
    assert f"`VIGIE_{field.upper()}`" in README


@pytest.mark.parametrize("command", _command_paths(app))
def test_every_cli_command_is_in_the_readme(command: str) -> None:
    assert f"`vigie {command}" in README


@pytest.mark.parametrize("command", _command_paths(app))
def test_every_cli_command_has_help(command: str) -> None:
    node = get_command(app)
    for part in command.split():
        node = node.commands[part]  # type: ignore[attr-defined]
    assert (node.help or "").strip(), f"vigie {command} has no help text"
