"""One typed settings object, read from ``VIGIE_*`` environment variables.

Settings are built per app (``Settings()`` in ``create_app`` or a CLI command), never at import time,
so tests can build as many differently configured apps as they need in one process.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "dev"})
RATE_LIMITS = (
    "rate_limit_scan_per_minute",
    "rate_limit_verify_per_minute",
    "rate_limit_report_per_minute",
)


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"
    TEST = "test"


def default_data_dir() -> Path:
    """Where the embedded SQLite file, search indexes and evidence live unless configured."""
    return Path(user_data_dir("vigie", appauthor=False))


# How long a case may stay in each state before the moderators' queue marks it overdue.
DEFAULT_CASE_SLA_DAYS: dict[str, int] = {"new": 2, "triaged": 7, "forwarded": 60}


class Settings(BaseSettings):
    """Every setting Vigie reads, each documented in docs/configuration.md (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="VIGIE_", extra="ignore")

    environment: Environment = Field(
        default=Environment.DEVELOPMENT,
        description="development, test or production; production refuses a missing secret key.",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Directory for the SQLite file, search indexes and evidence files.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means a SQLite file vigie.sqlite3 in data_dir.",
    )
    secret_key: str = Field(
        default="",
        description="Signs session cookies, CSRF tokens and API tokens. Required in production.",
    )
    registry_reject_threshold: float = Field(
        default=0.01,
        ge=0.0,
        le=1.0,
        description="Fraction of rejected registry rows above which a load fails and changes nothing.",
    )
    registry_min_persons_ratio: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="A load with fewer persons than this fraction of the current snapshot fails (truncated or filtered file); `vigie registry load --allow-shrink` overrides.",
    )
    registry_batch_rows: int = Field(
        default=20_000, ge=100, description="Rows written per batch during a registry load."
    )
    search_limit_max: int = Field(
        default=50, ge=1, le=500, description="Largest number of candidates one search may return."
    )
    search_recheck_seconds: float = Field(
        default=1.0,
        ge=0.0,
        description="How often a serving process checks whether a load switched to a new snapshot.",
    )
    search_time_budget_ms: int = Field(
        default=250,
        ge=10,
        description="Time after which a name search stops widening its net and answers.",
    )
    statement_timeout_ms: int = Field(
        default=5_000,
        ge=100,
        description="Time limit of one read query (PostgreSQL statement_timeout).",
    )
    max_upload_bytes: int = Field(
        default=10 * 1024 * 1024, description="Largest evidence file accepted, in bytes."
    )
    max_files_per_report: int = Field(default=10, description="Most evidence files in one report.")
    case_sla_days: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_CASE_SLA_DAYS),
        description="Days a case may stay in each state before the queue marks it overdue, "
        'as JSON: {"new": 2, "triaged": 7, "forwarded": 60}.',
    )
    smtp_url: str = Field(
        default="",
        max_length=300,
        description="SMTP server for e-mail (smtp://host:port, smtps://user:password@host:port); "
        "empty: e-mails are queued in the outbox and none is sent (the log says so).",
    )
    mail_from: str = Field(
        default="vigie@localhost",
        max_length=254,
        pattern=r"^[^@\s<>\x00-\x1f]{1,64}@[A-Za-z0-9.-]{1,190}$",
        description="Sender address of Vigie's e-mails.",
    )
    smtp_timeout_seconds: float = Field(
        default=15.0, gt=0, le=120, description="Longest wait for the SMTP server, per message."
    )
    mail_urgent_score: int = Field(
        default=30,
        ge=1,
        le=1000,
        description="Priority from which a new case is mailed to moderators at once (declared "
        "harm counts 40, possible impersonation of a physician 30; see reports.priority).",
    )
    mail_digest_hour: int = Field(
        default=8, ge=0, le=23, description="Paris hour from which the daily digest is sent."
    )
    scan_max_chars: int = Field(
        default=100_000,
        ge=10_000,
        description="Characters of post text and bios one scan request may carry in all (CPU budget).",
    )
    rate_limit_scan_per_minute: int = Field(
        default=30,
        ge=0,
        description="Scan requests per client and minute (API and /analyser); 0 turns the limit off.",
    )
    rate_limit_verify_per_minute: int = Field(
        default=120,
        ge=0,
        description="Registry searches and practitioner look-ups per client and minute; 0 is off.",
    )
    rate_limit_report_per_minute: int = Field(
        default=10, ge=0, description="Reports filed per client and minute; 0 turns the limit off."
    )
    products_bdpm_dir: Path | None = Field(
        default=None,
        description="Directory holding the ANSM BDPM files (CIS_bdpm.txt, CIS_COMPO_bdpm.txt, "
        "CIS_CPD_bdpm.txt) the scanner reads; empty means the small synthetic sample shipped.",
    )
    evidence_storage_dir: Path | None = Field(
        default=None,
        description="Directory holding evidence files (content-addressed); empty means data_dir/evidence.",
    )
    tsa_url: str = Field(
        default="",
        description="RFC 3161 time-stamping authority asked for a token over each evidence file's "
        "SHA-256; empty means none (dossiers then say the times are Vigie's own clock).",
    )
    tsa_ca_file: Path | None = Field(
        default=None,
        description="PEM file of the CA that signs the TSA's certificate; tokens are checked "
        "against it (with the openssl command) when received and by `vigie evidence verify`.",
    )
    tsa_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Time allowed to the TSA for one answer, in seconds."
    )
    sender_name: str = Field(
        default="Vigie",
        description="Name of the organisation running Vigie, the sender of every dossier.",
    )
    sender_address: str = Field(
        default="", description="Postal address of the sender, printed on dossiers."
    )
    sender_email: str = Field(
        default="",
        description="Contact e-mail of the sender, printed on dossiers and given to platforms as "
        "the notifier's e-mail (DSA art. 16); never a moderator's own address.",
    )
    max_image_pixels: int = Field(
        default=40_000_000,
        ge=1_000_000,
        description="Largest evidence image accepted, in pixels (decompression-bomb guard).",
    )
    report_retention_days: int = Field(
        default=730,
        ge=30,
        description="Days after a case is closed before `vigie cases purge` erases reporters' contact data.",
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Free sign-in tries of one account from one client; past them the client is "
        "challenged (same answer whatever the password, a sign-in link mailed when it is right); "
        "fifty times that from unknown clients of one account within the window pauses unknown "
        "clients only.",
    )
    login_window_seconds: int = Field(
        default=900,
        ge=10,
        description="The window over which an account's sign-in tries from unknown clients, "
        "sign-up, reset and password-change requests are counted, in seconds.",
    )
    session_max_age_seconds: int = Field(
        default=8 * 3600, ge=60, description="Absolute lifetime of a session, however active."
    )
    session_idle_seconds: int = Field(
        default=30 * 60, ge=60, description="A session unused for this long ends, in seconds."
    )
    public_url: str = Field(
        default="",
        max_length=200,
        pattern=r"^(https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?)?$",
        description="This Vigie's public address (https://host, no path), printed in physicians' "
        "badges, posters' QR codes and short links; empty: the address each request came to.",
    )

    @model_validator(mode="after")
    def _secret_for_environment(self) -> Settings:
        if self.secret_key.strip().lower() in PLACEHOLDER_SECRETS:
            if self.environment is Environment.PRODUCTION:
                raise ValueError(
                    "VIGIE_SECRET_KEY is missing or a placeholder: production refuses to start. "
                    "Set it to a long random value (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
                )
            # Development and tests get a fresh random key: sessions do not survive a restart.
            self.secret_key = secrets.token_urlsafe(48)
        return self

    @model_validator(mode="after")
    def _rate_limits_for_environment(self) -> Settings:
        """The test suite drives one app hard from one client: limits are off unless set."""
        if self.environment is Environment.TEST:
            for name in RATE_LIMITS:
                if name not in self.model_fields_set:
                    setattr(self, name, 0)
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'vigie.sqlite3'}"

    @property
    def index_dir(self) -> Path:
        """Per-snapshot search index files (memory-mapped by every worker)."""
        return self.data_dir / "indexes"

    @property
    def evidence_dir(self) -> Path:
        return self.evidence_storage_dir or self.data_dir / "evidence"
