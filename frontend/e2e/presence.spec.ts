import { Api, expect, signIn, test } from "./fixtures";

// Two support agents on one order in two browsers: each sees the other, live; when one starts editing the other's
// page says so, and saving over that open edit asks first. The merchant's own browser sees "Packline support" until
// an agent chooses to show their name.

async function placeOrder(): Promise<string> {
  const berta = new Api();
  await berta.signIn("berta@bergwerk.test");
  const found = await berta.request<{ warehouses: { id: string }[]; products: { edges: { node: { id: string; sku: string } }[] } }>(
    'query { warehouses { id } products(first: 5, filter: { search: "BW-BOTTLE-1L" }) { edges { node { id sku } } } }',
  );
  const placed = await berta.request<{ orderCreate: { order: { id: string }; errors: unknown[] } }>(
    "mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id } errors { message } } }",
    {
      input: {
        warehouseId: found.warehouses[0]!.id,
        paymentMethod: "INVOICE",
        lines: [{ productId: found.products.edges.find((e) => e.node.sku === "BW-BOTTLE-1L")!.node.id, quantity: 1, unitPrice: "24.90" }],
        customer: { name: "Petra Präsenz", email: "petra@example.test" },
        shippingAddress: { name: "Petra Präsenz", line1: "Blickweg 2", postalCode: "04109", city: "Leipzig", country: "DE" },
      },
    },
  );
  expect(placed.orderCreate.errors).toEqual([]);
  return placed.orderCreate.order.id;
}

test("two agents see each other on an order, and saving over the other's open edit asks first", async ({ newPage }) => {
  test.setTimeout(90_000);
  const id = await placeOrder();
  const url = `/orders/${encodeURIComponent(id)}`;
  const olivia = await newPage();
  await signIn(olivia, "admin@packline.test");
  await olivia.goto(url);
  await expect(olivia.getByText("Nobody else has this order open.")).toBeVisible();

  const sam = await newPage();
  await signIn(sam, "support@packline.test");
  await sam.goto(url);
  const oliviaSees = olivia.getByRole("list", { name: "Also on this order" });
  const samSees = sam.getByRole("list", { name: "Also on this order" });
  await expect(oliviaSees).toContainText("Sam Support");
  await expect(oliviaSees).toContainText("viewing since");
  await expect(samSees).toContainText("Olivia Operator");

  // The merchant sees support without names, until Sam shows his.
  const berta = await newPage();
  await signIn(berta, "berta@bergwerk.test");
  await berta.goto(url);
  const bertaSees = berta.getByRole("list", { name: "Also on this order" });
  await expect(bertaSees.getByRole("listitem")).toHaveCount(2);
  await expect(bertaSees).toContainText("Packline support");
  await expect(bertaSees).not.toContainText("Sam Support");
  await expect(oliviaSees).toContainText("Berta Bergwerk");
  await sam.getByLabel("Show my name to the merchant").check();
  await expect(bertaSees).toContainText("Sam Support");
  await berta.close();
  await expect(oliviaSees.getByRole("listitem")).toHaveCount(1);

  // Sam edits: Olivia's page says so at once.
  await sam.getByRole("button", { name: "Edit order" }).click();
  await expect(oliviaSees.locator('li[data-editing="true"]')).toContainText("Sam Support");
  await expect(oliviaSees).toContainText("editing since");

  // Olivia edits too and saves: she is asked first, and "Not yet" saves nothing.
  await olivia.getByRole("button", { name: "Edit order" }).click();
  await olivia.getByRole("button", { name: "Save changes" }).click();
  const warning = olivia.getByTestId("presence-warning");
  await expect(warning).toContainText("Someone else is editing this order");
  await expect(warning).toContainText("Sam Support started editing it");
  await warning.getByRole("button", { name: "Not yet" }).click();
  await expect(warning).toHaveCount(0);
  await expect(olivia.getByRole("button", { name: "Save changes" })).toBeVisible();

  // Sam discards his edit: the warning is no longer needed.
  await sam.getByRole("button", { name: "Discard changes" }).click();
  await expect(oliviaSees.locator('li[data-editing="true"]')).toHaveCount(0);
  await sam.close();
  await expect(olivia.getByText("Nobody else has this order open.")).toBeVisible();
});
