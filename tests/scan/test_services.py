"""The scanner end to end: result shape, reasons on the original text, bio, accounts, quality floor."""

from __future__ import annotations

import pytest

from vigie.scan.evaluation import evaluate, keyword_rule
from vigie.scan.model import load_model
from vigie.scan.schemas import AccountIn, Label, PostIn, Risk
from vigie.scan.services import default_scanner
from vigie.scan.training import corpus_path, load_rows

AD = "✨ PROMO lèvres 💉 1ml 150€ au lieu de 200 ! Dispo sur Lyon le 12 mars, rdv en MP, acompte Lydia"
PHYSICIAN = (
    "Dr Claire Dubois, dermatologue. Consultation préalable obligatoire, rendez-vous sur Doctolib."
)
HAIR = "Lissage tanin et soin des cheveux -20%, résultat brillant, salon de coiffure à Lyon"


@pytest.mark.parametrize(
    ("text", "label", "risk"),
    [
        (AD, Label.FAKE_INJECTOR, Risk.HIGH),
        (PHYSICIAN, Label.LEGIT_PRACTITIONER, Risk.LOW),
        (HAIR, Label.UNRELATED, Risk.LOW),
    ],
)
def test_scores_and_labels(text: str, label: Label, risk: Risk) -> None:
    result = default_scanner().scan_post(PostIn(text=text, id="p1"))
    assert (result.id, result.label, result.risk) == ("p1", label, risk)
    assert 0.0 <= result.score <= 1.0


def test_reasons_point_at_the_original_characters() -> None:
    result = default_scanner().scan_post(PostIn(text=AD))
    assert {"injectable_act", "price", "promotion", "off_platform_booking", "payment"} <= {
        r.signal for r in result.reasons
    }
    for reason in result.reasons:
        assert AD[reason.start : reason.end] == reason.excerpt
        assert reason.explanation
    assert "💉" in [r.excerpt for r in result.reasons]


def test_invalid_rpps_raises_the_score_without_a_registry() -> None:
    scanner = default_scanner()
    base = scanner.scan_post(PostIn(text="Dr Léa, lèvres 1ml 150€"))
    claimed = scanner.scan_post(PostIn(text="Dr Léa, RPPS 10000000001, lèvres 1ml 150€"))
    assert claimed.score > base.score
    assert any(c.kind == "rpps" and c.status == "invalid" for c in claimed.checks)
    assert any(r.signal == "rpps_check" for r in claimed.reasons)


def test_a_suspicious_bio_raises_a_neutral_post() -> None:
    scanner = default_scanner()
    plain = scanner.scan_post(PostIn(text="Bonne année à toutes mes clientes 🎉"))
    with_bio = scanner.scan_post(
        PostIn(
            text="Bonne année à toutes mes clientes 🎉",
            bio="Injectrice lèvres 💉 rdv snap, acompte Lydia",
        )
    )
    assert with_bio.score > plain.score
    assert {r.field for r in with_bio.reasons} == {"bio"}


def test_account_combines_posts_and_bio() -> None:
    account = AccountIn(
        handle="@lips.by.lea",
        bio="Injectrice certifiée 💉 rdv snap",
        posts=[
            PostIn(text="Coucou tout le monde", id="a"),
            PostIn(text=AD, id="b"),
            PostIn(text="lèvres 1ml 120€ dm", id="c"),
        ],
    )
    result = default_scanner().scan_account(account)
    assert result.label == Label.FAKE_INJECTOR
    assert result.combination["max_post_id"] == "b"
    assert result.combination["support"] == 1
    assert result.score >= max(p.score for p in result.posts)
    assert [p.id for p in result.posts] == ["a", "b", "c"]


def test_physician_account_stays_low() -> None:
    account = AccountIn(
        handle="@dr.dubois",
        bio="Dermatologue, cabinet à Lyon, rdv Doctolib",
        posts=[PostIn(text=PHYSICIAN)],
    )
    assert default_scanner().scan_account(account).risk == Risk.LOW


def test_artefact_metadata_is_versioned_and_small() -> None:
    model = load_model()
    assert model.metadata["name"] == "scan-model-v1"
    assert model.metadata["trained_rows"] >= 1000
    assert model.bands.high > model.bands.label > model.bands.medium


def test_quality_on_the_held_out_split() -> None:
    """The figures in docs/scan.md; a regression here means the model or the signals broke."""
    model, baseline = evaluate(default_scanner(), load_rows(corpus_path("eval")))
    precision, recall, _ = model.prf(0)
    assert precision >= 0.95
    assert recall >= 0.90
    assert model.physicians_high / model.physicians <= 0.02
    assert model.prf(0)[2] > baseline.prf(0)[2]


def test_keyword_baseline() -> None:
    assert keyword_rule("botox promo en dm") == "fake_injector"
    assert keyword_rule("botox promo, cabinet du Dr X") == "unrelated"
