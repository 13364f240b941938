"""English typography and the one formatted identifier reason (pure, no database)."""

from __future__ import annotations

import pytest

from vigie.registry.identifiers import check_identifier
from vigie.registry.schemas_verify import IdentifierCheckOut
from vigie.web.i18n import colon, quoted
from vigie.web.pages.present import identifier_reason


def test_quotes_and_colons_follow_the_language() -> None:
    assert quoted("Martin", "fr") == "« Martin »"
    assert quoted("Martin", "en") == "“Martin”"
    assert colon("fr") == " :"
    assert colon("en") == ":"


@pytest.mark.parametrize("number", ["123", "10000000001", "10000000009", "690000013"])
def test_identifier_reasons_are_the_registrys_in_french_and_translated_in_english(
    number: str,
) -> None:
    check = check_identifier(number)
    assert check is not None
    shown = IdentifierCheckOut(
        value=check.value, valid=check.valid, reason=check.reason, type=check.type
    )
    assert identifier_reason(shown, "fr") == check.reason  # the template is the registry's text
    english = identifier_reason(shown, "en")
    assert english != check.reason
    assert "numéro" not in english
