"""Pydantic shapes of what anyone may read: a reporter's tracking view and the public statistics
(aggregates only)."""

from __future__ import annotations

from pydantic import BaseModel

from vigie.reports.tracking import TrackingView


class Tracking(BaseModel):
    """A reporter's view of their own report, times as ISO 8601."""

    tracking_code: str
    filed_at: str
    account: str
    status: str
    status_label: str
    outcome: str | None
    outcome_label: str | None
    updated_at: str
    harmed: bool

    @classmethod
    def of(cls, view: TrackingView) -> Tracking:
        return cls(
            **view.__dict__
            | {"filed_at": view.filed_at.isoformat(), "updated_at": view.updated_at.isoformat()}
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
