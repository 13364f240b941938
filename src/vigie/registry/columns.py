"""The extract's three files and their columns, by header name (docs/registry-format.md).

Columns are always found by name, never by position: the publisher added four columns in 2023 and
may do it again. ``REQUIRED`` lists the columns a load cannot do without; every other column is
optional and read as empty when absent (the 52-column layout lacks the last four).
"""

from __future__ import annotations

from enum import StrEnum


class FileKind(StrEnum):
    ACTIVITY = "personne_activite"
    SAVOIR_FAIRE = "savoirfaire"
    DIPLOMA = "dipl_autexerc"


# Modern, unzipped file names on the open-data portal.
MODERN_NAMES = {
    FileKind.ACTIVITY: "ps-libreacces-personne-activite.txt",
    FileKind.SAVOIR_FAIRE: "ps-libreacces-savoirfaire.txt",
    FileKind.DIPLOMA: "ps-libreacces-dipl-autexerc.txt",
}

ACTIVITY_COLUMNS: tuple[str, ...] = (
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Libellé civilité d'exercice",
    "Code civilité",
    "Libellé civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Libellé mode exercice",
    "Numéro SIRET site",
    "Numéro SIREN site",
    "Numéro FINESS site",
    "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code pays (coord. structure)",
    "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)",
    "Code Département (structure)",
    "Libellé Département (structure)",
    "Ancien identifiant de la structure",
    "Autorité d'enregistrement",
    "Code secteur d'activité",
    "Libellé secteur d'activité",
    "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens",
    "Code rôle",
    "Libellé rôle",
    "Code genre activité",
    "Libellé genre activité",
)

SAVOIR_FAIRE_COLUMNS: tuple[str, ...] = (
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
)

DIPLOMA_COLUMNS: tuple[str, ...] = (
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code type diplôme obtenu",
    "Libellé type diplôme obtenu",
    "Code diplôme obtenu",
    "Libellé diplôme obtenu",
    "Code type autorisation",
    "Libellé type autorisation",
    "Code discipline autorisation",
    "Libellé discipline autorisation",
)

ALL_COLUMNS = {
    FileKind.ACTIVITY: ACTIVITY_COLUMNS,
    FileKind.SAVOIR_FAIRE: SAVOIR_FAIRE_COLUMNS,
    FileKind.DIPLOMA: DIPLOMA_COLUMNS,
}

_IDENTITY = ("Type d'identifiant PP", "Identifiant PP", "Identification nationale PP")

REQUIRED: dict[FileKind, tuple[str, ...]] = {
    FileKind.ACTIVITY: (
        *_IDENTITY,
        "Nom d'exercice",
        "Prénom d'exercice",
        "Code profession",
        "Libellé profession",
        "Code catégorie professionnelle",
    ),
    FileKind.SAVOIR_FAIRE: (*_IDENTITY, "Code type savoir-faire", "Code savoir-faire"),
    FileKind.DIPLOMA: _IDENTITY,
}

# The first 52 columns are the pre-2023 layout (no rôle / genre d'activité).
LEGACY_ACTIVITY_COLUMN_COUNT = 52
