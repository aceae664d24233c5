import { Api, expect, expectLive, feed, feedCount, mainApi, nav, newestInFeed, screenshot, signIn, test, uniqueEmail } from "./fixtures";
import type { Page } from "@playwright/test";
import { shortSessionUrl } from "./env";

/** Order roles start on the order dashboard; the feed is one link away. */
async function openActivity(page: Page): Promise<void> {
  await nav(page).getByRole("link", { name: "Activity" }).click();
  await expect(page.getByRole("heading", { name: "Activity", level: 1 })).toBeVisible();
}

test("a user created in a second browser appears live in the first one's feed, and only there", async ({ page, newPage }) => {
  await signIn(page, "admin@packline.test");
  await openActivity(page);
  await expectLive(page);
  // The feed opens with the recent past (at most 20 events), then adds what happens.
  await expect(feed(page).getByRole("listitem").first()).toBeVisible();
  const before = await feedCount(page);
  expect(before).toBeGreaterThan(0);
  expect(before).toBeLessThanOrEqual(20);
  const berta = await newPage();
  await signIn(berta, "berta@bergwerk.test");
  await openActivity(berta);
  await expectLive(berta);

  // Anna, at another computer, creates a user of her merchant through the Users page.
  const anna = await newPage();
  await signIn(anna, "anna@nordlicht.test");
  await nav(anna).getByRole("link", { name: "Users" }).click();
  const email = uniqueEmail("lena");
  const form = anna.getByRole("form", { name: "Create user" });
  await form.getByLabel("Name").fill("Lena Lager");
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Password").fill("lena-is-here-2025");
  await form.getByLabel("Role").selectOption({ label: "Merchant staff" });
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(anna.getByRole("status").filter({ hasText: `User ${email} created.` })).toBeVisible();

  // The operator sees it at once, newest first, with who did it.
  const first = feed(page).getByRole("listitem").first();
  await expect(first).toContainText(`User ${email} created`);
  await expect(first).toContainText("by anna@nordlicht.test");
  await expect(first).toContainText("M1");
  await expect.poll(() => feedCount(page)).toBe(before + 1);
  // Anna's own Users list took the new user in live as well.
  await expect(anna.getByRole("table", { name: "Users" })).toContainText(email);

  // Tenancy: Berta (merchant M2) never receives M1's event. Events arrive in seq order, so once she sees a
  // later M2 event, an earlier M1 event would have been there before it.
  const m2 = new Api();
  await m2.signIn("berta@bergwerk.test");
  const later = uniqueEmail("bruno", "bergwerk.test");
  await m2.createUser(later);
  await expect(feed(berta).getByRole("listitem").first()).toContainText(`User ${later} created`);
  await expect(feed(berta)).not.toContainText(email);
  await expect(feed(page).getByRole("listitem").first()).toContainText(`User ${later} created`);

  await screenshot(page, "activity");
});

test("the operator's merchant switcher narrows the feed to one merchant", async ({ page }) => {
  await signIn(page, "admin@packline.test");
  await openActivity(page);
  await expectLive(page);
  const m1 = new Api();
  await m1.signIn("anna@nordlicht.test");
  const m2 = new Api();
  await m2.signIn("berta@bergwerk.test");
  const a = uniqueEmail("ada");
  const b = uniqueEmail("bob", "bergwerk.test");
  await m1.createUser(a);
  await m2.createUser(b);
  await expect(feed(page)).toContainText(b);
  await expect(feed(page)).toContainText(a);

  await page.getByLabel("Merchant", { exact: true }).selectOption({ label: "M1 · Nordlicht Naturkosmetik" });
  await expect(feed(page)).toContainText(a);
  await expect(feed(page)).not.toContainText(b);
  const c = uniqueEmail("cleo");
  const d = uniqueEmail("dora", "bergwerk.test");
  await m2.createUser(d);
  await m1.createUser(c);
  await expect(feed(page).getByRole("listitem").first()).toContainText(c);
  await expect(feed(page)).not.toContainText(d);

  // Back to all merchants: what M2 did meanwhile is filled in, in order, nothing twice.
  await page.getByLabel("Merchant", { exact: true }).selectOption({ label: "All merchants" });
  await expect.poll(() => newestInFeed(page, 4)).toEqual([c, d, b, a].map((e) => `User ${e} created`));
  const seqs = await feed(page).getByRole("listitem").evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute("data-seq"))));
  expect(new Set(seqs).size).toBe(seqs.length);
});

test("after the API process restarts, the feed resumes from the last seq: no gap, no duplicate", async ({ page, consoleGuard }) => {
  // While the API is down, Chromium itself reports the refused websocket connections.
  consoleGuard.allow(/WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/graphql' failed/);
  await signIn(page, "admin@packline.test");
  await openActivity(page);
  await expectLive(page);

  // The other API process (same database and Redis) keeps taking changes while the page's one is down.
  const other = new Api(shortSessionUrl);
  const emails = [uniqueEmail("r1"), uniqueEmail("r2"), uniqueEmail("r3"), uniqueEmail("r4"), uniqueEmail("r5")];
  await other.signIn("anna@nordlicht.test");
  await other.createUser(emails[0]!);
  await expect(feed(page).getByRole("listitem").first()).toContainText(emails[0]!);

  await mainApi("stop");
  try {
    await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "reconnecting");
    await expect(page.getByTestId("connection")).toContainText("Reconnecting");
    await screenshot(page, "activity-reconnecting");
    await other.signIn("anna@nordlicht.test");
    await other.createUser(emails[1]!);
    await other.createUser(emails[2]!);
    await other.createUser(emails[3]!);
  } finally {
    await mainApi("start");
  }
  await expectLive(page);
  await other.signIn("anna@nordlicht.test");
  await other.createUser(emails[4]!);

  const items = feed(page).getByRole("listitem");
  await expect.poll(() => newestInFeed(page, 5)).toEqual([...emails].reverse().map((e) => `User ${e} created`));
  // Each exactly once, and the seqs strictly descending.
  const seqs = await items.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute("data-seq"))));
  expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
  expect(new Set(seqs).size).toBe(seqs.length);
});
