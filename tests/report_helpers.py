"""Factories shared by the reports and accounts tests: apps, users with tokens, images, reports."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts.services import create_user, issue_token
from vigie.config import Settings
from vigie.db.engine import make_session_factory, transaction
from vigie.web.app import create_app

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Actor:
    email: str
    role: str
    token: str


@contextmanager
def app_client(settings: Settings) -> Iterator[TestClient]:
    """A test client whose engine is disposed afterwards (no connection left open)."""
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            yield client
    finally:
        app.state.engine.dispose()


def factory_of(client: TestClient) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = client.app.state.session_factory  # type: ignore[attr-defined]
    return factory


def make_actor(factory: sessionmaker[Session], role: str, email: str | None = None) -> Actor:
    email = email or f"{role}@example.test"
    with transaction(factory) as session:
        create_user(session, email, PASSWORD, role)
        token = issue_token(session, email)
    return Actor(email, role, token)


def csrf_token_of(client: TestClient, page: str = "/connexion") -> str:
    """The CSRF token a page's form carries for this client's browser cookie."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert found is not None, f"no CSRF token in {page}"
    return found.group(1)


def sign_in(client: TestClient, email: str) -> None:
    """Sign in through the page form, as a browser would (the session cookie stays on ``client``)."""
    answer = client.post(
        "/connexion",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_token_of(client)},
        follow_redirects=False,
    )
    assert answer.status_code == 303


def bearer(actor: Actor) -> dict[str, str]:
    return {"authorization": f"Bearer {actor.token}"}


def png_bytes(width: int = 40, height: int = 30, *, exif: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 90))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SyntheticPhoneMaker"  # Make
        image.save(out, format="JPEG", exif=data.tobytes())
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def file_report(
    client: TestClient,
    account: str = "@fake.injectrice",
    platform: str = "instagram",
    *,
    files: list[tuple[str, bytes, str]] | None = None,
    **fields: Any,
) -> Any:
    data: dict[str, Any] = {
        "platform": platform,
        "account": account,
        "acts": ["ha_filler"],
        "description": "Propose des injections d'acide hyaluronique à domicile.",
        "post_texts": ["Promo lèvres 150€ -20% ce week-end, DM pour réserver"],
    } | fields
    upload = [("evidence", (name, body, kind)) for name, body, kind in (files or [])]
    return client.post("/api/v1/reports", data=data, files=upload or None)


def session_factory_for(settings: Settings) -> sessionmaker[Session]:
    from vigie.db.engine import make_engine

    return make_session_factory(make_engine(settings))
