"""create_app(): the one place that wires routers, middleware and error handling."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.middleware.sessions import SessionMiddleware

from app import concurrency, logs
from app import subscribers as _subscribers  # noqa: F401  (registers event subscribers)
from app.assets import STATIC
from app.auth.audit_routes import api as audit_api
from app.auth.routes import router as auth_router
from app.calendars.polls import FeedPolls
from app.calendars.routes import api as calendars_api
from app.calendars.routes import feeds as calendar_feeds
from app.calendars.time_off_feed_routes import api as time_off_feeds_api
from app.calendars.time_off_feed_routes import pages as time_off_feed_pages
from app.config import get_settings
from app.cover.pages import router as cover_pages
from app.cover.routes import router as cover_router
from app.coverage.pages import router as coverage_pages
from app.coverage.routes import router as coverage_router
from app.db import get_engine
from app.demand.forecast_pages import router as forecast_pages
from app.demand.pages import router as demand_pages
from app.demand.routes import router as demand_router
from app.error_handlers import install_error_handlers
from app.errors import PROBLEM_RESPONSES
from app.identity.access_pages import router as access_pages
from app.identity.directory_routes import router as directory_router
from app.identity.oidc import STATE_COOKIE
from app.identity.pages import router as auth_pages
from app.identity.sign_in_pages import router as sign_in_pages
from app.impact.routes import api as impact_api
from app.impact.routes import pages as impact_pages
from app.learning.models import CATEGORY_LABELS
from app.learning.pages import router as learning_pages
from app.learning.routes import router as learning_router
from app.limits import JSON_MAX_BYTES, DeclaredLengthLimit
from app.migrate import ensure_schema
from app.my_rotation.pages import router as me_pages
from app.notifications.pages import router as notification_pages
from app.notifications.routes import router as notifications_router
from app.people.department_pages import router as department_pages
from app.people.models import is_new_hire
from app.people.pages import router as people_pages
from app.people.preference_routes import router as preference_router
from app.people.routes import router as people_router
from app.people.time_off_pages import router as time_off_pages
from app.privacy.routes import api as privacy_api
from app.privacy.routes import pages as privacy_pages
from app.rules.mentor_pair_pages import router as mentor_pair_pages
from app.rules.pages import router as rules_pages
from app.rules.routes import router as rules_router
from app.schedules.gap_pages import router as gap_pages
from app.schedules.grid_pages import router as grid_pages
from app.schedules.pages import router as schedule_pages
from app.schedules.routes import router as schedules_router
from app.schedules.timeline_pages import router as timeline_pages
from app.scim.routes import router as scim_router
from app.staffing.pages import router as staffing_pages
from app.staffing.routes import router as staffing_router
from app.swaps.pages import router as swap_pages
from app.swaps.routes import router as swaps_router
from app.web.audit_pages import router as audit_pages
from app.web.pages import install_page_handling
from app.web.templating import add_globals

API_PREFIX = "/api/v1"
DESCRIPTION = """
Rota schedules company-wide customer-support rotations: every new hire starts on the line,
executives answer customers regularly, and everyone else spends a few weeks there each year.

Authenticate with `Authorization: Bearer <token>` (`rota create-admin` prints a first token).
Errors are `application/problem+json` with an `errors` list naming the fields at fault.
"""


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    settings.require_secret_key()
    ensure_schema(get_engine(), settings.database_url, auto_migrate=settings.should_auto_migrate)
    # What exists now (modules, routes, models, templates: ~400,000 objects) lives as long as
    # the process. Left to the collector, every full collection walks it all and stalls each
    # request in flight for ~200 ms; frozen, collections see only what requests make.
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# Every page router, in menu order; app.web handles what pages share.
PAGES = [
    auth_pages,
    sign_in_pages,
    access_pages,
    department_pages,
    time_off_feed_pages,
    impact_pages,
    audit_pages,
    privacy_pages,
    people_pages,
    time_off_pages,
    coverage_pages,
    demand_pages,
    forecast_pages,
    staffing_pages,
    rules_pages,
    mentor_pair_pages,
    schedule_pages,
    gap_pages,
    grid_pages,
    swap_pages,
    cover_pages,
    timeline_pages,
    learning_pages,
    notification_pages,
    me_pages,
]


def create_app() -> FastAPI:
    app = FastAPI(
        title="Rota",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    install_error_handlers(app)

    api = APIRouter(prefix=API_PREFIX, responses=PROBLEM_RESPONSES)
    api.include_router(auth_router)
    api.include_router(directory_router)
    api.include_router(people_router)
    api.include_router(preference_router)
    api.include_router(coverage_router)
    api.include_router(rules_router)
    api.include_router(schedules_router)
    api.include_router(swaps_router)
    api.include_router(cover_router)
    api.include_router(calendars_api)
    api.include_router(time_off_feeds_api)
    api.include_router(impact_api)
    api.include_router(audit_api)
    api.include_router(privacy_api)
    api.include_router(learning_router)
    api.include_router(notifications_router)
    api.include_router(staffing_router)
    api.include_router(demand_router)
    app.include_router(api)
    app.include_router(calendar_feeds)
    app.include_router(scim_router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for pages in PAGES:
        app.include_router(pages)
    # Polls of calendar feeds skip routing and dependencies; security headers still apply.
    app.add_middleware(FeedPolls)
    install_page_handling(app)
    # What every template may use, from the domains that own it.
    add_globals(
        is_new_hire=is_new_hire,
        category_labels={k.value: v for k, v in CATEGORY_LABELS.items()},
    )
    concurrency.install(app)
    # Holds only the single sign-on round trip (state, nonce, PKCE verifier, where to go
    # next), signed, for ten minutes, and sent only to /login/oidc.
    settings = get_settings()
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=STATE_COOKIE,
        max_age=600,
        path="/login/oidc",
        same_site="lax",
        https_only=settings.cookies_secure,
    )
    # Bodies are counted as they stream in; a declared length over the limit is refused first.
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=JSON_MAX_BYTES)
    app.add_middleware(DeclaredLengthLimit)
    logs.install()

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_at_root() -> dict[str, Any]:
        """The schema where generic tools look for it first (also under /api/v1)."""
        return app.openapi()

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        """Browsers ask here before they read the page's icon link."""
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"status": "ok"}

    return app
