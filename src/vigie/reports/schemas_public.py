"""Pydantic shapes of what anyone may read: a reporter's tracking view and the public statistics
(aggregates only)."""

from __future__ import annotations

from pydantic import BaseModel

from vigie.reports.tracking import NextStep, Step, TrackingView


class TimelineStep(BaseModel):
    """One moderated step of the report's story; ``at`` is ISO 8601 (UTC), ``when`` the same
    moment as people read it, in Paris time."""

    at: str
    when: str
    kind: str
    label: str
    addressee: str | None = None
    outcome: str | None = None

    @classmethod
    def of(cls, step: Step) -> TimelineStep:
        return cls(
            at=step.at.isoformat(),
            when=step.when,
            kind=step.kind,
            label=step.label,
            addressee=step.addressee,
            outcome=step.outcome,
        )


class Next(BaseModel):
    """What happens next; ``expected_by`` (a Paris calendar day, ISO) is rough, from the
    deadline of the case's state, and null once closed or when late."""

    label: str
    note: str | None
    expected_by: str | None
    expected_on: str | None
    late: bool

    @classmethod
    def of(cls, step: NextStep) -> Next:
        expected = step.expected_by.isoformat() if step.expected_by else None
        return cls(
            label=step.label,
            note=step.note,
            expected_by=expected,
            expected_on=step.expected_on,
            late=step.late,
        )


class Tracking(BaseModel):
    """A reporter's view of their own report, times as ISO 8601, with its story (``timeline``,
    oldest first) and what happens ``next``."""

    tracking_code: str
    filed_at: str
    account: str
    status: str
    status_label: str
    outcome: str | None
    outcome_label: str | None
    updated_at: str
    harmed: bool
    timeline: list[TimelineStep]
    next: Next | None

    @classmethod
    def of(cls, view: TrackingView) -> Tracking:
        return cls(
            **view.__dict__
            | {
                "filed_at": view.filed_at.isoformat(),
                "updated_at": view.updated_at.isoformat(),
                "timeline": [TimelineStep.of(step) for step in view.timeline],
                "next": Next.of(view.next) if view.next else None,
            }
        )


class Count(BaseModel):
    key: str
    count: int


class Totals(BaseModel):
    reports: int
    cases: int


class Stats(BaseModel):
    totals: Totals
    reports_per_week: list[Count]
    cases_per_week: list[Count]
    reports_by_platform: list[Count]
    reports_by_department: list[Count]
    reports_by_act: list[Count]
    cases_by_platform: list[Count]
    cases_by_department: list[Count]
    cases_by_status: list[Count]
    cases_by_outcome: list[Count]
    median_hours_report_to_forward: float | None
    median_hours_report_to_close: float | None
