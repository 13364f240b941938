"""Scan a post (``/analyser``): paste a post's text, see the risk, in words, and why.

The text (and, if given, the author's bio) goes in a POST body (never in the URL: it may be long
and personal) with the CSRF token. One scanner call gives the result, with the registry
cross-checks when a registry snapshot is loaded (a claimed RPPS that belongs to a nurse, a claimed
"Dr Prénom Nom" absent from the registry). The page then explains it:

- the score as a sentence ("Risque élevé : offre d'injection hors cadre médical");
- the signals that raise the risk apart from those that lower it, each with an icon and words
  (never colour alone), one entry per signal and explanation however many times it fired;
- the registry checks, each with what it found.

In English the page says all of it in English: its own words from the page catalogue, the
scanner's explanations from the English catalogue (``vigie.web.scan_text``).
``Accept: application/json`` returns the scanner's result as is, in French (a contract).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from vigie.scan.registry_lookup import current_registry
from vigie.scan.schemas import MAX_BIO_CHARS, MAX_TEXT_CHARS, Check, PostIn, PostResult, Reason
from vigie.scan.services import default_scanner
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.i18n import DEFAULT, colon, request_language, translate
from vigie.web.pages.highlight import Span, pieces
from vigie.web.pages.negotiate import respond
from vigie.web.scan_text import check_text, signal_text
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

EMPTY = "Collez le texte d'une publication à analyser."
RISK_STYLES = {
    "high": ("risk--high", "!", "Risque élevé"),
    "medium": ("risk--medium", "?", "Risque moyen"),
    "low": ("risk--low", "✓", "Risque faible"),
}
# What the risk means, by risk and label: the first words of the answer.
VERDICTS = {
    "high": "offre d'injection esthétique hors cadre médical.",
    "medium": "des signes d'une offre d'injection hors cadre médical, à vérifier avant tout rendez-vous.",
    "low:legit_practitioner": "le texte se lit comme celui d'un médecin (information, prévention ou cabinet).",
    "low:unrelated": "aucune offre d'injection esthétique repérée dans ce texte.",
    "low:fake_injector": "peu de signes d'une offre d'injection hors cadre médical.",
}
CHECK_KINDS = {"rpps": "Numéro RPPS/ADELI", "physician_name": "Nom de docteur revendiqué"}
CHECK_STATUS = {
    "invalid": "numéro impossible",
    "not_found": "absent du registre",
    "belongs_to_someone_else": "numéro d'une autre personne",
    "not_a_physician": "pas médecin",
    "match": "trouvé dans le registre",
    "candidates": "homonymes possibles",
    "unchecked": "registre non consulté",
}


@dataclass
class Explained:
    """One signal and explanation, merged over every place it fired."""

    number: int
    signal: str
    explanation: str
    raises: bool
    excerpts: list[str] = field(default_factory=list)
    in_bio: bool = False
    quoted: bool = True  # every place it fired is between quotation marks: quoted, not said
    lang: str = DEFAULT  # the explanation's language (French when it has no translation)


# Quotation marks as posts write them; a cue between them is quoted (a warning citing an offer).
_QUOTED = re.compile(r"«[^»]{1,300}»|“[^”]{1,300}”|\"[^\"\n]{1,300}\"")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(text)]


def verdict(result: PostResult, lang: str = DEFAULT) -> str:
    """The score as a sentence: "Risque élevé : offre d'injection hors cadre médical."."""
    risk = result.risk.value
    key = risk if risk != "low" else f"low:{result.label.value}"
    return f"{translate(RISK_STYLES[risk][2], lang)}{colon(lang)} {translate(VERDICTS[key], lang)}"


def score_text(score: float, lang: str = DEFAULT) -> str:
    """``0,87`` in French, ``0.87`` in English."""
    shown = f"{score:.2f}"
    return shown.replace(".", ",") if lang == DEFAULT else shown


def localise(explained: list[Explained], lang: str) -> list[Explained]:
    """Each explanation said in ``lang`` (merged first: the French text is the merge key)."""
    for item in explained:
        item.explanation, item.lang = signal_text(item.signal, item.explanation, lang)
    return explained


def merge_reasons(reasons: list[Reason], text: str = "") -> tuple[list[Explained], dict[int, int]]:
    """Signals merged by (signal, explanation), and each reason's index → its merged number.

    Registry checks are left out: the page shows them in their own list, with what they found.
    A signal fired only between quotation marks of ``text`` (the post) is marked quoted.
    """
    quotes = quoted_spans(text)
    merged: dict[tuple[str, str, bool], Explained] = {}
    number_of: dict[int, int] = {}
    for i, reason in enumerate(reasons):
        if reason.signal.endswith("_check"):
            continue
        key = (reason.signal, reason.explanation, reason.weight > 0)
        item = merged.get(key)
        if item is None:
            item = merged[key] = Explained(
                len(merged) + 1, reason.signal, reason.explanation, reason.weight > 0
            )
        excerpt = " ".join(reason.excerpt.split())
        if excerpt and excerpt.casefold() not in {e.casefold() for e in item.excerpts}:
            item.excerpts.append(excerpt)
        item.in_bio = item.in_bio or reason.field == "bio"
        inside = reason.field == "text" and any(
            a <= reason.start and reason.end <= b for a, b in quotes
        )
        item.quoted = item.quoted and inside
        number_of[i] = item.number
    return list(merged.values()), number_of


def shown_checks(checks: list[Check], lang: str = DEFAULT) -> list[dict[str, Any]]:
    """Registry checks (numbers and names) in words; product facts are already signals."""
    shown = []
    for c in checks:
        if c.kind not in CHECK_KINDS:
            continue
        explanation, explanation_lang = check_text(c, lang)
        shown.append(
            {
                "value": c.value,
                "kind": translate(CHECK_KINDS[c.kind], lang),
                "status": translate(CHECK_STATUS.get(c.status, c.status), lang),
                "raises": c.weight > 0,
                "explanation": explanation,
                "lang": explanation_lang,
                "in_bio": c.details.get("field") == "bio",
            }
        )
    return shown


def _context(text: str, bio: str, result: PostResult, lang: str) -> dict[str, Any]:
    explained, number_of = merge_reasons(result.reasons, text)
    localise(explained, lang)
    by_number = {e.number: e for e in explained}
    spans = [
        Span(r.start, r.end, number_of[i])
        for i, r in enumerate(result.reasons)
        if r.field == "text" and i in number_of
    ]
    marked = []
    for piece in pieces(text, spans):
        refs = [by_number[n] for n in piece.reasons]
        marked.append({"text": piece.text, "refs": refs, "raises": any(r.raises for r in refs)})
    return {
        "text": text,
        "bio": bio,
        "result": result,
        "verdict": verdict(result, lang),
        "score": score_text(result.score, lang),
        "pieces": marked,
        "raising": [e for e in explained if e.raises],
        "lowering": [e for e in explained if not e.raises],
        "checks": shown_checks(result.checks, lang),
        "risk_style": RISK_STYLES.get(result.risk.value, RISK_STYLES["medium"]),
        "max_chars": MAX_TEXT_CHARS,
        "max_bio_chars": MAX_BIO_CHARS,
    }


def _form(**extra: Any) -> dict[str, Any]:
    return {
        "text": "",
        "bio": "",
        "result": None,
        "max_chars": MAX_TEXT_CHARS,
        "max_bio_chars": MAX_BIO_CHARS,
        **extra,
    }


@router.get("/analyser")
def analyse_form(request: Request) -> Response:
    return render(request, "analyse.html", _form())


@router.post("/analyser")
def analyse_post(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    text: Annotated[str, Form(max_length=MAX_TEXT_CHARS)] = "",
    bio: Annotated[str, Form(max_length=MAX_BIO_CHARS)] = "",
) -> Response:
    if not text.strip():
        return render(request, "analyse.html", _form(bio=bio, error=EMPTY), status_code=422)
    post = PostIn(text=text, bio=bio if bio.strip() else None)
    result = default_scanner().scan_post(post, registry=current_registry(session, settings))
    context = _context(text, bio, result, request_language(request))
    return respond(request, "analyse.html", context, result)
