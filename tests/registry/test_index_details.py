"""The index's detail files read back what was written, whatever the row order or the field content."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vigie.registry.search.index_details import PERSON_RECORD, DetailTables, PersonDetails


def _person(key: int, identifier: str, last: str) -> tuple[object, ...]:
    """A practitioner row in ``models.ROW_COLUMNS`` order."""
    return (1, key, "8", identifier, "8" + identifier, "DR", "MME", last, "Anne", "10", "Médecin", "C", "Civil")  # fmt: skip


def _place(key: int, city: str, postcode: str, department: str, site: str) -> tuple[object, ...]:
    """An activity row in ``models.ROW_COLUMNS`` order."""
    return (1, key, 0, "L", site, "", "", "", postcode, city, "", "", "", "", "", department)


def _skill(key: int, code: str, label: str) -> tuple[object, ...]:
    return (1, key, code, "S", "Spécialité", label)


def test_records_round_trip_with_awkward_fields_and_out_of_order_places(tmp_path: Path) -> None:
    tables = DetailTables(tmp_path)
    tables.add_persons([_person(0, "10000000009", "DE\x1fLA"), _person(1, "0A1234567", "É\x1eTÉ")])
    tables.add_persons([_person(2, "1000000001É", "NOËL")])  # not ASCII: still one slot
    tables.add_places([_place(1, "Brest", "29200", "29", "Cabinet"), _place(0, "Lyon", "69003", "", "")])  # fmt: skip
    tables.add_places([_place(1, "Quimper", "29000", "29", "Annexe")])
    tables.add_skills([_skill(1, "SM26", "Médecine générale"), _skill(1, "SM15", "Dermatologie")])
    arrays = tables.arrays(np.arange(3, dtype=np.int64))
    details = PersonDetails(arrays, tmp_path, tables.meta())
    assert details.position("10000000009") == 0
    assert details.position("0A1234567") == 1
    assert details.position("10000000010") is None
    record = dict(zip(PERSON_RECORD, details.person(0), strict=True))
    assert (record["identifier"], record["last_name"]) == ("10000000009", "DE LA")  # no separator
    assert dict(zip(PERSON_RECORD, details.person(1), strict=True))["last_name"] == "É TÉ"
    assert details.places_of(1) == [["Brest", "29200", "29", "Cabinet", "", ""], ["Quimper", "29000", "29", "Annexe", "", ""]]  # fmt: skip
    assert details.places_of(0) == [["Lyon", "69003", "", "", "", ""]]
    assert details.places_of(2) == []
    assert [code for code, _label, _type in details.skills_of(1)] == ["SM15", "SM26"]
    assert details.skills_of(0) == []
