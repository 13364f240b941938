"""Every domain's tables, imported together so ``Base.metadata`` is complete.

Alembic (``db/migrations/env.py``) and the check that models and migrations agree need the whole
schema, but ``db`` sits below every domain and must not import them; this module sits at the top,
beside ``web`` and ``cli``, and is imported only by those two entry points' tools.
"""

from __future__ import annotations

from sqlalchemy import MetaData

# Imported for their side effect: each models module registers its tables on ``Base``.
import vigie.accounts.counters
import vigie.accounts.links
import vigie.accounts.models
import vigie.accounts.sessions
import vigie.accounts.signin_throttle
import vigie.registry.models
import vigie.reports.identifiers
import vigie.reports.models
import vigie.reports.models_audit
import vigie.reports.models_dossier
import vigie.reports.models_mail
import vigie.reports.outbox  # noqa: F401
from vigie.db.base import Base

METADATA: MetaData = Base.metadata  # complete now that every domain's models are imported
