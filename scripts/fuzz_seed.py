"""Seed the database ``scripts/fuzz.sh`` fuzzes: migrate, a small demo registry, and one user per
role with a bearer token (one process: each ``vigie`` command would pay the imports again).

Prints ``ROLE TOKEN`` lines. Reads the usual ``VIGIE_*`` settings.
"""

from __future__ import annotations

from vigie.accounts.services import create_user, issue_token
from vigie.cli.common import migrated_engine
from vigie.config import Settings
from vigie.db.engine import make_session_factory, transaction
from vigie.registry.demo import ensure_demo_registry

ROLES = ("reporter", "physician", "moderator", "admin")


def main() -> None:
    settings = Settings()
    engine = migrated_engine(settings)
    factory = make_session_factory(engine)
    ensure_demo_registry(settings, factory, 300, 11)
    with transaction(factory) as session:
        for role in ROLES:
            create_user(session, f"{role}@fuzz.test", "a fuzzing password 1234", role)
            print(role, issue_token(session, f"{role}@fuzz.test"))
    engine.dispose()


if __name__ == "__main__":
    main()
