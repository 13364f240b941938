"""What the report form asks in plain words, and how each answer lands in the report's fields.

A patient does not know which of "hyaluronic acid" or "mesotherapy" was offered; she knows what
she saw. So the form asks "what happened" as four choices and maps them onto the fields the API
already has, which the moderators, the case analysis and the dossiers read:

- offers injections → ``acts`` (the optional "which ones"; none picked means "other or unknown");
- claims a title → a sentence opening ``description``, with the title as shown: the analysis
  scans descriptions, so a claimed "Dr Martin" is checked against the registry like any text;
- I was injected and had a problem → ``harmed`` (the queue ranks it first);
- sells products or trainings → ``products`` (what is sold), and a sentence when nothing is named.

The page keeps the answers as posted (``FormAnswers``) so a form shown again with its errors shows
the same ticks, not the mapped fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from starlette.datastructures import FormData

from vigie.reports.multipart import report_input
from vigie.reports.schemas import Act, ReportInput

MAX_TITLE = 200


class Happened(StrEnum):
    INJECTIONS = "injections"
    TITLE = "titre"
    HARMED = "complication"
    SELLS = "vente"


HAPPENED_LABELS = {
    Happened.INJECTIONS: "Propose des injections (lèvres, rides, « botox »…)",
    Happened.TITLE: "Se présente comme médecin ou professionnel de santé",
    Happened.HARMED: "J'ai reçu une injection (ou un proche) et il y a eu un problème",
    Happened.SELLS: "Vend des produits ou des formations",
}
# The sentences written into the description for the choices that have no field of their own.
TITLE_SENTENCE = (
    "Le signalant indique que le compte se présente comme médecin ou professionnel de santé"
)
SELLS_SENTENCE = "Le signalant indique que le compte vend des produits ou des formations."


@dataclass
class FormAnswers:
    """The form as posted: the report's own fields, the plain choices, the kept files' tokens."""

    report: ReportInput
    happened: list[str] = field(default_factory=list)
    title_shown: str = ""
    kept_tokens: list[str] = field(default_factory=list)


def read_answers(form: FormData) -> FormAnswers:
    report = report_input(form)
    happened = [str(v) for v in form.getlist("happened") if str(v) in set(Happened)]
    if report.harmed and Happened.HARMED not in happened:  # the API's field name still works
        happened.append(Happened.HARMED)
    title = form.get("title_shown")
    kept = [str(v) for v in form.getlist("evidence_kept") if isinstance(v, str)]
    return FormAnswers(report, happened, title if isinstance(title, str) else "", kept)


def title_problem(answers: FormAnswers) -> str | None:
    if len(answers.title_shown.strip()) > MAX_TITLE:
        return f"Le titre affiché est trop long (au plus {MAX_TITLE} caractères)."
    return None


def to_report(answers: FormAnswers) -> ReportInput:
    """The report the answers describe, in the API's fields."""
    report, chosen = answers.report, set(answers.happened)
    acts = list(report.acts)
    if Happened.INJECTIONS in chosen and not acts:
        acts = [Act.OTHER.value]
    opening = []
    if Happened.TITLE in chosen:
        shown = answers.title_shown.strip()[:MAX_TITLE]
        opening.append(f"{TITLE_SENTENCE} : « {shown} »." if shown else f"{TITLE_SENTENCE}.")
    if Happened.SELLS in chosen and not report.products.strip():
        opening.append(SELLS_SENTENCE)
    description = "\n\n".join(
        [" ".join(opening), report.description] if opening else [report.description]
    )
    return replace(
        report,
        acts=acts,
        harmed=Happened.HARMED in chosen,
        description=description.strip(),
    )
