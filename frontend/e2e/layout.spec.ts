// The shell's sidebar and the layout of every page: for each role, at 1280 px (a laptop) and at 360 px (a phone),
// every page the role has fits the window's width (wide tables scroll inside their own frame, never the page); the
// sidebar shows the role's work areas, collapses and remembers it; on a phone it is a drawer behind the menu button.
import type { Page } from "@playwright/test";
import { Api, expect, nav, screenshot, signIn, test } from "./fixtures";

const ERRORS = "errors { field code message }";
const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

interface Ids {
  product: string;
  sku: string;
  inbound: string;
  order: string;
}

let ids: Ids;

function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/**
 * Nordlicht's data every role can open: a product with a long name, orders with long names and a long hold reason,
 * an announced delivery (open, so it can be received). Long texts are what push a page sideways.
 */
test.beforeAll(async () => {
  const anna = new Api();
  await anna.signIn("anna@nordlicht.test");
  const sku = unique("E2E-LAYOUT-").toUpperCase();
  const created = await anna.request<{ productCreate: { product: { id: string } | null; errors: unknown[] } }>(
    `mutation($input: ProductCreateInput!) { productCreate(input: $input) { product { id } ${ERRORS} } }`,
    { input: { sku, name: "Lavendel-Handcreme mit Sheabutter und Mandelöl, Vorratspackung 12 × 75 ml, unparfümiert" } },
  );
  expect(created.productCreate.errors).toEqual([]);
  const product = created.productCreate.product!.id;

  const operator = new Api();
  await operator.signIn("admin@packline.test");
  const { warehouses } = await operator.request<{ warehouses: { id: string }[] }>("{ warehouses { id } }");
  const warehouseId = warehouses[0]!.id;
  const adjusted = await operator.request<{ stockAdjust: { errors: unknown[] } }>(
    `mutation($input: StockAdjustInput!) { stockAdjust(input: $input) { ${ERRORS} } }`,
    { input: { productId: product, warehouseId, quantity: 20, reason: "ADJUSTMENT", note: "layout e2e" } },
  );
  expect(adjusted.stockAdjust.errors).toEqual([]);

  let order = "";
  for (const [name, method] of [
    ["Maximiliane Alexandra von Hohenzollern-Sigmaringen", "BANK_TRANSFER"],
    ["Bartholomäus Wolkenstein-Trostburg", "INVOICE"],
  ] as const) {
    const placed = await anna.request<{ orderCreate: { order: { id: string } | null; errors: unknown[] } }>(
      `mutation($i: OrderCreateInput!) { orderCreate(input: $i) { order { id } ${ERRORS} } }`,
      {
        i: {
          lines: [{ productId: product, quantity: 2, unitPrice: "1249.90" }],
          paymentMethod: method,
          customer: { name, email: `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@sehr-lange-domain-fuer-tests.example` },
          shippingAddress: { name, line1: "Am Großen Wannsee 56–58, Hinterhaus, 3. Obergeschoss", postalCode: "14109", city: "Berlin", country: "DE" },
          warehouseId,
          tags: ["vip-kundin-mit-sonderwunsch", "geschenkverpackung"],
          externalNumber: `#${Math.floor(100000 + Math.random() * 900000)}`,
        },
      },
    );
    expect(placed.orderCreate.errors).toEqual([]);
    order = placed.orderCreate.order!.id;
  }
  const held = await anna.request<{ orderHold: { errors: unknown[] } }>(
    `mutation($i: OrderHoldInput!) { orderHold(input: $i) { order { id } ${ERRORS} } }`,
    { i: { orderId: order, reason: "Die Kundin möchte die Lieferadresse noch einmal telefonisch bestätigen lassen" } },
  );
  expect(held.orderHold.errors).toEqual([]);

  const announced = await anna.request<{ inboundCreate: { inbound: { id: string } | null; errors: unknown[] } }>(
    `mutation($input: InboundCreateInput!) { inboundCreate(input: $input) { inbound { id } ${ERRORS} } }`,
    { input: { warehouseId, reference: unique("LAYOUT-DELIVERY-REFERENCE-"), lines: [{ productId: product, expectedQuantity: 12 }] } },
  );
  expect(announced.inboundCreate.errors).toEqual([]);
  ids = { product, sku, inbound: announced.inboundCreate.inbound!.id, order };
});

type Groups = Record<string, string[]>;

const OVERVIEW = { Overview: ["Dashboard", "Activity"], Orders: ["Orders", "New phone order"], Warehouse: ["Inbounds", "Returns"], "Catalog and stock": ["Products"] };
const SETTINGS = { Settings: ["Users", "API keys", "Notifications"] };
// The floor is the fulfillment center's own: operators and the warehouse, never merchants.
const FLOOR = { "Warehouse floor": ["Picklists", "Pick", "Packing", "Warehouse board"] };

const enc = encodeURIComponent;
const ORDER_PAGES = (i: Ids) => ["/", "/activity", "/orders", `/orders/${enc(i.order)}`, "/orders/new"];
const PRODUCT_PAGES = (i: Ids) => ["/products", `/products/${enc(i.product)}`];
const PRODUCT_WRITE = (i: Ids) => ["/products/new", `/products/${enc(i.product)}/edit`];
const INBOUND_PAGES = (i: Ids) => ["/inbounds", `/inbounds/${enc(i.inbound)}`];
// Every role reads returns (merchants their own).
const RETURN_PAGES = ["/returns"];
const ACCOUNT_PAGES = ["/users", "/api-keys", "/settings/notifications"];
const FLOOR_PAGES = ["/picklists", "/picklists/new", "/pick", "/packing", "/warehouse/board"];

const ROLES: { email: string; role: string; groups: Groups; pages: (i: Ids) => string[] }[] = [
  {
    email: "admin@packline.test",
    role: "operator admin",
    groups: { ...OVERVIEW, ...FLOOR, ...SETTINGS },
    pages: (i) => [...ORDER_PAGES(i), ...PRODUCT_PAGES(i), ...PRODUCT_WRITE(i), ...INBOUND_PAGES(i), ...RETURN_PAGES, "/inbounds/new", `/inbounds/${enc(i.inbound)}/receive`, ...FLOOR_PAGES, ...ACCOUNT_PAGES],
  },
  {
    email: "support@packline.test",
    role: "support staff",
    groups: { ...OVERVIEW, ...FLOOR, ...SETTINGS },
    pages: (i) => [...ORDER_PAGES(i), ...PRODUCT_PAGES(i), ...PRODUCT_WRITE(i), ...INBOUND_PAGES(i), ...RETURN_PAGES, "/inbounds/new", `/inbounds/${enc(i.inbound)}/receive`, ...FLOOR_PAGES, ...ACCOUNT_PAGES],
  },
  {
    email: "warehouse@packline.test",
    role: "warehouse",
    groups: { Overview: ["Activity"], Warehouse: ["Inbounds", "Returns"], ...FLOOR, "Catalog and stock": ["Products"] },
    pages: (i) => ["/", ...PRODUCT_PAGES(i), ...INBOUND_PAGES(i), ...RETURN_PAGES, `/inbounds/${enc(i.inbound)}/receive`, ...FLOOR_PAGES],
  },
  {
    email: "anna@nordlicht.test",
    role: "merchant admin",
    groups: { ...OVERVIEW, ...SETTINGS },
    pages: (i) => [...ORDER_PAGES(i), ...PRODUCT_PAGES(i), ...PRODUCT_WRITE(i), ...INBOUND_PAGES(i), ...RETURN_PAGES, "/inbounds/new", ...ACCOUNT_PAGES],
  },
  {
    email: "nils@nordlicht.test",
    role: "merchant staff",
    groups: OVERVIEW,
    pages: (i) => [...ORDER_PAGES(i), ...PRODUCT_PAGES(i), ...PRODUCT_WRITE(i), ...INBOUND_PAGES(i), ...RETURN_PAGES, "/inbounds/new"],
  },
];

/** The sidebar's work areas and their links, as a screen reader meets them. */
async function sidebarGroups(page: Page): Promise<Groups> {
  const groups: Groups = {};
  for (const group of await nav(page).getByRole("group").all()) {
    const name = await group.getAttribute("aria-labelledby").then((id) => page.locator(`#${id}`).textContent());
    groups[name!] = await group.getByRole("link").allTextContents();
  }
  return groups;
}

/** Follow a link inside the app (the router's history), as a click would: no reload, the session stays. */
async function visit(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, "", to);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, path);
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("Loading…", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "No access" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Page not found" })).toHaveCount(0);
}

/** How far the page reaches past the window's right edge (0 when nothing scrolls sideways). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

for (const who of ROLES) {
  for (const viewport of [WIDE, PHONE]) {
    test(`${who.role}: every page fits ${viewport.width} px without sideways scrolling`, async ({ newPage }) => {
      const page = await newPage({ viewport });
      await signIn(page, who.email);
      if (viewport === WIDE) expect(await sidebarGroups(page)).toEqual(who.groups);
      const overflowing: string[] = [];
      for (const path of who.pages(ids)) {
        await visit(page, path);
        const overflow = await sidewaysOverflow(page);
        if (overflow > 0) overflowing.push(`${path}: ${overflow} px`);
      }
      expect(overflowing, "pages that scroll sideways").toEqual([]);
    });
  }
}

test("the operator dashboard's recent orders show their last column at 1280 and 1366 px", async ({ newPage }) => {
  for (const width of [1280, 1366]) {
    const page = await newPage({ viewport: { width, height: 860 } });
    await signIn(page, "admin@packline.test"); // all merchants: the widest table, with a merchant column
    const table = page.getByRole("table", { name: "Recent orders" });
    await expect(table.locator("tbody tr").first()).toBeVisible();
    const last = table.locator("thead th").last();
    await expect(last).toHaveText("Created");
    // Its right edge is inside the window and inside the table's own frame: shown, not scrolled away or cut off.
    const { right, frameRight, window } = await last.evaluate((cell) => {
      const frame = cell.closest(".card") ?? cell.parentElement!;
      return { right: cell.getBoundingClientRect().right, frameRight: frame.getBoundingClientRect().right, window: document.documentElement.clientWidth };
    });
    expect(right, `at ${width} px`).toBeLessThanOrEqual(frameRight);
    expect(right, `at ${width} px`).toBeLessThanOrEqual(window);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  }
});

test("the phone pages fit 360 px in use: the phone order form with a line, the receiving screen with a count", async ({ newPage }) => {
  const page = await newPage({ viewport: PHONE });
  await signIn(page, "nils@nordlicht.test");
  await visit(page, "/orders/new");
  const search = page.getByRole("combobox", { name: /Find product/ });
  await search.fill(ids.sku);
  await expect(page.getByRole("option").first()).toContainText(ids.sku);
  await search.press("Enter");
  await expect(page.getByLabel(`Quantity of ${ids.sku}`)).toBeFocused();
  await expect(page.getByTestId("save-state")).toContainText(/Draft M1-\d+ saved/);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await screenshot(page, "phone-order-phone");

  const warehouse = await newPage({ viewport: PHONE });
  await signIn(warehouse, "warehouse@packline.test");
  await visit(warehouse, `/inbounds/${enc(ids.inbound)}/receive`);
  await expect(warehouse.getByLabel("Scan barcode or SKU")).toBeFocused();
  await warehouse.keyboard.type(`${ids.sku}\n`);
  await expect(warehouse.getByTestId(`good-${ids.sku}`)).toHaveValue("1");
  expect(await sidewaysOverflow(warehouse)).toBeLessThanOrEqual(0);
});

test("the sidebar marks the current page, collapses to icons and remembers it in this browser", async ({ newPage }) => {
  const page = await newPage({ viewport: WIDE });
  await signIn(page, "anna@nordlicht.test");
  const sidebar = page.locator("#sidebar");
  const toggle = page.getByRole("button", { name: "Collapse navigation" });
  await expect(nav(page).getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await nav(page).getByRole("link", { name: "Products" }).click();
  await expect(nav(page).getByRole("link", { name: "Products" })).toHaveAttribute("aria-current", "page");
  await expect(nav(page).locator('[aria-current="page"]')).toHaveCount(1);
  // A page below an entry marks the entry; the phone order form has an entry of its own.
  await visit(page, `/orders/${enc(ids.order)}`);
  await expect(nav(page).locator('[aria-current="page"]')).toHaveText("Orders");
  await visit(page, "/orders/new");
  await expect(nav(page).locator('[aria-current="page"]')).toHaveText("New phone order");

  const wide = (await sidebar.boundingBox())!.width;
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await toggle.click();
  const expand = page.getByRole("button", { name: "Expand navigation" });
  await expect(expand).toHaveAttribute("aria-expanded", "false");
  await expect(expand).toBeFocused();
  const narrow = (await sidebar.boundingBox())!.width;
  expect(narrow).toBeLessThan(80);
  expect(narrow).toBeLessThan(wide);
  // Icons only, yet every link keeps its name (for screen readers, and as a tooltip).
  await expect(nav(page).getByRole("link", { name: "Users" })).toBeVisible();
  await expect(nav(page).getByRole("link", { name: "Users" })).toHaveAttribute("title", "Users");
  expect(await sidebarGroups(page)).toEqual({ ...OVERVIEW, ...SETTINGS });
  await screenshot(page, "sidebar-collapsed");

  // The page grew into the room the sidebar gave up, and still fits.
  await visit(page, "/orders");
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

  // Remembered across a reload (and a new sign-in in this browser).
  await page.reload();
  await expect(page.getByRole("button", { name: "Expand navigation" })).toBeVisible();
  expect((await sidebar.boundingBox())!.width).toBeLessThan(80);
  await page.getByRole("button", { name: "Expand navigation" }).click();
  await expect(page.getByRole("button", { name: "Collapse navigation" })).toHaveAttribute("aria-expanded", "true");
  await page.reload();
  await expect(page.getByRole("button", { name: "Collapse navigation" })).toBeVisible();
  expect((await sidebar.boundingBox())!.width).toBeCloseTo(wide, 0);
});

test("a page loads on first use: the loading line takes its place at once, and a chunk that fails offers a reload", async ({ newPage, consoleGuard }) => {
  const page = await newPage({ viewport: WIDE });
  await signIn(page, "anna@nordlicht.test");
  await nav(page).getByRole("link", { name: "Inbounds" }).click();
  await expect(page.getByRole("heading", { name: "Inbounds", level: 1 })).toBeVisible();

  // A slow chunk: the page it leaves is gone at once (nothing to type into under the new address), the shell stays.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/InboundCreatePage-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole("link", { name: "Announce delivery" }).click();
  await expect(page).toHaveURL(/\/inbounds\/new$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Loading…" })).toBeVisible();
  await expect(nav(page).getByRole("link", { name: "Inbounds" })).toHaveAttribute("aria-current", "page");
  release();
  await expect(page.getByRole("heading", { name: "Announce delivery", level: 1 })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Loading…" })).toHaveCount(0);

  // A chunk that cannot be loaded (as after a new release): a message and Reload instead of an empty window.
  consoleGuard.allow(/Failed to load resource|Failed to fetch dynamically imported module|error loading dynamically imported module/i);
  await page.route(/\/assets\/ApiKeysPage-[\w-]+\.js$/, (route) => route.abort());
  await nav(page).getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("alert")).toContainText("This page could not be loaded");
  await expect(page.getByRole("button", { name: "Reload" })).toBeVisible();
  await expect(page.getByRole("banner")).toBeVisible();
  await nav(page).getByRole("link", { name: "Products" }).click();
  await expect(page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("on a phone the sidebar is a drawer behind the menu button, with the header's controls", async ({ newPage }) => {
  const page = await newPage({ viewport: PHONE });
  await signIn(page, "admin@packline.test");
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  const drawer = page.getByRole("dialog", { name: "Menu" });
  await expect(nav(page)).toBeHidden();
  await expect(page.getByRole("button", { name: "Collapse navigation" })).toHaveCount(0);
  await expect(menu).toHaveAttribute("aria-expanded", "false");

  // Opens with the focus on the current page's entry; Escape closes it and the focus returns to the button.
  await menu.click();
  await expect(drawer).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav(page).getByRole("link", { name: "Dashboard" })).toBeFocused();
  expect(await sidebarGroups(page)).toEqual({ ...OVERVIEW, ...FLOOR, ...SETTINGS });
  await expect(drawer.getByLabel("Merchant", { exact: true })).toBeVisible();
  await expect(drawer.getByLabel("Language")).toBeVisible();
  await expect(drawer.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await screenshot(page, "drawer-phone");
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();

  // The page behind is out of reach while it is open; a tap beside it closes it.
  await menu.click();
  await expect(page.locator("main")).toHaveAttribute("inert", "");
  await page.mouse.click(PHONE.width - 10, PHONE.height / 2);
  await expect(drawer).toBeHidden();
  await menu.click();
  await drawer.getByRole("button", { name: "Close menu" }).click();
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();

  // Following a link closes it on the new page.
  await menu.click();
  await nav(page).getByRole("link", { name: "Inbounds" }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByRole("heading", { name: "Inbounds", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/inbounds$/);

  // Growing past a phone brings the sidebar back beside the page.
  await page.setViewportSize(WIDE);
  await expect(nav(page)).toBeVisible();
  await expect(menu).toHaveCount(0);
  await expect(nav(page).getByRole("link", { name: "Inbounds" })).toHaveAttribute("aria-current", "page");
});
