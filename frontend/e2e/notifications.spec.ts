import { Api, expect, nav, screenshot, signIn, test } from "./fixtures";

/** A new order of Nordlicht's, placed through the API as its admin: the latest one the preview shows. */
async function placeNordlichtOrder(): Promise<string> {
  const anna = new Api();
  await anna.signIn("anna@nordlicht.test");
  const { products, warehouses } = await anna.request<{ products: { edges: { node: { id: string } }[] }; warehouses: { id: string }[] }>(
    "{ products(first: 1) { edges { node { id } } } warehouses { id } }",
  );
  const placed = await anna.request<{ orderCreate: { order: { number: string } | null; errors: unknown[] } }>(
    "mutation($i: OrderCreateInput!) { orderCreate(input: $i) { order { number } errors { field message } } }",
    {
      i: {
        lines: [{ productId: products.edges[0]!.node.id, quantity: 1, unitPrice: "9.90" }],
        paymentMethod: "INVOICE",
        customer: { name: "Erika Mustermann", email: "erika@example.test" },
        shippingAddress: { name: "Erika Mustermann", line1: "Hauptstr. 5", postalCode: "10115", city: "Berlin", country: "DE" },
        warehouseId: warehouses[0]!.id,
      },
    },
  );
  expect(placed.orderCreate.errors).toEqual([]);
  return placed.orderCreate.order!.number;
}

test("a merchant admin switches the receipt off, gives the shipping mail its own subject and takes a digest", async ({ page }) => {
  await signIn(page, "anna@nordlicht.test");
  await nav(page).getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "Notifications" });
  await expect(form.getByLabel("The merchant's own messages go to")).toHaveValue("");
  await expect(form).toContainText("anna@nordlicht.test"); // the admins get the merchant's mails while it is empty

  const receipt = form.getByRole("group", { name: /Order receipt/ });
  await receipt.getByLabel("Send this message").uncheck();
  const shipped = form.getByRole("group", { name: /Shipped/ });
  await shipped.getByLabel("Subject").fill("Ihr Paket {number} ist unterwegs");
  await shipped.getByLabel("Introduction").fill("Danke, dass Sie bei Nordlicht bestellt haben!");
  await form.getByLabel("New orders").selectOption("DIGEST");
  await form.getByLabel("Summary every (minutes)").fill("30");
  await form.getByLabel("Sender name").fill("Nordlicht Versand");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Notification settings saved.")).toBeVisible();
  await screenshot(page, "notification-settings");

  await page.reload();
  const again = page.getByRole("form", { name: "Notifications" });
  await expect(again.getByRole("group", { name: /Order receipt/ }).getByLabel("Send this message")).not.toBeChecked();
  await expect(again.getByRole("group", { name: /Shipped/ }).getByLabel("Subject")).toHaveValue("Ihr Paket {number} ist unterwegs");
  await expect(again.getByLabel("New orders")).toHaveValue("DIGEST");
  await expect(again.getByLabel("Summary every (minutes)")).toHaveValue("30");
  await expect(again.getByLabel("Sender name")).toHaveValue("Nordlicht Versand");
});

test("bad settings show their errors next to the fields and change nothing", async ({ page }) => {
  await signIn(page, "berta@bergwerk.test");
  await nav(page).getByRole("link", { name: "Notifications" }).click();
  const form = page.getByRole("form", { name: "Notifications" });
  await form.getByLabel("Reply-to address").fill("not an address");
  await form.getByLabel("New orders").selectOption("DIGEST");
  await form.getByLabel("Summary every (minutes)").fill("2");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Not an e-mail address")).toBeVisible();
  await expect(form.getByText("Between 5 and 1440 minutes")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Notifications" }).getByLabel("Reply-to address")).toHaveValue("");
  await expect(page.getByRole("form", { name: "Notifications" }).getByLabel("New orders")).toHaveValue("INSTANT");
});

test("support chooses the merchant whose notifications it changes", async ({ page }) => {
  await signIn(page, "support@packline.test");
  await page.goto("/settings/notifications");
  await expect(page.getByText("Choose the merchant whose notifications you want to see.")).toBeVisible();
  await page.getByRole("main").getByLabel("Merchant").selectOption({ label: "M2 · Bergwerk Outdoor GmbH" });
  await expect(page.getByRole("form", { name: "Notifications" })).toContainText("berta@bergwerk.test");
});

test("the preview shows a message with the merchant's latest order, in German or English, as saved", async ({ page }) => {
  const number = await placeNordlichtOrder();
  await signIn(page, "anna@nordlicht.test");
  await page.goto("/settings/notifications");
  const preview = page.getByRole("region", { name: "Preview" });
  await preview.getByLabel("Message").selectOption("ORDER_RECEIPT");
  await expect(preview.getByTestId("preview-subject")).toHaveText(`Ihre Bestellung ${number} bei Nordlicht Naturkosmetik`);
  await expect(preview.getByLabel("The plain-text part")).toContainText("Vielen Dank für Ihre Bestellung.");
  await expect(preview.getByLabel("The plain-text part")).toContainText("9,90 EUR");
  await preview.getByLabel("Language of the preview").selectOption("EN");
  await expect(preview.getByTestId("preview-subject")).toHaveText(`Your order ${number} at Nordlicht Naturkosmetik`);
  await expect(preview.getByLabel("The plain-text part")).toContainText("Thank you for your order.");
  await expect(preview.getByText(`Shown with order ${number}, as the saved settings make it.`)).toBeVisible();

  const form = page.getByRole("form", { name: "Notifications" });
  await form.getByRole("group", { name: /Order receipt/ }).getByLabel("Subject").fill("Danke für {number}!");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Notification settings saved.")).toBeVisible();
  await preview.getByLabel("Message").selectOption("ORDER_RECEIPT");
  await expect(preview.getByTestId("preview-subject")).toHaveText(`Danke für ${number}!`);
  await screenshot(page, "notification-preview");
});
