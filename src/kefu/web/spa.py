"""The built front-end (``web/`` → ``web/dist``): the staff app for every page path, the buyer's
chat page, ``widget.js`` and the public survey page, and the API docs from local files. People
get pages, programs get JSON: a path under ``/api/`` or ``/ws/`` never falls through to the app."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from kefu.api.auth import Public
from kefu.api.routing import make_router
from kefu.kit.errors import NotFound

DIST_DIR = Path(__file__).parent / "dist"
NOT_BUILT = (
    "<!doctype html><meta charset=utf-8><title>客服工作台</title>"
    "<p>前端尚未构建。请在项目目录运行 <code>make web</code>"
    "（或 <code>make demo</code>）后刷新。</p>"
)
# The shell must be fetched anew after an upgrade; the hashed files under /assets never change.
NO_CACHE = {"Cache-Control": "no-cache"}
API_PREFIXES = ("api/", "ws/", "assets/", "swagger/", "static/")

spa = make_router(include_in_schema=False)


def _built(name: str) -> Response:
    path = DIST_DIR / name
    if not path.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503)
    return FileResponse(path, headers=NO_CACHE)


# The page's start-up script as a file of its own: the pages run no inline script (CSP).
DOCS_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/swagger/swagger-ui.css">
<link rel="icon" href="/swagger/favicon-32x32.png"><title>客服 API 文档</title></head>
<body><div id="swagger-ui"></div>
<script src="/swagger/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script></body></html>
"""
DOCS_START = """window.ui = SwaggerUIBundle({
  url: '/openapi.json', dom_id: '#swagger-ui', layout: 'BaseLayout', deepLinking: true,
  showExtensions: true, showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
})
"""


@spa.get("/docs", dependencies=[Depends(Public())])
def api_docs() -> HTMLResponse:
    return HTMLResponse(DOCS_PAGE)


@spa.get("/docs/start.js", dependencies=[Depends(Public())])
def api_docs_start() -> Response:
    return Response(DOCS_START, media_type="text/javascript")


@spa.get("/chat", dependencies=[Depends(Public())])
def buyer_chat() -> Response:
    return _built("chat.html")


@spa.get("/survey/{survey_id}", dependencies=[Depends(Public())])
def survey(survey_id: str) -> Response:
    """The public survey page; it reads the survey (and checks ``sig``) through the API."""
    return _built("survey.html")


@spa.get("/widget.js", dependencies=[Depends(Public())])
def widget() -> Response:
    path = DIST_DIR / "widget.js"
    if not path.is_file():
        raise NotFound("widget.js 尚未构建", code="not_built")
    return FileResponse(path, media_type="text/javascript", headers=NO_CACHE)


@spa.get("/{path:path}", dependencies=[Depends(Public())])
def staff_app(path: str) -> Response:
    """Every other GET is a page of the staff app; its router shows 404 for unknown paths."""
    if path.startswith(API_PREFIXES):
        raise NotFound("没有这个接口", code="not_found")
    return _built("index.html")


def mount_front_end(app: FastAPI) -> None:
    """Static files first, the staff app's catch-all last, after every other route."""
    for name in ("assets", "swagger"):
        folder = DIST_DIR / name
        app.mount(f"/{name}", StaticFiles(directory=folder, check_dir=False), name=name)
    app.include_router(spa)
