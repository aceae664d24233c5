import type { Page } from "@playwright/test";
import { Api, expect, expectLive, nav, screenshot, signIn, test } from "./fixtures";

const LAVENDER_EAN = "4006381333931";

/** The demo catalog's barcodes (backend/demo/seed.py): twelve digits and the EAN-13 check digit. */
function ean13(first12: string): string {
  const sum = [...first12].reduce((total, digit, index) => total + Number(digit) * (index % 2 ? 3 : 1), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}
const CREAM_EAN = ean13("400638133395");

interface PlacedOrder {
  id: string;
  number: string;
  version: number;
}

/** An order placed by the merchant's systems through the API, as shops do. */
async function placeOrder(email: string, customer: string, lines: { sku: string; quantity: number }[]): Promise<PlacedOrder> {
  const api = new Api();
  await api.signIn(email);
  const input = [];
  for (const line of lines) {
    const found = await api.request<{ products: { edges: { node: { id: string; sku: string } }[] } }>(
      "query($s: String) { products(filter: { search: $s }) { edges { node { id sku } } } }",
      { s: line.sku },
    );
    const product = found.products.edges.map((e) => e.node).find((p) => p.sku === line.sku);
    if (!product) throw new Error(`no product ${line.sku}`);
    input.push({ productId: product.id, quantity: line.quantity, unitPrice: "4.90" });
  }
  const data = await api.request<{ orderCreate: { order: PlacedOrder | null; errors: unknown[] } }>(
    "mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id number version } errors { field message } } }",
    {
      input: {
        lines: input,
        paymentMethod: "INVOICE",
        customer: { name: customer, email: "kunde@example.test" },
        shippingAddress: { name: customer, line1: "Hauptstraße 1", postalCode: "04109", city: "Leipzig", country: "DE" },
      },
    },
  );
  expect(data.orderCreate.errors).toEqual([]);
  return data.orderCreate.order!;
}

/** Stock booked by the warehouse meanwhile (an operator admin's adjustment). */
async function addStock(sku: string, quantity: number): Promise<void> {
  const api = new Api();
  await api.signIn("admin@packline.test");
  const data = await api.request<{ warehouses: { id: string }[]; products: { edges: { node: { id: string; sku: string } }[] } }>(
    "query($s: String) { warehouses { id } products(filter: { search: $s }) { edges { node { id sku } } } }",
    { s: sku },
  );
  const product = data.products.edges.map((e) => e.node).find((p) => p.sku === sku)!;
  const result = await api.request<{ stockAdjust: { errors: unknown[] } }>(
    "mutation($input: StockAdjustInput!) { stockAdjust(input: $input) { errors { message } } }",
    { input: { productId: product.id, warehouseId: data.warehouses[0]!.id, quantity, reason: "ADJUSTMENT", note: "found in returns" } },
  );
  expect(result.stockAdjust.errors).toEqual([]);
}

function pipelineCount(page: Page, status: string): Promise<number> {
  return page
    .locator(`.pipeline-step[data-status="${status}"]`)
    .getAttribute("data-count")
    .then((value) => Number(value));
}

async function kpi(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).locator("[data-value]").getAttribute("data-value"));
}

/** The product search's hits (not the options of the page's selects). */
function hits(page: Page) {
  return page.getByRole("listbox", { name: "Matching products" }).getByRole("option");
}

function history(page: Page) {
  return page.getByRole("list", { name: "History" });
}

test("a support agent takes a phone order with the keyboard alone while the merchant's dashboard shows it arrive live", async ({ page, newPage }) => {
  // Anna, the merchant, watches her dashboard at another computer.
  const anna = await newPage();
  await signIn(anna, "anna@nordlicht.test");
  await expectLive(anna);
  await expect(anna.locator(".pipeline-step").first()).toBeVisible();
  const readyBefore = await pipelineCount(anna, "READY");
  const todayBefore = await kpi(anna, "kpi-orders-today");

  // Sam from support answers the phone.
  await signIn(page, "support@packline.test");
  await expectLive(page);
  await nav(page).getByRole("link", { name: "New phone order" }).click();
  await expect(page.getByRole("heading", { name: "New phone order", level: 1 })).toBeVisible();

  // From here on only the keyboard. An operator picks the merchant first: the product search is not there yet.
  const merchant = page.getByLabel("Merchant of the order");
  await expect(merchant).toBeFocused();
  await expect(page.getByRole("combobox", { name: /Find product/ })).toHaveCount(0);
  await expect(merchant.locator("option", { hasText: "M1 · Nordlicht" })).toHaveCount(1);
  await page.keyboard.type("M1");
  await expect(merchant).toHaveValue(/.+/);
  await expect(merchant.locator("option:checked")).toHaveText(/^M1 · /);
  await page.keyboard.press("Tab");
  const search = page.getByRole("combobox", { name: /Find product/ });
  await expect(search).toBeFocused();

  // By SKU: the best hit is highlighted, Enter adds it and the focus goes to its quantity.
  await page.keyboard.type("NL-SOAP-ROS");
  await expect(hits(page).first()).toContainText("NL-SOAP-ROS");
  await expect(hits(page).first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  const rose = page.getByLabel("Quantity of NL-SOAP-ROS");
  await expect(rose).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(rose).toHaveValue("2");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Unit price of NL-SOAP-ROS (gross)")).toBeFocused();
  await page.keyboard.type("5,90");
  await page.keyboard.press("Enter");
  await expect(search).toBeFocused();
  // The draft exists from the first product on.
  await expect(page.getByTestId("save-state")).toContainText(/Draft M1-\d+ saved/);
  await expect(page).toHaveURL(/\/orders\/new\?draft=/);

  // By name, choosing with the arrows ("100" leaves out soaps other tests may have created).
  await page.keyboard.type("seife 100");
  await expect(hits(page)).toHaveCount(2);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("listbox", { name: "Matching products" }).getByRole("option", { selected: true })).toContainText("NL-SOAP-ROS");
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("listbox", { name: "Matching products" }).getByRole("option", { selected: true })).toContainText("NL-SOAP-LAV");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Quantity of NL-SOAP-LAV")).toBeFocused();
  await page.keyboard.type("3");
  await page.keyboard.press("Tab");
  await page.keyboard.type("4.90");
  await page.keyboard.press("Enter");

  // By barcode, as a scanner types it: faster than the search answers.
  await page.keyboard.type(`${CREAM_EAN}\n`, { delay: 5 });
  const cream = page.getByLabel("Quantity of NL-CREAM-50");
  await expect(cream).toBeFocused();
  // More than there is: the line says how many would wait for stock.
  await page.keyboard.type("500");
  const creamRow = page.locator('tr[data-sku="NL-CREAM-50"]');
  await expect(creamRow.getByRole("status")).toContainText(/\d+ units will be backordered/);
  await page.keyboard.press("Control+A");
  await page.keyboard.type("1");
  await expect(creamRow.getByRole("status")).toHaveCount(0);
  await page.keyboard.press("Tab");
  await page.keyboard.type("12.99");
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowDown"); // tax rate 19 % -> 7 %
  await expect(page.getByLabel("Tax rate of NL-CREAM-50")).toHaveValue("7");

  // Availability is live: stock booked elsewhere shows on the line at once.
  const availableRose = page.getByTestId("available-NL-SOAP-ROS");
  const before = Number((await availableRose.innerText()).replace(/\D/g, ""));
  await addStock("NL-SOAP-ROS", 5);
  await expect(availableRose).toHaveText(String(before + 5));

  // Enter in the empty search moves on to the customer.
  await page.keyboard.press("F2");
  await expect(search).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
  await page.keyboard.type("Greta Gruber");
  await page.keyboard.press("Tab");
  await page.keyboard.type("greta@example.test");
  await page.keyboard.press("Tab");
  await page.keyboard.type("+49 341 555 0101");
  await page.keyboard.press("Tab"); // shipping method: standard
  await page.keyboard.press("Tab"); // shipping price
  await page.keyboard.type("4,95");
  await page.keyboard.press("Tab"); // payment method: invoice
  await page.keyboard.press("Tab"); // name on the label: the customer's
  await page.keyboard.press("Tab"); // company
  await page.keyboard.press("Tab"); // street
  await page.keyboard.type("Karl-Liebknecht-Str. 12");
  await page.keyboard.press("Tab"); // line 2
  await page.keyboard.press("Tab"); // postal code
  await page.keyboard.type("04107");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Leipzig");
  await expect(page.getByLabel("Street and number")).toHaveValue("Karl-Liebknecht-Str. 12");
  await expect(page.getByLabel("Postal code")).toHaveValue("04107");
  // Running totals: 2 × 5.90 + 3 × 4.90 + 12.99 + 4.95 shipping.
  await expect(page.getByTestId("totals-total")).toHaveText("€44.44");
  await screenshot(page, "phone-order");

  await page.keyboard.press("Control+Enter");
  await expect(page).toHaveURL(/\/orders\/(?!new)[^/?]+$/);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/^Order M1-\d+$/);
  const number = (await heading.innerText()).replace("Order ", "");
  await expect(page.getByRole("status").filter({ hasText: `Order ${number} placed.` })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Ready");
  await expect(page.getByTestId("totals-total")).toHaveText("€44.44");
  await expect(page.getByTestId("customer-name")).toHaveText("Greta Gruber");
  await expect(page.locator('tr[data-sku="NL-SOAP-LAV"]')).toContainText("3");
  await expect(history(page).getByRole("listitem").first()).toContainText(`Draft ${number} completed`);

  // The merchant's dashboard took it in live: the new order at the top, its counts one up.
  await expect(anna.getByRole("table", { name: "Recent orders" }).locator(`tr[data-number="${number}"]`)).toBeVisible();
  await expect.poll(() => pipelineCount(anna, "READY")).toBe(readyBefore + 1);
  await expect.poll(() => kpi(anna, "kpi-orders-today")).toBe(todayBefore + 1);
  await screenshot(anna, "dashboard-after-phone-order");
});

test("two people edit the same order: the second save says who changed it meanwhile and can reload", async ({ page, newPage }) => {
  const order = await placeOrder("anna@nordlicht.test", "Conrad Conflict", [{ sku: "NL-SOAP-LAV", quantity: 1 }]);

  await signIn(page, "anna@nordlicht.test");
  await page.goto(`/orders/${encodeURIComponent(order.id)}`);
  await expect(page.getByRole("heading", { name: `Order ${order.number}`, level: 1 })).toBeVisible();
  await expectLive(page);

  const nils = await newPage();
  await signIn(nils, "nils@nordlicht.test");
  await nils.goto(`/orders/${encodeURIComponent(order.id)}`);
  await expect(nils.getByRole("heading", { name: `Order ${order.number}`, level: 1 })).toBeVisible();
  await expectLive(nils);

  // Both start editing the same version.
  await page.getByRole("button", { name: "Edit order" }).click();
  await nils.getByRole("button", { name: "Edit order" }).click();
  await page.getByLabel("Phone", { exact: true }).fill("+49 341 111");

  // Each sees that the other is editing too.
  const editingThere = (at: typeof page) => at.getByRole("list", { name: "Also on this order" }).locator('li[data-editing="true"]');
  await expect(editingThere(nils)).toHaveCount(1);
  await expect(editingThere(page)).toHaveCount(1);

  // Nils saves first: he is asked first, as Anna is editing, and saves anyway.
  await nils.getByLabel("Phone", { exact: true }).fill("+49 341 222");
  await nils.getByRole("button", { name: "Save changes" }).click();
  await expect(nils.getByTestId("presence-warning")).toContainText("Someone else is editing this order");
  await nils.getByRole("button", { name: "Save anyway" }).click();
  await expect(nils.getByText(`Order ${order.number} saved.`)).toBeVisible();
  await expect(editingThere(page)).toHaveCount(0); // his edit is over
  await expect(nils.getByTestId("customer-phone")).toHaveText("+49 341 222");

  // Anna is told live that a newer version exists; her input stays as she typed it.
  await expect(page.getByTestId("newer-version")).toContainText("nils@nordlicht.test saved a newer version");
  await expect(page.getByLabel("Phone", { exact: true })).toHaveValue("+49 341 111");

  // Her save is refused with the server's message, and her input is still there until she decides.
  await page.getByRole("button", { name: "Save changes" }).click();
  const conflict = page.getByRole("alert").filter({ hasText: "changed meanwhile" });
  await expect(conflict).toContainText(`Order ${order.number} was changed meanwhile by nils@nordlicht.test`);
  await expect(conflict).toContainText("customer_phone");
  await expect(page.getByLabel("Phone", { exact: true })).toHaveValue("+49 341 111");
  await screenshot(page, "order-edit-conflict");

  // She reloads the latest version: Nils's phone number, then applies her change on top of it.
  await conflict.getByRole("button", { name: "Reload the latest version" }).click();
  await expect(page.getByLabel("Phone", { exact: true })).toHaveValue("+49 341 222");
  await expect(conflict).toHaveCount(0);
  await page.getByLabel("Phone", { exact: true }).fill("+49 341 333");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Order ${order.number} saved.`)).toBeVisible();
  await expect(page.getByTestId("customer-phone")).toHaveText("+49 341 333");

  // Nils, only looking now, sees her change arrive live with a notice.
  await expect(nils.getByText("anna@nordlicht.test changed this order (Changed)")).toBeVisible();
  await expect(nils.getByTestId("customer-phone")).toHaveText("+49 341 333");
  await expect(history(nils).getByRole("listitem").first()).toContainText("+49 341 222");
  await expect(history(nils).getByRole("listitem").first()).toContainText("+49 341 333");
});

test("hold, release, mark paid and cancel from the detail page, each step in the history", async ({ page }) => {
  const order = await placeOrder("anna@nordlicht.test", "Hanna Hold", [{ sku: "NL-SOAP-LAV", quantity: 2 }]);
  await signIn(page, "nils@nordlicht.test");
  await page.goto(`/orders/${encodeURIComponent(order.id)}`);
  await expect(page.getByTestId("order-status")).toHaveText("Ready");
  const actions = page.getByRole("group", { name: "Order actions" });

  await actions.getByRole("button", { name: "Hold" }).click();
  const holdDialog = page.getByRole("dialog", { name: `Hold order ${order.number}` });
  await holdDialog.getByRole("button", { name: "Hold order" }).click();
  await expect(holdDialog.getByText("Required")).toBeVisible();
  await holdDialog.getByLabel("Reason").fill("Customer asked to wait for a second parcel");
  await holdDialog.getByRole("button", { name: "Hold order" }).click();
  await expect(page.getByText(`Order ${order.number} is on hold.`)).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("On hold");
  const held = history(page).getByRole("listitem").first();
  await expect(held).toContainText("Held: Customer asked to wait for a second parcel");
  await expect(held).toContainText("nils@nordlicht.test");
  await expect(held.locator(".history-change", { hasText: "Status" })).toContainText("Ready → On hold");

  await actions.getByRole("button", { name: "Release hold" }).click();
  const releaseDialog = page.getByRole("dialog", { name: `Release order ${order.number}` });
  await releaseDialog.getByLabel("Note (optional)").fill("second parcel arrived");
  await releaseDialog.getByRole("button", { name: "Release hold" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Ready");
  await expect(history(page).getByRole("listitem").first()).toContainText("Hold released: second parcel arrived");

  await actions.getByRole("button", { name: "Mark paid" }).click();
  const paidDialog = page.getByRole("dialog", { name: `Mark order ${order.number} paid` });
  await paidDialog.getByLabel("Bank transaction reference").fill("SEPA-2025-0042");
  await paidDialog.getByRole("button", { name: "Mark paid" }).click();
  await expect(page.getByTestId("payment-status")).toHaveText("Paid");
  await expect(history(page).getByRole("listitem").first()).toContainText("SEPA-2025-0042");

  await page.getByLabel("New note").fill("Customer prefers delivery after 5 pm");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("list", { name: "Notes" })).toContainText("Customer prefers delivery after 5 pm");

  await actions.getByRole("button", { name: "Cancel order" }).click();
  const cancelDialog = page.getByRole("dialog", { name: `Cancel order ${order.number}` });
  await expect(cancelDialog).toContainText("Its reserved stock is released");
  await cancelDialog.getByLabel("Reason").fill("Customer cancelled by phone");
  await cancelDialog.getByRole("button", { name: "Cancel order" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Cancelled");
  await expect(page.getByText("Cancelled: Customer cancelled by phone").first()).toBeVisible();
  await expect(actions.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
  await expect(actions.getByRole("button", { name: "Hold" })).toHaveCount(0);

  // Every step, newest first.
  const kinds = await history(page).getByRole("listitem").evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")));
  expect(kinds).toEqual(["cancelled", "note_added", "paid", "released", "held", "placed"]);
  await screenshot(page, "order-detail-history");

  // A repeat order: the cancelled one duplicated into a new draft in the phone form, placed with Ctrl+Enter.
  await actions.getByRole("button", { name: "Duplicate as new draft" }).click();
  await expect(page).toHaveURL(/\/orders\/new\?draft=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Phone order M1-\d+$/);
  await expect(page.getByLabel("Quantity of NL-SOAP-LAV")).toHaveValue("2");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Hanna Hold");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("order-status")).toHaveText("Ready");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(`Order ${order.number}`);
});

test("a merchant cannot open another merchant's order, and the warehouse cannot take phone orders", async ({ page, newPage }) => {
  const order = await placeOrder("anna@nordlicht.test", "Tina Tenant", [{ sku: "NL-SOAP-LAV", quantity: 1 }]);

  await signIn(page, "berta@bergwerk.test");
  await page.goto(`/orders/${encodeURIComponent(order.id)}`);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText(order.number)).toHaveCount(0);
  await expect(page.getByText("Tina Tenant")).toHaveCount(0);
  // Nor continue it as a draft.
  await page.goto(`/orders/new?draft=${encodeURIComponent(order.id)}`);
  await expect(page.getByText("This draft does not exist or belongs to another merchant.")).toBeVisible();

  // The owner does see it.
  const anna = await newPage();
  await signIn(anna, "anna@nordlicht.test");
  await anna.goto(`/orders/${encodeURIComponent(order.id)}`);
  await expect(anna.getByRole("heading", { name: `Order ${order.number}`, level: 1 })).toBeVisible();

  const warehouse = await newPage();
  await signIn(warehouse, "warehouse@packline.test");
  await expect(nav(warehouse).getByRole("link", { name: "New phone order" })).toHaveCount(0);
  await warehouse.goto("/orders/new");
  await expect(warehouse.getByRole("heading", { name: "No access" })).toBeVisible();
});

test("the phone form refuses bad input next to the field and a scanned unknown code", async ({ page }) => {
  await signIn(page, "nils@nordlicht.test");
  await nav(page).getByRole("link", { name: "New phone order" }).click();
  const search = page.getByRole("combobox", { name: /Find product/ });
  await expect(search).toBeFocused(); // a merchant's user starts right at the search
  await page.keyboard.type("9780201379624\n");
  await expect(page.getByRole("alert")).toContainText("No product matches “9780201379624”.");
  await expect(page.getByTestId("save-state")).toContainText("Not saved yet");

  await page.keyboard.press("Escape");
  await page.keyboard.type(`2*${LAVENDER_EAN}\n`);
  await expect(page.getByLabel("Quantity of NL-SOAP-LAV")).toHaveValue("2");
  await expect(page.getByTestId("save-state")).toContainText(/Draft M1-\d+ saved/);
  await page.keyboard.press("Tab");
  await page.keyboard.type("4,999");
  await page.keyboard.press("Enter");
  await expect(page.locator('tr[data-sku="NL-SOAP-LAV"]')).toContainText("An amount like 12.50.");

  await page.getByLabel("Unit price of NL-SOAP-LAV (gross)").fill("4,99");
  await page.getByLabel("E-mail").fill("not-an-address");
  await page.getByLabel("Name", { exact: true }).focus(); // leaving the field saves it
  await expect(page.getByText("Not an e-mail address")).toBeVisible();
  await expect(page.getByTestId("save-state")).toContainText("Unsaved changes");

  // Placing without a name is refused next to the name.
  await page.getByLabel("E-mail").fill("");
  await page.getByLabel("Shipping method").selectOption("CLICK_AND_COLLECT");
  await expect(page.getByText("Click & collect: the customer picks the parcel up")).toBeVisible();
  await expect(page.getByRole("group", { name: "Shipping address" })).toHaveCount(0);
  await page.keyboard.press("Control+Enter");
  await expect(page.locator(".field", { has: page.getByLabel("Name", { exact: true }) })).toContainText("Name the customer");
  await page.getByLabel("Name", { exact: true }).fill("Paul Pickup");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("order-status")).toHaveText("Ready");
  await expect(page.getByTestId("shipping-method")).toHaveText("Click & collect");
});

test("the phone form and the order page speak German, with German amounts", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Language").selectOption("de");
  await page.getByLabel("E-Mail").fill("nils@nordlicht.test");
  await page.getByLabel("Passwort").fill("packline-demo");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Neue Telefonbestellung" }).click();
  await expect(page.getByRole("heading", { name: "Neue Telefonbestellung", level: 1 })).toBeVisible();
  const search = page.getByRole("combobox", { name: "Artikel suchen (SKU, Name oder Barcode)" });
  await expect(search).toBeFocused();
  await page.keyboard.type("3*NL-SOAP-ROS\n");
  await expect(page.getByLabel("Menge von NL-SOAP-ROS")).toHaveValue("3");
  await page.keyboard.press("Tab");
  await page.keyboard.type("4,90");
  await expect(page.getByTestId("totals-total")).toHaveText("14,70\u00a0€");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter"); // empty search: on to the customer
  await page.keyboard.type("Dora Deutsch");
  await page.getByLabel("Versandart").selectOption("CLICK_AND_COLLECT");
  await expect(page.getByText("Click & Collect: Der Kunde holt das Paket ab")).toBeVisible();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Bestellung M1-\d+$/);
  await expect(page.getByTestId("order-status")).toHaveText("Versandbereit");
  await expect(page.getByTestId("totals-total")).toHaveText("14,70\u00a0€");
  await expect(page.getByRole("heading", { name: "Verlauf" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Verlauf" }).getByRole("listitem").first()).toContainText("Aufgegeben");
});

test("the phone form offers a family's variants together, to choose by size and colour", async ({ page }) => {
  await signIn(page, "support@packline.test");
  await nav(page).getByRole("link", { name: "New phone order" }).click();
  await page.getByLabel("Merchant of the order").selectOption({ label: "M2 · Bergwerk Outdoor GmbH" });
  const search = page.getByRole("combobox", { name: /Find product/ });
  await search.click();

  // A name finds the family: every variant under its name, by size and colour, with what each has available.
  await page.keyboard.type("merino");
  const family = page.getByRole("group", { name: "Merino-T-Shirt Herren: choose size and colour" });
  await expect(family.getByRole("option").first()).toContainText("S · Navy");
  await expect(family.getByRole("option").first()).toHaveAttribute("aria-selected", "true"); // smallest size first
  await expect(family.getByRole("option", { name: /^XL · Schwarz/ })).toBeVisible();
  await expect(family.getByRole("option", { name: /^S · Rot/ })).toContainText("BW-TEE-S-RED");
  await screenshot(page, "phone-order-variants");
  await family.getByRole("option", { name: /^L · Navy/ }).click();
  const quantity = page.getByLabel("Quantity of BW-TEE-L-NVY");
  await expect(quantity).toBeFocused();
  await expect(page.locator('tr[data-sku="BW-TEE-L-NVY"]')).toContainText("Merino-T-Shirt Herren L Navy");

  // An exact SKU highlights its variant inside the family; the arrows move on to the next size or colour.
  await search.click();
  await page.keyboard.type("BW-TEE-XL-RED");
  const selected = page.getByRole("listbox", { name: "Matching products" }).getByRole("option", { selected: true });
  await expect(selected).toContainText("XL · Rot");
  await expect(selected).toBeInViewport();
  await page.keyboard.press("ArrowDown");
  await expect(selected).toContainText("XL · Schwarz");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Quantity of BW-TEE-XL-BLK")).toBeFocused();

  // The draft is not needed: discard it.
  await expect(page.getByTestId("save-state")).toContainText(/Draft M2-\d+ saved/);
  await page.getByRole("button", { name: "Discard draft" }).click();
  await expect(page.getByText("Discard this draft?")).toBeVisible();
  await page.getByRole("button", { name: "Discard draft" }).click();
  await expect(page.locator('tr[data-sku="BW-TEE-L-NVY"]')).toHaveCount(0);
});
