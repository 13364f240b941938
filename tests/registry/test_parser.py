"""The pure parsing layer: lines, headers by name, identifiers, rows (table-driven, no database)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.errors import RegistryFormatError
from vigie.registry.columns import (
    ACTIVITY_COLUMNS,
    DIPLOMA_COLUMNS,
    LEGACY_ACTIVITY_COLUMN_COUNT,
    SAVOIR_FAIRE_COLUMNS,
    FileKind,
)
from vigie.registry.identifiers import luhn_valid
from vigie.registry.load.lines import iter_line_batches
from vigie.registry.load.parser import Header, identifier_problem, luhn_ok
from vigie.registry.load.rowparsers import ActivityParser, DiplomaParser, SavoirFaireParser

HEADER = "|".join(ACTIVITY_COLUMNS) + "|"
# The two synthetic sample lines of docs/registry-format.md, verbatim.
DERMATOLOGIST = "8|10000000009|810000000009|DR|Docteur|MME|Madame|BELLAMY-ROCHE|Élodie|10|Médecin|C|Civil|S|Spécialité ordinale|SM15|Dermatologie et vénéréologie|L|Libéral|12345678900011|123456789|||S12345678900011|CABINET DE DERMATOLOGIE DU PARC||||12||R|Rue|DES TILLEULS||69006 LYON|69006|69386|Lyon 6e Arrondissement|||0400000000||||69|Rhône||CNOM/CNOM/CNOM|SA07|Cabinet individuel|||||GENR01|Activité de soin et de pharmacie|"
NURSE = "8|10000000017|810000000017|||M|Monsieur|N'GUESSAN|Jean-Baptiste|60|Infirmier|C|Civil|||||S|Salarié||||||||||||||||||||||||||||||||||||||"


def lines_of(data: bytes, chunk: int = 7) -> list[tuple[int, str, bool]]:
    out = []
    for batch in iter_line_batches(io.BytesIO(data), "f.txt", chunk_bytes=chunk):
        for offset, line in enumerate(batch.lines):
            last = batch.unterminated_last and offset == len(batch.lines) - 1
            out.append((batch.first_line + offset, line, last))
    return out


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a|b\nc|d\n", [(1, "a|b", False), (2, "c|d", False)]),
        (b"a|b\r\nc|d\r\n", [(1, "a|b", False), (2, "c|d", False)]),
        (b"\xef\xbb\xbfa|b\n", [(1, "a|b", False)]),
        (b"a|b\nc|", [(1, "a|b", False), (2, "c|", True)]),
        ("é|ü\nœ|ç\n".encode(), [(1, "é|ü", False), (2, "œ|ç", False)]),
        (b"", []),
    ],
)
def test_lines_split_decode_and_flag_an_unterminated_last_line(
    data: bytes, expected: list[tuple[int, str, bool]]
) -> None:
    for chunk in (1, 3, 7, 1 << 20):  # chunk boundaries anywhere, even inside a UTF-8 sequence
        assert lines_of(data, chunk) == expected


def test_latin1_bytes_fail_with_file_and_line() -> None:
    data = "a|b\nc|d\nMÉDECIN|x\n".encode("latin-1")
    with pytest.raises(RegistryFormatError, match=r"f\.txt, line 3: .*not valid UTF-8.*latin-1"):
        lines_of(data, chunk=4)


@pytest.mark.parametrize(
    "header",
    [
        HEADER,  # historical: trailing '|'
        HEADER[:-1],  # newer: no trailing '|'
        "|".join(ACTIVITY_COLUMNS[:LEGACY_ACTIVITY_COLUMN_COUNT]) + "|",  # pre-2023, 52 columns
        "|".join(reversed(ACTIVITY_COLUMNS)),  # order does not matter: matched by name
    ],
)
def test_header_is_matched_by_name(header: str) -> None:
    parsed = Header(header, FileKind.ACTIVITY, "a.txt")
    assert parsed.width == len(header.rstrip("|").split("|"))
    assert header.split("|")[parsed.pos("Identifiant PP")] == "Identifiant PP"


def test_header_missing_a_required_column_names_it() -> None:
    renamed = HEADER.replace("|Code profession|", "|Code de la profession|")
    with pytest.raises(RegistryFormatError, match=r"lacks required column.*'Code profession'"):
        Header(renamed, FileKind.ACTIVITY, "a.txt")


def test_absent_optional_column_reads_as_empty() -> None:
    legacy = "|".join(ACTIVITY_COLUMNS[:LEGACY_ACTIVITY_COLUMN_COUNT]) + "|"
    header = Header(legacy, FileKind.ACTIVITY, "a.txt")
    fields = header.split("|".join(DERMATOLOGIST.split("|")[:LEGACY_ACTIVITY_COLUMN_COUNT]) + "|")
    assert isinstance(fields, list)
    assert fields[header.pos("Code rôle")] == ""


@pytest.mark.parametrize(
    ("type_code", "identifier", "national", "problem"),
    [
        ("8", "10000000009", "810000000009", None),
        ("8", "10000000009", "", None),
        ("0", "069123456", "0069123456", None),
        ("0", "2A0123456", "02A0123456", None),  # Corsica
        ("8", "10000000008", "810000000008", "fails the Luhn check"),
        ("8", "1000000000", "81000000000", "not 11 digits"),
        ("8", "1000000000X", "", "not 11 digits"),
        ("0", "12345", "012345", "not 9 characters"),
        ("3", "10000000009", "310000000009", "unknown identifier type"),
        ("8", "10000000009", "810000000017", "does not match"),
        ("", "", "", "unknown identifier type"),
    ],
)
def test_identifier_problems(
    type_code: str, identifier: str, national: str, problem: str | None
) -> None:
    found = identifier_problem(type_code, identifier, national)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


@pytest.mark.parametrize("number", ["10000000009", "10000000017", "79927398713", "0", "18", "59"])
def test_fast_luhn_agrees_with_reference(number: str) -> None:
    assert luhn_ok(number) == luhn_valid(number)
    assert luhn_ok(number[:-1] + str((int(number[-1]) + 1) % 10)) is False


@given(st.text(alphabet="0123456789", min_size=1, max_size=14))
def test_fast_luhn_agrees_with_reference_on_any_digits(number: str) -> None:
    assert luhn_ok(number) == luhn_valid(number)


def test_non_ascii_digits_are_not_an_rpps_number() -> None:
    assert identifier_problem("8", "١٠٠٠٠٠٠٠٠٠٩", "") == (
        "RPPS identifier '١٠٠٠٠٠٠٠٠٠٩' is not 11 digits"
    )


def activity_parser(header: str = HEADER) -> ActivityParser:
    return ActivityParser(Header(header, FileKind.ACTIVITY, "a.txt"))


def test_activity_row_with_a_site() -> None:
    parsed = activity_parser()(DERMATOLOGIST)
    assert not isinstance(parsed, str)
    identifier, person, activity, savoir_faire = parsed
    assert identifier == "10000000009"
    assert person == (
        *("8", "10000000009", "810000000009", "DR", "MME", "BELLAMY-ROCHE", "Élodie")[:7],
        "10",
        "Médecin",
        "C",
        "Civil",
    )
    assert activity is not None
    assert activity[-2:] == ("12 Rue DES TILLEULS", "69")
    assert activity[5:7] == ("69006", "Lyon 6e Arrondissement")
    assert savoir_faire == ("SM15", "S", "Spécialité ordinale", "Dermatologie et vénéréologie")


def test_person_without_site_and_repeated_rows() -> None:
    parser = activity_parser()
    first = parser(NURSE)
    second = parser(NURSE)
    assert not isinstance(first, str)
    assert not isinstance(second, str)
    assert first[1] is not None
    assert first[2] is None
    assert first[3] is None
    assert second[1] is None  # same person as the previous row: not rebuilt


def test_department_derived_when_column_empty_and_no_trailing_pipe() -> None:
    fields = DERMATOLOGIST.split("|")
    fields[ACTIVITY_COLUMNS.index("Code Département (structure)")] = ""
    parsed = activity_parser(HEADER[:-1])("|".join(fields[:-1]))
    assert not isinstance(parsed, str)
    assert parsed[2] is not None
    assert parsed[2][-1] == "69"


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda f: f[:31], "31 fields where the header has 56"),
        (lambda f: [*f[:-1], "x", ""], "57 fields where the header has 56"),
        (lambda f: [f[0], "10000000008", "810000000008", *f[3:]], "Luhn"),
        (lambda f: [*f[:9], "", *f[10:]], "empty profession code"),
        (lambda f: [*f[:7], "", *f[8:]], "empty last name"),
    ],
)
def test_bad_activity_rows_give_a_reason(mutate: object, reason: str) -> None:
    fields = DERMATOLOGIST.split("|")
    line = "|".join(mutate(fields))  # type: ignore[operator]
    parsed = activity_parser()(line)
    assert isinstance(parsed, str)
    assert reason in parsed


def test_quotes_are_ordinary_characters() -> None:
    fields = DERMATOLOGIST.split("|")
    fields[ACTIVITY_COLUMNS.index("Raison sociale site")] = 'CABINET "LE PARC'
    parsed = activity_parser()("|".join(fields))
    assert not isinstance(parsed, str)
    assert parsed[2] is not None
    assert parsed[2][1] == 'CABINET "LE PARC'


def test_savoir_faire_rows() -> None:
    parser = SavoirFaireParser(
        Header("|".join(SAVOIR_FAIRE_COLUMNS) + "|", FileKind.SAVOIR_FAIRE, "s.txt")
    )
    good = "8|10000000009|810000000009|BELLAMY-ROCHE|Élodie|10|Médecin|C|Civil|C|Compétence|C15|Dermatologie|"
    assert parser(good) == ("10000000009", ("C15", "C", "Compétence", "Dermatologie"))
    assert parser(good.replace("|C15|", "||")) == "empty savoir-faire code"
    assert "Luhn" in str(parser(good.replace("10000000009|81", "10000000001|81")))


DIPLOMA_HEADER = "|".join(DIPLOMA_COLUMNS) + "|"
DIPLOMA_ROW = "8|10000000009|810000000009|BELLAMY-ROCHE|Élodie|DE|Diplôme d'Etat français|DE10|DE Médecin|||||"


@pytest.mark.parametrize("trailing", [True, False], ids=["trailing-bar", "no-trailing-bar"])
@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (DIPLOMA_ROW, None),
        (DIPLOMA_ROW.replace("10000000009", "10000000008", 1), "fails the Luhn check"),
        (DIPLOMA_ROW.replace("|810000000009|", "|810000000017|"), "does not match"),
        (DIPLOMA_ROW.replace("|DE|", "DE", 1), "fields where the header has 13"),
        (DIPLOMA_ROW + "extra|", "14 fields where the header has 13"),
    ],
)
def test_diploma_rows_are_checked_on_their_identity_and_field_count(
    row: str, reason: str | None, trailing: bool
) -> None:
    header = DIPLOMA_HEADER if trailing else DIPLOMA_HEADER[:-1]
    parser = DiplomaParser(Header(header, FileKind.DIPLOMA, "dipl.txt"))
    line = row if trailing else row[:-1]
    found = parser(line)
    assert found == reason if reason is None else reason in (found or "")
