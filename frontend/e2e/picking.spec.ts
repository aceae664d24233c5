import type { Page } from "@playwright/test";
import { Api, expect, screenshot, signIn, test } from "./fixtures";
import { englishMatchers, untranslated } from "./untranslated";

// The warehouse floor's first half: an operator makes a picklist by rule, a picker on a phone picks it whole by
// typing scans as a keyboard-wedge scanner would (bins, then EANs or SKUs), a wrong scan is refused with a message
// and changes nothing, and the picklist ends PICKED with its orders' lines picked, waiting for packing.

const PHONE = { width: 360, height: 740 };
// Bergwerk's products (seeded with stock in bins A-03-xx and beyond); the socks are scanned by EAN, the rest by SKU.
const SOCKS = "BW-SOCKS-42";
const BOTTLE = "BW-BOTTLE-1L";
const HEADLAMP = "BW-HEADLAMP";
const OTHER_BIN = "A-01-01"; // a real bin of the warehouse, holding Nordlicht's soap: never on this picklist

interface Placed {
  id: string;
  number: string;
}

/** Two released next-day orders of Bergwerk, placed through the API as its shop would. */
async function placeOrders(): Promise<Placed[]> {
  return [await placeOrder([[SOCKS, 2], [BOTTLE, 1]]), await placeOrder([[SOCKS, 1], [HEADLAMP, 1]])];
}

async function placeOrder(lines: [string, number][]): Promise<Placed> {
  const berta = new Api();
  await berta.signIn("berta@bergwerk.test");
  const found = await berta.request<{ warehouses: { id: string }[]; products: { edges: { node: { id: string; sku: string } }[] } }>(
    'query { warehouses { id } products(first: 50, filter: { search: "BW-" }) { edges { node { id sku } } } }',
  );
  const product = (sku: string) => found.products.edges.find((e) => e.node.sku === sku)!.node.id;
  {
    const data = await berta.request<{ orderCreate: { order: Placed & { status: string }; errors: unknown[] } }>(
      "mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id number status } errors { field message } } }",
      {
        input: {
          warehouseId: found.warehouses[0]!.id,
          shippingMethod: "NEXT_DAY",
          paymentMethod: "INVOICE",
          lines: lines.map(([sku, quantity]) => ({ productId: product(sku), quantity, unitPrice: "12.90" })),
          customer: { name: "Paula Pfad", email: "paula@example.test", phone: "+49 341 1234567" },
          shippingAddress: { name: "Paula Pfad", line1: "Wanderweg 3", postalCode: "04109", city: "Leipzig", country: "DE" },
        },
      },
    );
    expect(data.orderCreate.errors).toEqual([]);
    expect(data.orderCreate.order.status).toBe("READY");
    return data.orderCreate.order;
  }
}

function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** What the picker scans for the product on screen: the socks by their EAN (as the card shows it), the rest by SKU. */
async function codeOf(page: Page, sku: string): Promise<string> {
  return sku === SOCKS ? ((await page.getByTestId("pick-ean").getAttribute("data-ean")) ?? sku) : sku;
}

/** Types a code and Enter into the focused scan field, as a wedge scanner does. */
async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press("Enter");
}

test("an operator makes a picklist by rule and a picker on a phone picks it whole by scanning", async ({ newPage }) => {
  test.setTimeout(120_000);
  const orders = await placeOrders();

  // ------------------------------------------------------------ the operator: a picklist by rule
  const operator = await newPage();
  await signIn(operator, "admin@packline.test");
  await operator.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Picklists" }).click();
  await expect(operator.getByRole("heading", { name: "Picklists", level: 1 })).toBeVisible();
  await operator.getByRole("link", { name: "New picklist" }).click();
  await operator.getByLabel("By rule (oldest first)").check();
  await operator.getByLabel("At most this many orders").fill("2");
  await operator.getByRole("form", { name: "New picklist" }).getByLabel("Merchant").selectOption({ label: "M2 · Bergwerk Outdoor GmbH" });
  await operator.getByLabel("Next day").check();
  await operator.getByRole("button", { name: "Make picklist" }).click();
  const heading = operator.getByRole("heading", { name: /^Picklist PL-\d+$/, level: 1 });
  await expect(heading).toBeVisible();
  const number = (await heading.innerText()).replace("Picklist ", "");
  const totes = operator.getByRole("list", { name: "Orders by tote" });
  await expect(totes.getByRole("listitem")).toHaveText([new RegExp(`Tote 1\\s*${orders[0]!.number}`), new RegExp(`Tote 2\\s*${orders[1]!.number}`)]);
  const lines = operator.getByRole("table", { name: "Lines in walking order" });
  await expect(lines.locator("tbody tr")).toHaveCount(3);
  await expect(lines.locator(`tr[data-sku="${SOCKS}"]`)).toContainText("tote 1: 2, tote 2: 1");
  await expect(operator.getByText("0 of 5 units")).toBeVisible();
  // No prices, no customer contacts on the floor's pages.
  await expect(operator.locator("main")).not.toContainText(/12[.,]90|paula@example|1234567/);

  // The overview lists it, open; it follows the picker live from here on.
  await operator.getByRole("link", { name: "← Picklists" }).click();
  const row = operator.locator(`tr[data-number="${number}"]`);
  await expect(row).toHaveAttribute("data-status", "OPEN");
  await expect(row).toContainText("LEJ1");

  // ------------------------------------------------------------ the picker on a 360 px phone
  const picker = await newPage({ viewport: PHONE });
  await signIn(picker, "warehouse@packline.test");
  await picker.goto("/pick");
  await expect(picker.getByRole("heading", { name: "Pick", level: 1 })).toBeVisible();
  const start = picker.getByRole("button", { name: `Start ${number}` });
  const box = (await start.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(48);
  await start.click();
  await expect(picker.getByRole("heading", { name: `Picking ${number}`, level: 1 })).toBeVisible();
  await expect(picker.getByTestId("pick-progress")).toContainText("0 / 3 lines");
  await expect(picker.getByLabel("Scan a bin, barcode or SKU")).toBeFocused();
  expect(await sidewaysOverflow(picker)).toBeLessThanOrEqual(0);
  await expect(row).toHaveAttribute("data-status", "PICKING"); // live on the operator's overview

  // A wrong bin and a product before its bin are refused with the API's message, and change nothing.
  const firstBin = await picker.getByTestId("pick-bin").innerText();
  await scan(picker, OTHER_BIN);
  const message = picker.getByTestId("scan-message");
  await expect(message).toHaveAttribute("role", "alert");
  await expect(message).toContainText(`Wrong scan: ${OTHER_BIN}.`);
  await expect(message).toContainText(`This is ${OTHER_BIN}: go to ${firstBin} for`);
  const firstSku = await picker.getByTestId("pick-sku").innerText();
  await scan(picker, await codeOf(picker, firstSku));
  await expect(message).toContainText(`Scan the bin ${firstBin} first`);
  await expect(picker.getByTestId("pick-progress")).toContainText("0 / 3 lines");
  await expect(picker.getByTestId("pick-remaining")).not.toHaveText("0");
  expect(await sidewaysOverflow(picker)).toBeLessThanOrEqual(0);
  await screenshot(picker, "picker-wrong-scan-360");

  // Every line: its bin, then each unit by EAN (the socks) or SKU, typed quickly as a scanner does.
  for (let done = 0; done < 3; done += 1) {
    const card = picker.getByRole("article", { name: "What to pick now" });
    const bin = await picker.getByTestId("pick-bin").innerText();
    const sku = await picker.getByTestId("pick-sku").innerText();
    await expect(card).toHaveAttribute("data-step", "bin");
    await expect(card.locator(".pick-picture")).toContainText("No picture");
    await scan(picker, bin);
    await expect(message).toContainText(`At bin ${bin}: now scan the product.`);
    await expect(card).toHaveAttribute("data-step", "product");
    if (sku === SOCKS) await expect(picker.getByRole("list", { name: "Into tote" })).toContainText("Tote 1: 2 ×");
    const units = Number(await picker.getByTestId("pick-remaining").innerText());
    const code = await codeOf(picker, sku);
    for (let unit = 0; unit < units; unit += 1) await scan(picker, code);
    await expect(picker.getByTestId("pick-progress")).toContainText(`${done + 1} / 3 lines`);
    expect(await sidewaysOverflow(picker)).toBeLessThanOrEqual(0);
    if (done === 0) await screenshot(picker, "picker-line-360");
  }

  const finished = picker.getByTestId("pick-done");
  await expect(finished).toContainText("Picklist done!");
  await expect(finished).toContainText("3 lines, 5 units picked, 0 short.");
  await expect(finished.getByRole("list", { name: "Orders by tote" })).toContainText(orders[0]!.number);
  await expect(picker.locator("main")).not.toContainText(/12[.,]90|paula@example|1234567/);
  expect(await sidewaysOverflow(picker)).toBeLessThanOrEqual(0);
  await screenshot(picker, "picker-done-360");

  // The operator's overview saw it end, live; the orders wait for packing with every unit picked.
  await operator.getByLabel("Status", { exact: true }).selectOption({ label: "All statuses" });
  await expect(row).toHaveAttribute("data-status", "PICKED");
  await expect(row).toContainText("5 of 5 units");
  await expect(row).toContainText("Wim Warehouse");
  const admin = new Api();
  await admin.signIn("admin@packline.test");
  for (const order of orders) {
    const seen = await admin.request<{ node: { status: string; lines: { quantity: number; picked: number }[]; history: { kind: string }[] } }>(
      "query($id: ID!) { node(id: $id) { ... on Order { status lines { quantity picked } history { kind } } } }",
      { id: order.id },
    );
    expect(seen.node.lines.every((l) => l.picked === l.quantity)).toBe(true);
    expect(seen.node.history.map((h) => h.kind)).toEqual(expect.arrayContaining(["picking", "picked"]));
    expect(seen.node.status).toBe("PICKING"); // picked whole: it waits for packing
  }

  // Back at the start, nothing waits for this picker any more.
  await picker.getByRole("button", { name: "Next picklist" }).click();
  await expect(picker.getByRole("button", { name: `Start ${number}` })).toHaveCount(0);
});

test("the picker app and a picklist's page speak German, a wrong scan too", async ({ newPage }) => {
  const order = await placeOrder([[BOTTLE, 1]]);
  const floor = new Api();
  await floor.signIn("warehouse@packline.test");
  const { warehouses } = await floor.request<{ warehouses: { id: string }[] }>("query { warehouses { id } }");
  const made = await floor.request<{ picklistCreate: { picklist: { id: string; number: string }; errors: unknown[] } }>(
    "mutation($input: PicklistCreateInput!) { picklistCreate(input: $input) { picklist { id number } errors { message } } }",
    { input: { warehouseId: warehouses[0]!.id, orderIds: [order.id] } },
  );
  expect(made.picklistCreate.errors).toEqual([]);
  const { id, number } = made.picklistCreate.picklist;

  const page = await newPage({ viewport: PHONE });
  await page.addInitScript(() => localStorage.setItem("packline.locale", "de"));
  await page.goto("/login");
  await page.getByLabel("E-Mail").fill("warehouse@packline.test");
  await page.getByLabel("Passwort").fill("packline-demo");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("banner")).toBeVisible();
  const matchers = englishMatchers();

  await page.goto(`/picklists/${encodeURIComponent(id)}`);
  await expect(page.getByRole("heading", { name: `Pickliste ${number}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Positionen in Laufreihenfolge" })).toContainText(BOTTLE);
  expect(await untranslated(page, matchers)).toEqual([]);

  await page.goto("/pick");
  await page.getByRole("button", { name: `${number} beginnen` }).click();
  await expect(page.getByRole("heading", { name: `Kommissionierung ${number}`, level: 1 })).toBeVisible();
  await scan(page, OTHER_BIN);
  const message = page.getByTestId("scan-message");
  await expect(message).toContainText(`Falscher Scan: ${OTHER_BIN}.`);
  await expect(message).toContainText("Das passt nicht zur aktuellen Position.");
  expect(await untranslated(page, matchers)).toEqual([]);
  await scan(page, await page.getByTestId("pick-bin").innerText());
  await expect(message).toContainText("jetzt den Artikel scannen");
  await scan(page, BOTTLE);
  await expect(page.getByTestId("pick-done")).toContainText("Pickliste fertig!");
  expect(await untranslated(page, matchers)).toEqual([]);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
});
