"""Write ``src/vigie/registry/data/communes.tsv`` from Etalab's ``@etalab/decoupage-administratif``.

The directory (``/trouver``) reads a place typed by a patient — "Lyon", "69006", "Saint-Malo" — as
an official commune with its postcodes, not as a hand-made list. The npm package (MIT, a dev
dependency installed by ``npm ci``; départements and régions already come from it through
``scripts/gen_divisions.py``) holds every commune of the Code officiel géographique; this keeps the
current communes and the municipal arrondissements of Paris, Lyon and Marseille, one line each:
INSEE code, name, département, population, postcodes (comma-separated). The licence notice heads
the file. Usage: python scripts/gen_communes.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "node_modules" / "@etalab" / "decoupage-administratif"
TARGET = ROOT / "src" / "vigie" / "registry" / "data" / "communes.tsv"
KINDS = ("commune-actuelle", "arrondissement-municipal")


def main() -> None:
    meta = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))
    communes = json.loads((PACKAGE / "data" / "communes.json").read_text(encoding="utf-8"))
    licence = (PACKAGE / "LICENSE").read_text(encoding="utf-8").strip().splitlines()
    header = [
        f"# {meta['name']} {meta['version']} (Etalab, from INSEE's Code officiel géographique)"
    ]
    header += [f"# {line}".rstrip() for line in licence]
    rows = sorted(
        "\t".join(
            (
                c["code"],
                c["nom"],
                c["departement"],
                str(c.get("population", 0)),
                ",".join(c.get("codesPostaux", [])),
            )
        )
        for c in communes
        if c["type"] in KINDS
    )
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text("\n".join([*header, *rows]) + "\n", encoding="utf-8")
    print(f"Wrote {TARGET} ({len(rows)} communes and arrondissements)")


if __name__ == "__main__":
    main()
