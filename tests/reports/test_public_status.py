"""The public view of an account says only what moderators established, for every state a case
can be in — and nothing negative for a case closed as unfounded, a wrong account or without action."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from vigie.reports.public_status import (
    NOTHING,
    WORDING,
    CaseFacts,
    PublicStatus,
    public_view,
)
from vigie.reports.workflow import Destination, Outcome, Status

AT = dt.datetime(2026, 12, 1, 18, 48, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
# Words that would put an unchecked judgement under a person's handle.
ACCUSING = re.compile(r"risque|élevé|score|faux|fraud|illégal|dangereu|suspect", re.IGNORECASE)


def test_never_reported() -> None:
    assert public_view(None) is NOTHING
    assert NOTHING.public_status is PublicStatus.NO_REPORTS


@pytest.mark.parametrize(("status", "count"), [(Status.NEW, 1), (Status.TRIAGED, 3)])
def test_under_review_gives_only_a_count(status: Status, count: int) -> None:
    view = public_view(CaseFacts(status, None, count))
    assert view.public_status is PublicStatus.UNDER_REVIEW
    assert view.reports_under_review == count
    expected = "1 signalement en cours" if count == 1 else f"{count} signalements en cours"
    assert view.message.startswith(expected)


def test_forwarded_names_each_destination_once_with_its_first_date() -> None:
    forwards = ((Destination.ORDRE, AT), (Destination.ARS, LATER), (Destination.ORDRE, LATER))
    view = public_view(CaseFacts(Status.FORWARDED, None, 2, forwards=forwards))
    assert view.public_status is PublicStatus.FORWARDED
    assert [note.destination for note in view.forwarded] == ["ordre", "ars"]
    assert (
        "à l'Ordre des médecins le 1er décembre 2026 et à l'agence régionale de santé (ARS) le 3 décembre 2026"
        in view.message
    )


@pytest.mark.parametrize(
    ("outcome", "said"),
    [
        (Outcome.ACCOUNT_REMOVED, "la plateforme a supprimé le compte"),
        (Outcome.SANCTIONED, "l'autorité saisie a prononcé une sanction"),
    ],
)
def test_established_outcomes_are_said_with_the_date(outcome: Outcome, said: str) -> None:
    view = public_view(CaseFacts(Status.CLOSED, outcome, 4, closed_at=LATER))
    assert view.public_status is PublicStatus.CLOSED
    assert view.outcome is outcome
    assert view.message == f"Dossier clos le 3 décembre 2026 : {said}."


@pytest.mark.parametrize(
    "outcome",
    [Outcome.UNFOUNDED, Outcome.WRONG_ACCOUNT, Outcome.NO_ACTION, Outcome.DUPLICATE, None],
)
def test_other_closures_say_nothing_negative(outcome: Outcome | None) -> None:
    forwards = ((Destination.PROCUREUR, AT),)
    view = public_view(CaseFacts(Status.CLOSED, outcome, 3, closed_at=LATER, forwards=forwards))
    assert view.message == "Aucun signalement en cours pour ce compte."
    assert view.outcome is None
    assert view.forwarded == []
    assert view.reports_under_review is None


def test_no_sentence_of_the_table_accuses() -> None:
    for sentence in WORDING.values():
        assert not ACCUSING.search(sentence), sentence


def test_every_state_has_a_sentence() -> None:
    """Each status (and each outcome for a closed case) maps to a row of the table."""
    for status in Status:
        for outcome in (*Outcome, None):
            facts = CaseFacts(
                status,
                outcome if status is Status.CLOSED else None,
                1,
                AT,
                ((Destination.ORDRE, AT),),
            )
            view = public_view(facts)
            assert view.message
            assert "{" not in view.message
