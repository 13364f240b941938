"""The report form, ``/signaler``: one screen on a phone, works without JavaScript, and files
through the same service as ``POST /api/v1/reports``.

The account comes first, in any spelling; the platform is asked only when the spelling does not
say it (``social.parse_account`` decides, on the server; ``report_form.js`` only hides the question
early). What happened is four plain choices (``report_choices``). A refused form comes back with
every problem at once — beside its field and in a summary at the top that links to each — and
with nothing lost: what was typed is filled in again and the files that passed their checks are
kept as pending evidence (``reports.pending_evidence``), shown as "déjà joint".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vigie.config import Settings
from vigie.errors import InvalidInput
from vigie.reports.evidence import CheckedFile
from vigie.reports.intake import file_and_analyse, report_problems
from vigie.reports.multipart import sorted_files, too_many_message
from vigie.reports.pending_evidence import PendingFile, keep, restore
from vigie.reports.schemas import ACT_LABELS, Act, ReportInput
from vigie.reports.storage import storage_from_settings
from vigie.social import LABELS, Kind, parse_account
from vigie.web.authn import session_user
from vigie.web.csrf import browser_id
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.forms import posted_form
from vigie.web.i18n import request_language
from vigie.web.pages.report import PLATFORM_LABELS
from vigie.web.pages.report_choices import (
    HAPPENED_LABELS,
    FormAnswers,
    read_answers,
    title_problem,
    to_report,
)
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

FORM_ACTS = {**ACT_LABELS, Act.OTHER: "Une autre injection, ou je ne sais pas"}
# Fields in the order the form shows them: the summary lists problems, and focus goes, in it.
FIELD_ORDER = (
    "account",
    "platform",
    "acts",
    "title_shown",
    "products",
    "evidence",
    "description",
    "post_texts",
    "links",
    "price",
    "place",
    "department",
    "offered_on",
    "contact_email",
    "form",
)
ANCHORS = {"acts": "act-" + Act.HA_FILLER.value, "form": "account"}
IN_DETAILS = ("post_texts", "links", "price", "place", "department", "offered_on")


@dataclass(frozen=True)
class Problem:
    field: str
    anchor: str  # the id of the control the summary links to and focus goes to
    messages: list[str]


def _problems(found: dict[str, list[str]]) -> list[Problem]:
    return [
        Problem(name, ANCHORS.get(name, name), found[name]) for name in FIELD_ORDER if name in found
    ]


def _detected(report: ReportInput) -> str:
    """ "Instagram · injections.paris" when the account as typed names one, else empty."""
    result = parse_account(report.account, report.platform or None)
    return f"{LABELS[result.key.platform]} · {result.key.shown}" if result.key else ""


def _asks_platform(report: ReportInput, problems: dict[str, list[str]]) -> bool:
    if "platform" in problems or report.platform or not report.account.strip():
        return True  # an empty form shows it (no script may hide it), a chosen one stays visible
    return parse_account(report.account).kind is Kind.MISSING_PLATFORM


def _form_page(
    request: Request,
    answers: FormAnswers,
    problems: dict[str, list[str]] | None = None,
    kept: list[PendingFile] | None = None,
    status: int = 200,
) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    found = problems or {}
    report = answers.report
    listed = _problems(found)
    context: dict[str, Any] = {
        "platforms": PLATFORM_LABELS,
        "acts": FORM_ACTS,
        "happened_labels": HAPPENED_LABELS,
        "values": report,
        "happened": answers.happened,
        "title_shown": answers.title_shown,
        "problems": listed,
        "first": listed[0].anchor if listed else "",
        "errors": found,
        "kept": kept or [],
        "detected": _detected(report),
        "ask_platform": _asks_platform(report, found),
        "details_open": any(name in found for name in IN_DETAILS)
        or any([report.post_texts, report.links, report.price, report.place, report.department])
        or bool(report.offered_on),
        "max_files": settings.max_files_per_report,
        "max_mb": settings.max_upload_bytes // (1024 * 1024),
    }
    return render(request, "report_form.html", context, status_code=status)


@router.get("/signaler", response_class=HTMLResponse)
def report_form(
    request: Request,
    compte: Annotated[str, Query(max_length=300)] = "",
    plateforme: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    """The form, prefilled from an account lookup (``/signaler?compte=…``, and ``plateforme=``
    when the lookup knows it): the account as the person typed it."""
    platform = plateforme if plateforme in PLATFORM_LABELS else ""
    answers = FormAnswers(ReportInput(platform=platform, account=compte.strip()))
    return _form_page(request, answers)


@router.post("/signaler")
async def report_submit(request: Request, settings: SettingsDep, session: SessionDep) -> Response:
    form = await posted_form(request)  # bounded and lenient; shared with the CSRF check
    answers = read_answers(form)
    uploaded = await sorted_files(form, "evidence", settings)  # closes the form's files
    storage = storage_from_settings(settings)
    browser = browser_id(request)
    limit = settings.max_files_per_report
    restored = await run_in_threadpool(
        restore, storage, settings.secret_key, browser, answers.kept_tokens, limit
    )
    files, too_many = _within_limit(restored.files + uploaded.kept, limit, restored.left_out)
    evidence = restored.problems + uploaded.problems + too_many
    report = to_report(answers)
    found = {name: [message] for name, message in report_problems(report).items()}
    if (title := title_problem(answers)) is not None:
        found["title_shown"] = [title]
    if evidence:
        found["evidence"] = evidence
    if not found:
        reporter = session_user(request, session)  # a signed-in reporter sees it on /compte
        factory = request.app.state.session_factory
        try:
            filed = await run_in_threadpool(
                file_and_analyse,
                factory,
                settings,
                report,
                files,
                reporter,
                request_language(request),
            )
        except InvalidInput as exc:  # a rule the checks above do not know of: still said in place
            found = {str(exc.details.get("field") or "form"): [exc.message]}
        else:
            return RedirectResponse(f"/suivi/{filed.tracking_code}?nouveau=1", status_code=303)
    kept = await run_in_threadpool(keep, storage, settings.secret_key, browser, files)
    return _form_page(request, answers, found, kept, status=422)


def _within_limit(
    files: list[CheckedFile], limit: int, left_out: int
) -> tuple[list[CheckedFile], list[str]]:
    """The files once each (a kept file chosen again counts once), at most ``limit`` of them;
    ``left_out`` kept files were already past the limit."""
    unique = list({item.sha256: item for item in files}.values())
    extra = max(0, len(unique) - limit) + left_out
    return unique[:limit], [too_many_message(limit, extra)] if extra else []
