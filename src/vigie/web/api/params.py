"""Path parameters and dependencies shared by the JSON API routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request
from sqlalchemy.orm import Session, sessionmaker

MAX_ID = (
    2_147_483_647  # a larger number cannot be a row id; refusing it keeps drivers from overflowing
)
DbId = Annotated[int, Path(ge=1, le=MAX_ID)]


def session_factory(request: Request) -> sessionmaker[Session]:
    """The app's session factory, for routes that run their unit of work with a retry."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory
