"""The public status sentence of an account, in the page's language.

``reports.public_status`` writes it in French from moderated facts only (never a risk); the JSON
twin and the French page show that sentence as it is. An English page says the same facts in
English from the same fields (status, count under review, forwards with their dates, the outcome
a moderator established, when it was closed).
"""

from __future__ import annotations

from vigie.dates import long_date
from vigie.reports.schemas_accounts import AccountLookup
from vigie.web.i18n import DEFAULT, translate

DESTINATIONS_EN = {
    "ordre": "the medical council (Ordre des médecins)",
    "ars": "the regional health agency (ARS)",
    "dgccrf": "the consumer protection authority (DGCCRF)",
    "procureur": "the public prosecutor",
    "ansm": "the medicines agency (ANSM)",
    "platform": "the platform",
}
CLOSED_EN = {
    "account_removed": "Case closed on {closed}: the platform removed the account.",
    "sanctioned": "Case closed on {closed}: the authority it was referred to imposed a sanction.",
}


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def status_sentence(found: AccountLookup, lang: str) -> str:
    """The sentence under the account's name; French as written, English from the facts."""
    if lang == DEFAULT:
        return found.message
    if found.public_status == "under_review" and found.reports_under_review:
        count = found.reports_under_review
        noun = "report" if count == 1 else "reports"
        return f"{count} {noun} under review by the moderation team."
    if found.public_status == "forwarded" and found.forwarded:
        parts = [
            f"to {DESTINATIONS_EN.get(f.destination, f.destination)} on "
            f"{long_date(f.forwarded_at, lang)}"
            for f in found.forwarded
        ]
        return (
            f"Reports forwarded {_listed(parts)}. Forwarding does not prejudge the authority's "
            "decision."
        )
    closed = found.closed_at
    if found.public_status == "closed" and found.outcome in CLOSED_EN and closed:
        return CLOSED_EN[found.outcome].format(closed=long_date(closed, lang))
    return translate(found.message, lang)  # the constant sentences are in the catalogue
