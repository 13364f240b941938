"""What the scanner reads (a post, an account) and what it answers (a scored result with reasons).

These shapes are a contract: the web pages highlight ``reasons`` by their ``start``/``end`` offsets
into the ORIGINAL text, and the reports domain stores ``PostResult`` for each case.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

MAX_TEXT_CHARS = 10_000
MAX_BIO_CHARS = 2_000
MAX_POSTS_PER_REQUEST = 1_000
MAX_POSTS_PER_ACCOUNT = 1_000


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    SNAPCHAT = "snapchat"
    FACEBOOK = "facebook"
    OTHER = "other"


class Label(StrEnum):
    FAKE_INJECTOR = "fake_injector"
    LEGIT_PRACTITIONER = "legit_practitioner"
    UNRELATED = "unrelated"


class Risk(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


_DATE_TIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]")


def _date_time_text(value: object) -> object:
    """A date-time as the schema says it (``format: date-time``): ISO 8601 text, or a datetime
    from Python callers. Pydantic's lax mode would also read a number or a numeric string as a
    Unix time, so a client sending ``0`` or ``"0"`` by mistake got 1970 instead of a 422."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE_TIME_TEXT.match(value):
        return value
    raise ValueError("a date-time in ISO 8601 (2024-05-01T10:00:00Z) is expected")


PostedAt = Annotated[dt.datetime, BeforeValidator(_date_time_text)]


class PostIn(BaseModel):
    """One social-media post. Only ``text`` is required."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    text: str = Field(max_length=MAX_TEXT_CHARS, description="The post's text (caption).")
    id: str | None = Field(default=None, max_length=200, description="Caller's id for the post.")
    platform: Platform | None = Field(default=None, description="Where it was posted.")
    handle: str | None = Field(default=None, max_length=200, description="Author's handle.")
    bio: str | None = Field(default=None, max_length=MAX_BIO_CHARS, description="Author's bio.")
    url: str | None = Field(default=None, max_length=2_000, description="Link to the post.")
    posted_at: PostedAt | None = Field(default=None, description="When it was posted.")


class AccountIn(BaseModel):
    """An account: a handle with its bio and several posts."""

    model_config = ConfigDict(extra="ignore")

    handle: str = Field(min_length=1, max_length=200)
    platform: Platform | None = None
    bio: str | None = Field(default=None, max_length=MAX_BIO_CHARS)
    posts: list[PostIn] = Field(default_factory=list, max_length=MAX_POSTS_PER_ACCOUNT)


class Reason(BaseModel):
    """One signal that fired: ``start``/``end`` slice the original text (or the bio, see ``field``)."""

    signal: str
    weight: float
    start: int
    end: int
    excerpt: str
    explanation: str
    field: str = "text"


class Check(BaseModel):
    """One cross-check (RPPS number, claimed physician name, product) and what it found."""

    kind: str  # rpps | physician_name | product
    status: str
    value: str
    start: int | None = None
    end: int | None = None
    explanation: str
    weight: float = 0.0
    details: dict[str, Any] = Field(default_factory=dict)


class PostResult(BaseModel):
    id: str | None = None
    label: Label
    score: float = Field(ge=0.0, le=1.0, description="Calibrated probability of fake_injector.")
    risk: Risk
    reasons: list[Reason] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)


class AccountResult(BaseModel):
    handle: str
    platform: Platform | None = None
    label: Label
    score: float = Field(ge=0.0, le=1.0)
    risk: Risk
    reasons: list[Reason] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    posts: list[PostResult] = Field(default_factory=list)
    combination: dict[str, Any] = Field(default_factory=dict)
