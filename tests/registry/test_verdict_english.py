"""The verdict table in English: every text has its English form, with the same placeholders, the
date written out, no French word left and the same wording rules (never "is not a doctor")."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from english_check import french_words
from vigie.registry.synth import codes
from vigie.registry.verdict import (
    RULES,
    Act,
    Profile,
    not_found_verdicts,
    templates,
    verdicts_for,
)
from vigie.web.i18n import catalogue, gettext, registry_label

DATE = dt.date(2026, 11, 2)
ENGLISH = gettext("en")
PROFILES = [
    ("10", "C", ("SM15",), "Médecin", {"SM15": "Dermatologie et vénéréologie"}),
    ("10", "C", ("SM54",), "Médecin", {"SM54": "Médecine générale"}),
    ("10", "C", ("SM34",), "Médecin", {"SM34": "O.R.L et chirurgie cervico faciale"}),
    ("10", "C", (), "Médecin", {}),
    ("10", "E", ("SM15",), "Médecin", {"SM15": "Dermatologie et vénéréologie"}),
    ("40", "C", (), "Chirurgien-Dentiste", {}),
    ("60", "C", (), "Infirmier", {}),
    ("92", "C", (), "Orthoptiste", {}),
    ("50", "C", (), "Sage-Femme", {}),
]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_verdict_text_has_an_english_form_with_the_same_placeholders() -> None:
    english = catalogue("en")
    missing = sorted(t for t in templates() if t not in english)
    assert missing == []
    for french in templates():
        assert _fields(english[french]) == _fields(french), french
        assert english[french] != french, french


@pytest.mark.parametrize(("profession", "category", "skills", "label", "labels"), PROFILES)
def test_every_english_verdict_is_english_and_dated_in_words(
    profession: str, category: str, skills: tuple[str, ...], label: str, labels: dict[str, str]
) -> None:
    person = Profile(profession, category, frozenset(skills))
    shown = {code: registry_label(text, "en") for code, text in labels.items()}
    verdicts = verdicts_for(
        person, registry_label(label, "en"), DATE, shown, lang="en", gettext=ENGLISH
    )
    assert set(verdicts) == set(Act)
    for act, verdict in verdicts.items():
        for text in (verdict.answer, verdict.reason, verdict.explanation):
            assert text, (person, act)
            assert "{" not in text, (person, act, text)
            assert french_words(text) == [], (person, act, text)
            assert "not a doctor" not in text, text
            assert "is not a physician" not in text, text
        assert "2 November 2026" in verdict.reason
        assert "2 November 2026" in verdict.explanation
        assert "02/11/2026" not in verdict.explanation


def test_english_reasons_name_the_specialty_and_the_profession_with_an_article() -> None:
    derm = verdicts_for(
        Profile("10", "C", frozenset({"SM15"})),
        "Physician",
        DATE,
        {"SM15": "Dermatology and venereology"},
        lang="en",
        gettext=ENGLISH,
    )
    assert derm[Act.BOTULINUM_TOXIN].reason.startswith(
        "The public RPPS registry (extract of 2 November 2026) lists this person as "
        "a physician (Dermatology and venereology)"
    )
    orthoptist = verdicts_for(
        Profile("92", "C", frozenset()), "Orthoptist", DATE, lang="en", gettext=ENGLISH
    )
    assert "lists this person as an orthoptist, not as a physician" in (
        orthoptist[Act.HA_FILLER].reason
    )
    assert "Registered as an orthoptist" in orthoptist[Act.HA_FILLER].explanation


@pytest.mark.parametrize("by_number", [True, False])
def test_not_found_in_english_says_the_public_registry_and_its_date(by_number: bool) -> None:
    verdicts = not_found_verdicts(DATE, by_number=by_number, lang="en", gettext=ENGLISH)
    what = "with this number" if by_number else "by this name"
    for verdict in verdicts.values():
        assert verdict.explanation.startswith(
            f"No physician {what} in the public RPPS registry (extract of 2 November 2026)."
        )
        assert "asked to be left out of the public release" in verdict.explanation
        assert french_words(verdict.explanation + verdict.reason + verdict.answer) == []


def test_french_stays_the_default_and_untouched_by_the_catalogue() -> None:
    person = Profile("60", "C", frozenset())
    french = verdicts_for(person, "Infirmier", DATE)
    assert french[Act.HA_FILLER].reason == (
        "Le registre public RPPS (extraction du 2 novembre 2026) l'inscrit comme infirmier, pas "
        "comme médecin : l'acide hyaluronique injectable n'est délivré qu'aux médecins."
    )


def test_every_rule_of_the_table_is_in_the_templates() -> None:
    for rule in RULES:
        for outcome in rule.outcomes.values():
            assert {outcome.answer, outcome.reason, outcome.explanation} <= templates()


@pytest.mark.parametrize(
    ("registered", "english"),
    [
        ("Médecin", "Physician"),
        ("MEDECIN", "Physician"),  # case and accents as the extract may spell them
        ("Médecine Générale", "General practice"),
        ("Dermatologie et vénéréologie", "Dermatology and venereology"),
        ("O.R.L et chirurgie cervico faciale", "ENT and head and neck surgery"),
        ("Infirmier", "Nurse"),
        ("Une spécialité inconnue", "Une spécialité inconnue"),  # no English form: as registered
        ("", ""),
    ],
)
def test_registry_labels_in_english(registered: str, english: str) -> None:
    assert registry_label(registered, "en") == english
    assert registry_label(registered, "fr") == registered


def test_every_value_of_the_synthetic_extract_has_an_english_form() -> None:
    labels = {p.label for p in codes.PROFESSIONS} | set(codes.SF_TYPES.values())
    for table in (codes.PHYSICIAN_SPECIALTIES, codes.PHYSICIAN_EXTRAS, codes.DENTIST_SPECIALTIES):
        labels |= {label for _code, _type, label, _weight in table}
    missing = sorted(label for label in labels if registry_label(label, "en") == label)
    assert missing == []
