"""One parser per file kind: a split line in, typed tuples (or a reject reason) out.

Each parser remembers the last identifier it validated: a person's rows are consecutive in the
extract, so the Luhn check runs once per person rather than once per activity row.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from vigie.registry.columns import FileKind
from vigie.registry.load.parser import (
    Header,
    ParsedActivity,
    PersonRow,
    SavoirFaireRow,
    identifier_problem,
)
from vigie.registry.normalize import department_of

# Extract columns in the order of the snapshot tables' columns (see ``models.ROW_COLUMNS``).
PERSON_COLUMNS = (
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Code civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
)
SITE_COLUMNS = (  # then the composed address and the department
    "Code mode exercice",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Numéro SIRET site",
    "Numéro FINESS site",
    "Code postal (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code commune (coord. structure)",
    "Téléphone (coord. structure)",
    "Code secteur d'activité",
    "Code rôle",
)
SAVOIR_FAIRE_COLUMNS = (
    "Code savoir-faire",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Libellé savoir-faire",
)
# A row describes a practice site when one of these is filled.
SITE_PRESENCE_COLUMNS = (
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Numéro SIRET site",
    "Code postal (coord. structure)",
    "Libellé commune (coord. structure)",
)
STREET_COLUMNS = (
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
)


class _IdentityParser:
    def __init__(self, header: Header) -> None:
        self.header = header
        self.i_type = header.pos("Type d'identifiant PP")
        self.i_id = header.pos("Identifiant PP")
        self.i_national = header.pos("Identification nationale PP")
        self._last_ok = ""

    def identity_problem(self, fields: list[str]) -> str | None:
        identifier = fields[self.i_id]
        if identifier == self._last_ok and identifier:
            return None
        problem = identifier_problem(fields[self.i_type], identifier, fields[self.i_national])
        if problem is None:
            self._last_ok = identifier
        return problem


class ActivityParser(_IdentityParser):
    """``Personne_activite`` rows: the person, the practice site if any, the row's savoir-faire.

    The person tuple is built only for the first of a person's consecutive rows (``None`` after);
    the site columns are picked with one ``itemgetter`` call (``ACTIVITY_FIELDS`` order), then the
    composed street address and the department (derived from the postcode when empty) follow.
    """

    def __init__(self, header: Header) -> None:
        super().__init__(header)
        p = header.pos
        self.person_of = itemgetter(*(p(name) for name in PERSON_COLUMNS))
        self.site_of = itemgetter(*(p(name) for name in SITE_COLUMNS))
        self.i_profession = p("Code profession")
        self.i_last_name = p("Nom d'exercice")
        self.i_sf = p("Code savoir-faire")
        self.sf_of = itemgetter(*(p(name) for name in SAVOIR_FAIRE_COLUMNS))
        self.street = itemgetter(*(p(name) for name in STREET_COLUMNS))
        self.i_postcode = p("Code postal (coord. structure)")
        self.i_department = p("Code Département (structure)")
        self.expected_fields = header.width + 1

        self.parse = self._row_function()

    def __call__(self, line: str) -> ParsedActivity | str:
        return self.parse(line)

    def _row_function(self) -> Callable[[str], ParsedActivity | str]:
        """The per-row function, with every position bound as a local (it runs 2 million times)."""
        header_split, expected, i_id, i_sf = (
            self.header.split,
            self.expected_fields,
            self.i_id,
            self.i_sf,
        )
        i_department, i_postcode, width = self.i_department, self.i_postcode, self.header.width
        person_of, sf_of, site_of, street_of = self.person_of, self.sf_of, self.site_of, self.street
        s0, s1, s2, s3, s4 = (self.header.pos(name) for name in SITE_PRESENCE_COLUMNS)
        person_problem = self.person_problem
        departments: dict[str, str] = {}  # postcode -> department (the column is often empty)

        def parse(line: str) -> ParsedActivity | str:
            fields = line.split("|")
            if len(fields) != expected or fields[-1]:
                if len(fields) == width:  # a file without the trailing '|'
                    fields.append("")
                else:
                    checked = header_split(line)
                    if isinstance(checked, str):
                        return checked
                    fields = checked
            identifier = fields[i_id]
            person: PersonRow | None = None
            if identifier != self._last_ok or not identifier:
                problem = person_problem(fields)
                if problem is not None:
                    return problem
                person = person_of(fields)
            sf = sf_of(fields) if fields[i_sf] else None
            if not (fields[s0] or fields[s1] or fields[s2] or fields[s3] or fields[s4]):
                return identifier, person, None, sf
            number, repeat, kind, street = street_of(fields)
            if number and kind and street:
                address = f"{number}{repeat} {kind} {street}"
            else:
                address = " ".join([part for part in (number + repeat, kind, street) if part])
            department = fields[i_department]
            if not department:
                postcode = fields[i_postcode]
                department = departments.get(postcode) or departments.setdefault(
                    postcode, department_of(postcode)
                )
            return identifier, person, (*site_of(fields), address, department), sf

        return parse

    def person_problem(self, fields: list[str]) -> str | None:
        problem = self.identity_problem(fields)
        if problem is None and not fields[self.i_profession]:
            problem = "empty profession code"
        if problem is None and not fields[self.i_last_name]:
            problem = "empty last name"
        if problem is not None:
            self._last_ok = ""
        return problem


class SavoirFaireParser(_IdentityParser):
    """``SavoirFaire`` rows: (identifier, savoir-faire) pairs, all of each person's."""

    def __init__(self, header: Header) -> None:
        super().__init__(header)
        p = header.pos
        self.i_code = p("Code savoir-faire")
        self.sf_of = itemgetter(*(p(name) for name in SAVOIR_FAIRE_COLUMNS))

    def __call__(self, line: str) -> tuple[str, SavoirFaireRow] | str:
        fields = self.header.split(line)
        if isinstance(fields, str):
            return fields
        problem = self.identity_problem(fields)
        if problem is not None:
            return problem
        if not fields[self.i_code]:
            return "empty savoir-faire code"
        row: SavoirFaireRow = self.sf_of(fields)
        return fields[self.i_id], row


class DiplomaParser(_IdentityParser):
    """``Dipl_AutExerc`` rows are validated (format drift shows there too) but not stored.

    Only the identity columns are read, so a row is split up to them once its separators are
    counted (cheaper than splitting all of its fields); a wrong count gets ``Header.split``'s reason.
    """

    def __init__(self, header: Header) -> None:
        super().__init__(header)
        self.last_needed = max(self.i_type, self.i_id, self.i_national)

    def __call__(self, line: str) -> str | None:
        width, separators = self.header.width, line.count("|")
        if self.last_needed >= width or not (
            separators == width - 1 or (separators == width and line.endswith("|"))
        ):
            fields = self.header.split(line)
            if isinstance(fields, str):
                return fields
            return self.identity_problem(fields)
        return self.identity_problem(line.split("|", self.last_needed + 1))


PARSERS = {
    FileKind.ACTIVITY: ActivityParser,
    FileKind.SAVOIR_FAIRE: SavoirFaireParser,
    FileKind.DIPLOMA: DiplomaParser,
}
