"""The dashboard's files as a browser needs them: media types, caching, client routes."""

from __future__ import annotations

import re

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


BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # Chromium's, for a page
GRAPHIQL_PAGE = ('<!doctype html><meta charset="UTF-8" /><title>Packline GraphiQL</title>'
                 '<script type="module" crossorigin src="/assets/graphiql-9f8e.js"></script>'
                 '<link rel="stylesheet" crossorigin href="/assets/graphiql-9f8e.css"><div id="graphiql"></div>')


async def test_graphiql_is_the_builds_page_with_same_origin_assets(start_api_server, tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Packline</title>")
    (tmp_path / "graphiql.html").write_text(GRAPHIQL_PAGE)
    (tmp_path / "assets" / "graphiql-9f8e.js").write_text("console.log('graphiql')")
    (tmp_path / "assets" / "graphiql-9f8e.css").write_text(".graphiql-container{}")
    server = start_api_server(PACKLINE_SPA_DIST=str(tmp_path))
    async with httpx.AsyncClient(base_url=server.url) as client:
        page = await client.get("/graphql", headers=BROWSER)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert page.text == GRAPHIQL_PAGE and page.headers["cache-control"] == "no-cache"
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert references and all(ref.startswith("/assets/") for ref in references)
        for ref, media in zip(references, ("text/javascript", "text/css"), strict=True):
            asset = await client.get(ref)
            assert asset.status_code == 200 and asset.headers["content-type"].startswith(media)
        # Only at /graphql, never under its file name; queries still answer JSON.
        assert (await client.get("/graphiql.html")).status_code == 404
        query = await client.get("/graphql", params={"query": "{ __typename }"}, headers={"accept": "application/json"})
        assert query.json()["data"] == {"__typename": "Query"}


async def test_graphiql_says_when_it_is_not_built_and_is_off_in_production(start_api_server, tmp_path):
    development = start_api_server(PACKLINE_SPA_DIST=str(tmp_path))
    production = start_api_server(PACKLINE_SPA_DIST=str(tmp_path), ENVIRONMENT="production",
                                  SECRET_KEY="a-production-secret-of-at-least-32-characters")
    (tmp_path / "graphiql.html").write_text(GRAPHIQL_PAGE)
    async with httpx.AsyncClient(base_url=development.url) as client:
        (tmp_path / "graphiql.html").unlink()
        missing = await client.get("/graphql", headers=BROWSER)
        assert missing.status_code == 200 and "has not been built" in missing.text and "<script" not in missing.text
    async with httpx.AsyncClient(base_url=production.url) as client:
        (tmp_path / "graphiql.html").write_text(GRAPHIQL_PAGE)
        page = await client.get("/graphql", headers=BROWSER)
        assert "GraphiQL" not in page.text and not page.headers["content-type"].startswith("text/html")
        assert (await client.get("/graphiql.html")).status_code == 404
