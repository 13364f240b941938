"""Browser flows of the public pages, in a real headless Chromium."""

from __future__ import annotations

import pytest
from browser import axe_check, shoot
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_home_page_loads_clean(page: Page) -> None:
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "fr"
    shoot(page, "home")
    axe_check(page)
