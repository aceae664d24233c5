// Prints the gzip size of the JavaScript a first page load needs and fails above the budget. Run after `vite build`
// (npm run build does). Every page is its own chunk (src/App.tsx), so the first load is the entry chunk with what
// it imports, plus the start page's chunk with what that imports: the order dashboard for who reads orders, the
// activity feed for the warehouse (App.tsx's Landing), nothing more for the sign-in page (it is in the entry).
// The largest of these is held to the budget. The chunk graph comes from Vite's manifest, which is removed
// afterwards so the server never publishes it.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const START_PAGES = [
  { name: "sign-in page", modules: [] },
  { name: "order dashboard", modules: ["src/orders/dashboard/OrdersDashboardPage.tsx"] },
  { name: "activity feed", modules: ["src/activity/ActivityPage.tsx"] },
];

const dist = new URL("../dist/", import.meta.url).pathname;
const manifestDir = join(dist, ".vite");
const manifestFile = join(manifestDir, "manifest.json");
if (!existsSync(manifestFile)) fail("dist/.vite/manifest.json is missing (build.manifest in vite.config.ts)");
const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
rmSync(manifestDir, { recursive: true, force: true });

const html = readFileSync(join(dist, "index.html"), "utf8");
// The dashboard's entry (index.html); GraphiQL (graphiql.html) is a page of its own, loaded only at /graphql.
const entry = Object.keys(manifest).find((key) => manifest[key].isEntry && key === "index.html");
if (!entry) fail("the manifest names no entry for index.html");
// What index.html loads up front must be what the manifest says the entry needs, or the sums below mean nothing.
const loaded = new Set([...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]));
const expected = new Set([...closure([entry])].map((key) => manifest[key].file));
if (loaded.size === 0 || [...expected].some((file) => !loaded.has(file))) {
  fail(`index.html loads ${[...loaded].join(", ") || "no script"}, the manifest says ${[...expected].join(", ")}`);
}

const gzipped = new Map();
const size = (file) => {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return gzipped.get(file);
};
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

let largest = 0;
for (const page of START_PAGES) {
  for (const module of page.modules) if (!manifest[module]) fail(`the start page ${module} is not a chunk of the build`);
  const files = [...closure([entry, ...page.modules])].map((key) => manifest[key].file);
  const total = files.reduce((sum, file) => sum + size(file), 0);
  largest = Math.max(largest, total);
  console.log(`  first load, ${page.name}: ${kB(total)} gzip (${files.map((f) => `${f.replace(/^assets\//, "")} ${kB(size(f))}`).join(", ")})`);
}
console.log(`Initial JavaScript: ${kB(largest)} gzip, the largest first load (budget ${BUDGET_KB} kB)`);
if (largest / 1024 > BUDGET_KB) fail(`Initial JavaScript exceeds the budget of ${BUDGET_KB} kB gzip`);

/** The manifest keys `keys` need: themselves and their static imports, transitively. */
function closure(keys) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key].imports ?? []) visit(next);
  };
  keys.forEach(visit);
  return seen;
}

function fail(message) {
  console.error(`bundle-size: ${message}`);
  process.exit(1);
}
