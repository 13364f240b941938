"""The ARS table covers every région of the official administrative division, with its own site."""

from __future__ import annotations

import json

from vigie.guides.reporting import AGENCIES, agency_of_region
from vigie.reports.addressees import DIVISIONS


def test_every_region_of_the_official_division_has_its_agency() -> None:
    """The 18 régions have an ARS; the overseas collectivities (975, 977…) have none of their own."""
    everything = json.loads(DIVISIONS.read_text(encoding="utf-8"))["regions"]
    regions = {code: region for code, region in everything.items() if len(code) == 2}
    assert len(regions) == 18
    assert sorted(AGENCIES) == sorted(regions)
    assert all(agency_of_region(code) is None for code in everything if code not in regions)
    for code, region in regions.items():
        agency = agency_of_region(code)
        assert agency is not None
        assert agency.name == f"ARS {region['nom']}"
        assert agency.url.startswith("https://www.")
        assert agency.url.endswith(".ars.sante.fr/")


def test_the_agency_sites_are_all_different() -> None:
    assert len({agency.url for agency in AGENCIES.values()}) == len(AGENCIES)


def test_an_unknown_region_has_no_agency() -> None:
    assert agency_of_region("99") is None
    assert agency_of_region("") is None
