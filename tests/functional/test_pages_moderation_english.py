"""The moderator's case page in English (TestClient, SQLite and PostgreSQL): the stored scan's
reasons and registry checks said in English (``web.scan_text``), the French page unchanged."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from english_check import french_words
from report_helpers import bearer, factory_of, file_report, make_actor, sign_in
from vigie.web.scan_text import claim_text, signal_text

POST = (
    "Infirmière diplômée, je fais vos lèvres à domicile 💋 150€ le ml, promo -20% ce week-end. "
    "RPPS 10000000025. Rdv en DM, acompte Lydia. Dr Zoltan Introuvablissime. Juvederm."
)


def test_the_case_page_says_the_scan_in_the_moderators_language(client: TestClient) -> None:
    moderator = make_actor(factory_of(client), "moderator")
    case_id = file_report(client, post_texts=[POST]).json()["case_id"]
    case = client.get(f"/api/v1/cases/{case_id}", headers=bearer(moderator)).json()
    reasons = case["scan"]["reasons"]
    claims = case["registry_check"]["claims"]
    assert len(reasons) >= 4
    assert claims  # the claimed name and number, checked (or not) against the registry
    sign_in(client, moderator.email)
    page = f"/moderation/cas/{case_id}"
    english = html.unescape(client.get(page, headers={"accept-language": "en"}).text)
    french = html.unescape(client.get(page, headers={"accept-language": "fr"}).text)
    said = [signal_text(r["signal"], r["explanation"], "en") for r in reasons]
    said += [claim_text(c, "en") for c in claims]
    assert [text for text, lang in said if lang != "en"] == []
    for text, _lang in said:
        assert text in english
        assert french_words(text, {"Zoltan", "Introuvablissime", "Lydia"}) == [], text
    for r in reasons:
        assert r["explanation"] not in english
        assert r["explanation"] in french
    for c in claims:
        assert c["explanation"] in french
