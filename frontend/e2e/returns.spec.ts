// Returns end to end against the real backend: an order is shipped and a return of it announced through the API
// (as the merchant's shop would), the warehouse takes the parcel in, photographs and grades its items; the
// merchant's returns list and the return's page follow it live, with the photo, and the merchant completes it.
import { Api, expect, expectLive, nav, screenshot, signIn, test } from "./fixtures";
import { mainUrl } from "./env";

const ERRORS = "errors { field code message }";
const ADDRESS = { name: "Erika Mustermann", line1: "Hauptstr. 5", postalCode: "04109", city: "Leipzig", country: "DE" };
// A 120 × 90 PNG: what an inspector's phone sends (the server decodes it; a name or a type proves nothing).
const PHOTO_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAHgAAABaCAIAAAD8YgW4AAABj0lEQVR42u3du21CQRSEYYNcERW4BNdiEVACAXItlEAF1OCQgCJcAKR3zzz+KcDBp9VYd/cce/d8/H2Q7bOHAGigCdBAA02ABpoADTTQBGigCdBAA02ABpoArZnP7X7098/NUeT6+8WJpjoI0I3Ql/sZ6EXKtdYD1dFpvR/BvdzPbdyLoI+HU/nRXlcdx8PplbvHenVH11oP/DJ8ax3PPfPBUljZY1+GbZU9/AneYz1/11FS2RKXSg2VrXJ7F1/ZWtekwdZy99Gpla148R9Z2aIvLHmVLf2UlWSt/mYYU9kGj7MZle3xCh5Q2U7jBtbWZnMdvpXtN0BjWtmWk0qOlW08EuZl7T17Z1TZ9kOOLpWdME1qUdk5Y7vi1lHz0cqVnTaILlvZgRP/mpUdu1qhZp28wyJV2eHLQjqVnb+VJVLZLetv49ZFe4azld210DlY2XWbs6+V/VYf6A2PNtAbWi8Tr166X3mu+esGQGdlx78H4UQDTYAGGmgCNNAEaKCBJkADTYAGGmgCNNAEaM38A5T9qB0R/qNEAAAAAElFTkSuQmCC";

function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toUpperCase();
}

async function ok<T>(api: Api, mutation: string, type: string, input: Record<string, unknown>, select = ""): Promise<T> {
  const data = await api.request<Record<string, T & { errors: unknown[] }>>(`mutation($i: ${type}!) { ${mutation}(input: $i) { ${select} ${ERRORS} } }`, { i: input });
  expect(data[mutation]!.errors, mutation).toEqual([]);
  return data[mutation]!;
}

interface Shipped {
  warehouseId: string;
  orderNumber: string;
  tracking: string;
  returnId: string;
  returnNumber: string;
  items: string[];
  sku: string;
}

/** Two units of a fresh product ordered, picked, packed and shipped; their return announced by the merchant (its
 * shop names the line by SKU). */
async function shippedAndAnnounced(operator: Api, anna: Api, floor: Api): Promise<Shipped> {
  const { warehouses } = await operator.request<{ warehouses: { id: string; code: string }[] }>("{ warehouses { id code } }");
  const warehouseId = warehouses.find((w) => w.code === "LEJ1")!.id;
  const sku = unique("E2E-RET-");
  const product = await ok<{ product: { id: string } }>(anna, "productCreate", "ProductCreateInput", { sku, name: "Retourentest Seife", weightGrams: 120 }, "product { id }");
  await ok(operator, "stockAdjust", "StockAdjustInput", { productId: product.product.id, warehouseId, quantity: 5, reason: "ADJUSTMENT", note: "returns e2e", locationCode: "A-03-05" });
  const placed = await ok<{ order: { id: string; number: string } }>(
    anna,
    "orderCreate",
    "OrderCreateInput",
    { lines: [{ productId: product.product.id, quantity: 2, unitPrice: "8.90" }], paymentMethod: "INVOICE", customer: { name: "Erika Mustermann", email: "erika@example.test" }, shippingAddress: ADDRESS, warehouseId },
    "order { id number }",
  );
  const made = await ok<{ picklist: { id: string } }>(operator, "picklistCreate", "PicklistCreateInput", { warehouseId, orderIds: [placed.order.id] }, "picklist { id }");
  await ok(floor, "picklistScan", "PicklistScanInput", { picklistId: made.picklist.id, code: "A-03-05" }, "picklist { id }");
  await ok(floor, "picklistScan", "PicklistScanInput", { picklistId: made.picklist.id, code: sku, quantity: 2 }, "picklist { id }");
  // The floor knows the order as a fulfillment order (no prices, no contacts).
  const { fulfillmentOrders } = await floor.request<{ fulfillmentOrders: { edges: { node: { id: string } }[] } }>(
    "query($n: String!) { fulfillmentOrders(filter: {number: $n}) { edges { node { id } } } }",
    { n: placed.order.number },
  );
  const packed = await ok<{ parcel: { id: string } }>(floor, "parcelCreate", "ParcelCreateInput", { orderId: fulfillmentOrders.edges[0]!.node.id }, "parcel { id }");
  const tracking = unique("00340434");
  await ok(floor, "shipmentCreate", "ShipmentCreateInput", { parcelId: packed.parcel.id, trackingNumber: tracking }, "parcel { id }");
  const announced = await ok<{ return: { id: string; number: string; items: { id: string }[] } }>(
    anna,
    "returnCreate",
    "ReturnCreateInput",
    { orderId: placed.order.id, lines: [{ code: sku, quantity: 2, reason: "DEFECTIVE", comment: "Lid cracked" }] },
    "return { id number items { id } }",
  );
  return { warehouseId, orderNumber: placed.order.number, tracking, returnId: announced.return.id, returnNumber: announced.return.number, items: announced.return.items.map((i) => i.id), sku };
}

async function uploadPhoto(token: string, itemId: string): Promise<void> {
  const response = await fetch(`${mainUrl}/uploads/return-items/${encodeURIComponent(itemId)}/photos`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "image/png" },
    body: Buffer.from(PHOTO_PNG, "base64"),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

test("the merchant follows a return live from the dock through inspection with photos, then completes it", async ({ page }) => {
  test.setTimeout(90_000);
  const operator = new Api();
  await operator.signIn("admin@packline.test");
  const anna = new Api();
  await anna.signIn("anna@nordlicht.test");
  const floor = new Api();
  const floorToken = await floor.signIn("warehouse@packline.test");
  const shipped = await shippedAndAnnounced(operator, anna, floor);

  // The merchant finds it in the returns list, announced …
  await signIn(page, "anna@nordlicht.test");
  await expectLive(page);
  await nav(page).getByRole("link", { name: "Returns" }).click();
  await expect(page.getByRole("heading", { name: "Returns", level: 1 })).toBeVisible();
  const row = page.locator(`tr[data-number="${shipped.returnNumber}"]`);
  await expect(row).toContainText("Announced");
  await expect(row).toContainText(shipped.orderNumber);
  await expect(row).toContainText("2 × Defective");

  // … and sees it arrive at the dock without reloading.
  await ok(floor, "returnReceive", "ReturnReceiveInput", { warehouseId: shipped.warehouseId, code: shipped.tracking }, "return { id }");
  await expect(row).toContainText("Received");

  await row.getByRole("link", { name: shipped.returnNumber }).click();
  await expect(page.getByRole("heading", { name: `Return ${shipped.returnNumber}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId("return-status")).toHaveText("Received");
  await expect(page.getByTestId("return-order")).toHaveText(shipped.orderNumber);
  await expect(page.getByTestId("return-inspected")).toHaveText("0 of 2");
  const items = page.getByRole("table", { name: "Returned items" });
  await expect(items.getByRole("row")).toHaveCount(3);
  await expect(items).toContainText("Lid cracked");

  // The inspector photographs the first item and grades it; the merchant's page shows both as they happen.
  await uploadPhoto(floorToken, shipped.items[0]!);
  const photo = page.getByRole("img", { name: `Photo 1 of ${shipped.sku}` });
  await expect(photo).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
  await ok(floor, "returnInspect", "ReturnInspectInput", { itemId: shipped.items[0], grade: "USED", feedback: "Crack in the lid, soap intact" }, "item { id }");
  const first = items.locator(`tr[data-item="${shipped.items[0]}"]`);
  await expect(first.getByTestId("grade-0")).toHaveText("Used");
  await expect(first).toContainText(/Back to merchant in batch RB-\d+/);
  await expect(first).toContainText("Crack in the lid, soap intact");
  await expect(page.getByTestId("return-inspected")).toHaveText("1 of 2");
  await expect(page.getByRole("button", { name: `Complete: ${shipped.returnNumber}` })).toHaveCount(0);

  await ok(floor, "returnInspect", "ReturnInspectInput", { itemId: shipped.items[1], grade: "NEW", locationCode: "A-03-05" }, "item { id }");
  await expect(page.getByTestId("return-status")).toHaveText("Inspected");
  await expect(items.locator(`tr[data-item="${shipped.items[1]}"]`)).toContainText("Restocked into bin A-03-05");
  // The merchant never sees what the warehouse alone may do, nor prices here.
  await expect(page.locator("main")).not.toContainText("8.90");
  await screenshot(page, "return-inspected");

  await page.getByRole("button", { name: `Complete: ${shipped.returnNumber}` }).click();
  await page.getByRole("group", { name: `Complete return ${shipped.returnNumber}?` }).getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Return ${shipped.returnNumber} completed.` })).toBeVisible();
  await expect(page.getByTestId("return-status")).toHaveText("Completed");

  // Back in the list, the completed return is found by its outcome.
  await page.getByRole("link", { name: "← All returns" }).click();
  await page.getByLabel("Outcome").selectOption("RETURN_TO_MERCHANT");
  await expect(page.locator(`tr[data-number="${shipped.returnNumber}"]`)).toContainText("Completed");
  await page.getByLabel("Outcome").selectOption("DISPOSE");
  await expect(page.locator(`tr[data-number="${shipped.returnNumber}"]`)).toHaveCount(0);
});
