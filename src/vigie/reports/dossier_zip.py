"""The dossier as one archive: the PDF, the JSON, every evidence file under its annex number, the
timestamp tokens, and a manifest with the SHA-256 of every file, so a recipient checks that nothing
was changed with ``sha256sum -c MANIFEST.sha256``.

The archive is written to a temporary file one evidence file at a time (never the whole case in
memory) and handed back open, to be streamed in chunks and closed by the caller.
"""

from __future__ import annotations

import base64
import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO

from vigie.reports.schemas_dossier import Dossier
from vigie.reports.storage import EvidenceStorage, original_key

MANIFEST = "MANIFEST.sha256"
README = "LISEZMOI.txt"
CHUNK = 256 * 1024
README_TEXT = """\
Dossier Vigie n° {case_id} — {addressee}
Établi le {when}. Empreinte du dossier (SHA-256 de sa version JSON) : {fingerprint}

Contenu
- {base}.pdf : la lettre et ses annexes, pour lecture ;
- {base}.json : le même dossier, pour traitement automatique ;
- annexes/ : chaque pièce telle que reçue, sous son numéro d'annexe ;
- horodatages/ : les jetons d'horodatage RFC 3161 des pièces qui en ont un ;
- {manifest} : l'empreinte SHA-256 de chacun de ces fichiers.

Vérifier que rien n'a été modifié (dans ce dossier) :
    sha256sum -c {manifest}

Vérifier un jeton d'horodatage (avec le certificat de l'autorité d'horodatage) :
    openssl ts -verify -digest <SHA-256 de l'annexe> -in horodatages/annexe-01.tsr -token_in -CAfile <certificat>
    openssl ts -reply -in horodatages/annexe-01.tsr -token_in -text   (pour lire la date)
"""


def base_name(dossier: Dossier) -> str:
    return f"vigie-dossier-{dossier.dossier.case_id}-{dossier.dossier.destination}"


class _Hashing:
    """Writes members and remembers each one's SHA-256 for the manifest."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.digests: list[tuple[str, str]] = []

    def add(self, name: str, data: bytes, *, compress: bool = True) -> None:
        kind = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        self.archive.writestr(name, data, compress_type=kind)
        self.digests.append((hashlib.sha256(data).hexdigest(), name))


def write_zip(dossier: Dossier, pdf: bytes, storage: EvidenceStorage) -> IO[bytes]:
    """The archive in a temporary file, positioned at its start."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (returned open: the caller streams and closes it)
    base = base_name(dossier)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        files = _Hashing(archive)
        files.add(f"{base}.pdf", pdf)
        text = json.dumps(dossier.model_dump(mode="json"), ensure_ascii=False, indent=2)
        files.add(f"{base}.json", text.encode("utf-8"))
        for item in dossier.evidence or []:
            data = storage.get(original_key(item.sha256))
            files.add(f"annexes/{item.annex_file}", data, compress=False)
            if item.timestamp is not None:
                token = base64.b64decode(item.timestamp.token_b64)
                files.add(f"horodatages/annexe-{item.annex:02d}.tsr", token)
        header = dossier.dossier
        readme = README_TEXT.format(
            case_id=header.case_id,
            addressee=header.addressee.name,
            when=header.generated_at_label,
            fingerprint=header.fingerprint,
            base=base,
            manifest=MANIFEST,
        )
        files.add(README, readme.encode("utf-8"))
        manifest = "".join(f"{digest}  {name}\n" for digest, name in files.digests)
        archive.writestr(MANIFEST, manifest)
    out.seek(0)
    return out


def chunks(handle: IO[bytes]) -> Iterator[bytes]:
    """The file's bytes in chunks, closing it at the end (or when the client goes away)."""
    try:
        while block := handle.read(CHUNK):
            yield block
    finally:
        handle.close()
