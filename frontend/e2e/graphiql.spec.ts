import { expect, screenshot, test } from "./fixtures";
import { mainUrl } from "./env";

// GraphiQL comes from the build, not from a CDN: with every request off this machine refused, the page still
// renders its editor and runs a query, and the dashboard's Content-Security-Policy reports nothing.
test("GraphiQL works offline under the dashboard's Content-Security-Policy", async ({ page }) => {
  const outside: string[] = [];
  await page.context().route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    outside.push(url.toString());
    return route.abort("internetdisconnected");
  });

  const response = await page.goto("/graphql");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
  await expect(page.locator(".graphiql-container")).toBeVisible();
  await expect(page.locator(".graphiql-query-editor .CodeMirror")).toContainText("__typename");

  await page.getByRole("button", { name: /Execute query/ }).click();
  await expect(page.locator(".result-window")).toContainText('"__typename": "Query"');
  expect(outside, "requests that left this machine").toEqual([]);
  await screenshot(page, "graphiql");
});

test("the GraphiQL page loads only its own assets, served with their content types", async () => {
  const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
  const page = await fetch(`${mainUrl}/graphql`, { headers: browser });
  expect(page.status).toBe(200);
  const html = await page.text();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  expect(page.headers.get("content-security-policy")).toBe(`${meta}; frame-ancestors 'none'`);
  expect(html).not.toMatch(/<script>|<script type="module">\s*\S/); // no inline scripts
  const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(references.some((ref) => ref.endsWith(".js"))).toBe(true);
  expect(references.some((ref) => ref.endsWith(".css"))).toBe(true);
  for (const ref of references) {
    expect(ref, "same-origin path").toMatch(/^\/[^/]/);
    const asset = await fetch(`${mainUrl}${ref}`);
    expect(asset.status, ref).toBe(200);
    const type = asset.headers.get("content-type") ?? "";
    if (ref.endsWith(".js")) expect(type).toMatch(/javascript/);
    if (ref.endsWith(".css")) expect(type).toMatch(/^text\/css/);
    if (ref.endsWith(".svg")) expect(type).toMatch(/^image\/svg\+xml/);
  }
});
