"""The state machine table, without a database."""

from __future__ import annotations

import pytest

from vigie.errors import InvalidInput
from vigie.reports.workflow import TRANSITIONS, Status, plan


@pytest.mark.parametrize(
    ("source", "target", "outcome", "destination", "kind"),
    [
        ("new", "triaged", None, None, "triage"),
        ("new", "closed", "duplicate", None, "close"),
        ("triaged", "forwarded", None, "ordre", "forward"),
        ("forwarded", "forwarded", None, "platform", "forward"),
        ("forwarded", "closed", "account_removed", None, "close"),
        ("closed", "triaged", None, None, "reopen"),
    ],
)
def test_allowed(
    source: str, target: str, outcome: str | None, destination: str | None, kind: str
) -> None:
    assert plan(source, target, outcome, destination).transition.kind == kind


@pytest.mark.parametrize(
    ("source", "target", "outcome", "destination"),
    [
        ("new", "forwarded", None, "ars"),
        ("triaged", "closed", None, None),
        ("triaged", "closed", "maybe", None),
        ("triaged", "forwarded", None, None),
        ("triaged", "forwarded", None, "mars"),
        ("closed", "closed", "unfounded", None),
        ("new", "deleted", None, None),
    ],
)
def test_refused(source: str, target: str, outcome: str | None, destination: str | None) -> None:
    with pytest.raises(InvalidInput):
        plan(source, target, outcome, destination)


def test_every_status_can_be_left_and_reached() -> None:
    for status in Status:
        assert any(t.source == status for t in TRANSITIONS)
        assert status is Status.NEW or any(t.target == status for t in TRANSITIONS)
