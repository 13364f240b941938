"""``vigie registry synth``: a synthetic extract in the exact real layout (56 columns, trailing ``|``).

No real person is in it: names are drawn at random from common French names, identifiers are
made-up Luhn-valid numbers. ``demo_practitioners()`` lists a few fixed people present in every
extract (also in docs/registry.md) for manual checks and other domains' tests. Writing goes through
large buffered writes: a national-scale extract (~1.1 M persons, ~2.2 M activity rows) takes well
under a minute.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from vigie.registry.columns import (
    ACTIVITY_COLUMNS,
    DIPLOMA_COLUMNS,
    MODERN_NAMES,
    SAVOIR_FAIRE_COLUMNS,
    FileKind,
)
from vigie.registry.synth.codes import (
    CATEGORIES,
    LIBERAL_SECTORS,
    MODES,
    PHARMACY_SECTIONS,
    PROFESSIONS,
    SALARIED_SECTORS,
    SF_TYPES,
)
from vigie.registry.synth.demo_people import DEMO_PRACTITIONERS, DemoPractitioner, demo_person
from vigie.registry.synth.names import DEPARTMENTS, STREET_TYPES, STREETS
from vigie.registry.synth.people import Person, Site, random_person
from vigie.registry.verdict import DENTIST, PHYSICIAN

__all__ = ["DEMO_PRACTITIONERS", "DemoPractitioner", "SynthResult", "demo_practitioners", "write"]

DEFAULT_SEED = 20_260_101
FLUSH_PERSONS = 20_000
BUFFER_BYTES = 16 * 1024 * 1024
_PROFESSIONS = {p.code: p for p in PROFESSIONS}


@dataclass(frozen=True, slots=True)
class SynthResult:
    directory: Path
    persons: int
    activity_rows: int
    savoir_faire_rows: int
    diploma_rows: int


def demo_practitioners() -> tuple[DemoPractitioner, ...]:
    """The fixed synthetic people of every generated extract (docs/registry.md lists them)."""
    return DEMO_PRACTITIONERS


def _header(columns: tuple[str, ...]) -> str:
    return "|".join(columns) + "|\n"


def _identity(p: Person) -> list[str]:
    kind = "8" if p.rpps else "0"
    return [kind, p.identifier, kind + p.identifier]


def _person_fields(p: Person) -> list[str]:
    physician_like = p.profession.code in (PHYSICIAN, DENTIST)
    title = ("DR", "Docteur") if physician_like and p.category != "E" else ("", "")
    civility = ("MME", "Madame") if p.female else ("M", "Monsieur")
    sf = p.savoir_faire[0] if p.savoir_faire else ("", "", "")
    sf_fields = [sf[1], SF_TYPES.get(sf[1], ""), sf[0], sf[2]] if sf[0] else ["", "", "", ""]
    return [
        *_identity(p),
        *title,
        *civility,
        p.last_name,
        p.first_name,
        p.profession.code,
        p.profession.label,
        p.category,
        CATEGORIES[p.category],
        *sf_fields,
    ]


def _site_name(p: Person, site: Site) -> str:
    if site.site_name:
        return site.site_name
    city = site.commune[0].upper()
    if site.mode == "S":
        return f"CENTRE HOSPITALIER DE {city}"
    if p.profession.code == "21":
        return f"PHARMACIE {STREETS[site.street]}"
    return f"CABINET DU DR {p.last_name}" if p.profession.code == PHYSICIAN else ""


def _site_fields(p: Person, site: Site, seq: int) -> list[str]:
    name, postcode, insee, department, _ = site.commune
    siren = f"{(int(p.identifier[-8:]) * 7 + seq * 13_001) % 1_000_000_000:09d}"
    siret = siren + f"{seq + 1:05d}"
    sector = (LIBERAL_SECTORS if site.mode == "L" else SALARIED_SECTORS)[site.number % 2]
    section = PHARMACY_SECTIONS[site.number % 2] if p.profession.code == "21" else ("", "")
    street_code, street_label = STREET_TYPES[site.street_type]
    phone = f"0{4 if department < '50' else 1}{(int(siren) * 31) % 100_000_000:08d}"
    return [
        *(site.mode, MODES[site.mode], siret, siren),
        *(f"{department[:2]}0{siren[:6]}" if site.mode == "S" else "", "", "S" + siret),
        *(_site_name(p, site), "", "", "", str(site.number), "", street_code, street_label),
        *(STREETS[site.street], "", f"{postcode} {name.upper()}", postcode, insee, name, "", ""),
        *(phone, "", "", "", department if site.number % 2 else "", DEPARTMENTS[department]),
        *("", p.profession.authority, *sector, *section, "", "", "GENR01"),
        "Activité de soin et de pharmacie",
    ]


_NO_SITE_TAIL = [""] * 39


def activity_lines(p: Person) -> list[str]:
    prefix = "|".join(_person_fields(p))
    if not p.sites:
        return [prefix + "|" + "|".join(_NO_SITE_TAIL) + "|\n"]
    return [
        prefix + "|" + "|".join(_site_fields(p, site, seq)) + "|\n"
        for seq, site in enumerate(p.sites)
    ]


def savoir_faire_lines(p: Person) -> list[str]:
    head = [*_identity(p), p.last_name, p.first_name, p.profession.code, p.profession.label]
    head += [p.category, CATEGORIES[p.category]]
    prefix = "|".join(head)
    return [
        f"{prefix}|{kind}|{SF_TYPES[kind]}|{code}|{label}|\n"
        for code, kind, label in p.savoir_faire
    ]


def diploma_lines(p: Person) -> list[str]:
    prefix = "|".join([*_identity(p), p.last_name, p.first_name])
    lines = [
        f"{prefix}|DE|Diplôme d'Etat français|DE{p.profession.code}|DE {p.profession.label}|||||\n"
    ]
    if p.savoir_faire and p.savoir_faire[0][1] == "S":
        code, _, label = p.savoir_faire[0]
        lines.append(f"{prefix}|DES|Diplôme d'études spécialisées|DES{code[2:]}|DES {label}|||||\n")
    return lines


class _Writers:
    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.files = {
            kind: (out_dir / MODERN_NAMES[kind]).open(
                "w", encoding="utf-8", newline="", buffering=BUFFER_BYTES
            )
            for kind in FileKind
        }
        self.buffers: dict[FileKind, list[str]] = {kind: [] for kind in FileKind}
        self.counts = dict.fromkeys(FileKind, 0)
        headers = {
            FileKind.ACTIVITY: ACTIVITY_COLUMNS,
            FileKind.SAVOIR_FAIRE: SAVOIR_FAIRE_COLUMNS,
            FileKind.DIPLOMA: DIPLOMA_COLUMNS,
        }
        for kind, columns in headers.items():
            self.files[kind].write(_header(columns))

    def add(self, p: Person) -> None:
        self.buffers[FileKind.ACTIVITY] += activity_lines(p)
        self.buffers[FileKind.SAVOIR_FAIRE] += savoir_faire_lines(p)
        self.buffers[FileKind.DIPLOMA] += diploma_lines(p)

    def flush(self) -> None:
        for kind, lines in self.buffers.items():
            self.files[kind].write("".join(lines))
            self.counts[kind] += len(lines)
            lines.clear()

    def close(self) -> None:
        self.flush()
        for handle in self.files.values():
            handle.close()


def write(
    out_dir: Path, persons: int, seed: int = DEFAULT_SEED, *, demo: bool = True
) -> SynthResult:
    """Write the three files of a synthetic extract with ``persons`` people into ``out_dir``."""
    rng = random.Random(seed)
    adeli_numbers = itertools.count()
    writers = _Writers(out_dir)
    try:
        fixed = [demo_person(d, _PROFESSIONS[d.profession_code]) for d in DEMO_PRACTITIONERS]
        for person in fixed[: persons if demo else 0]:
            writers.add(person)
        for index in range(len(fixed) if demo else 0, persons):
            writers.add(random_person(index, rng, seed, adeli_numbers))
            if index % FLUSH_PERSONS == 0:
                writers.flush()
    finally:
        writers.close()
    counts = writers.counts
    return SynthResult(
        out_dir,
        persons,
        counts[FileKind.ACTIVITY],
        counts[FileKind.SAVOIR_FAIRE],
        counts[FileKind.DIPLOMA],
    )
