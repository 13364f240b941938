"""Code tables for the synthetic extract: professions with realistic weights, savoir-faire, sectors.

Weights are rough national head counts in thousands (2025): nurses outnumber physicians two to one,
then physiotherapists, pharmacists, dentists... Physicians' specialties include every code that
matters for aesthetic injections (docs/registry-format.md), at roughly their real share.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Profession:
    code: str
    label: str
    weight: int
    rpps: bool  # False: still identified by ADELI
    authority: str
    student_share: float


PROFESSIONS: tuple[Profession, ...] = (
    Profession("10", "Médecin", 300, True, "CNOM/CNOM/CNOM", 0.10),
    Profession("60", "Infirmier", 600, True, "ONI/ONI/ONI", 0.0),
    Profession("21", "Pharmacien", 75, True, "CNOP/CNOP/CNOP", 0.03),
    Profession("70", "Masseur-Kinésithérapeute", 100, True, "CNOMK/CNOMK/CNOMK", 0.0),
    Profession("40", "Chirurgien-Dentiste", 45, True, "CNOCD/CNOCD/CNOCD", 0.03),
    Profession("50", "Sage-Femme", 25, True, "CNOSF/CNOSF/CNOSF", 0.02),
    Profession("80", "Pédicure-Podologue", 15, True, "CNOPP/CNOPP/CNOPP", 0.0),
    Profession("28", "Opticien-Lunetier", 40, False, "ARS/ARS/ARS", 0.0),
    Profession("26", "Audioprothésiste", 5, False, "ARS/ARS/ARS", 0.0),
    Profession("91", "Orthophoniste", 25, False, "ARS/ARS/ARS", 0.0),
    Profession("92", "Orthoptiste", 6, False, "ARS/ARS/ARS", 0.0),
    Profession("95", "Diététicien", 12, False, "ARS/ARS/ARS", 0.0),
    Profession("96", "Psychomotricien", 14, False, "ARS/ARS/ARS", 0.0),
    Profession("98", "Manipulateur ERM", 40, False, "ARS/ARS/ARS", 0.0),
)

SF_TYPES = {
    "S": "Spécialité ordinale",
    "C": "Compétence",
    "CAPA": "Capacité",
    "DNQ": "DESC non qualifiant",
}

# (code, type, label, weight per thousand physicians)
PHYSICIAN_SPECIALTIES: tuple[tuple[str, str, str, float], ...] = (
    ("SM54", "S", "Médecine générale", 300),
    ("SM53", "S", "Spécialiste en Médecine Générale", 100),
    ("SM26", "S", "Qualifié en Médecine Générale", 80),
    ("SM15", "S", "Dermatologie et vénéréologie", 25),
    ("SM10", "S", "Chirurgie plastique reconstructrice et esthétique", 5),
    ("SM06", "S", "Chirurgie maxillo-faciale", 1.5),
    ("SM07", "S", "Chirurgie maxillo-faciale et stomatologie", 2),
    ("SM38", "S", "Ophtalmologie", 25),
    ("SM34", "S", "O.R.L et chirurgie cervico faciale", 12),
    ("SM39", "S", "Oto-rhino-laryngologie", 3),
    ("SM02", "S", "Anesthésie-réanimation", 50),
    ("SM04", "S", "Cardiologie et maladies vasculaires", 30),
    ("SM42", "S", "Psychiatrie", 60),
    ("SM40", "S", "Pédiatrie", 40),
    ("SM20", "S", "Gynécologie-obstétrique", 30),
    ("SM19", "S", "Gynécologie médicale", 10),
    ("SM44", "S", "Radio-diagnostic et imagerie médicale", 40),
    ("SM24", "S", "Gastro-entérologie et hépatologie", 15),
    ("SM32", "S", "Neurologie", 12),
    ("SM47", "S", "Rhumatologie", 10),
    ("SM27", "S", "Médecine interne", 10),
    ("SM08", "S", "Chirurgie orthopédique et traumatologie", 15),
    ("SM03", "S", "Biologie médicale", 10),
    ("SM41", "S", "Pneumologie", 10),
    ("SM25", "S", "Médecine du travail", 20),
)

# Extra savoir-faire some physicians also hold (only in the SavoirFaire file).
PHYSICIAN_EXTRAS: tuple[tuple[str, str, str, float], ...] = (
    ("C09", "C", "Chirurgie plastique reconstructrice et esthétique", 3),
    ("C15", "C", "Dermatologie et vénéréologie", 3),
    ("C10", "C", "Chirurgie maxillo-faciale", 1),
    ("C83", "C", "Chirurgie de la face et du cou", 1),
    ("CAPA04", "CAPA", "Gérontologie", 20),
    ("CAPA11", "CAPA", "Médecine d'urgence", 15),
)

DENTIST_SPECIALTIES: tuple[tuple[str, str, str, float], ...] = (
    ("SCD01", "S", "Orthopédie dento-faciale", 60),
    ("SCD02", "S", "Chirurgie orale", 20),
    ("SCD03", "S", "Médecine bucco-dentaire", 10),
)

# (code, label) of sectors, used by mode: liberal practitioners mostly work in practices.
LIBERAL_SECTORS = (("SA07", "Cabinet individuel"), ("SA08", "Cabinet de groupe"))
SALARIED_SECTORS = (
    ("SA01", "Etablissement public de santé"),
    ("SA03", "Etablissement privé non PSPH"),
    ("SA05", "Centre de santé"),
)
PHARMACY_SECTIONS = (("A", "Pharmaciens titulaires d'officine"), ("D", "Pharmaciens adjoints"))
MODES = {"L": "Libéral", "S": "Salarié", "B": "Bénévole"}
CATEGORIES = {"C": "Civil", "M": "Militaire", "E": "Etudiant"}
