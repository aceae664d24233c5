import { defineConfig } from "@playwright/test";
import { mainUrl } from "./e2e/env";

// Debian's Chromium, never a downloaded browser. Without the background-networking flags Chromium's own
// connections (component updates, sync) are refused on this network and clutter the run.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 45_000,
  expect: { timeout: 5_000 },
  workers: 1, // one backend, two cores: the tests run one after another
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: mainUrl,
    browserName: "chromium",
    headless: true,
    locale: "en-GB",
    timezoneId: "Europe/Berlin",
    viewport: { width: 1366, height: 860 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
