"""Registry tables: snapshots and, per snapshot, practitioners with their activities and savoir-faire.

Every row carries its ``snapshot_id``. A load writes a whole new snapshot beside the current one and
then flips ``registry_state.current_snapshot_id`` in one transaction, so readers never see a
half-loaded registry and a crash leaves the previous snapshot current. ``person_key`` is a dense
0..N-1 number per snapshot assigned by the loader: the search index addresses practitioners by it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from vigie.db.base import Base


class SnapshotStatus(StrEnum):
    LOADING = "loading"
    COMPLETE = "complete"
    FAILED = "failed"
    DROPPED = "dropped"  # an older snapshot whose rows were deleted; the row stays as history


class Snapshot(Base):
    __tablename__ = "registry_snapshot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(16), default=SnapshotStatus.LOADING)
    source_date: Mapped[dt.date | None] = mapped_column(Date)
    # Where source_date came from: file_stamp | zip_name | last_modified | load_time
    source_date_origin: Mapped[str] = mapped_column(String(32), default="load_time")
    source_files: Mapped[list[str]] = mapped_column(JSON, default=list)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    loaded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    loader_pid: Mapped[int | None] = mapped_column(Integer)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    persons: Mapped[int] = mapped_column(Integer, default=0)
    activities: Mapped[int] = mapped_column(Integer, default=0)
    savoir_faire: Mapped[int] = mapped_column(Integer, default=0)
    counts_by_profession: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    rejects_sample: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)


STATE_ID = 1  # the id of the single ``registry_state`` row


class RegistryState(Base):
    """A single row (id = ``STATE_ID``): which snapshot readers see, and the one kept before it."""

    __tablename__ = "registry_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    current_snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_snapshot.id", ondelete="SET NULL")
    )
    previous_snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_snapshot.id", ondelete="SET NULL")
    )


class Practitioner(Base):
    __tablename__ = "registry_practitioner"
    __table_args__ = (
        Index("ix_registry_practitioner_identifier", "snapshot_id", "identifier", unique=True),
    )

    snapshot_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    identifier_type: Mapped[str] = mapped_column(String(2))  # "8" RPPS, "0" ADELI
    identifier: Mapped[str] = mapped_column(String(16))
    national_id: Mapped[str] = mapped_column(String(20))
    title_code: Mapped[str] = mapped_column(Text, default="")  # civilité d'exercice: DR, PR
    civility_code: Mapped[str] = mapped_column(Text, default="")  # M, MME
    last_name: Mapped[str] = mapped_column(Text)
    first_name: Mapped[str] = mapped_column(Text)
    profession_code: Mapped[str] = mapped_column(Text)
    profession_label: Mapped[str] = mapped_column(Text)
    category_code: Mapped[str] = mapped_column(Text, default="")
    category_label: Mapped[str] = mapped_column(Text, default="")


class Activity(Base):
    __tablename__ = "registry_activity"

    snapshot_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    mode_code: Mapped[str] = mapped_column(Text, default="")
    site_name: Mapped[str] = mapped_column(Text, default="")
    sign_name: Mapped[str] = mapped_column(Text, default="")
    siret: Mapped[str] = mapped_column(Text, default="")
    finess: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(Text, default="")
    commune_code: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(Text, default="")
    sector_code: Mapped[str] = mapped_column(Text, default="")
    role_code: Mapped[str] = mapped_column(Text, default="")


class SavoirFaire(Base):
    __tablename__ = "registry_savoir_faire"

    snapshot_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    type_code: Mapped[str] = mapped_column(Text, default="")
    type_label: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str] = mapped_column(Text, default="")


# The snapshot tables' columns in the order the loader writes them (COPY / executemany) and the
# search index reads them back: one order, so a row tuple means the same thing at every step.
ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "registry_practitioner": (
        "snapshot_id",
        "person_key",
        "identifier_type",
        "identifier",
        "national_id",
        "title_code",
        "civility_code",
        "last_name",
        "first_name",
        "profession_code",
        "profession_label",
        "category_code",
        "category_label",
    ),
    "registry_activity": (
        "snapshot_id",
        "person_key",
        "seq",
        "mode_code",
        "site_name",
        "sign_name",
        "siret",
        "finess",
        "postcode",
        "city",
        "commune_code",
        "phone",
        "sector_code",
        "role_code",
        "address",
        "department",
    ),
    "registry_savoir_faire": (
        "snapshot_id",
        "person_key",
        "code",
        "type_code",
        "type_label",
        "label",
    ),
}
