import type { Page } from "@playwright/test";
import { de } from "../src/i18n/de";
import { Api, expect, expectLive, feedCount, screenshot, signIn, test, uniqueEmail } from "./fixtures";
import { englishMatchers, untranslated } from "./untranslated";

test("German and English: every label switches, the choice is remembered, dates and numbers follow", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Language").selectOption("de");
  await expect(page.getByRole("heading", { name: "Bei Packline anmelden" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await page.getByLabel("E-Mail").fill("admin@packline.test");
  await page.getByLabel("Passwort").fill("packline-demo");
  await page.getByRole("button", { name: "Anmelden" }).click();

  const navigation = page.getByRole("navigation", { name: "Hauptnavigation" });
  await expect(navigation.getByRole("link")).toHaveText([
    "Übersicht", "Aktivität", "Bestellungen", "Neue Telefonbestellung", "Wareneingang", "Retouren", "Picklisten", "Kommissionieren", "Packen", "Lagertafel", "Artikel", "Benutzer",
    "API-Schlüssel", "Benachrichtigungen",
  ]);
  await expect(page.getByRole("heading", { name: "Übersicht", level: 1 })).toBeVisible();
  await expect(page.getByRole("group", { name: "Bestellungen heute", exact: true })).toBeVisible();
  await navigation.getByRole("link", { name: "Aktivität" }).click();
  await expect(page.getByLabel("Händler", { exact: true })).toHaveValue("all");
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
  await expect(page.getByTestId("connection")).toHaveText(/Live/);
  await expectLive(page);
  await expect(page.getByRole("list", { name: "Aktivitäten" }).getByRole("listitem").first()).toBeVisible();
  const before = await feedCount(page);

  const api = new Api();
  await api.signIn("anna@nordlicht.test");
  const email = uniqueEmail("greta");
  await api.createUser(email);
  const newest = page.getByRole("list", { name: "Aktivitäten" }).getByRole("listitem").first();
  await expect(newest).toContainText(`Benutzer ${email} angelegt`);
  await expect(newest).toContainText(`von anna@nordlicht.test`);
  await expect(page.getByText(`${before + 1} Ereignisse`, { exact: true })).toBeVisible();

  // Remembered in this browser across reloads; the table shows German dates (dd.mm.yyyy).
  await page.reload();
  await navigation.getByRole("link", { name: "Benutzer" }).click();
  await expect(page.getByRole("heading", { name: "Benutzer", level: 1 })).toBeVisible();
  const table = page.getByRole("table", { name: "Benutzer" });
  await expect(table.getByRole("columnheader")).toContainText(["Name", "E-Mail", "Rolle", "Händler", "Status", "Angelegt"]);
  await expect(table.getByRole("row", { name: /admin@packline\.test/ })).toContainText(/\d{2}\.\d{2}\.\d{4}/);
  await expect(table.getByRole("row", { name: /admin@packline\.test/ })).toContainText("Betreiber-Admin");
  await expect(page.getByText(/^\d+ Benutzer$/)).toBeVisible();
  await screenshot(page, "users-de");

  // The catalog speaks German too, with German number formatting.
  await navigation.getByRole("link", { name: "Artikel" }).click();
  const products = page.getByRole("table", { name: "Artikel" });
  await expect(products.getByRole("columnheader")).toContainText(["SKU", "Name", "Barcode (EAN)", "Händler", "Physisch", "Reserviert", "Gesperrt", "Im Zulauf", "Verfügbar"]);
  await expect(products.locator('tr[data-sku="NL-OIL-BODY"]')).toContainText("Nicht vorrätig");
  await navigation.getByRole("link", { name: "Wareneingang" }).click();
  await expect(page.getByRole("heading", { name: "Wareneingang", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Lieferung avisieren" })).toBeVisible();
  await navigation.getByRole("link", { name: "Benutzer" }).click();

  await page.getByLabel("Sprache").selectOption("en");
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const english = page.getByRole("table", { name: "Users" });
  await expect(english.getByRole("row", { name: /admin@packline\.test/ })).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}/);
  await expect(english.getByRole("row", { name: /admin@packline\.test/ })).toContainText("Operator admin");
});

// ---------------------------------------------------------------- every page in German, for every role

const GERMAN_ROLES = [
  "admin@packline.test",
  "support@packline.test",
  "warehouse@packline.test",
  "anna@nordlicht.test",
  "nils@nordlicht.test",
];

/** A page's route with its ids left out: "/orders/T3Jk…/edit" is "/orders/:id/edit". */
function route(path: string): string {
  return path.split("/").map((segment, i) => (i < 2 || /^[a-z][a-z-]*$/.test(segment) ? segment : ":id")).join("/");
}

/** The dashboard's own pages this page links to (not the API, documents or files). */
async function pageLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  const origin = new URL(page.url()).origin;
  return hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === origin && !/^\/(graphql|documents|health|metrics|assets)\b/.test(url.pathname) && !/\.\w+$/.test(url.pathname))
    .map((url) => url.pathname);
}

/**
 * What the crawl should find on the pages (the e2e database starts with products only): a delivery, an order that
 * went through most of what an order goes through (its history then has an entry of each kind), and a cancelled
 * one. Made once through the API, as the merchant's systems and its staff would.
 */
let demo: Promise<string[]> | null = null;
function demoOrders(): Promise<string[]> {
  demo ??= (async () => {
    const api = new Api();
    await api.signIn("anna@nordlicht.test");
    const found = await api.request<{ warehouses: { id: string }[]; products: { edges: { node: { id: string; sku: string } }[] } }>(
      'query { warehouses { id } products(filter: { search: "NL-SOAP-LAV" }) { edges { node { id sku } } } }',
    );
    const warehouseId = found.warehouses[0]!.id;
    const productId = found.products.edges.find((e) => e.node.sku === "NL-SOAP-LAV")!.node.id;
    const act = async (mutation: string, type: string, input: Record<string, unknown>) => {
      const data = await api.request<Record<string, { errors: unknown[] }>>(
        `mutation($input: ${type}!) { ${mutation}(input: $input) { errors { field message } } }`,
        { input },
      );
      expect(data[mutation]!.errors, mutation).toEqual([]);
    };
    await act("inboundCreate", "InboundCreateInput", {
      warehouseId, reference: `PO-DE-${Date.now().toString(36)}`, lines: [{ productId, expectedQuantity: 12 }],
    });
    const place = async (paymentMethod: string) => {
      const data = await api.request<{ orderCreate: { order: { id: string; version: number }; errors: unknown[] } }>(
        "mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id version } errors { field message } } }",
        {
          input: {
            lines: [{ productId, quantity: 2, unitPrice: "4.90" }],
            paymentMethod,
            customer: { name: "Erika Mustermann", email: "erika@example.test" },
            shippingAddress: { name: "Erika Mustermann", line1: "Hauptstraße 1", postalCode: "04109", city: "Leipzig", country: "DE" },
          },
        },
      );
      expect(data.orderCreate.errors).toEqual([]);
      return data.orderCreate.order;
    };
    const cancelled = await place("CARD");
    await act("orderPaymentUpdate", "OrderPaymentUpdateInput", { orderId: cancelled.id, paymentStatus: "AUTHORIZED", reference: "psp_4711" });
    await act("orderCancel", "OrderCancelInput", { orderId: cancelled.id, reason: "Kunde hat storniert" });
    const busy = await place("BANK_TRANSFER");
    await act("orderUpdate", "OrderUpdateInput", { orderId: busy.id, expectedVersion: busy.version, changes: { customerNote: "Bitte klingeln" } });
    await act("orderTagsUpdate", "OrderTagsUpdateInput", { orderId: busy.id, add: ["vip", "geschenk"] });
    await act("orderNoteAdd", "OrderNoteAddInput", { orderId: busy.id, text: "Kundin angerufen" });
    await act("orderHold", "OrderHoldInput", { orderId: busy.id, reason: "Adresse prüfen" });
    await act("orderReleaseHold", "OrderReleaseHoldInput", { orderId: busy.id, note: "Adresse stimmt" });
    await act("orderMarkAsPaid", "OrderMarkAsPaidInput", { orderIds: [busy.id], transactionReference: "SEPA 0042" });
    return [busy.id, cancelled.id].map((id) => `/orders/${encodeURIComponent(id)}`);
  })();
  return demo;
}

async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(de["app.loading"], { exact: true })).toHaveCount(0);
  await expect(page.getByText(de["dashboard.waiting"], { exact: true })).toHaveCount(0);
  await expect(page.locator(".spinner")).toHaveCount(0);
}

for (const email of GERMAN_ROLES) {
  test(`every page ${email} may use speaks German: no English UI text`, async ({ newPage }) => {
    test.setTimeout(120_000);
    const page = await newPage();
    await page.addInitScript(() => localStorage.setItem("packline.locale", "de"));
    await page.goto("/login");
    await page.getByLabel("E-Mail").fill(email);
    await page.getByLabel("Passwort").fill("packline-demo");
    // The sign-in page speaks German too.
    expect(await untranslated(page, englishMatchers())).toEqual([]);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect(page.getByRole("banner")).toBeVisible();
    await settled(page);

    // Every page the role reaches by a link, each route once (one demo product, delivery …), and both demo orders
    // for who reads orders (their history has an entry of most kinds).
    const orders = await demoOrders();
    const matchers = englishMatchers();
    const visited = new Map<string, string>();
    const queue = email === "warehouse@packline.test" ? ["/"] : ["/", ...orders];
    const findings: string[] = [];
    while (queue.length > 0 && visited.size < 40) {
      const path = queue.shift()!;
      if (visited.has(route(path)) && !orders.includes(path)) continue;
      visited.set(route(path), path);
      await page.goto(path);
      await settled(page);
      for (const f of await untranslated(page, matchers)) findings.push(`${path}: “${f.text}” (${f.key}) in ${f.where}`);
      for (const link of await pageLinks(page)) if (!visited.has(route(link))) queue.push(link);
    }
    expect(findings, `English on German pages of ${email}`).toEqual([]);
    // The role's pages were all there: the lists, a detail page of each and the forms it may use.
    const routes = [...visited.keys()].sort();
    expect(routes).toEqual(expect.arrayContaining(["/", "/products", "/products/:id", "/inbounds", "/inbounds/:id"]));
    if (email === "warehouse@packline.test") expect(routes).toEqual(expect.arrayContaining(["/inbounds/:id/receive", "/packing"]));
    else expect(routes).toContain("/activity");
    if (email !== "warehouse@packline.test") {
      expect(routes).toEqual(expect.arrayContaining(["/orders", "/orders/:id", "/orders/new"]));
    }
    if (["admin@packline.test", "support@packline.test", "anna@nordlicht.test"].includes(email)) {
      expect(routes).toEqual(expect.arrayContaining(["/users", "/api-keys"]));
    }
  });
}

test("the dashboard's tiles hold their German labels at 1280 px and on a 360 px phone", async ({ newPage }) => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    const page = await newPage({ viewport });
    await page.addInitScript(() => localStorage.setItem("packline.locale", "de"));
    await page.goto("/login");
    await page.getByLabel("E-Mail").fill("anna@nordlicht.test");
    await page.getByLabel("Passwort").fill("packline-demo");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect(page.getByRole("heading", { name: "Übersicht", level: 1 })).toBeVisible();
    await expect(page.locator('.pipeline-step[data-status="PICKING"] .pipeline-label')).toHaveText("In Kommissionierung");
    const spills = await page.locator(".pipeline-label, .kpi-label").evaluateAll((labels) =>
      labels.flatMap((label) => {
        const tile = label.closest("li")!.getBoundingClientRect();
        const box = label.getBoundingClientRect();
        const inside = box.left >= tile.left - 0.5 && box.right <= tile.right + 0.5;
        return inside && label.scrollWidth <= label.clientWidth + 1 ? [] : [`${label.textContent} (${Math.round(box.width)} px in ${Math.round(tile.width)} px)`];
      }),
    );
    expect(spills, `labels sticking out of their tiles at ${viewport.width} px`).toEqual([]);
    await screenshot(page, `dashboard-de-${viewport.width}`);
  }
});

test("an order's history speaks the reader's language, and the check above finds English where there is some", async ({ page }) => {
  const [busy, cancelled] = await demoOrders();
  await signIn(page, "anna@nordlicht.test");
  await page.goto(busy!);
  const messages = page.locator(".order-history .history-message");
  await expect(messages).toHaveText([
    "Marked as paid (reference SEPA 0042)",
    "Hold released: Adresse stimmt",
    "Held: Adresse prüfen",
    "“Kundin angerufen”",
    "Tags now: vip and geschenk",
    "Changed: Customer note",
    /^Order M1-\d+ placed \(API\)$/,
  ]);
  // The English page is what the German check must catch: catalog texts and filled-in templates alike.
  const english = (await untranslated(page, englishMatchers())).map((f) => f.key);
  const wanted = ["orderDetail.history", "historyMessage.tagged", "historyMessage.paidReference", "historyKind.held", "historyField.customer_note"];
  expect(wanted.filter((key) => !english.includes(key as never)), english.join(" ")).toEqual([]);

  await page.getByLabel("Language").selectOption("de");
  await expect(messages).toHaveText([
    "Als bezahlt markiert (Referenz SEPA 0042)",
    "Freigegeben: Adresse stimmt",
    "Angehalten: Adresse prüfen",
    "„Kundin angerufen“",
    "Schlagwörter jetzt: vip und geschenk",
    "Geändert: Kundennotiz",
    /^Bestellung M1-\d+ eingegangen \(API\)$/,
  ]);
  await expect(page.locator(".order-history .history-changes").first()).toContainText("Zahlungsreferenz");
  expect(await untranslated(page, englishMatchers())).toEqual([]);
  await screenshot(page, "order-history-de");

  await page.goto(cancelled!);
  await expect(messages).toHaveText(["Storniert: Kunde hat storniert", "Zahlung: Autorisiert (Referenz psp_4711)", /^Bestellung M1-\d+ eingegangen \(API\)$/]);
});

test("a product's attributes are named in the reader's language; the merchant's own keys as typed", async ({ page }) => {
  await signIn(page, "berta@bergwerk.test");
  await page.goto("/products?q=BW-JACKET-M");
  await page.getByRole("link", { name: "BW-JACKET-M" }).click();
  const facts = page.locator("dl.facts");
  await expect(facts.locator("dt", { hasText: /^Size$/ })).toHaveCount(1);
  await expect(facts.locator("dt", { hasText: /^Colour$/ })).toHaveCount(1);
  await page.getByLabel("Language").selectOption("de");
  await expect(facts.locator("dt", { hasText: /^Größe$/ })).toHaveCount(1);
  await expect(facts.locator("dt", { hasText: /^Farbe$/ })).toHaveCount(1);
  await expect(facts.locator("dt", { hasText: /^(size|colour)$/ })).toHaveCount(0);
});
