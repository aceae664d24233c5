import { Api, expect, expectLive, feedCount, screenshot, test, uniqueEmail } from "./fixtures";

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
    "Übersicht", "Aktivität", "Bestellungen", "Neue Telefonbestellung", "Wareneingang", "Artikel", "Benutzer", "API-Schlüssel",
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
