"""One parser per file kind: a split line in, typed tuples (or a reject reason) out.

Each parser remembers the last identifier it validated: a person's rows are consecutive in the
extract, so the Luhn check runs once per person rather than once per activity row.
"""

from __future__ import annotations

from vigie.registry.columns import FileKind
from vigie.registry.parser import (
    ActivityRow,
    Header,
    ParsedActivity,
    PersonRow,
    SavoirFaireRow,
    department_of,
    identifier_problem,
    street_address,
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
    """``Personne_activite`` rows: the person, the practice site if any, the row's savoir-faire."""

    def __init__(self, header: Header) -> None:
        super().__init__(header)
        p = header.pos
        self.person_pos = (
            self.i_type,
            self.i_id,
            self.i_national,
            p("Code civilité d'exercice"),
            p("Code civilité"),
            p("Nom d'exercice"),
            p("Prénom d'exercice"),
            p("Code profession"),
            p("Libellé profession"),
            p("Code catégorie professionnelle"),
            p("Libellé catégorie professionnelle"),
        )
        self.i_profession = p("Code profession")
        self.i_last_name = p("Nom d'exercice")
        self.sf_pos = (
            p("Code savoir-faire"),
            p("Code type savoir-faire"),
            p("Libellé type savoir-faire"),
            p("Libellé savoir-faire"),
        )
        self.site_pos = (
            p("Identifiant technique de la structure"),
            p("Raison sociale site"),
            p("Numéro SIRET site"),
            p("Numéro FINESS site"),
            p("Code postal (coord. structure)"),
            p("Libellé commune (coord. structure)"),
            p("Libellé Voie (coord. structure)"),
        )
        self.street_pos = (
            p("Numéro Voie (coord. structure)"),
            p("Indice répétition voie (coord. structure)"),
            p("Libellé type de voie (coord. structure)"),
            p("Libellé Voie (coord. structure)"),
        )
        self.i_mode = p("Code mode exercice")
        self.i_site = p("Raison sociale site")
        self.i_sign = p("Enseigne commerciale site")
        self.i_siret = p("Numéro SIRET site")
        self.i_finess = p("Numéro FINESS site")
        self.i_postcode = p("Code postal (coord. structure)")
        self.i_city = p("Libellé commune (coord. structure)")
        self.i_commune = p("Code commune (coord. structure)")
        self.i_department = p("Code Département (structure)")
        self.i_phone = p("Téléphone (coord. structure)")
        self.i_sector = p("Code secteur d'activité")
        self.i_role = p("Code rôle")

    def __call__(self, line: str) -> ParsedActivity | str:
        fields = self.header.split(line)
        if isinstance(fields, str):
            return fields
        problem = self.identity_problem(fields)
        if problem is not None:
            return problem
        if not fields[self.i_profession]:
            return "empty profession code"
        if not fields[self.i_last_name]:
            return "empty last name"
        person: PersonRow = tuple([fields[i] for i in self.person_pos])  # type: ignore[assignment]
        sf_code = fields[self.sf_pos[0]]
        savoir_faire: SavoirFaireRow | None = (
            tuple([fields[i] for i in self.sf_pos]) if sf_code else None  # type: ignore[assignment]
        )
        activity = self._activity(fields) if any(fields[i] for i in self.site_pos) else None
        return ParsedActivity(fields[self.i_id], person, activity, savoir_faire)

    def _activity(self, f: list[str]) -> ActivityRow:
        postcode = f[self.i_postcode]
        s = self.street_pos
        return (
            f[self.i_mode],
            f[self.i_site],
            f[self.i_sign],
            f[self.i_siret],
            f[self.i_finess],
            street_address(f[s[0]], f[s[1]], f[s[2]], f[s[3]]),
            postcode,
            f[self.i_city],
            f[self.i_commune],
            f[self.i_department] or department_of(postcode),
            f[self.i_phone],
            f[self.i_sector],
            f[self.i_role],
        )


class SavoirFaireParser(_IdentityParser):
    """``SavoirFaire`` rows: (identifier, savoir-faire) pairs, all of each person's."""

    def __init__(self, header: Header) -> None:
        super().__init__(header)
        p = header.pos
        self.i_code = p("Code savoir-faire")
        self.sf_pos = (
            self.i_code,
            p("Code type savoir-faire"),
            p("Libellé type savoir-faire"),
            p("Libellé savoir-faire"),
        )

    def __call__(self, line: str) -> tuple[str, SavoirFaireRow] | str:
        fields = self.header.split(line)
        if isinstance(fields, str):
            return fields
        problem = self.identity_problem(fields)
        if problem is not None:
            return problem
        if not fields[self.i_code]:
            return "empty savoir-faire code"
        row: SavoirFaireRow = tuple([fields[i] for i in self.sf_pos])  # type: ignore[assignment]
        return fields[self.i_id], row


class DiplomaParser(_IdentityParser):
    """``Dipl_AutExerc`` rows are validated (format drift shows there too) but not stored."""

    def __call__(self, line: str) -> str | None:
        fields = self.header.split(line)
        if isinstance(fields, str):
            return fields
        return self.identity_problem(fields)


PARSERS = {
    FileKind.ACTIVITY: ActivityParser,
    FileKind.SAVOIR_FAIRE: SavoirFaireParser,
    FileKind.DIPLOMA: DiplomaParser,
}
