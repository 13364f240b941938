"""An account's public status in English says the moderated facts of the French sentence, for
every status the public view can show (pure: the French comes from ``reports.public_status``)."""

from __future__ import annotations

import datetime as dt

import pytest

from english_check import french_words
from vigie.reports.public_status import CaseFacts, public_view
from vigie.reports.schemas_accounts import AccountLookup, ForwardedOut
from vigie.reports.workflow import Destination, Outcome, Status
from vigie.web.pages.account_status import status_sentence

CLOSED_AT = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
FORWARDED_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _lookup(facts: CaseFacts | None) -> AccountLookup:
    view = public_view(facts)
    return AccountLookup(
        query="@x",
        platform="instagram",
        handle="x",
        url=None,
        owner=None,
        public_status=view.public_status.value,
        message=view.message,
        reports_under_review=view.reports_under_review,
        forwarded=[
            ForwardedOut(destination=f.destination, forwarded_at=f.forwarded_at)
            for f in view.forwarded
        ],
        outcome=view.outcome.value if view.outcome else None,
        closed_at=view.closed_at,
        not_confirmed_for=[],
    )


@pytest.mark.parametrize(
    ("facts", "english"),
    [
        (None, "No reports about this account."),
        (CaseFacts(Status.NEW, None, 1), "1 report under review by the moderation team."),
        (CaseFacts(Status.NEW, None, 3), "3 reports under review by the moderation team."),
        (
            CaseFacts(
                Status.FORWARDED,
                None,
                2,
                forwards=((Destination.ORDRE, FORWARDED_AT), (Destination.PLATFORM, CLOSED_AT)),
            ),
            "Reports forwarded to the medical council (Ordre des médecins) on 20 November 2026 "
            "and to the platform on 1 December 2026. Forwarding does not prejudge the "
            "authority's decision.",
        ),
        (
            CaseFacts(Status.CLOSED, Outcome.ACCOUNT_REMOVED, 2, closed_at=CLOSED_AT),
            "Case closed on 1 December 2026: the platform removed the account.",
        ),
        (
            CaseFacts(Status.CLOSED, Outcome.SANCTIONED, 2, closed_at=CLOSED_AT),
            "Case closed on 1 December 2026: the authority it was referred to imposed a sanction.",
        ),
        (
            CaseFacts(Status.CLOSED, Outcome.UNFOUNDED, 2, closed_at=CLOSED_AT),
            "No report in progress for this account.",
        ),
    ],
)
def test_every_public_status_in_english(facts: CaseFacts | None, english: str) -> None:
    found = _lookup(facts)
    assert status_sentence(found, "fr") == found.message
    assert status_sentence(found, "en") == english
    assert french_words(english, ["Ordre des médecins"]) == []
