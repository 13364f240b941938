"""Hostile account text on every route that reads one: a 4xx or a plain answer, never a 500.

Before ``vigie.social``, ``https://[x`` and ``instagram.com:80]/x`` made ``urlsplit`` raise
``ValueError`` inside the report, verify and linked-account routes (SQLite only: the web edge).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from report_helpers import bearer, factory_of, file_report, make_actor

HOSTILE = [
    "https://[x",
    "[a.b/x",
    "instagram.com:80]/x",
    "https://instagram.com:abc/lips",
    "javascript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "https://user:pass@instagram.com/lips",
    "https://instagram.com.evil.test/lips",
    "https://іnstagram.com/lips",
    "https://xn--nstagram-ijb.com/lips",
    "https://www.instagram.com/li\x00ps",
    "https://vm.tiktok.com/ZMabcdef/",
    "https://www.instagram.com/direct/",
    "https://wa.me/0000",
    "+33 1 23",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_filing_a_report_refuses_with_the_account_field(client: TestClient, text: str) -> None:
    answer = file_report(client, account=text, platform="")
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["details"]["field"] == "account"


@pytest.mark.parametrize("text", HOSTILE)
def test_verify_answers_without_a_server_error(client: TestClient, text: str) -> None:
    # Text that names no account goes on to the name search: 503 here, as no registry is loaded.
    for path in ("/verifier", "/verifier.json"):
        assert client.get(path, params={"q": text}).status_code in (200, 404, 422, 503)


@pytest.mark.parametrize("text", HOSTILE[:6])
def test_linking_an_account_refuses_it(client: TestClient, text: str) -> None:
    physician = make_actor(factory_of(client), "physician")
    body = {"platform": "instagram", "account": text}
    answer = client.post("/api/v1/me/handles", json=body, headers=bearer(physician))
    assert answer.status_code == 422, answer.text
