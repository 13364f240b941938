"""Imports every domain's ``models`` module so ``Base.metadata`` is complete (Alembic, tests)."""

from __future__ import annotations

import importlib

DOMAIN_MODEL_MODULES = (
    "vigie.registry.models",
    "vigie.accounts.models",
    "vigie.reports.models",
)


def import_all() -> None:
    for name in DOMAIN_MODEL_MODULES:
        importlib.import_module(name)
