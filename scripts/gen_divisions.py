"""Write ``src/vigie/reports/data/divisions.json`` from Etalab's ``@etalab/decoupage-administratif``.

Dossiers name their addressee from the account's département (the CDOM of that département, the ARS
of its région, its DDPP), so départements and régions come from the official administrative
division, not a hand-made list. The npm package is a dev dependency (``npm ci``); this script keeps
only what dossiers read and the package's MIT licence notice. Usage: python scripts/gen_divisions.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "node_modules" / "@etalab" / "decoupage-administratif"
TARGET = ROOT / "src" / "vigie" / "reports" / "data" / "divisions.json"


def main() -> None:
    meta = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))
    departements = json.loads((PACKAGE / "data" / "departements.json").read_text(encoding="utf-8"))
    regions = json.loads((PACKAGE / "data" / "regions.json").read_text(encoding="utf-8"))
    data = {
        "source": f"{meta['name']} {meta['version']} (Etalab, from INSEE's Code officiel géographique)",
        "licence": (PACKAGE / "LICENSE").read_text(encoding="utf-8").strip(),
        "departements": {
            d["code"]: {"nom": d["nom"], "typeLiaison": d["typeLiaison"], "region": d["region"]}
            for d in departements
        },
        "regions": {r["code"]: {"nom": r["nom"], "typeLiaison": r["typeLiaison"]} for r in regions},
    }
    TARGET.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Wrote {TARGET} ({len(departements)} départements, {len(regions)} régions)")


if __name__ == "__main__":
    main()
