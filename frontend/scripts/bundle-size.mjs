// Prints the gzip size of the JavaScript index.html loads up front (entry + modulepreloads) and fails above the
// budget. Run after `vite build` (npm run build does).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const scripts = new Set();
for (const match of html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)) scripts.add(match[1]);
for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)) scripts.add(match[1]);
if (scripts.size === 0) {
  console.error("bundle-size: index.html loads no script");
  process.exit(1);
}
let total = 0;
for (const file of scripts) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  console.log(`  ${file}  ${(size / 1024).toFixed(1)} kB gzip`);
}
const kb = total / 1024;
console.log(`Initial JavaScript: ${kb.toFixed(1)} kB gzip (budget ${BUDGET_KB} kB)`);
if (kb > BUDGET_KB) {
  console.error(`Initial JavaScript exceeds the budget of ${BUDGET_KB} kB gzip`);
  process.exit(1);
}
