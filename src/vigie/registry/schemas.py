"""Pydantic shapes of the registry's read side (status, diff), shared by the CLI and the JSON API."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class RejectedRow(BaseModel):
    file: str
    line: int
    reason: str


class FailedLoad(BaseModel):
    snapshot_id: int
    started_at: dt.datetime
    error: str


class RegistryStatus(BaseModel):
    """What is loaded: the licence requires showing the source ("RPPS") and the extraction date."""

    loaded: bool
    source: str = "RPPS (Annuaire Santé, extraction en libre accès)"
    snapshot_id: int | None = None
    previous_snapshot_id: int | None = None
    source_date: dt.date | None = None
    source_date_origin: str | None = Field(
        default=None,
        description="file_stamp, zip_name, last_modified, or load_time when the source gave no date",
    )
    source_files: list[str] = Field(default_factory=list)
    loaded_at: dt.datetime | None = None
    persons: int = 0
    activities: int = 0
    savoir_faire: int = 0
    rows_read: int = 0
    rows_rejected: int = 0
    counts_by_profession: dict[str, int] = Field(default_factory=dict)
    rejects_sample: list[RejectedRow] = Field(default_factory=list)
    last_failed_load: FailedLoad | None = Field(
        default=None, description="the latest load that failed after the current one, if any"
    )


class DiffPerson(BaseModel):
    identifier: str
    last_name: str
    first_name: str
    profession_code: str
    savoir_faire: list[str] = Field(default_factory=list)


class ChangedPerson(BaseModel):
    identifier: str
    last_name: str
    first_name: str
    profession_before: str
    profession_after: str
    savoir_faire_removed: list[str] = Field(default_factory=list)
    savoir_faire_added: list[str] = Field(default_factory=list)


class RegistryDiff(BaseModel):
    """Who appeared, disappeared or changed between the previous and the current snapshot."""

    before_snapshot_id: int
    after_snapshot_id: int
    before_source_date: dt.date | None
    after_source_date: dt.date | None
    appeared_count: int
    disappeared_count: int
    changed_count: int
    appeared: list[DiffPerson]
    disappeared: list[DiffPerson]
    changed: list[ChangedPerson]
    truncated: bool = Field(description="true when a list was cut at the limit")
