"""The case state machine as data: statuses, outcomes, destinations and ONE table of transitions.

``plan`` is the only place that decides whether a move is allowed and what it must carry (an outcome
to close, a destination to forward). Services apply the plan and write the audit event in the same
transaction; the table is what a reviewer reads to know every possible path of a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from vigie.errors import InvalidInput

E = TypeVar("E", bound=StrEnum)


class Status(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    FORWARDED = "forwarded"
    CLOSED = "closed"


class Outcome(StrEnum):
    ACCOUNT_REMOVED = "account_removed"
    SANCTIONED = "sanctioned"
    NO_ACTION = "no_action"
    DUPLICATE = "duplicate"
    UNFOUNDED = "unfounded"
    WRONG_ACCOUNT = "wrong_account"  # the reports named an account that is not the one meant


class Destination(StrEnum):
    ORDRE = "ordre"
    ARS = "ars"
    DGCCRF = "dgccrf"
    PROCUREUR = "procureur"
    ANSM = "ansm"
    PLATFORM = "platform"


STATUS_LABELS = {
    Status.NEW: "Nouveau",
    Status.TRIAGED: "Examiné",
    Status.FORWARDED: "Transmis",
    Status.CLOSED: "Clos",
}

OUTCOME_LABELS = {
    Outcome.ACCOUNT_REMOVED: "Compte supprimé",
    Outcome.SANCTIONED: "Sanction prononcée",
    Outcome.NO_ACTION: "Sans suite",
    Outcome.DUPLICATE: "Doublon",
    Outcome.UNFOUNDED: "Signalement infondé",
    Outcome.WRONG_ACCOUNT: "Erreur sur le compte",
}

DESTINATION_LABELS = {
    Destination.ORDRE: "Ordre des médecins",
    Destination.ARS: "Agence régionale de santé (ARS)",
    Destination.DGCCRF: "DGCCRF",
    Destination.PROCUREUR: "Procureur de la République",
    Destination.ANSM: "ANSM (vigilances)",
    Destination.PLATFORM: "Plateforme (notification DSA art. 16)",
}


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    kind: str
    needs_outcome: bool = False
    needs_destination: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.NEW, Status.TRIAGED, "triage"),
    Transition(Status.NEW, Status.CLOSED, "close", needs_outcome=True),
    Transition(Status.TRIAGED, Status.FORWARDED, "forward", needs_destination=True),
    Transition(Status.TRIAGED, Status.CLOSED, "close", needs_outcome=True),
    Transition(Status.FORWARDED, Status.FORWARDED, "forward", needs_destination=True),
    Transition(Status.FORWARDED, Status.CLOSED, "close", needs_outcome=True),
    Transition(Status.CLOSED, Status.TRIAGED, "reopen"),
)


@dataclass(frozen=True)
class Plan:
    transition: Transition
    outcome: Outcome | None
    destination: Destination | None


def allowed_targets(source: str) -> list[Status]:
    return [t.target for t in TRANSITIONS if t.source == source]


def _enum(kind: type[E], value: str | None, field: str) -> E | None:
    if value in (None, ""):
        return None
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(item.value for item in kind)
        raise InvalidInput(
            f"Valeur inconnue pour {field} : {value} (choix : {choices}).",
            details={"field": field},
        ) from None


def _label(status: str) -> str:
    """« Clos », as moderators read it (a value that is no status is quoted as it came)."""
    try:
        return f"« {STATUS_LABELS[Status(status)]} »"
    except ValueError:
        return f"« {status} »"


def plan(source: str, target: str, outcome: str | None, destination: str | None) -> Plan:
    """The transition to apply, or ``InvalidInput`` naming what is allowed from ``source``."""
    wanted = _enum(Status, target, "to")
    found = next((t for t in TRANSITIONS if t.source == source and t.target == wanted), None)
    if found is None:
        allowed = [s.value for s in allowed_targets(source)]
        raise InvalidInput(
            f"Un dossier ne peut pas passer de l'état {_label(source)} à l'état {_label(target)}.",
            details={"field": "to", "allowed": allowed},
        )
    chosen_outcome = _enum(Outcome, outcome, "outcome")
    chosen_destination = _enum(Destination, destination, "destination")
    if found.needs_outcome and chosen_outcome is None:
        raise InvalidInput(
            "Pour clore un dossier, choisissez son issue.", details={"field": "outcome"}
        )
    if found.needs_destination and chosen_destination is None:
        raise InvalidInput(
            "Pour transmettre un dossier, choisissez à qui.", details={"field": "destination"}
        )
    return Plan(
        found,
        chosen_outcome if found.needs_outcome else None,
        chosen_destination if found.needs_destination else None,
    )
