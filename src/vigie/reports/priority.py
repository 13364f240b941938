"""Which open case a moderator should open first, and why: a score from a few facts, each with
its reason shown beside the rank.

The weights are one reviewable table. Declared harm comes first (a person may be hurt now), then
possible impersonation of a registered physician (patients are being misled under a real name),
then how many distinct people reported the account, then the automatic analysis, then being late
on the deadline of the case's state. The analysis is one input among others on purpose: it is
never the only reason a case rises.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.config import DEFAULT_CASE_SLA_DAYS
from vigie.reports.account_lookup import possible_impersonation
from vigie.reports.models import Case, Report

WEIGHTS = {
    "harm": 40,
    "impersonation": 30,
    "reporter": 5,  # per distinct reporter beyond the first
    "reporters_max": 20,
    "risk_high": 20,
    "risk_medium": 10,
    "overdue": 10,
}


@dataclass(frozen=True)
class Ranking:
    score: int
    reasons: list[str]
    age_days: int
    overdue: bool


@dataclass(frozen=True)
class _Facts:
    harmed: bool
    reporters: int


def _facts(session: Session, case_ids: list[int]) -> dict[int, _Facts]:
    """Declared harm and distinct reporters per case (a reporter is their account, else their
    e-mail, else the report itself)."""
    harmed: dict[int, bool] = {}
    people: dict[int, set[str]] = {}
    if not case_ids:
        return {}
    rows = session.execute(
        select(
            Report.case_id, Report.id, Report.reporter_user_id, Report.contact_email, Report.harmed
        ).where(Report.case_id.in_(case_ids), Report.invalidated_at.is_(None))
    )
    for case_id, report_id, user_id, email, hurt in rows:
        harmed[case_id] = harmed.get(case_id, False) or bool(hurt)
        who = f"user:{user_id}" if user_id else f"mail:{email}" if email else f"report:{report_id}"
        people.setdefault(case_id, set()).add(who)
    return {case_id: _Facts(harmed[case_id], len(people[case_id])) for case_id in harmed}


def _as_utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def rank_cases(
    session: Session,
    cases: list[Case],
    *,
    sla_days: dict[str, int] | None = None,
    now: dt.datetime | None = None,
) -> dict[int, Ranking]:
    sla = DEFAULT_CASE_SLA_DAYS | (sla_days or {})
    moment = now or dt.datetime.now(dt.UTC)
    facts = _facts(session, [c.id for c in cases])
    out: dict[int, Ranking] = {}
    for case in cases:
        fact = facts.get(case.id, _Facts(False, 0))
        score, reasons = 0, []
        if fact.harmed:
            score += WEIGHTS["harm"]
            reasons.append("complication déclarée par un signalant")
        if case.status != "closed":
            for cited in possible_impersonation(session, case):
                score += WEIGHTS["impersonation"]
                reasons.append(f"usurpation possible de Dr {cited.name}")
                break
        if fact.reporters > 1:
            extra = min(WEIGHTS["reporter"] * (fact.reporters - 1), WEIGHTS["reporters_max"])
            score += extra
            reasons.append(f"{fact.reporters} signalants distincts")
        if case.risk_band == "high":
            score += WEIGHTS["risk_high"]
            reasons.append("analyse automatique : risque élevé")
        elif case.risk_band == "medium":
            score += WEIGHTS["risk_medium"]
            reasons.append("analyse automatique : risque moyen")
        since = _as_utc(case.status_since or case.created_at)
        limit = sla.get(case.status)
        overdue = limit is not None and (moment - since) > dt.timedelta(days=limit)
        if overdue:
            score += WEIGHTS["overdue"]
            reasons.append(f"en retard : plus de {limit} jour(s) dans cet état")
        age = (moment - _as_utc(case.created_at)).days
        out[case.id] = Ranking(score=score, reasons=reasons, age_days=age, overdue=overdue)
    return out
