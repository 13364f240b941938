"""What reporters are told by e-mail, and when: their case examined, transmitted, closed.

Only reporters who gave an address *and* ticked "prévenez-moi" are written to, once per change
(the outbox's key is the report and the change), in the transaction of the change itself. The
words are the tracking page's: neutral, nothing about the automatic analysis, nothing about other
reporters. Every message carries the tracking link and an unsubscribe link signed with the secret
key, so nobody can unsubscribe somebody else by guessing. A report filed from the English site is
written to in English (``Report.lang``), its links opening the English pages.
"""

from __future__ import annotations

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


SUBJECTS_EN: dict[Status, str] = {
    Status.TRIAGED: "Your report has been examined",
    Status.FORWARDED: "Your report has been transmitted",
    Status.CLOSED: "The case of your report is closed",
}
DESTINATION_PHRASES_EN: dict[Destination, str] = {
    Destination.ORDRE: "to the Ordre des médecins (medical council)",
    Destination.ARS: "to the regional health agency (ARS)",
    Destination.DGCCRF: "to the DGCCRF (consumer protection authority)",
    Destination.PROCUREUR: "to the public prosecutor",
    Destination.ANSM: "to the ANSM (medicines safety agency)",
    Destination.PLATFORM: "to the platform",
}
OUTCOME_LABELS_EN: dict[Outcome, str] = {
    Outcome.ACCOUNT_REMOVED: "account removed",
    Outcome.SANCTIONED: "sanction imposed",
    Outcome.NO_ACTION: "no further action",
    Outcome.DUPLICATE: "duplicate",
    Outcome.UNFOUNDED: "report unfounded",
    Outcome.WRONG_ACCOUNT: "wrong account",
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


def _what_happened(status: str, destination: str | None, outcome: str | None, on: str) -> str:
    if status == Status.FORWARDED and destination in set(Destination):
        return (
            f"Le {on}, l'équipe de modération l'a transmis "
            f"{DESTINATION_PHRASES[Destination(destination)]}. La suite dépend désormais de cette "
            "autorité, qui ne tient pas Vigie informée de chaque étape."
        )
    if status == Status.CLOSED:
        label = OUTCOME_LABELS.get(Outcome(outcome), "") if outcome in set(Outcome) else ""
        ending = f" : {label[:1].lower()}{label[1:]}" if label else ""
        return f"Le {on}, le dossier a été clos{ending}. Merci d'avoir signalé ce compte."
    return (
        f"Le {on}, l'équipe de modération l'a examiné. Elle décide maintenant de la suite "
        "(transmission à une autorité ou à la plateforme)."
    )


def _what_happened_en(status: str, destination: str | None, outcome: str | None, on: str) -> str:
    if status == Status.FORWARDED and destination in set(Destination):
        return (
            f"On {on}, the moderation team transmitted it "
            f"{DESTINATION_PHRASES_EN[Destination(destination)]}. What happens next is up to this "
            "authority, which does not keep Vigie informed of every step."
        )
    if status == Status.CLOSED:
        label = OUTCOME_LABELS_EN.get(Outcome(outcome), "") if outcome in set(Outcome) else ""
        ending = f": {label}" if label else ""
        return f"On {on}, the case was closed{ending}. Thank you for reporting this account."
    return (
        f"On {on}, the moderation team examined it. It now decides what happens next "
        "(transmission to an authority or to the platform)."
    )


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
    facts = (
        status,
        str(params["destination"]) if params.get("destination") else None,
        str(params["outcome"]) if params.get("outcome") else None,
        str(params["on"]),
    )
    if params.get("lang") == "en":
        body = (
            "Hello,\n\n"
            f"You reported the account {params['account']} to Vigie on {params['filed_on']}.\n\n"
            f"{_what_happened_en(*facts)}\n\n"
            f"Follow your report: {track}?lang=en\n\n"
            "You receive this message because you asked to be told how this report progresses. "
            f"To stop receiving them: {stop}&lang=en\n\n"
            "— The Vigie team\n"
        )
        return f"{SUBJECTS_EN[Status(status)]} — Vigie", body
    body = (
        "Bonjour,\n\n"
        f"Vous avez signalé le compte {params['account']} à Vigie le {params['filed_on']}.\n\n"
        f"{_what_happened(*facts)}\n\n"
        f"Suivre votre signalement : {track}\n\n"
        "Vous recevez ce message parce que vous avez demandé à être prévenu·e de l'avancement "
        f"de ce signalement. Pour ne plus en recevoir : {stop}\n\n"
        "— L'équipe Vigie\n"
    )
    return f"{SUBJECTS[Status(status)]} — Vigie", body


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
