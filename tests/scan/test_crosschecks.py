"""Cross-checks: the rules for a claimed RPPS number and a claimed "Dr" name, with an in-memory registry.

``StaticRegistry`` is a real implementation of the ``RegistryLookup`` protocol (the live one over a
database is exercised in tests/functional/test_api_scan.py with the demo registry).
"""

from __future__ import annotations

import pytest

from vigie.products.catalog import load_catalog
from vigie.registry.identifiers import luhn_check_digit
from vigie.scan.crosschecks import claimed_names, claimed_numbers, run_checks
from vigie.scan.normalize import normalize
from vigie.scan.registry_lookup import RegistryPerson, StaticRegistry

DUBOIS = "1000000012" + luhn_check_digit("1000000012")
NURSE = "1000000034" + luhn_check_digit("1000000034")
UNKNOWN = "1000000056" + luhn_check_digit("1000000056")
REGISTRY = StaticRegistry(
    [
        RegistryPerson(DUBOIS, "Claire", "DUBOIS", "10", "Médecin"),
        RegistryPerson(NURSE, "Inès", "MOREAU", "60", "Infirmier"),
    ],
    source_date="2026-11-02",
)
CATALOG = load_catalog()


def _checks(text: str, registry: StaticRegistry | None = REGISTRY) -> dict[str, tuple[str, float]]:
    return {
        c.kind: (c.status, c.weight)
        for c in run_checks(normalize(text), CATALOG, registry)
        if c.kind != "product"
    }


@pytest.mark.parametrize(
    ("text", "kind", "status", "strong"),
    [
        ("RPPS 10000000001, promo lèvres", "rpps", "invalid", True),
        (f"RPPS {DUBOIS[:-1]}{(int(DUBOIS[-1]) + 1) % 10}", "rpps", "invalid", True),
        (f"RPPS {UNKNOWN}", "rpps", "not_found", True),
        (f"Dr Sarah Benali, RPPS {DUBOIS}", "rpps", "belongs_to_someone_else", True),
        (f"Dr Claire Dubois RPPS {DUBOIS}", "rpps", "match", False),
        (f"Dr Inès Moreau RPPS {NURSE}", "rpps", "not_a_physician", True),
        ("Dr Léa Fantôme, lèvres 150€", "physician_name", "not_found", True),
        ("Docteur Claire DUBOIS, cabinet", "physician_name", "candidates", False),
        ("Dr Inès Moreau injections", "physician_name", "not_a_physician", True),
    ],
)
def test_registry_cross_checks(text: str, kind: str, status: str, strong: bool) -> None:
    found_status, weight = _checks(text)[kind]
    assert found_status == status
    assert (weight >= 1.5) is strong


def test_a_match_never_lowers_the_score() -> None:
    assert _checks(f"Dr Claire Dubois RPPS {DUBOIS}")["rpps"][1] == 0.0


def test_without_a_registry_only_the_luhn_check_counts() -> None:
    assert _checks("RPPS 10000000001", None)["rpps"] == ("invalid", 1.5)
    assert _checks(f"RPPS {DUBOIS}", None)["rpps"] == ("unchecked", 0.0)
    assert _checks("Dr Claire Dubois", None)["physician_name"] == ("unchecked", 0.0)


def test_explanations_quote_the_extraction_date_and_never_say_not_a_doctor() -> None:
    for check in run_checks(normalize(f"Dr Léa Fantôme RPPS {UNKNOWN}"), CATALOG, REGISTRY):
        assert "2026-11-02" in check.explanation
        assert "n'est pas un docteur" not in check.explanation


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Dr Claire Dubois RPPS 1", ["Claire Dubois"]),
        ("DR DUBOIS Médecin esthétique", ["DUBOIS"]),
        ("Dr. Jean-Marc Lefèvre, Cabinet", ["Jean-Marc Lefèvre"]),
        ("dr love, drôle", []),
    ],
)
def test_claimed_names(text: str, names: list[str]) -> None:
    assert [n for n, _, _ in claimed_names(text)] == names


def test_claimed_numbers_keep_original_spans() -> None:
    text = "n° RPPS : 10 00 00 00 01 2 et tel 06 12 34 56 78"
    found = claimed_numbers(normalize(text))
    assert [(d, text[s:e]) for d, s, e in found] == [("10000000012", "10 00 00 00 01 2")]


def test_product_checks_carry_bdpm_facts() -> None:
    checks = [
        c
        for c in run_checks(normalize("Azzalure et Hyaluron Pen"), CATALOG, None)
        if c.kind == "product"
    ]
    assert [(c.value, c.status) for c in checks] == [
        ("Azzalure", "aesthetic_toxin"),
        ("Hyaluron Pen", "banned"),
    ]
    assert checks[0].details["cis"] == ["60000011"]
    assert checks[1].details["rule"] == "ANSM-HYALURON-PEN"
