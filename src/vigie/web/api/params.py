"""Path parameters, shared constraints and dependencies of the JSON API routers.

The OpenAPI document must tell the truth (issue 11; ``scripts/fuzz.sh`` holds it to that with
schemathesis's ``positive_data_acceptance`` and ``negative_data_rejection``): a closed set is an
enum here, a shape the domain checks is a pattern here, so a value the schema allows is one the
domain accepts. What no schema can say (an account spelling, a check digit, a commune's name, a
case's state) is refused by the domain; ``refusals_as`` gives such a refusal the status that
names it (404 for a well-formed value that names nothing, 409 for a state that forbids it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Literal

from fastapi import Path, Request
from sqlalchemy.orm import Session, sessionmaker

from vigie.errors import InvalidInput, VigieError

MAX_ID = (
    2_147_483_647  # a larger number cannot be a row id; refusing it keeps drivers from overflowing
)
DbId = Annotated[int, Path(ge=1, le=MAX_ID)]

# ``vigie.social.Platform`` and the aliases ``vigie.social.parse.parse_platform`` reads (a test
# holds these to the domain's sets), lower case as documented.
PlatformName = Literal[
    "instagram",
    "tiktok",
    "snapchat",
    "facebook",
    "x",
    "youtube",
    "telegram",
    "threads",
    "whatsapp",
    "phone",
    "twitter",
    "tel",
    "telephone",
]
# A form's platform may also be left empty (or ``auto``): then the account text must say it.
PlatformChoice = PlatformName | Literal["", "auto"]

# ``vigie.reports.schemas.DEPARTMENT`` as ``clean_department`` reads it (either case, or empty).
REPORT_DEPARTMENT = r"^(|0[1-9]|[1-8][0-9]|9[0-5]|2[ABab]|97[1-6])$"
# ``vigie.registry.search.inputs._DEPARTMENT`` (upper-cased before the check, so 2a is 2A).
REGISTRY_DEPARTMENT = r"^(0[1-9]|[1-8][0-9]|9[0-5]|2[ABab]|97[1-8]|98[4-9])$"
# RPPS (11 digits, or 12 in the national form 8 + RPPS) and ADELI (9 digits), without separators.
RPPS = r"^8?[0-9]{11}$"
RPPS_OR_ADELI = r"^(8?[0-9]{11}|[0-9]{9})$"
# At least one character that is neither blank nor NUL (what ``free_text(...).strip()`` keeps).
NOT_BLANK = r"[^\s\x00]"


def search_text(min_chars: int, max_chars: int) -> str:
    """Free text the registry search reads: no control character (tab aside), no private-use or
    replacement character (``vigie.registry.search.inputs._text``). The length is in the pattern
    too, so a generator drawing from it never throws long strings away; the private-use planes
    15 and 16 are a lookahead, since a class with an astral bound is 20 times slower to draw
    from (schemathesis's health check gives up on it under load). Pydantic's regex engine has
    no lookahead, so routes put this in their schema only and the search checks it (a 422)."""
    astral_private = r"(?!.*[\U000f0000-\U0010ffff])"
    chars = r"[^\x00-\x08\x0a-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]"
    return f"^{astral_private}{chars}{{{min_chars},{max_chars}}}$"


def session_factory(request: Request) -> sessionmaker[Session]:
    """The app's session factory, for routes that run their unit of work with a retry."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


@contextmanager
def refusals_as(error: type[VigieError]) -> Iterator[None]:
    """The domain's ``InvalidInput`` answered as ``error``, same message and details.

    Only for a call whose every malformed value the route's schema already refuses (422 from
    FastAPI): what the domain still refuses is then well-formed, so it is no input error but a
    value naming nothing (``NotFound``) or a state forbidding the change (``Conflict``). The
    pages call the same services and keep showing the message beside the field. Subclasses with
    their own status (413/415 uploads) pass unchanged.
    """
    try:
        yield
    except InvalidInput as exc:
        if type(exc) is not InvalidInput:
            raise
        raise error(exc.message, details=exc.details) from exc
