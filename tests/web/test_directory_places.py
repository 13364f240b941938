"""Places the directory reads (pure: Etalab's division, no database): a commune with its
département or postcode, as people type it and as the page itself labels it ("Lyon (69)")."""

from __future__ import annotations

import pytest

from vigie.errors import InvalidInput
from vigie.web.directory import resolve_place


@pytest.mark.parametrize(
    ("typed", "kind", "label", "department"),
    [
        ("Lyon", "commune", "Lyon (69)", "69"),
        ("Lyon 69", "commune", "Lyon (69)", "69"),
        ("Lyon (69)", "commune", "Lyon (69)", "69"),  # the page's own label, typed back
        ("lyon, 69", "commune", "Lyon (69)", "69"),
        ("Saint-Denis 93", "commune", "Saint-Denis (93)", "93"),  # the code picks the namesake
        ("Saint-Denis 974", "commune", "Saint-Denis (974)", "974"),
        ("Paris 75011", "postcode", "75011 Paris", "75"),
        ("69006 Lyon", "postcode", "69006 Lyon", "69"),
        ("69", "department", "Rhône (69)", "69"),
    ],
)
def test_a_commune_with_its_department_or_postcode(
    typed: str, kind: str, label: str, department: str
) -> None:
    place, scope = resolve_place(typed)
    assert (place.kind, place.label, place.department) == (kind, label, department)
    assert scope.department == department


def test_a_code_narrows_the_place_to_itself() -> None:
    _, whole = resolve_place("Lyon 69")
    _, one = resolve_place("Paris 75011")
    assert "69001" in whole.postcodes
    assert "69009" in whole.postcodes
    assert one.postcodes == frozenset({"75011"})


@pytest.mark.parametrize("typed", ["Lyon 13", "Lyon 75011", "Atlantide 69", "Lyon 99"])
def test_a_code_that_does_not_fit_the_commune_is_an_unknown_place(typed: str) -> None:
    with pytest.raises(InvalidInput, match="Lieu inconnu"):
        resolve_place(typed)
