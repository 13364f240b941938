"""The columnar load against the row-by-row reference: same rows, same index files, same rejects.

The reference (the row parser, ``LoadOptions(columnar_parser=False)``; the columnar one is the
default since issue 16) is the parser every other registry test pinned for years of format
facts; the columnar path must agree with it byte for byte, on a clean 20,000-person extract and
on a dirty one cut into small chunks, in both header layouts.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from registry.extracts import ACTIVITY, DIPLOMA, SAVOIR_FAIRE, copy_extract, read_lines, write_lines
from vigie.config import Settings
from vigie.registry import synth
from vigie.registry.load import chunks, snapshots
from vigie.registry.load.bulk import frame_copy_text, make_bulk_writer
from vigie.registry.load.checks import _luhn_ok
from vigie.registry.load.columnar import _address, _department, _rank_within
from vigie.registry.load.frames import FrameBatch, empty, schema
from vigie.registry.load.loader import LoadOptions, LoadResult, load_registry
from vigie.registry.load.parser import luhn_ok
from vigie.registry.models import Practitioner
from vigie.registry.normalize import department_of
from vigie.registry.search import index_files

EQUALITY_PERSONS = 20_000


@pytest.fixture(scope="module")
def extract_20k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("extract-20k")
    synth.write(directory, EQUALITY_PERSONS, seed=11)
    return directory


def _index_files(settings: Settings, snapshot_id: int) -> dict[str, object]:
    directory = index_files.snapshot_index_dir(settings.index_dir, snapshot_id)
    found: dict[str, object] = {}
    for path in sorted(directory.iterdir()):
        if path.name == "meta.json":
            meta = json.loads(path.read_text(encoding="utf-8"))
            meta.pop("snapshot_id")
            found[path.name] = meta
        else:
            found[path.name] = path.read_bytes()  # .npy headers and all: byte-identical files
    return found


def _rows(engine: Engine, snapshot_id: int) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    with engine.connect() as conn:
        for table, order in (
            ("registry_practitioner", "person_key"),
            ("registry_activity", "person_key, seq"),
            ("registry_savoir_faire", "person_key, code"),
        ):
            sql = f"SELECT * FROM {table} WHERE snapshot_id = :s ORDER BY {order}"  # noqa: S608
            found.extend((table, *row[1:]) for row in conn.execute(text(sql), {"s": snapshot_id}))
    return found


def _both(settings: Settings, source: Path) -> tuple[LoadResult, LoadResult]:
    reference = load_registry(
        settings, [str(source)], LoadOptions(columnar_parser=False, allow_shrink=True)
    )
    columnar = load_registry(
        settings, [str(source)], LoadOptions(columnar_parser=True, allow_shrink=True)
    )
    return reference, columnar


def _assert_same(
    settings: Settings, engine: Engine, reference: LoadResult, columnar: LoadResult
) -> None:
    assert columnar.tally == reference.tally
    assert _rows(engine, columnar.snapshot_id) == _rows(engine, reference.snapshot_id)
    assert _index_files(settings, columnar.snapshot_id) == _index_files(
        settings, reference.snapshot_id
    )


def test_columnar_load_equals_the_reference_on_20000_persons(
    settings: Settings, engine: Engine, extract_20k: Path
) -> None:
    reference, columnar = _both(settings, extract_20k)
    assert columnar.tally.persons == EQUALITY_PERSONS
    assert columnar.tally.activities > EQUALITY_PERSONS
    _assert_same(settings, engine, reference, columnar)


def test_columnar_load_in_the_helper_process_equals_inline(
    settings: Settings, engine: Engine, extract_20k: Path
) -> None:
    """The helper writes SQLite through ADBC (a second SQLite library): rows read back by ours."""
    inline = load_registry(
        settings, [str(extract_20k)], LoadOptions(columnar_parser=True, helper_process=False)
    )
    helper = load_registry(
        settings,
        [str(extract_20k)],
        LoadOptions(columnar_parser=True, helper_process=True, allow_shrink=True),
    )
    assert helper.tally.persons == EQUALITY_PERSONS
    _assert_same(settings, engine, inline, helper)


def _dirty(source: Path, target: Path, legacy: bool) -> Path:
    """Every kind of bad row the reference rejects (or keeps), spread over many small chunks."""
    copy_extract(source, target)
    lines = read_lines(target / ACTIVITY)
    fields = [line.rstrip("\n").split("|") for line in lines]
    if legacy:  # the pre-2023 layout: 52 columns, no trailing '|'
        fields = [row[:52] for row in fields]

    def put(at: int, column: int, value: str) -> None:
        fields[at][column] = value

    put(5, 1, fields[5][1][:-1] + str((int(fields[5][1][-1]) + 1) % 10))  # Luhn fails
    put(15, 9, "")  # empty profession code
    put(16, 1, fields[15][1])  # ...then the same identifier: checked again, kept
    put(25, 7, "")  # empty last name
    put(30, 24, "CABINET\rDU PORT")  # a lone carriage return inside a field: kept as is
    put(40, 0, "5")  # unknown identifier type
    put(41, 2, "899999999999")  # national identifier of someone else
    put(50, 1, "ABC")  # ADELI-like garbage under type 8
    put(60, 35, "")
    put(60, 44, "")  # no department, no postcode
    put(61, 35, "20190")
    put(61, 44, "")  # Corsica from the postcode
    put(62, 35, "97411")
    put(62, 44, "")
    rebuilt = ["|".join(row) + "\n" for row in fields]
    rebuilt[70] = rebuilt[70].rstrip("\n") + "|extra\n"  # one field too many
    rebuilt[80] = "\n"  # an empty line
    rebuilt[90] = "|".join(fields[90][:10]) + "\n"  # too few fields
    rebuilt.append(rebuilt[3])  # a person seen again at the end, after others
    write_lines(target / ACTIVITY, rebuilt)
    skills = read_lines(target / SAVOIR_FAIRE)
    parts = skills[4].split("|")
    parts[11] = ""  # empty savoir-faire code
    skills[4] = "|".join(parts)
    skills.append(skills[2])  # a duplicate
    orphan = skills[2].split("|")
    orphan[1], orphan[2] = "10000000991", ""
    skills.append("|".join(orphan))  # nobody in the activity file
    write_lines(target / SAVOIR_FAIRE, skills)
    diplomas = read_lines(target / DIPLOMA)
    diplomas[7] = diplomas[7].replace("|8", "|9", 1)
    write_lines(target / DIPLOMA, diplomas)
    return target


@pytest.mark.parametrize("legacy", [False, True], ids=["56 columns", "52 columns"])
def test_columnar_load_equals_the_reference_on_dirty_rows(
    settings: Settings,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    legacy: bool,
) -> None:
    small = tmp_path / "small"
    synth.write(small, 600, seed=5)
    source = _dirty(small, tmp_path / "dirty", legacy)
    monkeypatch.setattr(chunks, "CHUNK_BYTES", 16 * 1024)  # runs cross chunk boundaries
    reference, columnar = _both(
        settings.model_copy(update={"registry_reject_threshold": 0.05}), source
    )
    assert reference.tally.rows_rejected >= 10
    assert {e.file for e in reference.tally.rejects_sample} == {
        str(source / ACTIVITY),
        str(source / SAVOIR_FAIRE),
        str(source / DIPLOMA),
    }
    _assert_same(settings, engine, reference, columnar)


def test_frame_writer_stores_awkward_values_exactly(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    """COPY text (backslashes escaped), COPY CSV (a tab or a carriage return), SQLite alike."""
    escapable = ["back\\slash", "\\N", '"quoted"', "", "Éloïse d'Ô"]
    awkward = [*escapable, "tab\there", "carriage\rreturn"]
    snapshot_id = snapshots.create_loading(session_factory, ["a", "b", "c"])

    def frame(names: list[str], first_key: int) -> pl.DataFrame:
        rows = [
            (
                snapshot_id,
                key,
                "8",
                f"1000000000{key}",
                "",
                "DR",
                "MME",
                name,
                "Anne",
                "10",
                "Médecin",
                "C",
                "Civil",
            )
            for key, name in enumerate(names, start=first_key)
        ]
        return pl.DataFrame(rows, schema=schema("registry_practitioner"), orient="row")

    text_frame, csv_frame = frame(escapable, 0), frame(awkward[len(escapable) :], len(escapable))
    assert text_frame.columns == list(schema("registry_practitioner"))
    assert frame_copy_text(text_frame) is not None
    assert frame_copy_text(csv_frame) is None
    writer = make_bulk_writer(engine)
    try:
        for part in (text_frame, csv_frame):
            writer.write(
                FrameBatch(part, empty("registry_activity"), empty("registry_savoir_faire"))
            )
    finally:
        writer.close()
    with session_factory() as session:
        stored = session.execute(
            select(Practitioner.last_name, Practitioner.national_id)
            .where(Practitioner.snapshot_id == snapshot_id)
            .order_by(Practitioner.person_key)
        ).all()
    assert [tuple(row) for row in stored] == [(name, "") for name in awkward]


def test_luhn_expression_agrees_with_the_row_parser() -> None:
    generator = random.Random(3)
    numbers = [f"{generator.randrange(10**11):011d}" for _ in range(5000)]
    frame = pl.DataFrame({"id": numbers})
    flags = frame.select(_luhn_ok(pl.col("id"))).to_series().to_list()
    assert flags == [luhn_ok(number) for number in numbers]
    assert sum(flags) > 300  # about one in ten


@pytest.mark.parametrize(
    "postcode", ["69006", "20000", "20190", "20200", "20600", "97411", "98800", "1234", "7500A", ""]
)
def test_department_expression_agrees_with_normalize(postcode: str) -> None:
    frame = pl.DataFrame(
        {"Code postal (coord. structure)": [postcode], "Code Département (structure)": [""]}
    )
    assert frame.select(_department()).item() == department_of(postcode)


@pytest.mark.parametrize(
    ("number", "repeat", "kind", "street", "expected"),
    [
        ("12", "B", "Rue", "DES LILAS", "12B Rue DES LILAS"),
        ("", "", "Rue", "DES LILAS", "Rue DES LILAS"),
        ("12", "", "", "DES LILAS", "12 DES LILAS"),
        ("", "B", "", "", "B"),
        ("", "", "", "", ""),
    ],
)
def test_address_expression(number: str, repeat: str, kind: str, street: str, expected: str) -> None:  # fmt: skip
    columns = ("Numéro Voie (coord. structure)", "Indice répétition voie (coord. structure)",
               "Libellé type de voie (coord. structure)", "Libellé Voie (coord. structure)")  # fmt: skip
    frame = pl.DataFrame(dict(zip(columns, [[number], [repeat], [kind], [street]], strict=True)))
    assert frame.select(_address()).item() == expected


def test_stalled_stream_yields_its_lines_before_the_end() -> None:
    class Trickle:
        def __init__(self) -> None:
            self.parts = [b"h|\nline 2|", b"\nline 3|\n", b"cut"]

        def read(self, _size: int) -> bytes:
            return self.parts.pop(0) if self.parts else b""

    found = list(chunks.iter_chunks(Trickle()))  # type: ignore[arg-type]
    assert [(c.first_line, c.data, c.unterminated_last) for c in found] == [
        (1, b"h|\n", False),
        (2, b"line 2|\nline 3|\n", False),
        (4, b"cut\n", True),
    ]


def test_deletion_keys_in_numpy_equal_the_python_ones() -> None:
    """The index's SymSpell keys, hashed in bulk, are those ``deletions`` + ``key_hash`` give."""
    generator = random.Random(8)
    for size in (1, 7, 2000):
        letters = ("".join(generator.choice("aab0z") for _ in range(generator.randrange(1, 12))) for _ in range(size))  # fmt: skip
        vocabulary = sorted(set(letters))
        fast = index_files._deletion_arrays(vocabulary)
        reference = index_files._deletion_arrays_python(vocabulary)
        assert fast.keys() == reference.keys()
        for name, array in fast.items():
            assert array.dtype == reference[name].dtype
            assert array.tobytes() == reference[name].tobytes()


def test_rank_within_a_key_equals_the_window_expression() -> None:
    generator = random.Random(4)
    keys = [generator.randrange(40) for _ in range(3000)] + [7, 7, 3]
    frame = pl.DataFrame({"k": keys})
    expected = frame.select(pl.int_range(pl.len()).over("k")).to_series().to_list()
    assert _rank_within(frame["k"].to_numpy()).tolist() == expected
    assert _rank_within(frame["k"].to_numpy()[:0]).tolist() == []
