// A second warehouse: the phone form shows stock where the order ships from, not what all warehouses hold.
// It adds a warehouse for good (its code sorts after the demo's, so "the first active warehouse" stays the demo's).
import { Api, expect, expectLive, signIn, test } from "./fixtures";

test("the phone form shows the stock of the warehouse the order ships from, and the order keeps that warehouse", async ({ page }) => {
  const suffix = Date.now().toString(36).toUpperCase();
  const operator = new Api();
  await operator.signIn("admin@packline.test");
  const created = await operator.request<{ warehouseCreate: { warehouse: { id: string; code: string } | null; errors: unknown[] } }>(
    "mutation($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id code } errors { message } } }",
    { input: { code: `ZZ${suffix}`, name: "Außenlager Halle" } },
  );
  expect(created.warehouseCreate.errors).toEqual([]);
  const halle = created.warehouseCreate.warehouse!;

  // Anna's new product is in stock in Halle only.
  const anna = new Api();
  await anna.signIn("anna@nordlicht.test");
  const sku = `NL-HALLE-${suffix}`;
  const product = await anna.request<{ productCreate: { product: { id: string } | null; errors: unknown[] } }>(
    "mutation($input: ProductCreateInput!) { productCreate(input: $input) { product { id } errors { message } } }",
    { input: { sku, name: "Badesalz Halle" } },
  );
  expect(product.productCreate.errors).toEqual([]);
  const adjusted = await operator.request<{ stockAdjust: { errors: unknown[] } }>(
    "mutation($input: StockAdjustInput!) { stockAdjust(input: $input) { errors { message } } }",
    { input: { productId: product.productCreate.product!.id, warehouseId: halle.id, quantity: 7, reason: "ADJUSTMENT", note: "delivered to Halle" } },
  );
  expect(adjusted.stockAdjust.errors).toEqual([]);

  await signIn(page, "anna@nordlicht.test");
  await expectLive(page);
  await page.goto("/orders/new");
  const shipsFrom = page.getByLabel("Ships from");
  await expect(shipsFrom.locator("option:checked")).toHaveText(/^LEJ1 · /);
  const search = page.getByRole("combobox", { name: /Find product/ });
  await search.fill(sku);
  const hit = page.getByRole("listbox", { name: "Matching products" }).getByRole("option").filter({ hasText: sku });
  // Leipzig has none of it: an order from there would be backordered.
  await expect(hit).toContainText("0 available");

  await shipsFrom.selectOption(halle.id);
  await expect(hit).toContainText("7 available");
  await search.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel(`Quantity of ${sku}`)).toBeFocused();
  // The draft is made for Halle, and stays there.
  await expect(page.getByTestId("save-state")).toContainText(/Draft M1-\d+ saved/);
  await expect(shipsFrom).toBeDisabled();
  await expect(shipsFrom.locator("option:checked")).toHaveText(`${halle.code} · Außenlager Halle`);
  const draft = new URL(page.url()).searchParams.get("draft")!;
  await page.goto(`/orders/${encodeURIComponent(draft)}`);
  await expect(page.getByTestId("ships-from")).toHaveText(`${halle.code} · Außenlager Halle`);
});
