"""Serves the dashboard's production build: hashed assets cached for a year, `index.html` never cached, and
client routes (/users, /settings/…) answered with `index.html` so the SPA's router can take over.

The build also holds GraphiQL (`graphiql.html`, from `frontend/src/graphiql/`): the API serves it at GET /graphql
outside production (`graphiql_page`), never under its file name, so that production does not serve it at all."""

from __future__ import annotations

import os
from pathlib import Path

from litestar import MediaType, Response, get
from litestar.response import File

DIST = Path(os.environ.get("PACKLINE_SPA_DIST") or Path(__file__).resolve().parent.parent / "frontend" / "dist")
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"

GRAPHIQL = "graphiql.html"

_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>Packline</title>
<p>The dashboard has not been built. <code>make run</code> builds it; the API is at <a href="/graphql">/graphql</a>.</p>"""
_GRAPHIQL_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>Packline GraphiQL</title>
<p>GraphiQL is built with the dashboard, which has not been built: <code>make run</code> (or <code>npm run build</code>
in <code>frontend/</code>) builds it. Meanwhile, POST GraphQL requests to this address.</p>"""


def _index() -> Response:
    index = DIST / "index.html"
    if not index.is_file():
        return Response(_NOT_BUILT, media_type=MediaType.HTML, headers={"Cache-Control": NO_CACHE})
    return File(index, filename=index.name, content_disposition_type="inline", headers={"Cache-Control": NO_CACHE})


def graphiql_page() -> Response:
    """GraphiQL's page from the build, whose scripts and styles are the build's own assets (no CDN)."""
    page = DIST / GRAPHIQL
    if not page.is_file():
        return Response(_GRAPHIQL_NOT_BUILT, media_type=MediaType.HTML, headers={"Cache-Control": NO_CACHE})
    return File(page, filename=page.name, content_disposition_type="inline", media_type=MediaType.HTML,
                headers={"Cache-Control": NO_CACHE})


@get(["/", "/{path:path}"], include_in_schema=False, sync_to_thread=False)
def spa(path: str = "") -> Response:
    relative = path.lstrip("/")
    if relative == GRAPHIQL:
        return Response("Not found", status_code=404, media_type=MediaType.TEXT)
    if relative:
        candidate = (DIST / relative).resolve()
        inside = candidate.is_relative_to(DIST.resolve())
        if inside and candidate.is_file():
            cache = IMMUTABLE if relative.startswith("assets/") else NO_CACHE
            # The file name gives the media type (text/html, text/javascript, …); browsers need it.
            return File(candidate, filename=candidate.name, content_disposition_type="inline", headers={"Cache-Control": cache})
        if relative.startswith("assets/") or "." in relative.rsplit("/", 1)[-1]:
            return Response("Not found", status_code=404, media_type=MediaType.TEXT)
    return _index()
