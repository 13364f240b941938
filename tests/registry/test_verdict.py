"""Every row of the legal-basis verdict table, as data: profile → (status, rule) per act."""

from __future__ import annotations

import datetime as dt

import pytest

from vigie.registry.verdict import (
    RULES,
    Act,
    ActVerdict,
    Profile,
    Status,
    not_found_verdicts,
    rule_for,
    verdicts_for,
)

A, N, V, T = Status.AUTHORISED, Status.NOT_AUTHORISED, Status.TO_VERIFY, Status.IN_TRAINING
DATE = dt.date(2026, 11, 2)
AESTHETIC = [
    "SM10",
    "C09",
    "SM15",
    "C15",
    "SM06",
    "SM07",
    "SM68",
    "SM77",
    "C10",
    "C83",
    "SM38",
    "SM85",
]

# (profession, category, savoir-faire) → (HA filler, toxin, mesotherapy) as (status, rule)
CASES = [
    *[
        (
            ("10", category, (code,)),
            ((A, "CSP-R5211-72"), (A, "TOXIN-AESTHETIC"), (A, "CSP-L4161-1")),
        )
        for code in AESTHETIC
        for category in ("C", "M")
    ],
    *[
        (("10", "C", (code,)), ((A, "CSP-R5211-72"), (V, "TOXIN-AESTHETIC"), (A, "CSP-L4161-1")))
        for code in ("SM34", "SM39", "SM86")
    ],
    (("10", "C", ("SM26",)), ((A, "CSP-R5211-72"), (N, "TOXIN-AESTHETIC"), (A, "CSP-L4161-1"))),
    (("10", "M", ()), ((A, "CSP-R5211-72"), (N, "TOXIN-AESTHETIC"), (A, "CSP-L4161-1"))),
    (("10", "F", ("SM53",)), ((A, "CSP-R5211-72"), (N, "TOXIN-AESTHETIC"), (A, "CSP-L4161-1"))),
    (("10", "E", ()), ((T, "CSP-R5211-72"), (N, "TOXIN-AESTHETIC"), (T, "CSP-L4161-1"))),
    (("10", "E", ("SM15",)), ((T, "CSP-R5211-72"), (N, "TOXIN-AESTHETIC"), (T, "CSP-L4161-1"))),
    (
        ("10", "C", ("SM34", "SM15")),
        ((A, "CSP-R5211-72"), (A, "TOXIN-AESTHETIC"), (A, "CSP-L4161-1")),
    ),
    (("40", "C", ()), ((V, "CSP-R5211-72"), (N, "TOXIN-AESTHETIC"), (N, "CSP-L4161-1"))),
    *[
        ((code, "C", ()), ((N, "CSP-L4161-1"), (N, "TOXIN-AESTHETIC"), (N, "CSP-L4161-1")))
        for code in ("60", "50", "21", "70", "91")
    ],
    (("60", "C", ("SM15",)), ((N, "CSP-L4161-1"), (N, "TOXIN-AESTHETIC"), (N, "CSP-L4161-1"))),
]


@pytest.mark.parametrize(("profile", "expected"), CASES)
def test_verdict_table(
    profile: tuple[str, str, tuple[str, ...]], expected: tuple[tuple[Status, str], ...]
) -> None:
    profession, category, savoir_faire = profile
    verdicts = verdicts_for(
        Profile(profession, category, frozenset(savoir_faire)), "Infirmier", DATE
    )
    got = tuple((verdicts[act].status, verdicts[act].rule) for act in Act)
    assert got == expected


def test_every_rule_row_is_reachable_and_covers_every_act() -> None:
    reached = {rule_for(Profile(p, c, frozenset(s))).profile for (p, c, s), _expected in CASES}
    assert reached == {rule.profile for rule in RULES}
    assert all(set(rule.outcomes) == set(Act) for rule in RULES)


def test_not_found_says_public_registry_date_and_to_ask_for_the_number() -> None:
    for by_number, what in ((True, "avec ce numéro"), (False, "de ce nom")):
        verdicts = not_found_verdicts(DATE, by_number=by_number)
        assert {v.status for v in verdicts.values()} == {Status.NOT_FOUND}
        text = verdicts[Act.HA_FILLER].explanation
        assert (
            f"Aucun médecin {what} dans le registre public RPPS (extraction du 2 novembre 2026)"
            in text
        )
        assert "numéro RPPS" in text
        assert "diffusion publique" in text


def _all_texts() -> list[str]:
    texts = [
        v.explanation
        for rule in RULES
        for v in verdicts_for(
            Profile(
                next(iter(rule.professions or {"60"})),
                next(iter(rule.categories or {"C"})),
                rule.savoir_faire_any or frozenset(),
            ),
            "Infirmier",
            DATE,
        ).values()
    ]
    return texts + [v.explanation for v in not_found_verdicts(None, by_number=False).values()]


@pytest.mark.parametrize(
    "forbidden", ["pas médecin", "pas un médecin", "pas un docteur", "faux médecin"]
)
def test_wording_never_says_not_a_doctor(forbidden: str) -> None:
    assert all(forbidden not in text.lower() for text in _all_texts())


def test_every_explanation_quotes_the_extraction_date() -> None:
    texts = [
        v.explanation
        for (p, c, s), _ in CASES
        for v in verdicts_for(Profile(p, c, frozenset(s)), "Sage-Femme", DATE).values()
    ]
    assert all("2 novembre 2026" in text for text in texts)
    assert all("{" not in text for text in texts)  # every placeholder filled


def _every_verdict() -> list[tuple[str, Act, ActVerdict]]:
    labels = {"SM26": "Médecine générale", "SM15": "Dermatologie et vénéréologie"}
    found = [
        (profile, act, verdict)
        for (profile, _expected) in CASES
        for act, verdict in verdicts_for(
            Profile(profile[0], profile[1], frozenset(profile[2])), "Infirmier", DATE, labels
        ).items()
    ]
    missing = not_found_verdicts(DATE, by_number=False)
    return [(str(p), a, v) for p, a, v in found] + [("?", a, v) for a, v in missing.items()]


def test_a_general_practitioner_gets_a_plain_no_for_toxin_with_the_reason_in_one_sentence() -> None:
    gp = Profile("10", "C", frozenset({"SM26"}))
    toxin = verdicts_for(gp, "Médecin", DATE, {"SM26": "Médecine générale"})[Act.BOTULINUM_TOXIN]
    assert toxin.answer.startswith("Ne peut pas injecter de toxine botulique esthétique : ")
    assert "dermatologues, chirurgiens plasticiens" in toxin.answer
    assert toxin.reason == (
        "Le registre public RPPS (extraction du 2 novembre 2026) l'inscrit comme médecin "
        "(Médecine générale), pas dans l'une de ces spécialités."
    )


def test_the_reason_names_the_specialty_the_rule_looked_at() -> None:
    both = Profile("10", "C", frozenset({"SM26", "SM15"}))
    labels = {"SM26": "Médecine générale", "SM15": "Dermatologie et vénéréologie"}
    toxin = verdicts_for(both, "Médecin", DATE, labels)[Act.BOTULINUM_TOXIN]
    assert toxin.answer == "Peut injecter de la toxine botulique esthétique"
    assert "médecin (Dermatologie et vénéréologie)" in toxin.reason
    bare = verdicts_for(Profile("10", "C", frozenset()), "Médecin", DATE)[Act.BOTULINUM_TOXIN]
    assert "médecin sans spécialité inscrite" in bare.reason
    nurse = verdicts_for(Profile("60", "C", frozenset()), "Infirmier", DATE)[Act.HA_FILLER]
    assert nurse.answer == "Ne peut pas injecter d'acide hyaluronique"
    assert "l'inscrit comme infirmier, pas comme médecin" in nurse.reason


def test_every_answer_comes_first_and_every_reason_is_one_dated_sentence() -> None:
    starts = ("Peut ", "Ne peut pas ", "Acide hyaluronique : ", "Toxine botulique", "Introuvable")
    for profile, act, verdict in _every_verdict():
        assert verdict.answer.startswith(starts), (profile, act)
        assert len(verdict.answer) <= 170, (profile, act)
        assert "2 novembre 2026" in verdict.reason, (profile, act)
        body = verdict.reason.rstrip(".")
        assert ". " not in body, (profile, act)
        assert "{" not in verdict.reason, (profile, act)
        assert verdict.status == Status.AUTHORISED or not verdict.answer.startswith("Peut ")


def test_the_status_and_the_answer_agree() -> None:
    for profile, act, verdict in _every_verdict():
        if verdict.status is Status.AUTHORISED:
            assert verdict.answer.startswith("Peut "), (profile, act)
        if verdict.status is Status.NOT_AUTHORISED:
            assert verdict.answer.startswith("Ne peut pas "), (profile, act)


@pytest.mark.parametrize(
    "forbidden", ["pas médecin", "pas un médecin", "pas un docteur", "faux médecin"]
)
def test_answers_and_reasons_never_say_not_a_doctor(forbidden: str) -> None:
    for _profile, _act, verdict in _every_verdict():
        assert forbidden not in verdict.answer.lower()
        assert forbidden not in verdict.reason.lower()
