"""The dashboard's files as a browser needs them: media types, caching, client routes."""

from __future__ import annotations

import httpx


async def test_spa_files_are_served_with_types_and_cache_headers(start_api_server, tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>')
    (tmp_path / "assets" / "app-1a2b.js").write_text("console.log('packline')")
    (tmp_path / "assets" / "app-1a2b.css").write_text("body{}")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    server = start_api_server(PACKLINE_SPA_DIST=str(tmp_path))
    async with httpx.AsyncClient(base_url=server.url) as client:
        for path in ("/", "/users", "/settings/api-keys"):
            page = await client.get(path)
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
            assert page.headers["cache-control"] == "no-cache" and "app-1a2b.js" in page.text
        script = await client.get("/assets/app-1a2b.js")
        assert script.headers["content-type"].startswith("text/javascript")
        assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert (await client.get("/assets/app-1a2b.css")).headers["content-type"].startswith("text/css")
        assert (await client.get("/favicon.svg")).headers["content-type"].startswith("image/svg+xml")
        assert (await client.get("/assets/missing.js")).status_code == 404
        assert (await client.get("/../../etc/passwd")).status_code in (200, 404)
        assert "root:" not in (await client.get("/%2e%2e/%2e%2e/etc/passwd")).text
        assert (await client.get("/graphql", params={"query": "{ __typename }"})).json()["data"] == {"__typename": "Query"}
