// The warehouse floor end to end against the real backend: an order is placed through the API (as the merchant's
// shop would) and put on a picklist; a picker on a 360 px phone picks it in the picker app by typed scans; a packer
// at the desk finds it by its tote, verifies each item by typed scans, packs it and ships it with a typed tracking
// number, while the merchant's order page in another browser follows it live to SHIPPED with the tracking number.
import type { Page } from "@playwright/test";
import { Api, expect, expectLive, screenshot, signIn, test } from "./fixtures";

const ERRORS = "errors { field code message }";
const ADDRESS = { name: "Erika Mustermann", line1: "Hauptstr. 5", postalCode: "04109", city: "Leipzig", country: "DE" };
const TRACKING = "00340434161094042557";

function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toUpperCase();
}

/** A valid EAN-13 (the API verifies the check digit). */
function ean13(first12: string): string {
  const sum = [...first12].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 ? 3 : 1), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}

async function ok<T>(api: Api, mutation: string, type: string, input: Record<string, unknown>, select = ""): Promise<T> {
  const data = await api.request<Record<string, T & { errors: unknown[] }>>(`mutation($i: ${type}!) { ${mutation}(input: $i) { ${select} ${ERRORS} } }`, { i: input });
  expect(data[mutation]!.errors, mutation).toEqual([]);
  return data[mutation]!;
}

interface Setup {
  order: { id: string; number: string };
  picklist: string;
  tote: number;
  soap: { sku: string; barcode: string };
  cream: { sku: string };
  boxCode: string;
}

/** Two fresh products in stock, an order of 2 + 1 units, a box, and the order on a picklist, waiting for a picker. */
async function orderOnPicklist(): Promise<Setup> {
  const operator = new Api();
  await operator.signIn("admin@packline.test");
  const anna = new Api();
  await anna.signIn("anna@nordlicht.test");
  const { warehouses } = await operator.request<{ warehouses: { id: string; code: string }[] }>("{ warehouses { id code } }");
  const warehouseId = warehouses.find((w) => w.code === "LEJ1")!.id;
  const boxCode = unique("BOX").slice(0, 20);
  await ok(operator, "packageTypeCreate", "PackageTypeCreateInput", { warehouseId, code: boxCode, name: "Karton S", lengthMm: 250, widthMm: 175, heightMm: 100, tareGrams: 150 }, "packageType { id }");

  const products: { id: string; sku: string; barcode: string }[] = [];
  for (const [index, bin] of ["A-04-04", "A-04-05"].entries()) {
    const sku = unique(`E2E-PACK-${index}-`);
    const barcode = ean13(`42${String(Date.now()).slice(-9)}${index}`);
    const created = await ok<{ product: { id: string } }>(anna, "productCreate", "ProductCreateInput", { sku, name: `Packtest ${index}`, barcode, weightGrams: 100 + index * 50 }, "product { id }");
    await ok(operator, "stockAdjust", "StockAdjustInput", { productId: created.product.id, warehouseId, quantity: 5, reason: "ADJUSTMENT", note: "packing e2e", locationCode: bin });
    products.push({ id: created.product.id, sku, barcode });
  }
  const placed = await ok<{ order: { id: string; number: string; status: string } }>(
    anna,
    "orderCreate",
    "OrderCreateInput",
    {
      lines: [
        { productId: products[0]!.id, quantity: 2, unitPrice: "6.90" },
        { productId: products[1]!.id, quantity: 1, unitPrice: "24.50" },
      ],
      paymentMethod: "INVOICE",
      customer: { name: "Erika Mustermann", email: "erika@example.test" },
      shippingAddress: ADDRESS,
      warehouseId,
    },
    "order { id number status }",
  );
  expect(placed.order.status).toBe("READY");

  // A supervisor puts it on a picklist of its own.
  const made = await ok<{ picklist: { id: string; number: string; orders: { tote: number; orderNumber: string }[] } }>(
    operator,
    "picklistCreate",
    "PicklistCreateInput",
    { warehouseId, orderIds: [placed.order.id] },
    "picklist { id number orders { tote orderNumber } }",
  );
  const picklist = made.picklist;
  const tote = picklist.orders.find((o) => o.orderNumber === placed.order.number)!.tote;
  return { order: placed.order, picklist: picklist.number, tote, soap: products[0]!, cream: products[1]!, boxCode };
}

/** The picker app on a phone: start the picklist, then each line's bin and its units by SKU, typed as a wedge
 * scanner types them. */
async function pickOnPhone(picker: Page, setup: Setup): Promise<void> {
  const scan = async (code: string) => {
    await picker.keyboard.type(code);
    await picker.keyboard.press("Enter");
  };
  await signIn(picker, "warehouse@packline.test");
  await picker.goto("/pick");
  await picker.getByRole("button", { name: `Start ${setup.picklist}` }).click();
  await expect(picker.getByRole("heading", { name: `Picking ${setup.picklist}`, level: 1 })).toBeVisible();
  await expect(picker.getByLabel("Scan a bin, barcode or SKU")).toBeFocused();
  for (let done = 0; done < 2; done += 1) {
    const card = picker.getByRole("article", { name: "What to pick now" });
    await expect(card).toHaveAttribute("data-step", "bin");
    await scan(await picker.getByTestId("pick-bin").innerText());
    await expect(card).toHaveAttribute("data-step", "product");
    const sku = await picker.getByTestId("pick-sku").innerText();
    const units = Number(await picker.getByTestId("pick-remaining").innerText());
    for (let unit = 0; unit < units; unit += 1) await scan(sku);
    await expect(picker.getByTestId("pick-progress")).toContainText(`${done + 1} / 2 lines`);
  }
  await expect(picker.getByTestId("pick-done")).toContainText("2 lines, 3 units picked, 0 short.");
  await expect(picker.locator("main")).not.toContainText(/6[.,]90|24[.,]50|erika@example/);
}

test("a picker picks on a phone, a packer verifies, packs and ships, and the merchant's order page shows it shipped with its tracking number, live", async ({ page, newPage }) => {
  test.setTimeout(120_000);
  const setup = await orderOnPicklist();

  // The merchant watches the order's page in one browser …
  await signIn(page, "anna@nordlicht.test");
  await expectLive(page);
  await page.goto(`/orders/${encodeURIComponent(setup.order.id)}`);
  await expect(page.getByTestId("order-status")).toHaveText("Ready");

  // … a picker picks it on a 360 px phone, and the merchant's page follows …
  await pickOnPhone(await newPage({ viewport: { width: 360, height: 740 } }), setup);
  await expect(page.getByTestId("order-status")).toHaveText("Picking");

  // … the packer works at the desk in another.
  const desk = await newPage();
  await signIn(desk, "warehouse@packline.test");
  await expectLive(desk);
  await desk.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Packing" }).click();
  await expect(desk.getByRole("heading", { name: "Packing station", level: 1 })).toBeVisible();
  const lookup = desk.getByLabel("Order number or tote");
  await expect(lookup).toBeFocused();
  await lookup.fill(`${setup.picklist}/${setup.tote}`);
  await lookup.press("Enter");
  await expect(desk.getByRole("heading", { name: `Pack ${setup.order.number}`, level: 1 })).toBeVisible();
  await expect(desk).toHaveURL(new RegExp(`[?&]order=${setup.order.number}`));
  // The floor sees what to pack and where it goes, never prices or the customer's contacts.
  await expect(desk.locator("main")).not.toContainText("6.90");
  await expect(desk.locator("main")).not.toContainText("erika@example.test");

  const scan = desk.getByLabel("Scan item (barcode or SKU)");
  await expect(scan).toBeFocused();
  const lines = desk.getByRole("table", { name: "Picked lines" });
  const soapRow = lines.locator(`tr[data-sku="${setup.soap.sku}"]`);
  await expect(soapRow.getByTestId(`left-${setup.soap.sku}`)).toHaveText("2");

  // A product of another order is refused: nothing counted, the field ready for the next scan.
  await scan.fill("BW-TENT-2P");
  await scan.press("Enter");
  await expect(desk.getByRole("alert")).toContainText(`Wrong item: BW-TENT-2P is not in order ${setup.order.number}`);
  await expect(scan).toHaveValue("");
  await expect(scan).toBeFocused();

  // The soap by its barcode twice; a third one is one too many.
  for (let i = 0; i < 2; i++) {
    await scan.fill(setup.soap.barcode);
    await scan.press("Enter");
  }
  await expect(soapRow.getByTestId(`verified-${setup.soap.sku}`)).toHaveText("2");
  await expect(soapRow.getByTestId(`left-${setup.soap.sku}`)).toHaveText("0");
  await scan.fill(setup.soap.barcode);
  await scan.press("Enter");
  await expect(desk.getByRole("alert")).toContainText(`One too many: ${setup.soap.sku} has 2 to pack`);
  await expect(soapRow.getByTestId(`verified-${setup.soap.sku}`)).toHaveText("2");
  // The cream by its SKU, typed in lower case.
  await scan.fill(setup.cream.sku.toLowerCase());
  await scan.press("Enter");
  await expect(desk.getByRole("status").filter({ hasText: `${setup.cream.sku} in the parcel` })).toBeVisible();

  // The box; the weight is worked out (2 × 100 g + 150 g + 150 g box) unless typed.
  const parcelForm = desk.getByRole("form", { name: "New parcel" });
  await parcelForm.getByLabel("Package type").selectOption(setup.boxCode);
  await expect(parcelForm.getByText("Leave empty for 500 g")).toBeVisible();
  await expect(parcelForm.getByText("All 3 items verified.")).toBeVisible();
  await parcelForm.getByRole("button", { name: "Pack 3 items" }).click();
  await expect(desk.getByRole("status").filter({ hasText: /Parcel P-\d+ packed with 3 items/ })).toBeVisible();
  const parcel = desk.getByRole("list", { name: "Parcels of this order" }).getByRole("listitem");
  await expect(parcel).toHaveCount(1);
  await expect(parcel).toContainText("Packed");
  await expect(parcel).toContainText("500 g");
  await expect(parcel).toContainText(`2 × ${setup.soap.sku}, 1 × ${setup.cream.sku}`);
  await expect(desk.getByTestId("order-status")).toHaveText("Packed");
  // The merchant's page has followed along.
  await expect(page.getByTestId("order-status")).toHaveText("Packed");

  // The scale says more than the products and the box: the parcel is changed before it ships.
  await parcel.getByText("Change box or weight").click();
  const repack = parcel.getByRole("form", { name: /^Change parcel P-\d+$/ });
  await repack.getByLabel("Weight").fill("0,62 kg");
  await repack.getByRole("button", { name: "Save parcel" }).click();
  await expect(parcel).toContainText("620 g");

  // Shipping without the label's number is refused at the field; with it, the parcel leaves.
  const shipForm = parcel.getByRole("form", { name: /^Ship parcel P-\d+$/ });
  await shipForm.getByRole("button", { name: "Ship" }).click();
  await expect(shipForm.getByText("Type the label's tracking number")).toBeVisible();
  await expect(shipForm.getByLabel("Tracking number")).toHaveAttribute("aria-invalid", "true");
  await shipForm.getByLabel("Tracking number").fill(TRACKING);
  await shipForm.getByLabel("Tracking address (optional)").fill(`https://tracking.example/${TRACKING}`);
  await screenshot(desk, "packing-station");
  await shipForm.getByRole("button", { name: "Ship" }).click();
  await expect(parcel).toContainText("Shipped");
  await expect(parcel.getByTestId("tracking-number")).toContainText(TRACKING);
  await expect(desk.getByTestId("order-status")).toHaveText("Shipped");

  // The delivery note for the box opens as a PDF in a new tab, through a signed link the API just issued.
  const [note] = await Promise.all([
    desk.context().waitForEvent("response", (r) => r.url().includes("/documents/orders/")),
    parcel.getByRole("group", { name: /^Papers of P-\d+$/ }).getByRole("button", { name: "Delivery note", exact: true }).click(),
  ]);
  expect(note.status()).toBe(200);
  expect(note.headers()["content-type"]).toContain("application/pdf");

  // The merchant's page, never reloaded: shipped, with the tracking number as a link to the carrier's page.
  await expect(page.getByTestId("order-status")).toHaveText("Shipped");
  const tracking = page.getByRole("list", { name: "Parcels and tracking" }).getByTestId("tracking-number").getByRole("link", { name: TRACKING });
  await expect(tracking).toHaveAttribute("href", `https://tracking.example/${TRACKING}`);
  await expect(page.getByRole("list", { name: "Parcels and tracking" })).toContainText(`2 × ${setup.soap.sku}`);
  await screenshot(page, "order-shipped");

  // The orders list's Shipped filter finds it, with its tracking number.
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Orders", exact: true }).click();
  await page.getByRole("button", { name: "Shipped" }).click();
  await expect(page).toHaveURL(/status=PARTIALLY_SHIPPED&status=SHIPPED&status=DELIVERED/);
  const row = page.locator(`tr[data-number="${setup.order.number}"]`);
  await expect(row.getByTestId("list-tracking")).toHaveText(TRACKING);
  await expect(page.locator("tr[data-status]:not([data-status='SHIPPED']):not([data-status='PARTIALLY_SHIPPED']):not([data-status='DELIVERED'])")).toHaveCount(0);
});

test("an order number the floor may not pack is answered clearly", async ({ page }) => {
  await signIn(page, "warehouse@packline.test");
  await page.goto("/packing");
  const lookup = page.getByLabel("Order number or tote");
  await lookup.fill("M1-999999");
  await lookup.press("Enter");
  await expect(page.getByRole("alert")).toContainText("No order M1-999999 to pack here.");
  await lookup.fill("PL-999999/1");
  await lookup.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "No order in tote 1 of picklist PL-999999." })).toBeVisible();
});
