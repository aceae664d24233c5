import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { Api, expect, expectLive, nav, screenshot, signIn, test } from "./fixtures";
import { repoRoot, screenshotsDir } from "./env";

const LAVENDER_EAN = "4006381333931";

function productRow(page: Page, sku: string) {
  return page.getByRole("table", { name: "Products" }).locator(`tr[data-sku="${sku}"]`);
}

async function figure(page: Page, sku: string, column: "On hand" | "Available" | "Incoming"): Promise<number> {
  const text = await productRow(page, sku).locator(`td[data-label="${column}"]`).innerText();
  return Number(text.replace(/[^\d-]/g, ""));
}

function reference(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e3)}`;
}

/** A delivery announced by a merchant's system through the API. */
async function announce(email: string, sku: string, quantity: number): Promise<string> {
  const api = new Api();
  await api.signIn(email);
  const data = await api.request<{ warehouses: { id: string }[]; products: { edges: { node: { id: string } }[] } }>(
    "query($s: String) { warehouses { id } products(filter: { search: $s }) { edges { node { id } } } }",
    { s: sku },
  );
  const ref = reference("API");
  const created = await api.request<{ inboundCreate: { errors: unknown[] } }>(
    "mutation($input: InboundCreateInput!) { inboundCreate(input: $input) { inbound { id } errors { message } } }",
    { input: { warehouseId: data.warehouses[0]!.id, reference: ref, lines: [{ productId: data.products.edges[0]!.node.id, expectedQuantity: quantity }] } },
  );
  expect(created.inboundCreate.errors).toEqual([]);
  return ref;
}

test("a warehouse user receives an inbound by scanning while the merchant's products page shows the stock rise live", async ({ page, newPage }) => {
  // Anna announces the delivery through the dashboard.
  await signIn(page, "anna@nordlicht.test");
  await nav(page).getByRole("link", { name: "Inbounds" }).click();
  await page.getByRole("link", { name: "Announce delivery" }).click();
  const ref = reference("PO");
  await page.getByLabel("Reference").fill(ref);
  await page.getByLabel("Product", { exact: true }).selectOption({ label: "NL-SOAP-LAV · Lavendel Seife 100 g" });
  await page.getByLabel("Quantity").fill("5");
  await page.getByRole("button", { name: "Announce", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Delivery ${ref}` })).toBeVisible();
  await expect(page.getByText("Announced", { exact: true })).toBeVisible();

  // ... and watches her products.
  await nav(page).getByRole("link", { name: "Products" }).click();
  await expectLive(page);
  await expect(productRow(page, "NL-SOAP-LAV")).toBeVisible();
  const before = { onHand: await figure(page, "NL-SOAP-LAV", "On hand"), available: await figure(page, "NL-SOAP-LAV", "Available"), incoming: await figure(page, "NL-SOAP-LAV", "Incoming") };
  expect(before.incoming).toBeGreaterThanOrEqual(5);
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  // The warehouse receives it with a scanner: the code and Enter, into the focused field.
  const warehouse = await newPage();
  await signIn(warehouse, "warehouse@packline.test");
  await nav(warehouse).getByRole("link", { name: "Inbounds" }).click();
  await expect(warehouse.getByLabel("Status")).toHaveValue("OPEN"); // the warehouse starts with what is still open
  await screenshot(warehouse, "inbounds");
  await warehouse.getByRole("link", { name: `Receive: ${ref}` }).click();
  const scan = warehouse.getByLabel("Scan barcode or SKU");
  await expect(scan).toBeFocused();
  for (let i = 0; i < 3; i += 1) await warehouse.keyboard.type(`${LAVENDER_EAN}\n`, { delay: 5 });
  await expect(warehouse.getByTestId("good-NL-SOAP-LAV")).toHaveValue("3");
  await expect(scan).toHaveValue("");
  await expect(scan).toBeFocused();

  // A wrong code is refused loudly, counts nothing, and the field is ready for the next scan.
  await warehouse.keyboard.type("9780201379624\n");
  await expect(warehouse.getByRole("alert")).toContainText("Unknown code 9780201379624.");
  await expect(scan).toHaveValue("");
  await expect(scan).toBeFocused();
  await expect(warehouse.getByTestId("good-NL-SOAP-LAV")).toHaveValue("3");
  await screenshot(warehouse, "receiving");

  // One more by SKU, one back with −, one marked damaged by hand.
  await warehouse.keyboard.type("nl-soap-lav\n");
  await expect(warehouse.getByTestId("good-NL-SOAP-LAV")).toHaveValue("4");
  await expect(warehouse.getByRole("alert")).toHaveCount(0);
  await warehouse.getByRole("button", { name: "One less NL-SOAP-LAV" }).click();
  await expect(warehouse.getByTestId("good-NL-SOAP-LAV")).toHaveValue("3");
  await expect(scan).toBeFocused();
  await warehouse.getByLabel("Damaged", { exact: true }).fill("1");
  await expect(warehouse.getByText("3 good, 1 damaged")).toBeVisible();
  await warehouse.getByLabel("Put away to bin").fill("A-04-05");
  await warehouse.getByRole("button", { name: "Book receipt" }).click();
  await expect(warehouse.getByText("Booked: 3 good, 1 damaged.")).toBeVisible();
  await expect(warehouse.getByRole("table", { name: "The delivery" }).locator('tr[data-sku="NL-SOAP-LAV"]')).toContainText("3");

  // Anna's page took the new figures in without a reload: 3 good units on hand and available, 1 damaged on
  // hand but blocked, 4 no longer incoming.
  await expect.poll(() => figure(page, "NL-SOAP-LAV", "On hand")).toBe(before.onHand + 4);
  await expect.poll(() => figure(page, "NL-SOAP-LAV", "Available")).toBe(before.available + 3);
  await expect.poll(() => figure(page, "NL-SOAP-LAV", "Incoming")).toBe(before.incoming - 4);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await screenshot(page, "products");
  mkdirSync(join(repoRoot, "docs", "screenshots"), { recursive: true });
  copyFileSync(join(screenshotsDir, "products.png"), join(repoRoot, "docs", "screenshots", "products.png"));

  // Closing the delivery shows what is missing and what was damaged.
  await warehouse.getByRole("link", { name: `← Delivery ${ref}` }).click();
  await warehouse.getByRole("button", { name: "Close delivery" }).click();
  await warehouse.getByRole("button", { name: "Confirm" }).click();
  await expect(warehouse.getByText(`Delivery ${ref} closed.`)).toBeVisible();
  const report = warehouse.getByRole("table", { name: "Discrepancy report" });
  await expect(report.locator('tr[data-sku="NL-SOAP-LAV"] td')).toHaveText([/NL-SOAP-LAV/, "5", "3", "1", /−1|-1/]);
  await screenshot(warehouse, "inbound-closed");
  await expect.poll(() => figure(page, "NL-SOAP-LAV", "Incoming")).toBe(before.incoming - 5);
});

test("the warehouse adjusts stock in a dialog; the product's ledger shows it first", async ({ page, consoleGuard }) => {
  // Chromium's built-in PDF viewer reports a 404 for a request of its own on the PDF's page (the PDF itself loads
  // with 200; checked by hand against the API).
  consoleGuard.allow(/on http:\/\/[^ ]+\/documents\/labels\/\S+: Failed to load resource: the server responded with a status of 404/);
  await signIn(page, "warehouse@packline.test");
  await nav(page).getByRole("link", { name: "Products" }).click();
  await expect(page.getByRole("button", { name: "Import CSV" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "New product" })).toHaveCount(0);
  await page.getByRole("link", { name: "NL-CREAM-50" }).click();
  await expect(page.getByRole("heading", { name: "NL-CREAM-50 · Gesichtscreme 50 ml" })).toBeVisible();
  const onHand = Number((await page.getByTestId("total-onHand").innerText()).replace(/\D/g, ""));

  await page.getByRole("button", { name: "Adjust stock" }).click();
  const dialog = page.getByRole("dialog", { name: "Adjust stock of NL-CREAM-50" });
  await expect(dialog.getByLabel("Quantity")).toBeFocused();
  await dialog.getByLabel("Quantity").fill("-2");
  await dialog.getByLabel("Reason").selectOption({ label: "Damage" });
  await dialog.getByRole("button", { name: "Book adjustment" }).click();
  await expect(dialog.getByLabel("Note")).toHaveAttribute("aria-invalid", "true"); // the ledger needs a why
  await expect(dialog.getByText("Say why")).toBeVisible();
  await dialog.getByLabel("Note").fill("dropped two jars");
  await screenshot(page, "adjust-dialog");
  await dialog.getByRole("button", { name: "Book adjustment" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Stock of NL-CREAM-50 adjusted by -2.")).toBeVisible();
  await expect(page.getByTestId("total-onHand")).toHaveText(String(onHand - 2));
  const newest = page.getByRole("table", { name: "Stock movements" }).getByRole("row").nth(1);
  await expect(newest).toContainText("Damage");
  await expect(newest).toContainText("-2");
  await expect(newest).toContainText("dropped two jars");
  await expect(newest).toContainText("warehouse@packline.test");
  await screenshot(page, "product-detail");

  // Labels: the button opens the PDF's short-lived link in a new tab.
  const popup = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Print labels" }).click();
  const labels = await popup;
  await expect.poll(() => labels.url()).toMatch(/\/documents\/labels\/[^/]+$/);
  await labels.close();

  // Moving between bins: the source lists the bins that hold the product.
  await page.getByRole("button", { name: "Move between bins" }).click();
  const move = page.getByRole("dialog", { name: "Move NL-CREAM-50 between bins" });
  await move.getByLabel("From bin").selectOption("A-01-03");
  await move.getByLabel("To bin").fill("a-02-01");
  await move.getByLabel("Quantity").fill("3");
  await move.getByRole("button", { name: "Move", exact: true }).click();
  await expect(move).toBeHidden();
  await expect(page.getByText("3 × NL-CREAM-50 moved from A-01-03 to A-02-01.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Bins" })).toContainText("A-02-01 3");
  await expect(page.getByTestId("total-onHand")).toHaveText(String(onHand - 2));

  // Escape closes a dialog, and the keyboard is back on the button that opened it.
  await page.getByRole("button", { name: "Count a bin" }).click();
  await expect(page.getByRole("dialog", { name: "Count NL-CREAM-50 in a bin" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Count a bin" })).toBeFocused();

  // The warehouse may not create products: the address alone shows a refusal.
  await page.goto("/products/new");
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
});

test("merchant staff edit products but cannot touch stock or receive; low and out of stock stand out", async ({ page }) => {
  await signIn(page, "nils@nordlicht.test");
  await nav(page).getByRole("link", { name: "Products" }).click();
  await expect(page.getByRole("link", { name: "New product" })).toBeVisible();
  await expect(productRow(page, "NL-OIL-BODY")).toContainText("Out of stock");
  await expect(productRow(page, "NL-OIL-BODY")).toHaveClass(/row--out/);
  await page.getByLabel("Stock", { exact: true }).selectOption({ label: "Out of stock" });
  const rows = page.getByRole("table", { name: "Products" }).locator("tbody tr");
  await expect(rows.filter({ hasNotText: "Out of stock" })).toHaveCount(0);
  await expect(rows.filter({ hasText: "NL-OIL-BODY" })).toHaveCount(1);
  await page.getByLabel("Stock", { exact: true }).selectOption({ label: "All" });

  // A new product: the API checks the barcode's check digit, and says so next to the field.
  await page.getByRole("link", { name: "New product" }).click();
  const sku = reference("NL-NEW").toUpperCase();
  await page.getByLabel("SKU").fill(sku);
  await page.getByLabel("Name").fill("Neue Seife");
  await page.getByLabel("Barcode (EAN)").fill("4006381333932");
  await page.getByRole("button", { name: "New product" }).click();
  await expect(page.getByLabel("Barcode (EAN)")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Barcode (EAN)").fill("");
  await page.getByRole("button", { name: "New product" }).click();
  await expect(page.getByText("Product saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: `${sku} · Neue Seife` })).toBeVisible();
  await expect(page.getByText("Out of stock", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "← All products" }).click();

  await page.getByRole("link", { name: "NL-SOAP-ROS" }).click();
  await expect(page.getByRole("heading", { name: /NL-SOAP-ROS/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Adjust stock" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Move between bins" })).toHaveCount(0);
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Low-stock threshold").fill("30");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Product saved.")).toBeVisible();
  await expect(page.getByText("Low stock", { exact: true })).toBeVisible();
  await page.goto("/inbounds/SW5ib3VuZDox/receive");
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
});

test("a CSV import with bad rows names each one by its line and imports nothing", async ({ page }) => {
  await signIn(page, "anna@nordlicht.test");
  await nav(page).getByRole("link", { name: "Products" }).click();
  await page.getByRole("button", { name: "Import CSV" }).click();
  const sku = reference("NL-CSV").toUpperCase();
  const csv = ["sku,name,barcode,weight_grams", `${sku}-A,Good row,,120`, `${sku}-B,,,100`, `${sku}-C,Bad barcode,4006381333932,90`, `${sku}-D,Heavy,,-5`].join("\n");
  await page.getByLabel("or paste the CSV").fill(csv);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const errors = page.getByRole("table", { name: "Import errors" });
  await expect(errors).toBeVisible();
  await expect(errors.locator("tbody tr").first()).toContainText("Line 3");
  await expect(errors.locator('tr[data-line="3"]')).toContainText("name");
  await expect(errors.locator('tr[data-line="4"]')).toContainText("barcode");
  await expect(errors.locator('tr[data-line="5"]')).toContainText("weight");
  await expect(page.getByRole("alert").filter({ hasText: "nothing was imported" })).toBeVisible();
  await screenshot(page, "products-import-errors");
  await page.getByLabel("Search").fill(sku);
  await expect(page.getByText("No products match.")).toBeVisible();

  await page.getByLabel("or paste the CSV").fill(["sku,name", `${sku}-A,Good row`, `${sku}-B,Second row`].join("\n"));
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Imported: 2 created, 0 updated.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Products" }).locator("tbody tr")).toHaveCount(2);
});

test("the receiving screen works on a 360 px phone", async ({ newPage }) => {
  const ref = await announce("berta@bergwerk.test", "BW-TENT-2P", 2);
  const page = await newPage({ viewport: { width: 360, height: 740 } });
  await signIn(page, "warehouse@packline.test");
  await page.getByRole("button", { name: "Menu" }).click();
  await nav(page).getByRole("link", { name: "Inbounds" }).click();
  await page.getByRole("link", { name: `Receive: ${ref}` }).click();
  const scan = page.getByLabel("Scan barcode or SKU");
  await expect(scan).toBeFocused();
  await page.keyboard.type("9780201379624\n");
  await expect(page.getByRole("alert")).toContainText("Unknown code 9780201379624.");
  await page.keyboard.type("BW-TENT-2P\n");
  await expect(page.getByTestId("good-BW-TENT-2P")).toHaveValue("1");
  await page.getByRole("button", { name: "One more BW-TENT-2P" }).click();
  await expect(page.getByTestId("good-BW-TENT-2P")).toHaveValue("2");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, "receiving-phone");
  await page.getByRole("button", { name: "Book receipt" }).click();
  await expect(page.getByText("Booked: 2 good, 0 damaged.")).toBeVisible();
  await expect(page.getByText("Received", { exact: true }).first()).toBeVisible();
});

test("a product page shows its family's size × colour grid, live; a cell opens its variant, a variant is added", async ({ page }) => {
  await signIn(page, "berta@bergwerk.test");
  await page.goto("/products?q=BW-TEE-M-NVY");
  await page.getByRole("link", { name: "BW-TEE-M-NVY" }).click();
  await expect(page.getByRole("heading", { name: "BW-TEE-M-NVY · Merino-T-Shirt Herren M Navy" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Family: Merino-T-Shirt Herren" })).toBeVisible();
  await expect(page.getByText("BW-TEE · 12 variants")).toBeVisible();

  // Sizes small to large down, colours across, what each variant has available in the cells; this one is marked.
  const grid = page.getByRole("table", { name: "Available by size and colour" });
  await expect(grid.locator("thead th")).toHaveText(["Size", "Navy", "Rot", "Schwarz", "Total"]);
  await expect(grid.locator("tbody th")).toHaveText(["S", "M", "L", "XL", "Total"]);
  const cell = (size: string, colour: string) => grid.locator(`td[data-size="${size}"][data-colour="${colour}"]`);
  await expect(cell("M", "Navy").getByRole("link")).toHaveAttribute("aria-current", "page");
  await expect(cell("L", "Rot")).toHaveClass(/variant-cell--out/);
  const amount = async (size: string, colour: string) => Number((await cell(size, colour).innerText()).replace(/\D/g, ""));
  const before = await amount("L", "Rot");
  const total = Number((await page.getByTestId("variant-grid-total").innerText()).replace(/\D/g, ""));
  await screenshot(page, "product-family");

  // The warehouse books units of another variant: the grid shows them without a reload.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const warehouse = new Api();
  await warehouse.signIn("warehouse@packline.test");
  const found = await warehouse.request<{ warehouses: { id: string }[]; products: { edges: { node: { id: string; sku: string } }[] } }>(
    "query { warehouses { id } products(filter: { search: \"BW-TEE-L-RED\" }) { edges { node { id sku } } } }",
  );
  const red = found.products.edges.map((e) => e.node).find((p) => p.sku === "BW-TEE-L-RED")!;
  const booked = await warehouse.request<{ stockAdjust: { errors: unknown[] } }>(
    "mutation($input: StockAdjustInput!) { stockAdjust(input: $input) { errors { message } } }",
    { input: { productId: red.id, warehouseId: found.warehouses[0]!.id, quantity: 5, reason: "ADJUSTMENT", note: "found a box", locationCode: "A-04-03" } },
  );
  expect(booked.stockAdjust.errors).toEqual([]);
  await expect.poll(() => amount("L", "Rot")).toBe(before + 5);
  await expect(cell("L", "Rot")).not.toHaveClass(/variant-cell--out/);
  await expect(page.getByTestId("variant-grid-total")).toHaveText(String(total + 5));
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // A cell opens its variant, which the grid then marks.
  await cell("L", "Rot").getByRole("link").click();
  await expect(page.getByRole("heading", { name: "BW-TEE-L-RED · Merino-T-Shirt Herren L Rot" })).toBeVisible();
  await expect(cell("L", "Rot").getByRole("link")).toHaveAttribute("aria-current", "page");

  // What the variants share is edited once, for all of them.
  await page.getByRole("button", { name: "Edit family" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit family Merino-T-Shirt Herren" });
  await dialog.getByLabel("Country of origin").fill("1T");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByLabel("Country of origin")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("Country of origin").fill("it");
  await dialog.getByLabel("Description").fill("Funktionsshirt aus Merinowolle.\nJetzt aus Italien.");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Family saved.")).toBeVisible();
  await expect(page.getByText("Jetzt aus Italien.")).toBeVisible();
  await expect(page.locator(".family-card dd").filter({ hasText: /^IT$/ })).toBeVisible();

  // A new size: a variant without a name of its own is named after the family, its size and colour.
  await page.getByRole("link", { name: "Add variant" }).click();
  await expect(page.getByRole("heading", { name: "Add variant", level: 1 })).toBeVisible();
  await expect(page.getByText("A variant of Merino-T-Shirt Herren (BW-TEE)")).toBeVisible();
  await expect(page.getByLabel("Customs tariff number")).toHaveCount(0);
  const sku = reference("BW-TEE-XXL").toUpperCase();
  await page.getByLabel("SKU").fill(sku);
  await page.getByLabel("Size").fill("XXL");
  await page.getByLabel("Colour").fill("navy");
  await page.getByRole("button", { name: "New product" }).click();
  await expect(page.getByRole("heading", { name: `${sku} · Merino-T-Shirt Herren XXL navy` })).toBeVisible();
  await expect(grid.locator("tbody th")).toHaveText(["S", "M", "L", "XL", "XXL", "Total"]);
  await expect(cell("XXL", "Navy").getByRole("link")).toHaveAttribute("aria-current", "page");
  await expect(cell("XXL", "Rot")).toHaveText("—");
});
