"""``vigie social parse`` through Typer's runner: the JSON contract, exit codes, batch order."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vigie.cli.main import app

FIELDS = {"input", "platform", "kind", "handle", "id_type", "url", "message"}


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["social", "parse", *args], input=stdin)
    return result.exit_code, result.stdout


def test_an_account_is_exit_0_with_every_field() -> None:
    code, out = _run("https://www.instagram.com/Lips.By.Jess/?igshid=abc", "--json")
    assert code == 0
    got = json.loads(out)
    assert set(got) == FIELDS
    assert got | {"input": ""} == {
        "input": "",
        "platform": "instagram",
        "kind": "account",
        "handle": "lips.by.jess",
        "id_type": "username",
        "url": "https://www.instagram.com/lips.by.jess/",
        "message": None,
    }


def test_a_facebook_numeric_id_is_given_as_its_digits() -> None:
    code, out = _run("https://m.facebook.com/story.php?story_fbid=1&id=369911139724526", "--json")
    assert code == 0
    assert json.loads(out)["handle"] == "369911139724526"
    assert json.loads(out)["id_type"] == "id"


def test_a_refusal_is_exit_1_with_a_reason_and_a_french_message() -> None:
    code, out = _run("https://vm.tiktok.com/ZMabcdef/", "--json")
    assert code == 1
    got = json.loads(out)
    assert (got["kind"], got["handle"]) == ("short_link", None)
    assert "Lien raccourci" in got["message"]


def test_a_bare_handle_with_its_platform_and_readable_output() -> None:
    code, out = _run("@Dr.Elodie.Lyon", "--platform", "instagram")
    assert code == 0
    assert "instagram dr.elodie.lyon" in out


def test_malformed_urls_are_refused_not_crashed() -> None:
    for text in ("https://[x", "[a.b/x", "instagram.com:80]/x", "javascript:alert(1)"):
        code, out = _run(text, "--json")
        assert code == 1, text
        assert json.loads(out)["kind"] == "invalid"


def test_batch_gives_one_result_per_line_in_order(tmp_path: Path) -> None:
    lines = [
        {"text": "@fake.inject", "platform": "tiktok"},
        {"text": "https://www.instagram.com/p/Cx12345/"},
        {"text": "06 12 34 56 78", "platform": "whatsapp"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    code, out = _run("--batch", str(source))
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r["kind"] for r in results] == ["account", "post", "account", "invalid"]
    assert [r["handle"] for r in results] == ["fake.inject", None, "+33612345678", None]


def test_batch_reads_stdin_and_all_accounts_exit_0() -> None:
    stdin = json.dumps({"text": "t.me/s/katroulo", "platform": None}) + "\n"
    code, out = _run("--batch", "-", stdin=stdin)
    assert code == 0
    assert json.loads(out)["handle"] == "katroulo"


def test_an_unreadable_batch_file_is_exit_2(tmp_path: Path) -> None:
    code, _ = _run("--batch", str(tmp_path / "missing.jsonl"))
    assert code == 2
