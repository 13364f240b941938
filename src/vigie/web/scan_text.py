"""The scanner's explanations in the page's language: signals, named products, registry checks.

The scan domain speaks French (its cue table, ``lexicon.SIGNALS``, is reviewed in French) and its
JSON answer is a contract that stays so. A page in another language says each explanation again
from ``translations/scan.<lang>.json``, keyed by what stays stable:

- a lexicon cue by its signal name, then its French explanation (one signal has several cues);
- a named product by its kind (``products.catalog.KIND_FACTS``), the brand kept as written;
- a registry check by its kind and status (``scan.crosschecks.MESSAGES``), with its values said
  again in that language: the holder's profession, the extraction date, the identifier's reason
  (those reasons are shared with the verify pages, so they live in the page catalogue).

The French text is read back against the scanner's own templates, so the page needs nothing the
JSON answer does not carry. An explanation with no entry stays French and is said to be French
(``Said.lang``, for the ``lang`` attribute); a test fails on any cue or message without an entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from vigie.dates import MONTHS, UNKNOWN_DATE, long_date
from vigie.products.catalog import KIND_FACTS
from vigie.scan.crosschecks import MESSAGES, NOT_A_NUMBER, WHEN
from vigie.scan.schemas import Check
from vigie.scan.signals import PRODUCT_EXPLANATION
from vigie.web.i18n import CATALOGUE_DIR, DEFAULT, registry_label, translate


class Said(NamedTuple):
    """A text and the language it is written in (French when no translation was found)."""

    text: str
    lang: str


@dataclass(frozen=True, slots=True)
class ScanCatalogue:
    """One language's ``scan.<lang>.json``."""

    signals: dict[str, dict[str, str]]  # signal name → French explanation → text
    products: dict[str, str]  # product kind → what a mention of that kind means
    product_explanation: str  # "{brand}: {fact}"
    checks: dict[str, str]  # "kind.status" → template with the French one's placeholders
    when: str  # " (extract of {date})"
    not_a_number: str  # crosschecks.NOT_A_NUMBER


@cache
def scan_catalogue(lang: str) -> ScanCatalogue | None:
    """The catalogue of ``lang``; ``None`` for French (the scanner's own words) or no file."""
    path = CATALOGUE_DIR / f"scan.{lang}.json"
    if lang == DEFAULT or not path.exists():
        return None
    return ScanCatalogue(**json.loads(path.read_text(encoding="utf-8")))


def check_key(kind: str, status: str) -> str:
    """A registry check's entry in the catalogue: ``rpps.not_found``."""
    return f"{kind}.{status}"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def template_regex(template: str, groups: Mapping[str, str] | None = None) -> str:
    """``template`` as a regular expression: each ``{name}`` a named group, lazy unless given."""
    parts = _PLACEHOLDER.split(template)  # literal, name, literal, name, …
    given = groups or {}
    return "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>{given.get(part, '.+?')})"
        for i, part in enumerate(parts)
    )


# ``{when}`` is WHEN or nothing; its date never holds a parenthesis, which keeps the holder's.
_WHEN = f"(?:{template_regex(WHEN, {'date': '[^()]+'})})?"
_PRODUCT = re.compile(template_regex(PRODUCT_EXPLANATION), re.DOTALL)
_FACT_KINDS = {fact: kind.value for kind, (fact, _rule, _weight) in KIND_FACTS.items()}
_FRENCH_DATE = re.compile(r"(\d{1,2})(?:er)? (\w+) (\d{4})")
_HOLDER = re.compile(r"(?P<name>.*) \((?P<profession>[^()]*)\)", re.DOTALL)


@cache
def _message(kind: str, status: str) -> re.Pattern[str] | None:
    template = MESSAGES.get((kind, status))
    if template is None:
        return None
    return re.compile(template_regex(template, {"when": _WHEN}), re.DOTALL)


def said_date(french: str, lang: str) -> str | None:
    """An extraction date as the scanner wrote it (``2 novembre 2026``, or ISO) in ``lang``."""
    if french == UNKNOWN_DATE["fr"]:
        return UNKNOWN_DATE.get(lang)
    try:
        return long_date(dt.date.fromisoformat(french), lang)
    except ValueError:
        pass
    found = _FRENCH_DATE.fullmatch(french)
    if found is None or found.group(2) not in MONTHS["fr"]:
        return None
    day, month, year = int(found.group(1)), MONTHS["fr"].index(found.group(2)) + 1, found.group(3)
    try:
        return long_date(dt.date(int(year), month, day), lang)
    except ValueError:
        return None


def said_holder(holder: str, lang: str) -> str:
    """ "Chloé LEFEBVRE (Infirmier)" → "Chloé LEFEBVRE (Nurse)": the name kept, the profession said."""
    found = _HOLDER.fullmatch(holder)
    if found is None:
        return holder
    return f"{found.group('name')} ({registry_label(found.group('profession'), lang)})"


def said_reason(reason: str, catalogue: ScanCatalogue, lang: str) -> str | None:
    """Why a number is or is not an RPPS/ADELI number, in ``lang`` (``None``: no translation)."""
    if reason == NOT_A_NUMBER:
        return catalogue.not_a_number
    translated = translate(reason, lang)
    return translated if translated != reason else None


def _check_values(found: re.Match[str], catalogue: ScanCatalogue, lang: str) -> dict[str, str]:
    """The placeholders' values of one French check message, in ``lang``; missing when one has
    no translation (the message then stays French)."""
    values: dict[str, str] = {}
    for name, value in found.groupdict().items():
        if name == "date":
            continue
        if name == "when":
            date = found.group("date")
            english = None if date is None else said_date(date, lang)
            if date is not None and english is None:
                continue
            values[name] = "" if english is None else catalogue.when.format(date=english)
        elif name == "holder":
            values[name] = said_holder(value, lang)
        elif name == "reason" and (reason := said_reason(value, catalogue, lang)) is not None:
            values[name] = reason
    return values


def check_text(check: Check, lang: str) -> Said:
    """A registry check's explanation in ``lang``, or in French when it cannot be said there."""
    french = Said(check.explanation, DEFAULT)
    catalogue = scan_catalogue(lang)
    pattern = _message(check.kind, check.status)
    if catalogue is None or pattern is None:
        return french
    template = catalogue.checks.get(check_key(check.kind, check.status))
    found = pattern.fullmatch(check.explanation)
    if template is None or found is None:
        return french
    values = _check_values(found, catalogue, lang)
    names = set(_PLACEHOLDER.findall(template))
    if not names <= values.keys():
        return french
    return Said(template.format(**values), lang)


@cache
def _by_text(lang: str) -> dict[str, str]:
    """Every cue's French explanation → its text, whatever the signal (features may relabel a
    hit, ``no_consultation`` for a frame cue after a refusal, keeping its explanation)."""
    catalogue = scan_catalogue(lang)
    if catalogue is None:
        return {}
    return {french: text for cues in catalogue.signals.values() for french, text in cues.items()}


def _product_text(explanation: str, catalogue: ScanCatalogue) -> str | None:
    found = _PRODUCT.fullmatch(explanation)
    if found is None:
        return None
    fact = catalogue.products.get(_FACT_KINDS.get(found.group("fact"), ""))
    if fact is None:
        return None
    return catalogue.product_explanation.format(brand=found.group("brand"), fact=fact)


def signal_text(signal: str, explanation: str, lang: str) -> Said:
    """A signal's explanation in ``lang``: a lexicon cue, a named product, or an identifier's
    reason (``invalid_rpps``); in French when none of them has it."""
    catalogue = scan_catalogue(lang)
    if catalogue is None:
        return Said(explanation, DEFAULT)
    text = (
        catalogue.signals.get(signal, {}).get(explanation)
        or _by_text(lang).get(explanation)
        or _product_text(explanation, catalogue)
        or said_reason(explanation, catalogue, lang)
    )
    return Said(explanation, DEFAULT) if text is None else Said(text, lang)
