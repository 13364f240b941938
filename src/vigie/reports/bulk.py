"""Actions on a selection of cases from the queue: assign them (to oneself or a colleague), or
close them as duplicates of one case.

All or nothing: a selection is one decision, so it runs in one transaction and the first row
that cannot be changed (someone else moved it since the queue was read, it was merged, it is the
case it would duplicate) stops everything, with an error naming that row; nothing of the
selection is changed and the moderator reloads the queue and decides again. A per-row result
would leave the team with half a decision applied that nobody took. Each row names the version
it was read at, exactly like a single change, and each change is its own audit event on its case
(``assignment.assign``, ``merging.merge``).

Closing as a duplicate *merges* the case into the one it duplicates: its accounts and reports
move there (so they count for that case's priority and dossiers), and it closes with the outcome
"Doublon" — the same operation as "Fusionner" on a case page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser
from vigie.errors import Conflict, InvalidInput, NotFound, PermissionDenied, VigieError
from vigie.reports import assignment, merging
from vigie.reports.cases import get_case
from vigie.reports.schemas_cases import BulkDone, BulkRow
from vigie.reports.workflow import Status

MAX_SELECTION = 100  # four queue pages; a larger sweep is a script's job, through the API


class BulkAction(StrEnum):
    ASSIGN = "assign"
    CLOSE_DUPLICATE = "close_duplicate"


@dataclass(frozen=True)
class Selected:
    case_id: int
    version: int


def parse_action(value: str) -> BulkAction:
    try:
        return BulkAction(value)
    except ValueError:
        raise InvalidInput(
            "Action inconnue : choisissez « attribuer » (assign) ou « fermer comme doublon » "
            "(close_duplicate).",
            details={"field": "action"},
        ) from None


def checked_selection(rows: list[Selected]) -> list[Selected]:
    """The selection without repeats, in the order given; refused when empty or too large."""
    if not rows:
        raise InvalidInput("Cochez au moins un dossier.", details={"field": "cases"})
    kept: dict[int, Selected] = {}
    for row in rows:
        kept.setdefault(row.case_id, row)
    if len(kept) > MAX_SELECTION:
        raise InvalidInput(
            f"Au plus {MAX_SELECTION} dossiers à la fois.", details={"field": "cases"}
        )
    return list(kept.values())


def apply(
    session: Session,
    actor: CurrentUser,
    action: BulkAction,
    rows: list[Selected],
    *,
    to_user_id: int | None = None,
    duplicate_of: int | None = None,
) -> BulkDone:
    """Apply ``action`` to every selected case, or to none (see the module docstring)."""
    need = Permission.CASE_ASSIGN if action is BulkAction.ASSIGN else Permission.CASE_MERGE
    if not actor.can(need):
        raise PermissionDenied("Votre rôle ne permet pas cette action sur les dossiers.")
    selection = checked_selection(rows)
    if action is BulkAction.CLOSE_DUPLICATE:
        target = _duplicate_target(session, duplicate_of, selection)
    done: list[BulkRow] = []
    for row in selection:
        try:
            if action is BulkAction.ASSIGN:
                changed = assignment.assign(
                    session, actor, row.case_id, to_user_id, expected_version=row.version
                )
                done.append(BulkRow(case_id=row.case_id, version=changed.version))
            else:
                _merge_checked(session, actor, target, row)
                done.append(BulkRow(case_id=row.case_id, version=row.version + 1))
        except VigieError as exc:
            raise _named(exc, row) from None
    return BulkDone(
        action=action.value, cases=done, assigned_to=to_user_id, duplicate_of=duplicate_of
    )


def _duplicate_target(session: Session, case_id: int | None, rows: list[Selected]) -> int:
    if case_id is None:
        raise InvalidInput(
            "Indiquez le numéro du dossier dont ils sont les doublons.",
            details={"field": "duplicate_of"},
        )
    try:
        target = get_case(session, case_id)
    except NotFound:  # a number naming no case: 404 (the API's schema already said its shape)
        raise NotFound(
            f"Aucun dossier n° {case_id} : vérifiez le numéro du dossier à garder.",
            details={"field": "duplicate_of"},
        ) from None
    if target.merged_into_id is not None:
        raise InvalidInput(
            f"Le dossier n° {case_id} a été fusionné dans le n° {target.merged_into_id} : "
            "indiquez plutôt celui-ci.",
            details={"field": "duplicate_of"},
        )
    if any(row.case_id == case_id for row in rows):
        raise InvalidInput(
            f"Le dossier n° {case_id} est dans la sélection : il ne peut pas être son propre "
            "doublon. Décochez-le.",
            details={"field": "cases", "case_id": case_id},
        )
    return case_id


def _merge_checked(session: Session, actor: CurrentUser, target: int, row: Selected) -> None:
    case = get_case(session, row.case_id)
    if case.version != row.version:
        raise Conflict("stale", details={"case_id": row.case_id, "expected_version": row.version})
    if case.merged_into_id is not None:
        raise InvalidInput(
            f"il a déjà été fusionné dans le n° {case.merged_into_id}",
            details={"field": "cases"},
        )
    if case.status == Status.CLOSED:
        raise InvalidInput("il est déjà clos", details={"field": "cases"})
    merging.merge(session, actor, target, row.case_id, f"Doublon du dossier n° {target}.")


def _named(exc: VigieError, row: Selected) -> VigieError:
    """The same error, its message naming the row and saying that nothing was changed."""
    if exc.details.get("field") in ("to", "duplicate_of"):
        return exc  # about the colleague or the kept case, not about this row
    details = exc.details | {"case_id": row.case_id}
    if isinstance(exc, Conflict):
        message = (
            f"Dossier n° {row.case_id} : il a été modifié par quelqu'un d'autre depuis que vous "
            "avez ouvert la file. Rien n'a été changé dans la sélection : rechargez la file."
        )
        return Conflict(message, details=details)
    if isinstance(exc, NotFound):
        message = f"Aucun dossier n° {row.case_id}. Rien n'a été changé dans la sélection."
        return NotFound(message, details=details)
    reason = exc.message.rstrip(".")
    message = f"Dossier n° {row.case_id} : {reason}. Rien n'a été changé dans la sélection."
    return type(exc)(message, details=details)
