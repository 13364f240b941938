"""Helpers for the browser flows: Chromium launch options, page problems, screenshots, axe-core.

Flows import what they need from here (``from browser import shoot, axe_check``); the fixtures that
start the server and the browser live in ``conftest.py`` beside this file.

- ``PageProblems`` collects console errors, uncaught page errors, failed requests and HTTP error
  responses of sub-resources; the ``page`` fixture fails the test when any is left at the end.
  A flow that expects one (a 404 page on purpose) calls ``problems.allow(pattern)``.
- ``shoot(page, name)`` saves the current page at 360 px and 1280 px wide into ``SCREENSHOT_DIR``,
  which the suite prints at the end.
- ``axe_check(page)`` runs axe-core (from ``node_modules``, installed by ``npm ci``) on the current
  page with the WCAG 2.1 A/AA rules and fails with a readable list of violations.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (360, 1280)
DESKTOP = {"width": 1280, "height": 900}

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def chromium_path() -> str:
    return os.environ.get("VIGIE_TEST_CHROMIUM", "/usr/bin/chromium")


@dataclass(frozen=True)
class LiveServer:
    """The running test server: its base URL, settings and a session factory on its database."""

    url: str
    settings: Settings
    session_factory: sessionmaker[Session]


@dataclass
class PageProblems:
    """Everything that went wrong in a page, as readable lines."""

    base_url: str
    found: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def _add(self, line: str) -> None:
        if not any(p.search(line) for p in self.allowed):
            self.found.append(line)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._add(f"console error: {message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error: Exception) -> None:
        self._add(f"page error: {error}")

    def on_request_failed(self, request: Request) -> None:
        # Chromium aborts a same-origin sub-resource still in flight (the favicon, typically) when
        # the page navigates away; that is the browser's doing, not a fault of the page. A missing
        # or failing resource still shows up as an HTTP error in ``on_response``.
        if request.failure == "net::ERR_ABORTED" and request.url.startswith(self.base_url):
            return
        self._add(f"request failed: {request.method} {request.url} ({request.failure})")

    def on_response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self._add(f"HTTP {response.status}: {response.request.method} {response.url}")
        if not response.url.startswith(self.base_url) and not response.url.startswith("data:"):
            self._add(f"external resource: {response.url}")

    def watch(self, page: Page) -> None:
        page.on("console", self.on_console)
        page.on("pageerror", self.on_page_error)
        page.on("requestfailed", self.on_request_failed)
        page.on("response", self.on_response)


def shoot(page: Page, name: str) -> list[Path]:
    """Screenshot the whole page at each width in ``WIDTHS``; returns the files written."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size or DESKTOP
    paths = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        path = SCREENSHOT_DIR / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    page.set_viewport_size(original)
    return paths


@cache
def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(
            f"{AXE_SCRIPT} is missing: run `npm ci --no-audit --no-fund` (scripts/test.sh does)"
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")


def _describe(violation: dict[str, Any]) -> str:
    targets = [", ".join(node.get("target", [])) for node in violation.get("nodes", [])[:5]]
    return f"{violation['id']} ({violation.get('impact')}): {violation['help']} — {targets}"


def axe_violations(page: Page, *, disable: tuple[str, ...] = ()) -> list[str]:
    """Run axe-core on the page as it is now; returns one line per violated rule."""
    # page.evaluate goes through the DevTools protocol, so the page's CSP does not block it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": False} for rule in disable},
    }
    result = page.evaluate("options => window.axe.run(document, options)", options)
    return [_describe(v) for v in result["violations"]]


def axe_check(page: Page, *, disable: tuple[str, ...] = ()) -> None:
    """Fail the test when axe-core finds WCAG 2.1 A/AA (or best-practice) violations at both widths."""
    problems: list[str] = []
    original = page.viewport_size or DESKTOP
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        problems += [f"[{width}px] {line}" for line in axe_violations(page, disable=disable)]
    page.set_viewport_size(original)
    if problems:
        pytest.fail(
            "axe-core found accessibility problems on " + page.url + ":\n" + "\n".join(problems)
        )
