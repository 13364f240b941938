"""Everything the scanner can say has its English (pure, no database): a new signal, product kind
or registry message without an entry in the English catalogue (``msgctxt scan…`` of
``translations/en/LC_MESSAGES/messages.po``; ``scripts/i18n.sh`` adds it for translation) fails here.

The cues, product kinds and check messages are enumerated from the scanner's own tables
(``lexicon.SIGNALS``, ``products.catalog.KIND_FACTS``, ``crosschecks.MESSAGES``), never listed by
hand, and every English text is checked for French words with the dictionary check the English
pages use.
"""

from __future__ import annotations

import re

import pytest

from english_check import french_words
from vigie.products.catalog import KIND_FACTS, load_catalog
from vigie.registry.identifiers import check_identifier
from vigie.scan.crosschecks import MESSAGES, NOT_A_NUMBER, WHEN, run_checks
from vigie.scan.lexicon import SIGNALS, SignalSpec
from vigie.scan.normalize import normalize
from vigie.scan.registry_lookup import RegistryPerson, StaticRegistry
from vigie.scan.schemas import Check
from vigie.scan.signals import PRODUCT_EXPLANATION, find_signals
from vigie.web.i18n import catalogue
from vigie.web.pages import analyse
from vigie.web.scan_text import (
    check_key,
    check_text,
    claim_text,
    said_date,
    scan_catalogue,
    signal_text,
)

EN = scan_catalogue("en")
assert EN is not None
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Every reason an identifier check gives: RPPS and ADELI, well formed or not, and a wrong length.
NUMBERS = ("10000000009", "10000000001", "690000013", "690000012", "123", "123456789012")
REASONS = sorted({c.reason for n in NUMBERS if (c := check_identifier(n)) is not None})
HOLDER = "Chloé LEFEBVRE (Infirmier)"


def test_every_lexicon_cue_has_its_english() -> None:
    missing = [
        (s.signal, s.explanation)
        for s in SIGNALS
        if s.explanation not in EN.signals.get(s.signal, {})
    ]
    assert missing == []


def test_the_catalogue_holds_no_cue_the_lexicon_dropped() -> None:
    cues = {(s.signal, s.explanation) for s in SIGNALS}
    stale = [(signal, french) for signal, by in EN.signals.items() for french in by]
    assert [cue for cue in stale if cue not in cues] == []


def test_every_product_kind_and_every_check_message_has_its_english() -> None:
    assert sorted(EN.products) == sorted(kind.value for kind in KIND_FACTS)
    assert sorted(EN.checks) == sorted(check_key(*key) for key in MESSAGES)
    for key, french in MESSAGES.items():  # the same values in both languages
        english = EN.checks[check_key(*key)]
        assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(french)), key
    assert PLACEHOLDER.findall(EN.when) == PLACEHOLDER.findall(WHEN)
    assert PLACEHOLDER.findall(EN.product_explanation) == ["brand", "fact"]


def _english_texts() -> list[str]:
    texts = [text for by in EN.signals.values() for text in by.values()]
    texts += [*EN.products.values(), *EN.checks.values(), EN.when, EN.not_a_number]
    return texts + [analyse.translate(v, "en") for v in analyse.VERDICTS.values()]


@pytest.mark.parametrize("text", _english_texts())
def test_the_english_texts_have_no_french_word(text: str) -> None:
    assert french_words(text, {"Lydia"}) == [], text


def test_the_page_words_of_the_scan_have_their_english() -> None:
    words = {label for _, _, label in analyse.RISK_STYLES.values()}
    words |= {*analyse.VERDICTS.values(), *analyse.CHECK_STATUS.values()}
    words |= {*analyse.CHECK_KINDS.values(), analyse.EMPTY}
    assert sorted(words - set(catalogue("en"))) == []


@pytest.mark.parametrize("cue", SIGNALS, ids=lambda s: s.signal)
def test_each_cue_is_said_in_english_and_kept_in_french(cue: SignalSpec) -> None:
    signal, explanation = cue.signal, cue.explanation
    assert signal_text(signal, explanation, "en") == (EN.signals[signal][explanation], "en")
    assert signal_text(signal, explanation, "fr") == (explanation, "fr")


def test_a_relabelled_cue_is_found_by_its_french_text() -> None:
    cue = next(s for s in SIGNALS if s.signal == "payment")
    assert signal_text("no_consultation", cue.explanation, "en").lang == "en"


def test_every_named_product_is_said_in_english_with_its_brand_as_written() -> None:
    for brand in load_catalog().brands:
        french = PRODUCT_EXPLANATION.format(brand=brand.name, fact=brand.explanation)
        text, lang = signal_text("product_name", french, "en")
        assert lang == "en", french
        assert text == f"{brand.name}: {EN.products[brand.kind.value]}"


@pytest.mark.parametrize("reason", [*REASONS, NOT_A_NUMBER])
def test_every_identifier_reason_is_said_in_english(reason: str) -> None:
    text, lang = signal_text("invalid_rpps", reason, "en")
    assert lang == "en"
    assert french_words(text) == [], text


@pytest.mark.parametrize("key", sorted(MESSAGES))
@pytest.mark.parametrize("dated", [True, False])
def test_every_check_message_reads_back_in_english(key: tuple[str, str], dated: bool) -> None:
    """Each French message, with and without an extraction date and with every reason it can
    carry, is said in English with its values: the date written out, the holder's profession."""
    when = WHEN.format(date="1er novembre 2026") if dated else ""
    for reason in REASONS if "{reason}" in MESSAGES[key] else [""]:
        french = MESSAGES[key].format(when=when, holder=HOLDER, reason=reason)
        check = Check(kind=key[0], status=key[1], value="x", explanation=french)
        text, lang = check_text(check, "en")
        assert lang == "en", french
        assert french_words(text, {"Chloé LEFEBVRE"}) == [], text
        if "{when}" in MESSAGES[key]:
            assert ("(extract of 1 November 2026)" in text) is dated, text
        if "{holder}" in MESSAGES[key]:
            assert "Chloé LEFEBVRE (Nurse)" in text
        assert check_text(check, "fr") == (french, "fr")


def test_a_message_the_catalogue_cannot_read_stays_french_and_says_so() -> None:
    odd = Check(kind="rpps", status="not_found", value="x", explanation="Autre chose.")
    assert check_text(odd, "en") == ("Autre chose.", "fr")
    assert signal_text("price", "Une explication inconnue.", "en") == (
        "Une explication inconnue.",
        "fr",
    )


def test_a_stored_check_is_said_like_a_fresh_one_and_an_odd_one_as_stored() -> None:
    """A case keeps its scan as JSON (the moderator's page reads it back)."""
    french = MESSAGES["rpps", "not_found"].format(when="")
    check = Check(kind="rpps", status="not_found", value="10000000025", explanation=french)
    assert claim_text(check.model_dump(mode="json"), "en") == check_text(check, "en")
    assert claim_text(check.model_dump(mode="json"), "en").lang == "en"
    assert claim_text({"explanation": "Ancien format."}, "en") == ("Ancien format.", "fr")


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("2 novembre 2026", "2 November 2026"),
        ("1er décembre 2026", "1 December 2026"),
        ("2026-11-02", "2 November 2026"),
        ("date inconnue", "unknown date"),
        ("31 février 2026", None),
        ("bientôt", None),
    ],
)
def test_extraction_dates_are_read_back(french: str, english: str | None) -> None:
    assert said_date(french, "en") == english


POSTS = [
    "Infirmière diplômée, je fais vos lèvres à domicile 💋 150€ le ml, promo -20% ce week-end. "
    "RPPS 10000000025. Rdv en DM, acompte Lydia. Juvederm, Botox, Hyaluron Pen.",
    "Dr Zoltan Introuvablissime, injections sur Paris le 12 mars, formation et certificat offerts.",
    "Dr Marc Dupont-Legrand, RPPS 10000000009 et 10000000001, ADELI 690000012, n° 123456789012.",
    "Je ne fais pas de botox. Consultation et suivi au cabinet, rendez-vous sur Doctolib.",
]


@pytest.mark.parametrize("registry", [True, False])
def test_whatever_the_scanner_finds_is_english_on_an_english_page(registry: bool) -> None:
    """Real posts through the scanner's signals and cross-checks (the model only weighs them):
    every explanation and registry check said in English."""
    people = [
        RegistryPerson("10000000025", "Chloé", "LEFEBVRE", "60", "Infirmier"),
        RegistryPerson("10000000009", "Marc", "DUPONT-LEGRAND", "10", "Médecin"),
        RegistryPerson("10000000017", "Zoé", "DUPONT", "10", "Médecin"),
    ]
    lookup = StaticRegistry(people, "2 novembre 2026") if registry else None
    products = load_catalog()
    seen = 0
    for text in POSTS:
        norm = normalize(text)
        for hit in find_signals(norm, products):
            assert signal_text(hit.signal, hit.explanation, "en").lang == "en", hit
            seen += 1
        for check in analyse.shown_checks(run_checks(norm, products, lookup), "en"):
            assert check["lang"] == "en", check
            assert french_words(check["explanation"], {"Chloé LEFEBVRE", "Zoltan"}) == []
            seen += 1
    assert seen > 20
