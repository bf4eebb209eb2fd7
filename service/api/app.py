"""Application factory: routers, error handlers that turn every failure into a clear 4xx."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import escape
from sqlalchemy.engine import Engine

from service.api.routes import auth, clients, flags, health, notes, programs, queries
from service.db import make_engine
from service.errors import ServiceError
from service.runtime import Runtime

log = logging.getLogger(__name__)


def create_app(runtime: Runtime | None = None, engine: Engine | None = None) -> FastAPI:
    rt = runtime or Runtime()
    app = FastAPI(
        title="CaseLens",
        version="0.1.0",
        description="Case-note intelligence: redaction, outcome scores with cited passages, risk flags, "
        "one persistent client record.",
    )
    app.state.runtime = rt
    app.state.engine = engine or make_engine(rt.settings.resolved_database_url)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> Response:
        if request.url.path.startswith("/ui/"):
            return HTMLResponse(f'<!doctype html><title>CaseLens</title><p role="alert">{escape(exc.detail)}</p>'
                                f'<p><a href="/">Back</a></p>', status_code=exc.status_code)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse({"detail": exc.detail, **exc.extra}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err.get("loc", ()))
            errors.append({"loc": loc, "msg": err.get("msg", ""), "type": err.get("type", "")})
        reason = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors)
        return JSONResponse({"detail": reason or "invalid request", "errors": errors}, status_code=422)

    @app.exception_handler(UnicodeDecodeError)
    async def _bad_encoding(request: Request, exc: UnicodeDecodeError) -> JSONResponse:
        return JSONResponse({"detail": "request body is not valid UTF-8"}, status_code=400)

    for router in (health.router, auth.router, programs.router, clients.router, notes.router, flags.router,
                   queries.router):
        app.include_router(router)
    from service.web.routes import router as web_router

    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).resolve().parents[1] / "web" / "static")),
              name="static")
    return app
