"""Every message a moderator can get from the case workflow, the queue, bulk actions and dossiers
is French, and the catalogue has its English, values and all (pure, no database)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from vigie.errors import VigieError
from vigie.reports import bulk, history
from vigie.reports.cases import QueueFilters
from vigie.reports.dossier import parse_destination
from vigie.reports.workflow import STATUS_LABELS, plan
from vigie.web.i18n import catalogue, translate

RAISERS: list[tuple[Callable[[], object], str]] = [
    (lambda: plan("new", "forwarded", None, None), "A case cannot go from “New” to “Forwarded”."),
    (lambda: plan("new", "closed", None, None), "To close a case, choose its outcome."),
    (lambda: plan("triaged", "forwarded", None, None), "To forward a case, choose to whom."),
    (
        lambda: plan("new", "closed", "gone", None),
        "Unknown value for outcome: gone (choices: account_removed, sanctioned, no_action, "
        "duplicate, unfounded, wrong_account).",
    ),
    (lambda: QueueFilters(status="bogus").checked(), "Unknown state: 'bogus'."),
    (lambda: QueueFilters(older_than=9_999).checked(), "The age goes from 0 to 3650 days."),
    (lambda: bulk.checked_selection([]), "Check at least one case."),
    (
        lambda: bulk.checked_selection([bulk.Selected(n, 1) for n in range(1, 102)]),
        "At most 100 cases at a time.",
    ),
    (
        lambda: parse_destination("mairie"),
        "Unknown addressee: mairie (choices: ordre|ars|dgccrf|procureur|ansm|platform).",
    ),
]


@pytest.mark.parametrize(("raise_it", "english"), RAISERS)
def test_each_moderator_message_is_french_with_its_english(
    raise_it: Callable[[], object], english: str
) -> None:
    with pytest.raises(VigieError) as caught:
        raise_it()
    assert translate(caught.value.message, "en") == english


def test_history_labels_have_their_english() -> None:
    labels = {*history.EVENT_LABELS.values(), history.ANONYMOUS, history.REPORTER}
    labels |= {history.MODERATION, *STATUS_LABELS.values()}
    assert sorted(labels - set(catalogue("en"))) == []


def test_a_stale_row_is_named_in_english_too() -> None:
    french = (
        "Dossier n° 12 : il a été modifié par quelqu'un d'autre depuis que vous avez ouvert la "
        "file. Rien n'a été changé dans la sélection : rechargez la file."
    )
    assert translate(french, "en") == (
        "Case 12: someone else changed it since you opened the queue. Nothing in the selection "
        "was changed: reload the queue."
    )
    assert translate(
        "Dossier n° 7 : il est déjà clos. Rien n'a été changé dans la sélection.", "en"
    ) == ("Case 7: it is already closed. Nothing in the selection was changed.")
