"""The docs document every setting and every CLI command, and their links lead somewhere.

Datasette's test_docs idea: settings belong in docs/configuration.md, commands in docs/cli.md; the
README stays a short front door that names the test command CI runs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.main import get_command

from vigie.cli.main import app
from vigie.config import Settings

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = sorted(DOCS.glob("*.md"))
# [text](target) and [text](target "title"); images too. Fenced code is removed first.
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")


def _read(page: Path) -> str:
    return page.read_text(encoding="utf-8")


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


def relative_links(markdown: str) -> list[str]:
    """Link targets that point into the repository (no URL scheme, no bare #anchor)."""
    text = _INLINE_CODE.sub("", _FENCE.sub("", markdown))
    targets = (match.group(1) for match in _LINK.finditer(text))
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")]


def test_relative_links_finds_what_a_page_links() -> None:
    page = '[a](cli.md) [b](https://x.org) [c](#top) ![d](img/e.png "t") `[f](g.md)`\n```\n[h](i.md)\n```'
    assert relative_links(page) == ["cli.md", "img/e.png"]


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_the_configuration_page(field: str) -> None:
    assert f"`VIGIE_{field.upper()}`" in _read(DOCS / "configuration.md")


@pytest.mark.parametrize("command", _command_paths(app))
def test_every_cli_command_is_in_the_cli_page(command: str) -> None:
    assert f"`vigie {command}" in _read(DOCS / "cli.md")


@pytest.mark.parametrize("command", _command_paths(app))
def test_every_cli_command_has_help(command: str) -> None:
    node = get_command(app)
    for part in command.split():
        node = node.commands[part]  # type: ignore[attr-defined]
    assert (node.help or "").strip(), f"vigie {command} has no help text"


@pytest.mark.parametrize("page", [README, *PAGES], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_a_file(page: Path) -> None:
    broken = [
        target
        for target in relative_links(_read(page))
        if not (page.parent / target.split("#", 1)[0]).resolve().exists()
    ]
    assert not broken, f"{page.name} links to missing files: {broken}"


def test_every_docs_page_is_listed_in_the_index() -> None:
    listed = {
        Path(target.split("#", 1)[0]).name for target in relative_links(_read(DOCS / "index.md"))
    }
    missing = [page.name for page in PAGES if page.name != "index.md" and page.name not in listed]
    assert not missing, f"docs/index.md does not link {missing}"


def test_readme_is_a_front_door() -> None:
    """Short, pointing to docs/, and naming the test command that .ci/run runs verbatim."""
    readme = _read(README)
    assert len(readme.splitlines()) <= 150
    assert "docs/index.md" in relative_links(readme)
    assert "make test" in readme
    assert "`.ci/run` runs `make test`." in readme
    ci_commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert ci_commands[-1] == "make test"
