"""The scanner's explanations in the page's language: signals, named products, registry checks.

The scan domain speaks French (its cue table, ``lexicon.SIGNALS``, is reviewed in French) and its
JSON answer is a contract that stays so. A page in another language says each explanation again
from the language's gettext catalogue (``web.i18n``), in ``msgctxt`` values of their own, each
``msgid`` the scanner's French and the context what keeps it stable:

- a lexicon cue in ``scan.signal.<name>`` (one signal has several cues);
- a named product's fact in ``scan.product.<kind>`` (``products.catalog.KIND_FACTS``), said
  after the brand kept as written (``scan``: ``PRODUCT_EXPLANATION``);
- a registry check's template in ``scan.check.<kind>.<status>`` (``scan.crosschecks.MESSAGES``),
  with its values said again in that language: the holder's profession, the extraction date
  (``scan``: ``WHEN``), the identifier's reason (those reasons are shared with the verify pages,
  so they are UI strings, without context; ``scan``: ``NOT_A_NUMBER``).

Contexts keep a cue apart from the same words elsewhere and tell a translator what the text is;
``scan_messages`` lists every entry from the scanner's own tables, which is what the catalogue's
template (``web.i18n_extract``) and its test take, so a new cue or message reaches the translator.
The French text is read back against the scanner's own templates, so the page needs nothing the
JSON answer does not carry. An explanation with no entry stays French and is said to be French
(``Said.lang``, for the ``lang`` attribute).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from pydantic import ValidationError

from vigie.dates import MONTHS, UNKNOWN_DATE, long_date
from vigie.products.catalog import KIND_FACTS
from vigie.scan.crosschecks import MESSAGES, NOT_A_NUMBER, WHEN
from vigie.scan.lexicon import SIGNALS
from vigie.scan.schemas import Check
from vigie.scan.signals import PRODUCT_EXPLANATION
from vigie.web.i18n import DEFAULT, contexts, entries, registry_label, translate


class Said(NamedTuple):
    """A text and the language it is written in (French when no translation was found)."""

    text: str
    lang: str


SIGNAL = "scan.signal."  # + signal name
PRODUCT = "scan.product."  # + product kind
CHECK = "scan.check."  # + "kind.status"
SCAN = "scan"  # the templates around the values: PRODUCT_EXPLANATION, WHEN, NOT_A_NUMBER


@dataclass(frozen=True, slots=True)
class ScanCatalogue:
    """The scanner's explanations in one language, read from its catalogue."""

    signals: dict[str, dict[str, str]]  # signal name → French explanation → text
    products: dict[str, str]  # product kind → what a mention of that kind means
    product_explanation: str  # "{brand}: {fact}"
    checks: dict[str, str]  # "kind.status" → template with the French one's placeholders
    when: str  # " (extract of {date})"
    not_a_number: str  # crosschecks.NOT_A_NUMBER


def scan_messages() -> Iterator[tuple[str, str, str]]:
    """Every (msgctxt, French, note for the translator) the scanner can say, from its tables."""
    for cue in SIGNALS:
        yield SIGNAL + cue.signal, cue.explanation, f"Scan cue (signal {cue.signal})."
    for kind, (fact, _rule, _weight) in KIND_FACTS.items():
        yield PRODUCT + kind.value, fact, "What a mention of such a product means, after its brand."
    for (check, status), template in MESSAGES.items():
        note = "Registry check; keep the placeholders ({when}: the extract's date or nothing)."
        yield CHECK + check_key(check, status), template, note
    yield SCAN, PRODUCT_EXPLANATION, "A named product: the brand as written, then its fact."
    yield SCAN, WHEN, "The registry extract's date, after a check's sentence."
    yield SCAN, NOT_A_NUMBER, "Why a number is not an RPPS number."


@cache
def scan_catalogue(lang: str) -> ScanCatalogue | None:
    """The scanner's explanations in ``lang``; ``None`` for French (the scanner's own words), or
    when the catalogue lacks one of the templates every explanation needs."""
    if lang == DEFAULT:
        return None
    around = entries(lang, SCAN)
    product_explanation = around.get(PRODUCT_EXPLANATION)
    when, not_a_number = around.get(WHEN), around.get(NOT_A_NUMBER)
    if product_explanation is None or when is None or not_a_number is None:
        return None
    signals = {
        c.removeprefix(SIGNAL): entries(lang, c) for c in contexts(lang) if c.startswith(SIGNAL)
    }
    products = {
        kind.value: text
        for kind, (fact, _rule, _weight) in KIND_FACTS.items()
        if (text := entries(lang, PRODUCT + kind.value).get(fact)) is not None
    }
    checks = {
        check_key(*key): text
        for key, french in MESSAGES.items()
        if (text := entries(lang, CHECK + check_key(*key)).get(french)) is not None
    }
    return ScanCatalogue(signals, products, product_explanation, checks, when, not_a_number)


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


def claim_text(claim: Mapping[str, object], lang: str) -> Said:
    """A registry check as a case stores it (the scan's JSON answer) in ``lang``; one that no
    longer reads as a check (an older scanner's shape) is shown as stored, in French."""
    try:
        check = Check.model_validate(claim)
    except ValidationError:
        return Said(str(claim.get("explanation", "")), DEFAULT)
    return check_text(check, lang)


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
