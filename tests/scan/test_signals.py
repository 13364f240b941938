"""Signals: each family fires on its cue and points at the author's exact characters."""

from __future__ import annotations

import pytest

from vigie.products.catalog import load_catalog
from vigie.scan.normalize import normalize
from vigie.scan.signals import find_signals

CATALOG = load_catalog()


def _hits(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for hit in find_signals(normalize(text), CATALOG):
        found.setdefault(hit.signal, []).append(text[hit.start : hit.end])
    return found


@pytest.mark.parametrize(
    ("text", "signal", "excerpt"),
    [
        ("Injection acide hyaluronique", "injectable_act", "Injection"),
        ("B.O.T.O.X front", "injectable_act", "B.O.T.O.X"),
        ("lèvres 1ml", "injectable_act", "1ml"),
        ("des lèvres pulpeuses sans chirurgie", "injectable_euphemism", "lèvres pulpeuses"),
        ("russian lips dispo", "injectable_euphemism", "russian lips"),
        ("150€ la séance", "price", "150€"),
        ("PROMO du mois", "promotion", "PROMO"),
        ("-20% ce week-end", "promotion", "-20%"),
        ("pack lèvres + cernes", "promotion", "pack"),
        ("infos en MP", "off_platform_booking", "MP"),
        ("ajoute-moi sur snap", "off_platform_booking", "snap"),
        ("WhatsApp 06 12 34 56 78", "off_platform_booking", "WhatsApp"),
        ("lien en bio", "off_platform_booking", "lien en bio"),
        ("je me déplace à domicile", "non_medical_venue", "à domicile"),
        ("airbnb centre", "non_medical_venue", "airbnb"),
        ("de passage à Lyon le 12 mars", "city_tour", "le 12 mars"),
        ("acompte par Lydia", "payment", "Lydia"),
        ("paiement cash", "payment", "paiement cash"),
        ("injectrice certifiée", "self_title", "injectrice"),
        ("praticienne certifiée", "self_title", "certifiée"),
        ("formation + certificat", "training_sale", "formation"),
        ("cherche modèles", "training_sale", "cherche modèles"),
        ("fillers coréens pas chers", "banned_product", "fillers coréens"),
        ("Hyaluron Pen sans aiguille", "banned_product", "Hyaluron Pen"),
        ("avant/après", "before_after_same_day", "avant/après"),
        ("Dr Lina", "physician_claim", "Dr"),
        ("Attention aux arnaques", "educational_warning", "Attention"),
        ("au cabinet, 69006 Lyon", "practice_address", "cabinet"),
        ("rdv sur Doctolib", "booking_platform", "Doctolib"),
        ("consultation préalable et consentement", "consultation_consent", "consultation"),
        ("selon l'enquête, une victime", "news_victim", "victime"),
        ("dermatologue inscrite à l'ordre", "physician_identity", "dermatologue"),
        ("botox capillaire pour cheveux", "non_injection_context", "cheveux"),
        ("marinade injectée au poulet", "non_injection_context", "poulet"),
        ("Juvéderm Volbella", "product_name", "Juvéderm"),
        ("Vistabel", "product_name", "Vistabel"),
    ],
)
def test_signal_fires_on_its_cue(text: str, signal: str, excerpt: str) -> None:
    assert excerpt in _hits(text).get(signal, []), _hits(text)


def test_no_risk_is_not_a_warning() -> None:
    assert "educational_warning" not in _hits("aucun risque, 100% safe")


def test_hits_come_in_reading_order_without_nested_duplicates() -> None:
    hits = find_signals(normalize("lèvres pulpeuses 💉 promo"), CATALOG)
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    euphemisms = [h for h in hits if h.signal == "injectable_euphemism"]
    assert len(euphemisms) == 1  # "lèvres" alone is inside "lèvres pulpeuses"


def test_prefix_filter_never_drops_a_hit() -> None:
    """The word-start prefilter only skips patterns that cannot match (checked on the whole corpus)."""
    import re

    from vigie.scan.lexicon import SIGNALS
    from vigie.scan.signals import lexicon_hits, prefix_keys
    from vigie.scan.training import corpus_path, load_rows

    assert all(prefix_keys(s.pattern) is not None for s in SIGNALS)  # every pattern is filterable
    compiled = [(s.signal, re.compile(s.pattern)) for s in SIGNALS]
    for row in load_rows(corpus_path("eval"))[:400]:
        norm = normalize(row["text"])
        slow = sorted((name, m.span()) for name, p in compiled for m in p.finditer(norm.text))
        fast = sorted((h.signal, (h.nstart, h.nend)) for h in lexicon_hits(norm))
        assert fast == slow, row["text"]


def test_a_forged_rpps_is_no_physician_identity() -> None:
    """The word before a number failing the Luhn check does not count as a physician's identity."""
    forged = _hits("Dr Léa, RPPS 10000000001, lèvres 1ml 150€")
    assert "invalid_rpps" in forged
    assert "physician_identity" not in forged
    assert "physician_identity" in _hits("inscrite à l'ordre, RPPS sur demande")


@pytest.mark.parametrize(
    ("text", "signal", "excerpt"),
    [
        ("Ma sœur a pris le forfait lèvres", "testimony", "Ma sœur a"),
        ("Jeu concours : une séance lèvres à gagner", "promotion", "à gagner"),
        ("rides du lion 130 / front 130", "price", "rides du lion 130"),
        ("Kit stylo sans aiguille + ampoules", "banned_product", "stylo sans aiguille"),
        ("@lou oui je mets de l'emla avant", "minor_or_numbing", "emla"),
        (
            "Une patiente est venue après des lèvres faites à domicile",
            "news_victim",
            "Une patiente est venue",
        ),
    ],
)
def test_fourth_pass_cues(text: str, signal: str, excerpt: str) -> None:
    assert excerpt in _hits(text).get(signal, [])


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Ongles et lèvres le même jour", "humour_question"),
        ("Kit stylo sans aiguille + ampoules", "negated_injection"),
        ("Les prix des injections ont explosé", "price"),
        ("Lèvres 1ml 150€", "price_list_twice"),
    ],
)
def test_fourth_pass_false_signals_stay_quiet(text: str, signal: str) -> None:
    hits = _hits(text)
    if signal == "price_list_twice":  # an amount with its currency is one price, not two
        assert len(hits["price"]) == 1
    else:
        assert signal not in hits


def test_an_optional_opening_group_keeps_the_words_after_it_as_keys() -> None:
    from vigie.scan.signals import prefix_keys

    keys = prefix_keys(r"\b(?:i )?(?:got|had) my\b")
    assert keys is not None
    assert {"i", "got", "had"} <= keys
