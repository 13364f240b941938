"""The sentences of a dossier: its subject, the summary of the facts and the registry section.

Written for the person who receives it, in French, from what the case holds and nothing else: a
registry line is printed only for a name or number that was actually looked up, and the summary
says what reporters declared as declared ("un signalant déclare…"), never as established.
"""

from __future__ import annotations

import datetime as dt

from vigie.dates import french_date, french_datetime
from vigie.reports.schemas_cases import CaseDetail, JsonObject, NumberCheck, RegistryCheck
from vigie.reports.schemas_dossier import DossierAccount, RegistryLine, RegistrySection

ACT_PHRASES = {
    "ha_filler": "des injections d'acide hyaluronique",
    "botulinum_toxin": "des injections de toxine botulique",
    "mesotherapy": "des séances de mésothérapie",
    "other": "d'autres injections à visée esthétique",
}
ACT_ORDER = tuple(ACT_PHRASES)
SUBJECT_NOUNS = {
    "ha_filler": "acide hyaluronique",
    "botulinum_toxin": "toxine botulique",
    "mesotherapy": "mésothérapie",
    "other": "autres injections",
}
RISK_LABELS = {"high": "Risque élevé", "medium": "Risque modéré", "low": "Risque faible"}
# Which scanner signals describe how the offer works, and how the summary introduces them.
HOW_IT_WORKS = (
    ("off_platform_booking", "Prise de rendez-vous"),
    ("booking_platform", "Prise de rendez-vous"),
    ("payment", "Paiement"),
    ("price", "Prix annoncé"),
    ("promotion", "Promotion"),
    ("non_medical_venue", "Lieu"),
    ("city_tour", "Déplacements"),
    ("self_title", "Titre revendiqué"),
    ("physician_claim", "Titre revendiqué"),
)
UNCHECKED = "unchecked"


def parse_time(value: str) -> dt.datetime:
    """An ISO time as the database returned it (SQLite's are naive UTC)."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def french_time(value: str) -> str:
    return french_datetime(parse_time(value))


def join_fr(items: list[str]) -> str:
    """``a``, ``a et b``, ``a, b et c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def offered(case: CaseDetail) -> list[str]:
    acts = {a for r in case.reports for a in r.acts}
    return [ACT_PHRASES[a] for a in ACT_ORDER if a in acts]


def subject(case: CaseDetail, accounts: list[DossierAccount]) -> str:
    """``Injections esthétiques (acide hyaluronique, toxine botulique) proposées au public par le
    compte Instagram @x`` — specific to the facts, never a catch-all."""
    who = join_fr([f"{a.platform_label} @{a.handle}" for a in accounts]) or "un compte"
    acts = {a for r in case.reports for a in r.acts}
    nouns = [SUBJECT_NOUNS[a] for a in ACT_ORDER if a in acts]
    what = f" ({', '.join(nouns)})" if nouns else ""
    plural = "le compte" if len(accounts) <= 1 else "les comptes"
    return f"Injections esthétiques{what} proposées au public par {plural} {who}"


def summary(case: CaseDetail, accounts: list[DossierAccount], scan: JsonObject | None) -> list[str]:
    """The facts in sentences: what is offered, where, how, by how many reporters, what harm."""
    acts = offered(case)
    where = join_fr([f"le compte {a.platform_label} @{a.handle} ({a.url})" for a in accounts])
    lines = [
        f"Sur {where or 'un compte de réseau social'}, une personne propose au public "
        f"{join_fr(acts) if acts else 'des injections à visée esthétique'}."
    ]
    lines.extend(_declared(case))
    lines.extend(_how_it_works(scan))
    lines.append(_reporters(case))
    harmed = sum(1 for r in case.reports if r.harmed)
    if harmed:
        lines.append(
            f"{_count(harmed, 'signalant déclare', 'signalants déclarent')} avoir subi un dommage "
            "après une injection."
        )
    return lines


def _declared(case: CaseDetail) -> list[str]:
    found: list[str] = []
    products = sorted({r.products for r in case.reports if r.products})
    prices = sorted({r.price for r in case.reports if r.price})
    places = sorted({f"{r.place} ({r.department})" if r.department else r.place
                     for r in case.reports if r.place})  # fmt: skip
    if products:
        found.append(f"Produits cités par les signalants : {join_fr(products)}.")
    if prices:
        found.append(f"Prix indiqués : {join_fr(prices)}.")
    if places:
        found.append(f"Lieu indiqué : {join_fr(places)}.")
    return found


def _how_it_works(scan: JsonObject | None) -> list[str]:
    reasons = (scan or {}).get("reasons")
    if not isinstance(reasons, list):
        return []
    by_label: dict[str, list[str]] = {}
    for signal, label in HOW_IT_WORKS:
        for reason in reasons:
            if isinstance(reason, dict) and reason.get("signal") == signal:
                excerpt = f"« {str(reason.get('excerpt', '')).strip()} »"
                if excerpt not in by_label.setdefault(label, []):
                    by_label[label].append(excerpt)
    if not by_label:
        return []
    parts = [f"{label.lower()} : {', '.join(v[:4])}" for label, v in by_label.items()]
    return ["Dans les publications signalées — " + " ; ".join(parts) + "."]


def _count(n: int, one: str, many: str) -> str:
    return f"Un {one}" if n == 1 else f"{n} {many}"


def _reporters(case: CaseDetail) -> str:
    times = sorted(parse_time(r.created_at) for r in case.reports)
    if not times:
        return "Aucun signalement n'est rattaché à ce dossier."
    if len(times) == 1:
        return f"Un signalement a été reçu par Vigie le {french_date(times[0])}."
    return (
        f"{len(times)} signalements ont été reçus par Vigie entre le {french_date(times[0])} "
        f"et le {french_date(times[-1])}."
    )


def registry_section(check: RegistryCheck | None) -> RegistrySection:
    """Only what was looked up: each claimed number and name with what the registry says."""
    if check is None:
        return RegistrySection(source_date=None, source_date_label=None, lines=[])
    loaded = check.source_date is not None
    lines = [line for n in check.numbers if (line := _number_line(n, loaded)) is not None]
    numbers = {n.value for n in check.numbers}
    for claim in check.claims:
        if claim.get("status") == UNCHECKED or claim.get("value") in numbers:
            continue
        label = "Nom revendiqué" if claim.get("kind") == "physician_name" else "Numéro revendiqué"
        lines.append(
            RegistryLine(
                claimed=f"{label} : {claim.get('value')}", found=str(claim.get("explanation", ""))
            )
        )
    date = dt.date.fromisoformat(check.source_date) if check.source_date else None
    return RegistrySection(
        source_date=check.source_date,
        source_date_label=french_date(date) if date else None,
        lines=lines,
    )


def _number_line(number: NumberCheck, loaded: bool) -> RegistryLine | None:
    claimed = f"Numéro RPPS revendiqué : {number.value}"
    if not number.valid:
        return RegistryLine(claimed=claimed, found=number.reason or "numéro invalide")
    if not loaded:
        return None  # no registry was loaded: nothing was looked up
    if number.candidate:
        c = number.candidate
        who = " ".join(str(c.get(k) or "") for k in ("profession", "last_name", "first_name"))
        return RegistryLine(claimed=claimed, found=f"inscrit au registre public : {who.strip()}")
    return RegistryLine(
        claimed=claimed, found="aucun professionnel avec ce numéro dans le registre public"
    )
