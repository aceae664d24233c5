import { expect, nav, screenshot, signIn, test, uniqueEmail } from "./fixtures";

test("a merchant admin creates an API key, sees its secret once, and revokes it", async ({ page }) => {
  await signIn(page, "anna@nordlicht.test");
  await nav(page).getByRole("link", { name: "API keys" }).click();
  const form = page.getByRole("form", { name: "Create API key" });
  const name = `Shop sync ${Date.now().toString(36)}`;
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Read users").check();
  await form.getByRole("button", { name: "Create API key" }).click();

  const secret = page.getByTestId("api-key-secret");
  await expect(secret).toHaveText(/\S{20,}/);
  await expect(page.getByRole("region", { name: `Secret of ${name}` })).toContainText("shown only once");
  const row = page.getByRole("table", { name: "API keys" }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Active");
  for (const scope of ["Read merchant", "Read users", "Read events"]) await expect(row).toContainText(scope);
  // The list shows the prefix only, never the secret.
  const secretText = (await secret.textContent()) ?? "";
  await expect(page.getByRole("table", { name: "API keys" })).not.toContainText(secretText);
  await screenshot(page, "api-keys-secret");

  await page.getByRole("button", { name: "I have stored it" }).click();
  await expect(secret).toHaveCount(0);
  await page.reload();
  await expect(page.getByText(secretText)).toHaveCount(0);

  await row.getByRole("button", { name: `Revoke: ${name}` }).click();
  await row.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(`API key ${name} revoked.`)).toBeVisible();
  await expect(row).toHaveCount(0); // revoked keys are hidden unless asked for
  await page.getByLabel("Show revoked keys").check();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button")).toHaveCount(0);
});

test("an operator admin creates a merchant user; errors appear next to their field; then deactivates the user", async ({ page }) => {
  await signIn(page, "admin@packline.test");
  await nav(page).getByRole("link", { name: "Users" }).click();
  const form = page.getByRole("form", { name: "Create user" });
  const email = uniqueEmail("mia", "bergwerk.test");
  await form.getByLabel("Name").fill("Mia Muster");
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Password").fill("short");
  await form.getByLabel("Role").selectOption({ label: "Merchant staff" });
  await form.getByLabel("Merchant").selectOption({ label: "M2 · Bergwerk Outdoor GmbH" });
  await form.getByRole("button", { name: "Create user" }).click();

  const password = form.getByLabel("Password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator(".field--invalid")).toContainText(/10 characters|short/i);
  await screenshot(page, "users-field-error");

  await password.fill("a-much-longer-password");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText(`User ${email} created.`)).toBeVisible();
  const row = page.getByRole("table", { name: "Users" }).getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
  await expect(row).toContainText("Merchant staff");
  await expect(row).toContainText("M2 · Bergwerk Outdoor GmbH");
  await expect(row).toContainText("Active");

  await row.getByRole("button", { name: `Deactivate: ${email}` }).click();
  await row.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(`User ${email} deactivated.`)).toBeVisible();
  await expect(row).toContainText("Deactivated");
  await expect(row.getByRole("button")).toHaveCount(0);
  await screenshot(page, "users");
});
