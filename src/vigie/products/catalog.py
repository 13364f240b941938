"""The products an injection offer may name, and how to find them in a post.

Two sources: the maintained list of brands (``data/brands.json``: filler devices, aesthetic and
hospital-only toxins, toxins sold online, banned products) and the ANSM medicines database (BDPM),
which confirms which botulinum toxins hold a French authorisation and under which dispensing
conditions. Matching runs on text the caller has already normalised (lowercase, accents stripped: the scan
domain's normaliser) and returns offsets into that text; this domain sits below ``scan`` and does not
import it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from importlib import resources
from pathlib import Path

from vigie.products import bdpm


def fold(name: str) -> str:
    """Lowercase without accents: the form aliases are stored and matched in."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class ProductKind(StrEnum):
    FILLER_DEVICE = "filler_device"
    ONLINE_FILLER = "online_filler"
    AESTHETIC_TOXIN = "aesthetic_toxin"
    HOSPITAL_TOXIN = "hospital_toxin"
    UNAUTHORISED_TOXIN = "unauthorised_toxin"
    BANNED = "banned"


# What a mention of each kind means, in the words shown to moderators, with its legal basis.
KIND_FACTS: dict[ProductKind, tuple[str, str, float]] = {
    ProductKind.FILLER_DEVICE: (
        "Produit de comblement (dispositif médical) délivré uniquement aux médecins depuis le 1er juillet 2024.",
        "CSP-R5211-72",
        1.0,
    ),
    ProductKind.ONLINE_FILLER: (
        "Marque de produit de comblement vendue en ligne, hors du circuit réservé aux médecins.",
        "CSP-R5211-72",
        1.6,
    ),
    ProductKind.AESTHETIC_TOXIN: (
        "Toxine botulique esthétique : délivrée uniquement à certains médecins spécialistes.",
        "TOXIN-AESTHETIC",
        1.0,
    ),
    ProductKind.HOSPITAL_TOXIN: (
        "Toxine botulique réservée à l'usage hospitalier (neurologie), pas à l'esthétique en ville.",
        "TOXIN-AESTHETIC",
        1.0,
    ),
    ProductKind.UNAUTHORISED_TOXIN: (
        "Toxine botulique sans autorisation en France, vendue en ligne.",
        "TOXIN-AESTHETIC",
        2.0,
    ),
    ProductKind.BANNED: (
        "Produit interdit ou retiré du marché français.",
        "ANSM-HYALURON-PEN",
        2.2,
    ),
}


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    kind: ProductKind
    aliases: tuple[str, ...]
    rule: str
    cis: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()

    @property
    def explanation(self) -> str:
        return KIND_FACTS[self.kind][0]

    @property
    def weight(self) -> float:
        return KIND_FACTS[self.kind][2]


@dataclass(frozen=True, slots=True)
class ProductHit:
    brand: Brand
    alias: str
    start: int  # offsets into the normalised text given to ``Catalog.match``
    end: int


def _squash(alias: str) -> str:
    return re.sub(r"[\s\-]+", "", alias)


@dataclass
class Catalog:
    brands: list[Brand]
    _by_alias: dict[str, Brand] = field(init=False, repr=False)
    _by_squashed: dict[str, Brand] = field(init=False, repr=False)
    _pattern: re.Pattern[str] = field(init=False, repr=False)
    _last: tuple[str, tuple[ProductHit, ...]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_alias = {alias: b for b in self.brands for alias in b.aliases}
        self._by_squashed = {_squash(alias): b for alias, b in self._by_alias.items()}
        alternation = "|".join(
            re.escape(a).replace(r"\ ", r"[\s\-]?")
            for a in sorted(self._by_alias, key=len, reverse=True)
        )
        self._pattern = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")

    def match(self, text: str) -> list[ProductHit]:
        """Every product named in ``text`` (already normalised), with offsets into it.

        The last answer is kept: the scanner asks twice per text (signals, then cross-checks).
        """
        last = self._last
        if last is not None and last[0] == text:
            return list(last[1])
        hits = [
            ProductHit(self._by_squashed[_squash(m.group(0))], m.group(0), m.start(), m.end())
            for m in self._pattern.finditer(text)
        ]
        self._last = (text, tuple(hits))
        return hits

    def find(self, name: str) -> Brand | None:
        return self._by_alias.get(fold(name).strip())


def load_brands(path: Path | None = None) -> list[Brand]:
    """The maintained brand list (``data/brands.json`` in the package unless ``path`` is given)."""
    if path is None:
        raw = resources.files("vigie.products").joinpath("data/brands.json").read_text("utf-8")
    else:
        raw = path.read_text("utf-8")
    brands = []
    for entry in json.loads(raw)["brands"]:
        kind = ProductKind(entry["kind"])
        aliases = tuple(fold(a) for a in entry["aliases"])
        brands.append(Brand(entry["name"], kind, aliases, entry.get("rule", KIND_FACTS[kind][1])))
    return brands


def _toxins_from_bdpm(directory: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Brand word → (CIS codes, dispensing conditions) for every botulinum toxin in the BDPM."""
    toxin_cis = {
        row.cis
        for row in bdpm.parse_compositions(bdpm.read_lines(directory / bdpm.COMPO_FILE))
        if isinstance(row, bdpm.Composition) and "BOTULI" in row.substance.upper()
    }
    conditions: dict[str, list[str]] = {}
    for row in bdpm.parse_conditions(bdpm.read_lines(directory / bdpm.CPD_FILE)):
        if isinstance(row, bdpm.DispensingCondition) and row.cis in toxin_cis:
            conditions.setdefault(row.cis, []).append(row.condition)
    brands: dict[str, tuple[list[str], list[str]]] = {}
    for med in bdpm.parse_cis(bdpm.read_lines(directory / bdpm.CIS_FILE)):
        if isinstance(med, bdpm.Medicine) and med.cis in toxin_cis:
            word = fold(med.denomination.split()[0])
            cis_list, cond_list = brands.setdefault(word, ([], []))
            cis_list.append(med.cis)
            cond_list.extend(conditions.get(med.cis, []))
    return brands


def merge_bdpm(brands: Iterable[Brand], directory: Path) -> list[Brand]:
    """Attach BDPM authorisations to listed toxins and add toxins the list does not know yet."""
    found = _toxins_from_bdpm(directory)
    merged = []
    for brand in brands:
        key = fold(brand.name)
        if key in found:
            cis, conditions = found.pop(key)
            brand = replace(brand, cis=tuple(cis), conditions=tuple(dict.fromkeys(conditions)))
        merged.append(brand)
    for word, (cis, conditions) in sorted(found.items()):
        hospital = any("hospitalier" in fold(c) for c in conditions)
        kind = ProductKind.HOSPITAL_TOXIN if hospital else ProductKind.AESTHETIC_TOXIN
        merged.append(
            Brand(
                word.capitalize(), kind, (word,), "TOXIN-AESTHETIC", tuple(cis), tuple(conditions)
            )
        )
    return merged


def sample_bdpm_dir() -> Path:
    """The small synthetic BDPM extract shipped with the package (same layout as the real files)."""
    return Path(str(resources.files("vigie.products").joinpath("data/bdpm_sample")))


def load_catalog(bdpm_dir: Path | None = None, brands_path: Path | None = None) -> Catalog:
    """Brands merged with a BDPM extract (the shipped synthetic sample when ``bdpm_dir`` is None)."""
    return Catalog(merge_bdpm(load_brands(brands_path), bdpm_dir or sample_bdpm_dir()))
