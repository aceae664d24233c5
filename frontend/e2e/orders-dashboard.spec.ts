// The live order dashboard and the orders list, against the real backend: orders are placed, paid, held and
// cancelled through the GraphQL API (as a merchant's shop system or a colleague would) while the pages watch.
import type { Locator, Page } from "@playwright/test";
import { Api, expect, expectLive, nav, screenshot, signIn, test } from "./fixtures";

const ADDRESS = { name: "Erika Mustermann", line1: "Hauptstr. 5", postalCode: "10115", city: "Berlin", country: "DE" };
const ERRORS = "errors { field code message }";

function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

interface Shop {
  api: Api;
  productId: string;
  warehouseId: string;
}

interface PlacedOrder {
  id: string;
  number: string;
  status: string;
}

/** A fresh product of the merchant with `units` in stock, so the tests never touch the demo catalog's figures. */
async function stockedShop(merchantEmail: string, units = 40): Promise<Shop> {
  const api = new Api();
  await api.signIn(merchantEmail);
  const sku = unique("E2E-ORD-").toUpperCase();
  const created = await api.request<{ productCreate: { product: { id: string } | null; errors: unknown[] } }>(
    `mutation($input: ProductCreateInput!) { productCreate(input: $input) { product { id } ${ERRORS} } }`,
    { input: { sku, name: `Order test ${sku}` } },
  );
  expect(created.productCreate.errors).toEqual([]);
  const productId = created.productCreate.product!.id;
  // Stock arrives through the operator (merchants do not book stock themselves).
  const operator = new Api();
  await operator.signIn("admin@packline.test");
  const { warehouses } = await operator.request<{ warehouses: { id: string }[] }>("{ warehouses { id } }");
  const warehouseId = warehouses[0]!.id;
  const adjusted = await operator.request<{ stockAdjust: { errors: unknown[] } }>(
    `mutation($input: StockAdjustInput!) { stockAdjust(input: $input) { ${ERRORS} } }`,
    { input: { productId, warehouseId, quantity: units, reason: "ADJUSTMENT", note: "orders e2e" } },
  );
  expect(adjusted.stockAdjust.errors).toEqual([]);
  return { api, productId, warehouseId };
}

/** An order placed the way a shop system places it (BANK_TRANSFER waits for payment, INVOICE is ready at once). */
async function placeOrder(
  shop: Shop,
  customer: string,
  options: { method?: string; tags?: string[]; externalNumber?: string } = {},
): Promise<PlacedOrder> {
  const data = await shop.api.request<{ orderCreate: { order: PlacedOrder | null; errors: unknown[] } }>(
    `mutation($i: OrderCreateInput!) { orderCreate(input: $i) { order { id number status } ${ERRORS} } }`,
    {
      i: {
        lines: [{ productId: shop.productId, quantity: 1, unitPrice: "24.90" }],
        paymentMethod: options.method ?? "BANK_TRANSFER",
        customer: { name: customer, email: `${customer.toLowerCase().replace(/\s+/g, ".")}@example.test` },
        shippingAddress: ADDRESS,
        warehouseId: shop.warehouseId,
        tags: options.tags ?? null,
        externalNumber: options.externalNumber ?? "",
      },
    },
  );
  expect(data.orderCreate.errors).toEqual([]);
  return data.orderCreate.order!;
}

async function cancelOrder(api: Api, order: PlacedOrder, reason = "Customer changed their mind"): Promise<void> {
  const data = await api.request<{ orderCancel: { errors: unknown[] } }>(
    `mutation($i: OrderCancelInput!) { orderCancel(input: $i) { order { id } ${ERRORS} } }`,
    { i: { orderId: order.id, reason } },
  );
  expect(data.orderCancel.errors).toEqual([]);
}

async function holdOrder(api: Api, order: PlacedOrder, reason: string): Promise<void> {
  const data = await api.request<{ orderHold: { errors: unknown[] } }>(
    `mutation($i: OrderHoldInput!) { orderHold(input: $i) { order { id } ${ERRORS} } }`,
    { i: { orderId: order.id, reason } },
  );
  expect(data.orderHold.errors).toEqual([]);
}

function tile(page: Page, name: string): Locator {
  return page.getByRole("group", { name, exact: true });
}

/** The number a KPI tile shows (its data-value, independent of the locale's digit grouping). */
async function tileValue(page: Page, name: string): Promise<number> {
  return Number(await tile(page, name).locator("[data-value]").getAttribute("data-value"));
}

async function pipelineCount(page: Page, status: string): Promise<number> {
  return Number(await page.locator(`.pipeline-step[data-status="${status}"]`).getAttribute("data-count"));
}

/** Orders today according to the per-hour chart: the sum of its bars. */
async function chartTotal(page: Page): Promise<number> {
  const placed = await page.locator(".chart-svg g[data-placed]").evaluateAll((groups) => groups.map((g) => Number(g.getAttribute("data-placed"))));
  return placed.reduce((sum, n) => sum + n, 0);
}

function ordersTable(page: Page): Locator {
  return page.getByRole("table", { name: "Orders", exact: true });
}

function orderRow(page: Page, number: string): Locator {
  return ordersTable(page).locator(`tr[data-number="${number}"]`);
}

async function listedNumbers(page: Page): Promise<string[]> {
  return ordersTable(page)
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-number") ?? "").sort());
}

test("the merchant's dashboard counts an order placed through the API, and its cancellation, live", async ({ page }) => {
  const shop = await stockedShop("anna@nordlicht.test");
  await signIn(page, "anna@nordlicht.test");
  // Who reads orders starts on the dashboard.
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(nav(page).getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await expectLive(page);
  await expect(tile(page, "Orders today")).toBeVisible();

  const ordersToday = await tileValue(page, "Orders today");
  const awaiting = await tileValue(page, "Awaiting payment");
  const awaitingInPipeline = await pipelineCount(page, "AWAITING_PAYMENT");
  const cancelledNote = tile(page, "Orders today").locator(".kpi-note");
  const cancelledBefore = Number((await cancelledNote.innerText()).replace(/\D/g, ""));
  expect(await chartTotal(page)).toBe(ordersToday);

  // A shop system places a bank-transfer order: it waits for payment.
  const customer = unique("Dash Kunde ");
  const order = await placeOrder(shop, customer);
  expect(order.status).toBe("AWAITING_PAYMENT");
  await expect.poll(() => tileValue(page, "Orders today")).toBe(ordersToday + 1);
  await expect.poll(() => tileValue(page, "Awaiting payment")).toBe(awaiting + 1);
  await expect.poll(() => pipelineCount(page, "AWAITING_PAYMENT")).toBe(awaitingInPipeline + 1);
  await expect(page.getByRole("link", { name: `Awaiting payment: ${awaitingInPipeline + 1} order` })).toBeVisible();
  expect(await chartTotal(page)).toBe(ordersToday + 1);
  const recent = page.getByRole("table", { name: "Recent orders" });
  await expect(recent.locator("tbody tr").first()).toHaveAttribute("data-number", order.number);
  await expect(recent.locator("tbody tr").first()).toContainText(customer);
  await expect(recent.locator("tbody tr").first()).toContainText("Awaiting payment");
  await screenshot(page, "orders-dashboard");

  // Cancelled: no longer awaiting payment, counted as cancelled today, and the recent list says so.
  await cancelOrder(shop.api, order);
  await expect.poll(() => tileValue(page, "Awaiting payment")).toBe(awaiting);
  await expect.poll(() => pipelineCount(page, "AWAITING_PAYMENT")).toBe(awaitingInPipeline);
  await expect(cancelledNote).toHaveText(`${cancelledBefore + 1} cancelled`);
  await expect(recent.locator(`tr[data-number="${order.number}"]`)).toContainText("Cancelled");
  expect(await tileValue(page, "Orders today")).toBe(ordersToday + 1);

  // An invoice order is ready for the warehouse at once: the oldest ready order's wait is shown and ticks.
  const readyBefore = await pipelineCount(page, "READY");
  const ready = await placeOrder(shop, unique("Ready Kunde "), { method: "INVOICE" });
  expect(ready.status).toBe("READY");
  await expect.poll(() => pipelineCount(page, "READY")).toBe(readyBefore + 1);
  const wait = tile(page, "Oldest ready order waiting").locator("[data-seconds]");
  await expect(wait).toHaveText(/\d+ (secs?|mins?|hrs?|days?)/);
  const first = Number(await wait.getAttribute("data-seconds"));
  await expect.poll(async () => Number(await wait.getAttribute("data-seconds")), { timeout: 4000 }).toBeGreaterThan(first);

  // "Orders today" leads to the orders it counts: placed since the merchant's midnight.
  const placedToday = await tileValue(page, "Orders today");
  await tile(page, "Orders today").getByRole("link", { name: "Show these orders: Orders today" }).click();
  await expect(page).toHaveURL(/\/orders\?.*since=/);
  await expect(page.getByRole("group", { name: "Created since" })).toContainText(/\d{2}:\d{2}/);
  await expect(page.getByLabel("Draft", { exact: true })).not.toBeChecked();
  await expect(orderRow(page, order.number)).toBeVisible();
  await expect(orderRow(page, ready.number)).toBeVisible();
  await expect(page.getByTestId("orders-total")).toHaveText(`${placedToday} orders`);
  await page.goBack();
  await expectLive(page);

  // A pipeline step leads to the list of its orders.
  await page.getByRole("link", { name: /^Ready: \d+ orders?$/ }).click();
  await expect(page).toHaveURL(/\/orders\?status=READY$/);
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Ready", { exact: true })).toBeChecked();
  await expect(orderRow(page, ready.number)).toBeVisible();
  await cancelOrder(shop.api, ready, "Test order");
});

test("the orders list finds orders by search and filter, marks them paid in bulk with a result per order, and follows changes live", async ({ page }) => {
  const shop = await stockedShop("anna@nordlicht.test");
  const token = unique("Quill");
  const tag = unique("vip").toLowerCase();
  const first = await placeOrder(shop, `Ada ${token}`, { tags: [tag], externalNumber: unique("SHOP-") });
  const second = await placeOrder(shop, `Bo ${token}`);
  const cancelled = await placeOrder(shop, `Cy ${token}`, { method: "INVOICE" });
  await cancelOrder(shop.api, cancelled);
  const stranger = await placeOrder(shop, unique("Someone Else "));

  await signIn(page, "anna@nordlicht.test");
  await nav(page).getByRole("link", { name: "Orders", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expectLive(page);

  // Search by part of the customer's name (debounced; the address follows).
  await page.getByLabel("Search").fill(token.toLowerCase());
  await expect.poll(() => listedNumbers(page)).toEqual([first.number, second.number, cancelled.number].sort());
  await expect(page).toHaveURL(new RegExp(`q=${token.toLowerCase()}`));
  await expect(orderRow(page, stranger.number)).toHaveCount(0);
  // Search by order number finds exactly that order.
  await page.getByLabel("Search").fill(second.number);
  await expect.poll(() => listedNumbers(page)).toEqual([second.number]);
  await page.getByLabel("Search").fill(token);

  // Filter by status: only the two waiting for payment; a reload (or a shared link) shows the same view.
  await page.getByLabel("Awaiting payment", { exact: true }).check();
  await expect.poll(() => listedNumbers(page)).toEqual([first.number, second.number].sort());
  await expect(page).toHaveURL(/status=AWAITING_PAYMENT/);
  await page.reload();
  await expect(page.getByLabel("Awaiting payment", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Search")).toHaveValue(token);
  await expect.poll(() => listedNumbers(page)).toEqual([first.number, second.number].sort());
  // Filter by tag, then by payment method (no order of this customer pays by card).
  await page.getByLabel("Tag", { exact: true }).fill(tag);
  await expect.poll(() => listedNumbers(page)).toEqual([first.number]);
  await page.getByLabel("Tag", { exact: true }).fill("");
  await page.getByLabel("Payment method").selectOption({ label: "Card" });
  await expect(page.getByText("No orders match.")).toBeVisible();
  await page.getByLabel("Payment method").selectOption({ label: "Any method" });
  await page.getByLabel("Awaiting payment", { exact: true }).uncheck();
  await expect.poll(() => listedNumbers(page)).toEqual([first.number, second.number, cancelled.number].sort());
  await expect(orderRow(page, first.number).getByRole("link", { name: first.number })).toHaveAttribute("href", `/orders/${encodeURIComponent(first.id)}`);

  // Mark paid in bulk, one bank reference for all: two succeed, the cancelled one is refused on its own.
  await page.getByLabel(`Select order ${first.number}`).check();
  await page.getByLabel(`Select order ${second.number}`).check();
  await page.getByLabel(`Select order ${cancelled.number}`).check();
  const bulk = page.getByRole("region", { name: "Bulk actions" });
  await expect(bulk).toContainText("3 orders selected");
  await bulk.getByRole("button", { name: "Mark paid", exact: true }).click();
  const reference = unique("BANK-");
  await bulk.getByLabel("Bank transaction reference").fill(reference);
  await bulk.getByRole("button", { name: "Mark paid: 3 orders" }).click();
  const results = page.getByRole("list", { name: "Result per order" });
  await expect(page.getByRole("status").filter({ hasText: "Result of “Mark paid”: 2 done, 1 failed" })).toBeVisible();
  await expect(results.locator(`li[data-number="${first.number}"]`)).toHaveText(`${first.number}: Done`);
  await expect(results.locator(`li[data-number="${second.number}"]`)).toHaveText(`${second.number}: Done`);
  await expect(results.locator(`li[data-number="${cancelled.number}"]`)).toHaveAttribute("data-outcome", "failed");
  await expect(results.locator(`li[data-number="${cancelled.number}"]`)).toContainText("cancelled");
  // Paid orders go to the warehouse; the failed one stays selected.
  await expect(orderRow(page, first.number)).toHaveAttribute("data-payment", "PAID");
  await expect(orderRow(page, first.number)).toHaveAttribute("data-status", "READY");
  await expect(orderRow(page, second.number)).toContainText("Paid");
  await expect(page.getByLabel(`Select order ${cancelled.number}`)).toBeChecked();
  await expect(bulk).toContainText("1 order selected");
  await screenshot(page, "orders-bulk-result");

  // Marking paid again is refused per order as well (already paid).
  await page.getByLabel(`Select order ${cancelled.number}`).uncheck();
  await page.getByLabel(`Select order ${first.number}`).check();
  await bulk.getByRole("button", { name: "Mark paid", exact: true }).click();
  await bulk.getByRole("button", { name: "Mark paid: 1 order" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Result of “Mark paid”: 0 done, 1 failed" })).toBeVisible();
  await expect(results.locator(`li[data-number="${first.number}"]`)).toContainText("paid already");

  // Someone else, in another session, holds an order: its row changes without a reload.
  const colleague = new Api();
  await colleague.signIn("nils@nordlicht.test");
  await holdOrder(colleague, second, "Customer asked to wait");
  await expect(orderRow(page, second.number)).toHaveAttribute("data-status", "ON_HOLD");
  await expect(orderRow(page, second.number)).toContainText("Held: Customer asked to wait");
  // A new order matching the search appears by itself.
  const late = await placeOrder(shop, `Di ${token}`);
  await expect(orderRow(page, late.number)).toBeVisible();
  await expect(orderRow(page, late.number)).toContainText("Awaiting payment");
  await expect(page.getByTestId("orders-total")).toHaveText("4 orders");

  // Releasing in bulk works from the same bar (the order refused before is still selected: leave it out).
  await page.getByLabel(`Select order ${first.number}`).uncheck();
  await page.getByLabel(`Select order ${second.number}`).check();
  await bulk.getByRole("button", { name: "Release hold", exact: true }).click();
  await bulk.getByRole("button", { name: "Release hold: 1 order" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Result of “Release hold”: 1 done, 0 failed" })).toBeVisible();
  await expect(orderRow(page, second.number)).toHaveAttribute("data-status", "READY");
  for (const order of [first, second, late]) await cancelOrder(shop.api, order, "Test order");
});

test("a merchant never sees another merchant's orders, in the list or on the dashboard", async ({ page, newPage }) => {
  const nordlicht = await stockedShop("anna@nordlicht.test");
  const bergwerk = await stockedShop("berta@bergwerk.test");
  const token = unique("Twin");
  const annas = await placeOrder(nordlicht, `Anna Kundin ${token}`);

  await signIn(page, "anna@nordlicht.test");
  await expectLive(page);
  const ordersToday = await tileValue(page, "Orders today");

  const berta = await newPage();
  await signIn(berta, "berta@bergwerk.test");
  await expectLive(berta);
  const bertasToday = await tileValue(berta, "Orders today");

  // Berta's shop places an order for a customer of the same name; then Anna's shop places one.
  const bertas = await placeOrder(bergwerk, `Berta Kundin ${token}`);
  const annasLater = await placeOrder(nordlicht, `Anna Kundin2 ${token}`);
  await expect.poll(() => tileValue(page, "Orders today")).toBe(ordersToday + 1);
  await expect.poll(() => tileValue(berta, "Orders today")).toBe(bertasToday + 1);
  // Anna's recent orders are hers only (the newest is her later order, Berta's placed before it is absent).
  const recent = page.getByRole("table", { name: "Recent orders" });
  await expect(recent.locator("tbody tr").first()).toHaveAttribute("data-number", annasLater.number);
  await expect(recent).not.toContainText(bertas.number);

  // The lists, searched for the shared name, show each merchant only its own orders.
  await page.goto(`/orders?q=${token}`);
  await expect.poll(() => listedNumbers(page)).toEqual([annas.number, annasLater.number].sort());
  await berta.goto(`/orders?q=${token}`);
  await expect.poll(() => listedNumbers(berta)).toEqual([bertas.number]);
  // Order numbers carry the merchant's prefix: a search for Anna's number finds nothing for Berta.
  await berta.goto(`/orders?q=${encodeURIComponent(annas.number)}`);
  await expect(berta.getByText("No orders match.")).toBeVisible();

  // The operator sees both, and the merchant switcher narrows the list to one merchant.
  const operator = await newPage();
  await signIn(operator, "admin@packline.test");
  await operator.goto(`/orders?q=${token}`);
  await expect.poll(() => listedNumbers(operator)).toEqual([annas.number, annasLater.number, bertas.number].sort());
  await expect(ordersTable(operator).getByRole("columnheader", { name: "Merchant" })).toBeVisible();
  await operator.getByLabel("Merchant", { exact: true }).selectOption({ label: "M2 · Bergwerk Outdoor GmbH" });
  await expect.poll(() => listedNumbers(operator)).toEqual([bertas.number]);
  await operator.getByLabel("Merchant", { exact: true }).selectOption({ label: "All merchants" });

  await cancelOrder(nordlicht.api, annas, "Test order");
  await cancelOrder(nordlicht.api, annasLater, "Test order");
  await cancelOrder(bergwerk.api, bertas, "Test order");
});
