"""``vigie verify`` through Typer's runner, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from registry.factories import Person, Registry, insert_snapshot
from vigie.cli.main import app
from vigie.config import Settings

Invoke = Callable[..., tuple[int, str, str]]


@pytest.fixture
def registry(settings: Settings, session_factory: sessionmaker[Session]) -> Registry:
    people = [
        Person("BELLAMY-ROCHE", "Élodie", savoir_faire=("SM15",)),
        Person("MARTIN", "Isabelle", places=(("Nice", "06000", "06"),)),
        Person("MARTIN", "Isabelle", places=(("Brest", "29200", "29"),)),
    ]
    return insert_snapshot(session_factory, people, settings.index_dir)


@pytest.fixture
def invoke(cli_env: dict[str, str]) -> Invoke:
    def run(*args: str, columns: int = 80) -> tuple[int, str, str]:
        env = {**cli_env, "COLUMNS": str(columns)}
        result = CliRunner().invoke(app, ["verify", *args], env=env)
        return result.exit_code, result.stdout, result.stderr

    return run


def test_json_is_the_contract(invoke: Invoke, registry: Registry) -> None:
    code, out, _ = invoke("Dr Elodie Belamy", "--json", "--limit", "3")
    assert code == 0, out
    data = json.loads(out)
    assert data["query"] == "Dr Elodie Belamy"
    assert data["source_date"] == "2026-11-02"
    assert data["identifier_check"] is None
    best = data["candidates"][0]
    assert best["identifier"] == registry.identifiers[0]
    toxin = best["verdicts"]["botulinum_toxin"]
    assert toxin == {
        "status": "authorised",
        "rule": "TOXIN-AESTHETIC",
        "explanation": toxin["explanation"],
        "answer": "Peut injecter de la toxine botulique esthétique",
        "reason": toxin["reason"],
    }
    assert "Dermatologie et vénéréologie" in toxin["reason"]


def test_table_shows_verdicts_places_and_source(invoke: Invoke, registry: Registry) -> None:
    code, out, _ = invoke("Isabelle Martin", "--department", "29")
    assert code == 0, out
    assert "Brest" in out
    assert "Nice" not in out
    assert "extraction du 2 novembre 2026" in out
    assert "✓ Peut injecter de l'acide hyaluronique" in out


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 119])
def test_narrow_terminals_get_one_block_per_person_with_whole_numbers(
    invoke: Invoke, registry: Registry, columns: int
) -> None:
    code, out, _ = invoke("Isabelle Martin", columns=columns)
    assert code == 0, out
    assert "┃" not in out  # no table
    for identifier in registry.identifiers[1:]:
        assert identifier in out  # never cut, never folded
    assert "…" not in out.replace("… ", "")
    assert "1. MARTIN Isabelle" in out
    assert "2. MARTIN Isabelle" in out
    assert "✕ Ne peut pas injecter de toxine botulique esthétique" in " ".join(out.split())
    assert "Médecin" in out


@pytest.mark.parametrize("columns", [120, 160])
def test_wide_terminals_get_a_table_that_truncates_nothing(
    invoke: Invoke, registry: Registry, columns: int
) -> None:
    code, out, _ = invoke("Isabelle Martin", columns=columns)
    assert code == 0, out
    assert "┃" in out
    for identifier in registry.identifiers[1:]:
        assert f"RPPS {identifier}" in out
    assert "…" not in out
    assert "Profession" in out


def test_invalid_number_exits_non_zero_with_the_reason(invoke: Invoke, registry: Registry) -> None:
    code, _out, err = invoke("10000000018")
    assert code == 1
    assert "ne peut pas être un numéro RPPS valide" in err


def test_junk_and_missing_registry_give_a_clear_line(invoke: Invoke) -> None:
    code, _out, err = invoke("Martin")
    assert code == 1
    assert "Aucun registre n'est chargé" in err
    code, _out, err = invoke("Martin", "--postcode", "12")
    assert code == 1
    assert "code postal" in err
