import { Api, expect, expectLive, nav, pageToken, screenshot, signIn, test } from "./fixtures";
import { SHORT_SESSION_SECONDS, shortSessionUrl } from "./env";

test("an expired session returns to the sign-in page with a message, leaving nothing behind", async ({ newPage }) => {
  const page = await newPage({ baseURL: shortSessionUrl }); // this API process gives sessions of a few seconds
  await signIn(page, "nils@nordlicht.test");
  await expectLive(page);
  await expect(page.getByRole("heading", { name: "Sign in to Packline" })).toBeVisible({ timeout: (SHORT_SESSION_SECONDS + 5) * 1000 });
  await expect(page.getByText("Your session has expired. Please sign in again.")).toBeVisible();
  await expect(page.getByRole("banner")).toHaveCount(0);
  expect(await page.evaluate(() => sessionStorage.getItem("packline.session"))).toBeNull();
  await screenshot(page, "login-expired");
});

test("a token the server no longer accepts ends the session on the next request", async ({ page }) => {
  await signIn(page, "anna@nordlicht.test");
  await expectLive(page);
  // The session is revoked behind the page's back (as when an admin deactivates it, or it signs out elsewhere),
  // just before the page's next request leaves. Revoking it any earlier races the live connection, which notices
  // a revocation by itself within seconds: on a busy machine it ended the session before the click landed.
  const users = nav(page).getByRole("link", { name: "Users" });
  await expect(users).toBeVisible();
  const token = await pageToken(page);
  let revoked: Promise<void> | null = null;
  await page.route("**/graphql", async (route) => {
    if (route.request().method() === "POST") {
      revoked ??= new Api(undefined, token).signOut();
      await revoked;
    }
    await route.continue();
  });
  await users.click();
  await expect(page.getByText("Your session has ended. Please sign in again.")).toBeVisible();
  await expect(page).toHaveURL(/\/login\?next=%2Fusers$/);
  await expect(page.getByRole("table")).toHaveCount(0);
  expect(revoked).not.toBeNull();
  await page.unroute("**/graphql");
  // Signing in again leads back to where the user was going.
  await signIn(page, "anna@nordlicht.test");
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
});

test("a revoked token is refused on reload as well", async ({ page }) => {
  await signIn(page, "nils@nordlicht.test");
  await new Api(undefined, await pageToken(page)).signOut();
  await page.reload();
  await expect(page.getByText("Your session has ended. Please sign in again.")).toBeVisible();
  await expect(page.getByRole("banner")).toHaveCount(0);
});

test("a wrong password is refused with a message next to the form", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill("ben@bergwerk.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Signing in failed");
  await expect(page.getByRole("banner")).toHaveCount(0);
  await screenshot(page, "login-failed");
});
