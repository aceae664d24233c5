// Where the end-to-end tests find the backend they started (see global-setup.ts). The ports come from
// scripts/test-frontend.sh (free ones in 8100-8199), or default to 8150-8152 for a manual `npx playwright test`.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const base = Number(process.env.PACKLINE_E2E_PORT ?? 8150);

export const ports = {
  /** The API every browser context uses; the resume test stops and restarts it. */
  main: base,
  /** A second API process on the same database and Redis, with sessions lasting seconds (the expiry test). */
  shortSessions: base + 1,
  /** The test run's own control endpoint to stop and start the main API. */
  control: base + 2,
};

export const SHORT_SESSION_SECONDS = 6;
export const mainUrl = `http://127.0.0.1:${ports.main}`;
export const shortSessionUrl = `http://127.0.0.1:${ports.shortSessions}`;
export const controlUrl = `http://127.0.0.1:${ports.control}`;

export const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = resolve(frontendDir, "..");
export const artifactsDir = resolve(frontendDir, "e2e-artifacts");
export const screenshotsDir = resolve(artifactsDir, "screenshots");

export const DEMO_PASSWORD = "packline-demo";
