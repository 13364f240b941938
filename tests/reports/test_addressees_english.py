"""The addressee of a transmission as the English tracking page words it: every short form the
French records can hold is recognised (none is shown in French), articles dropped."""

from __future__ import annotations

import pytest

from vigie.reports.addressees import addressee, english_short
from vigie.reports.workflow import Destination


@pytest.mark.parametrize(
    ("destination", "department", "english"),
    [
        (
            Destination.ORDRE,
            "33",
            "the Gironde council of the Ordre des médecins (medical council)",
        ),
        (Destination.ORDRE, "01", "the Ain council of the Ordre des médecins (medical council)"),
        (Destination.ORDRE, "", "the Ordre des médecins (medical council)"),
        (Destination.DGCCRF, "59", "the Nord consumer protection office (DDPP)"),
        (Destination.DGCCRF, "", "the DGCCRF (consumer protection authority)"),
        (Destination.ARS, "33", "the regional health agency (ARS) Nouvelle-Aquitaine"),
        (Destination.PROCUREUR, "75", "the public prosecutor"),
        (Destination.ANSM, "", "the ANSM (medicines safety agency)"),
        (Destination.PLATFORM, "", "the platform Instagram"),
    ],
)
def test_english_short(destination: Destination, department: str, english: str) -> None:
    assert english_short(addressee(destination, department, "instagram").short) == english


@pytest.mark.parametrize("department", ["2A", "971", "75", "13", "92", "", "xx"])
@pytest.mark.parametrize("destination", list(Destination))
def test_no_short_form_stays_french(destination: Destination, department: str) -> None:
    short = addressee(destination, department, "tiktok").short
    english = english_short(short)
    assert english != short
    assert english.startswith("the ")
    words = english.replace("Ordre des médecins", "")  # the institution's name stays French
    assert not any(article in words for article in (" de la ", " du ", " de l'", " des ", " de "))
