import { expect, nav, screenshot, signIn, test } from "./fixtures";

// Who reads orders starts on the live order dashboard; the warehouse (no orders of its own) on the activity feed.
// The sidebar's order: Overview, Orders, Warehouse, Warehouse floor, Catalog and stock, Settings (e2e/layout.spec.ts
// checks the groups). The floor (picklists, the picker app) is the fulfillment center's, never a merchant's.
const ORDER_PAGES = ["Dashboard", "Activity", "Orders", "New phone order", "Inbounds", "Returns", "Products"];
const OPERATOR_PAGES = ["Dashboard", "Activity", "Orders", "New phone order", "Inbounds", "Returns", "Picklists", "Pick", "Packing", "Warehouse board", "Products"];
const ROLES = [
  { email: "admin@packline.test", role: "Operator admin", pages: [...OPERATOR_PAGES, "Users", "API keys", "Notifications"], landing: "Dashboard", switcher: true, writes: true },
  { email: "support@packline.test", role: "Support staff", pages: [...OPERATOR_PAGES, "Users", "API keys", "Notifications"], landing: "Dashboard", switcher: true, writes: false },
  { email: "warehouse@packline.test", role: "Warehouse", pages: ["Activity", "Inbounds", "Returns", "Picklists", "Pick", "Packing", "Warehouse board", "Products"], landing: "Activity", switcher: true, writes: false },
  { email: "anna@nordlicht.test", role: "Merchant admin · Nordlicht Naturkosmetik", pages: [...ORDER_PAGES, "Users", "API keys", "Notifications"], landing: "Dashboard", switcher: false, writes: true },
  { email: "nils@nordlicht.test", role: "Merchant staff · Nordlicht Naturkosmetik", pages: ORDER_PAGES, landing: "Dashboard", switcher: false, writes: false },
];

for (const who of ROLES) {
  test(`${who.role} (${who.email}) sees only the pages the role may use`, async ({ page }) => {
    await signIn(page, who.email);
    await expect(page.getByRole("banner")).toContainText(who.role);
    await expect(nav(page).getByRole("link")).toHaveText(who.pages);
    await expect(page.getByLabel("Merchant", { exact: true })).toHaveCount(who.switcher ? 1 : 0);
    await expect(page.getByRole("heading", { name: who.landing, level: 1 })).toBeVisible();

    if (who.pages.includes("Users")) {
      await nav(page).getByRole("link", { name: "Users" }).click();
      await expect(page.getByRole("table", { name: "Users" })).toContainText(who.email);
      await expect(page.getByRole("heading", { name: "Create user" })).toHaveCount(who.writes ? 1 : 0);
      await expect(page.getByText("You can view users but not change them.")).toHaveCount(who.writes ? 0 : 1);
      await nav(page).getByRole("link", { name: "API keys" }).click();
      await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Create API key" })).toHaveCount(who.writes ? 1 : 0);
      await expect(page.getByText("Loading…")).toHaveCount(0);
      if (who.email === "support@packline.test") await screenshot(page, "api-keys-read-only");
    } else {
      // Typing the address of a page the role lacks shows no data, only a clear refusal.
      await page.goto("/users");
      await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
      await expect(page.getByRole("table")).toHaveCount(0);
    }

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: "Sign in to Packline" })).toBeVisible();
    await expect(page.getByText("You have been signed out.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Sign in to Packline" })).toBeVisible();
  });
}

test("the dashboard works with the keyboard alone", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByLabel("E-mail")).toBeVisible(); // the form, not the splash, takes the first Tab
  await page.keyboard.press("Tab"); // the language switcher comes after the form
  await expect(page.getByLabel("E-mail")).toBeFocused();
  await page.keyboard.type("anna@nordlicht.test");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type("packline-demo");
  await page.keyboard.press("Enter");
  await expect(nav(page)).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Tab"); // brand
  await page.keyboard.press("Tab"); // the header's language switcher
  await page.keyboard.press("Tab"); // Sign out
  await page.keyboard.press("Tab"); // the sidebar: Dashboard
  await page.keyboard.press("Tab"); // Activity
  await page.keyboard.press("Tab"); // Orders
  await page.keyboard.press("Tab"); // New phone order
  await page.keyboard.press("Tab"); // Inbounds
  await page.keyboard.press("Tab"); // Returns
  await page.keyboard.press("Tab"); // Products
  await page.keyboard.press("Tab"); // Users
  await expect(nav(page).getByRole("link", { name: "Users" })).toBeFocused();
  // The focus ring is visible: an outline of real width.
  const outline = await nav(page).getByRole("link", { name: "Users" }).evaluate((el) => getComputedStyle(el).outlineWidth);
  expect(parseFloat(outline)).toBeGreaterThanOrEqual(2);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
});

test("on a 360 px phone the navigation folds into a menu and nothing scrolls sideways", async ({ newPage }) => {
  const page = await newPage({ viewport: { width: 360, height: 740 } });
  await page.goto("/login");
  await screenshot(page, "login-phone");
  await signIn(page, "admin@packline.test");
  await expect(nav(page)).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(nav(page).getByRole("link", { name: "Users" })).toBeVisible();
  const menuOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(menuOverflow).toBeLessThanOrEqual(0);
  await screenshot(page, "menu-phone");
  await nav(page).getByRole("link", { name: "Users" }).click();
  await expect(nav(page)).toBeHidden();
  await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, "users-phone");
});

test("printing leaves out the navigation and the forms", async ({ page }) => {
  await signIn(page, "admin@packline.test");
  await nav(page).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("heading", { name: "Create user" })).toBeHidden();
  await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
});
