"""``vigie users``: create accounts (the first admin, moderators) and print API tokens."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts import services
from vigie.cli.common import cli_errors, load_settings, migrated_engine
from vigie.config import Settings
from vigie.db.engine import make_session_factory, transaction

app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)


@contextmanager
def database(settings: Settings) -> Iterator[sessionmaker[Session]]:
    """A session factory on the migrated database; the engine's connections closed afterwards."""
    engine = migrated_engine(settings)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@app.command("create")
def create(
    email: str = typer.Option(..., "--email", help="The user's email (their sign-in name)."),
    role: str = typer.Option(..., "--role", help="reporter, physician, moderator or admin."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin."
    ),
) -> None:
    """Create a user; the password is prompted for (or read from stdin), never an argument."""
    settings = load_settings()
    with cli_errors():
        password = _read_password(password_stdin)
        with database(settings) as factory, transaction(factory) as session:
            user = services.create_user(session, email, password, role)
        typer.echo(f"Created user {user.id} {user.email} ({user.role}).")


@app.command("token")
def token(email: str = typer.Argument(..., help="Email of an existing user.")) -> None:
    """Print a new bearer token for the moderators' API (shown once; only its hash is kept)."""
    settings = load_settings()
    with cli_errors():
        with database(settings) as factory, transaction(factory) as session:
            value = services.issue_token(session, email)
        typer.echo(value)


@app.command("revoke-tokens")
def revoke_tokens(email: str = typer.Argument(..., help="Email of an existing user.")) -> None:
    """Revoke every API token of a user; they stop working at once on every worker."""
    settings = load_settings()
    with cli_errors():
        with database(settings) as factory, transaction(factory) as session:
            count = services.revoke_tokens(session, email)
        typer.echo(f"Revoked {count} token(s).")
