"""Trusted timestamps (RFC 3161) of evidence: a TSA signs "this SHA-256 existed at this time".

When evidence is received Vigie writes a ``pending`` row, then asks ``VIGIE_TSA_URL`` for a token
over the file's SHA-256. The answer is read with asn1crypto and accepted only when the TSA granted
it, its imprint is that SHA-256 with SHA-256, its nonce is ours and (with ``VIGIE_TSA_CA_FILE``) its
signature chains to that CA, checked by ``openssl ts -verify``, the command the dossier tells
recipients to run. Anything else (timeout, a 500, garbage, a token for another hash, an unknown
CA) leaves the row pending with the reason, never the evidence lost; ``retry_pending`` asks again.

Errors: ``TimestampError`` (the TSA's answer is unusable; its message names why).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import secrets
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
from asn1crypto import cms, tsp
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.reports.models import Evidence
from vigie.reports.models_dossier import EvidenceTimestamp

PENDING = "pending"
STAMPED = "stamped"
QUERY_TYPE = "application/timestamp-query"
MAX_REPLY_BYTES = 64 * 1024
LOG = logging.getLogger(__name__)


class TimestampError(Exception):
    """The TSA could not be reached or its answer cannot be trusted."""


@dataclass(frozen=True)
class Token:
    tsa: str
    time: dt.datetime
    der: bytes

    def as_json(self) -> dict[str, str]:
        return {
            "tsa": self.tsa,
            "time": self.time.isoformat(),
            "token_b64": base64.b64encode(self.der).decode("ascii"),
        }


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def build_request(sha256: str, nonce: int) -> bytes:
    """A DER ``TimeStampReq`` over a SHA-256 digest, asking for the TSA's certificate too."""
    request = tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": {"algorithm": "sha256"},
                "hashed_message": bytes.fromhex(sha256),
            },
            "nonce": nonce,
            "cert_req": True,
        }
    )
    return bytes(request.dump())


def token_info(der: bytes) -> tuple[str, dt.datetime, int | None]:
    """The (hex SHA-256 imprint, generation time, nonce) a token attests, or ``TimestampError``."""
    try:
        content = cms.ContentInfo.load(der)
        signed = content["content"]
        info = signed["encap_content_info"]["content"].parsed
        imprint = info["message_imprint"]
        if imprint["hash_algorithm"]["algorithm"].native != "sha256":
            raise TimestampError("the token's imprint is not a SHA-256")
        digest = bytes(imprint["hashed_message"].native).hex()
        gen_time = info["gen_time"].native
        nonce = info["nonce"].native
    except TimestampError:
        raise
    except Exception as exc:  # asn1crypto raises ValueError, TypeError, KeyError… on junk
        raise TimestampError(f"the token cannot be read ({type(exc).__name__})") from None
    return digest, gen_time.astimezone(dt.UTC), nonce


def authority(der: bytes) -> str:
    """The TSA's name as its certificate in the token gives it (``""`` if the token has none)."""
    try:
        signed = cms.ContentInfo.load(der)["content"]
        for choice in signed["certificates"] or []:
            subject = choice.chosen.subject.native
            if subject.get("common_name"):
                return str(subject["common_name"])[:200]
    except Exception:  # a token we could not read names no authority
        return ""
    return ""


def read_reply(reply: bytes, sha256: str, nonce: int) -> tuple[bytes, dt.datetime]:
    """The token DER and its time from a ``TimeStampResp``, checked against what was asked."""
    try:
        response = tsp.TimeStampResp.load(reply)
        status = response["status"]["status"].native
        token = response["time_stamp_token"]
        token_der = bytes(token.dump()) if token.native is not None else b""
    except Exception as exc:
        reason = f"the TSA's answer is not a timestamp reply ({type(exc).__name__})"
        raise TimestampError(reason) from None
    if status not in ("granted", "granted_with_mods") or not token_der:
        raise TimestampError(f"the TSA refused the request (status {status})")
    digest, gen_time, got_nonce = token_info(token_der)
    if digest != sha256:
        raise TimestampError("the TSA's token is for another hash")
    if got_nonce != nonce:
        raise TimestampError("the TSA's token carries another nonce (a replayed answer?)")
    return token_der, gen_time


def openssl_verify(token_der: bytes, sha256: str, ca_file: Path) -> str | None:
    """``None`` when ``openssl ts -verify`` accepts the token for this digest under ``ca_file``,
    else its reason (the last line openssl printed)."""
    with tempfile.NamedTemporaryFile(suffix=".tst") as handle:
        handle.write(token_der)
        handle.flush()
        args = ["openssl", "ts", "-verify", "-digest", sha256, "-in", handle.name, "-token_in"]
        try:
            done = subprocess.run(  # noqa: S603 (fixed arguments, no shell; the digest is hex)
                [*args, "-CAfile", str(ca_file)], capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"openssl could not be run ({exc})"
    if done.returncode == 0 and "Verification: OK" in done.stdout:
        return None
    return _openssl_reason(done.stderr)


def _openssl_reason(stderr: str) -> str:
    """``unable to get local issuer certificate`` out of openssl's
    ``…:error:17800064:time stamp routines:ts_verify_cert:…:Verify error:unable to get…``."""
    for line in stderr.splitlines():
        if ":error:" in line:
            if "Verify error:" in line:
                return line.rsplit("Verify error:", 1)[1].strip()[:200]
            parts = line.split(":")
            return (parts[5] if len(parts) > 5 else line)[:200]
    return "verification failed"


def ask_tsa(settings: Settings, sha256: str) -> Token:
    """One request to the configured TSA; ``TimestampError`` naming what went wrong."""
    nonce = secrets.randbits(63)
    try:
        answer = httpx.post(
            settings.tsa_url,
            content=build_request(sha256, nonce),
            headers={"content-type": QUERY_TYPE},
            timeout=settings.tsa_timeout_seconds,
        )
    except httpx.TimeoutException:
        raise TimestampError("the TSA did not answer in time") from None
    except httpx.HTTPError as exc:
        raise TimestampError(f"the TSA cannot be reached ({type(exc).__name__})") from None
    if answer.status_code != 200:
        raise TimestampError(f"the TSA answered HTTP {answer.status_code}")
    if len(answer.content) > MAX_REPLY_BYTES:
        raise TimestampError("the TSA's answer is too large")
    token_der, gen_time = read_reply(answer.content, sha256, nonce)
    if settings.tsa_ca_file is not None:
        problem = openssl_verify(token_der, sha256, settings.tsa_ca_file)
        if problem is not None:
            raise TimestampError(f"the token's signature does not verify: {problem}")
    return Token(settings.tsa_url, gen_time, token_der)


def stamp(factory: sessionmaker[Session], settings: Settings, evidence_ids: list[int]) -> int:
    """Ask a token for each evidence row (a pending row first); returns how many got one. Never
    raises for a TSA fault: the row stays pending with the reason, and the rows after it stay
    pending unasked (a report's response waits for one TSA timeout at most, not one per file)."""
    if not settings.tsa_url or not evidence_ids:
        return 0
    with transaction(factory) as session:
        digests = _mark_pending(session, evidence_ids)
    stamped = 0
    for evidence_id, sha256 in digests:
        try:
            token: Token | None = ask_tsa(settings, sha256)
            error = ""
        except TimestampError as exc:
            token, error = None, str(exc)
        with transaction(factory) as session:
            _record(session, evidence_id, token, error)
        if token is None:
            break  # a failing TSA is not asked again for the rest: one timeout at most per batch
        stamped += 1
    return stamped


def stamp_report(factory: sessionmaker[Session], settings: Settings, report_id: int) -> None:
    """Timestamp a just-filed report's evidence, best effort: whatever fails here (the TSA, the
    database) is logged and leaves the report as filed; pending rows are retried later."""
    if not settings.tsa_url:
        return
    try:
        with factory() as session:
            ids = list(session.scalars(select(Evidence.id).where(Evidence.report_id == report_id)))
        stamp(factory, settings, ids)
    except Exception:
        LOG.exception("timestamping the evidence of report %s failed; left pending", report_id)


def _mark_pending(session: Session, evidence_ids: list[int]) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Evidence.id, Evidence.sha256, EvidenceTimestamp.status)
        .outerjoin(EvidenceTimestamp, EvidenceTimestamp.evidence_id == Evidence.id)
        .where(Evidence.id.in_(evidence_ids))
        .order_by(Evidence.id)
    ).all()
    todo = []
    for evidence_id, sha256, status in rows:
        if status == STAMPED:
            continue
        if status is None:
            session.add(
                EvidenceTimestamp(
                    evidence_id=evidence_id,
                    status=PENDING,
                    tsa="",
                    attempts=0,
                    last_error="",
                    updated_at=utcnow(),
                )
            )
        todo.append((evidence_id, sha256))
    return todo


def _record(session: Session, evidence_id: int, token: Token | None, error: str) -> None:
    row = session.scalar(
        select(EvidenceTimestamp).where(EvidenceTimestamp.evidence_id == evidence_id)
    )
    if row is None:
        return
    row.attempts += 1
    row.updated_at = utcnow()
    if token is None:
        row.last_error = error[:300]
        return
    row.status, row.tsa, row.token = STAMPED, token.tsa[:300], token.der
    row.gen_time, row.last_error = token.time, ""


def pending_ids(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(EvidenceTimestamp.evidence_id)
            .where(EvidenceTimestamp.status == PENDING)
            .order_by(EvidenceTimestamp.evidence_id)
        )
    )


def retry_pending(factory: sessionmaker[Session], settings: Settings) -> tuple[int, int]:
    """Ask again for every pending timestamp: (stamped now, still pending)."""
    with factory() as session:
        ids = pending_ids(session)
    done = stamp(factory, settings, ids)
    return done, len(ids) - done


def tokens_by_evidence(session: Session, evidence_ids: list[int]) -> dict[int, EvidenceTimestamp]:
    if not evidence_ids:
        return {}
    rows = session.scalars(
        select(EvidenceTimestamp).where(EvidenceTimestamp.evidence_id.in_(evidence_ids))
    )
    return {row.evidence_id: row for row in rows}


def stored_token(row: EvidenceTimestamp | None) -> Token | None:
    if row is None or row.status != STAMPED or row.token is None or row.gen_time is None:
        return None
    time = row.gen_time if row.gen_time.tzinfo else row.gen_time.replace(tzinfo=dt.UTC)
    return Token(row.tsa, time, bytes(row.token))
