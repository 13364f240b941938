"""RFC 3161 timestamps against a real TSA (OpenSSL ``ts`` on loopback, throwaway CA): a token on
receipt that ``openssl ts -verify`` accepts, and every TSA fault leaving the evidence stored with a
pending timestamp that ``retry_pending`` completes later. Both databases."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from report_helpers import png_bytes
from reports.tsa_server import TestTsa, make_authority, running_tsa
from vigie.config import Settings
from vigie.reports.evidence import check_file
from vigie.reports.intake import file_and_analyse
from vigie.reports.models import Evidence
from vigie.reports.models_dossier import EvidenceTimestamp
from vigie.reports.schemas import ReportInput
from vigie.reports.timestamps import (
    PENDING,
    STAMPED,
    TimestampError,
    build_request,
    read_reply,
    retry_pending,
)


@pytest.fixture
def tsa(tmp_path: Path) -> Iterator[TestTsa]:
    with running_tsa(tmp_path / "tsa") as running:
        yield running


def _with_tsa(settings: Settings, tsa: TestTsa, **extra: object) -> Settings:
    return settings.model_copy(
        update={"tsa_url": tsa.url, "tsa_ca_file": tsa.ca_file, "tsa_timeout_seconds": 1.0} | extra
    )


def _file(factory: sessionmaker[Session], settings: Settings, color: int = 1) -> int:
    image = check_file(png_bytes(30 + color, 20), "capture.png", max_bytes=10**6, max_pixels=10**7)
    report = ReportInput(platform="instagram", account="@stamp.me", acts=["ha_filler"])
    return file_and_analyse(factory, settings, report, [image]).report_id


def _stamp_of(factory: sessionmaker[Session], report_id: int) -> tuple[Evidence, EvidenceTimestamp]:
    with factory() as session:
        evidence = session.scalars(select(Evidence).where(Evidence.report_id == report_id)).one()
        stamp = session.scalars(
            select(EvidenceTimestamp).where(EvidenceTimestamp.evidence_id == evidence.id)
        ).one()
        session.expunge_all()
    return evidence, stamp


def test_received_evidence_gets_a_token_openssl_verifies(
    settings: Settings, session_factory: sessionmaker[Session], tsa: TestTsa, tmp_path: Path
) -> None:
    report_id = _file(session_factory, _with_tsa(settings, tsa))
    evidence, stamp = _stamp_of(session_factory, report_id)
    assert stamp.status == STAMPED
    assert stamp.token is not None
    assert stamp.tsa == tsa.url
    token = tmp_path / "token.tsr"
    token.write_bytes(stamp.token)
    verify = ["openssl", "ts", "-verify", "-in", str(token), "-token_in", "-CAfile"]
    ok = subprocess.run(
        [*verify, str(tsa.ca_file), "-digest", evidence.sha256], capture_output=True, text=True
    )
    assert "Verification: OK" in ok.stdout, ok.stderr
    other = hashlib.sha256(b"another file").hexdigest()
    wrong = subprocess.run([*verify, str(tsa.ca_file), "-digest", other], capture_output=True)
    assert wrong.returncode != 0


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error", "HTTP 500"),
        ("garbage", "not a timestamp reply"),
        ("other-hash", "another hash"),
        ("slow", "did not answer in time"),
    ],
)
def test_a_faulty_tsa_never_loses_evidence_and_is_retried(
    settings: Settings,
    session_factory: sessionmaker[Session],
    tsa: TestTsa,
    mode: str,
    reason: str,
) -> None:
    configured = _with_tsa(settings, tsa)
    tsa.mode = mode
    report_id = _file(session_factory, configured)
    evidence, stamp = _stamp_of(session_factory, report_id)
    assert stamp.status == PENDING
    assert reason in stamp.last_error
    assert (configured.evidence_dir / "originals" / evidence.sha256[:2] / evidence.sha256).is_file()
    assert retry_pending(session_factory, configured) == (0, 1)  # still failing: still pending
    tsa.mode = "ok"
    assert retry_pending(session_factory, configured) == (1, 0)
    _evidence, stamp = _stamp_of(session_factory, report_id)
    assert (stamp.status, stamp.attempts, stamp.last_error) == (STAMPED, 3, "")


def test_a_token_from_an_unknown_ca_is_refused(
    settings: Settings, session_factory: sessionmaker[Session], tsa: TestTsa, tmp_path: Path
) -> None:
    stranger = make_authority(tmp_path / "stranger", "Stranger")
    report_id = _file(session_factory, _with_tsa(settings, tsa, tsa_ca_file=stranger))
    _evidence, stamp = _stamp_of(session_factory, report_id)
    assert stamp.status == PENDING
    assert "unable to get local issuer certificate" in stamp.last_error


def test_an_unreachable_tsa_leaves_the_report_filed(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    nowhere = settings.model_copy(update={"tsa_url": "http://127.0.0.1:9/tsa"})
    report_id = _file(session_factory, nowhere)
    _evidence, stamp = _stamp_of(session_factory, report_id)
    assert stamp.status == PENDING
    assert "cannot be reached" in stamp.last_error


def test_no_tsa_configured_asks_nothing(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    report_id = _file(session_factory, settings)
    with session_factory() as session:
        assert session.scalars(select(EvidenceTimestamp)).all() == []
        assert session.scalars(select(Evidence).where(Evidence.report_id == report_id)).one()


def test_a_reply_with_another_nonce_is_refused(tsa: TestTsa) -> None:
    digest = hashlib.sha256(b"x").hexdigest()
    status, reply = tsa.reply(build_request(digest, nonce=7))
    assert status == 200
    assert read_reply(reply, digest, 7)[0]
    with pytest.raises(TimestampError, match="nonce"):
        read_reply(reply, digest, 8)


def test_a_failing_tsa_is_asked_once_per_batch(
    settings: Settings, session_factory: sessionmaker[Session], tsa: TestTsa
) -> None:
    configured = _with_tsa(settings, tsa)
    tsa.mode = "slow"
    files = [
        check_file(png_bytes(30 + n, 20), f"{n}.png", max_bytes=10**6, max_pixels=10**7)
        for n in range(3)
    ]
    report = ReportInput(platform="instagram", account="@slow.tsa", acts=["ha_filler"])
    file_and_analyse(session_factory, configured, report, files)
    assert tsa.requests == 1
    with session_factory() as session:
        rows = session.scalars(select(EvidenceTimestamp).order_by(EvidenceTimestamp.id)).all()
    assert [(r.status, r.attempts) for r in rows] == [(PENDING, 1), (PENDING, 0), (PENDING, 0)]
    tsa.mode = "ok"
    assert retry_pending(session_factory, configured) == (3, 0)
