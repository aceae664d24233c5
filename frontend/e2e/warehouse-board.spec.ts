// The warehouse board on the wall screen, against the real backend: a fresh warehouse of its own (so the demo's
// traffic does not move its figures), an order placed by a merchant's system and a picklist started by the floor
// through the GraphQL API while the board watches; the figures change live, without a reload.
import type { Page } from "@playwright/test";
import { Api, expect, expectLive, nav, screenshot, signIn, test } from "./fixtures";

const ERRORS = "errors { field code message }";
const ADDRESS = { name: "Erika Mustermann", line1: "Hauptstr. 5", postalCode: "10115", city: "Berlin", country: "DE" };

function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e3)}`.toUpperCase();
}

interface Floor {
  code: string;
  warehouseId: string;
  productId: string;
}

/** A warehouse with a bin, the MANUAL carrier's cut-off and a merchant's product in stock there. */
async function freshWarehouse(): Promise<Floor> {
  const admin = new Api();
  await admin.signIn("admin@packline.test");
  const code = unique("B").slice(0, 12);
  const created = await admin.request<{ warehouseCreate: { warehouse: { id: string } | null; errors: unknown[] } }>(
    `mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { warehouse { id } ${ERRORS} } }`,
    { i: { code, name: `Board ${code}`, timezone: "Europe/Berlin" } },
  );
  expect(created.warehouseCreate.errors).toEqual([]);
  const warehouseId = created.warehouseCreate.warehouse!.id;
  const cutoff = await admin.request<{ carrierCutoffSet: { errors: unknown[] } }>(
    `mutation($i: CarrierCutoffSetInput!) { carrierCutoffSet(input: $i) { carrierCutoff { carrier } ${ERRORS} } }`,
    { i: { warehouseId, carrier: "MANUAL", cutoffLocalTime: "16:00" } },
  );
  expect(cutoff.carrierCutoffSet.errors).toEqual([]);
  const merchant = new Api();
  await merchant.signIn("anna@nordlicht.test");
  const sku = unique("E2E-BOARD-");
  const product = await merchant.request<{ productCreate: { product: { id: string } | null; errors: unknown[] } }>(
    `mutation($i: ProductCreateInput!) { productCreate(input: $i) { product { id } ${ERRORS} } }`,
    { i: { sku, name: `Board test ${sku}` } },
  );
  expect(product.productCreate.errors).toEqual([]);
  const productId = product.productCreate.product!.id;
  const adjusted = await admin.request<{ stockAdjust: { errors: unknown[] } }>(
    `mutation($i: StockAdjustInput!) { stockAdjust(input: $i) { ${ERRORS} } }`,
    { i: { productId, warehouseId, quantity: 20, reason: "ADJUSTMENT", note: "board e2e" } },
  );
  expect(adjusted.stockAdjust.errors).toEqual([]);
  return { code, warehouseId, productId };
}

function figure(page: Page, label: string) {
  return page.getByRole("group", { name: label, exact: true }).locator(".board-figure-value");
}

test("the warehouse board shows an order arrive and its picking start, live", async ({ page }) => {
  const floor = await freshWarehouse();
  await signIn(page, "warehouse@packline.test");
  await nav(page).getByRole("link", { name: "Warehouse board" }).click();
  await page.goto(`/warehouse/board?warehouse=${floor.code}`);
  await expectLive(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Warehouse board · Board ${floor.code}`);
  await expect(figure(page, "Ready to pick")).toHaveText("0");
  await expect(figure(page, "Picking")).toHaveText("0");
  const manual = page.getByRole("table", { name: "Carrier cut-offs" }).getByRole("row", { name: /MANUAL/ });
  await expect(manual).toContainText("16:00");
  await expect(manual.locator(".board-countdown")).toHaveText(/^\d+:\d\d(:\d\d)?$/);

  // The merchant's shop system places an order for this warehouse.
  const shop = new Api();
  await shop.signIn("anna@nordlicht.test");
  const placed = await shop.request<{ orderCreate: { order: { id: string; status: string } | null; errors: unknown[] } }>(
    `mutation($i: OrderCreateInput!) { orderCreate(input: $i) { order { id status } ${ERRORS} } }`,
    { i: { lines: [{ productId: floor.productId, quantity: 2, unitPrice: "9.90" }], paymentMethod: "INVOICE",
           customer: { name: "Erika Mustermann" }, shippingAddress: ADDRESS, warehouseId: floor.warehouseId } },
  );
  expect(placed.orderCreate.order?.status).toBe("READY");
  await expect(figure(page, "Ready to pick")).toHaveText("1");
  await expect(manual.locator(".board-left")).toHaveText("1");

  // A colleague on the floor makes a picklist and starts it.
  const picker = new Api();
  await picker.signIn("warehouse@packline.test");
  const made = await picker.request<{ picklistCreate: { picklist: { id: string } | null; errors: unknown[] } }>(
    `mutation($i: PicklistCreateInput!) { picklistCreate(input: $i) { picklist { id } ${ERRORS} } }`,
    { i: { warehouseId: floor.warehouseId, orderIds: [placed.orderCreate.order!.id] } },
  );
  expect(made.picklistCreate.errors).toEqual([]);
  const started = await picker.request<{ picklistStart: { errors: unknown[] } }>(
    `mutation($i: PicklistStartInput!) { picklistStart(input: $i) { ${ERRORS} } }`,
    { i: { picklistId: made.picklistCreate.picklist!.id } },
  );
  expect(started.picklistStart.errors).toEqual([]);
  await expect(figure(page, "Picking")).toHaveText("1");
  await expect(figure(page, "Ready to pick")).toHaveText("0");
  await expect(page.getByRole("group", { name: "Picking", exact: true })).toContainText("2 units to pick");
  await screenshot(page, "warehouse-board");
});

test("a merchant has no warehouse board", async ({ page }) => {
  await signIn(page, "anna@nordlicht.test");
  await expect(nav(page).getByRole("link", { name: "Warehouse board" })).toHaveCount(0);
  await page.goto("/warehouse/board");
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
});
