"""Pydantic shapes of a verification: the contract of ``vigie verify --json`` and ``/api/v1/practitioners``.

``VerifyResult.model_dump(mode="json")`` is the JSON the CLI prints and the API returns, so the two
cannot drift apart. Fields beyond the issue's contract (``total_matches``, ``homonyms``, ``parsed``…)
are additions; none of the contract's fields is renamed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from vigie.registry.verdict import ActVerdict, Status


class SavoirFaireOut(BaseModel):
    code: str
    label: str
    type: str = Field(description="Type savoir-faire: S spécialité, C compétence, CAPA, DNQ…")


class ActivityOut(BaseModel):
    city: str
    postcode: str
    department: str
    site_name: str
    address: str = Field(default="", description="Street address of the site, as registered.")
    phone: str = Field(default="", description="The site's phone number, as registered.")


class VerdictOut(BaseModel):
    status: Status
    rule: str = Field(description="Id of the legal rule applied (see the legal basis table).")
    explanation: str = Field(description="Plain French explanation, with the extraction date.")
    answer: str = Field(
        default="", description="The answer in one line, first words a patient reads."
    )
    reason: str = Field(
        default="", description="The personal reason in one sentence, with the extraction date."
    )

    @classmethod
    def of(cls, verdict: ActVerdict) -> VerdictOut:
        return cls(
            status=verdict.status,
            rule=verdict.rule,
            explanation=verdict.explanation,
            answer=verdict.answer,
            reason=verdict.reason,
        )


class Verdicts(BaseModel):
    ha_filler: VerdictOut
    botulinum_toxin: VerdictOut
    mesotherapy: VerdictOut


class Candidate(BaseModel):
    """A registry practitioner matching the query. A name match is a candidate, never a yes."""

    identifier: str
    identifier_type: Literal["RPPS", "ADELI"]
    last_name: str
    first_name: str
    title: str = Field(
        default="", description="Civilité d'exercice as registered (DR, PR) or empty."
    )
    profession_code: str
    profession: str
    category_code: str
    savoir_faire: list[SavoirFaireOut]
    activities: list[ActivityOut]
    score: float = Field(description="Name similarity in [0, 1]; 1.0 for an identifier match.")
    verdicts: Verdicts


class IdentifierCheckOut(BaseModel):
    value: str
    valid: bool
    reason: str
    type: Literal["RPPS", "ADELI"] | None = None


class ParsedOut(BaseModel):
    """What the free query was understood to contain."""

    kind: Literal["identifier", "name", "empty"]
    name: str = ""
    title: str | None = None
    identifier: str | None = None
    city: str | None = None
    postcode: str | None = None
    department: str | None = None
    profession: str | None = None


class VerifyResult(BaseModel):
    query: str
    source: Literal["RPPS"] = "RPPS"
    source_date: dt.date | None
    snapshot_id: int
    identifier_check: IdentifierCheckOut | None
    candidates: list[Candidate]
    total_matches: int = Field(
        description="Candidates above the match threshold, before the limit."
    )
    homonyms: int = Field(
        description="Persons in the registry bearing the best candidate's exact name."
    )
    truncated: bool = Field(description="True when more candidates matched than were returned.")
    parsed: ParsedOut
    not_found_verdicts: Verdicts | None = Field(
        default=None, description="The per-act 'not found' verdicts when no candidate matched."
    )
    message: str = Field(default="", description="A plain French summary line for people.")
