"""Cross-checks: a claimed RPPS number, a claimed "Dr Firstname Lastname", the products named.

Pure where possible (the Luhn check of a number needs no registry). With a ``RegistryLookup`` the
number and the name are looked up. A match is shown but never clears a post: anyone can copy a real
physician's name or number. Each check's ``weight`` is added to the post's log-odds (see
``services``); the wording follows docs/legal-basis.md ("no physician by this name in the public
registry (extraction of …)", never "not a doctor").
"""

from __future__ import annotations

import re

from vigie.products.catalog import Catalog
from vigie.registry.identifiers import check_identifier
from vigie.scan.normalize import Normalized
from vigie.scan.registry_lookup import RegistryLookup, RegistryPerson
from vigie.scan.schemas import Check

W_INVALID_NUMBER = 1.5  # on top of the ``invalid_rpps`` signal the model already weighs
W_NUMBER_NOT_FOUND = 2.0
W_NUMBER_OF_SOMEONE_ELSE = 2.5
W_NOT_A_PHYSICIAN = 1.5
W_NAME_NOT_FOUND = 2.0

NUMBER_PATTERN = re.compile(r"(?<![\d])(?:8[ .]?)?\d(?:[ .]?\d){8,10}(?![\d])")
_RPPS_CONTEXT = re.compile(r"\b(?:rpps|adeli|n°|numero|no)\b[^\d]{0,12}$")
_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ"
_NAME_WORD = (
    rf"(?:[{_UPPER}][a-zà-ÿ']+(?:-[{_UPPER}][a-zà-ÿ']+)*|[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})*)"
)
_DR_CLAIM = re.compile(
    rf"\b(?:Dr|DR|Dre|Docteure?|DOCTEUR|Doctor)\.?\s+(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,2}})"
)


# Every explanation a registry check gives, by (kind, status): data, so that the web layer can say
# each one in another language and a test can check none is left untranslated. ``{when}`` is WHEN
# (or empty without an extraction date), ``{holder}`` the registry's display of the number's holder,
# ``{reason}`` the identifier check's own reason (``vigie.registry.identifiers``).
WHEN = " (extraction du {date})"
NOT_A_NUMBER = "Ce n'est pas un numéro RPPS."
MESSAGES: dict[tuple[str, str], str] = {
    ("rpps", "invalid"): "{reason}",
    ("rpps", "unchecked"): "{reason} Registre non consulté.",
    ("rpps", "not_found"): "Aucun praticien avec ce numéro dans le registre public{when}.",
    ("rpps", "belongs_to_someone_else"): (
        "Ce numéro appartient à un autre praticien : {holder}{when}."
    ),
    ("rpps", "not_a_physician"): (
        "Ce numéro est celui de {holder}, qui n'est pas médecin dans le registre public{when}."
    ),
    ("rpps", "match"): (
        "Numéro attribué à {holder}{when} ; cela ne prouve pas que l'auteur est ce médecin."
    ),
    ("physician_name", "unchecked"): "Titre de docteur revendiqué ; registre non consulté.",
    ("physician_name", "not_found"): "Aucun praticien de ce nom dans le registre public{when}.",
    ("physician_name", "not_a_physician"): (
        "Aucun médecin de ce nom dans le registre public{when} (autres professions seulement)."
    ),
    ("physician_name", "candidates"): (
        "Médecin(s) de ce nom dans le registre public ; un homonyme ou un nom emprunté reste "
        "possible."
    ),
}


def _when(registry: RegistryLookup) -> str:
    date = registry.source_date()
    return WHEN.format(date=date) if date else ""


def is_claimed_number(text: str, match: re.Match[str]) -> bool:
    """An 11/12-digit run, or a 9-digit one announced as RPPS/ADELI (not a phone number)."""
    digits = re.sub(r"\D", "", match.group(0))
    announced = _RPPS_CONTEXT.search(text[max(0, match.start() - 20) : match.start()])
    return len(digits) in (11, 12) or (announced is not None and len(digits) == 9)


def claimed_numbers(norm: Normalized) -> list[tuple[str, int, int]]:
    """Numbers presented as RPPS/ADELI (after "RPPS", "n°"…) or 11-digit runs, with original spans."""
    found = []
    for match in NUMBER_PATTERN.finditer(norm.text):
        digits = re.sub(r"\D", "", match.group(0))
        if is_claimed_number(norm.text, match):
            start, end = norm.span(*match.span())
            found.append((digits, start, end))
    return found


_NOT_NAMES = {
    "rpps",
    "adeli",
    "médecin",
    "medecin",
    "esthétique",
    "esthetique",
    "cabinet",
    "clinique",
}


def claimed_names(original: str) -> list[tuple[str, int, int]]:
    """``Dr Firstname Lastname`` claims (case matters: names are capitalised)."""
    found = []
    for match in _DR_CLAIM.finditer(original):
        words = re.split(r"(?<=\w)(?=[ ])", match.group("name"))
        while words and words[-1].strip().casefold() in _NOT_NAMES:
            words.pop()
        if words:
            name = "".join(words)
            found.append((name, match.start(), match.start("name") + len(name)))
    return found


def _names_agree(person: RegistryPerson, claimed: list[str]) -> bool:
    words = {
        w.casefold() for w in f"{person.first_name} {person.last_name}".replace("-", " ").split()
    }
    return any({w.casefold() for w in name.replace("-", " ").split()} & words for name in claimed)


def number_check(
    digits: str, start: int, end: int, names: list[str], registry: RegistryLookup | None
) -> Check:
    ident = check_identifier(digits)
    base = {"kind": "rpps", "value": digits, "start": start, "end": end}
    if ident is None or not ident.valid:
        reason = ident.reason if ident else NOT_A_NUMBER
        text = MESSAGES["rpps", "invalid"].format(reason=reason)
        return Check(**base, status="invalid", explanation=text, weight=W_INVALID_NUMBER)
    if registry is None:
        text = MESSAGES["rpps", "unchecked"].format(reason=ident.reason)
        return Check(**base, status="unchecked", explanation=text)
    person = registry.by_identifier(ident.value)
    values = {"when": _when(registry)}
    if person is None:
        text = MESSAGES["rpps", "not_found"].format(**values)
        return Check(**base, status="not_found", explanation=text, weight=W_NUMBER_NOT_FOUND)
    details = {"holder": person.display, "profession_code": person.profession_code}
    values["holder"] = person.display
    if names and not _names_agree(person, names):
        text = MESSAGES["rpps", "belongs_to_someone_else"].format(**values)
        return Check(
            **base,
            status="belongs_to_someone_else",
            explanation=text,
            weight=W_NUMBER_OF_SOMEONE_ELSE,
            details=details,
        )
    if not person.is_physician:
        text = MESSAGES["rpps", "not_a_physician"].format(**values)
        return Check(
            **base,
            status="not_a_physician",
            explanation=text,
            weight=W_NOT_A_PHYSICIAN,
            details=details,
        )
    text = MESSAGES["rpps", "match"].format(**values)
    return Check(**base, status="match", explanation=text, details=details)


def name_check(name: str, start: int, end: int, registry: RegistryLookup | None) -> Check:
    base = {"kind": "physician_name", "value": name, "start": start, "end": end}
    if registry is None:
        return Check(
            **base,
            status="unchecked",
            explanation=MESSAGES["physician_name", "unchecked"],
        )
    # The search is typo-tolerant; keep candidates that share at least a word with the claim.
    candidates = [c for c in registry.search_name(name) if _names_agree(c, [name])]
    if not candidates:
        text = MESSAGES["physician_name", "not_found"].format(when=_when(registry))
        return Check(**base, status="not_found", explanation=text, weight=W_NAME_NOT_FOUND)
    shown = {"candidates": [c.display for c in candidates[:5]]}
    if not any(c.is_physician for c in candidates):
        text = MESSAGES["physician_name", "not_a_physician"].format(when=_when(registry))
        return Check(
            **base,
            status="not_a_physician",
            explanation=text,
            weight=W_NOT_A_PHYSICIAN,
            details=shown,
        )
    text = MESSAGES["physician_name", "candidates"]
    return Check(**base, status="candidates", explanation=text, details=shown)


def product_checks(norm: Normalized, catalog: Catalog) -> list[Check]:
    checks = []
    for hit in catalog.match(norm.text):
        start, end = norm.span(hit.start, hit.end)
        brand = hit.brand
        details = {"rule": brand.rule, "cis": list(brand.cis), "conditions": list(brand.conditions)}
        checks.append(
            Check(
                kind="product",
                status=brand.kind.value,
                value=brand.name,
                start=start,
                end=end,
                explanation=brand.explanation,
                details=details,
            )
        )
    return checks


def run_checks(norm: Normalized, catalog: Catalog, registry: RegistryLookup | None) -> list[Check]:
    """Every cross-check of one text, pure ones always, registry ones when a lookup is given."""
    names = claimed_names(norm.original)
    checks = [
        number_check(d, s, e, [n for n, _, _ in names], registry)
        for d, s, e in claimed_numbers(norm)
    ]
    checks.extend(name_check(n, s, e, registry) for n, s, e in names)
    checks.extend(product_checks(norm, catalog))
    return checks
