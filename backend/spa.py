"""Serves the dashboard's production build: hashed assets cached for a year, `index.html` never cached, and
client routes (/users, /settings/…) answered with `index.html` so the SPA's router can take over."""

from __future__ import annotations

import os
from pathlib import Path

from litestar import MediaType, Response, get
from litestar.response import File

DIST = Path(os.environ.get("PACKLINE_SPA_DIST") or Path(__file__).resolve().parent.parent / "frontend" / "dist")
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"

_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>Packline</title>
<p>The dashboard has not been built. <code>make run</code> builds it; the API is at <a href="/graphql">/graphql</a>.</p>"""


def _index() -> Response:
    index = DIST / "index.html"
    if not index.is_file():
        return Response(_NOT_BUILT, media_type=MediaType.HTML, headers={"Cache-Control": NO_CACHE})
    return File(index, filename=index.name, content_disposition_type="inline", headers={"Cache-Control": NO_CACHE})


@get(["/", "/{path:path}"], include_in_schema=False, sync_to_thread=False)
def spa(path: str = "") -> Response:
    relative = path.lstrip("/")
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
