"""``create_app(settings)``: builds one FastAPI application; nothing is configured at import time."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from vigie import __version__
from vigie.config import Environment, Settings
from vigie.db.engine import make_engine, make_session_factory
from vigie.web import authn, errors, openapi
from vigie.web.api import accounts as accounts_api
from vigie.web.api import directory as directory_api
from vigie.web.api import registry as registry_api
from vigie.web.api import reports as reports_api
from vigie.web.api import scan as scan_api
from vigie.web.api import social_accounts as social_accounts_api
from vigie.web.csrf import CSRFCookieMiddleware, require_csrf
from vigie.web.limits import BodyLimitMiddleware, body_caps
from vigie.web.pages import account as account_pages
from vigie.web.pages import admin_mail as admin_mail_pages
from vigie.web.pages import api_docs as api_docs_pages
from vigie.web.pages import auth as auth_pages
from vigie.web.pages import badge as badge_pages
from vigie.web.pages import directory as directory_pages
from vigie.web.pages import moderation as moderation_pages
from vigie.web.pages import report as report_pages
from vigie.web.pages import report_form as report_form_pages
from vigie.web.pages import site as site_pages
from vigie.web.pages import stats as stats_pages
from vigie.web.paths import STATIC_DIR
from vigie.web.ratelimit import RateLimitMiddleware


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="Vigie",
        version=__version__,
        description=(
            "Check whether someone may legally perform aesthetic injections in France "
            "(RPPS registry), scan social-media posts for fake-injector risk, and file reports."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served by pages.api_docs without CDN resources
        redoc_url=None,
        dependencies=[Depends(require_csrf)],  # every unsafe route, bar csrf.EXEMPT
    )
    engine = make_engine(settings)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    errors.install(app)
    openapi.install(app)  # security schemes and every status each operation can answer
    app.add_middleware(CSRFCookieMiddleware, secure=settings.environment == Environment.PRODUCTION)
    # Outside routing, so both refuse before a body is parsed or a caller authenticated; inside
    # the security headers (site_pages.install), so their refusals carry them too.
    app.add_middleware(RateLimitMiddleware)
    app.add_middleware(BodyLimitMiddleware, caps=body_caps(settings))
    app.include_router(registry_api.router)
    app.include_router(directory_api.router)
    app.include_router(scan_api.router)
    app.include_router(reports_api.router)
    app.include_router(accounts_api.router)
    app.include_router(social_accounts_api.router)
    app.include_router(site_pages.router)
    app.include_router(directory_pages.router)
    app.include_router(report_pages.router)
    app.include_router(report_form_pages.router)
    app.include_router(auth_pages.router)
    app.include_router(account_pages.router)
    app.include_router(badge_pages.router)
    app.include_router(moderation_pages.router)
    app.include_router(admin_mail_pages.router)
    app.include_router(stats_pages.router)
    app.include_router(api_docs_pages.router)
    authn.install(app)  # signed-out browsers on moderator pages go to /connexion
    site_pages.install(app)  # security headers, HTML error pages for page routes
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
