"""Who speaks and what they do: stance signals, negation scope, the bio as speaker, the offer gate."""

from __future__ import annotations

import pytest

from vigie.products.catalog import load_catalog
from vigie.scan.features import is_reply, market_offer, offer_gate, refusal_scope
from vigie.scan.model import CLASSES
from vigie.scan.normalize import normalize
from vigie.scan.schemas import PostIn
from vigie.scan.services import GATE_CAP, default_scanner
from vigie.scan.signals import find_signals
from vigie.scan.training import corpus_path, load_rows

CATALOG = load_catalog()


def _signals(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for hit in find_signals(normalize(text), CATALOG):
        found.setdefault(hit.signal, []).append(text[hit.start : hit.end])
    return found


@pytest.mark.parametrize(
    ("text", "signal", "excerpt"),
    [
        (
            "Notre institut propose désormais les skinboosters",
            "offer_first_person",
            "Notre institut propose",
        ),
        ("réserve ta place via le lien", "booking_call", "réserve ta "),
        ("micro-injections au salon", "beauty_venue", "au salon"),
        ("Les produits sont arrivés !", "restock_resume", "produits sont arrivés"),
        ("une place vient de se libérer", "last_minute", "se libérer"),
        ("crème anesthésiante 20 min avant", "minor_or_numbing", "crème anesthésiante"),
        ("pas besoin de consultation", "no_consultation", "pas besoin de consultation"),
        ("routine sans aucune injection", "negated_injection", "sans aucune injection"),
        ("Je ne fais pas de baby botox", "refusal", "Je ne fais pas"),
        ("je me suis fait injecter les lèvres", "testimony", "je me suis fait"),
        ("Toxine et migraine chronique", "medical_indication", "migraine"),
        ("Règles du groupe : pas de pub", "moderation_notice", "Règles du groupe"),
        ("Attention aux fausses injectrices", "warning_term", "fausses injectrices"),
        ("I treat unregistered injectors' work", "warning_term", "unregistered injectors"),
        ("demandez à votre coiffeuse", "beauty_venue", "coiffeuse"),
        ("Retour de chez ma dermato", "testimony", "chez ma dermato"),
        ("Non sponsorisé, je paie mes soins", "testimony", "je paie mes soins"),
        ("on réinjecte votre plasma", "injectable_act", "réinjecte"),
        ("Fils PDO effet lifting", "injectable_act", "Fils PDO"),
        ("Réassort reçu ce matin", "restock_resume", "Réassort"),
        ("je te mets la crème qui endort", "minor_or_numbing", "crème qui endort"),
        ("viens avec ta mère, elle signe", "minor_or_numbing", "ta mère, elle signe"),
        ("Trois signaux qui doivent vous alerter", "quoted_offer", "signaux qui"),
        ("2 places libérées demain", "last_minute", "places libérées"),
        ("on reprend les rdv dès lundi", "restock_resume", "on reprend les rdv"),
        ("Le Botox est de retour", "restock_resume", "est de retour"),
        ("Barber Shop Le Gentleman", "beauty_venue", "Barber"),
        (
            "Nos esthéticiennes réalisent le Hydra Lift",
            "offer_first_person",
            "Nos esthéticiennes réalisent",
        ),
        ("on vous propose la mésothérapie", "offer_first_person", "on vous propose"),
        ("Prenez rdv via Booksy", "booking_call", "Booksy"),
        ("je pose l'anesthésiant 20 min", "minor_or_numbing", "l'anesthésiant"),
        ("t'as 17 ans ? viens avec ta sœur", "minor_or_numbing", "t'as 17 ans"),
        ("à 16 ans on n'injecte pas", "refusal", "on n'injecte pas"),
        ("esthéticienne formée par un médecin", "self_title", "formée par un médecin"),
        ("Centre de beauté Aphrodite", "beauty_venue", "Centre de beauté"),
        (
            "Lien pour réserver dans ma bio",
            "off_platform_booking",
            "Lien pour réserver dans ma bio",
        ),
    ],
)
def test_stance_signal_fires_on_its_cue(text: str, signal: str, excerpt: str) -> None:
    assert excerpt in _signals(text).get(signal, []), _signals(text)


def test_a_negation_cancels_what_it_covers() -> None:
    """ "sans injection" is no injectable act; "pas besoin d'ordonnance" is no medical frame."""
    assert "injectable_act" not in _signals("soin du visage sans injection")
    assert "injectable_act" in _signals("soin du visage avec injection")
    assert "consultation_consent" not in _signals("pas besoin de consultation")
    assert "self_title" not in _signals("méfiez-vous des fausses injectrices")
    assert "self_title" in _signals("injectrice certifiée")


def test_false_signals_stay_quiet() -> None:
    """A hair salon is a venue, not a "no injection" context; "tout de suite" is no hotel suite."""
    assert "non_injection_context" not in _signals("mésothérapie chez Lola Coiffure")
    assert "non_medical_venue" not in _signals("résultat visible tout de suite")
    assert "non_medical_venue" in _signals("je reçois dans ma suite")
    assert "non_medical_venue" not in _signals("une place libre suite à une annulation")
    assert "non_medical_venue" not in _signals("ni chez moi ni ailleurs")
    assert "physician_identity" not in _signals("esthéticienne formée par un médecin")
    assert "self_title" not in _signals("attention aux fausses injectrices")
    assert "non_injection_context" not in _signals("crème qui anesthésie la zone")
    assert "non_injection_context" not in _signals("la crème qui endort")
    assert "off_platform_booking" not in _signals("un signal d'alarme")


@pytest.mark.parametrize(
    "text", ["Paris 6e", "au 2e étage", "la 10e fois", "Lyon 3e, 25e anniversaire"]
)
def test_an_ordinal_is_not_a_price(text: str) -> None:
    assert "price" not in _signals(text)


@pytest.mark.parametrize("text", ["150e la séance", "40e la demi", "150€"])
def test_a_price_in_euros_stays_a_price(text: str) -> None:
    assert "price" in _signals(text)


def test_touch_ups_and_quantities_are_not_face_areas() -> None:
    found = find_signals(normalize("retouches offertes, 150€ le ml"), CATALOG)
    areas = [h for h in found if h.explanation.startswith("Zone du visage")]
    assert areas == []
    assert {h.signal for h in found} >= {"injectable_euphemism", "injectable_act"}


def test_the_offer_gate_needs_an_injectable_and_a_way_to_get_it() -> None:
    def gate(text: str, bio: str | None = None) -> bool:
        bio_hits = find_signals(normalize(bio), CATALOG) if bio else None
        return offer_gate(find_signals(normalize(text), CATALOG), bio_hits)

    assert gate("lèvres 150€, rdv en DM")
    assert not gate("Babysitting, prix en mp, je me déplace")  # no injectable
    assert not gate("vous pensez quoi des lèvres russes ?")  # no way to get it
    assert gate("lèvres russes ce week-end", bio="Lips artist | rdv en DM")  # the bio's channel


def test_a_reply_that_reveals_the_practice_stands_for_the_act() -> None:
    """The injectable is in the comment answered: "@lea oui je mets la crème anesthésiante"."""

    def gate(text: str) -> bool:
        norm = normalize(text)
        return offer_gate(find_signals(norm, CATALOG), None, norm.text)

    assert gate("@ines_22 oui je mets de la crème anesthésiante avant")
    assert gate("réponse à @sarah : je demande pas d'ordonnance, juste un acompte")
    assert gate("replying to @jess: numbing cream is included")
    assert not gate("je mets de la crème anesthésiante avant")  # not a reply: no act named
    assert not gate("@emma oui crème anesthésiante pour le tatouage des côtes")  # a tattoo
    assert not gate("@lea merci pour ton message, à samedi !")  # reveals nothing
    assert gate("@mona c'est 0,5 ml pour commencer")  # the act, answered in its thread
    assert not gate("@mona 0,5 ml pour commencer : la phrase des fausses injectrices")


def test_the_reply_form_alone_is_no_tell() -> None:
    """Replies of every label train the model, so answering "@someone" does not make an offer."""
    rows = load_rows(corpus_path("train"))
    replies = [r for r in rows if is_reply(normalize(r["text"]).text)]
    assert {r["label"] for r in replies} == set(CLASSES)
    scanner = default_scanner()
    offer = "@nadia_b oui je te mets la crème anesthésiante et c'est 1 ml pour 150€ 😘"
    doctor = (
        "@nadia_b la crème anesthésiante, on l'applique au cabinet après la consultation "
        "et le consentement signé."
    )
    assert scanner.scan_post(PostIn(text=offer)).label.value == "fake_injector"
    answered = scanner.scan_post(PostIn(text=doctor, bio="Dr Anne Roy, dermatologue, Doctolib"))
    assert answered.risk.value == "low"


def test_a_post_outside_the_gate_is_low_risk_whatever_the_text() -> None:
    result = default_scanner().scan_post(
        PostIn(text="Vente de bougies, prix en mp, places limitées")
    )
    assert result.score <= GATE_CAP
    assert result.risk.value == "low"


def test_a_physicians_bio_lowers_a_warning_but_never_an_offer() -> None:
    scanner = default_scanner()
    doctor = "Dr Claire Moreau, dermatologue, Paris 16, rendez-vous sur Doctolib"
    warning = "Méfiez-vous des offres « lèvres 150€ en DM » : aucun médecin ne travaille comme ça."
    offer = "Lèvres 1 ml 150€, acompte Lydia, rdv en DM, je me déplace à domicile"
    alone, with_bio = (scanner.scan_post(PostIn(text=warning, bio=b)) for b in (None, doctor))
    assert with_bio.score <= alone.score
    assert with_bio.risk.value == "low"
    offered = [scanner.scan_post(PostIn(text=offer, bio=b)) for b in (None, doctor)]
    assert offered[1].score >= offered[0].score
    assert offered[1].risk.value == "high"


def _scoped(text: str) -> list[str]:
    norm = normalize(text)
    return [h.signal for h in refusal_scope(find_signals(norm, CATALOG), norm.text)]


def test_a_refusal_covers_the_offer_cues_of_its_clause_only() -> None:
    refused = _scoped("Je refuse les rendez-vous pris par message privé sans consultation.")
    assert "off_platform_booking" not in refused
    assert "no_consultation" not in refused
    offered = _scoped("Je ne fais pas de promo, mais lèvres 150€ en DM")
    assert {"price", "off_platform_booking"} <= set(offered)
    assert "promotion" not in offered


def test_a_refused_medical_frame_is_the_lack_of_one() -> None:
    assert "no_consultation" in _scoped("je ne demande pas de consultation, viens direct")
    kept = _scoped("je n'injecte jamais sans un devis signé")
    assert "consultation_consent" in kept
    assert "no_consultation" not in kept


def test_false_offer_cues_stay_quiet() -> None:
    assert "promotion" not in _signals("le seul botox que je m'offre c'est le sommeil")
    assert "promotion" in _signals("offre spéciale lèvres")
    assert "non_injection_context" in _signals("kit injecteurs pour Golf 4 TDI")


def _market(text: str) -> bool:
    norm = normalize(text)
    return market_offer(find_signals(norm, CATALOG), norm.text)


def test_a_claimed_title_does_not_rescue_the_markets_way_of_selling() -> None:
    """Booked by DM and paid by deposit: an offer, whoever signs it, unless the post warns."""
    post = "Dr Léa Martin RPPS 10000000009 : lèvres 150€, rdv en mp, acompte Lydia"
    assert _market(post)
    result = default_scanner().scan_post(PostIn(text=post))
    assert result.label.value == "fake_injector"
    assert not _market("Méfiez-vous : « lèvres 150€, rdv en mp, acompte Lydia »")
    assert not _market("Hair botox dispo dimanche, rdv en dm, acompte par Lydia")
    assert not _market("lèvres 150€, rdv en mp")  # no deposit or payment: the model decides


def test_a_practice_that_excludes_the_markets_channels_pays_and_books_nowhere_else() -> None:
    found = _signals("Toxine 250 €. Aucun paiement par message privé.")
    assert found["negated_channel"] == ["Aucun paiement par message privé"]
    assert "off_platform_booking" not in found  # cancelled inside the negation's scope
    assert "off_platform_booking" in _signals("Toxine 250 €, paiement par message privé")


def test_single_quotes_quote_and_french_apostrophes_do_not() -> None:
    from vigie.scan.features import quoted_spans

    text = normalize("these phrases: 'no consultation needed', 'DM for prices'. l'acide, j'ai").text
    quoted = [text[a:b] for a, b in quoted_spans(text)]
    assert len(quoted) == 2
    assert quoted[0] == "'no consultation needed'"
    assert quoted_spans(normalize("j'ai pris l'acide hyaluronique aujourd'hui").text) == []


def test_answering_the_comments_in_a_post_is_a_reply() -> None:
    assert is_reply(normalize("Au fait pour celles qui demandent : oui je mets une crème").text)
    assert is_reply(normalize("oui je fais aussi les mineures, envoie un msg").text)
    assert not is_reply(normalize("Nouvelle collection de bougies pour celles qui aiment").text)


def test_a_bio_that_names_what_is_sold_opens_the_gate_for_a_post_that_books_it() -> None:
    def gate(text: str, bio: str) -> bool:
        norm = normalize(text)
        return offer_gate(
            find_signals(norm, CATALOG), find_signals(normalize(bio), CATALOG), norm.text
        )

    seller = "💉 skinbooster • lèvres • rides 📍Montpellier"
    assert gate("lien dans la bio pour réserver, dernières places en décembre", seller)
    assert not gate("lien dans la bio pour réserver, dernières places en décembre", "🕯️ bougies")
    assert not gate("Bonne année à toutes 🥂", seller)  # nothing booked, priced or timed
    assert not gate("Fuyez les offres « dernières places, lien en bio »", seller)


def test_a_physicians_warning_quoting_a_channel_is_lowered_by_the_bio() -> None:
    scanner = default_scanner()
    text = (
        "Quand une patiente me montre une annonce « lèvres naturelles, 1ml, 120€, snap », je lui"
        " demande qui répondra au téléphone à 2h du matin si sa lèvre devient blanche."
    )
    alone = scanner.scan_post(PostIn(text=text))
    signed = scanner.scan_post(PostIn(text=text, bio="Dr Mélanie Robin · médecin esthétique"))
    assert signed.score < alone.score
    assert signed.label.value != "fake_injector"
