"""How the scanner asks the practitioner registry about a claimed number or "Dr Firstname Lastname".

The scanner depends only on the ``RegistryLookup`` protocol. ``SessionRegistry`` implements it over a
database session with the registry domain's search services; ``StaticRegistry`` holds a fixed list
of people (offline demos, tests of the cross-check rules without a loaded registry).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.config import Settings
from vigie.registry import verify as registry_verify
from vigie.registry.models import RegistryState
from vigie.registry.search.current import current_snapshot_info
from vigie.registry.verdict import format_date

PHYSICIAN_PROFESSION_CODE = "10"


@dataclass(frozen=True, slots=True)
class RegistryPerson:
    identifier: str
    first_name: str
    last_name: str
    profession_code: str
    profession: str

    @property
    def is_physician(self) -> bool:
        return self.profession_code == PHYSICIAN_PROFESSION_CODE

    @property
    def display(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.profession or self.profession_code})"


class RegistryLookup(Protocol):
    """What the cross-checks need from the registry."""

    def by_identifier(self, identifier: str) -> RegistryPerson | None:
        """The practitioner holding this RPPS/ADELI number in the current snapshot."""
        ...

    def search_name(self, name: str) -> list[RegistryPerson]:
        """Ranked candidates for a free name query (best first, a handful at most)."""
        ...

    def source_date(self) -> str | None:
        """Extraction date of the current snapshot (YYYY-MM-DD), quoted in explanations."""
        ...


def person_from(candidate: Any) -> RegistryPerson:
    """Read a candidate object or dict in the shape of ``vigie verify --json`` (issue 3)."""
    data: Mapping[str, Any]
    if isinstance(candidate, Mapping):
        data = candidate
    elif hasattr(candidate, "model_dump"):
        data = candidate.model_dump()
    elif dataclasses.is_dataclass(candidate) and not isinstance(candidate, type):
        data = dataclasses.asdict(candidate)
    else:
        data = vars(candidate)
    return RegistryPerson(
        identifier=str(data.get("identifier", "")),
        first_name=str(data.get("first_name", "") or ""),
        last_name=str(data.get("last_name", "") or ""),
        profession_code=str(data.get("profession_code", "") or ""),
        profession=str(data.get("profession", "") or ""),
    )


def _field(result: Any, name: str) -> Any:
    if isinstance(result, Mapping):
        return result.get(name)
    return getattr(result, name, None)


class StaticRegistry:
    """A fixed set of practitioners; name search matches every word of the query."""

    def __init__(self, people: Iterable[RegistryPerson], source_date: str | None = None) -> None:
        self._people = list(people)
        self._by_id = {p.identifier: p for p in self._people}
        self._date = source_date

    def by_identifier(self, identifier: str) -> RegistryPerson | None:
        return self._by_id.get(identifier)

    def search_name(self, name: str) -> list[RegistryPerson]:
        words = {w.casefold() for w in name.replace("-", " ").split()}
        return [
            p
            for p in self._people
            if words
            and words
            <= {w.casefold() for w in f"{p.first_name} {p.last_name}".replace("-", " ").split()}
        ]

    def source_date(self) -> str | None:
        return self._date


class SessionRegistry:
    """The live registry through the registry domain's services (``vigie.registry.verify``)."""

    def __init__(self, session: Session, settings: Settings, limit: int = 5) -> None:
        self._session = session
        self._settings = settings
        self._limit = limit
        self._date: str | None = None

    def by_identifier(self, identifier: str) -> RegistryPerson | None:
        found = registry_verify.practitioner_by_identifier(
            self._session, self._settings, identifier
        )
        return None if found is None else person_from(found)

    def search_name(self, name: str) -> list[RegistryPerson]:
        result = registry_verify.verify(self._session, self._settings, name, limit=self._limit)
        return [person_from(c) for c in (_field(result, "candidates") or [])]

    def source_date(self) -> str | None:
        if self._date is None:
            self._date = format_date(
                current_snapshot_info(self._session, self._settings).source_date
            )
        return self._date


def current_registry(session: Session, settings: Settings) -> RegistryLookup | None:
    """The live registry when a snapshot is current, else ``None``.

    Scanning never fails for want of a registry: without one, only the pure cross-checks run.
    """
    current = session.scalar(select(RegistryState.current_snapshot_id).where(RegistryState.id == 1))
    return None if current is None else SessionRegistry(session, settings)
