"""Sign-in through the page as browsers behind one shared address (a proxy, an office NAT) see it,
and ``vigie serve --workers N`` refusing to start with a key per worker.

Before: five wrong passwords from anywhere locked the owner out for 15 minutes (429 with the right
password); now the guessing browser is challenged (the right password mails a sign-in link) and the
owner's own browser is not concerned. With two workers and no ``VIGIE_SECRET_KEY`` each drew its own key, and 28 of 30
sign-ins failed their CSRF check.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from report_helpers import PASSWORD, Actor, csrf_token_of
from vigie.cli.main import app as cli
from vigie.cli.serve import share_secret_key
from vigie.config import Environment, Settings
from vigie.web.authn import DEVICE_COOKIE


def _login(client: TestClient, email: str, password: str = PASSWORD) -> int:
    answer = client.post(
        "/connexion",
        data={"email": email, "password": password, "csrf_token": csrf_token_of(client)},
        follow_redirects=False,
    )
    return answer.status_code


@pytest.fixture
def stranger(client: TestClient) -> Iterator[TestClient]:
    """Another browser behind the same address as ``client`` (TestClient: one address for all)."""
    with TestClient(client.app) as other:
        yield other


def test_a_stranger_on_the_same_address_cannot_lock_the_owner_out(
    client: TestClient, moderator: Actor, stranger: TestClient, settings: Settings
) -> None:
    assert _login(client, moderator.email) == 303  # the owner's browser, now known
    assert DEVICE_COOKIE in client.cookies
    for _ in range(settings.login_max_failures):
        assert _login(stranger, moderator.email, "guessing") == 403
    assert _login(stranger, moderator.email, "guessing") == 202  # challenged: told nothing
    answer = stranger.post(
        "/connexion",
        data={
            "email": moderator.email,
            "password": PASSWORD,
            "csrf_token": csrf_token_of(stranger),
        },
    )
    assert answer.status_code == 202  # not refused: a sign-in link goes to the mailbox
    assert "lien de connexion" in answer.text
    assert _login(client, moderator.email) == 303  # the owner is not slowed at all


def test_a_device_cookie_counts_for_its_own_account_only(
    client: TestClient, moderator: Actor, settings: Settings
) -> None:
    assert _login(client, moderator.email) == 303
    for _ in range(settings.login_max_failures):  # another account from the owner's browser
        assert _login(client, "someone.else@example.test", "guessing") == 403
    assert _login(client, "someone.else@example.test", "guessing") == 202


def test_serve_with_workers_needs_a_shared_secret_key(cli_env: dict[str, str]) -> None:
    env = {**cli_env, "VIGIE_SECRET_KEY": ""}
    result = CliRunner().invoke(cli, ["serve", "--workers", "2"], env=env)
    assert result.exit_code == 2
    assert "VIGIE_SECRET_KEY" in result.output


def test_development_workers_share_one_drawn_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIGIE_SECRET_KEY", raising=False)
    share_secret_key(Settings(environment=Environment.DEVELOPMENT), workers=2)
    drawn = os.environ["VIGIE_SECRET_KEY"]
    assert len(drawn) >= 48
    assert Settings().secret_key == drawn == Settings().secret_key  # every worker reads the same
