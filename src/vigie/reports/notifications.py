"""What reporters are told by e-mail, and when: their case examined, transmitted, closed.

Only reporters who gave an address *and* ticked "prévenez-moi" are written to, once per change
(the outbox's key is the report and the change), in the transaction of the change itself. The
words are the tracking page's: neutral, nothing about the automatic analysis, nothing about other
reporters. Every message carries the tracking link and an unsubscribe link signed with the secret
key, so nobody can unsubscribe somebody else by guessing. A report filed from the English site is
written to in English (``Report.lang``), its links opening the English pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from pydantic import JsonValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.accounts import mail as account_mail
from vigie.config import Settings
from vigie.dates import french_date, long_date
from vigie.reports.models import Case, Report, ReportedAccount
from vigie.reports.outbox import enqueue, utcnow
from vigie.reports.public_status import DESTINATION_PHRASES
from vigie.reports.workflow import OUTCOME_LABELS, Destination, Outcome, Status

_SALT = "vigie.unsubscribe"
CASE_UPDATE = "case_update"

SUBJECTS: dict[Status, str] = {
    Status.TRIAGED: "Votre signalement a été examiné",
    Status.FORWARDED: "Votre signalement a été transmis",
    Status.CLOSED: "Le dossier de votre signalement est clos",
}


@dataclass(frozen=True)
class _Words:
    """A case update in one language: one template per moment, one body around it."""

    subjects: dict[Status, str]
    destinations: dict[Destination, str]
    outcomes: dict[Outcome, str]  # as they read after "closed: "
    forwarded: str  # {on}, {destination}
    closed: str  # {on}, {ending}
    ending: str  # {outcome}
    examined: str  # {on}
    body: str  # {account}, {filed_on}, {happened}, {track}, {stop}
    query: str  # added to the links, so they open the pages in this language


_WORDS = {
    "fr": _Words(
        subjects=SUBJECTS,
        destinations=DESTINATION_PHRASES,
        outcomes={k: v[:1].lower() + v[1:] for k, v in OUTCOME_LABELS.items()},
        forwarded=(
            "Le {on}, l'équipe de modération l'a transmis {destination}. La suite dépend "
            "désormais de cette autorité, qui ne tient pas Vigie informée de chaque étape."
        ),
        closed="Le {on}, le dossier a été clos{ending}. Merci d'avoir signalé ce compte.",
        ending=" : {outcome}",
        examined=(
            "Le {on}, l'équipe de modération l'a examiné. Elle décide maintenant de la suite "
            "(transmission à une autorité ou à la plateforme)."
        ),
        body=(
            "Bonjour,\n\nVous avez signalé le compte {account} à Vigie le {filed_on}.\n\n"
            "{happened}\n\nSuivre votre signalement : {track}\n\n"
            "Vous recevez ce message parce que vous avez demandé à être prévenu·e de l'avancement "
            "de ce signalement. Pour ne plus en recevoir : {stop}\n\n— L'équipe Vigie\n"
        ),
        query="",
    ),
    "en": _Words(
        subjects={
            Status.TRIAGED: "Your report has been examined",
            Status.FORWARDED: "Your report has been transmitted",
            Status.CLOSED: "The case of your report is closed",
        },
        destinations={
            Destination.ORDRE: "to the Ordre des médecins (medical council)",
            Destination.ARS: "to the regional health agency (ARS)",
            Destination.DGCCRF: "to the DGCCRF (consumer protection authority)",
            Destination.PROCUREUR: "to the public prosecutor",
            Destination.ANSM: "to the ANSM (medicines safety agency)",
            Destination.PLATFORM: "to the platform",
        },
        outcomes={
            Outcome.ACCOUNT_REMOVED: "account removed",
            Outcome.SANCTIONED: "sanction imposed",
            Outcome.NO_ACTION: "no further action",
            Outcome.DUPLICATE: "duplicate",
            Outcome.UNFOUNDED: "report unfounded",
            Outcome.WRONG_ACCOUNT: "wrong account",
        },
        forwarded=(
            "On {on}, the moderation team transmitted it {destination}. What happens next is up "
            "to this authority, which does not keep Vigie informed of every step."
        ),
        closed="On {on}, the case was closed{ending}. Thank you for reporting this account.",
        ending=": {outcome}",
        examined=(
            "On {on}, the moderation team examined it. It now decides what happens next "
            "(transmission to an authority or to the platform)."
        ),
        body=(
            "Hello,\n\nYou reported the account {account} to Vigie on {filed_on}.\n\n"
            "{happened}\n\nFollow your report: {track}\n\n"
            "You receive this message because you asked to be told how this report progresses. "
            "To stop receiving them: {stop}\n\n— The Vigie team\n"
        ),
        query="lang=en",
    ),
}


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=_SALT)


def unsubscribe_token(settings: Settings, report_id: int) -> str:
    return str(_serializer(settings).dumps(report_id))


def report_for_token(settings: Settings, token: str) -> int | None:
    try:
        value = _serializer(settings).loads(token[:200])
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def _what_happened(
    words: _Words, status: str, destination: str | None, outcome: str | None, on: str
) -> str:
    if status == Status.FORWARDED and destination in set(Destination):
        return words.forwarded.format(
            on=on, destination=words.destinations[Destination(destination)]
        )
    if status == Status.CLOSED:
        label = words.outcomes.get(Outcome(outcome), "") if outcome in set(Outcome) else ""
        ending = words.ending.format(outcome=label) if label else ""
        return words.closed.format(on=on, ending=ending)
    return words.examined.format(on=on)


ONE_CLICK = "List-Unsubscribe=One-Click"


def one_click_path(settings: Settings, tracking_code: str, report_id: int) -> str:
    """Where a mail provider posts a one-click unsubscribe (RFC 8058) for this report."""
    return (
        f"/suivi/{tracking_code}/desabonner/un-clic?jeton={unsubscribe_token(settings, report_id)}"
    )


def list_unsubscribe(
    template: str, params: dict[str, JsonValue], settings: Settings
) -> dict[str, str]:
    """``List-Unsubscribe`` with one-click ``List-Unsubscribe-Post`` (RFC 2369, RFC 8058) for a
    reporter's case update, so the mail program's own "unsubscribe" button works without opening
    anything (and large providers stop filing Vigie as bulk mail without one); nothing for other
    messages, whose recipients asked for them one by one."""
    if template != CASE_UPDATE:
        return {}
    base = settings.public_url.rstrip("/")
    path = one_click_path(settings, str(params["tracking_code"]), int(str(params["report_id"])))
    return {"List-Unsubscribe": f"<{base}{path}>", "List-Unsubscribe-Post": ONE_CLICK}


def render(template: str, params: dict[str, JsonValue], settings: Settings) -> tuple[str, str]:
    """The subject and body of a queued message (``outbox.Renderer``); the accounts domain's
    messages (sign-up, password reset, sign-in links) are worded by ``vigie.accounts.mail``."""
    if template in account_mail.TEMPLATES:
        return account_mail.render(template, params, settings)
    if template != CASE_UPDATE:
        raise KeyError(f"unknown mail template {template!r}")
    status = str(params["status"])
    base = settings.public_url.rstrip("/")
    track = f"{base}/suivi/{params['tracking_code']}"
    stop = f"{track}/desabonner?jeton={unsubscribe_token(settings, int(str(params['report_id'])))}"
    words = _WORDS["en" if params.get("lang") == "en" else "fr"]
    happened = _what_happened(
        words,
        status,
        str(params["destination"]) if params.get("destination") else None,
        str(params["outcome"]) if params.get("outcome") else None,
        str(params["on"]),
    )
    if words.query:
        track, stop = f"{track}?{words.query}", f"{stop}&{words.query}"
    body = words.body.format(
        account=params["account"],
        filed_on=params["filed_on"],
        happened=happened,
        track=track,
        stop=stop,
    )
    return f"{words.subjects[Status(status)]} — Vigie", body


def notify_reporters(
    session: Session,
    case_id: int,
    status: Status,
    *,
    destination: Destination | None = None,
    outcome: Outcome | None = None,
    version: int,
) -> int:
    """Queue one message per opted-in reporter of the case (merged cases included), in the
    caller's transaction; returns how many were queued. Nothing for a state reporters are not
    told about."""
    if status not in SUBJECTS:
        return 0
    case_ids = [case_id, *session.scalars(select(Case.id).where(Case.merged_into_id == case_id))]
    rows = session.execute(
        select(Report, ReportedAccount.platform, ReportedAccount.handle)
        .join(ReportedAccount, ReportedAccount.id == Report.account_id)
        .where(
            Report.case_id.in_(case_ids),
            Report.notify.is_(True),
            Report.contact_email.is_not(None),
        )
    ).all()
    now = utcnow()
    queued = 0
    for report, platform, handle in rows:
        english = report.lang == "en"
        params: dict[str, JsonValue] = {
            "report_id": report.id,
            "tracking_code": report.tracking_code,
            "account": f"{platform} @{handle}",
            "filed_on": long_date(report.created_at, "en")
            if english
            else french_date(report.created_at),
            "status": status.value,
            "destination": destination.value if destination else None,
            "outcome": outcome.value if outcome else None,
            "on": long_date(now, "en") if english else french_date(now),
        }
        if english:
            params["lang"] = "en"
        queued += enqueue(
            session,
            f"report:{report.id}:case-v{version}:{status.value}",
            report.contact_email or "",
            CASE_UPDATE,
            params,
        )
    return queued


def stop_notifying(session: Session, report_id: int, tracking_code: str) -> bool:
    """The unsubscribe link: the signed report id must match the tracking code of the page."""
    report = session.get(Report, report_id)
    if report is None or report.tracking_code != tracking_code:
        return False
    report.notify = False
    return True
