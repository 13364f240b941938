"""BDPM parser and product catalog, on synthetic files in the real layout (tab-separated, no header,
cp1252 with some UTF-8 lines)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigie.products import bdpm
from vigie.products.catalog import (
    ProductKind,
    fold,
    load_brands,
    load_catalog,
    merge_bdpm,
    sample_bdpm_dir,
)

CIS_LINES = [
    "61111111\tNEOTOXINE 50 unités, poudre pour solution injectable\tpoudre\tintramusculaire\tAutorisation active\tProcédure nationale\tCommercialisée\t01/02/2024\t\t\tLABO FICTIF\tNon".encode(
        "cp1252"
    ),
    "61111112\tCRÈME EXEMPLE 1 %, crème\tcrème\tcutanée\tAutorisation active\tProcédure nationale\tCommercialisée\t01/02/2020\t\t\tLABO FICTIF\tNon".encode(),
    b"not a cis line",
    "61111113\tAZZALURE 125 unités\tpoudre\tintramusculaire\tAutorisation active\tProcédure nationale\tCommercialisée\t01/02/2009\t\t\tGALDERMA\tNon".encode(
        "cp1252"
    ),
]
COMPO_LINES = [
    "61111111\tpoudre\t1\tTOXINE BOTULINIQUE DE TYPE A\t50 unités\tun flacon\tSA\t1\t".encode(
        "cp1252"
    ),
    "61111112\tcrème\t2\tHYDROCORTISONE\t1 %\t100 g\tSA\t1".encode(),
    "61111113\tpoudre\t1\tTOXINE BOTULINIQUE DE TYPE A\t125 unités\tun flacon\tSA\t1".encode(),
]
CPD_LINES = [
    "61111111\tRéservé à l'usage HOSPITALIER".encode("cp1252"),
    "61111113\tPrescription réservée aux spécialistes en DERMATOLOGIE".encode(),
    b"61111113",
]


def _write(directory: Path) -> Path:
    for name, lines in (
        (bdpm.CIS_FILE, CIS_LINES),
        (bdpm.COMPO_FILE, COMPO_LINES),
        (bdpm.CPD_FILE, CPD_LINES),
    ):
        (directory / name).write_bytes(b"\r\n".join(lines) + b"\r\n")
    return directory


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Procédure".encode("cp1252"), "Procédure"),
        ("Procédure".encode(), "Procédure"),
        (b"\x81abc", "\ufffdabc"),
    ],
)
def test_each_line_is_decoded_on_its_own(raw: bytes, text: str) -> None:
    assert bdpm.decode_line(raw) == text


def test_parse_cis_reports_bad_lines_with_numbers() -> None:
    rows = list(bdpm.parse_cis(CIS_LINES))
    assert [r.line_no for r in rows if isinstance(r, bdpm.RowError)] == [3]
    medicines = [r for r in rows if isinstance(r, bdpm.Medicine)]
    assert [m.denomination.split()[0] for m in medicines] == ["NEOTOXINE", "CRÈME", "AZZALURE"]
    assert medicines[0].routes == ("intramusculaire",)


def test_parse_compositions_and_conditions() -> None:
    compositions = [
        r for r in bdpm.parse_compositions(COMPO_LINES) if isinstance(r, bdpm.Composition)
    ]
    assert compositions[0].substance == "TOXINE BOTULINIQUE DE TYPE A"
    conditions = list(bdpm.parse_conditions(CPD_LINES))
    assert isinstance(conditions[-1], bdpm.RowError)
    assert conditions[1] == bdpm.DispensingCondition(
        "61111113", "Prescription réservée aux spécialistes en DERMATOLOGIE"
    )


def test_bdpm_adds_unknown_toxins_and_enriches_listed_ones(tmp_path: Path) -> None:
    brands = {b.name: b for b in merge_bdpm(load_brands(), _write(tmp_path))}
    assert brands["Neotoxine"].kind is ProductKind.HOSPITAL_TOXIN
    assert brands["Neotoxine"].cis == ("61111111",)
    assert brands["Azzalure"].conditions == (
        "Prescription réservée aux spécialistes en DERMATOLOGIE",
    )
    assert "Creme" not in brands  # not a toxin


def test_shipped_sample_loads_every_listed_toxin() -> None:
    catalog = load_catalog()
    for name in (
        "Azzalure",
        "Bocouture",
        "Vistabel",
        "Alluzience",
        "Letybo",
        "Botox",
        "Dysport",
        "Xeomin",
    ):
        brand = catalog.find(name)
        assert brand is not None, name
        assert brand.cis, name
    assert catalog.find("Botox").kind is ProductKind.HOSPITAL_TOXIN  # type: ignore[union-attr]
    assert sample_bdpm_dir().joinpath(bdpm.CIS_FILE).is_file()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("juvederm volbella 1ml", ["Juvéderm", "Juvéderm"]),
        ("hyaluron-pen et lemon bottle", ["Hyaluron Pen", "Lemon Bottle"]),
        ("princess vibes", []),
        ("princess volume", ["Princess"]),
        ("revolax et innotox", ["Revolax", "Innotox"]),
        ("botoxe", []),
    ],
)
def test_catalog_matches_whole_names(text: str, names: list[str]) -> None:
    assert [hit.brand.name for hit in load_catalog().match(fold(text))] == names


def test_brand_list_is_valid_data() -> None:
    data = json.loads(
        Path(load_brands.__code__.co_filename)
        .with_name("data")
        .joinpath("brands.json")
        .read_text("utf-8")
    )
    kinds = {b["kind"] for b in data["brands"]}
    assert kinds <= {k.value for k in ProductKind}
    for required in (
        "Juvéderm",
        "Restylane",
        "Teosyal",
        "Stylage",
        "Belotero",
        "Princess",
        "Saypha",
        "Revolax",
        "Hyaluronica",
    ):
        assert any(b["name"] == required for b in data["brands"]), required
