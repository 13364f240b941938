"""``/stats``: the public statistics page, from the same service call as ``/api/v1/stats``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vigie.reports import stats
from vigie.reports.schemas import ACT_LABELS
from vigie.reports.workflow import OUTCOME_LABELS, STATUS_LABELS
from vigie.web.deps import SessionDep
from vigie.web.pages.charts import bar_chart
from vigie.web.pages.report import PLATFORM_LABELS
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

CHARTS: tuple[tuple[str, str, Mapping[Any, str]], ...] = (
    ("reports_per_week", "Signalements par semaine", {}),
    ("cases_per_week", "Dossiers ouverts par semaine", {}),
    ("reports_by_platform", "Signalements par plateforme", PLATFORM_LABELS),
    ("reports_by_department", "Signalements par département", {}),
    ("reports_by_act", "Signalements par acte proposé", ACT_LABELS),
    ("cases_by_platform", "Dossiers par plateforme", PLATFORM_LABELS),
    ("cases_by_department", "Dossiers par département", {}),
    ("cases_by_status", "Dossiers par état", STATUS_LABELS),
    ("cases_by_outcome", "Dossiers clos par issue", OUTCOME_LABELS),
)


@router.get("/stats", response_class=HTMLResponse)
def stats_page(request: Request, session: SessionDep) -> HTMLResponse:
    data = stats.compute(session)
    charts = [
        {
            "id": key,
            "title": title,
            "rows": getattr(data, key),
            "labels": labels,
            "svg": bar_chart(
                key, title, getattr(data, key), {str(k): str(v) for k, v in labels.items()}
            ),
        }
        for key, title, labels in CHARTS
    ]
    return render(request, "stats.html", {"data": data, "charts": charts})
