"""Sign-in, sign-out, sign-up and "mot de passe oublié" pages, and the one-time links they mail.

Every form that takes an e-mail address answers the same whether it is registered or not (the
message goes to the mailbox, never to the page). A challenged sign-in (``signin_throttle``) says
the same whatever the password and mails a sign-in link when it was right. A mailed link opens a
page with a button or a form, and only that POST uses it: mail scanners that fetch every link in
a message must not spend it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigie.accounts import credentials, links, signin_throttle
from vigie.accounts.links import Purpose
from vigie.accounts.mail import OutgoingMail
from vigie.accounts.passwords import MIN_LENGTH, RULES
from vigie.accounts.permissions import Permission
from vigie.accounts.services import Challenge, CurrentUser, authenticate, signin_email
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import RateLimited, VigieError
from vigie.reports.outbox import enqueue
from vigie.web.authn import (
    clear_session,
    end_session,
    known_device,
    remember_device,
    set_session,
)
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.i18n import request_language
from vigie.web.pages.site import safe_next
from vigie.web.ratelimit import client_key
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

Token = Annotated[str, Query(max_length=200)]
FormToken = Annotated[str, Form(max_length=200)]
NewPassword = Annotated[str, Form(max_length=1024)]

CHALLENGE_SENT = (
    "Par sécurité, après plusieurs essais infructueux depuis cet appareil, la connexion à ce "
    "compte se confirme par e-mail : si l'adresse et le mot de passe sont corrects, un lien de "
    "connexion vient d'y être envoyé (valable 15 minutes). Ouvrez-le dans ce navigateur."
)
CHALLENGE_NEXT = (
    "Adresse e-mail ou mot de passe incorrect. Par sécurité, la prochaine connexion à ce compte "
    "depuis cet appareil se confirmera par un lien envoyé par e-mail."
)
SIGNUP_SENT = (
    "Si cette adresse n'a pas encore de compte, un e-mail vient de lui être envoyé avec un lien "
    "pour choisir votre mot de passe et créer le compte (valable 24 heures). Si elle en a déjà "
    "un, l'e-mail explique comment vous connecter."
)
RESET_SENT = (
    "Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé avec un lien "
    "pour choisir un nouveau mot de passe (valable 30 minutes)."
)


def _queue(session: Session, outgoing: OutgoingMail | None, lang: str) -> None:
    """Queue the message in the language of the page it was asked from."""
    if outgoing is not None:
        params = outgoing.params | ({"lang": lang} if lang != "fr" else {})
        enqueue(session, outgoing.dedupe_key, outgoing.to, outgoing.template, params)


def _home(user: CurrentUser) -> str:
    return "/moderation" if user.can(Permission.CASE_READ) else "/compte"


def _client(request: Request) -> str:
    return f"ip:{client_key(request.scope)}"


def _with_retry(response: HTMLResponse, exc: VigieError) -> HTMLResponse:
    retry = exc.details.get("retry_after_seconds")
    if isinstance(retry, int):
        response.headers["Retry-After"] = str(retry)
    return response


@router.get("/connexion", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str, Query(max_length=2000)] = "") -> HTMLResponse:
    target = safe_next(next) if next else ""
    return render(request, "auth/login.html", {"next": target, "error": "", "email": ""})


@router.post("/connexion")
def login(
    request: Request,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    cleaned = signin_email(email)
    device = known_device(request, cleaned)
    client = f"device:{device}" if device else _client(request)
    factory = request.app.state.session_factory
    try:
        outcome = authenticate(factory, settings, email, password, client, known=bool(device))
        if isinstance(outcome, Challenge) and outcome.mail is not None:
            with transaction(factory) as session:  # a link without its mail only goes unused
                _queue(session, outcome.mail, request_language(request))
    except RateLimited as exc:
        return _with_retry(_login_again(request, next, email, exc.message, exc.status_code), exc)
    if isinstance(outcome, Challenge):
        return _login_again(request, next, email, CHALLENGE_SENT, 202, notice=True)
    if outcome is None:
        with request.app.state.session_factory() as session:
            nearly = signin_throttle.challenged(session, settings, cleaned, client)
        message = CHALLENGE_NEXT if nearly else "Adresse e-mail ou mot de passe incorrect."
        return _login_again(request, next, email, message, 403)
    response = RedirectResponse(safe_next(next) if next else _home(outcome), status_code=303)
    set_session(response, settings, outcome)
    remember_device(response, settings, outcome.email, device)
    return response


def _login_again(
    request: Request, next: str, email: str, message: str, status: int, *, notice: bool = False
) -> HTMLResponse:
    context = {
        "next": safe_next(next) if next else "",
        "error": "" if notice else message,
        "notice": message if notice else "",
        "email": email,
    }
    return render(request, "auth/login.html", context, status_code=status)


@router.get("/connexion/lien", response_class=HTMLResponse)
def signin_link_page(request: Request, session: SessionDep, jeton: Token = "") -> HTMLResponse:
    found = links.peek(session, request.app.state.settings, Purpose.SIGNIN, jeton)
    context = {"token": jeton if found else "", "email": found.email if found else ""}
    return render(request, "auth/signin_link.html", context, status_code=200 if found else 410)


@router.post("/connexion/lien")
def signin_link(request: Request, settings: SettingsDep, jeton: FormToken = "") -> Response:
    try:
        with transaction(request.app.state.session_factory) as session:
            user = credentials.sign_in_with_link(session, settings, jeton)
    except VigieError as exc:
        context = {"token": "", "email": "", "error": exc.message}
        return render(request, "auth/signin_link.html", context, status_code=410)
    response = RedirectResponse(_home(user), status_code=303)
    set_session(response, settings, user)
    remember_device(response, settings, user.email, None)  # this browser is known from now on
    return response


@router.post("/deconnexion")
def logout(request: Request) -> Response:
    end_session(request)  # the cookie is refused from now on, even if a copy of it is replayed
    response = RedirectResponse("/", status_code=303)
    clear_session(response)
    return response


@router.get("/inscription", response_class=HTMLResponse)
def signup_page(request: Request) -> HTMLResponse:
    return render(request, "auth/signup.html", {"error": "", "email": ""})


@router.post("/inscription")
def signup(
    request: Request, settings: SettingsDep, email: Annotated[str, Form(max_length=254)] = ""
) -> Response:
    return _mail_a_link(
        request, settings, email, "auth/signup.html", SIGNUP_SENT, credentials.sign_up
    )


@router.get("/mot-de-passe-oublie", response_class=HTMLResponse)
def forgot_page(
    request: Request, email: Annotated[str, Query(max_length=254)] = ""
) -> HTMLResponse:
    return render(request, "auth/forgot.html", {"error": "", "email": email})


@router.post("/mot-de-passe-oublie")
def forgot(
    request: Request, settings: SettingsDep, email: Annotated[str, Form(max_length=254)] = ""
) -> Response:
    return _mail_a_link(
        request, settings, email, "auth/forgot.html", RESET_SENT, credentials.request_reset
    )


def _mail_a_link(
    request: Request,
    settings: Settings,
    email: str,
    form: str,
    sent: str,
    ask: Callable[[Session, Settings, str, str], OutgoingMail | None],
) -> Response:
    """Sign-up and "mot de passe oublié" alike: queue what ``ask`` returns in the outbox, in the
    same transaction, then the same "check your mailbox" page for any address; a refusal (rate
    limit, malformed address) shows the form again with its message."""
    try:
        with transaction(request.app.state.session_factory) as session:
            _queue(
                session,
                ask(session, settings, email, _client(request)),
                request_language(request),
            )
    except VigieError as exc:
        context = {"error": exc.message, "email": email}
        response = render(request, form, context, status_code=exc.status_code)
        return _with_retry(response, exc)
    context = {"title": "Vérifiez votre boîte mail", "message": sent}
    return render(request, "auth/check_mail.html", context)


_CHOOSE = {
    Purpose.SIGNUP: ("/inscription/confirmer", "Choisissez votre mot de passe", "Créer mon compte"),
    Purpose.RESET: (
        "/mot-de-passe/nouveau",
        "Choisissez un nouveau mot de passe",
        "Enregistrer le mot de passe",
    ),
}


def _choose_page(
    request: Request, purpose: Purpose, token: str, email: str, error: str = "", status: int = 200
) -> HTMLResponse:
    action, title, button = _CHOOSE[purpose]
    context = {
        "action": action,
        "title": title,
        "button": button,
        "token": token,
        "email": email,
        "error": error,
        "rules": RULES,
        "min_length": MIN_LENGTH,
    }
    return render(request, "auth/new_password.html", context, status_code=status)


def _link_page(request: Request, session: Session, purpose: Purpose, token: str) -> HTMLResponse:
    found = links.peek(session, request.app.state.settings, purpose, token)
    if found is None:
        return _choose_page(request, purpose, "", "", credentials.LINK_EXPIRED, 410)
    return _choose_page(request, purpose, token, found.email)


@router.get("/inscription/confirmer", response_class=HTMLResponse)
def confirm_page(request: Request, session: SessionDep, jeton: Token = "") -> HTMLResponse:
    return _link_page(request, session, Purpose.SIGNUP, jeton)


@router.get("/mot-de-passe/nouveau", response_class=HTMLResponse)
def new_password_page(request: Request, session: SessionDep, jeton: Token = "") -> HTMLResponse:
    return _link_page(request, session, Purpose.RESET, jeton)


def _chosen(
    request: Request, purpose: Purpose, token: str, password: str, confirmation: str
) -> Response:
    settings = request.app.state.settings
    try:
        with transaction(request.app.state.session_factory) as session:
            if purpose == Purpose.SIGNUP:
                user = credentials.confirm_sign_up(session, settings, token, password, confirmation)
                cutoff = 0
            else:
                user, cutoff = credentials.reset_password(
                    session, settings, token, password, confirmation
                )
    except VigieError as exc:
        with request.app.state.session_factory() as session:
            found = links.peek(session, settings, purpose, token)
        if found is None:
            return _choose_page(request, purpose, "", "", exc.message, 410)
        return _choose_page(request, purpose, token, found.email, exc.message, exc.status_code)
    response = RedirectResponse(_home(user), status_code=303)
    set_session(response, settings, user, not_before_ms=cutoff)
    remember_device(response, settings, user.email, None)
    return response


@router.post("/inscription/confirmer")
def confirm(
    request: Request,
    jeton: FormToken = "",
    password: NewPassword = "",
    confirmation: NewPassword = "",
) -> Response:
    return _chosen(request, Purpose.SIGNUP, jeton, password, confirmation)


@router.post("/mot-de-passe/nouveau")
def new_password(
    request: Request,
    jeton: FormToken = "",
    password: NewPassword = "",
    confirmation: NewPassword = "",
) -> Response:
    return _chosen(request, Purpose.RESET, jeton, password, confirmation)
