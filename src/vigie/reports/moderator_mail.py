"""What moderators are told by e-mail: a new urgent case at once, everything else in one daily
digest.

A case is *urgent* when its priority (``reports.priority``) reaches ``URGENT_SCORE``
(``VIGIE_MAIL_URGENT_SCORE``): declared
harm alone, possible impersonation of a registered physician alone, or several lesser reasons
together. Urgent alerts are not hooked into filing: each drain (``vigie serve``'s drainer, ``vigie
mail send-pending``) looks at the cases still new and recently touched that were never announced,
ranks them as the queue does, and announces those that reached the bar — so a case that becomes
urgent later (a second reporter declares harm) is announced then, and the risk analysis that runs
after filing counts too. The digest is built once a Paris day, from ``DIGEST_HOUR`` (``VIGIE_MAIL_DIGEST_HOUR``), by whichever
drainer gets there first, or at any time by ``vigie mail digest``.

"Once" holds with several drainers because every announcement first inserts its key in
``mail_announcement`` (a primary key) in the transaction that queues its messages: the loser of a
race fails on the key and queues nothing. Each message also has its own outbox key per recipient.
Moderators opt out of either kind on ``/moderation/courriels``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import JsonValue
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vigie.accounts.models import User
from vigie.accounts.permissions import ROLE_PERMISSIONS, Permission
from vigie.config import Settings
from vigie.dates import PARIS, french_date
from vigie.reports.cases import QueueFilters, queue
from vigie.reports.models import Case, Report, ReportedAccount
from vigie.reports.models_mail import MailAnnouncement, ModeratorMailPreference
from vigie.reports.outbox import enqueue, utcnow
from vigie.reports.priority import WEIGHTS, rank_cases
from vigie.reports.workflow import Status

URGENT_SCORE = WEIGHTS["impersonation"]  # harm (40) or impersonation (30) alone reach it
ALERT_WINDOW = dt.timedelta(days=2)  # a case with no report that recent is the digest's, not news
ALERT_CAP = 500
DIGEST_HOUR = 8  # Paris time
DIGEST_TOP = 10
ALERT = "moderator_alert"
DIGEST = "moderator_digest"
TEMPLATES = frozenset({ALERT, DIGEST})
MODERATOR_ROLES = tuple(
    r.value for r, perms in ROLE_PERMISSIONS.items() if Permission.CASE_READ in perms
)


@dataclass(frozen=True)
class Preference:
    urgent: bool = True
    digest: bool = True


def preference(session: Session, user_id: int) -> Preference:
    row = session.get(ModeratorMailPreference, user_id)
    return Preference(row.urgent, row.digest) if row else Preference()


def set_preference(session: Session, user_id: int, *, urgent: bool, digest: bool) -> None:
    row = session.get(ModeratorMailPreference, user_id)
    if row is None:
        row = ModeratorMailPreference(user_id=user_id)
        session.add(row)
    row.urgent, row.digest, row.updated_at = urgent, digest, utcnow()


def recipients(session: Session, kind: str) -> list[tuple[int, str]]:
    """Active moderators and admins who did not opt out of ``kind`` (``urgent`` or ``digest``)."""
    wanted = getattr(ModeratorMailPreference, kind)
    rows = session.execute(
        select(User.id, User.email)
        .outerjoin(ModeratorMailPreference, ModeratorMailPreference.user_id == User.id)
        .where(
            User.role.in_(MODERATOR_ROLES),
            User.is_active.is_(True),
            or_(ModeratorMailPreference.user_id.is_(None), wanted.is_(True)),
        )
        .order_by(User.id)
    ).all()
    return [(uid, email) for uid, email in rows]


def _announce(session: Session, key: str, case_id: int | None, count: int) -> bool:
    """Claim an announcement key; ``False`` when it was already made (by us or another drainer)."""
    session.add(MailAnnouncement(key=key, case_id=case_id, created_at=utcnow(), recipients=count))
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        return False
    return True


def _accounts(session: Session, case_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    rows = session.execute(
        select(ReportedAccount.case_id, ReportedAccount.platform, ReportedAccount.handle)
        .where(ReportedAccount.case_id.in_(case_ids))
        .order_by(ReportedAccount.id)
    )
    for case_id, platform, handle in rows:
        found.setdefault(case_id, []).append(f"{platform}:@{handle}")
    return found


def queue_urgent_alerts(
    session: Session,
    sla_days: dict[str, int] | None = None,
    now: dt.datetime | None = None,
    urgent_score: int = URGENT_SCORE,
) -> int:
    """Announce every new, recently touched, never-announced case that is urgent now; returns
    the number of messages queued (in the caller's transaction)."""
    moment = now or utcnow()
    announced = select(MailAnnouncement.case_id).where(MailAnnouncement.case_id.is_not(None))
    recent = select(Report.case_id).where(Report.created_at >= moment - ALERT_WINDOW)
    candidates = list(
        session.scalars(
            select(Case)
            .where(
                Case.status == Status.NEW.value,
                Case.merged_into_id.is_(None),
                Case.id.in_(recent),
                Case.id.not_in(announced),
            )
            .order_by(Case.id)
            .limit(ALERT_CAP)
        )
    )
    ranks = rank_cases(session, candidates, sla_days=sla_days, now=moment)
    urgent = [case for case in candidates if ranks[case.id].score >= urgent_score]
    if not urgent:
        return 0
    people = recipients(session, "urgent")
    handles = _accounts(session, [case.id for case in urgent])
    queued = 0
    for case in urgent:
        if not _announce(session, f"alert:case:{case.id}", case.id, len(people)):
            continue
        rank = ranks[case.id]
        params: dict[str, JsonValue] = {
            "case_id": case.id,
            "accounts": list(handles.get(case.id, [])),
            "score": rank.score,
            "reasons": list(rank.reasons),
            "on": french_date(moment),
        }
        for uid, email in people:
            queued += enqueue(
                session, f"moderators:alert:{case.id}:user:{uid}", email, ALERT, params
            )
    return queued


def digest_day(now: dt.datetime | None = None, hour: int = DIGEST_HOUR) -> dt.date | None:
    """Today in Paris once ``hour`` has passed there, else ``None`` (not yet due)."""
    local = (now or utcnow()).astimezone(PARIS)
    return local.date() if local.hour >= hour else None


def queue_digest(
    session: Session,
    day: dt.date,
    sla_days: dict[str, int] | None = None,
    now: dt.datetime | None = None,
) -> int | None:
    """Queue the day's digest to every moderator who wants it; ``None`` when that day's digest
    was already built (by this or another process), else the number of messages queued."""
    people = recipients(session, "digest")
    if not _announce(session, f"digest:{day.isoformat()}", None, len(people)):
        return None
    moment = now or utcnow()
    top = queue(session, QueueFilters(), sla_days=sla_days)
    if top.total == 0:
        return 0
    late = queue(session, QueueFilters(overdue=True), sla_days=sla_days).total
    fresh = session.scalar(
        select(func.count(Case.id)).where(
            Case.created_at >= moment - dt.timedelta(days=1), Case.merged_into_id.is_(None)
        )
    )
    params: dict[str, JsonValue] = {
        "day": french_date(day),
        "open": top.total,
        "new": int(fresh or 0),
        "overdue": late,
        "cases": [
            {
                "case_id": item.case_id,
                "accounts": list(item.accounts),
                "status_label": item.status_label,
                "score": item.priority.score,
                "reasons": list(item.priority.reasons),
                "age_days": item.age_days,
                "overdue": item.overdue,
            }
            for item in top.items[:DIGEST_TOP]
        ],
    }
    queued = 0
    for uid, email in people:
        key = f"moderators:digest:{day.isoformat()}:user:{uid}"
        queued += enqueue(session, key, email, DIGEST, params)
    return queued


def _lines(values: list[JsonValue] | JsonValue) -> list[str]:
    return [str(v) for v in values] if isinstance(values, list) else []


def render(template: str, params: dict[str, JsonValue], settings: Settings) -> tuple[str, str]:
    """Subject and body of a moderators' message (``outbox.Renderer``)."""
    base = settings.public_url.rstrip("/")
    settings_link = f"Choisir les e-mails que vous recevez : {base}/moderation/courriels"
    if template == ALERT:
        case_id = int(str(params["case_id"]))
        accounts = ", ".join(_lines(params["accounts"])) or "compte inconnu"
        reasons = "\n".join(f"- {r}" for r in _lines(params["reasons"]))
        body = (
            f"Bonjour,\n\nUn nouveau dossier prioritaire attend l'équipe de modération "
            f"(priorité {params['score']}) :\n\nDossier n° {case_id} — {accounts}\n\n"
            f"Pourquoi il est prioritaire :\n{reasons}\n\n"
            f"Ouvrir le dossier : {base}/moderation/cas/{case_id}\n\n{settings_link}\n"
        )
        return f"Dossier prioritaire n° {case_id} : {accounts} — Vigie", body
    if template == DIGEST:
        cases = params["cases"] if isinstance(params["cases"], list) else []
        lines = [_digest_line(item, base) for item in cases if isinstance(item, dict)]
        body = (
            f"Bonjour,\n\nLa file de modération le {params['day']} : {params['open']} dossier(s) "
            f"ouvert(s), dont {params['new']} nouveau(x) depuis hier et {params['overdue']} en "
            f"retard.\n\nLes plus prioritaires :\n\n" + "\n\n".join(lines) + "\n\n"
            f"Toute la file : {base}/moderation\n\n{settings_link}\n"
        )
        return f"La file de modération du {params['day']} — Vigie", body
    raise KeyError(f"unknown mail template {template!r}")


def _digest_line(item: dict[str, JsonValue], base: str) -> str:
    accounts = ", ".join(_lines(item.get("accounts", []))) or "compte inconnu"
    late = ", en retard" if item.get("overdue") else ""
    reasons = "; ".join(_lines(item.get("reasons", []))) or "aucune raison particulière"
    return (
        f"- n° {item['case_id']} — {accounts} ({item['status_label']}, {item['age_days']} j"
        f"{late})\n  {reasons}\n  {base}/moderation/cas/{item['case_id']}"
    )
