import { test as base, expect, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { controlUrl, DEMO_PASSWORD, mainUrl, screenshotsDir } from "./env";

export { expect };

interface ConsoleGuard {
  /** Watch a page of a context the test created itself. */
  watch: (page: Page) => void;
  /** A console message the browser itself prints for something the test does on purpose. */
  allow: (pattern: RegExp) => void;
}

export interface Fixtures {
  consoleGuard: ConsoleGuard;
  /** A new browser context (a second person at another computer), watched for console problems. */
  newPage: (options?: { baseURL?: string; viewport?: { width: number; height: number } }) => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  consoleGuard: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const allowed: RegExp[] = [];
      const onConsole = (page: Page) => (message: ConsoleMessage) => {
        if (message.type() === "error" || message.type() === "warning") {
          problems.push(`${message.type()} on ${page.url()}: ${message.text()}`);
        }
      };
      const watch = (page: Page) => {
        page.on("console", onConsole(page));
        page.on("pageerror", (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
      };
      context.pages().forEach(watch);
      context.on("page", watch);
      await use({ watch, allow: (pattern) => allowed.push(pattern) });
      const unexpected = problems.filter((p) => !allowed.some((a) => a.test(p)));
      expect(unexpected, "no console errors or warnings").toEqual([]);
    },
    { auto: true },
  ],

  newPage: async ({ browser, consoleGuard }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options) => {
      const context = await newContext(browser, options?.baseURL ?? mainUrl, options?.viewport);
      contexts.push(context);
      const page = await context.newPage();
      consoleGuard.watch(page);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

async function newContext(browser: Browser, baseURL: string, viewport?: { width: number; height: number }) {
  return browser.newContext({ baseURL, locale: "en-GB", timezoneId: "Europe/Berlin", viewport: viewport ?? { width: 1366, height: 860 } });
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().includes("/login")) await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The shell is there (on a phone the navigation itself waits behind the menu button).
  await expect(page.getByRole("banner")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

export function nav(page: Page) {
  return page.getByRole("navigation", { name: "Main navigation" });
}

export function feed(page: Page) {
  return page.getByRole("list", { name: "Activity feed" });
}

/** The texts of the feed's newest `count` entries. */
export function newestInFeed(page: Page, count: number): Promise<string[]> {
  return feed(page)
    .getByRole("listitem")
    .evaluateAll((items, n) => items.slice(0, n).map((item) => item.querySelector(".feed-message")?.textContent ?? ""), count);
}

/** The number on the feed's count badge. */
export async function feedCount(page: Page): Promise<number> {
  const text = await page.locator(".page-header .badge").innerText();
  return Number(text.replace(/\D/g, ""));
}

export async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "live");
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true, animations: "disabled" });
}

export function uniqueEmail(prefix: string, domain = "nordlicht.test"): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@${domain}`;
}

/** GraphQL over HTTP, as another system (or person) would send it, against one of the test's API processes. */
export class Api {
  constructor(
    private readonly baseUrl: string = mainUrl,
    private token: string | null = null,
  ) {}

  async request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body)}`);
    return body.data;
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<string> {
    const data = await this.request<{ login: { token: string | null; errors: unknown[] } }>(
      "mutation($input: LoginInput!) { login(input: $input) { token errors { message } } }",
      { input: { email, password } },
    );
    if (!data.login.token) throw new Error(`login failed: ${JSON.stringify(data.login.errors)}`);
    this.token = data.login.token;
    return this.token;
  }

  async signOut(): Promise<void> {
    await this.request("mutation { logout { errors { message } } }");
  }

  async createUser(email: string, role = "MERCHANT_STAFF"): Promise<void> {
    const data = await this.request<{ userCreate: { errors: unknown[] } }>(
      "mutation($input: UserCreateInput!) { userCreate(input: $input) { user { id } errors { field message } } }",
      { input: { email, name: email.split("@")[0], password: "correct-horse-battery", role } },
    );
    expect(data.userCreate.errors).toEqual([]);
  }
}

/** Stop or start the main API process (the one every page talks to). */
export async function mainApi(action: "stop" | "start"): Promise<void> {
  const response = await fetch(`${controlUrl}/main/${action}`, { method: "POST" });
  if (!response.ok) throw new Error(`could not ${action} the main API: ${await response.text()}`);
}

/** The session token the page keeps (to revoke it behind the page's back). */
export async function pageToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => sessionStorage.getItem("packline.session"));
  if (!raw) throw new Error("no session in this page");
  return (JSON.parse(raw) as { token: string }).token;
}
