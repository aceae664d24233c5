import { expect, test } from "@playwright/test";
import { mainUrl } from "./env";

// What the backend does with the production build (backend/spa.py), checked over plain HTTP.
async function indexAndScript() {
  const index = await fetch(`${mainUrl}/users`);
  const html = await index.text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  return { index, html, script };
}

test("the API serves the build: client routes fall back to index.html, hashed assets are cached for a year", async () => {
  const { index, html, script } = await indexAndScript();
  expect(index.status).toBe(200);
  expect(index.headers.get("cache-control")).toBe("no-cache");
  expect(html).toContain('<div id="root">');
  expect(html).toContain("Content-Security-Policy");
  expect(script).toBeTruthy();
  const asset = await fetch(`${mainUrl}${script}`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect((await fetch(`${mainUrl}/assets/missing-0000.js`)).status).toBe(404);
});

test("the API sends the build's files with their content types", async () => {
  const { index, script } = await indexAndScript();
  const asset = await fetch(`${mainUrl}${script}`);
  expect(index.headers.get("content-type") ?? "").toMatch(/^text\/html/);
  expect(asset.headers.get("content-type") ?? "").toMatch(/javascript/);
});

test("the API sends the build's Content-Security-Policy as a header, with frame-ancestors", async () => {
  const { index, html } = await indexAndScript();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  expect(meta).toBeTruthy();
  expect(index.headers.get("content-security-policy")).toBe(`${meta}; frame-ancestors 'none'`);
  expect(index.headers.get("x-content-type-options")).toBe("nosniff");
  expect(index.headers.get("referrer-policy")).toBe("no-referrer");
});
