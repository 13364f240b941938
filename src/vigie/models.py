"""Every domain's tables, imported together so ``Base.metadata`` is complete.

Alembic (``db/migrations/env.py``) and the check that models and migrations agree need the whole
schema, but ``db`` sits below every domain and must not import them; this module sits at the top,
beside ``web`` and ``cli``, and is imported only by those two entry points' tools.
"""

from __future__ import annotations

from sqlalchemy import MetaData

from vigie.accounts import models as accounts_models
from vigie.db.base import Base
from vigie.registry import models as registry_models
from vigie.reports import models as reports_models

DOMAIN_MODEL_MODULES = (registry_models, accounts_models, reports_models)
METADATA: MetaData = Base.metadata  # complete now that every domain's models are imported
