"""Dossiers as their readers get them, on both databases: evidence annexed (images embedded, checked
with ``pdfimages -list``), tokens from a real TSA that ``openssl ts -verify`` accepts, the ZIP's
manifest checked by ``sha256sum -c``, the right addressee per destination, a platform notice with
nothing internal in it (asserted on its ``pdftotext``), and page 1 of every destination's PDF kept
as a PNG under ``test-artifacts/dossiers/``."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.orm import Session, sessionmaker

from report_helpers import PASSWORD, pdf_bytes
from reports.tsa_server import TestTsa, running_tsa
from vigie.accounts.services import CurrentUser, create_user
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import Conflict
from vigie.reports.cases import transition
from vigie.reports.dossier_export import export_dossier
from vigie.reports.dossier_page import evidence_problems
from vigie.reports.evidence import check_file
from vigie.reports.intake import file_and_analyse
from vigie.reports.schemas import ReportInput
from vigie.reports.storage import storage_from_settings
from vigie.reports.transmissions import transmissions

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dossiers"
MODERATOR_EMAIL = "moderatrice@vigie.example"
DESTINATIONS = ("ordre", "ars", "dgccrf", "procureur", "ansm", "platform")
POST = (
    "Dr Sarah 💋 injectrice certifiée, lèvres russes 1ml 150€ promo -20% ! RDV en DM, acompte "
    "PayPal, à domicile Bordeaux. RPPS 10101010101"
)


@dataclass(frozen=True)
class Filed:
    case_id: int
    settings: Settings
    factory: sessionmaker[Session]
    tsa: TestTsa
    moderator: CurrentUser


def _image(color: tuple[int, int, int], name: str) -> object:
    image = Image.new("RGB", (900, 600), color)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return check_file(out.getvalue(), name, max_bytes=10**7, max_pixels=10**8)


@pytest.fixture
def filed(
    settings: Settings, session_factory: sessionmaker[Session], tmp_path: Path
) -> Iterator[Filed]:
    with running_tsa(tmp_path / "tsa") as tsa:
        configured = settings.model_copy(
            update={
                "tsa_url": tsa.url,
                "tsa_ca_file": tsa.ca_file,
                "sender_name": "Association Vigie",
                "sender_address": "12 rue des Lilas\n33000 Bordeaux",
                "sender_email": "signalements@vigie.example",
            }
        )
        report = ReportInput(
            platform="instagram",
            account="@lips.by.sarah",
            acts=["ha_filler", "botulinum_toxin"],
            department="33",
            place="Bordeaux",
            price="150 €",
            harmed=True,
            description="Elle m'a injecté les lèvres chez elle 💉, j'ai eu un hématome.",
            post_texts=[POST],
            links=["https://www.instagram.com/p/SYNTH1/"],
            contact_email="temoin@example.test",
        )
        files = [
            _image((200, 30, 90), "capture story.png"),
            _image((30, 90, 200), "conversation.png"),
            check_file(pdf_bytes(), "devis.pdf", max_bytes=10**6, max_pixels=10**7),
        ]
        case_id = file_and_analyse(session_factory, configured, report, files).case_id  # type: ignore[arg-type]
        with transaction(session_factory) as session:
            moderator = create_user(session, MODERATOR_EMAIL, PASSWORD, "moderator")
        yield Filed(case_id, configured, session_factory, tsa, moderator)


def _export(filed: Filed, to: str, fmt: str) -> bytes:
    done = export_dossier(filed.factory, filed.settings, filed.case_id, to, fmt, filed.moderator)
    if done.stream is None:
        return done.body
    with done.stream:
        return done.stream.read()


def _pdftotext(pdf: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext missing: run scripts/system_deps.sh"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())


def test_every_destination_renders_and_page_one_is_kept(filed: Filed, db_url: str) -> None:
    backend = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str] = {}
    for to in DESTINATIONS:
        pdf = ARTEFACTS / f"dossier-{to}-{backend}.pdf"
        pdf.write_bytes(_export(filed, to, "pdf"))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(ARTEFACTS / f"dossier-{to}-{backend}-page1")],
            check=True,
        )  # fmt: skip
        texts[to] = _pdftotext(pdf).replace("-", "")  # names may break at their hyphen
    assert "Conseil départemental de l'Ordre des médecins de la Gironde" in texts["ordre"]
    assert "Agence régionale de santé NouvelleAquitaine" in texts["ars"]
    assert (
        "Direction départementale de la protection des populations de la Gironde" in texts["dgccrf"]
    )
    assert "Procureur de la République" in texts["procureur"]
    assert "article 40 du Code de procédure pénale" in texts["procureur"]
    assert "Risque : high" not in texts["ordre"]
    assert "Association Vigie" in texts["ordre"]
    assert "(heure de Paris)" in texts["ordre"]
    assert "page 1 sur" in texts["ordre"]
    fingerprint = json.loads(_export(filed, "ordre", "json"))["dossier"]["fingerprint"]
    assert len(fingerprint) == 64
    assert "temoin@example.test" in texts["ordre"]  # the Ordre acts on a complaint
    assert "temoin@example.test" not in texts["ars"]
    for to in DESTINATIONS:
        assert (ARTEFACTS / f"dossier-{to}-{backend}-page1.png").stat().st_size > 1000


def test_images_are_embedded_as_numbered_annexes(filed: Filed, tmp_path: Path) -> None:
    pdf = tmp_path / "ordre.pdf"
    pdf.write_bytes(_export(filed, "ordre", "pdf"))
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    photos = [line for line in listing.splitlines()[2:] if " 900   600 " in line]
    assert len(photos) == 2  # both screenshots, at their size; the PDF evidence is listed only
    text = _pdftotext(pdf)
    dossier = json.loads(_export(filed, "ordre", "json"))
    for item in dossier["evidence"]:
        assert f"Annexe {item['annex']}" in text
        assert item["sha256"] in text.replace(" ", "")
    assert [e["annex_file"] for e in dossier["evidence"]] == [
        "annexe-01.png",
        "annexe-02.png",
        "annexe-03.pdf",
    ]
    assert "capture story.png" in text
    assert "annexes/annexe-03.pdf" in text
    assert "par Vigie Test TSA" in text  # the authority's name, read from its token


def test_the_zip_manifest_and_every_token_verify(filed: Filed, tmp_path: Path) -> None:
    archive = tmp_path / "ordre.zip"
    archive.write_bytes(_export(filed, "ordre", "zip"))
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(unpacked)
        names = set(opened.namelist())
    assert {"annexes/annexe-01.png", "annexes/annexe-02.png", "annexes/annexe-03.pdf"} <= names
    checked = subprocess.run(
        ["sha256sum", "--strict", "-c", "MANIFEST.sha256"],
        cwd=unpacked,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == len(names) - 1  # every file but the manifest itself
    dossier = json.loads(next(unpacked.glob("*.json")).read_text(encoding="utf-8"))
    for item in dossier["evidence"]:
        assert item["timestamp"]["tsa"] == filed.tsa.url
        token = unpacked / "horodatages" / f"annexe-{item['annex']:02d}.tsr"
        verified = subprocess.run(
            ["openssl", "ts", "-verify", "-data", str(unpacked / "annexes" / item["annex_file"]),
             "-in", str(token), "-token_in", "-CAfile", str(filed.tsa.ca_file)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert "Verification: OK" in verified.stdout, verified.stderr
    (unpacked / "annexes" / "annexe-02.png").write_bytes(b"tampered")
    tampered = subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=unpacked, capture_output=True, text=True)  # fmt: skip
    assert "annexes/annexe-02.png: FAILED" in tampered.stdout


def test_the_platform_notice_has_nothing_internal(filed: Filed, tmp_path: Path) -> None:
    with transaction(filed.factory) as session:
        transition(session, filed.moderator, filed.case_id, to="triaged")
    with transaction(filed.factory) as session:
        transition(session, filed.moderator, filed.case_id, to="forwarded", destination="ordre",
                   reference="CDOM-33-2026-117", comment="envoyé par courrier")  # fmt: skip
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(_export(filed, "platform", "pdf"))
    text = _pdftotext(pdf)
    data = _export(filed, "platform", "json").decode("utf-8")
    for internal in (
        MODERATOR_EMAIL,
        "temoin@example.test",
        "CDOM-33-2026-117",
        "envoyé par courrier",
        "Ordre des médecins",
        "Historique",
        "hématome",  # the reporter's own words
    ):
        assert internal not in text
        assert internal not in data
    assert "https://www.instagram.com/lips.by.sarah/" in text
    assert "https://www.instagram.com/p/SYNTH1/" in text
    assert "signalements@vigie.example" in text
    assert "bonne foi" in text
    assert "exercice illégal de la médecine" in text


def test_a_changed_evidence_file_stops_the_export_and_shows_on_the_case(filed: Filed) -> None:
    storage = storage_from_settings(filed.settings)
    dossier = json.loads(_export(filed, "ars", "json"))
    second = dossier["evidence"][1]
    path = filed.settings.evidence_dir / "originals" / second["sha256"][:2] / second["sha256"]
    path.write_bytes(b"not what was received")
    for fmt in ("pdf", "json", "zip"):
        with pytest.raises(Conflict, match="Annexe 2"):
            _export(filed, "ars", fmt)
    with filed.factory() as session:
        problems = evidence_problems(session, storage, filed.case_id)
    assert problems == {
        second["evidence_id"]: "Annexe 2 : le fichier original a été modifié depuis sa réception "
        "(empreinte différente)"
    }


def test_an_undecodable_image_is_listed_with_its_reason(filed: Filed, tmp_path: Path) -> None:
    first = json.loads(_export(filed, "ansm", "json"))["evidence"][0]
    preview = filed.settings.evidence_dir / "previews" / first["sha256"][:2] / first["sha256"]
    preview.write_bytes(b"\xff\xd8\xff\xe0 broken jpeg")
    pdf = tmp_path / "ansm.pdf"
    pdf.write_bytes(_export(filed, "ansm", "pdf"))
    assert "Image non reproduite : image illisible" in _pdftotext(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert sum(" 900   600 " in line for line in listing.stdout.splitlines()) == 1


def test_forwarding_records_which_dossier_went_to_whom(filed: Filed) -> None:
    exported = json.loads(_export(filed, "ordre", "json"))["dossier"]
    with transaction(filed.factory) as session:
        transition(session, filed.moderator, filed.case_id, to="triaged")
    with transaction(filed.factory) as session:
        transition(session, filed.moderator, filed.case_id, to="forwarded", destination="ordre")
    with transaction(filed.factory) as session:
        transition(session, filed.moderator, filed.case_id, to="forwarded", destination="procureur")
    with filed.factory() as session:
        records = transmissions(session, filed.case_id)
    assert [r.fingerprint for r in records] == [exported["fingerprint"], None]
    assert records[0].sentence.startswith("Transmis à l'Ordre des médecins de la Gironde le ")
    assert records[0].sentence.endswith("(heure de Paris)")
    assert records[1].addressee == "le procureur de la République"
    later = _export(filed, "procureur", "json").decode("utf-8")
    assert MODERATOR_EMAIL not in later  # the history names roles, never a moderator
    assert {e["actor"] for e in json.loads(later)["history"]} == {"signalant", "modération"}
